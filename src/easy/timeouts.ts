// The transfer's own deadlines, checked each time it runs (libcurl's Curl_timeleft_ms and
// multi_handle_timeout, pgrs_speedcheck and mspeed_check): the total and connect timeouts, the low-speed
// check, and the rate limits. Timers only make the transfer run; these functions decide what expired.

import {
  CURL_PROGRESSFUNC_CONTINUE,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import {
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_SPEEDCHECK,
  EXPIRE_TIMEOUT,
  EXPIRE_TOOFAST,
} from "../timer/index.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail } from "./mstate.ts";
import { newSpeedRing, recordSpeed, resetSpeedRing } from "./progress.ts";
import { RateLimit } from "./ratelimit.ts";
import { ST_CONNECTING, ST_RESOLVING } from "./states.ts";

/** libcurl's DEFAULT_CONNECT_TIMEOUT: 300 s when CURLOPT_CONNECTTIMEOUT is unset. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

/** Throttle bits (e.throttled): a rate limit holds the receive or the send side. */
export const THROTTLE_RECV = 1;
export const THROTTLE_SEND = 2;

/** Connect phase: queued for a slot, resolving, connecting (the connect timeout applies). */
function connecting(e: Easy): boolean {
  return e.state <= ST_CONNECTING;
}

/** ms left before a timeout, Infinity when none applies; <= 0 means it expired. */
export function timeLeft(e: Easy, now: number): number {
  let left = Number.POSITIVE_INFINITY;
  // The connect timeout runs per request (a redirect starts a new one), the total one for the chain.
  if (connecting(e))
    left = (e.opts.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS) - (now - e.hopStart);
  if (e.opts.timeoutMs > 0) left = Math.min(left, e.opts.timeoutMs - (now - e.tStart));
  return left;
}

/**
 * At the start of a transfer: arms the total and connect timeouts (libcurl arms no timer for the
 * 300 s default; here it has one, so a transfer stuck in connect ends even if nothing else wakes it)
 * and sets up the rate limits.
 */
export function armTimeouts(m: Engine, e: Easy): void {
  const o = e.opts;
  if (o.timeoutMs > 0) m.expire(e, o.timeoutMs, EXPIRE_TIMEOUT);
  armConnectTimeout(m, e);
  const now = m.now();
  e.rlRecv = o.maxRecvSpeedLarge > 0 ? new RateLimit(o.maxRecvSpeedLarge, now) : null;
  e.rlSend = o.maxSendSpeedLarge > 0 ? new RateLimit(o.maxSendSpeedLarge, now) : null;
  e.throttled = 0;
  e.progress = null;
  e.speedAt = Number.NEGATIVE_INFINITY;
  e.slowSince = 0;
  e.lowSpeedLimit = o.lowSpeedTime > 0 ? o.lowSpeedLimit : 0;
  e.lowSpeedMs = o.lowSpeedTime * 1000;
}

/** The connect timeout of one request (each hop of a redirect chain has its own). */
export function armConnectTimeout(m: Engine, e: Easy): void {
  m.expire(e, e.opts.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS, EXPIRE_CONNECTTIMEOUT);
}

/** Connected: only the total timeout is left. */
export function connected(m: Engine, e: Easy): void {
  e.connectedHop = true;
  m.expireDone(e, EXPIRE_CONNECTTIMEOUT);
}

/** Ends the transfer with CURLE_OPERATION_TIMEDOUT and libcurl's text if a timeout expired. */
export function checkTimeout(m: Engine, e: Easy, now: number): boolean {
  if (timeLeft(e, now) > 0) return false;
  // libcurl measures from the request's start while connecting, from the transfer's start otherwise.
  const ms = Math.floor(now - (connecting(e) ? e.hopStart : e.tStart));
  let text: string;
  if (e.state === ST_RESOLVING) text = `Resolving timed out after ${ms} milliseconds`;
  else if (e.state === ST_CONNECTING) text = `Connection timed out after ${ms} milliseconds`;
  else {
    const size = e.parser !== null ? e.parser.contentLength : -1;
    const got = e.sizeDownload;
    text =
      size >= 0
        ? `Operation timed out after ${ms} milliseconds with ${got} out of ${size} bytes received`
        : `Operation timed out after ${ms} milliseconds with ${got} bytes received`;
  }
  if (e.conn !== null) e.conn.reusable = false;
  fail(m, e, CURLE_OPERATION_TIMEDOUT, text);
  return true;
}

/**
 * CURLOPT_LOW_SPEED_LIMIT/TIME: under the limit for that long ends the transfer; checked again every
 * second on EXPIRE_SPEEDCHECK. A paused transfer is exempt.
 */
export function speedCheck(m: Engine, e: Easy, now: number): boolean {
  // The limits were copied into the handle at start and the newest record's time and the speed live on
  // it too: the per-event path reads no other object (one record a second touches the ring).
  const limit = e.lowSpeedLimit;
  if (limit === 0 || (e.paused & (CURLPAUSE_RECV | CURLPAUSE_SEND)) !== 0) return false;
  const elapsed = now - e.tStart;
  if (elapsed - e.speedAt >= 1000) {
    let ring = e.progress;
    if (ring === null) {
      ring = newSpeedRing();
      e.progress = ring;
    }
    e.speed = recordSpeed(ring, elapsed, e.sizeDownload + e.sizeUpload);
    e.speedAt = elapsed;
  }
  if (e.speed < limit) {
    if (e.slowSince === 0) e.slowSince = now;
    else if (now - e.slowSince >= e.lowSpeedMs) {
      const o = e.opts;
      if (e.conn !== null) e.conn.reusable = false;
      fail(
        m,
        e,
        CURLE_OPERATION_TIMEDOUT,
        `Operation too slow. Less than ${o.lowSpeedLimit} bytes/sec transferred the last ${o.lowSpeedTime} seconds`,
      );
      return true;
    }
  } else e.slowSince = 0;
  m.expireAt(e, now + 1000, EXPIRE_SPEEDCHECK);
  return false;
}

/** Calls CURLOPT_XFERINFOFUNCTION with the transfer's numbers; its return (CALLBACK_FAILED on a throw). */
function callXferInfo(m: Engine, e: Easy): number {
  const p = e.parser;
  const dltotal = p !== null && e.parserReady && p.contentLength > 0 ? p.contentLength : 0;
  const ultotal = e.hasBody ? e.requestBodyLength : 0;
  return m.callProgress(
    e.opts.xferInfoFunction!,
    e,
    dltotal,
    e.sizeDownload,
    ultotal,
    e.sizeUpload,
  );
}

/** Whether a progress callback answer asks to abort. */
function aborts(rc: number): boolean {
  return rc !== 0 && rc !== CURL_PROGRESSFUNC_CONTINUE;
}

function abortDetail(e: Easy, rc: number): string {
  return rc === CALLBACK_FAILED ? `Callback aborted: ${e.errorDetail}` : "Callback aborted";
}

/**
 * CURLOPT_XFERINFOFUNCTION with CURLOPT_NOPROGRESS 0: called each time the transfer runs and at least
 * once a second; a non-zero return ends the transfer with CURLE_ABORTED_BY_CALLBACK ("Callback
 * aborted"). Returns true when it ended the transfer.
 */
export function progressCheck(m: Engine, e: Easy, now: number): boolean {
  const o = e.opts;
  if (o.xferInfoFunction === null || o.noProgress !== 0) return false;
  const rc = callXferInfo(m, e);
  if (aborts(rc)) {
    if (e.conn !== null) e.conn.reusable = false;
    fail(m, e, CURLE_ABORTED_BY_CALLBACK, abortDetail(e, rc));
    return true;
  }
  m.expireAt(e, now + 1000, EXPIRE_SPEEDCHECK);
  return false;
}

/**
 * libcurl's Curl_pgrsDone in multi_done: the final, forced progress call when a request ends (each
 * hop of a redirect chain, and the transfer's end, failed or not), once it got past connecting and
 * unless a callback already aborted it. An abort then turns a success into CURLE_ABORTED_BY_CALLBACK
 * (the transfer fails here, state DONE): returns false in that case.
 */
export function progressDone(m: Engine, e: Easy): boolean {
  const o = e.opts;
  if (o.xferInfoFunction === null || o.noProgress !== 0 || !e.connectedHop) return true;
  if (e.result === CURLE_ABORTED_BY_CALLBACK) return true;
  const rc = callXferInfo(m, e);
  if (!aborts(rc) || e.result !== CURLE_OK) return true;
  if (e.conn !== null) e.conn.reusable = false;
  fail(m, e, CURLE_ABORTED_BY_CALLBACK, abortDetail(e, rc));
  return false;
}

/** A pause ended: the speed is measured afresh (libcurl's Curl_pgrsRecvPause). */
export function speedReset(e: Easy): void {
  if (e.progress !== null) resetSpeedRing(e.progress);
  e.speedAt = Number.NEGATIVE_INFINITY;
  e.slowSince = 0;
}

/**
 * After moving data under a rate limit: if a bucket is empty the side is held (no IN/OUT wanted) until
 * EXPIRE_TOOFAST; otherwise the timer is set for the next refill so the transfer cannot stall.
 */
export function rateCheck(m: Engine, e: Easy, now: number): void {
  const r = e.rlRecv;
  const s = e.rlSend;
  if (r === null && s === null) return;
  const rw = r !== null ? r.waitMs(now) : 0;
  const sw = s !== null ? s.waitMs(now) : 0;
  e.throttled = (rw > 0 ? THROTTLE_RECV : 0) | (sw > 0 ? THROTTLE_SEND : 0);
  if (rw > 0 || sw > 0) {
    if (e.opts.verbose) m.debug(e, `[RLIMIT] waiting ${Math.max(rw, sw)}ms`);
    m.expire(e, Math.max(rw, sw), EXPIRE_TOOFAST);
    return;
  }
  const rn = r !== null ? r.nextStepMs(now) : 0;
  const sn = s !== null ? s.nextStepMs(now) : 0;
  const next = rn && sn ? Math.min(rn, sn) : Math.max(rn, sn);
  if (next > 0) m.expire(e, next, EXPIRE_TOOFAST);
}
