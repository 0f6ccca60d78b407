// The shared runner of the promise helpers (request(), requestAll(), fetch()): one Multi with one
// BunDriver unless a call brings its own multi, and the per-transfer completion callbacks the driver's
// onDone dispatches to. Helpers start a transfer with startTransfer() and may cancel it at any time
// with cancelTransfer(), which removes the handle (an unfinished transfer's connection is closed).

import { type CURLcode, CURLM_OK, CURLM_RECURSIVE_API_CALL } from "../constants/index.ts";
import { flushCookies } from "../easy/cookies.ts";
import { type Easy, handleOf, type TransferOwner } from "../easy/easy.ts";
import { Multi } from "../multi/multi.ts";
import { BunDriver } from "./bun-driver.ts";

/** Who started a transfer: told once when it ends (CURLMSG_DONE), after its handle left the multi. */
export type { TransferOwner };

const drivers = new WeakMap<Multi, BunDriver>();
let shared: Multi | undefined;

/** The Multi every helper call runs on unless it names its own (made on first use). */
export function sharedMulti(): Multi {
  if (shared === undefined) shared = new Multi();
  return shared;
}

/**
 * A helper's handle is done once its transfer left the multi (there is no curl_easy_cleanup for the
 * caller to call): its cookie jar goes to CURLOPT_COOKIEJAR before the caller hears, as cleanup
 * would write it, but the handle keeps its own jar so `getinfo("cookieList")` on the result still
 * answers; then it leaves its Share, so the share is not held "in use" by a dropped handle. In this
 * order: a share's jar is written too.
 */
function settle(easy: Easy): void {
  const h = handleOf(easy);
  const use = h.cookieIfAny;
  if (use !== null) flushCookies(use, h.opts, false);
  if (h.opts.share !== null) easy.setopt("share", null);
}

function finish(multi: Multi, easy: Easy, result: CURLcode): void {
  const h = handleOf(easy);
  const owner = h.owner;
  multi.removeHandle(easy);
  settle(easy);
  if (owner === null) return;
  h.owner = null;
  owner.transferDone(easy, result);
}

/** The driver of `multi`: made once per multi, it runs the multi's loop and dispatches completions. */
function driverFor(multi: Multi): BunDriver {
  let d = drivers.get(multi);
  if (d === undefined) {
    d = new BunDriver(multi, { onDone: (easy, result) => finish(multi, easy, result) });
    drivers.set(multi, d);
  }
  return d;
}

/**
 * Adds `easy` to `multi` (the driver starts it) and tells `owner` when it ends. Returns the
 * CURLMcode of curl_multi_add_handle; on anything but CURLM_OK `owner` is never told.
 */
export function startTransfer(multi: Multi, easy: Easy, owner: TransferOwner): number {
  driverFor(multi);
  const h = handleOf(easy);
  const rc = multi.addHandle(easy);
  // Set after a successful add: a handle already in a multi keeps its owner.
  if (rc === CURLM_OK) h.owner = owner;
  return rc;
}

/**
 * Ends the transfer now (curl_multi_remove_handle): its owner is never told. From inside one of
 * the multi's callbacks (where removal is CURLM_RECURSIVE_API_CALL) it happens right after that call
 * returns, in a microtask.
 */
export function cancelTransfer(multi: Multi, easy: Easy): void {
  const h = handleOf(easy);
  if (h.owner === null) return;
  h.owner = null;
  if (multi.removeHandle(easy) === CURLM_RECURSIVE_API_CALL)
    queueMicrotask(() => {
      multi.removeHandle(easy);
      settle(easy);
    });
  else settle(easy);
}
