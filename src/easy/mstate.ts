// The one place a transfer changes state (libcurl's mstate), how it fails, and how it starts over on
// another connection when a reused one turns out dead.

import { type CURLcode, CURLE_SEND_ERROR } from "../constants/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { ST_DONE, ST_INIT, STATE_NAMES } from "./states.ts";

/** Moves e to state st (traced with CURLOPT_VERBOSE). */
export function setState(m: Engine, e: Easy, st: number): void {
  if (e.opts.verbose) m.debug(e, `STATE: ${STATE_NAMES[e.state]} => ${STATE_NAMES[st]}`);
  e.state = st;
}

/**
 * ms from the start of the current request (a redirect starts a new one) to now, at least 1 µs as
 * libcurl: the timings are sums of these over the redirect chain (Curl_pgrsTimeWas).
 */
export function since(e: Easy, now: number): number {
  return Math.max(now - e.hopStart, 0.001);
}

/** Ends the transfer with `code` and libcurl's error-buffer text. */
export function fail(m: Engine, e: Easy, code: CURLcode, detail: string): void {
  e.result = code;
  e.errorDetail = detail;
  if (e.opts.verbose && detail) m.debug(e, detail);
  setState(m, e, ST_DONE);
}

/** libcurl's CONN_MAX_RETRIES: fresh connects tried after a reused connection died before any byte. */
export const CONN_MAX_RETRIES = 5;

/**
 * A reused connection that died before a whole header line or body byte arrived: the request starts
 * again on another connection (libcurl's Curl_retry_request), at most CONN_MAX_RETRIES times, then
 * CURLE_SEND_ERROR. Returns true (the state changed).
 */
export function retry(m: Engine, e: Easy, why: string): boolean {
  e.retries++;
  m.closeConnection(e);
  if (e.retries > CONN_MAX_RETRIES) {
    fail(m, e, CURLE_SEND_ERROR, `${why}, tried ${CONN_MAX_RETRIES} times before giving up`);
    return true;
  }
  if (e.opts.verbose) m.debug(e, `${why}, retrying a fresh connect (retry count: ${e.retries})`);
  e.sizeUpload = 0;
  setState(m, e, ST_INIT);
  return true;
}

/** Whether a failure now may be retried that way: reused, and nothing of the response arrived. */
export function retryable(e: Easy): boolean {
  const p = e.parser;
  return e.reused && (!e.parserReady || p === null || p.headerBytes + p.bodyBytes === 0);
}
