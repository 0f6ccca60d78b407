// The share's cookie slot (CURL_LOCK_DATA_COOKIE). The cookie engine keeps its whole state in one
// store object per easy handle; a share that shares cookies holds one such store, and every handle
// linked to the share uses it instead of its own (lib/curl_share.c: Curl_share_easy_link/unlink).
// This file only defines the seam: the cookie engine registers how a store is made.

/** The cookie engine's per-handle store, as a share sees it: an object it hands to handles. */
export type ShareCookieStore = object;

/** Where a handle keeps its cookie store (null: the cookie engine is off for that handle). */
export interface CookieHolder {
  cookies: ShareCookieStore | null;
}

let makeStore: (() => ShareCookieStore) | null = null;

/** Registers how the share's store is made (the cookie engine's constructor, at package load). */
export function setShareCookieFactory(factory: (() => ShareCookieStore) | null): void {
  makeStore = factory;
}

/** A new store for a share (libcurl's Curl_cookie_init); a bare object until a factory is set. */
export function newShareCookieStore(): ShareCookieStore {
  return makeStore !== null ? makeStore() : {};
}
