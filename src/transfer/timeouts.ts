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
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { newSpeedRing, recordSpeed, resetSpeedRing } from "./progress.ts";
import { RateLimit } from "./ratelimit.ts";
import { ST_CONNECTING, ST_RESOLVING } from "./states.ts";
import type { Transfer } from "./transfer.ts";

/** libcurl's DEFAULT_CONNECT_TIMEOUT: 300 s when CURLOPT_CONNECTTIMEOUT is unset. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

/** Throttle bits (speed.throttled): a rate limit holds the receive or the send side. */
export const THROTTLE_RECV = 1;
export const THROTTLE_SEND = 2;

/** Connect phase: queued for a slot, resolving, connecting (the connect timeout applies). */
function connecting(t: Transfer): boolean {
  return t.state <= ST_CONNECTING;
}

/** ms left before a timeout, Infinity when none applies; <= 0 means it expired. */
export function timeLeft(t: Transfer, now: number): number {
  let left = Number.POSITIVE_INFINITY;
  // The connect timeout runs per request (a redirect starts a new one), the total one for the chain.
  if (connecting(t))
    left = (t.opts.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS) - (now - t.hop.start);
  if (t.opts.timeoutMs > 0) left = Math.min(left, t.opts.timeoutMs - (now - t.tStart));
  return left;
}

/**
 * At the start of a transfer: arms the total and connect timeouts (libcurl arms no timer for the
 * 300 s default; here it has one, so a transfer stuck in connect ends even if nothing else wakes it)
 * and sets up the rate limits.
 */
export function armTimeouts(m: Ports, t: Transfer): void {
  const o = t.opts;
  if (o.timeoutMs > 0) m.timers.expire(t, o.timeoutMs, EXPIRE_TIMEOUT);
  armConnectTimeout(m, t);
  const now = m.now();
  t.speed.reset(
    o.lowSpeedTime > 0 ? o.lowSpeedLimit : 0,
    o.lowSpeedTime * 1000,
    o.maxRecvSpeedLarge > 0 ? new RateLimit(o.maxRecvSpeedLarge, now) : null,
    o.maxSendSpeedLarge > 0 ? new RateLimit(o.maxSendSpeedLarge, now) : null,
  );
}

/** The connect timeout of one request (each hop of a redirect chain has its own). */
export function armConnectTimeout(m: Ports, t: Transfer): void {
  m.timers.expire(t, t.opts.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS, EXPIRE_CONNECTTIMEOUT);
}

/** The connection must not be reused: the transfer fails or stops in the middle of a response. */
function noReuse(t: Transfer): void {
  t.proto?.forbidReuse();
}

/** Ends the transfer with CURLE_OPERATION_TIMEDOUT and libcurl's text if a timeout expired. */
export function checkTimeout(m: Ports, t: Transfer, now: number): boolean {
  if (timeLeft(t, now) > 0) return false;
  // libcurl measures from the request's start while connecting, from the transfer's start otherwise.
  const ms = Math.floor(now - (connecting(t) ? t.hop.start : t.tStart));
  let text: string;
  if (t.state === ST_RESOLVING) text = `Resolving timed out after ${ms} milliseconds`;
  else if (t.state === ST_CONNECTING) text = `Connection timed out after ${ms} milliseconds`;
  else {
    const size = downloadSize(t);
    const got = t.info.sizeDownload;
    text =
      size >= 0
        ? `Operation timed out after ${ms} milliseconds with ${got} out of ${size} bytes received`
        : `Operation timed out after ${ms} milliseconds with ${got} bytes received`;
  }
  noReuse(t);
  fail(m, t, CURLE_OPERATION_TIMEDOUT, text);
  return true;
}

/**
 * CURLOPT_LOW_SPEED_LIMIT/TIME: under the limit for that long ends the transfer; checked again every
 * second on EXPIRE_SPEEDCHECK. A paused transfer is exempt.
 */
export function speedCheck(m: Ports, t: Transfer, now: number): boolean {
  // The limits were copied into the speed record at start, beside the newest record's time and the
  // speed: the per-event path reads that one record (one record a second touches the ring).
  const sp = t.speed;
  const limit = sp.lowLimit;
  if (limit === 0 || (t.paused & (CURLPAUSE_RECV | CURLPAUSE_SEND)) !== 0) return false;
  const elapsed = now - t.tStart;
  if (elapsed - sp.at >= 1000) {
    let ring = sp.ring;
    if (ring === null) {
      ring = newSpeedRing();
      sp.ring = ring;
    }
    sp.speed = recordSpeed(ring, elapsed, t.info.sizeDownload + t.info.sizeUpload);
    sp.at = elapsed;
  }
  if (sp.speed < limit) {
    if (sp.slowSince === 0) sp.slowSince = now;
    else if (now - sp.slowSince >= sp.lowMs) {
      const o = t.opts;
      noReuse(t);
      fail(
        m,
        t,
        CURLE_OPERATION_TIMEDOUT,
        `Operation too slow. Less than ${o.lowSpeedLimit} bytes/sec transferred the last ${o.lowSpeedTime} seconds`,
      );
      return true;
    }
  } else sp.slowSince = 0;
  m.timers.expireAt(t, now + 1000, EXPIRE_SPEEDCHECK);
  return false;
}

/** The response's Content-Length as far as it is known now, -1 when it is not. */
function downloadSize(t: Transfer): number {
  const p = t.proto;
  if (!t.resp.ready) return -1;
  return p !== null ? p.facts.contentLength : t.info.contentLengthDownload;
}

/** Calls CURLOPT_XFERINFOFUNCTION with the transfer's numbers; its return (CALLBACK_FAILED on a throw). */
function callXferInfo(m: Ports, t: Transfer): number {
  const size = downloadSize(t);
  const dltotal = Math.max(size, 0);
  const ultotal = t.req.hasBody ? t.req.bodyLength : 0;
  const info = t.info;
  return m.guard.progress(
    t.opts.xferInfoFunction!,
    t,
    dltotal,
    info.sizeDownload,
    ultotal,
    info.sizeUpload,
  );
}

/** Whether a progress callback answer asks to abort. */
function aborts(rc: number): boolean {
  return rc !== 0 && rc !== CURL_PROGRESSFUNC_CONTINUE;
}

function abortDetail(t: Transfer, rc: number): string {
  return rc === CALLBACK_FAILED ? `Callback aborted: ${t.info.errorDetail}` : "Callback aborted";
}

/**
 * CURLOPT_XFERINFOFUNCTION with CURLOPT_NOPROGRESS 0: called each time the transfer runs and at least
 * once a second; a non-zero return ends the transfer with CURLE_ABORTED_BY_CALLBACK ("Callback
 * aborted"). Returns true when it ended the transfer.
 */
export function progressCheck(m: Ports, t: Transfer, now: number): boolean {
  const o = t.opts;
  if (o.xferInfoFunction === null || o.noProgress !== 0) return false;
  const rc = callXferInfo(m, t);
  if (aborts(rc)) {
    noReuse(t);
    fail(m, t, CURLE_ABORTED_BY_CALLBACK, abortDetail(t, rc));
    return true;
  }
  m.timers.expireAt(t, now + 1000, EXPIRE_SPEEDCHECK);
  return false;
}

/**
 * libcurl's Curl_pgrsDone in multi_done: the final, forced progress call when a request ends (each
 * hop of a redirect chain, and the transfer's end, failed or not), once it got past connecting and
 * unless a callback already aborted it. An abort then turns a success into CURLE_ABORTED_BY_CALLBACK
 * (the transfer fails here, state DONE): returns false in that case.
 */
export function progressDone(m: Ports, t: Transfer): boolean {
  const o = t.opts;
  if (o.xferInfoFunction === null || o.noProgress !== 0 || !t.hop.connected) return true;
  if (t.info.result === CURLE_ABORTED_BY_CALLBACK) return true;
  const rc = callXferInfo(m, t);
  if (!aborts(rc) || t.info.result !== CURLE_OK) return true;
  noReuse(t);
  fail(m, t, CURLE_ABORTED_BY_CALLBACK, abortDetail(t, rc));
  return false;
}

/** A pause ended: the speed is measured afresh (libcurl's Curl_pgrsRecvPause). */
export function speedReset(t: Transfer): void {
  const sp = t.speed;
  if (sp.ring !== null) resetSpeedRing(sp.ring);
  sp.at = Number.NEGATIVE_INFINITY;
  sp.slowSince = 0;
}

/**
 * After moving data under a rate limit: if a bucket is empty the side is held (no IN/OUT wanted) until
 * EXPIRE_TOOFAST; otherwise the timer is set for the next refill so the transfer cannot stall.
 */
export function rateCheck(m: Ports, t: Transfer, now: number): void {
  const r = t.speed.recv;
  const s = t.speed.send;
  if (r === null && s === null) return;
  const rw = r !== null ? r.waitMs(now) : 0;
  const sw = s !== null ? s.waitMs(now) : 0;
  t.speed.throttled = (rw > 0 ? THROTTLE_RECV : 0) | (sw > 0 ? THROTTLE_SEND : 0);
  if (rw > 0 || sw > 0) {
    if (t.opts.verbose) m.guard.debug(t, `[RLIMIT] waiting ${Math.max(rw, sw)}ms`);
    m.timers.expire(t, Math.max(rw, sw), EXPIRE_TOOFAST);
    return;
  }
  const rn = r !== null ? r.nextStepMs(now) : 0;
  const sn = s !== null ? s.nextStepMs(now) : 0;
  const next = rn && sn ? Math.min(rn, sn) : Math.max(rn, sn);
  if (next > 0) m.timers.expire(t, next, EXPIRE_TOOFAST);
}
