// SENDING: the request head, then the body (bytes given up front, or pieces from the read callback),
// under the send rate limit. With Expect: 100-continue the body waits (in WAITING) for "100 Continue",
// the 100-continue timeout, or a final answer.

import { CURLE_OK, CURLE_SEND_ERROR } from "../constants/index.ts";
import { EXPIRE_100_TIMEOUT } from "../timer/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, retry, retryable, setState, since } from "./mstate.ts";
import { parserOf } from "./receive.ts";
import { buildRequest } from "./request.ts";
import { ST_SENDING, ST_WAITING } from "./states.ts";
import { rateCheck, THROTTLE_SEND } from "./timeouts.ts";
import { BODY_DONE, nextPiece, PIECE_READY } from "./upload.ts";

/** Result of one send attempt: everything went, the socket is full (wait), or the socket failed. */
const SENT = 0;
const BLOCKED = 1;
const FAILED = 2;

const at = { pos: 0 };
const piece = { buf: new Uint8Array(0), start: 0, end: 0 };

/** Sends buf[pos..end) as far as the socket and the rate limit let it; the new position goes to at.pos. */
function push(m: Engine, e: Easy, buf: Uint8Array, pos: number, end: number): number {
  const t = m.transport;
  const s = e.conn!.s;
  const rl = e.rlSend;
  while (pos < end) {
    let stop = end;
    if (rl !== null) {
      const avail = rl.avail(m.now());
      if (avail <= 0) {
        at.pos = pos;
        rateCheck(m, e, m.now());
        return BLOCKED;
      }
      stop = Math.min(stop, pos + avail);
    }
    const n = t.send(s, buf, pos, stop);
    if (n < 0) {
      at.pos = pos;
      return FAILED;
    }
    if (n === 0) {
      at.pos = pos;
      return BLOCKED;
    }
    rl?.drain(n, m.now());
    pos += n;
  }
  at.pos = pos;
  return SENT;
}

/**
 * The SENDING state. Returns true when the state changed, false while waiting for writability, the
 * rate limit, or a paused read callback. `acceptEncoding` is the Accept-Encoding header to send.
 */
export function stateSending(m: Engine, e: Easy, acceptEncoding: string | undefined): boolean {
  if (e.throttled & THROTTLE_SEND) {
    rateCheck(m, e, m.now());
    if (e.throttled & THROTTLE_SEND) return false;
  }
  if (!e.pretransferDone) {
    if (buildRequest(m, e, acceptEncoding) !== CURLE_OK) return true;
    e.tPretransfer += since(e, m.now());
    e.pretransferDone = true;
    e.streamRead = 0;
    e.streamEnded = false;
    e.pending = null;
    e.rlSend?.start(m.now(), e.sendBuf!.length + e.requestBodyLength);
  }
  if (e.sendBuf !== null) {
    const buf = e.sendBuf;
    const r = push(m, e, buf, e.sendPos, buf.length);
    if (r === FAILED) return sendFailed(m, e);
    if (r === BLOCKED) {
      if (e.sendShared) {
        // The shared writer buffer is reused by the next transfer: keep our own copy of the rest.
        e.sendBuf = buf.slice(at.pos);
        e.sendPos = 0;
        e.sendShared = false;
      } else e.sendPos = at.pos;
      return false;
    }
    e.sendBuf = null;
    e.sendPos = 0;
    if ((e.body !== null || e.streaming) && e.expect100) {
      // Head sent: the body waits for "100 Continue" (or the timeout) in WAITING.
      e.expect100At = m.now() + e.opts.expect100TimeoutMs;
      m.expire(e, e.opts.expect100TimeoutMs, EXPIRE_100_TIMEOUT);
      toWaiting(m, e);
      return true;
    }
  }
  if (e.body !== null) {
    const r = push(m, e, e.body, e.bodyPos, e.body.length);
    const moved = at.pos - e.bodyPos;
    e.bodyPos = at.pos;
    e.sizeUpload += moved;
    e.requestSize += moved;
    if (r === FAILED) return sendFailed(m, e);
    if (r === BLOCKED) return false;
    e.body = null;
    e.bodyPos = 0;
  }
  if (e.streaming && !sendStream(m, e)) return e.state !== ST_SENDING;
  toWaiting(m, e);
  return true;
}

/** Pieces from the read callback until it ends; false while waiting (socket, pause) or failed. */
function sendStream(m: Engine, e: Easy): boolean {
  for (;;) {
    const p = e.pending;
    if (p !== null) {
      const r = push(m, e, p, 0, p.length);
      if (r === FAILED) return sendFailed(m, e) && false;
      if (r === BLOCKED) {
        if (at.pos > 0) e.pending = p.subarray(at.pos);
        return false;
      }
      e.pending = null;
    }
    const before = e.streamRead;
    const k = nextPiece(m, e, piece);
    if (k === BODY_DONE) return true;
    if (k !== PIECE_READY) return false; // paused (PIECE_WAIT) or failed (state is DONE)
    const data = e.streamRead - before;
    e.sizeUpload += data;
    e.requestSize += piece.end - piece.start;
    const r = push(m, e, piece.buf, piece.start, piece.end);
    if (r === FAILED) return sendFailed(m, e) && false;
    if (r === BLOCKED) {
      // The piece buffer is shared: keep our own copy of what the socket did not take.
      e.pending = piece.buf.slice(at.pos, piece.end);
      return false;
    }
  }
}

/**
 * While the body waits for "100 Continue": goes back to SENDING once it came or the wait expired.
 * Returns true when the state changed.
 */
export function expect100Check(m: Engine, e: Easy, now: number): boolean {
  if ((e.body === null && !e.streaming) || e.expect100At === Number.POSITIVE_INFINITY) return false;
  if (!e.got100 && now < e.expect100At) return false;
  e.expect100At = Number.POSITIVE_INFINITY;
  m.expireDone(e, EXPIRE_100_TIMEOUT);
  setState(m, e, ST_SENDING);
  return true;
}

function toWaiting(m: Engine, e: Easy): void {
  if (!e.parserReady) {
    const o = e.opts;
    parserOf(m, e).reset(o.noBody !== 0, e.reused, o.followLocation !== 0, o.maxFileSize > 0);
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
