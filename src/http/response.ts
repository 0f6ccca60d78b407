// What the response parser and its owner exchange: the callbacks it makes (with the owner's two
// special answers) and the fields it leaves for the owner to read.

/**
 * Callbacks of {@link ResponseParser}. All are synchronous; a non-zero return (other than
 * PARSE_PAUSE from onBody) is a CURLE code that fails the parse with it, leaving `detail` as is so
 * the caller can describe its own failure (libcurl's "Failed writing header" and the like).
 */
export interface ResponseHandler {
  /** Every header line of every response, exactly as received incl. its line ending (bytes that
   *  never change afterwards: a view of the caller's chunk or a copy): the status
   *  line, each header line (an obsolete folded header arrives unfolded, as libcurl delivers it),
   *  the final blank line; 1xx responses too; chunked trailers (normalised to end in CRLF). */
  onHeaderLine(buf: Uint8Array, start: number, end: number): number;
  /** A status line was parsed (http_statusline(), before the line is verified or delivered): 1xx
   *  ones too. libcurl records the response code and version here, so a transfer that fails later
   *  still reports them. */
  onStatus?(status: number, version: number): void;
  /** A Content-Encoding header line arrived; `all` is every coding listed so far in this response,
   *  joined with ", ". Non-zero fails the parse with that code (libcurl builds and checks its decoder
   *  stack at this point, HEAD or not). */
  onContentEncoding?(all: string): number;
  /** A 1xx interim response (100, 102, 103...) ended (its blank line seen). */
  onInterim(status: number): number;
  /** The final response's headers are complete (parser fields are set). Called after the blank
   *  line went to onHeaderLine. */
  onHeadersDone(): number;
  /** Body bytes (after de-chunking), a view into the caller's buffer. 0 = consumed; PARSE_PAUSE =
   *  not consumed, offered again by the next execute(); anything else fails the parse. */
  onBody(buf: Uint8Array, start: number, end: number): number;
  /** The message is complete (body done). */
  onComplete(): void;
}

/** onBody's "not consumed, stop here" answer (libcurl's CURL_WRITEFUNC_PAUSE at this level). */
export const PARSE_PAUSE = -1;
/** onHeadersDone's "the message ends with its head" answer: the body is not read (libcurl's
 *  http_firstwrite for a redirect to follow on a connection that closes anyway). */
export const PARSE_DONE = -2;

/**
 * The fields {@link ResponseParser} leaves for its owner: set by the parser only, valid as each
 * says. A base class of the parser so they stay plain fields of the one parser object.
 */
export class ParsedResponse {
  /** 0 or the CURLE code of the failure. */
  result = 0;
  /** libcurl's error-buffer text for the failure ("" when libcurl sets none: the caller then uses
   *  easyStrerror(result), as libcurl does). */
  detail = "";
  /** Status code of the latest status line: the final response's once headers are done. */
  status = 0;
  /** 10 or 11 (HTTP/1.0, HTTP/1.1) of the latest status line; 0 before. */
  version = 0;
  /** Content-Length of the final response (0 for 204/304 as libcurl reports), -1 when absent or
   *  when the body is chunked. */
  contentLength = -1;
  chunked = false;
  /** The connection may be reused after this response (valid once complete). */
  keepAlive = false;
  complete = false;
  /** Body bytes delivered so far (decoded from chunked). */
  bodyBytes = 0;
  /** All header bytes of this response incl. 1xx (CURLINFO_HEADER_SIZE); trailers do not count. */
  headerBytes = 0;
  /** Bytes consumed since reset(). */
  bytesSeen = 0;
  contentType = "";
  location = "";
  contentEncoding = "";
  /** Accepted transfer codings other than chunked ("identity"); anything else is refused. */
  transferEncoding = "";

  /** Back to "nothing known yet", for a new response. */
  protected clearResponse(): void {
    this.result = 0;
    this.detail = "";
    this.status = 0;
    this.version = 0;
    this.contentLength = -1;
    this.chunked = false;
    this.keepAlive = false;
    this.complete = false;
    this.bodyBytes = 0;
    this.headerBytes = 0;
    this.bytesSeen = 0;
    this.contentType = "";
    this.location = "";
    this.contentEncoding = "";
    this.transferEncoding = "";
  }
}

/** Events before the first request: none can arrive (nothing is parsed before a relay is pointed). */
const NOBODY: ResponseHandler = {
  onHeaderLine: () => 0,
  onInterim: () => 0,
  onHeadersDone: () => 0,
  onBody: () => 0,
  onComplete: () => {},
};

/**
 * A parser's fixed handler that passes every event on to the transfer of the current request
 * (`to`): a protocol owns its parser for longer than one request lasts.
 */
export class EventRelay implements ResponseHandler {
  protected to: ResponseHandler = NOBODY;

  /** Points the events at `to` (a request starts), or nowhere (it ended). */
  protected relayTo(to: ResponseHandler | null): void {
    this.to = to ?? NOBODY;
  }

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
