// What one easy handle keeps of the cookie engine: the jar it points at (its own, or a share's), the
// cookie files to load, whether the engine is on, and its Set-Cookie count. libcurl keeps these in
// data->cookies, data->state.cookielist, data->state.cookie_engine and data->req.setcookies.

import type { CookieStore, SetCookieCount } from "./store.ts";

/** An easy handle's use of the cookie engine. */
export class CookieUse implements SetCookieCount {
  /** The jar (data->cookies): null while the engine was never started. A share may set it. */
  store: CookieStore | null = null;
  /** The jar belongs to a share: CURLOPT_COOKIEFILE null does not clear it. */
  shared = false;
  /** CURLOPT_COOKIEFILE names, in order (data->state.cookielist). */
  files: string[] = [];
  /** Cookies are sent and stored (data->state.cookie_engine). */
  engine = false;
  /** Set-Cookie lines stored through this handle (MAX_SET_COOKIE_AMOUNT applies). */
  setCookies = 0;
}
