// Hand-built wire bytes for the frame tests, independent of src/http2/frame-writer.ts, so that the
// parser cases do not trust the writer and the writer tests can compare against them.

/** A piece of bytes: a latin-1 string (one char = one byte), byte values, or bytes. */
export type Part = string | readonly number[] | Uint8Array;

export function bytes(...parts: Part[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let i = 0;
  for (const p of parts) {
    if (typeof p === "string") for (let k = 0; k < p.length; k++) out[i++] = p.charCodeAt(k) & 0xff;
    else for (let k = 0; k < p.length; k++) out[i++] = p[k]! & 0xff;
  }
  return out;
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

export function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}

/** A SETTINGS entry: 16-bit id, 32-bit value. */
export function setting(id: number, value: number): number[] {
  return [(id >>> 8) & 0xff, id & 0xff, ...u32(value)];
}

/** A frame head for a payload of `length` bytes; `sid` is written as given (reserved bit too). */
export function head(length: number, type: number, flags: number, sid: number): number[] {
  return [(length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff, type, flags, ...u32(sid)];
}

/** A whole frame: head with the payload's true length, then the payload. */
export function frame(type: number, flags: number, sid: number, ...payload: Part[]): Uint8Array {
  const body = bytes(...payload);
  return bytes(head(body.length, type, flags, sid), body);
}
