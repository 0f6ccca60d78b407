// Incremental HTTP/1.x response parser: bytes in, header lines / body pieces / completion out, with
// libcurl's rules and result codes (lib/http.c http_parse_headers + http_rw_hd, lib/http_chunks.c).
// Invariants: never throws on input; body bytes are views into the caller's buffer; the only
// allocations are the line scratch buffers (lines.ts, chunked.ts), which grow to their limit and are
// reused, and the chunked decoder, made on the first chunked response.

import { CURLE_OK, CURLE_TOO_LARGE } from "../constants/index.ts";
import { CHUNK_DATA, CHUNK_END, CHUNK_FAILED, CHUNK_MORE, ChunkDecoder } from "./chunked.ts";
import {
  BAD_STATUS_CODE,
  connectionCloses,
  contentLength,
  F_CONNECTION,
  F_CONTENT_ENCODING,
  F_CONTENT_LENGTH,
  F_CONTENT_TYPE,
  F_LOCATION,
  F_TRANSFER_ENCODING,
  fieldProblem,
  fieldValue,
  type HeadProblem,
  headerField,
  headSizeProblem,
  lengthLine,
  MULTIPLE_LOCATIONS,
  notHttpProblem,
  readStatusLine,
  statusLine,
  transfer,
  transferCodings,
  verifyLine,
} from "./head.ts";
import { isNewline } from "./headers.ts";
import { HeadLines, LINE_COPY, LINE_NOT_HTTP, LINE_TOO_LONG, LINE_VIEW } from "./lines.ts";
import {
  assumesClose,
  BODY_CHUNKED,
  BODY_LENGTH,
  BODY_NONE,
  bodyFraming,
  bodylessStatus,
  CLOSED_IN_CHUNKS,
  type CloseFailure,
  closedInCloseBody,
  closedInHead,
  closedInLengthBody,
  closesAfterVersion,
  emptyBodyStatus,
  gotSomething,
  interimDeduct,
  upgradeFraming,
} from "./message-end.ts";
import { PARSE_DONE, PARSE_PAUSE, ParsedResponse, type ResponseHandler } from "./response.ts";

// The callback contract, importable from here with the parser that makes the calls.
export { PARSE_DONE, PARSE_PAUSE, type ResponseHandler };

// Parser states, in the order a message moves through them.
const S_HEADERS = 0;
const S_BODY_LENGTH = 1; // Content-Length body
const S_BODY_CLOSE = 2; // body until the peer closes
const S_CHUNKED = 3; // chunked body: the ChunkDecoder's states within
const S_DONE = 4;
const S_ERROR = 5;

/**
 * Incremental HTTP/1.0 and HTTP/1.1 response parser: libcurl's http_parse_headers()/http_rw_hd()
 * for the head, lib/http_chunks.c for chunked bodies, and the end-of-transfer checks of
 * Curl_sendrecv()/Curl_http_done() in {@link ResponseParser.eof}.
 */
export class ResponseParser extends ParsedResponse {
  /** The response is a redirect that will be followed (libcurl's req.newurl): 3xx with a Location,
   *  set as soon as the Location header line arrives. */
  get newUrl(): boolean {
    return this.follow && this.status >= 300 && this.status < 400 && this.location !== "";
  }

  /** The connection closes after this response (conn->bits.close as the head set it so far); an
   *  HTTP/2 stream never closes its connection. */
  get closing(): boolean {
    return this.closeConn && !this.h2;
  }

  private readonly h: ResponseHandler;
  private state = S_HEADERS;
  private noBody = false;
  private reused = false;
  /** CURLOPT_FOLLOWLOCATION is on: a 3xx with Location sets libcurl's req.newurl. */
  private follow = false;
  /** CURLOPT_MAXFILESIZE is set: an out-of-range Content-Length is then CURLE_FILESIZE_EXCEEDED. */
  private maxFileSizeSet = false;
  /** The head is what an HTTP/2 stream made of its HEADERS ("HTTP/2 200" and its fields): the body
   *  ends with the stream (its Content-Length is checked by the stream), not by its framing. */
  private h2 = false;
  /** Assembles the head's lines (and holds the one spanning chunks). */
  private readonly lines = new HeadLines();
  /** Lines of the current response head seen, status line included (k->headerline). */
  private lineNo = 0;
  private anyStatus = false;
  /** 1xx, 204, 304: Content-Length and Transfer-Encoding do not apply (k->http_bodyless). */
  private bodyless = false;
  /** conn->bits.close as the headers set it. */
  private closeConn = false;
  /** k->size: Content-Length seen (or 0 for 204/304), -1 when none. */
  private size = -1;
  private remaining = 0;
  private headerCount = 0;
  /** Header bytes of 1xx responses, which do not count as "something received". */
  private deduct = 0;
  /** The chunked body's framing; made on the first chunked response. */
  private chunks: ChunkDecoder | null = null;

  constructor(handler: ResponseHandler) {
    super();
    this.h = handler;
  }

  /** Prepare for a new response. noBody: the request was HEAD (CURLOPT_NOBODY). reused: the
   *  connection carried an earlier response (a non-HTTP first line is then "Invalid status line").
   *  follow: CURLOPT_FOLLOWLOCATION is on. maxFileSize: CURLOPT_MAXFILESIZE is set. h2: the bytes
   *  come from an HTTP/2 stream (see `h2`). */
  reset(noBody: boolean, reused: boolean, follow = false, maxFileSize = false, h2 = false): void {
    this.follow = follow;
    this.h2 = h2;
    this.maxFileSizeSet = maxFileSize;
    this.clearResponse();
    this.state = S_HEADERS;
    this.noBody = noBody;
    this.reused = reused;
    this.lines.reset();
    this.lineNo = 0;
    this.anyStatus = false;
    this.bodyless = false;
    this.closeConn = false;
    this.size = -1;
    this.remaining = 0;
    this.headerCount = 0;
    this.deduct = 0;
  }

  /**
   * Feeds buf[start..end); returns how many bytes were consumed. Stops early when the message
   * completed (the rest is surplus: libcurl's "excess"), when onBody paused, or on error (then
   * `result` != 0).
   */
  execute(buf: Uint8Array, start: number, end: number): number {
    let p = start;
    while (p < end) {
      const st = this.state;
      if (st === S_HEADERS) {
        const ln = this.lines;
        p = ln.take(buf, p, end, this.lineNo === 0);
        const got = ln.got;
        if (got === LINE_VIEW) this.line(buf, ln.start, ln.end);
        else if (got === LINE_COPY) this.line(ln.copy, 0, ln.copy.length);
        else if (got === LINE_TOO_LONG) this.fail(CURLE_TOO_LARGE, "");
        else if (got === LINE_NOT_HTTP) this.refuse(notHttpProblem(this.anyStatus || this.reused));
      } else if (st === S_BODY_LENGTH) {
        const n = Math.min(end - p, this.remaining);
        if (!this.body(buf, p, p + n)) break;
        p += n;
        this.remaining -= n;
        if (this.remaining === 0) this.finish();
      } else if (st === S_BODY_CLOSE) {
        if (!this.body(buf, p, end)) break;
        p = end;
      } else if (st === S_CHUNKED) {
        const ck = this.chunks!;
        if (ck.state === CHUNK_DATA) {
          const n = Math.min(end - p, ck.left);
          if (!this.body(buf, p, p + n)) break;
          p += n;
          ck.took(n);
        } else {
          p = ck.frame(buf, p, end);
          if (ck.got !== CHUNK_MORE) this.chunkEvent(ck);
        }
      } else break;
      if (this.state >= S_DONE) break;
    }
    this.bytesSeen += p - start;
    return p - start;
  }

  /**
   * The peer closed (EOF). Returns the final CURLE code and sets `detail`: completes a body that
   * ends at close (CURLE_OK, onComplete), else CURLE_GOT_NOTHING "Empty reply from server",
   * CURLE_PARTIAL_FILE "transfer closed with N bytes remaining to read" or "... outstanding read
   * data remaining" (chunked), as Curl_sendrecv(), cw_chunked_write() and Curl_http_done() decide.
   */
  eof(): number {
    const st = this.state;
    if (st === S_ERROR) return this.result;
    if (st === S_DONE) return CURLE_OK;
    let failure: CloseFailure | null;
    if (st === S_HEADERS) {
      // Curl_http_done() hands a partial (or held) header line to the header callback, unparsed
      const rest = this.lines.rest();
      if (rest !== null) {
        this.h.onHeaderLine(rest, 0, rest.length);
        this.headerBytes += rest.length;
        this.deduct = interimDeduct(this.status, this.headerBytes);
      }
      failure = closedInHead(this.noBody, this.size, this.bodyBytes, this.newUrl, this.received());
    } else if (st === S_BODY_LENGTH) failure = closedInLengthBody(this.remaining, this.newUrl);
    else if (st === S_BODY_CLOSE) failure = closedInCloseBody(this.received());
    else failure = CLOSED_IN_CHUNKS;
    if (failure !== null) return this.fail(failure.code, failure.detail);
    this.closeConn = true; // the close ended the message: nothing more can come on the connection
    this.finish();
    return CURLE_OK;
  }

  // ---- failure and completion -------------------------------------------------------------

  private fail(code: number, detail: string): number {
    this.result = code;
    if (detail !== "" && this.detail === "") this.detail = detail;
    this.state = S_ERROR;
    this.closeConn = true;
    this.keepAlive = false;
    return code;
  }

  /** A callback's answer: true for 0, else the parse fails with it (no text of its own). */
  private ok(rc: number): boolean {
    if (rc === 0) return true;
    this.fail(rc, "");
    return false;
  }

  /** Fails the parse with what a head reader found wrong; always false. */
  private refuse(problem: HeadProblem): false {
    this.fail(problem.code, problem.detail);
    return false;
  }

  private finish(): void {
    this.state = S_DONE;
    this.complete = true;
    this.keepAlive = !this.closeConn;
    this.h.onComplete();
  }

  private received(): boolean {
    return gotSomething(this.headerBytes, this.deduct, this.bodyBytes);
  }

  /** Offers a body piece; false when paused or failed (state unchanged on pause). */
  private body(buf: Uint8Array, start: number, end: number): boolean {
    if (start === end) return true;
    const rc = this.h.onBody(buf, start, end);
    if (rc === 0) {
      this.bodyBytes += end - start;
      return true;
    }
    if (rc !== PARSE_PAUSE) this.fail(rc, "");
    return false;
  }

  // ---- response head ----------------------------------------------------------------------

  /** One complete line of the head: status line, header line or the blank line. */
  private line(arr: Uint8Array, s: number, e: number): void {
    if (this.lineNo === 0) this.statusLine(arr, s, e);
    else if (isNewline(arr[s]!)) this.endOfHead(arr, s, e);
    else this.headerLine(arr, s, e);
  }

  /** http_rw_hd() on the first line + http_statusline(). */
  private statusLine(arr: Uint8Array, s: number, e: number): void {
    this.lineNo = 1;
    const bad = readStatusLine(arr, s, e, this.anyStatus || this.reused, this.h2);
    if (bad !== null) {
      this.refuse(bad);
      return;
    }
    const code = statusLine.code;
    const version = statusLine.version;
    this.status = code;
    this.version = version;
    this.anyStatus = true;
    this.h.onStatus?.(code, version);
    if (closesAfterVersion(version)) this.closeConn = true;
    this.bodyless = bodylessStatus(code);
    if (emptyBodyStatus(code)) this.size = 0;
    if (!this.verify(arr, s, e)) return;
    this.deliver(arr, s, e, true);
  }

  /** Curl_verify_header() on a line of this head; false when it failed the parse. */
  private verify(arr: Uint8Array, s: number, e: number): boolean {
    // An HTTP/2 head was made from fields the stream checked (no NUL, CR or LF, a colon in each).
    if (this.h2) return true;
    const bad = verifyLine(arr, s, e, this.lineNo);
    return bad === null || this.refuse(bad);
  }

  /** Hands a verified line to onHeaderLine: header-count limit first (Curl_headers_push()),
   *  byte accounting after (Curl_bump_headersize()), as libcurl orders them. */
  private deliver(arr: Uint8Array, s: number, e: number, statusOrBlank: boolean): boolean {
    if (!statusOrBlank && !this.countField(arr, s, e)) return false;
    if (!this.ok(this.h.onHeaderLine(arr, s, e))) return false;
    this.headerBytes += e - s;
    const bad = headSizeProblem(this.headerBytes);
    return bad === null || this.refuse(bad);
  }

  /** Counts a field for the headers API, which has rules of its own (fieldProblem()). */
  private countField(arr: Uint8Array, s: number, e: number): boolean {
    const bad = fieldProblem(arr, s, e, this.headerCount);
    if (bad !== null) return this.refuse(bad);
    this.headerCount++;
    return true;
  }

  /** A header line after the status line: verify, interpret (http_header()), deliver. */
  private headerLine(arr: Uint8Array, s: number, e: number): void {
    this.lineNo++;
    if (!this.verify(arr, s, e)) return;
    if (!this.interpret(arr, s, e)) return;
    this.deliver(arr, s, e, false);
  }

  /** The headers libcurl acts on (http_header_c/_l/_t); false when one failed the parse. */
  private interpret(arr: Uint8Array, s: number, e: number): boolean {
    const field = headerField(arr, s, e);
    switch (field) {
      case F_CONTENT_LENGTH: {
        if (this.bodyless) return true;
        const bad = contentLength(arr, s, e, this.size, this.maxFileSizeSet);
        this.size = lengthLine.size;
        if (lengthLine.overflow) this.closeConn = true;
        return bad === null || this.refuse(bad);
      }
      case F_CONTENT_ENCODING: {
        if (this.bodyless) return true;
        const v = fieldValue(field, arr, s, e);
        if (v !== "")
          this.contentEncoding = this.contentEncoding === "" ? v : `${this.contentEncoding}, ${v}`;
        return this.ok(this.h.onContentEncoding?.(this.contentEncoding) ?? 0);
      }
      case F_CONTENT_TYPE: {
        const v = fieldValue(field, arr, s, e);
        if (v !== "") this.contentType = v;
        return true;
      }
      case F_CONNECTION:
        this.closeConn = connectionCloses(arr, s, e, this.version === 10, this.closeConn);
        return true;
      case F_LOCATION: {
        const v = fieldValue(field, arr, s, e);
        if (v === "" || v === this.location) return true;
        if (this.location !== "") return this.refuse(MULTIPLE_LOCATIONS);
        this.location = v;
        return true;
      }
      case F_TRANSFER_ENCODING: {
        if (this.bodyless || this.noBody || this.status === 304) return true;
        const bad = transferCodings(arr, s, e, this.transferEncoding);
        if (transfer.chunked) this.chunked = true;
        this.transferEncoding = transfer.identity;
        return bad === null || this.refuse(bad);
      }
      default:
        return true;
    }
  }

  /** The blank line: http_on_response(). */
  private endOfHead(arr: Uint8Array, s: number, e: number): void {
    const code = this.status;
    if (code < 200) {
      // interim responses write their blank line before anything is decided
      if (!this.deliver(arr, s, e, true)) return;
      this.deduct = this.headerBytes;
      if (code < 100) {
        this.refuse(BAD_STATUS_CODE);
        return;
      }
      if (code === 101) {
        // no upgrade was asked for: the 101 is the final response, its body runs to the close
        this.closeConn = true;
        this.bodyless = false;
        if (this.headersDone()) this.startBody(upgradeFraming(this.noBody));
        return;
      }
      if (this.ok(this.h.onInterim(code))) this.lineNo = 0;
      return;
    }
    if (assumesClose(this.size, this.chunked, this.closeConn, this.version, this.noBody)) {
      this.closeConn = true;
    }
    if (this.chunked) this.size = -1;
    this.contentLength = this.size;
    if (!this.deliver(arr, s, e, true)) return;
    if (this.headersDone()) this.startBody(bodyFraming(this.noBody, this.chunked, this.size));
  }

  /** onHeadersDone; false when the parse stops here (failed, or the message ended with its head). */
  private headersDone(): boolean {
    const rc = this.h.onHeadersDone();
    if (rc === PARSE_DONE) {
      this.closeConn = true;
      this.finish();
      return false;
    }
    return this.ok(rc);
  }

  /** Moves on to the body as `framing` (BODY_*) says; an HTTP/2 body with one runs to the stream's end. */
  private startBody(framing: number): void {
    if (framing === BODY_NONE) this.finish();
    else if (this.h2) this.state = S_BODY_CLOSE;
    else if (framing === BODY_CHUNKED) {
      if (this.chunks === null) this.chunks = new ChunkDecoder();
      this.chunks.reset();
      this.state = S_CHUNKED;
    } else if (framing === BODY_LENGTH) {
      this.remaining = this.size;
      this.state = S_BODY_LENGTH;
    } else this.state = S_BODY_CLOSE;
  }

  /**
   * A trailer line from outside the byte stream (an HTTP/2 stream's trailing HEADERS, delivered at
   * the stream's end as libcurl does): verified and counted like a chunked trailer, then handed to
   * onHeaderLine. Returns 0 or the CURLE code that failed the parse.
   */
  trailer(line: Uint8Array, start: number, end: number): number {
    if (this.state === S_ERROR) return this.result;
    if (this.verify(line, start, end) && this.countField(line, start, end))
      this.ok(this.h.onHeaderLine(line, start, end));
    return this.result;
  }

  // ---- chunked body -----------------------------------------------------------------------

  /** Acts on what the chunked decoder stopped for. A trailer line is verified like a header and
   *  delivered to onHeaderLine (a copy: the decoder reuses its buffer); trailers do not count in
   *  headerBytes. */
  private chunkEvent(ck: ChunkDecoder): void {
    const got = ck.got;
    if (got === CHUNK_END) this.finish();
    else if (got === CHUNK_FAILED) this.fail(ck.code, ck.detail);
    else {
      const line = ck.trailer;
      const len = ck.trailerLen;
      if (this.verify(line, 0, len) && this.countField(line, 0, len)) {
        this.ok(this.h.onHeaderLine(line.slice(0, len), 0, len));
      }
    }
  }
}
