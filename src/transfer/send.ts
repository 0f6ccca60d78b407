// SENDING: the request head, then the body (bytes given up front, or pieces from the read callback),
// under the send rate limit. With Expect: 100-continue the body waits (in WAITING, see expect.ts) for
// "100 Continue", the 100-continue timeout, or a final answer.

import { SEND_FORGONE } from "../conn/protocol.ts";
import { CURLE_OK, CURLE_SEND_ERROR } from "../constants/index.ts";
import { await100, forgoBody } from "./expect.ts";
import { fail, setState, since } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { receiverOf } from "./receive.ts";
import { buildRequest } from "./request.ts";
import { retry, retryable } from "./retry.ts";
import { ST_SENDING, ST_WAITING } from "./states.ts";
import { rateCheck, THROTTLE_SEND } from "./timeouts.ts";
import type { Transfer } from "./transfer.ts";
import { BODY_DONE, nextPiece, PIECE_READY } from "./upload.ts";

/** Result of one send attempt: everything went, the socket is full (wait), or the socket failed. */
const SENT = 0;
const BLOCKED = 1;
const FAILED = 2;
/** The peer answered and wants no more of the body (an HTTP/2 stream it ended): it is not sent. */
const FORGONE = 3;

const at = { pos: 0 };
const piece = { buf: new Uint8Array(0), start: 0, end: 0 };

/** Sends buf[pos..end) as far as the socket and the rate limit let it; the new position goes to at.pos. */
function push(m: Ports, t: Transfer, buf: Uint8Array, pos: number, end: number): number {
  // The socket itself, or the HTTP/2 stream (which frames the bytes as DATA under flow control).
  const io = t.proto!.io ?? m.transport;
  const s = t.conn!.s;
  const rl = t.speed.send;
  while (pos < end) {
    let stop = end;
    if (rl !== null) {
      const avail = rl.avail(m.now());
      if (avail <= 0) {
        at.pos = pos;
        rateCheck(m, t, m.now());
        return BLOCKED;
      }
      stop = Math.min(stop, pos + avail);
    }
    const n = io.send(s, buf, pos, stop);
    if (n < 0) {
      at.pos = pos;
      return n === SEND_FORGONE ? FORGONE : FAILED;
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
export function stateSending(m: Ports, t: Transfer, acceptEncoding: string | undefined): boolean {
  const sp = t.speed;
  if (sp.throttled & THROTTLE_SEND) {
    rateCheck(m, t, m.now());
    if (sp.throttled & THROTTLE_SEND) return false;
  }
  const r = t.req;
  if (!r.built) {
    if (buildRequest(m, t, acceptEncoding) !== CURLE_OK) return true;
    t.info.tPretransfer += since(t, m.now());
    r.built = true;
    sp.send?.start(m.now(), r.head!.length + r.bodyLength);
  }
  if (r.head !== null) {
    const buf = r.head;
    const res = push(m, t, buf, r.headPos, buf.length);
    if (res === FAILED || res === FORGONE) return sendFailed(m, t);
    if (res === BLOCKED) {
      if (r.shared) {
        // The shared writer buffer is reused by the next request: keep our own copy of the rest.
        r.head = buf.slice(at.pos);
        r.headPos = 0;
        r.shared = false;
      } else r.headPos = at.pos;
      return false;
    }
    r.head = null;
    r.headPos = 0;
    if ((r.body !== null || r.streaming) && r.expect100) {
      // Head sent: the body waits for "100 Continue" (or the timeout) in WAITING.
      await100(m, t);
      toWaiting(m, t);
      return true;
    }
  }
  if (r.body !== null) {
    const res = push(m, t, r.body, r.bodyPos, r.body.length);
    const moved = at.pos - r.bodyPos;
    r.bodyPos = at.pos;
    t.info.sizeUpload += moved;
    t.info.requestSize += moved;
    if (res === FORGONE) return bodyForgone(m, t);
    if (res === FAILED) return sendFailed(m, t);
    if (res === BLOCKED) return false;
    r.body = null;
    r.bodyPos = 0;
  }
  if (r.streaming && !sendStream(m, t)) return t.state !== ST_SENDING;
  toWaiting(m, t);
  return true;
}

/** Pieces from the read callback until it ends; false while waiting (socket, pause) or failed. */
function sendStream(m: Ports, t: Transfer): boolean {
  const r = t.req;
  for (;;) {
    const p = r.pending;
    if (p !== null) {
      const res = push(m, t, p, 0, p.length);
      if (res === FORGONE) return bodyForgone(m, t) && false;
      if (res === FAILED) return sendFailed(m, t) && false;
      if (res === BLOCKED) {
        if (at.pos > 0) r.pending = p.subarray(at.pos);
        return false;
      }
      r.pending = null;
    }
    const before = r.streamRead;
    const k = nextPiece(m, t, piece);
    if (k === BODY_DONE) return true;
    if (k !== PIECE_READY) return false; // paused (PIECE_WAIT) or failed (state is DONE)
    t.info.sizeUpload += r.streamRead - before;
    t.info.requestSize += piece.end - piece.start;
    const res = push(m, t, piece.buf, piece.start, piece.end);
    if (res === FORGONE) return bodyForgone(m, t) && false;
    if (res === FAILED) return sendFailed(m, t) && false;
    if (res === BLOCKED) {
      // The piece buffer is shared: keep our own copy of what the socket did not take.
      r.pending = piece.buf.slice(at.pos, piece.end);
      return false;
    }
  }
}

/** The request is out (or its body waits): the protocol is readied for the response, once per request. */
function toWaiting(m: Ports, t: Transfer): void {
  if (!t.resp.ready) {
    const o = t.opts;
    t.proto!.expect(receiverOf(m, t), o.noBody !== 0, o.followLocation !== 0, o.maxFileSize > 0);
    t.resp.ready = true;
  }
  setState(m, t, ST_WAITING);
}

/** The answer came and the rest of the body is not wanted: it is not sent (nor counted). */
function bodyForgone(m: Ports, t: Transfer): boolean {
  const r = t.req;
  forgoBody(m, t);
  r.streaming = false;
  r.pending = null;
  toWaiting(m, t);
  return true;
}

function sendFailed(m: Ports, t: Transfer): boolean {
  const stream = t.proto!.io;
  const s = t.conn!.s;
  if (retryable(t)) return retry(m, t, "Connection died");
  // An HTTP/2 stream fails with its own code and text (the stream or its connection failed).
  if (stream !== null) fail(m, t, stream.error(s), stream.errorDetail(s));
  else fail(m, t, CURLE_SEND_ERROR, `Send failure: ${m.transport.errorDetail(s) || "Broken pipe"}`);
  return true;
}
