// The protocol seam: what a connection speaks, behind one small interface. A transfer hands the
// protocol its request and receives the response as events (http/parser.ts's ResponseHandler); the
// protocol owns the framing, the parser and whether its connection can take another request. HTTP/1.1
// (http/connection.ts) is the one protocol today; HTTP/2 will be a second folder (src/http2) behind
// the same interface.

import type { Framed } from "../http/body-frame.ts";
import type { ResponseHandler } from "../http/parser.ts";
import type { RequestHead } from "../http/request.ts";

/** What the response said so far (the parser's fields, read-only to everyone else). */
export interface ResponseFacts {
  /** 0 or the CURLE code of a failure, and libcurl's error-buffer text for it. */
  readonly result: number;
  readonly detail: string;
  /** Status code and version (10 or 11) of the latest status line. */
  readonly status: number;
  readonly version: number;
  /** Content-Length of the final response, -1 when absent or chunked. */
  readonly contentLength: number;
  readonly contentType: string;
  readonly contentEncoding: string;
  readonly location: string;
  /** A 3xx with a Location while CURLOPT_FOLLOWLOCATION is on (libcurl's req.newurl). */
  readonly newUrl: boolean;
  /** The connection closes after this response. */
  readonly closing: boolean;
  /** The whole message arrived. */
  readonly complete: boolean;
  /** Body bytes delivered so far (after de-chunking). */
  readonly bodyBytes: number;
}

/** One connection's protocol. */
export interface Protocol {
  /** ALPN-style name: "http/1.1". */
  readonly name: string;
  /** What the current response said so far. */
  readonly facts: ResponseFacts;
  /** Whether a new request can start on this connection now (HTTP/1.1: when none is in flight). */
  canStart(): boolean;
  /**
   * The request head as bytes to send. The buffer is shared by every connection and valid until the
   * next head is written: send it at once and copy what the socket does not take.
   */
  writeHead(head: RequestHead): Uint8Array;
  /**
   * Frames a piece of a streamed body for the wire, in place where the protocol can: buf[start..end)
   * has FRAME_PRE bytes of room before it and FRAME_POST after it (http/body-frame.ts). The bytes to send
   * go to `out`.
   */
  frameBody(buf: Uint8Array, start: number, end: number, out: Framed): void;
  /** What ends a streamed body on the wire (HTTP/1.1 chunked: the last chunk), or null for nothing. */
  endBody(): Uint8Array | null;
  /** A body given whole, as it goes on the wire after the head. */
  frameWhole(body: Uint8Array): Uint8Array;
  /** Readies the protocol for the response to the request just sent; its events go to `events`. */
  expect(events: ResponseHandler, noBody: boolean, follow: boolean, maxFileSize: boolean): void;
  /** Feeds received bytes; returns how many were taken (it stops at the end of the message). */
  receive(buf: Uint8Array, start: number, end: number): number;
  /** The peer closed: the response's final CURLE code (`facts.detail` says why). */
  end(): number;
  /** Header and body bytes of the current response that arrived (0: nothing did). */
  received(): number;
  /** The connection must not carry another request (an error, a timeout, excess bytes, an option). */
  forbidReuse(): void;
  /** Whether the connection may go back to the cache now (the response complete, keep-alive). */
  readonly reusable: boolean;
  /** The current request is over, complete or not: the connection is free for the cache to decide. */
  done(): void;
}
