// A request body from CURLOPT_READFUNCTION, read as the socket takes it (no more than one piece is held
// at a time), framed as chunks when the size is unknown. CURL_READFUNC_PAUSE holds the send side until
// curl_easy_pause; CURL_READFUNC_ABORT ends the transfer with CURLE_ABORTED_BY_CALLBACK.

import {
  CURL_READFUNC_ABORT,
  CURL_READFUNC_PAUSE,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_READ_ERROR,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import type { Transfer } from "./transfer.ts";

/** How much the read callback is offered at a time (libcurl's default upload buffer is 64 KiB). */
const PIECE = 64 * 1024;
/** Room before the data for the chunk size line ("ffffffff\r\n"), and after it for "\r\n". */
const PRE = 10;
/**
 * One buffer serves every transfer: the callback fills it and the caller sends it at once; whatever the
 * socket does not take is copied out (req.pending) before anything else can reuse it.
 */
const frame = new Uint8Array(PRE + PIECE + 2);
const LAST_CHUNK = new TextEncoder().encode("0\r\n\r\n");

/** Result of next(): a piece ready in out (buf/start/end), the body is complete, or wait/failed. */
export const PIECE_READY = 0;
export const BODY_DONE = 1;
export const PIECE_WAIT = 2;
export const PIECE_FAILED = 3;

const HEX = "0123456789abcdef";

/**
 * A body given up front, under a chunked framing the user asked for (a Transfer-Encoding: chunked
 * header): one chunk ("<hex>\r\n" body "\r\n", none when empty), then the last chunk.
 */
export function chunkFrame(body: Uint8Array): Uint8Array {
  if (body.length === 0) return LAST_CHUNK;
  const pre = new TextEncoder().encode(`${body.length.toString(16)}\r\n`);
  const out = new Uint8Array(pre.length + body.length + 2 + LAST_CHUNK.length);
  out.set(pre, 0);
  out.set(body, pre.length);
  out[pre.length + body.length] = 13;
  out[pre.length + body.length + 1] = 10;
  out.set(LAST_CHUNK, pre.length + body.length + 2);
  return out;
}

/**
 * Asks the read callback for the next piece and frames it. On PIECE_READY, out.buf[out.start..out.end)
 * is what to send now.
 */
export function nextPiece(
  m: Ports,
  t: Transfer,
  out: { buf: Uint8Array; start: number; end: number },
): number {
  const r = t.req;
  if (r.streamEnded) return BODY_DONE;
  const o = t.opts;
  const fn = o.readFunction;
  let want = PIECE;
  if (r.streamLeft >= 0) want = Math.min(want, r.streamLeft);
  let n = 0;
  if (want > 0 && fn !== null) {
    const view = frame.subarray(PRE, PRE + want);
    n = m.guard.read(fn, view, t, o.readData);
    if (n === CALLBACK_FAILED) {
      fail(m, t, CURLE_ABORTED_BY_CALLBACK, `operation aborted by callback: ${t.info.errorDetail}`);
      return PIECE_FAILED;
    }
    if (n === CURL_READFUNC_PAUSE) {
      t.paused |= CURLPAUSE_SEND;
      return PIECE_WAIT;
    }
    if (n === CURL_READFUNC_ABORT) {
      fail(m, t, CURLE_ABORTED_BY_CALLBACK, "operation aborted by callback");
      return PIECE_FAILED;
    }
    if (!Number.isInteger(n) || n < 0 || n > want) {
      fail(m, t, CURLE_READ_ERROR, "read function returned funny value");
      return PIECE_FAILED;
    }
  }
  if (n === 0) {
    if (r.streamLeft > 0) {
      fail(
        m,
        t,
        CURLE_READ_ERROR,
        `client read function EOF fail, only ${t.info.sizeUpload}/${r.bodyLength} of needed bytes read`,
      );
      return PIECE_FAILED;
    }
    r.streamEnded = true;
    if (!r.chunked) return BODY_DONE;
    out.buf = LAST_CHUNK;
    out.start = 0;
    out.end = LAST_CHUNK.length;
    return PIECE_READY;
  }
  if (r.streamLeft >= 0) r.streamLeft -= n;
  r.streamRead += n;
  if (!r.chunked) {
    out.buf = frame;
    out.start = PRE;
    out.end = PRE + n;
    return PIECE_READY;
  }
  // "<hex>\r\n" right before the data, "\r\n" right after it: one send, no copy of the data.
  let p = PRE - 2;
  frame[p] = 13;
  frame[p + 1] = 10;
  for (let v = n; v > 0; v >>>= 4) frame[--p] = HEX.charCodeAt(v & 15);
  frame[PRE + n] = 13;
  frame[PRE + n + 1] = 10;
  out.buf = frame;
  out.start = p;
  out.end = PRE + n + 2;
  return PIECE_READY;
}
