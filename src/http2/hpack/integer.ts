// HPACK integers (RFC 7541 §5.1): an N-bit prefix in the first byte, then 7 bits per continuation
// byte, least significant group first. Shared by the encoder and the decoder.

import type { OutBuf } from "../out-buf.ts";

/** Returned by decodeInt when the block ends inside the integer. */
export const INT_TRUNCATED = -1;
/** Returned by decodeInt for a value over 2^32-1 or more continuation bytes than that needs. */
export const INT_OVERFLOW = -2;

/** 2^32-1: nothing in HPACK (index, length, table size) needs more; larger is an attack. */
const INT_MAX = 0xffffffff;
/** Continuation bytes that can carry 32 bits (5 x 7 = 35); a 6th one is absurd, even if zero. */
const MAX_CONTINUATION = 5;

/** A read position shared by the decoder and decodeInt (so decodeInt returns one number). */
export interface Cursor {
  pos: number;
}

/**
 * Reads the integer whose first byte is buf[cur.pos], with a `prefixBits`-bit prefix (the bits
 * above it are the representation's flags, the caller's business). Advances cur.pos past it.
 * Returns the value (0..2^32-1), INT_TRUNCATED if `end` comes first, or INT_OVERFLOW.
 */
export function decodeInt(buf: Uint8Array, cur: Cursor, end: number, prefixBits: number): number {
  let p = cur.pos;
  if (p >= end) return INT_TRUNCATED;
  const mask = (1 << prefixBits) - 1;
  let v = buf[p++]! & mask;
  if (v < mask) {
    cur.pos = p;
    return v;
  }
  // Multiplication, not shifts: the sum may pass 2^31 and JS shifts are 32-bit signed.
  let scale = 1;
  for (let k = 0; k < MAX_CONTINUATION; k++) {
    if (p >= end) return INT_TRUNCATED;
    const b = buf[p++]!;
    v += (b & 0x7f) * scale;
    if (v > INT_MAX) return INT_OVERFLOW;
    if ((b & 0x80) === 0) {
      cur.pos = p;
      return v;
    }
    scale *= 128;
  }
  return INT_OVERFLOW;
}

/**
 * Writes `v` (0..2^32-1) with a `prefixBits`-bit prefix; `flags` are the first byte's bits above
 * the prefix (e.g. 0x80 for an indexed field).
 */
export function encodeInt(out: OutBuf, flags: number, prefixBits: number, v: number): void {
  const mask = (1 << prefixBits) - 1;
  if (v < mask) {
    out.u8(flags | v);
    return;
  }
  out.ensure(6);
  const b = out.buf;
  let i = out.len;
  b[i++] = flags | mask;
  v -= mask;
  while (v >= 128) {
    b[i++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  b[i++] = v;
  out.len = i;
}
