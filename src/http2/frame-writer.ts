// The HTTP/2 frame writer (RFC 9113 §4.1, §6): plain functions appending whole frames to an OutBuf,
// the connection's pending output. We never pad and never send priority signals (§5.3.2).
// Arguments are trusted on the hot path except where a bad one would corrupt the stream; those
// throw RangeError with the value (API misuse, not a peer's error).

import {
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FRAME_CONTINUATION,
  FRAME_DATA,
  FRAME_GOAWAY,
  FRAME_HEADER_LENGTH,
  FRAME_HEADERS,
  FRAME_PING,
  FRAME_RST_STREAM,
  FRAME_SETTINGS,
  FRAME_WINDOW_UPDATE,
  MAX_FRAME_SIZE_LIMIT,
  MAX_WINDOW,
  PREFACE,
} from "./constants.ts";
import { copyBytes } from "./copy-bytes.ts";
import type { OutBuf } from "./out-buf.ts";

const utf8 = new TextEncoder();

/** The 24-byte client connection preface (§3.4); a SETTINGS frame must follow it. */
export function writePreface(out: OutBuf): void {
  out.bytes(PREFACE);
}

/** The 9-byte frame head (§4.1). The stream id's reserved bit is written as 0. */
export function writeFrameHead(
  out: OutBuf,
  length: number,
  type: number,
  flags: number,
  sid: number,
): void {
  if (!(length >= 0 && length <= MAX_FRAME_SIZE_LIMIT)) {
    throw new RangeError(`frame length ${length} outside [0, ${MAX_FRAME_SIZE_LIMIT}]`);
  }
  out.ensure(FRAME_HEADER_LENGTH);
  const b = out.buf;
  const i = out.len;
  b[i] = length >>> 16;
  b[i + 1] = length >>> 8;
  b[i + 2] = length;
  b[i + 3] = type;
  b[i + 4] = flags;
  b[i + 5] = (sid >>> 24) & 0x7f;
  b[i + 6] = sid >>> 16;
  b[i + 7] = sid >>> 8;
  b[i + 8] = sid;
  out.len = i + FRAME_HEADER_LENGTH;
}

/** SETTINGS with `pairs` = [id, value, id, value, ...] (§6.5); [] is a valid empty SETTINGS. */
export function writeSettings(out: OutBuf, pairs: number[]): void {
  const n = pairs.length;
  if (n % 2 !== 0) throw new RangeError(`settings pairs of odd length ${n}`);
  writeFrameHead(out, n * 3, FRAME_SETTINGS, 0, 0);
  for (let i = 0; i < n; i += 2) {
    out.u16(pairs[i]!);
    out.u32(pairs[i + 1]!);
  }
}

/** The empty SETTINGS frame with ACK that acknowledges the peer's SETTINGS (§6.5.3). */
export function writeSettingsAck(out: OutBuf): void {
  writeFrameHead(out, 0, FRAME_SETTINGS, FLAG_ACK, 0);
}

/** PING carrying payload[start..start+8) (§6.7); a reply echoes the request's bytes with ack. */
export function writePing(out: OutBuf, ack: boolean, payload: Uint8Array, start = 0): void {
  if (start + 8 > payload.length) {
    throw new RangeError(`PING payload needs 8 bytes at ${start}, has ${payload.length - start}`);
  }
  writeFrameHead(out, 8, FRAME_PING, ack ? FLAG_ACK : 0, 0);
  copySpan(out, payload, start, start + 8);
}

/** WINDOW_UPDATE for a stream, or the connection with sid 0 (§6.9); increment in [1, 2^31-1]. */
export function writeWindowUpdate(out: OutBuf, sid: number, increment: number): void {
  if (!(increment >= 1 && increment <= MAX_WINDOW)) {
    throw new RangeError(`WINDOW_UPDATE increment ${increment} outside [1, ${MAX_WINDOW}]`);
  }
  writeFrameHead(out, 4, FRAME_WINDOW_UPDATE, 0, sid);
  out.u32(increment);
}

/** RST_STREAM with an error code (§6.4). */
export function writeRstStream(out: OutBuf, sid: number, code: number): void {
  writeFrameHead(out, 4, FRAME_RST_STREAM, 0, sid);
  out.u32(code);
}

/** GOAWAY (§6.8): the last stream id we processed, an error code, optional debug text (UTF-8). */
export function writeGoaway(out: OutBuf, lastSid: number, code: number, debug?: string): void {
  const at = out.len;
  writeFrameHead(out, 8, FRAME_GOAWAY, 0, 0);
  out.u32(lastSid & 0x7fffffff);
  out.u32(code);
  if (debug === undefined || debug.length === 0) return;
  // UTF-8 takes at most 3 bytes per UTF-16 unit; write in place, then fix the frame length.
  out.ensure(debug.length * 3);
  const n = utf8.encodeInto(debug, out.buf.subarray(out.len)).written;
  out.len += n;
  out.patch(at, 3, 8 + n);
}

/**
 * A header block as HEADERS plus as many CONTINUATION frames as `maxFrameSize` (the peer's
 * SETTINGS_MAX_FRAME_SIZE) requires, END_HEADERS on the last (§6.2, §6.10). An empty block is one
 * empty HEADERS frame. END_STREAM goes on the HEADERS frame: it is the one that carries it.
 */
export function writeHeaders(
  out: OutBuf,
  sid: number,
  block: Uint8Array,
  start: number,
  end: number,
  endStream: boolean,
  maxFrameSize: number,
): void {
  if (!(maxFrameSize >= 1)) throw new RangeError(`maxFrameSize ${maxFrameSize} below 1`);
  const total = end - start;
  out.ensure(total + FRAME_HEADER_LENGTH * (1 + Math.ceil(total / maxFrameSize)));
  let n = Math.min(total, maxFrameSize);
  let flags = (endStream ? FLAG_END_STREAM : 0) | (n === total ? FLAG_END_HEADERS : 0);
  writeFrameHead(out, n, FRAME_HEADERS, flags, sid);
  copySpan(out, block, start, start + n);
  for (let p = start + n; p < end; p += n) {
    n = Math.min(end - p, maxFrameSize);
    flags = p + n === end ? FLAG_END_HEADERS : 0;
    writeFrameHead(out, n, FRAME_CONTINUATION, flags, sid);
    copySpan(out, block, p, p + n);
  }
}

/** Just the 9-byte head of a DATA frame: the caller appends its `length` payload bytes. */
export function writeDataHead(out: OutBuf, sid: number, length: number, endStream: boolean): void {
  writeFrameHead(out, length, FRAME_DATA, endStream ? FLAG_END_STREAM : 0, sid);
}

/** A DATA frame with buf[start..end) (§6.1). The caller keeps it within the peer's max frame
 *  size and the flow-control windows. */
export function writeData(
  out: OutBuf,
  sid: number,
  buf: Uint8Array,
  start: number,
  end: number,
  endStream: boolean,
): void {
  writeFrameHead(out, end - start, FRAME_DATA, endStream ? FLAG_END_STREAM : 0, sid);
  copySpan(out, buf, start, end);
}

/** OutBuf.bytes without a subarray view per small span. */
function copySpan(out: OutBuf, src: Uint8Array, start: number, end: number): void {
  const n = end - start;
  out.ensure(n);
  copyBytes(out.buf, out.len, src, start, end);
  out.len += n;
}
