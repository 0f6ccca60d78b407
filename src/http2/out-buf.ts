// A growable byte buffer that frames and header blocks are written into: one per HTTP/2 connection
// (its pending output) and one per encoder scratch. Writes never allocate unless the buffer grows.

export class OutBuf {
  buf: Uint8Array;
  /** Bytes written so far: buf[0..len). */
  len = 0;

  constructor(initial = 16384) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for n more bytes. */
  ensure(n: number): void {
    const need = this.len + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const i = this.len;
    b[i] = v >>> 8;
    b[i + 1] = v;
    this.len = i + 2;
  }

  u24(v: number): void {
    this.ensure(3);
    const b = this.buf;
    const i = this.len;
    b[i] = v >>> 16;
    b[i + 1] = v >>> 8;
    b[i + 2] = v;
    this.len = i + 3;
  }

  u32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const i = this.len;
    b[i] = v >>> 24;
    b[i + 1] = v >>> 16;
    b[i + 2] = v >>> 8;
    b[i + 3] = v;
    this.len = i + 4;
  }

  /** Appends src[start..end). */
  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    this.ensure(n);
    this.buf.set(n === src.length ? src : src.subarray(start, end), this.len);
    this.len += n;
  }

  /** Appends a string's chars as bytes (each char code & 0xff: header names and values are ASCII). */
  latin1(s: string): void {
    const n = s.length;
    this.ensure(n);
    const b = this.buf;
    let i = this.len;
    for (let k = 0; k < n; k++) b[i++] = s.charCodeAt(k);
    this.len = i;
  }

  /** Writes a big-endian value of `bytes` bytes at position `at` (to fill in a length later). */
  patch(at: number, bytes: number, v: number): void {
    const b = this.buf;
    for (let k = bytes - 1; k >= 0; k--) {
      b[at + k] = v & 0xff;
      v >>>= 8;
    }
  }

  /** A view of what was written (valid until the next write or reset). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** Drops the first n bytes (sent), keeping the rest at the front. */
  shift(n: number): void {
    if (n >= this.len) {
      this.len = 0;
      return;
    }
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
  }

  reset(): void {
    this.len = 0;
  }
}
