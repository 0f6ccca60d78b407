// The transfer's side of HTTP authentication (src/auth is the pure part): the credentials of the
// current request, its Authorization header, the WWW-Authenticate (401) and Proxy-Authenticate (407)
// lines of the response, and what a final response means (ask again with the picked method, or
// not). The session lives on the easy handle, so a later transfer reuses a Digest nonce.

import { AUTH_FAIL, AUTH_GO_ON, authAct, type CredsKind } from "../auth/act.ts";
import { inputAuth } from "../auth/challenge.ts";
import { byteString } from "../auth/digest-response.ts";
import {
  type AuthTarget,
  beginOutput,
  endOutput,
  hostAuthorization,
  outputSide,
} from "../auth/output.ts";
import { AuthSession, type Credentials, loginOf, supportedAuth } from "../auth/session.ts";
import { asciiBytes, startsWithCI } from "../http/index.ts";
import { authAllowed } from "./redirect.ts";
import type { Transfer } from "./transfer.ts";

const latin1 = new TextDecoder("latin1");

/**
 * The handle's authentication session, made on first use with the wants of the transfer in
 * progress (Curl_pretransfer's part, which `beginAuth` does for a session made earlier).
 */
export function authSession(t: Transfer): AuthSession {
  let s = t.handle.auth;
  if (s === null) {
    s = new AuthSession();
    s.begin(supportedAuth(t.opts.httpAuth), supportedAuth(t.opts.proxyAuth));
    t.handle.auth = s;
  }
  return s;
}

/** A transfer starts (Curl_pretransfer): the handle's session, if it has one, takes its options. */
export function beginAuth(t: Transfer): void {
  t.handle.auth?.begin(supportedAuth(t.opts.httpAuth), supportedAuth(t.opts.proxyAuth));
}

/** This request goes as an auth probe (a POST or PUT without its body: libcurl's req.authneg). */
export function authProbe(t: Transfer): boolean {
  return t.handle.auth?.authneg === true;
}

/**
 * The server credentials for the current request (CURLOPT_USERPWD, USERNAME, PASSWORD, the URL's
 * user, CURLOPT_XOAUTH2_BEARER), or null when there are none or they may not go to this origin
 * (credentials stay with the first host unless CURLOPT_UNRESTRICTED_AUTH).
 */
export function hostCredentials(t: Transfer): Credentials | null {
  if (!authAllowed(t)) return null;
  const o = t.opts;
  let { user, pass } = loginOf(o.userPwd, o.username, o.password);
  if (user === null && t.url.user !== null) {
    user = t.url.user;
    pass = t.url.pass ?? "";
  }
  const bearer = o.xoauth2Bearer;
  if (user === null && bearer === null) return null;
  return { user: user === null ? null : byteString(user), pass: byteString(pass), bearer };
}

function kind(c: Credentials | null): CredsKind | null {
  return c === null ? null : { userPass: c.user !== null, bearer: c.bearer !== null };
}

/** scheme://host:port of the current request. */
function originOf(t: Transfer): string {
  return `${t.url.scheme}://${t.url.host}:${t.url.port}`;
}

/**
 * libcurl's httpreq is GET or HEAD: no POST or upload body (a custom method does not change it). An
 * auth probe is only for the others.
 */
function getOrHead(t: Transfer): boolean {
  const o = t.opts;
  return o.noBody !== 0 || t.followGet || (o.post === 0 && o.upload === 0);
}

/** What requestAuthorization wrote for one request (a shared record, read right after the call). */
export const requestAuth = {
  /** The Authorization value, or undefined. */
  authorization: undefined as string | undefined,
  /** The Proxy-Authorization value for a request sent to an HTTP proxy in the clear, or undefined. */
  proxyAuthorization: undefined as string | undefined,
};

/** The proxy side's target for a request (or a CONNECT) with this method and request target. */
function proxyTarget(t: Transfer, method: string, uri: string): AuthTarget {
  const p = t.proxyAuth!;
  return {
    user: p.creds.user,
    pass: p.creds.pass,
    bearer: null,
    method,
    uri,
    origin: p.origin,
    userHeader: p.userHeader,
  };
}

/**
 * The credentials headers of the request being built (Curl_http_output_auth): Authorization, and
 * Proxy-Authorization when `t.proxyAuth` says the request goes to an HTTP proxy in the clear. Both
 * sides' Digest `uri` is the path and query, as libcurl's (not the absolute-form target a forwarding
 * proxy is sent). Sets the session's authneg (the request goes as a probe, without its body) and
 * CURLINFO_HTTPAUTH_USED / PROXYAUTH_USED. Called before the body is decided.
 */
export function requestAuthorization(
  t: Transfer,
  method: string,
  userHeader: boolean,
): typeof requestAuth {
  const c = hostCredentials(t);
  const p = t.proxyAuth;
  const out = requestAuth;
  out.authorization = out.proxyAuthorization = undefined;
  // Nothing to send and no session yet: what beginOutput would say, without making one.
  if (c === null && p === null && t.handle.auth === null) return out;
  const s = authSession(t);
  s.authneg = false;
  if (!beginOutput(s, c !== null || p !== null)) return out;
  if (p !== null && !p.tunnel) {
    const side = outputSide(s.proxy, proxyTarget(t, method, t.url.target));
    t.info.proxyAuthUsed = side.used;
    out.proxyAuthorization = side.value ?? undefined;
  } else s.proxy.done = true;
  const target: AuthTarget = {
    user: c?.user ?? null,
    pass: c?.pass ?? "",
    bearer: c?.bearer ?? null,
    method,
    uri: t.url.target,
    origin: originOf(t),
    userHeader,
  };
  const allowed = authAllowed(t);
  const side = hostAuthorization(s, target, allowed);
  // Not touched when nothing is written for this origin (libcurl skips output_auth_headers).
  if (allowed) t.info.httpAuthUsed = side.used;
  out.authorization = side.value ?? undefined;
  endOutput(s, getOrHead(t));
  return out;
}

/**
 * For the proxy integration: the Proxy-Authorization value of a CONNECT to `hostPort` (the tunnel's
 * request target), or null, from `t.proxyAuth`. Its 407 goes through authenticateLine and
 * authVerdict(t, 407) like any response; AUTH_AGAIN means: send the CONNECT again.
 */
export function connectAuthorization(t: Transfer, hostPort: string): string | null {
  if (t.proxyAuth === null) return null;
  const st = authSession(t).proxy;
  if (st.want && !st.picked) st.picked = st.want;
  const side = outputSide(st, proxyTarget(t, "CONNECT", hostPort));
  t.info.proxyAuthUsed = side.used;
  return side.value;
}

const WWW = asciiBytes("www-authenticate:");
const PROXY = asciiBytes("proxy-authenticate:");

/**
 * A header line of a response with `status`: a 401's WWW-Authenticate or a 407's
 * Proxy-Authenticate goes to the session and adds to
 * CURLINFO_HTTPAUTH_AVAIL / PROXYAUTH_AVAIL. Other lines cost one byte compare.
 */
export function authenticateLine(
  t: Transfer,
  status: number,
  buf: Uint8Array,
  start: number,
  end: number,
): void {
  let proxy: boolean;
  if (status === 401 && startsWithCI(buf, start, end, WWW)) proxy = false;
  else if (status === 407 && startsWithCI(buf, start, end, PROXY)) proxy = true;
  else return;
  const value = latin1
    .decode(buf.subarray(start + (proxy ? PROXY : WWW).length, end))
    .replace(/^[ \t]+|[ \t\r\n]+$/g, "");
  const bits = inputAuth(authSession(t), proxy, value);
  if (proxy) t.info.proxyAuthAvail |= bits;
  else t.info.httpAuthAvail |= bits;
}

/**
 * What a final response head with `status` means for authentication (AUTH_GO_ON, AUTH_AGAIN or
 * AUTH_FAIL, from src/auth/act.ts).
 */
export function authVerdict(t: Transfer, status: number): number {
  if (status < 200) return AUTH_GO_ON;
  const host = kind(hostCredentials(t));
  const proxy = kind(t.proxyAuth?.creds ?? null);
  // No credentials and no session: a fresh session picks nothing; only FAILONERROR can speak.
  if (host === null && proxy === null && t.handle.auth === null)
    return status >= 400 && t.opts.failOnError !== 0 ? AUTH_FAIL : AUTH_GO_ON;
  const a = authAct(authSession(t), status, host, proxy, getOrHead(t), t.opts.failOnError !== 0);
  if (a.hostPicked >= 0) t.info.httpAuthUsed = a.hostPicked;
  if (a.proxyPicked >= 0) t.info.proxyAuthUsed = a.proxyPicked;
  return a.verdict;
}
