// Bytes to a string of one char per byte (ISO-8859-1: byte b becomes U+00bb), the form HPACK names
// and values take here. Used for raw literals (straight from the block) and Huffman output (scratch).

type Slice = (this: Uint8Array, start: number, end: number) => string;

/**
 * Buffer's latin1Slice is a native copy: measured in Bun 1.4.5 at ~40 ns for 5-30 bytes, 2-10x
 * faster than String.fromCharCode.apply or += per char, and it accepts a plain Uint8Array as
 * `this`. TextDecoder("latin1") is not an option: WHATWG makes it windows-1252, so 27 of the bytes
 * 0x80-0x9f come out as other chars.
 */
const nativeSlice = (Buffer.prototype as unknown as { latin1Slice?: Slice }).latin1Slice;

/** Chunk size for the fallback: String.fromCharCode.apply takes its bytes as arguments. */
const CHUNK = 4096;

/** buf[start..end) as a latin1 string, without Buffer (the fallback, and the tests' reference). */
export function latin1StringPortable(buf: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += CHUNK) {
    const part = buf.subarray(i, Math.min(end, i + CHUNK));
    s += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return s;
}

/** buf[start..end) as a latin1 string ("" for an empty range). */
export const latin1String: (buf: Uint8Array, start: number, end: number) => string =
  typeof nativeSlice === "function"
    ? (buf, start, end) => (start === end ? "" : nativeSlice.call(buf, start, end))
    : latin1StringPortable;
