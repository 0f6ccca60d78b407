// The credentials header of one request (libcurl's Curl_http_output_auth and output_auth_headers in
// lib/http.c, Curl_output_digest in lib/http_digest.c): before any round trip a single wanted method
// is used at once; several wait for the server's 401 to pick one. Digest needs the challenge first:
// without it nothing is sent and a POST or PUT goes as a probe without its body (req.authneg).

import { CURLAUTH_BASIC, CURLAUTH_BEARER, CURLAUTH_DIGEST } from "../constants/index.ts";
import { digestResponse } from "./digest-response.ts";
import { type AuthSession, type AuthStage, stageOf } from "./session.ts";

/** What one side needs to write its header. */
export interface AuthTarget {
  /** User and password as byte strings (their UTF-8 bytes), or null when none is set. */
  readonly user: string | null;
  readonly pass: string;
  /** The bearer token (server side only), or null. */
  readonly bearer: string | null;
  /** The request method and target (Digest's uri: the path and query as sent). */
  readonly method: string;
  readonly uri: string;
  /** scheme://host:port of the side, so Digest state made for another origin is dropped. */
  readonly origin: string;
  /** The application set its own Authorization (Proxy-Authorization) header: Basic and Bearer yield. */
  readonly userHeader: boolean;
}

/** What outputSide produced: the header value (without the name) or null, and CURLINFO_*AUTH_USED. */
export const sideOut = { value: null as string | null, used: 0 };

/**
 * output_auth_headers for one side: the value of its Authorization or Proxy-Authorization header, or
 * null. Sets `done` and `multipass` as libcurl does.
 */
export function outputSide(st: AuthStage, t: AuthTarget): typeof sideOut {
  const o = sideOut;
  o.value = null;
  o.used = 0;
  let named = false;
  if (st.picked === CURLAUTH_DIGEST) {
    named = true;
    const d = st.digest;
    const creds = `${t.user ?? ""}\0${t.pass}`;
    // digest_flush_stale: state made for another origin or other credentials is dropped.
    if ((d.origin !== "" && d.origin !== t.origin) || (d.creds !== "" && d.creds !== creds))
      d.reset();
    d.origin = t.origin;
    d.creds = creds;
    if (d.nonce === null) st.done = false;
    else {
      o.value = `Digest ${digestResponse(d, t.user ?? "", t.pass, t.method, t.uri)}`;
      st.done = true;
    }
  } else if (st.picked === CURLAUTH_BASIC) {
    if (t.user !== null && !t.userHeader) {
      named = true;
      o.value = `Basic ${Buffer.from(`${t.user}:${t.pass}`, "latin1").toString("base64")}`;
    }
    st.done = true;
  } else if (st.picked === CURLAUTH_BEARER) {
    if (t.bearer !== null && !t.userHeader) {
      named = true;
      o.value = `Bearer ${t.bearer}`;
    }
    st.done = true;
  }
  st.multipass = named && !st.done;
  o.used = named ? st.picked : 0;
  return o;
}

/**
 * Curl_http_output_auth's start: false when neither side has anything to send (both are done);
 * otherwise a side that has not picked yet takes what it wants (one bit: used at once).
 */
export function beginOutput(s: AuthSession, anyCreds: boolean): boolean {
  if (!anyCreds) {
    s.host.done = true;
    s.proxy.done = true;
    return false;
  }
  if (s.host.want && !s.host.picked) s.host.picked = s.host.want;
  if (s.proxy.want && !s.proxy.picked) s.proxy.picked = s.proxy.want;
  return true;
}

/** Curl_http_output_auth's end: a side still in its first round makes a POST or PUT a probe. */
export function endOutput(s: AuthSession, getOrHead: boolean): boolean {
  s.authneg =
    ((s.host.multipass && !s.host.done) || (s.proxy.multipass && !s.proxy.done)) && !getOrHead;
  return s.authneg;
}

/**
 * The server side of one request, whole: its Authorization value or null. `allowed`: credentials may
 * go to this origin (Curl_auth_allowed_to_host); the proxy side, when there is one, is written by the
 * proxy code with outputSide(session.proxy, ...) between beginOutput and endOutput.
 */
export function hostAuthorization(s: AuthSession, t: AuthTarget, allowed: boolean): typeof sideOut {
  const st = stageOf(s, false);
  if (!allowed) {
    st.done = true;
    sideOut.value = null;
    sideOut.used = 0;
    return sideOut;
  }
  return outputSide(st, t);
}
