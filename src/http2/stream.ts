// One request on an HTTP/2 connection: the Protocol a transfer speaks (its head becomes a HEADERS
// frame, its body DATA frames under flow control) and the StreamIO it reads from. The session files
// what arrives for the stream here: the heads as HTTP/1.1-style lines ("HTTP/2 200 \r\n", the fields,
// the blank line), DATA as views of the received chunks (never copied, never reused), and the
// stream's end or its error. The transfer reads them through the same ResponseParser as HTTP/1.1,
// in HTTP/2 mode, so every header rule of libcurl applies once.
//
// Invariants: `inbox` holds at most what the stream's receive window let the peer send; a window
// update goes out only for data bytes the transfer consumed, so a paused transfer closes its own
// window and no other.

import type { Protocol, ResponseFacts, StreamIO } from "../conn/protocol.ts";
import type { Framed } from "../http/body-frame.ts";
import { type ResponseHandler, ResponseParser } from "../http/parser.ts";
import type { RequestHead } from "../http/request.ts";
import { EventRelay } from "../http/response.ts";
import { SOCK_EOF, SOCK_ERROR, SOCK_OPEN } from "../transport/types.ts";

const EMPTY = new Uint8Array(0);

/** What a stream asks of its session (session.ts): the send side and the end of the stream. */
export interface StreamOwner {
  /** Sends the request's HEADERS; returns the size of the HTTP/1.1 head they were made from. */
  submit(st: H2Stream, head: RequestHead): number;
  sendData(st: H2Stream, buf: Uint8Array, start: number, end: number): number;
  endStream(st: H2Stream): void;
  consumed(st: H2Stream, n: number): void;
  close(st: H2Stream): void;
  /** No new streams on the connection; it closes once its streams are done. */
  retire(): void;
}

export class H2Stream extends EventRelay implements Protocol, StreamIO {
  readonly name = "h2";
  readonly version = 20;
  /** The stream id (odd), 0 until its HEADERS went out. */
  id = 0;
  /** Whose request this is (the engine's transfer). */
  user: unknown = null;
  readonly parser: ResponseParser;

  // What arrived, waiting to be read: chunks with `isData` telling DATA bytes from head lines.
  private chunks: Uint8Array[] = [];
  private isData: boolean[] = [];
  private head = 0;
  private offset = 0;
  /** Trailer lines (own copies), delivered at the stream's end. */
  trailers: Uint8Array[] | null = null;

  /** Flow control: what we may still send, what the peer may still send us. */
  sendWindow = 0;
  recvWindow = 0;
  /** Data bytes consumed (and padding) since the last WINDOW_UPDATE we sent for the stream. */
  recvUnacked = 0;
  /** END_STREAM sent / received; the stream was reset (by either side). */
  localClosed = false;
  remoteClosed = false;
  reset = false;
  /** A final (non-1xx) head arrived. */
  finalHead = false;
  /** The final head's content-length (-1: none), and DATA bytes received. */
  contentLength = -1;
  dataBytes = 0;
  /** The request's body bytes still to send (-1: unknown until endBody()). */
  bodyLeft = -1;
  /** The stream failed: the CURLE code and libcurl's text; `retry` when it may start again. */
  err = 0;
  detail = "";
  retry = false;
  /** In the session's touched list; waiting for send window. */
  touched = false;
  sendBlocked = false;
  /** The request was for a HEAD (no body expected whatever content-length says). */
  noBody = false;
  /** The HTTP/1.1 head the request's fields were made from, in bytes. */
  headSize = 0;

  constructor(readonly session: StreamOwner) {
    super();
    this.parser = new ResponseParser(this);
  }

  get io(): StreamIO {
    return this;
  }

  /** Back to a new stream's state (the session reuses stream objects). */
  clear(): void {
    this.id = 0;
    this.user = null;
    this.chunks.length = 0;
    this.isData.length = 0;
    this.head = 0;
    this.offset = 0;
    this.trailers = null;
    this.sendWindow = 0;
    this.recvWindow = 0;
    this.recvUnacked = 0;
    this.localClosed = false;
    this.remoteClosed = false;
    this.reset = false;
    this.finalHead = false;
    this.contentLength = -1;
    this.dataBytes = 0;
    this.bodyLeft = -1;
    this.err = 0;
    this.detail = "";
    this.retry = false;
    this.touched = false;
    this.sendBlocked = false;
    this.noBody = false;
    this.headSize = 0;
    this.relayTo(null);
  }

  // ---- what the session files (the receive side) ----

  /** Queues head lines (an own copy) or DATA bytes (a view of a received chunk). */
  enqueue(chunk: Uint8Array, data: boolean): void {
    this.chunks.push(chunk);
    this.isData.push(data);
  }

  /** Fails the stream (nothing more is read after what is queued). */
  fail(code: number, detail: string, retry = false): void {
    if (this.err !== 0) return;
    this.err = code;
    this.detail = detail;
    this.retry = retry;
  }

  // ---- Protocol ----

  get facts(): ResponseFacts {
    return this.parser;
  }

  canStart(): boolean {
    return false;
  }

  writeHead(head: RequestHead): Uint8Array {
    this.headSize = this.session.submit(this, head);
    return EMPTY;
  }

  frameBody(buf: Uint8Array, start: number, end: number, out: Framed): void {
    out.buf = buf;
    out.start = start;
    out.end = end;
  }

  endBody(): Uint8Array | null {
    if (!this.localClosed) this.session.endStream(this);
    return null;
  }

  frameWhole(body: Uint8Array): Uint8Array {
    return body;
  }

  expect(events: ResponseHandler, noBody: boolean, follow: boolean, maxFileSize: boolean): void {
    this.relayTo(events);
    this.noBody = noBody;
    this.parser.reset(noBody, false, follow, maxFileSize, true);
  }

  receive(buf: Uint8Array, start: number, end: number): number {
    return this.parser.execute(buf, start, end);
  }

  /** The stream ended (END_STREAM, everything read): trailers, then the parser's end. */
  end(): number {
    const tr = this.trailers;
    if (tr !== null) {
      this.trailers = null;
      for (const line of tr) {
        const rc = this.parser.trailer(line, 0, line.length);
        if (rc !== 0) return rc;
      }
    }
    return this.parser.eof();
  }

  received(): number {
    return this.parser.headerBytes + this.parser.bodyBytes;
  }

  mayRetry(): boolean {
    return this.retry;
  }

  retireConnection(): void {
    this.session.retire();
  }

  /** A stream cannot spoil its connection: what would close an HTTP/1.1 one resets the stream. */
  forbidReuse(): void {}

  get reusable(): boolean {
    return this.parser.complete;
  }

  done(): void {
    this.session.close(this);
  }

  // ---- StreamIO (socket numbers are ignored) ----

  send(_s: number, buf: Uint8Array, start: number, end: number): number {
    return this.session.sendData(this, buf, start, end);
  }

  recvChunk(_s: number): Uint8Array | undefined {
    return this.head < this.chunks.length ? this.chunks[this.head] : undefined;
  }

  recvOffset(_s: number): number {
    return this.offset;
  }

  consume(_s: number, n: number): void {
    const chunk = this.chunks[this.head];
    if (chunk === undefined || n <= 0) return;
    if (this.isData[this.head]) this.session.consumed(this, n);
    this.offset += n;
    if (this.offset < chunk.length) return;
    this.chunks[this.head] = EMPTY;
    this.head++;
    this.offset = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.isData.length = 0;
      this.head = 0;
    }
  }

  state(_s: number): number {
    if (this.err !== 0) return SOCK_ERROR;
    return this.remoteClosed ? SOCK_EOF : SOCK_OPEN;
  }

  error(_s: number): number {
    return this.err;
  }

  errorDetail(_s: number): string {
    return this.detail;
  }
}
