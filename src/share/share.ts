// The share handle (libcurl's CURLSH *, lib/curl_share.c), as users see it: setopt and close, and
// the detail of the last refusal. Its state (state.ts) is reached only by the engine, through
// shareState(); easy handles join it with setopt("share", share).

import {
  type CURLSHcode,
  CURLSHE_OK,
  type CURLSHOPT_LOCKFUNC,
  type CURLSHOPT_SHARE,
  type CURLSHOPT_UNLOCKFUNC,
  type CURLSHOPT_UNSHARE,
  type CURLSHOPT_USERDATA,
} from "../constants/index.ts";
import { shareCleanup, shareSetopt } from "./setopt.ts";
import { type ShareLockCallback, ShareState, type ShareUnlockCallback } from "./state.ts";

/** What Share.setopt takes for each CURLSHOPT_* option. */
export interface ShareOptionValues {
  /** One CURL_LOCK_DATA_* value per call (CURLSHOPT_SHARE). */
  [CURLSHOPT_SHARE]: number;
  /** One CURL_LOCK_DATA_* value per call (CURLSHOPT_UNSHARE). */
  [CURLSHOPT_UNSHARE]: number;
  [CURLSHOPT_LOCKFUNC]: ShareLockCallback | null;
  [CURLSHOPT_UNLOCKFUNC]: ShareUnlockCallback | null;
  /** Handed to the lock and unlock callbacks (CURLSHOPT_USERDATA). */
  [CURLSHOPT_USERDATA]: unknown;
}

/** Every share option's name: the CURLSHOPT_* constants' values ("share", "lockFunc"...). */
export type ShareOptionName = keyof ShareOptionValues;

let stateOf: (s: Share) => ShareState;
let branded: (x: unknown) => boolean;
const detailScratch = { text: "" };

/**
 * A share handle (libcurl's CURLSH *, made by curl_share_init): data several easy handles use in
 * common, also across multi handles. `setopt("share", CURL_LOCK_DATA_DNS)` (one kind per call)
 * shares the DNS cache, `CURL_LOCK_DATA_CONNECT` idle connections, `CURL_LOCK_DATA_COOKIE` the
 * cookie store, `CURL_LOCK_DATA_PSL` the public suffix list; an easy handle joins with
 * `easy.setopt("share", share)`. The lock callbacks are called where libcurl calls them (JS needs
 * no locks; they are there for code that counts or checks them).
 */
export class Share {
  readonly #st = new ShareState();

  /** Detail text of the last failed setopt or close ("" after a success). */
  lastSetoptError = "";

  static {
    stateOf = (s) => s.#st;
    branded = (x) => typeof x === "object" && x !== null && #st in x;
  }

  /**
   * curl_share_setopt. `name` is a CURLSHOPT_* constant or its camelCase value. Returns CURLSHE_OK,
   * CURLSHE_IN_USE while an easy handle uses the share, CURLSHE_BAD_OPTION for an unknown option or
   * a kind that cannot be shared, CURLSHE_NOT_BUILT_IN for one this build lacks (HSTS),
   * CURLSHE_INVALID after close(); the reason is in `lastSetoptError`.
   */
  setopt<K extends string>(
    name: K extends ShareOptionName ? K : string extends K ? K : ShareOptionName,
    value: K extends ShareOptionName ? ShareOptionValues[K] : unknown,
  ): CURLSHcode {
    const rc = shareSetopt(this.#st, name, value, detailScratch);
    this.lastSetoptError = rc === CURLSHE_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_share_cleanup: closes the idle connections the share holds and makes it unusable.
   * CURLSHE_IN_USE while an easy handle still uses it (set their "share" to null first),
   * CURLSHE_INVALID when already closed.
   */
  close(): CURLSHcode {
    return shareCleanup(this.#st);
  }
}

/** The engine's state of share s (not exported by the package entry). */
export function shareState(s: Share): ShareState {
  return stateOf(s);
}

/** Whether x was made by `new Share()` (libcurl's GOOD_SHARE_HANDLE). */
export function isShare(x: unknown): x is Share {
  return branded(x);
}
