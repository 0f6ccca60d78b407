// The result wire format of the worker pool (pure): a batch of finished transfers as ONE transferable
// ArrayBuffer, columns side by side (structure of arrays), so the main thread reads them in place:
//   [MAGIC, n] (Int32)  bodySize[n] totalTime[n] (Float64)  index[n] code[n] responseCode[n]
//   offsets[2n + 1] (Int32)  bytes...
// Result i's body is bytes[offsets[2i] .. offsets[2i + 1]) (empty unless bodies are collected), its
// error text (CURLINFO_ERROR_BUFFER, UTF-8; empty on success) bytes[offsets[2i + 1] .. offsets[2i + 2]).
// ResultWriter fills one in the worker; ResultBatch reads one; mergeByIndex makes the run() result.

/** First word of a result buffer: "MSRS". */
export const RESULTS_MAGIC = 0x4d535253;
const HEAD_BYTES = 8;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/** Byte offsets of the columns of an n-result buffer holding `bytes` body and error bytes. */
function layout(n: number) {
  const f64 = HEAD_BYTES;
  const i32 = f64 + 16 * n;
  const bytes = i32 + 4 * (3 * n + 2 * n + 1);
  return { f64, i32, bytes };
}

/**
 * Finished transfers, read in place from a result buffer: the typed-array columns are views of it,
 * `body(i)` a view too (no copy). The libcurl notions: `code` is the transfer's CURLcode (the
 * CURLMSG_DONE result), `responseCode` CURLINFO_RESPONSE_CODE, `bodySize` CURLINFO_SIZE_DOWNLOAD,
 * `totalTime` CURLINFO_TOTAL_TIME (seconds), `error(i)` CURLINFO_ERROR_BUFFER.
 */
export class ResultBatch {
  /** Results in this batch. */
  readonly length: number;
  /** Each result's request: its index in the list given to run() or stream(). */
  readonly index: Int32Array;
  /** CURLcode of each transfer (0 = CURLE_OK), the CURLMSG_DONE result. */
  readonly code: Int32Array;
  /** CURLINFO_RESPONSE_CODE (0 when no response arrived). */
  readonly responseCode: Int32Array;
  /** CURLINFO_SIZE_DOWNLOAD: body bytes received (also when bodies are not collected). */
  readonly bodySize: Float64Array;
  /** CURLINFO_TOTAL_TIME: seconds from the start of the transfer to its end. */
  readonly totalTime: Float64Array;
  private readonly offs: Int32Array;
  private readonly bytes: Uint8Array;

  /** Reads `buf`, a result buffer; throws a TypeError on anything else. */
  constructor(buf: ArrayBuffer) {
    const head = buf.byteLength >= HEAD_BYTES ? new Int32Array(buf, 0, 2) : null;
    if (head === null || head[0] !== RESULTS_MAGIC)
      throw new TypeError(`not a result buffer (${buf.byteLength} bytes)`);
    const n = head[1]!;
    const l = layout(n);
    this.length = n;
    this.bodySize = new Float64Array(buf, l.f64, n);
    this.totalTime = new Float64Array(buf, l.f64 + 8 * n, n);
    this.index = new Int32Array(buf, l.i32, n);
    this.code = new Int32Array(buf, l.i32 + 4 * n, n);
    this.responseCode = new Int32Array(buf, l.i32 + 8 * n, n);
    this.offs = new Int32Array(buf, l.i32 + 12 * n, 2 * n + 1);
    this.bytes = new Uint8Array(buf, l.bytes, buf.byteLength - l.bytes);
  }

  /** Result i's body bytes: a view into the batch (empty when the pool does not collect bodies). */
  body(i: number): Uint8Array {
    return this.bytes.subarray(this.offs[2 * i]!, this.offs[2 * i + 1]!);
  }

  /** Result i's body as UTF-8 text. */
  text(i: number): string {
    return utf8Decoder.decode(this.body(i));
  }

  /** Result i's error text (CURLINFO_ERROR_BUFFER), "" when the transfer succeeded. */
  error(i: number): string {
    const a = this.offs[2 * i + 1]!;
    const b = this.offs[2 * i + 2]!;
    return a === b ? "" : utf8Decoder.decode(this.bytes.subarray(a, b));
  }

  /** Results whose code is CURLE_OK. */
  get ok(): number {
    let k = 0;
    for (let i = 0; i < this.length; i++) if (this.code[i] === 0) k++;
    return k;
  }
}

/**
 * Collects results into a result buffer. Columns and bytes grow by doubling and are kept across
 * batches; `finish()` copies them into the batch's own exact-size ArrayBuffer (transferred away, so
 * it cannot be the scratch) and starts the next batch.
 */
export class ResultWriter {
  /** Results added since the last finish(). */
  length = 0;
  private cap = 0;
  private index = new Int32Array(0);
  private code = new Int32Array(0);
  private rc = new Int32Array(0);
  private size = new Float64Array(0);
  private time = new Float64Array(0);
  private offs = new Int32Array(1);
  private bytes = new Uint8Array(16 * 1024);
  private pos = 0;

  /** Adds one result; `body` (may be null) is copied, `error` is the error-buffer text ("" for none). */
  add(
    index: number,
    code: number,
    responseCode: number,
    bodySize: number,
    totalTime: number,
    body: Uint8Array | null,
    error: string,
  ): void {
    const i = this.length;
    if (i === this.cap) this.grow();
    this.index[i] = index;
    this.code[i] = code;
    this.rc[i] = responseCode;
    this.size[i] = bodySize;
    this.time[i] = totalTime;
    if (body !== null && body.length > 0) {
      this.room(body.length);
      this.bytes.set(body, this.pos);
      this.pos += body.length;
    }
    this.offs[2 * i + 1] = this.pos;
    if (error !== "") {
      this.room(3 * error.length);
      this.pos += utf8.encodeInto(error, this.bytes.subarray(this.pos)).written;
    }
    this.offs[2 * i + 2] = this.pos;
    this.length = i + 1;
  }

  /** The batch so far as a result buffer (to transfer); the writer is empty again. */
  finish(): ArrayBuffer {
    const n = this.length;
    const l = layout(n);
    const buf = new ArrayBuffer(l.bytes + this.pos);
    const head = new Int32Array(buf, 0, 2);
    head[0] = RESULTS_MAGIC;
    head[1] = n;
    new Float64Array(buf, l.f64, n).set(this.size.subarray(0, n));
    new Float64Array(buf, l.f64 + 8 * n, n).set(this.time.subarray(0, n));
    new Int32Array(buf, l.i32, n).set(this.index.subarray(0, n));
    new Int32Array(buf, l.i32 + 4 * n, n).set(this.code.subarray(0, n));
    new Int32Array(buf, l.i32 + 8 * n, n).set(this.rc.subarray(0, n));
    new Int32Array(buf, l.i32 + 12 * n, 2 * n + 1).set(this.offs.subarray(0, 2 * n + 1));
    new Uint8Array(buf, l.bytes, this.pos).set(this.bytes.subarray(0, this.pos));
    this.length = 0;
    this.pos = 0;
    return buf;
  }

  private grow(): void {
    const cap = Math.max(64, 2 * this.cap);
    const g32 = (a: Int32Array, n: number) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.index = g32(this.index, cap);
    this.code = g32(this.code, cap);
    this.rc = g32(this.rc, cap);
    this.size = g64(this.size);
    this.time = g64(this.time);
    this.offs = g32(this.offs, 2 * cap + 1);
    this.cap = cap;
  }

  private room(more: number): void {
    if (this.pos + more <= this.bytes.length) return;
    let n = this.bytes.length;
    while (n < this.pos + more) n *= 2;
    const b = new Uint8Array(n);
    b.set(this.bytes.subarray(0, this.pos));
    this.bytes = b;
  }
}

/**
 * The batches of one run, `total` requests, as one batch in request order (result i is request i).
 * Throws a RangeError when an index is out of range or missing (each must come exactly once).
 */
export function mergeByIndex(batches: readonly ResultBatch[], total: number): ResultBatch {
  const w = new ResultWriter();
  const where = new Int32Array(2 * total).fill(-1);
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    for (let i = 0; i < batch.length; i++) {
      const at = batch.index[i]!;
      if (at < 0 || at >= total || where[2 * at]! >= 0)
        throw new RangeError(`mergeByIndex: index ${at} out of range or seen twice (${total})`);
      where[2 * at] = b;
      where[2 * at + 1] = i;
    }
  }
  for (let at = 0; at < total; at++) {
    const b = where[2 * at]!;
    if (b < 0) throw new RangeError(`mergeByIndex: no result for request ${at} of ${total}`);
    const batch = batches[b]!;
    const i = where[2 * at + 1]!;
    w.add(
      at,
      batch.code[i]!,
      batch.responseCode[i]!,
      batch.bodySize[i]!,
      batch.totalTime[i]!,
      batch.body(i),
      batch.error(i),
    );
  }
  return new ResultBatch(w.finish());
}
