// The share's cookie slot (CURL_LOCK_DATA_COOKIE). The cookie engine keeps its whole jar in one
// CookieStore, which each easy handle points at through its CookieUse; a share that shares cookies
// holds one store, and every handle linked to the share points at it instead of its own
// (lib/curl_share.c: Curl_share_easy_link/unlink, lib/setopt.c's CURLOPT_SHARE).

import { CookieStore } from "../cookie/store.ts";
import type { CookieUse } from "../cookie/use.ts";

/** The cookie engine's jar, as a share holds it. */
export type ShareCookieStore = CookieStore;

/** Where a handle keeps its cookie engine's state (absent in test fakes: no cookies). */
export interface CookieHolder {
  /** The handle's cookie use, made on first access. */
  readonly cookie: CookieUse;
  /** The same, or null when none was made (read without making one). */
  readonly cookieIfAny: CookieUse | null;
}

/** A new jar for a share (libcurl's Curl_cookie_init). */
export function newShareCookieStore(): ShareCookieStore {
  return new CookieStore();
}
