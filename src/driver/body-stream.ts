// A response body as a ReadableStream whose consumer drives the transfer: the write callback enqueues
// while the stream's queue is under its high-water mark and otherwise answers CURL_WRITEFUNC_PAUSE
// (the engine keeps that chunk, stops reading the socket and delivers the chunk again on unpause);
// the stream's pull() unpauses. Memory per transfer is then the high-water mark plus one chunk.
//
// Chunks are enqueued as the engine hands them, without a copy: the write callback's view is either
// the content decoder's own copy or a view of a received socket chunk, and neither changes later
// (transfer/receive.ts). A "bytes" stream would detach that buffer, which other responses share, so
// this is a default stream with a byte-counting size strategy.

import { CURL_WRITEFUNC_PAUSE } from "../constants/index.ts";
import type { Pauser } from "./pauser.ts";

/** Default high-water mark of a body stream, bytes: big enough that a fast consumer never pauses. */
export const BODY_HIGH_WATER_MARK = 1024 * 1024;

/**
 * A long body runs a full garbage collection after every this many bytes. Each socket read is a new
 * buffer of Bun's, garbage once read, and JSC collects such buffers late: a 200 MB download peaked
 * near 90 MiB RSS without this, about 70 with it (test/fetch/rss.test.ts). Bodies shorter than this
 * never pay for it; `gcEvery: 0` (fetch's extras) turns it off.
 */
export const BODY_GC_EVERY = 32 * 1024 * 1024;

const byteSize = (c: Uint8Array | undefined) => c?.byteLength ?? 0;

export class BodyStream {
  readonly stream: ReadableStream<Uint8Array>;
  private readonly gcEvery: number;
  private ctl!: ReadableStreamDefaultController<Uint8Array>;
  /** Closed, errored or cancelled: later writes are dropped. */
  private ended = false;
  /** Bytes enqueued, and the count at which the next collection runs (Infinity: never). */
  private delivered = 0;
  private nextGc: number;

  /**
   * `early`: chunks received before the stream was made, queued first. `onCancel`: the consumer
   * cancelled the stream (the transfer must end).
   */
  /** A pull is waiting for a chunk. */
  private wanted = false;

  constructor(
    private readonly pauser: Pauser,
    highWaterMark: number,
    onCancel: (reason: unknown) => void,
    early: readonly Uint8Array[] = [],
    gcEvery = BODY_GC_EVERY,
  ) {
    this.gcEvery = gcEvery > 0 ? gcEvery : Number.POSITIVE_INFINITY;
    this.nextGc = this.gcEvery;
    const source: Bun.UnderlyingSource<Uint8Array> = {
      start: (c) => {
        this.ctl = c as ReadableStreamDefaultController<Uint8Array>;
        for (const chunk of early) this.ctl.enqueue(chunk);
      },
      pull: () => {
        // The reader wants a chunk: the next one is taken whatever the queue's mark (a mark of 0
        // would otherwise never let one in).
        this.wanted = true;
        this.pauser.resumeRecv();
      },
      cancel: (reason) => {
        this.ended = true;
        onCancel(reason);
      },
    };
    const strategy: QueuingStrategy<Uint8Array> = { highWaterMark, size: byteSize };
    this.stream = new ReadableStream<Uint8Array>(source, strategy);
  }

  /** The queue is at its high-water mark (a write now would pause). */
  full(): boolean {
    if (this.ended || this.wanted) return false;
    const want = this.ctl.desiredSize;
    return want !== null && want <= 0;
  }

  /** The write callback's body: enqueue, or CURL_WRITEFUNC_PAUSE while the queue is full. */
  write(d: Uint8Array): number {
    if (this.ended) return d.length;
    if (this.full()) {
      this.pauser.pauseRecv();
      return CURL_WRITEFUNC_PAUSE;
    }
    this.ctl.enqueue(d);
    this.wanted = false;
    this.delivered += d.length;
    if (this.delivered >= this.nextGc) {
      this.nextGc = this.delivered + this.gcEvery;
      Bun.gc(true);
    }
    return d.length;
  }

  /** The body is complete. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.ctl.close();
  }

  /** The transfer failed or was aborted after the head: readers get `reason`. */
  error(reason: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.ctl.error(reason);
  }
}
