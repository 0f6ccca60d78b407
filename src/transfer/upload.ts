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
import { FRAME_POST, FRAME_PRE, type Framed } from "../http/body-frame.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import type { Transfer } from "./transfer.ts";

/** How much the read callback is offered at a time (libcurl's default upload buffer is 64 KiB). */
const PIECE = 64 * 1024;
/**
 * One buffer serves every transfer, with room around the data for the protocol's framing: the
 * callback fills it and the caller sends it at once; whatever the socket does not take is copied out
 * (req.pending) before anything else can reuse it.
 */
const frame = new Uint8Array(FRAME_PRE + PIECE + FRAME_POST);

/** Result of next(): a piece ready in out (buf/start/end), the body is complete, or wait/failed. */
export const PIECE_READY = 0;
export const BODY_DONE = 1;
export const PIECE_WAIT = 2;
export const PIECE_FAILED = 3;

/**
 * Asks the read callback for the next piece and frames it. On PIECE_READY, out.buf[out.start..out.end)
 * is what to send now.
 */
export function nextPiece(m: Ports, t: Transfer, out: Framed): number {
  const r = t.req;
  if (r.streamEnded) return BODY_DONE;
  const o = t.opts;
  const fn = o.readFunction;
  let want = PIECE;
  if (r.streamLeft >= 0) want = Math.min(want, r.streamLeft);
  let n = 0;
  if (want > 0 && fn !== null) {
    const view = frame.subarray(FRAME_PRE, FRAME_PRE + want);
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
    const last = t.proto!.endBody();
    if (last === null) return BODY_DONE;
    out.buf = last;
    out.start = 0;
    out.end = last.length;
    return PIECE_READY;
  }
  if (r.streamLeft >= 0) r.streamLeft -= n;
  r.streamRead += n;
  t.proto!.frameBody(frame, FRAME_PRE, FRAME_PRE + n, out);
  return PIECE_READY;
}
