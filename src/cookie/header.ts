// The Cookie request header (http_cookies of lib/http.c): the jar's cookies for this request, then
// CURLOPT_COOKIE, in one header, cut before MAX_COOKIE_HEADER_LEN.

import { MAX_COOKIE_HEADER_LEN } from "./limits.ts";
import type { CookieStore } from "./store.ts";

/**
 * The Cookie header value for a request to host + path (or undefined for none): the matching
 * cookies as "name=value" joined by "; ", then `extra` (CURLOPT_COOKIE, when the caller may send it).
 * When the next cookie would make "Cookie: ..." reach MAX_COOKIE_HEADER_LEN, it and the rest are left
 * out, and so is `extra`.
 */
export function cookieHeaderValue(
  store: CookieStore | null,
  host: string,
  path: string,
  secure: boolean,
  now: number,
  extra: string | undefined,
): string | undefined {
  let out = "";
  let count = 0;
  let capped = false;
  if (store !== null) {
    let clen = 8; // "Cookie: "
    for (const co of store.forRequest(host, path, secure, now)) {
      const add = co.name.length + co.value.length + 1;
      if (clen + add >= MAX_COOKIE_HEADER_LEN) {
        capped = true;
        break;
      }
      out += `${count ? "; " : ""}${co.name}=${co.value}`;
      clen += add + (count ? 2 : 0);
      count++;
    }
  }
  if (extra !== undefined && !capped) {
    out += `${count ? "; " : ""}${extra}`;
    count++;
  }
  return count > 0 ? out : undefined;
}
