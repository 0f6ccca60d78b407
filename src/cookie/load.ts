// Reading a cookie file's text into a jar (cookie_load of lib/cookie.c): each line is a Netscape line
// or, after "Set-Cookie:", a header line; expired cookies go after the whole file. The file itself
// is read by the caller (src/driver/cookie-files.ts): this takes its text.

import { type CURLcode, CURLE_OK, CURLE_TOO_LARGE } from "../constants/index.ts";
import type { CookieFiles } from "./files.ts";
import {
  COOKIE_HTTPHEADER,
  COOKIE_NOEXPIRE,
  COOKIE_NOPSL,
  COOKIE_NOSESSION,
  COOKIE_SECURE,
  MAX_COOKIE_LINE,
} from "./limits.ts";
import { CookieStore, type SetCookieCount } from "./store.ts";
import type { CookieUse } from "./use.ts";

/**
 * cookie_load: adds each line of `text` (null: the file could not be read, which is no error) to the
 * store. COOKIE_NOSESSION drops session cookies; COOKIE_NOPSL skips the public suffix check. A line of
 * MAX_COOKIE_LINE bytes or more (with its newline) stops the reading with CURLE_TOO_LARGE, as
 * Curl_get_line's buffer does. The store is running afterwards either way.
 */
export function loadCookieText(
  store: CookieStore,
  text: string | null,
  flags: number,
  now: number,
  count: SetCookieCount,
): CURLcode {
  store.newsession = (flags & COOKIE_NOSESSION) !== 0;
  store.running = false;
  let rc: CURLcode = CURLE_OK;
  if (text !== null) {
    let i = 0;
    while (i < text.length) {
      const nl = text.indexOf("\n", i);
      const end = nl < 0 ? text.length : nl + 1;
      let line = text.slice(i, end);
      if (nl < 0) line += "\n";
      i = end;
      if (line.length + 1 > MAX_COOKIE_LINE) {
        rc = CURLE_TOO_LARGE;
        break;
      }
      let header = false;
      if (line.length >= 11 && line.slice(0, 11).toLowerCase() === "set-cookie:") {
        let j = 11;
        while (line[j] === " " || line[j] === "\t") j++;
        line = line.slice(j);
        header = true;
      }
      store.add(
        line,
        {
          flags:
            (header ? COOKIE_HTTPHEADER : 0) |
            COOKIE_NOEXPIRE |
            COOKIE_SECURE |
            (flags & COOKIE_NOPSL),
          domain: null,
          path: null,
          now,
        },
        count,
      );
    }
    store.removeExpired(now);
  }
  store.running = true;
  return rc;
}

/**
 * Curl_cookie_loadfiles: loads every CURLOPT_COOKIEFILE name of the handle (read through the
 * registered CookieFiles; "" or an unreadable file loads nothing but starts the engine), stopping at
 * the first error. Nothing happens without files.
 */
export function loadCookieFiles(use: CookieUse, flags: number, files: CookieFiles): CURLcode {
  if (use.files.length === 0) return CURLE_OK;
  use.store ??= new CookieStore();
  use.engine = true;
  for (const name of use.files) {
    const text = name === "" ? null : files.read(name);
    const rc = loadCookieText(use.store, text, flags, files.now(), use);
    if (rc !== CURLE_OK) return rc;
  }
  return CURLE_OK;
}
