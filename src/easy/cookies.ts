// What the cookie options do to an easy handle besides storing their value (lib/setopt.c's
// cookiefile and cookielist, CURLOPT_COOKIEJAR), the jar written at cleanup and on "FLUSH"
// (Curl_flush_cookies), and CURLINFO_COOKIELIST. Files are read and written through the registered
// CookieFiles (src/cookie/files.ts).

import { type CURLcode, CURLE_OK } from "../constants/index.ts";
import {
  COOKIE_HTTPHEADER,
  COOKIE_NOPSL,
  COOKIE_NOSESSION,
  COOKIE_SECURE,
  CookieStore,
  type CookieUse,
  cookieFiles,
} from "../cookie/index.ts";
import { loadCookieFiles } from "../cookie/load.ts";
import type { EasyOptions } from "./options.ts";

/** The options with an effect here. */
export const COOKIE_OPTIONS: ReadonlySet<string> = new Set([
  "cookieFile",
  "cookieJar",
  "cookieList",
]);

/**
 * The effect of setting a cookie option to `value` (already checked and stored in `o`):
 * - cookieFile: a name is added to the files to load; null forgets them and stops the engine (the jar
 *   is emptied unless a share owns it);
 * - cookieJar: starts the engine (libcurl does so for any value, even null);
 * - cookieList: "ALL", "SESS", "FLUSH", "RELOAD" (any case), a "Set-Cookie:" line or a Netscape line.
 */
export function cookieSetopt(
  use: CookieUse,
  o: EasyOptions,
  name: string,
  value: unknown,
): CURLcode {
  if (name === "cookieFile") {
    if (typeof value === "string") use.files.push(value);
    else {
      use.files = [];
      if (!use.shared) use.store?.clearAll();
      use.store = null;
      use.shared = false;
    }
    return CURLE_OK;
  }
  if (name === "cookieJar") {
    use.store ??= new CookieStore();
    use.engine = true;
    return CURLE_OK;
  }
  if (name !== "cookieList" || typeof value !== "string") return CURLE_OK;
  const cmd = value.toUpperCase();
  let line = value;
  if (cmd === "ALL") use.store?.clearAll();
  else if (cmd === "SESS") use.store?.clearSession();
  else if (cmd === "FLUSH") flushCookies(use, o, false);
  else if (cmd === "RELOAD")
    return loadCookieFiles(
      use,
      COOKIE_NOPSL | (o.cookieSession ? COOKIE_NOSESSION : 0),
      cookieFiles(),
    );
  else {
    // The line's UTF-8 bytes, as a C string option would hold them: the jar keeps bytes.
    line = Buffer.from(value, "utf8").toString("latin1");
    use.store ??= new CookieStore();
    use.engine = true;
    const header = line.length >= 11 && line.slice(0, 11).toLowerCase() === "set-cookie:";
    const flags = (header ? COOKIE_HTTPHEADER : 0) | COOKIE_SECURE | COOKIE_NOPSL;
    use.store.add(
      header ? value.slice(11) : value,
      { flags, domain: null, path: null, now: cookieFiles().now() },
      use,
    );
  }
  return CURLE_OK;
}

/**
 * Curl_flush_cookies: writes the jar to CURLOPT_COOKIEJAR when a transfer started the engine (a jar
 * written before that could miss cookie files not loaded yet); a write error is only reported. With
 * `cleanup` the handle lets go of its own jar (a share's stays).
 */
export function flushCookies(use: CookieUse, o: EasyOptions, cleanup: boolean): void {
  const store = use.store;
  if (store === null) return;
  if (o.cookieJar !== null && store.running) {
    const f = cookieFiles();
    f.write(o.cookieJar, store.jar(f.now()));
  }
  if (cleanup) {
    use.store = null;
    use.shared = false;
  }
}

/**
 * CURLINFO_COOKIELIST: every known cookie as a Netscape line, or null when there is none. The lines
 * are byte strings (one char per byte), as the jar holds what servers sent.
 */
export function cookieList(use: CookieUse | undefined): string[] | null {
  const store = use?.store ?? null;
  return store === null ? null : store.list(cookieFiles().now());
}
