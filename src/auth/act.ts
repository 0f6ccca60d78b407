// What a final response means for authentication (libcurl's http_should_fail and Curl_http_auth_act
// in lib/http.c): pick one method from what a 401/407 offered and ask again, give up (the
// authproblem: the 401 stays the answer), or fail with CURLOPT_FAILONERROR.

import {
  CURLAUTH_BASIC,
  CURLAUTH_BEARER,
  CURLAUTH_DIGEST,
  CURLAUTH_NEGOTIATE,
  CURLAUTH_NTLM,
} from "../constants/index.ts";
import { type AuthSession, type AuthStage, CURLAUTH_PICKNONE } from "./session.ts";

/** The response is the answer (as far as authentication goes). */
export const AUTH_GO_ON = 0;
/** Ask again for the same URL with the picked method (libcurl sets req.newurl). */
export const AUTH_AGAIN = 1;
/** CURLOPT_FAILONERROR and an error authentication does not excuse: CURLE_HTTP_RETURNED_ERROR. */
export const AUTH_FAIL = 2;

/** What credentials one side has for this request (libcurl's struct Curl_creds, as far as picking goes). */
export interface CredsKind {
  /** A user name or a password is set. */
  readonly userPass: boolean;
  /** An OAuth 2.0 bearer token is set (CURLOPT_XOAUTH2_BEARER; the server side only). */
  readonly bearer: boolean;
}

/**
 * pickoneauth: the most favoured method of those offered, wanted and in `mask` (Negotiate, Bearer,
 * Digest, NTLM, Basic: Bearer, Digest and Basic only with the credentials they need). Sets `picked`
 * (CURLAUTH_PICKNONE when none fits), clears `avail`; true when one was picked.
 */
export function pickOne(st: AuthStage, mask: number, creds: CredsKind): boolean {
  const avail = st.avail & st.want & mask;
  let picked = CURLAUTH_PICKNONE;
  if (avail & CURLAUTH_NEGOTIATE) picked = CURLAUTH_NEGOTIATE;
  else if (avail & CURLAUTH_BEARER && creds.bearer) picked = CURLAUTH_BEARER;
  else if (avail & CURLAUTH_DIGEST && creds.userPass) picked = CURLAUTH_DIGEST;
  else if (avail & CURLAUTH_NTLM) picked = CURLAUTH_NTLM;
  else if (avail & CURLAUTH_BASIC && creds.userPass) picked = CURLAUTH_BASIC;
  st.picked = picked;
  st.avail = 0;
  return picked !== CURLAUTH_PICKNONE;
}

/** http_should_fail for a final status under CURLOPT_FAILONERROR (the caller checks the option). */
export function shouldFail(
  s: AuthSession,
  status: number,
  host: CredsKind | null,
  proxy: CredsKind | null,
): boolean {
  if (status < 400) return false;
  if (status !== 401 && status !== 407) return true;
  if (status === 401 && host === null) return true;
  if (status === 407 && proxy === null) return true;
  return s.problem;
}

/** What Curl_http_auth_act decided, and the methods it picked (for CURLINFO_*AUTH_USED). */
export const authAnswer = { verdict: AUTH_GO_ON, hostPicked: -1, proxyPicked: -1 };

/**
 * Curl_http_auth_act, preceded by http_on_response's own http_should_fail check: on a final
 * response, with the credentials of each side (null: none), whether the method is GET or HEAD, and
 * CURLOPT_FAILONERROR. The verdict is in `authAnswer` (returned); hostPicked and proxyPicked are the
 * method picked for CURLINFO_HTTPAUTH_USED / PROXYAUTH_USED, -1 when none was.
 */
export function authAct(
  s: AuthSession,
  status: number,
  host: CredsKind | null,
  proxy: CredsKind | null,
  getOrHead: boolean,
  failOnError: boolean,
): typeof authAnswer {
  const a = authAnswer;
  a.verdict = AUTH_GO_ON;
  a.hostPicked = a.proxyPicked = -1;
  if (failOnError && shouldFail(s, status, host, proxy)) {
    a.verdict = AUTH_FAIL;
    return a;
  }
  if (s.problem) {
    a.verdict = failOnError ? AUTH_FAIL : AUTH_GO_ON;
    return a;
  }
  const mask = host?.bearer ? 0xffffffff : ~CURLAUTH_BEARER >>> 0;
  let pickHost = false;
  let pickProxy = false;
  if (host !== null && (status === 401 || (s.authneg && status < 300))) {
    pickHost = pickOne(s.host, mask, host);
    if (!pickHost) s.problem = true;
    else a.hostPicked = s.host.picked;
  }
  if (proxy !== null && (status === 407 || (s.authneg && status < 300))) {
    pickProxy = pickOne(s.proxy, mask & ~CURLAUTH_BEARER, proxy);
    if (!pickProxy) s.problem = true;
    else a.proxyPicked = s.proxy.picked;
  }
  if (pickHost || pickProxy) a.verdict = AUTH_AGAIN;
  else if (status < 300 && !s.host.done && s.authneg && !getOrHead) {
    // The probe went through without a challenge: send the request again, with its body now.
    a.verdict = AUTH_AGAIN;
    s.host.done = true;
  }
  if (failOnError && shouldFail(s, status, host, proxy)) a.verdict = AUTH_FAIL;
  return a;
}
