// SENDING: the request head, then the body, under the send rate limit. With Expect: 100-continue the
// body waits (in WAITING) for "100 Continue", the 100-continue timeout, or a final answer.

import { CURLE_OK, CURLE_SEND_ERROR } from "../constants/index.ts";
import { EXPIRE_100_TIMEOUT } from "../timer/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, retry, retryable, setState } from "./mstate.ts";
import { parserOf } from "./receive.ts";
import { buildRequest } from "./request.ts";
import { ST_SENDING, ST_WAITING } from "./states.ts";
import { rateCheck, THROTTLE_SEND } from "./timeouts.ts";

/** Result of one send attempt: everything went, the socket is full (wait), or the transfer failed. */
const SENT = 0;
const BLOCKED = 1;
const FAILED = 2;

/** Sends buf[pos..) as far as the socket and the rate limit let it; the new position goes to out.pos. */
function push(m: Engine, e: Easy, buf: Uint8Array, pos: number, out: { pos: number }): number {
  const t = m.transport;
  const s = e.conn!.s;
  const rl = e.rlSend;
  while (pos < buf.length) {
    let end = buf.length;
    if (rl !== null) {
      const avail = rl.avail(m.now());
      if (avail <= 0) {
        out.pos = pos;
        rateCheck(m, e, m.now());
        return BLOCKED;
      }
      end = Math.min(end, pos + avail);
    }
    const n = t.send(s, buf, pos, end);
    if (n < 0) {
      out.pos = pos;
      return FAILED;
    }
    if (n === 0) {
      out.pos = pos;
      return BLOCKED;
    }
    rl?.drain(n, m.now());
    pos += n;
  }
  out.pos = pos;
  return SENT;
}

const scratch = { pos: 0 };

/** The SENDING state. Returns true when the state changed, false while waiting for writability or the rate limit. */
export function stateSending(m: Engine, e: Easy): boolean {
  if (e.throttled & THROTTLE_SEND) {
    rateCheck(m, e, m.now());
    if (e.throttled & THROTTLE_SEND) return false;
  }
  if (e.sendBuf === null && e.body === null) {
    if (buildRequest(m, e) !== CURLE_OK) return true;
    e.tPretransfer = m.now();
    e.rlSend?.start(m.now(), e.sendBuf!.length + e.requestBodyLength);
  }
  if (e.sendBuf !== null) {
    const buf = e.sendBuf;
    const r = push(m, e, buf, e.sendPos, scratch);
    if (r === FAILED) return sendFailed(m, e);
    if (r === BLOCKED) {
      if (e.sendShared) {
        // The shared writer buffer is reused by the next transfer: keep our own copy of the rest.
        e.sendBuf = buf.slice(scratch.pos);
        e.sendPos = 0;
        e.sendShared = false;
      } else e.sendPos = scratch.pos;
      return false;
    }
    e.sendBuf = null;
    e.sendPos = 0;
    if (e.body !== null && e.expect100) {
      // Head sent: the body waits for "100 Continue" (or the timeout) in WAITING.
      e.expect100At = m.now() + e.opts.expect100TimeoutMs;
      m.expire(e, e.opts.expect100TimeoutMs, EXPIRE_100_TIMEOUT);
      toWaiting(m, e);
      return true;
    }
  }
  if (e.body !== null) {
    const r = push(m, e, e.body, e.bodyPos, scratch);
    const moved = scratch.pos - e.bodyPos;
    e.bodyPos = scratch.pos;
    e.sizeUpload += moved;
    e.requestSize += moved;
    if (r === FAILED) return sendFailed(m, e);
    if (r === BLOCKED) return false;
    e.body = null;
    e.bodyPos = 0;
  }
  toWaiting(m, e);
  return true;
}

/**
 * While the body waits for "100 Continue": goes back to SENDING once it came or the wait expired.
 * Returns true when the state changed.
 */
export function expect100Check(m: Engine, e: Easy, now: number): boolean {
  if (e.body === null || e.expect100At === Number.POSITIVE_INFINITY) return false;
  if (!e.got100 && now < e.expect100At) return false;
  e.expect100At = Number.POSITIVE_INFINITY;
  m.expireDone(e, EXPIRE_100_TIMEOUT);
  setState(m, e, ST_SENDING);
  return true;
}

function toWaiting(m: Engine, e: Easy): void {
  if (!e.parserReady) {
    parserOf(m, e).reset(e.opts.noBody !== 0, e.reused);
    e.parserReady = true;
  }
  setState(m, e, ST_WAITING);
}

function sendFailed(m: Engine, e: Easy): boolean {
  const detail = m.transport.errorDetail(e.conn!.s);
  if (retryable(e)) return retry(m, e, "Connection died");
  fail(m, e, CURLE_SEND_ERROR, `Send failure: ${detail || "Broken pipe"}`);
  return true;
}
