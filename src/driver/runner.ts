// The shared runner of the promise helpers (request(), requestAll(), fetch()): one Multi with one
// BunDriver unless a call brings its own multi, and the per-transfer completion callbacks the driver's
// onDone dispatches to. Helpers start a transfer with startTransfer() and may cancel it at any time
// with cancelTransfer(), which removes the handle (an unfinished transfer's connection is closed).

import { type CURLcode, CURLM_OK, CURLM_RECURSIVE_API_CALL } from "../constants/index.ts";
import type { Easy } from "../easy/easy.ts";
import { Multi } from "../multi/multi.ts";
import { BunDriver } from "./bun-driver.ts";

/** Called once when the transfer ends (CURLMSG_DONE), after the handle was removed from its multi. */
export type TransferDone = (easy: Easy, result: CURLcode) => void;

const doneOf = new WeakMap<Easy, TransferDone>();
const drivers = new WeakMap<Multi, BunDriver>();
let shared: Multi | undefined;

/** The Multi every helper call runs on unless it names its own (made on first use). */
export function sharedMulti(): Multi {
  if (shared === undefined) shared = new Multi();
  return shared;
}

function finish(multi: Multi, easy: Easy, result: CURLcode): void {
  const done = doneOf.get(easy);
  multi.removeHandle(easy);
  if (done === undefined) return;
  doneOf.delete(easy);
  done(easy, result);
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
 * Adds `easy` to `multi` (the driver starts it) and calls `done` when it ends. Returns the
 * CURLMcode of curl_multi_add_handle; on anything but CURLM_OK `done` is never called.
 */
export function startTransfer(multi: Multi, easy: Easy, done: TransferDone): number {
  driverFor(multi);
  doneOf.set(easy, done);
  const rc = multi.addHandle(easy);
  if (rc !== CURLM_OK) doneOf.delete(easy);
  return rc;
}

/**
 * Ends the transfer now (curl_multi_remove_handle): its `done` is never called. From inside one of
 * the multi's callbacks (where removal is CURLM_RECURSIVE_API_CALL) it happens right after that call
 * returns, in a microtask.
 */
export function cancelTransfer(multi: Multi, easy: Easy): void {
  if (!doneOf.delete(easy)) return;
  if (multi.removeHandle(easy) === CURLM_RECURSIVE_API_CALL)
    queueMicrotask(() => multi.removeHandle(easy));
}
