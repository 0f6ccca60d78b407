// HTTP/1.1 chunked framing of a request body (RFC 9112 section 7.1): a streamed piece is framed in
// place, with its size line written into the room left before it, so the data is never copied; a
// body given whole becomes one chunk and the last chunk.

/** Room a body piece needs before it for the chunk size line ("ffffffff\r\n"). */
export const FRAME_PRE = 10;
/** Room after it for the chunk's "\r\n". */
export const FRAME_POST = 2;

export const LAST_CHUNK = new TextEncoder().encode("0\r\n\r\n");

const HEX = "0123456789abcdef";

/** Where a framed piece is: out.buf[out.start..out.end). */
export interface Framed {
  buf: Uint8Array;
  start: number;
  end: number;
}

/**
 * Frames buf[start..end) as one chunk in place: "<hex>\r\n" goes right before the data (start must be
 * at least FRAME_PRE) and "\r\n" right after it (FRAME_POST bytes of room). One send, no copy.
 */
export function frameChunk(buf: Uint8Array, start: number, end: number, out: Framed): void {
  let p = start - 2;
  buf[p] = 13;
  buf[p + 1] = 10;
  for (let v = end - start; v > 0; v >>>= 4) buf[--p] = HEX.charCodeAt(v & 15);
  buf[end] = 13;
  buf[end + 1] = 10;
  out.buf = buf;
  out.start = p;
  out.end = end + 2;
}

/** A body given up front as one chunk ("<hex>\r\n" body "\r\n", none when empty), then the last chunk. */
export function chunkWhole(body: Uint8Array): Uint8Array {
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
