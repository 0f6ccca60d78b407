// A 401's WWW-Authenticate or a 407's Proxy-Authenticate, read as libcurl's Curl_http_input_auth does:
// every method named in the value (several may share one header; every header counts) is added to
// what the side offers, Digest's challenge is decoded at once (kept in case Digest is picked), and a
// Basic or Bearer challenge to credentials already sent for that method is the authproblem.

import { CURLAUTH_BASIC, CURLAUTH_BEARER, CURLAUTH_DIGEST, CURLE_OK } from "../constants/index.ts";
import { decodeDigestChallenge } from "./digest.ts";
import { type AuthSession, stageOf } from "./session.ts";

/** libcurl's authcmp: `value` starts with the method name (any case), not followed by a letter or digit. */
function startsWithMethod(value: string, i: number, name: string): boolean {
  if (value.slice(i, i + name.length).toLowerCase() !== name.toLowerCase()) return false;
  const next = value.charCodeAt(i + name.length);
  const alnum =
    (next >= 0x30 && next <= 0x39) ||
    (next >= 0x41 && next <= 0x5a) ||
    (next >= 0x61 && next <= 0x7a);
  return !alnum;
}

/**
 * Curl_http_input_auth: one authenticate header's value (from its first non-blank), for the server
 * (`proxy` false) or the proxy. Returns the CURLAUTH_* bits it named, for CURLINFO_HTTPAUTH_AVAIL or
 * CURLINFO_PROXYAUTH_AVAIL. A method is looked for at the start and after each comma, as libcurl
 * does (a parameter after a comma is not a method and is passed over).
 */
export function inputAuth(s: AuthSession, proxy: boolean, value: string): number {
  const st = stageOf(s, proxy);
  let avail = 0;
  let i = 0;
  while (i < value.length) {
    if (startsWithMethod(value, i, "Digest")) {
      if (st.avail & CURLAUTH_DIGEST) {
        // "Ignoring duplicate digest auth header."
        avail |= CURLAUTH_DIGEST;
      } else {
        avail |= CURLAUTH_DIGEST;
        st.avail |= CURLAUTH_DIGEST;
        // Curl_input_digest: "Digest" then a blank, then the challenge.
        const blank = value[i + 6];
        let j = i + 6;
        while (value[j] === " " || value[j] === "\t") j++;
        const rc =
          blank === " " || blank === "\t" ? decodeDigestChallenge(st.digest, value.slice(j)) : -1;
        if (rc !== CURLE_OK) s.problem = true;
      }
    } else if (startsWithMethod(value, i, "Basic")) {
      avail |= CURLAUTH_BASIC;
      st.avail |= CURLAUTH_BASIC;
      if (st.picked === CURLAUTH_BASIC) {
        // Basic was sent and refused: the name or password is wrong.
        st.avail = 0;
        s.problem = true;
      }
    } else if (startsWithMethod(value, i, "Bearer")) {
      avail |= CURLAUTH_BEARER;
      st.avail |= CURLAUTH_BEARER;
      if (st.picked === CURLAUTH_BEARER) {
        st.avail = 0;
        s.problem = true;
      }
    }
    const comma = value.indexOf(",", i);
    if (comma < 0) break;
    i = comma + 1;
    while (value[i] === " " || value[i] === "\t") i++;
  }
  return avail;
}
