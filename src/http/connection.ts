// HTTP/1.1 behind the protocol seam: one request at a time per connection, the head written by the
// shared RequestWriter, the response read by this connection's ResponseParser, whose events go to the
// transfer that owns the current request.

import type { Protocol, ResponseFacts } from "../conn/protocol.ts";
import { chunkWhole, type Framed, frameChunk, LAST_CHUNK } from "./body-frame.ts";
import { type ResponseHandler, ResponseParser } from "./parser.ts";
import { type RequestHead, RequestWriter } from "./request.ts";

/** One writer serves every connection: its output is sent (or copied) before the next head is made. */
const writer = new RequestWriter();

/** Events before the first request: none can arrive (nothing is parsed before expect()). */
const NOBODY: ResponseHandler = {
  onHeaderLine: () => 0,
  onInterim: () => 0,
  onHeadersDone: () => 0,
  onBody: () => 0,
  onComplete: () => {},
};

export class Http1 implements Protocol, ResponseHandler {
  readonly name = "http/1.1";
  private readonly parser: ResponseParser;
  /** The transfer whose response is being read. */
  private to: ResponseHandler = NOBODY;
  /** A request is in flight (from expect() to done()). */
  private busy = false;
  /** Responses this connection carried: a non-HTTP first line is "Invalid status line" after one. */
  private served = 0;
  private forbidden = false;
  /** The request being sent goes chunked (decided when its head was written). */
  private chunked = false;

  constructor() {
    this.parser = new ResponseParser(this);
  }

  get facts(): ResponseFacts {
    return this.parser;
  }

  canStart(): boolean {
    return !this.busy && !this.forbidden;
  }

  writeHead(head: RequestHead): Uint8Array {
    this.chunked = head.chunked === true;
    return writer.write(head);
  }

  frameBody(buf: Uint8Array, start: number, end: number, out: Framed): void {
    if (this.chunked) {
      frameChunk(buf, start, end, out);
      return;
    }
    out.buf = buf;
    out.start = start;
    out.end = end;
  }

  endBody(): Uint8Array | null {
    return this.chunked ? LAST_CHUNK : null;
  }

  frameWhole(body: Uint8Array): Uint8Array {
    return this.chunked ? chunkWhole(body) : body;
  }

  expect(events: ResponseHandler, noBody: boolean, follow: boolean, maxFileSize: boolean): void {
    this.to = events;
    this.busy = true;
    this.parser.reset(noBody, this.served > 0, follow, maxFileSize);
  }

  receive(buf: Uint8Array, start: number, end: number): number {
    return this.parser.execute(buf, start, end);
  }

  end(): number {
    this.forbidden = true;
    return this.parser.eof();
  }

  received(): number {
    return this.parser.headerBytes + this.parser.bodyBytes;
  }

  forbidReuse(): void {
    this.forbidden = true;
  }

  get reusable(): boolean {
    const p = this.parser;
    return p.complete && p.keepAlive && !this.forbidden;
  }

  done(): void {
    if (this.busy) this.served++;
    this.busy = false;
    this.to = NOBODY;
  }

  // The parser's events, passed to the transfer of the current request.
  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    return this.to.onHeaderLine(buf, start, end);
  }
  onStatus(status: number, version: number): void {
    this.to.onStatus?.(status, version);
  }
  onContentEncoding(all: string): number {
    return this.to.onContentEncoding?.(all) ?? 0;
  }
  onInterim(status: number): number {
    return this.to.onInterim(status);
  }
  onHeadersDone(): number {
    return this.to.onHeadersDone();
  }
  onBody(buf: Uint8Array, start: number, end: number): number {
    return this.to.onBody(buf, start, end);
  }
  onComplete(): void {
    this.to.onComplete();
  }
}
