// HTTP/1.1 behind the protocol seam: one request at a time per connection, the head written by the
// shared RequestWriter, the response read by this connection's ResponseParser, whose events go to the
// transfer that owns the current request.

import type { Protocol, ResponseFacts } from "../conn/protocol.ts";
import { chunkWhole, type Framed, frameChunk, LAST_CHUNK } from "./body-frame.ts";
import { type ResponseHandler, ResponseParser } from "./parser.ts";
import { type RequestHead, requestWriter } from "./request.ts";
import { EventRelay } from "./response.ts";

export class Http1 extends EventRelay implements Protocol {
  readonly name = "http/1.1";
  readonly version = 11;
  /** The request's bytes go straight to the connection's socket. */
  readonly io = null;
  private readonly parser: ResponseParser;
  /** A request is in flight (from expect() to done()). */
  private busy = false;
  /** Responses this connection carried: a non-HTTP first line is "Invalid status line" after one. */
  private served = 0;
  private forbidden = false;
  /** The request being sent goes chunked (decided when its head was written). */
  private chunked = false;
  headSize = 0;

  constructor() {
    super();
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
    const bytes = requestWriter.write(head);
    this.headSize = bytes.length;
    return bytes;
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
    this.relayTo(events);
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

  mayRetry(): boolean {
    return false;
  }

  retireConnection(): void {
    this.forbidden = true;
  }

  get reusable(): boolean {
    const p = this.parser;
    return p.complete && p.keepAlive && !this.forbidden;
  }

  done(): void {
    if (this.busy) this.served++;
    this.busy = false;
    this.relayTo(null);
  }
}
