// The request wire format of the worker pool (pure): a list of requests as ONE transferable ArrayBuffer,
// so the main thread hands a worker thousands of requests with one postMessage and no per-request
// object crossing the thread. Layout (native-endian Int32 words, then bytes):
//   [MAGIC, n]  ids[n]  offsets[4n + 1]  bytes...
// Request i's fields are the byte slices offsets[4i + f] .. offsets[4i + f + 1] for f = url, method,
// header block ("Name: value" lines joined by "\n"), body: UTF-8, except the body, which is raw bytes.
// An empty method means GET, an empty header block none, an empty body none.

/** First word of a request buffer: "MSRQ", so a buffer of the wrong kind is refused, not misread. */
export const REQUESTS_MAGIC = 0x4d535251;
/** Byte slices per request: url, method, header block, body. */
export const REQUEST_FIELDS = 4;
const F_URL = 0;
const F_METHOD = 1;
const F_HEADERS = 2;
const F_BODY = 3;
const HEAD_WORDS = 2;

/**
 * One request of a pool: a URL alone, or what libcurl would set on the easy handle for it (the
 * `CURLOPT_URL`, `CURLOPT_CUSTOMREQUEST`, `CURLOPT_HTTPHEADER` and `CURLOPT_POSTFIELDS` of the
 * transfer). Every other option is the pool's, the same for all its requests.
 */
export interface PoolRequest {
  /** `CURLOPT_URL`. */
  url: string | URL;
  /** The method: "GET" (default), "HEAD" (`CURLOPT_NOBODY`), "POST", or any other (`CURLOPT_CUSTOMREQUEST`). */
  method?: string;
  /** `CURLOPT_HTTPHEADER`: "Name: value" lines, or a record of names to values. No CR or LF in any. */
  headers?: readonly string[] | Readonly<Record<string, string>>;
  /** `CURLOPT_POSTFIELDS`: the request body (a POST unless `method` says otherwise). */
  body?: string | Uint8Array;
}

/** What the pool takes per request: a URL (string or URL) or a {@link PoolRequest}. */
export type PoolInput = string | URL | PoolRequest;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Encodes requests into request buffers. The byte and offset scratch arrays grow by doubling and are
 * kept between calls, so a steady stream of batches allocates only each batch's own ArrayBuffer
 * (which is transferred away and cannot be reused).
 */
export class RequestEncoder {
  private bytes = new Uint8Array(64 * 1024);
  private offs = new Int32Array(4 * 1024 + 1);
  private ids = new Int32Array(1024);

  /**
   * `inputs[start..end)` as one request buffer, request i with id `firstId + (i - start)`. Throws a
   * TypeError (the bad value in the message) for a request that is not a URL or a PoolRequest, or a
   * header with CR or LF (it would split into two headers on the wire).
   */
  encode(inputs: readonly PoolInput[], start: number, end: number, firstId = start): ArrayBuffer {
    const n = end - start;
    if (n < 0 || start < 0 || end > inputs.length)
      throw new RangeError(`encode: bad range ${start}..${end} of ${inputs.length} requests`);
    if (this.ids.length < n) this.ids = new Int32Array(grown(this.ids.length, n));
    if (this.offs.length < REQUEST_FIELDS * n + 1)
      this.offs = new Int32Array(grown(this.offs.length, REQUEST_FIELDS * n + 1));
    let pos = 0;
    for (let k = 0; k < n; k++) {
      const r = inputs[start + k];
      this.ids[k] = firstId + k;
      const o = REQUEST_FIELDS * k;
      this.offs[o + F_URL] = pos;
      if (typeof r === "string") {
        pos = this.text(r, pos);
        this.offs[o + F_METHOD] = pos;
        this.offs[o + F_HEADERS] = pos;
        this.offs[o + F_BODY] = pos;
        continue;
      }
      if (r instanceof URL) {
        pos = this.text(r.href, pos);
        this.offs[o + F_METHOD] = pos;
        this.offs[o + F_HEADERS] = pos;
        this.offs[o + F_BODY] = pos;
        continue;
      }
      if (r === null || typeof r !== "object" || r.url === undefined)
        throw new TypeError(`request ${start + k}: not a URL or { url }: ${String(r)}`);
      pos = this.text(typeof r.url === "string" ? r.url : r.url.href, pos);
      this.offs[o + F_METHOD] = pos;
      if (r.method !== undefined && r.method !== "GET") pos = this.text(r.method, pos);
      this.offs[o + F_HEADERS] = pos;
      if (r.headers !== undefined) pos = this.headers(r.headers, pos, start + k);
      this.offs[o + F_BODY] = pos;
      if (r.body !== undefined) pos = this.body(r.body, pos);
    }
    this.offs[REQUEST_FIELDS * n] = pos;
    const words = HEAD_WORDS + n + REQUEST_FIELDS * n + 1;
    const buf = new ArrayBuffer(4 * words + pos);
    const w = new Int32Array(buf, 0, words);
    w[0] = REQUESTS_MAGIC;
    w[1] = n;
    w.set(this.ids.subarray(0, n), HEAD_WORDS);
    w.set(this.offs.subarray(0, REQUEST_FIELDS * n + 1), HEAD_WORDS + n);
    new Uint8Array(buf, 4 * words, pos).set(this.bytes.subarray(0, pos));
    return buf;
  }

  /** Room for `more` bytes at `pos` (doubling). */
  private room(pos: number, more: number): void {
    if (pos + more <= this.bytes.length) return;
    const b = new Uint8Array(grown(this.bytes.length, pos + more));
    b.set(this.bytes.subarray(0, pos));
    this.bytes = b;
  }

  private text(s: string, pos: number): number {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(pos, 3 * s.length);
    return pos + utf8.encodeInto(s, this.bytes.subarray(pos)).written;
  }

  private headers(h: PoolRequest["headers"], pos: number, at: number): number {
    const lines: readonly string[] = Array.isArray(h)
      ? h
      : Object.entries(h as Record<string, string>).map(([k, v]) => `${k}: ${v}`);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (/[\r\n]/.test(line))
        throw new TypeError(`request ${at}: header with CR or LF: ${JSON.stringify(line)}`);
      if (i > 0) {
        this.room(pos, 1);
        this.bytes[pos++] = 0x0a;
      }
      pos = this.text(line, pos);
    }
    return pos;
  }

  private body(b: string | Uint8Array, pos: number): number {
    if (typeof b === "string") return this.text(b, pos);
    this.room(pos, b.length);
    this.bytes.set(b, pos);
    return pos + b.length;
  }
}

function grown(have: number, need: number): number {
  let n = Math.max(have, 16);
  while (n < need) n *= 2;
  return n;
}

/**
 * A request buffer read in place: the accessors decode one field when asked (the URL string is the one
 * a worker needs for every request; the others are empty for a plain GET). Throws a TypeError on a
 * buffer that is not a request buffer.
 */
export class RequestView {
  /** Requests in the buffer. */
  readonly length: number;
  private readonly ids: Int32Array;
  private readonly offs: Int32Array;
  private readonly bytes: Uint8Array;

  /** Reads `buf`, a request buffer (RequestEncoder.encode's). */
  constructor(buf: ArrayBuffer) {
    const head = buf.byteLength >= 8 ? new Int32Array(buf, 0, HEAD_WORDS) : null;
    if (head === null || head[0] !== REQUESTS_MAGIC)
      throw new TypeError(`not a request buffer (${buf.byteLength} bytes)`);
    const n = head[1]!;
    this.length = n;
    this.ids = new Int32Array(buf, 4 * HEAD_WORDS, n);
    this.offs = new Int32Array(buf, 4 * (HEAD_WORDS + n), REQUEST_FIELDS * n + 1);
    const start = 4 * (HEAD_WORDS + n + REQUEST_FIELDS * n + 1);
    this.bytes = new Uint8Array(buf, start, buf.byteLength - start);
  }

  /** Request i's id (its index in the caller's list). */
  id(i: number): number {
    return this.ids[i]!;
  }

  /** Request i's URL. */
  url(i: number): string {
    return this.field(i, F_URL);
  }

  /** Request i's method, "" for the default GET. */
  method(i: number): string {
    return this.field(i, F_METHOD);
  }

  /** Request i's header lines ([] for none). */
  headers(i: number): string[] {
    const s = this.field(i, F_HEADERS);
    return s === "" ? [] : s.split("\n");
  }

  /** Request i's body (a view into the buffer), or null for none. */
  body(i: number): Uint8Array | null {
    const o = REQUEST_FIELDS * i + F_BODY;
    const a = this.offs[o]!;
    const b = this.offs[o + 1]!;
    return a === b ? null : this.bytes.subarray(a, b);
  }

  /** True when request i is a plain GET of its URL (no method, headers or body). */
  plain(i: number): boolean {
    const o = REQUEST_FIELDS * i;
    return this.offs[o + F_METHOD] === this.offs[o + REQUEST_FIELDS];
  }

  private field(i: number, f: number): string {
    const o = REQUEST_FIELDS * i + f;
    const a = this.offs[o]!;
    const b = this.offs[o + 1]!;
    return a === b ? "" : utf8Decoder.decode(this.bytes.subarray(a, b));
  }
}
