// --retry: curl's rules (tool_operate.c post_per_transfer). A transfer is tried again when it timed
// out or could not resolve, when an HTTP response was 408, 429, 500, 502, 503 or 504 (also under
// -f), when --retry-connrefused and it was refused, or on anything with --retry-all-errors; while
// retries are left and --retry-max-time has not passed. The wait is Retry-After for an HTTP answer
// that has one, else 1 s (or --retry-delay) doubling after each retry up to 10 minutes.

import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_HOST,
  CURLE_COULDNT_RESOLVE_PROXY,
  CURLE_FTP_ACCEPT_TIMEOUT,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
} from "../constants/curle.ts";
import type { Operation } from "./config.ts";

/** curl's RETRY_SLEEP_DEFAULT and RETRY_SLEEP_MAX. */
export const RETRY_SLEEP_DEFAULT_MS = 1000;
export const RETRY_SLEEP_MAX_MS = 10 * 60 * 1000;

const TRANSIENT_HTTP = new Set([408, 429, 500, 502, 503, 504]);

/** One transfer's retry budget, made once per URL. */
export class RetryState {
  left: number;
  sleepMs: number;
  readonly startedAt: number;
  constructor(
    readonly op: Operation,
    now: number,
  ) {
    this.left = op.retry;
    this.sleepMs = op.retryDelayMs > 0 ? op.retryDelayMs : RETRY_SLEEP_DEFAULT_MS;
    this.startedAt = now;
  }
}

/** Why an attempt is worth another, in curl's words for the warning; undefined when it is not. */
export function retryReason(
  op: Operation,
  result: number,
  responseCode: number,
  isHttp: boolean,
  refused: boolean,
): string | undefined {
  if (
    result === CURLE_OPERATION_TIMEDOUT ||
    result === CURLE_COULDNT_RESOLVE_HOST ||
    result === CURLE_COULDNT_RESOLVE_PROXY ||
    result === CURLE_FTP_ACCEPT_TIMEOUT
  )
    return ": timeout";
  if (op.retryConnRefused && result === CURLE_COULDNT_CONNECT && refused)
    return ": connection refused";
  if (
    (result === CURLE_OK || (op.fail && result === CURLE_HTTP_RETURNED_ERROR)) &&
    isHttp &&
    TRANSIENT_HTTP.has(responseCode)
  )
    return ": HTTP error";
  // curl's tool_operate: only a failure that no rule above retries (`result && !retry`).
  if (op.retryAllErrors && result !== CURLE_OK) return "(retrying all errors)";
  return undefined;
}

/**
 * Decides about one finished attempt: the wait before the next (ms) and curl's warning text, or
 * undefined for no retry. Spends one retry and doubles the sleep (without --retry-delay) when it
 * says yes. `retryAfterMs` is the response's Retry-After, or -1.
 */
export function nextRetry(
  s: RetryState,
  reason: string | undefined,
  retryAfterMs: number,
  now: number,
): { delayMs: number; warning: string } | undefined {
  if (reason === undefined || s.left <= 0) return undefined;
  const maxMs = s.op.retryMaxTimeMs;
  const spent = now - s.startedAt;
  if (maxMs > 0 && spent >= maxMs) return undefined;
  let delayMs = s.sleepMs;
  if (reason === ": HTTP error" && retryAfterMs > 0) {
    delayMs = retryAfterMs;
    if (maxMs > 0) delayMs = Math.min(delayMs, maxMs - Math.floor(spent / 1000) * 1000);
  }
  const warning = `Problem ${reason}. Will retry in ${Math.floor(delayMs / 1000)} seconds. ${s.left} retries left.`;
  s.left--;
  if (s.op.retryDelayMs === 0) s.sleepMs = Math.min(s.sleepMs * 2, RETRY_SLEEP_MAX_MS);
  return { delayMs, warning };
}

/** A Retry-After value (delta seconds or an HTTP date) in ms from `now`; -1 when unusable. */
export function parseRetryAfter(value: string, now: number): number {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return -1;
  return Math.max(0, at - now);
}
