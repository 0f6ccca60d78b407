// A ReadableStream request body through the read callback: each call copies what it can of the
// current chunk; with no chunk ready it starts one read of the stream and answers CURL_READFUNC_PAUSE,
// and the read's settling unpauses the send side. One read in flight at most, one chunk held.

import { CURL_READFUNC_ABORT, CURL_READFUNC_PAUSE } from "../constants/index.ts";
import type { Pauser } from "../driver/pauser.ts";

const encoder = new TextEncoder();

/** A stream chunk as bytes; null for a value fetch does not send. */
function chunkBytes(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (typeof v === "string") return encoder.encode(v);
  return null;
}

export class UploadSource {
  private readonly reader: {
    read(): Promise<{ done: boolean; value?: unknown }>;
    cancel(reason?: unknown): Promise<void>;
  };
  private chunk: Uint8Array | null = null;
  private off = 0;
  private reading = false;
  private ended = false;
  /** Why the stream failed (its error, or a TypeError for a chunk that is not bytes); undefined if not. */
  failure: unknown = undefined;

  constructor(
    stream: ReadableStream<unknown>,
    private readonly pauser: Pauser,
  ) {
    this.reader = stream.getReader();
  }

  /** CURLOPT_READFUNCTION. */
  readonly read = (buf: Uint8Array): number => {
    const c = this.chunk;
    if (c !== null) {
      const n = Math.min(buf.length, c.length - this.off);
      buf.set(c.subarray(this.off, this.off + n));
      this.off += n;
      if (this.off >= c.length) this.chunk = null;
      return n;
    }
    if (this.failure !== undefined) return CURL_READFUNC_ABORT;
    if (this.ended) return 0;
    if (!this.reading) this.next();
    this.pauser.send = true;
    return CURL_READFUNC_PAUSE;
  };

  /** Stops reading the stream (the transfer ended early or was aborted). */
  cancel(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.reader.cancel(reason).catch(() => {});
  }

  private next(): void {
    this.reading = true;
    this.reader.read().then(
      (r) => {
        this.reading = false;
        if (r.done) this.ended = true;
        else {
          const b = chunkBytes(r.value);
          if (b === null) this.failure = new TypeError("fetch: a body stream chunk is not bytes");
          else if (b.length === 0) return this.next();
          else {
            this.chunk = b;
            this.off = 0;
          }
        }
        this.pauser.resumeSend();
      },
      (err) => {
        this.reading = false;
        this.failure = err;
        this.pauser.resumeSend();
      },
    );
  }
}
