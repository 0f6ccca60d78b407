// A reused connection that turns out dead: the request starts again on a fresh connection (libcurl's
// Curl_retry_request). The one rule for when that is allowed lives here, for a failed send, a receive
// error and an EOF alike.

import { CURLE_SEND_ERROR } from "../constants/index.ts";
import { fail, setState } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { ST_INIT } from "./states.ts";
import type { Transfer } from "./transfer.ts";

/** libcurl's CONN_MAX_RETRIES: fresh connects tried after a reused connection died before any byte. */
export const CONN_MAX_RETRIES = 5;

/**
 * Whether a failure now may be retried: the connection was reused and not one header line nor body
 * byte of the response arrived, or the HTTP/2 server refused the stream (libcurl's Curl_retry_request).
 */
export function retryable(t: Transfer): boolean {
  const p = t.proto;
  // An HTTP/2 stream the server refused or never processed (REFUSED_STREAM, above a GOAWAY's last
  // stream) starts again whatever its connection (libcurl's refused_stream).
  if (p?.mayRetry()) return true;
  if (!t.reused) return false;
  return !t.resp.ready || p === null || p.received() === 0;
}

/**
 * Starts the request again on another connection, at most CONN_MAX_RETRIES times, then
 * CURLE_SEND_ERROR. Returns true (the state changed).
 */
export function retry(m: Ports, t: Transfer, why: string): boolean {
  t.info.retries++;
  m.pool.close(t);
  if (t.info.retries > CONN_MAX_RETRIES) {
    fail(m, t, CURLE_SEND_ERROR, `${why}, tried ${CONN_MAX_RETRIES} times before giving up`);
    return true;
  }
  if (t.opts.verbose)
    m.guard.debug(t, `${why}, retrying a fresh connect (retry count: ${t.info.retries})`);
  t.info.sizeUpload = 0;
  setState(m, t, ST_INIT);
  return true;
}
