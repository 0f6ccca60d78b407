// Proxy authentication (libcurl's Curl_http_output_auth for the proxy side, CURLOPT_PROXYAUTH): which
// Proxy-Authorization a request to the proxy carries. Basic only for now; a 407's challenges come to
// `answer407`, the one place another scheme (Digest) plugs in. Pure.

import { CURLAUTH_BASIC } from "../constants/index.ts";
import type { ProxySpec } from "./route.ts";

/** Basic's value for user:pass (RFC 7617: UTF-8, base64). */
function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`, "utf8").toString("base64")}`;
}

/**
 * The Proxy-Authorization value the first request to proxy `p` sends (undefined: none): Basic when
 * CURLOPT_PROXYAUTH allows it and the proxy has credentials, as libcurl sends it up front.
 */
export function proxyAuthorization(p: ProxySpec, proxyAuth: number): string | undefined {
  if (p.user === null || (proxyAuth & CURLAUTH_BASIC) === 0) return undefined;
  return basic(p.user, p.pass);
}

/**
 * A 407 came with these Proxy-Authenticate challenges after `sent` (the value the request carried, or
 * undefined): the value to retry with, or undefined to give up (libcurl's Curl_http_input_auth with
 * an authproblem). Basic is sent up front, so a 407 after it means the credentials were refused, and
 * one without credentials has nothing to try: no retry. Digest and other schemes go here.
 */
export function answer407(
  _p: ProxySpec,
  _proxyAuth: number,
  _challenges: readonly string[],
  _sent: string | undefined,
): string | undefined {
  return undefined;
}
