// The protocol seam: what a request speaks on its connection, behind one small interface. A transfer
// hands the protocol its request and receives the response as events (http/parser.ts's
// ResponseHandler); the protocol owns the framing, the parser and whether the connection can take
// another request. HTTP/1.1 (http/connection.ts) is the connection itself; HTTP/2 (src/http2) gives
// each request a stream of a shared session, with its own byte I/O (StreamIO).

import type { Framed } from "../http/body-frame.ts";
import type { ResponseHandler } from "../http/parser.ts";
import type { RequestHead } from "../http/request.ts";
import type { Transport } from "../transport/types.ts";

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

/** StreamIO.send's answer when the peer ended the exchange and wants no more of the body. */
export const SEND_FORGONE = -2;

/**
 * Byte I/O of one request where it is not the socket's own: an HTTP/2 stream's (socket numbers are
 * ignored). It is the part of the transport's socket table that a transfer reads and writes
 * through, so the transfer uses one face whichever it is. A stream's `send` may also answer
 * SEND_FORGONE; its `state` is SOCK_EOF once the stream ended and everything was read.
 */
export type StreamIO = Pick<
  Transport,
  "send" | "recvChunk" | "recvOffset" | "consume" | "state" | "error" | "errorDetail"
>;

/** One request's protocol on its connection: the connection's own for HTTP/1.1, a stream for HTTP/2. */
export interface Protocol {
  /** ALPN-style name: "http/1.1", "h2". */
  readonly name: string;
  /** 11 for HTTP/1.x, 20 for HTTP/2: what the request may use (Expect, chunked framing). */
  readonly version: number;
  /** Where the request's bytes go and the response's come from; null: the connection's socket. */
  readonly io: StreamIO | null;
  /** What the current response said so far. */
  readonly facts: ResponseFacts;
  /** Whether a new request can start on this connection now (HTTP/1.1: when none is in flight). */
  canStart(): boolean;
  /** Bytes of the last request head as libcurl counts them (CURLINFO_REQUEST_SIZE): HTTP/2 counts
   *  the HTTP/1.1 head its fields were made from, as libcurl does. */
  readonly headSize: number;
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
  /** The request failed in a way that may be retried as a whole on another connection (HTTP/2:
   *  REFUSED_STREAM, or a stream above a GOAWAY's last stream id). */
  mayRetry(): boolean;
  /** CURLOPT_FORBID_REUSE (libcurl's connclose): the connection takes no new request and closes
   *  once its requests are done (HTTP/2: once its other streams are). */
  retireConnection(): void;
  /** The connection must not carry another request (an error, a timeout, excess bytes, an option). */
  forbidReuse(): void;
  /** Whether the connection may go back to the cache now (the response complete, keep-alive). */
  readonly reusable: boolean;
  /** The current request is over, complete or not: the connection is free for the cache to decide. */
  done(): void;
}
