// CURLOPT_SHARE on an easy handle (lib/setopt.c's setopt_share, lib/curl_share.c's
// Curl_share_easy_link and _unlink): refused while the handle's transfer holds a connection; else
// the handle leaves its old share and joins the new one. Joining a share that shares cookies swaps
// the handle's own store for the share's; leaving it drops the share's store from the handle.

import { type CURLcode, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_OK } from "../constants/index.ts";
import { CURLOPT_SHARE } from "../easy/option-names.ts";
import { type EasyOptions, setOption } from "../easy/options.ts";
import type { CookieHolder } from "./cookies.ts";
import { isShare, type Share, shareState } from "./share.ts";

/** What CURLOPT_SHARE needs of the handle (easy.ts's HandleState). */
export interface ShareUser extends Partial<CookieHolder> {
  /** The public handle, as the lock callbacks are told. */
  readonly easy: unknown;
  readonly opts: EasyOptions;
  /** The live transfer, if any: with a connection, the share cannot change. */
  readonly transfer: { readonly conn: unknown } | null;
}

/**
 * Sets CURLOPT_SHARE: CURLE_BAD_FUNCTION_ARGUMENT for a value that is not a Share nor null, or
 * while the handle's transfer holds a connection ("Cannot change share object while in use");
 * CURLE_OK once the handle left its old share (if any) and joined the new one (if any).
 */
export function setShareOption(h: ShareUser, value: unknown, detail: { text: string }): CURLcode {
  if (h.transfer !== null && h.transfer.conn !== null) {
    detail.text = "Cannot change share object while in use";
    return CURLE_BAD_FUNCTION_ARGUMENT;
  }
  if (isShare(value) && shareState(value).closed) {
    detail.text = "Bad value for share: the Share was closed";
    return CURLE_BAD_FUNCTION_ARGUMENT;
  }
  const old = h.opts.share;
  const rc = setOption(h.opts, CURLOPT_SHARE, value, detail);
  if (rc !== CURLE_OK) return rc;
  const next = h.opts.share;
  if (old !== null) unlink(old, h);
  if (next !== null) link(next, h);
  return CURLE_OK;
}

/** Curl_share_easy_link: one more user; a shared cookie store replaces the handle's own. */
function link(share: Share, h: ShareUser): void {
  const st = shareState(share);
  const locked = st.lockShare(h.easy);
  st.users++;
  st.hasBeenShared = true;
  // setopt.c: "enable cookies since we now use a share that uses cookies!"
  if (st.cookies !== null && h.cookie !== undefined) {
    h.cookie.store = st.cookies;
    h.cookie.engine = true;
  }
  st.unlockShare(h.easy, locked);
}

/** Curl_share_easy_unlink: one user less; the share's cookie store is no longer the handle's. */
function unlink(share: Share, h: ShareUser): void {
  const st = shareState(share);
  const locked = st.lockShare(h.easy);
  const use = h.cookieIfAny ?? null;
  if (st.cookies !== null && use !== null && use.store === st.cookies) use.store = null;
  st.users--;
  st.unlockShare(h.easy, locked);
}
