// Incremental HTTP/1.x response parser: bytes in, header lines / body pieces / completion out, with
// libcurl's rules and result codes (lib/http.c http_parse_headers + http_rw_hd, lib/http_chunks.c).
// Invariants: never throws on input; body bytes are views into the caller's buffer; the only
// allocation is the header-line scratch buffer, which doubles up to the line limit and is reused.

import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_FILESIZE_EXCEEDED,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
  CURLE_TOO_LARGE,
  CURLE_UNSUPPORTED_PROTOCOL,
  CURLE_WEIRD_SERVER_REPLY,
} from "../constants/index.ts";
import {
  asciiBytes,
  COLON,
  COMMA,
  CR,
  headerValue,
  hexValue,
  indexOfByte,
  isBlank,
  isDigit,
  Latin1Memo,
  LF,
  latin1,
  lowerByte,
  NUM_OK,
  NUM_OVERFLOW,
  num,
  parseDecimal,
  parseHex,
  prefixMatchesCI,
  startsWithCI,
  valueHasToken,
} from "./headers.ts";

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

/** One header line may hold at most this many bytes incl. its line ending: the dynbuf limit
 *  CURL_MAX_HTTP_HEADER (100 KiB) minus the byte dynbuf keeps for a terminating zero. */
export const MAX_HEADER_LINE = 100 * 1024 - 1;
/** All header bytes of one response incl. 1xx responses: MAX_HTTP_RESP_HEADER_SIZE. */
export const MAX_HEADERS_SIZE = 300 * 1024;
/** Header fields per transfer incl. 1xx and trailers: MAX_HTTP_RESP_HEADER_COUNT (lib/headers.c). */
export const MAX_HEADER_COUNT = 5000;
/** A trailer line may grow to this many bytes before its CRLF (DYN_H1_TRAILER 4096, less the
 *  CRLF libcurl appends and the terminating zero). */
const MAX_TRAILER_LINE = 4096 - 3;
/** CHUNK_MAXNUM_LEN: hex digits in a chunk size, leading zeros included. */
const MAX_CHUNK_HEX = 16;

// Parser states, in the order a message moves through them.
const S_HEADERS = 0;
const S_BODY_LENGTH = 1; // Content-Length body
const S_BODY_CLOSE = 2; // body until the peer closes
const S_CHUNK_HEX = 3;
const S_CHUNK_LF = 4; // after the size: skip extensions up to LF
const S_CHUNK_DATA = 5;
const S_CHUNK_POSTLF = 6;
const S_TRAILER = 7;
const S_TRAILER_CR = 8;
const S_TRAILER_POSTCR = 9;
const S_CHUNK_STOP = 10;
const S_DONE = 11;
const S_ERROR = 12;

const P_HTTP = asciiBytes("http/");
const H_CONTENT_LENGTH = asciiBytes("content-length:");
const H_CONTENT_ENCODING = asciiBytes("content-encoding:");
const H_CONTENT_TYPE = asciiBytes("content-type:");
const H_CONNECTION = asciiBytes("connection:");
const H_LOCATION = asciiBytes("location:");
const H_TRANSFER_ENCODING = asciiBytes("transfer-encoding:");
const T_CLOSE = asciiBytes("close");
const T_KEEP_ALIVE = asciiBytes("keep-alive");
const T_CHUNKED = asciiBytes("chunked");
const T_IDENTITY = asciiBytes("identity");
const SPACE = asciiBytes(" ");
const CRLF = asciiBytes("\r\n");

function byteAt(buf: Uint8Array, i: number, end: number): number {
  return i < end ? buf[i]! : 0;
}

function isNewline(b: number): boolean {
  return b === CR || b === LF;
}

/**
 * Incremental HTTP/1.0 and HTTP/1.1 response parser: libcurl's http_parse_headers()/http_rw_hd()
 * for the head, lib/http_chunks.c for chunked bodies, and the end-of-transfer checks of
 * Curl_sendrecv()/Curl_http_done() in {@link ResponseParser.eof}.
 */
const NO_BYTES = new Uint8Array(0);
/** The last Content-Type string, shared by every parser: one server keeps sending the same bytes. */
const ctMemo = new Latin1Memo();

export class ResponseParser {
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
  /** Set by eof(): the connection was reused and not one header line nor body byte had been
   *  counted, which is when libcurl's Curl_retry_request() retries on a fresh connection. */
  eofRetryable = false;

  /** The response is a redirect that will be followed (libcurl's req.newurl): 3xx with a Location,
   *  set as soon as the Location header line arrives. */
  get newUrl(): boolean {
    return this.follow && this.status >= 300 && this.status < 400 && this.location !== "";
  }

  /** The connection closes after this response (conn->bits.close as the head set it so far). */
  get closing(): boolean {
    return this.closeConn;
  }

  private readonly h: ResponseHandler;
  private state = S_HEADERS;
  private noBody = false;
  private reused = false;
  /** CURLOPT_FOLLOWLOCATION is on: a 3xx with Location sets libcurl's req.newurl. */
  private follow = false;
  /** CURLOPT_MAXFILESIZE is set: an out-of-range Content-Length is then CURLE_FILESIZE_EXCEEDED. */
  private maxFileSizeSet = false;
  /**
   * Header line under construction (or trailer line in the chunked trailer). Empty until a line
   * spans two chunks: tens of thousands of parsers live at once and most never need it.
   */
  private scratch = NO_BYTES;
  private scratchLen = 0;
  /** A complete header line waits in scratch for the next byte: it may continue (folding). */
  private held = false;
  /** Folding: drop the continuation's leading blanks, then insert one space. */
  private leadingUnfold = false;
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
  /** Chunk-size digits seen so far; made on the first chunked response. */
  private hex = NO_BYTES;
  private hexLen = 0;
  private chunkLeft = 0;

  constructor(handler: ResponseHandler) {
    this.h = handler;
  }

  /** Prepare for a new response. noBody: the request was HEAD (CURLOPT_NOBODY). reused: the
   *  connection carried an earlier response (a non-HTTP first line is then "Invalid status line").
   *  follow: CURLOPT_FOLLOWLOCATION is on. maxFileSize: CURLOPT_MAXFILESIZE is set. */
  reset(noBody: boolean, reused: boolean, follow = false, maxFileSize = false): void {
    this.follow = follow;
    this.maxFileSizeSet = maxFileSize;
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
    this.eofRetryable = false;
    this.state = S_HEADERS;
    this.noBody = noBody;
    this.reused = reused;
    this.scratchLen = 0;
    this.held = false;
    this.leadingUnfold = false;
    this.lineNo = 0;
    this.anyStatus = false;
    this.bodyless = false;
    this.closeConn = false;
    this.size = -1;
    this.remaining = 0;
    this.headerCount = 0;
    this.deduct = 0;
    this.hexLen = 0;
    this.chunkLeft = 0;
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
      if (st === S_HEADERS) p = this.headers(buf, p, end);
      else if (st === S_BODY_LENGTH) {
        const n = Math.min(end - p, this.remaining);
        if (!this.body(buf, p, p + n)) break;
        p += n;
        this.remaining -= n;
        if (this.remaining === 0) this.finish();
      } else if (st === S_BODY_CLOSE) {
        if (!this.body(buf, p, end)) break;
        p = end;
      } else if (st === S_CHUNK_DATA) {
        const n = Math.min(end - p, this.chunkLeft);
        if (!this.body(buf, p, p + n)) break;
        p += n;
        this.chunkLeft -= n;
        if (this.chunkLeft === 0) this.state = S_CHUNK_POSTLF;
      } else if (st >= S_CHUNK_HEX && st <= S_CHUNK_STOP) p = this.chunkByte(buf, p, end);
      else break;
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
    this.eofRetryable = this.reused && this.headerBytes + this.bodyBytes === 0;
    if (st === S_HEADERS) {
      // Curl_http_done() hands a partial (or held) header line to the header callback, unparsed
      if (this.scratchLen > 0) {
        this.h.onHeaderLine(this.scratch.slice(0, this.scratchLen), 0, this.scratchLen);
        this.headerBytes += this.scratchLen;
        this.scratchLen = 0;
        this.held = false;
        // http_write_header: after a 1xx status line everything counted so far is deducted
        this.deduct = this.status >= 100 && this.status < 200 ? this.headerBytes : 0;
      }
      // A redirect being followed skips the length check (Curl_sendrecv tests !k->newurl).
      if (!this.noBody && this.size !== -1 && this.bodyBytes !== this.size && !this.newUrl) {
        return this.fail(
          CURLE_PARTIAL_FILE,
          `transfer closed with ${this.size - this.bodyBytes} bytes remaining to read`,
        );
      }
      if (this.headerBytes - this.deduct + this.bodyBytes <= 0) {
        return this.fail(CURLE_GOT_NOTHING, "Empty reply from server");
      }
      // libcurl ends such a transfer without error: the caller sees status 0 or a partial head
      this.closeConn = true;
      this.finish();
      return CURLE_OK;
    }
    if (st === S_BODY_LENGTH && this.newUrl) {
      // The ignored body of a followed redirect may end early: the redirect is followed anyway.
      this.closeConn = true;
      this.finish();
      return CURLE_OK;
    }
    if (st === S_BODY_LENGTH) {
      return this.fail(
        CURLE_PARTIAL_FILE,
        `transfer closed with ${this.remaining} bytes remaining to read`,
      );
    }
    if (st === S_BODY_CLOSE) {
      // A 101 taken as the final response counts its head as 1xx bytes: no body is no reply.
      if (this.headerBytes - this.deduct + this.bodyBytes <= 0)
        return this.fail(CURLE_GOT_NOTHING, "Empty reply from server");
      this.closeConn = true; // the close ended the body: nothing more can come on it
      this.finish();
      return CURLE_OK;
    }
    return this.fail(CURLE_PARTIAL_FILE, "transfer closed with outstanding read data remaining");
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

  private finish(): void {
    this.state = S_DONE;
    this.complete = true;
    this.keepAlive = !this.closeConn;
    this.h.onComplete();
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

  /** Appends bytes to the header line scratch; false (and failed) past the line limit. */
  private append(buf: Uint8Array, start: number, end: number, limit: number): boolean {
    const n = end - start;
    const need = this.scratchLen + n;
    if (need > limit) {
      // libcurl's dynbuf answers CURLE_TOO_LARGE without an error text of its own
      this.fail(
        CURLE_TOO_LARGE,
        limit === MAX_HEADER_LINE ? "" : "Out of memory in chunked-encoding",
      );
      return false;
    }
    if (need > this.scratch.length) {
      let cap = Math.max(this.scratch.length * 2, 256);
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.scratch.subarray(0, this.scratchLen));
      this.scratch = next;
    }
    if (n === 1) this.scratch[this.scratchLen] = buf[start]!;
    else this.scratch.set(buf.subarray(start, end), this.scratchLen);
    this.scratchLen = need;
    return true;
  }

  /** Whether the status line so far (scratch, then buf[p..end)) can still start with "HTTP/". */
  private maybeHttp(buf: Uint8Array, p: number, end: number): boolean {
    const have = this.scratchLen;
    const n = Math.min(P_HTTP.length, have + end - p);
    for (let i = 0; i < n; i++) {
      const b = i < have ? this.scratch[i]! : buf[p + i - have]!;
      if (lowerByte(b) !== P_HTTP[i]) return false;
    }
    return true;
  }

  /** Curl_http_to_fold(): drop the held line's ending and trailing blanks; the continuation's
   *  leading blanks will become one space. */
  private unfold(): void {
    let len = this.scratchLen;
    const s = this.scratch;
    if (len > 0 && s[len - 1] === LF) len--;
    if (len > 0 && s[len - 1] === CR) len--;
    while (len > 0 && isBlank(s[len - 1]!)) len--;
    this.scratchLen = len;
    this.held = false;
    this.leadingUnfold = true;
  }

  /** HTTP/0.9 or junk where a status line must start (checkprotoprefix() said STATUS_BAD). */
  private notHttp(): void {
    if (this.anyStatus || this.reused) this.fail(CURLE_WEIRD_SERVER_REPLY, "Invalid status line");
    else this.fail(CURLE_UNSUPPORTED_PROTOCOL, "Received HTTP/0.9 when not allowed");
  }

  /** Consumes header bytes from buf[p..end); returns the new position. */
  private headers(buf: Uint8Array, p: number, end: number): number {
    if (this.held) {
      // the first byte after a complete header line tells whether it continues (obs-fold)
      if (isBlank(buf[p]!)) this.unfold();
      else {
        this.held = false;
        const len = this.scratchLen;
        this.scratchLen = 0;
        this.line(this.scratch, 0, len);
      }
      return p;
    }
    if (this.leadingUnfold) {
      while (p < end && isBlank(buf[p]!)) p++;
      if (p === end) return p;
      this.leadingUnfold = false;
      if (!this.append(SPACE, 0, 1, MAX_HEADER_LINE)) return p;
    }
    const lf = indexOfByte(buf, LF, p, end);
    // The first line of a head is checked against "HTTP/" as its bytes arrive (checkprotoprefix),
    // before any size limit: junk is junk however long it is.
    const lineEnd = lf < 0 ? end : lf + 1;
    if (this.lineNo === 0 && !this.maybeHttp(buf, p, lineEnd)) {
      this.notHttp();
      return lineEnd;
    }
    if (lf < 0) {
      if (!this.append(buf, p, end, MAX_HEADER_LINE)) return p;
      return end;
    }
    const next = lf + 1;
    let arr = buf;
    let s = p;
    let e = next;
    if (this.scratchLen > 0) {
      if (!this.append(buf, p, next, MAX_HEADER_LINE)) return p;
      arr = this.scratch;
      s = 0;
      e = this.scratchLen;
    } else if (next - p > MAX_HEADER_LINE) {
      this.fail(CURLE_TOO_LARGE, "");
      return p;
    }
    if (this.lineNo > 0 && !isNewline(arr[s]!)) {
      // a header line: it may be folded, so its fate depends on the next byte
      if (next === end || isBlank(buf[next]!)) {
        if (arr !== this.scratch && !this.append(buf, p, next, MAX_HEADER_LINE)) return p;
        if (next === end) this.held = true;
        else this.unfold();
        return next;
      }
    }
    if (arr === this.scratch) this.scratchLen = 0;
    this.line(arr, s, e);
    return next;
  }

  /** One complete line of the head: status line, header line or the blank line. */
  private line(arr: Uint8Array, s: number, e: number): void {
    if (this.lineNo === 0) this.statusLine(arr, s, e);
    else if (isNewline(arr[s]!)) this.endOfHead(arr, s, e);
    else this.headerLine(arr, s, e);
  }

  /** http_rw_hd() on the first line + http_statusline(). */
  private statusLine(arr: Uint8Array, s: number, e: number): void {
    if (!prefixMatchesCI(arr, s, e, P_HTTP)) {
      this.notHttp();
      return;
    }
    this.lineNo = 1;
    let version = 0;
    let code = 0;
    let fine = false;
    // case-sensitive "HTTP/" as libcurl's strncmp(); other spellings fall to the alias rule below
    if (arr[s] === 0x48 && arr[s + 1] === 0x54 && arr[s + 2] === 0x54 && arr[s + 3] === 0x50) {
      const major = byteAt(arr, s + 5, e);
      if (major === 0x31) {
        const minor = byteAt(arr, s + 7, e);
        if (
          byteAt(arr, s + 6, e) === 0x2e &&
          (minor === 0x30 || minor === 0x31) &&
          isBlank(byteAt(arr, s + 8, e)) &&
          this.digits3(arr, s + 9, e)
        ) {
          version = minor === 0x30 ? 10 : 11;
          code = num.value;
          fine = true;
        }
        if (!fine) {
          this.fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported HTTP/1 subversion in response");
          return;
        }
      } else if (major === 0x32 || major === 0x33) {
        if (
          isBlank(byteAt(arr, s + 6, e)) &&
          this.digits3(arr, s + 7, e) &&
          isBlank(byteAt(arr, s + 10, e))
        ) {
          version = (major - 0x30) * 10;
          code = num.value;
          fine = true;
        }
      } else {
        this.fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported HTTP version in response");
        return;
      }
    }
    if (!fine) {
      // checkhttpprefix(): a line starting with "HTTP/" in any case is taken as "HTTP/1.0 200"
      version = 10;
      code = 200;
    }
    // http_statusline(): we speak HTTP/1.1, so a major version switch is refused
    if (version === 20) {
      this.fail(CURLE_WEIRD_SERVER_REPLY, "Version mismatch (from HTTP/1 to HTTP/2)");
      return;
    }
    if (version === 30) {
      // this build has no HTTP/3, like libcurl without USE_HTTP3
      this.fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported HTTP version (3.0) in response");
      return;
    }
    this.status = code;
    this.version = version;
    this.anyStatus = true;
    this.h.onStatus?.(code, version);
    if (version === 10) this.closeConn = true; // "HTTP 1.0, assume close after body"
    this.bodyless = code >= 100 && code < 200;
    if (code === 204 || code === 304) {
      this.size = 0;
      this.bodyless = true;
    }
    if (!this.verify(arr, s, e)) return;
    this.deliver(arr, s, e, true);
  }

  /** Three ASCII digits at arr[i..i+3) -> num.value. */
  private digits3(arr: Uint8Array, i: number, e: number): boolean {
    const a = byteAt(arr, i, e);
    const b = byteAt(arr, i + 1, e);
    const c = byteAt(arr, i + 2, e);
    if (!isDigit(a) || !isDigit(b) || !isDigit(c)) return false;
    num.value = (a - 0x30) * 100 + (b - 0x30) * 10 + (c - 0x30);
    return true;
  }

  /** Curl_verify_header(): no NUL, CR only right before the LF, a colon unless a continuation. */
  private verify(arr: Uint8Array, s: number, e: number): boolean {
    const len = e - s;
    if (indexOfByte(arr, 0, s, e) >= 0) {
      this.fail(CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
      return false;
    }
    if (len > 2 && indexOfByte(arr, CR, s, e - 2) >= 0) {
      this.fail(CURLE_WEIRD_SERVER_REPLY, "Carriage return found in header");
      return false;
    }
    if (this.lineNo < 2) return true;
    if (isBlank(arr[s]!) && this.lineNo > 2) return true;
    if (indexOfByte(arr, COLON, s, e) < 0) {
      this.fail(CURLE_WEIRD_SERVER_REPLY, "Header without colon");
      return false;
    }
    return true;
  }

  /** Hands a verified line to onHeaderLine: header-count limit first (Curl_headers_push()),
   *  byte accounting after (Curl_bump_headersize()), as libcurl orders them. */
  private deliver(arr: Uint8Array, s: number, e: number, statusOrBlank: boolean): boolean {
    if (!statusOrBlank && !this.countField(arr, s, e)) return false;
    // A line assembled in the scratch buffer is copied: the next line overwrites the scratch, and a
    // chunk handed to user code must never change afterwards (lines inside a chunk are views of it).
    const rc =
      arr === this.scratch
        ? this.h.onHeaderLine(arr.slice(s, e), 0, e - s)
        : this.h.onHeaderLine(arr, s, e);
    if (rc !== 0) {
      this.fail(rc, "");
      return false;
    }
    this.headerBytes += e - s;
    if (this.headerBytes > MAX_HEADERS_SIZE) {
      this.fail(
        CURLE_RECV_ERROR,
        `Too large response headers: ${this.headerBytes} > ${MAX_HEADERS_SIZE}`,
      );
      return false;
    }
    return true;
  }

  /** The headers API keeps at most MAX_HEADER_COUNT fields and needs "name:" in each. */
  private countField(arr: Uint8Array, s: number, e: number): boolean {
    if (this.headerCount >= MAX_HEADER_COUNT) {
      this.fail(CURLE_TOO_LARGE, `Too many response headers, ${MAX_HEADER_COUNT} is max`);
      return false;
    }
    if (isBlank(arr[s]!)) {
      let i = s;
      while (i < e && isBlank(arr[i]!)) i++;
      if (i >= e || isNewline(arr[i]!)) {
        this.fail(CURLE_WEIRD_SERVER_REPLY, "");
        return false;
      }
      if (indexOfByte(arr, COLON, i, e) < 0) {
        this.fail(CURLE_BAD_FUNCTION_ARGUMENT, "Invalid response header");
        return false;
      }
    }
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
    const first = lowerByte(arr[s]!);
    if (first === 0x63 /* c */) {
      if (!this.bodyless && startsWithCI(arr, s, e, H_CONTENT_LENGTH)) {
        return this.contentLengthHeader(arr, s + H_CONTENT_LENGTH.length, e);
      }
      if (!this.bodyless && startsWithCI(arr, s, e, H_CONTENT_ENCODING)) {
        const v = headerValue(arr, s, e, H_CONTENT_ENCODING.length);
        if (v !== "")
          this.contentEncoding = this.contentEncoding === "" ? v : `${this.contentEncoding}, ${v}`;
        const rc = this.h.onContentEncoding?.(this.contentEncoding) ?? 0;
        if (rc !== 0) {
          this.fail(rc, "");
          return false;
        }
        return true;
      }
      if (startsWithCI(arr, s, e, H_CONTENT_TYPE)) {
        const v = ctMemo.value(arr, s, e, H_CONTENT_TYPE.length);
        if (v !== "") this.contentType = v;
        return true;
      }
      if (startsWithCI(arr, s, e, H_CONNECTION)) {
        const n = H_CONNECTION.length;
        if (valueHasToken(arr, s, e, n, T_CLOSE)) this.closeConn = true;
        else if (this.version === 10 && valueHasToken(arr, s, e, n, T_KEEP_ALIVE)) {
          this.closeConn = false;
        }
      }
      return true;
    }
    if (first === 0x6c /* l */ && startsWithCI(arr, s, e, H_LOCATION)) {
      const v = headerValue(arr, s, e, H_LOCATION.length);
      if (v === "" || v === this.location) return true;
      if (this.location !== "") {
        this.fail(CURLE_WEIRD_SERVER_REPLY, "Multiple Location headers");
        return false;
      }
      this.location = v;
      return true;
    }
    if (
      first === 0x74 /* t */ &&
      !this.bodyless &&
      !this.noBody &&
      this.status !== 304 &&
      startsWithCI(arr, s, e, H_TRANSFER_ENCODING)
    ) {
      return this.transferEncodingHeader(arr, s + H_TRANSFER_ENCODING.length, e);
    }
    return true;
  }

  /** http_header_c() on Content-Length: equal repeats and comma lists are fine, anything else is
   *  "Invalid Content-Length: value"; a value past 2^63-1 is ignored and closes the connection. */
  private contentLengthHeader(arr: Uint8Array, p: number, e: number): boolean {
    for (;;) {
      while (p < e && isBlank(arr[p]!)) p++;
      const r = parseDecimal(arr, p, e);
      if (r === NUM_OVERFLOW) {
        // out of range: with CURLOPT_MAXFILESIZE set it is too large for sure
        if (this.maxFileSizeSet) {
          this.fail(CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
          return false;
        }
        this.closeConn = true;
        return true;
      }
      if (r === NUM_OK && (this.size === -1 || this.size === num.value)) {
        this.size = num.value;
        p = num.end;
        while (p < e && isBlank(arr[p]!)) p++;
        if (p < e && arr[p] === COMMA) {
          p++;
          continue;
        }
        if (p < e && isNewline(arr[p]!)) return true;
      }
      this.fail(CURLE_WEIRD_SERVER_REPLY, "Invalid Content-Length: value");
      return false;
    }
  }

  /** Curl_build_unencoding_stack(.., is_transfer) with libcurl's defaults: "chunked" (repeats
   *  ignored) and "identity" pass, any other coding is CURLE_BAD_CONTENT_ENCODING. */
  private transferEncodingHeader(arr: Uint8Array, p: number, e: number): boolean {
    let hasChunked = false;
    while (p < e) {
      while (p < e && (isBlank(arr[p]!) || arr[p] === COMMA)) p++;
      const name = p;
      let nameLen = 0;
      for (; p < e && arr[p] !== COMMA; p++) {
        // libcurl tests `*enclist > ' '` on a signed char: bytes >= 0x80 count as blanks
        const b = arr[p]!;
        if (b > 0x20 && b < 0x80) nameLen = p - name + 1;
      }
      if (nameLen === 0) continue;
      if (nameLen === 7 && startsWithCI(arr, name, name + 7, T_CHUNKED)) {
        this.chunked = true;
        hasChunked = true;
        continue;
      }
      const coding = latin1(arr, name, name + nameLen);
      if (hasChunked) {
        this.fail(
          CURLE_BAD_CONTENT_ENCODING,
          `A Transfer-Encoding (${coding}) was listed after chunked`,
        );
        return false;
      }
      if (nameLen === 8 && startsWithCI(arr, name, name + 8, T_IDENTITY)) {
        this.transferEncoding =
          this.transferEncoding === "" ? coding : `${this.transferEncoding}, ${coding}`;
        continue;
      }
      this.fail(CURLE_BAD_CONTENT_ENCODING, `Unsolicited Transfer-Encoding (${coding}) found`);
      return false;
    }
    return true;
  }

  /** The blank line: http_on_response(). */
  private endOfHead(arr: Uint8Array, s: number, e: number): void {
    const code = this.status;
    if (code < 200) {
      // interim responses write their blank line before anything is decided
      if (!this.deliver(arr, s, e, true)) return;
      this.deduct = this.headerBytes;
      if (code < 100) {
        this.fail(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported response code in HTTP response");
        return;
      }
      if (code === 101) {
        // no upgrade was asked for: libcurl takes the 101 as the final response and whatever
        // follows as its body, up to the close
        this.closeConn = true;
        this.bodyless = false;
        if (!this.headersDone()) return;
        if (this.noBody) this.finish();
        else this.state = S_BODY_CLOSE;
        return;
      }
      const rc = this.h.onInterim(code);
      if (rc !== 0) {
        this.fail(rc, "");
        return;
      }
      this.lineNo = 0;
      return;
    }
    if (
      this.size === -1 &&
      !this.chunked &&
      !this.closeConn &&
      this.version === 11 &&
      !this.noBody
    ) {
      // "no chunk, no close, no size. Assume close to signal end"
      this.closeConn = true;
    }
    if (this.chunked) this.size = -1;
    this.contentLength = this.size;
    if (!this.deliver(arr, s, e, true)) return;
    if (!this.headersDone()) return;
    if (this.noBody) this.finish();
    else if (this.chunked) {
      this.state = S_CHUNK_HEX;
      this.hexLen = 0;
    } else if (this.size === 0) this.finish();
    else if (this.size > 0) {
      this.remaining = this.size;
      this.state = S_BODY_LENGTH;
    } else this.state = S_BODY_CLOSE;
  }

  /** onHeadersDone; false when the parse stops here (failed, or the message ended with its head). */
  private headersDone(): boolean {
    const rc = this.h.onHeadersDone();
    if (rc === PARSE_DONE) {
      this.closeConn = true;
      this.finish();
      return false;
    }
    if (rc !== 0) {
      this.fail(rc, "");
      return false;
    }
    return true;
  }

  // ---- chunked body (lib/http_chunks.c httpchunk_readwrite) --------------------------------

  /** One framing step of the chunked decoder at buf[p]; returns the new position. */
  private chunkByte(buf: Uint8Array, p: number, end: number): number {
    const b = buf[p]!;
    switch (this.state) {
      case S_CHUNK_HEX:
        if (hexValue(b) >= 0) {
          if (this.hexLen >= MAX_CHUNK_HEX) {
            this.fail(CURLE_RECV_ERROR, `chunk hex-length longer than ${MAX_CHUNK_HEX}`);
            return p;
          }
          if (this.hex.length === 0) this.hex = new Uint8Array(MAX_CHUNK_HEX);
          this.hex[this.hexLen++] = b;
          return p + 1;
        }
        if (this.hexLen === 0) {
          // libcurl prints the (signed) char widened to unsigned int
          const shown = b >= 0x80 ? (0xffffff00 | b) >>> 0 : b;
          this.fail(
            CURLE_RECV_ERROR,
            `chunk hex-length char not a hex digit: 0x${shown.toString(16)}`,
          );
          return p;
        }
        if (parseHex(this.hex, 0, this.hexLen) !== NUM_OK) {
          this.fail(CURLE_RECV_ERROR, `invalid chunk size: '${latin1(this.hex, 0, this.hexLen)}'`);
          return p;
        }
        this.chunkLeft = num.value;
        this.state = S_CHUNK_LF;
        return p; // this byte is looked at again in S_CHUNK_LF
      case S_CHUNK_LF: {
        // extensions and anything else up to the LF are skipped
        const lf = indexOfByte(buf, LF, p, end);
        if (lf < 0) return end;
        this.state = this.chunkLeft === 0 ? S_TRAILER : S_CHUNK_DATA;
        this.scratchLen = 0;
        return lf + 1;
      }
      case S_CHUNK_POSTLF:
        if (b === LF) {
          this.hexLen = 0;
          this.state = S_CHUNK_HEX;
        } else if (b !== CR) {
          this.badChunk();
          return p;
        }
        return p + 1;
      case S_TRAILER:
        if (b === CR || b === LF) {
          if (this.scratchLen === 0) {
            this.state = S_TRAILER_POSTCR; // no trailer: this is the final CRLF
            return p;
          }
          if (!this.trailerLine()) return p;
          this.state = S_TRAILER_CR;
          return b === LF ? p : p + 1;
        }
        if (this.scratchLen >= MAX_TRAILER_LINE + 2) {
          this.fail(CURLE_TOO_LARGE, "Out of memory in chunked-encoding");
          return p;
        }
        if (!this.append(buf, p, p + 1, MAX_TRAILER_LINE + 2)) return p;
        return p + 1;
      case S_TRAILER_CR:
        if (b !== LF) {
          this.badChunk();
          return p;
        }
        this.state = S_TRAILER_POSTCR;
        return p + 1;
      case S_TRAILER_POSTCR:
        if (b !== CR && b !== LF) {
          this.state = S_TRAILER; // another trailer line
          return p;
        }
        this.state = S_CHUNK_STOP;
        return b === CR ? p + 1 : p;
      case S_CHUNK_STOP:
        if (b !== LF) {
          this.badChunk();
          return p;
        }
        this.finish();
        return p + 1;
      default:
        return end;
    }
  }

  private badChunk(): void {
    this.fail(CURLE_RECV_ERROR, "Malformed encoding found in chunked-encoding");
  }

  /** A complete trailer line (in scratch, without its ending): CRLF appended, verified like a
   *  header and delivered to onHeaderLine; trailers do not count in headerBytes. */
  private trailerLine(): boolean {
    if (this.scratchLen > MAX_TRAILER_LINE) {
      this.fail(CURLE_TOO_LARGE, "Out of memory in chunked-encoding");
      return false;
    }
    if (!this.append(CRLF, 0, 2, MAX_TRAILER_LINE + 2)) return false;
    const len = this.scratchLen;
    this.scratchLen = 0;
    if (!this.verify(this.scratch, 0, len)) return false;
    if (!this.countField(this.scratch, 0, len)) return false;
    const rc = this.h.onHeaderLine(this.scratch.slice(0, len), 0, len);
    if (rc !== 0) {
      this.fail(rc, "");
      return false;
    }
    return true;
  }
}
