// What the lines of a response head say (lib/http.c http_statusline, Curl_verify_header, http_header):
// stateless readers that take one complete line and return facts or a problem; the parser acts.

import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_FILESIZE_EXCEEDED,
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
  indexOfByte,
  isBlank,
  isDigit,
  isNewline,
  Latin1Memo,
  latin1,
  lowerByte,
  NUM_OK,
  NUM_OVERFLOW,
  num,
  parseDecimal,
  prefixMatchesCI,
  startsWithCI,
  valueHasToken,
} from "./headers.ts";

/** All header bytes of one response incl. 1xx responses: MAX_HTTP_RESP_HEADER_SIZE. */
export const MAX_HEADERS_SIZE = 300 * 1024;
/** Header fields per transfer incl. 1xx and trailers: MAX_HTTP_RESP_HEADER_COUNT (lib/headers.c). */
export const MAX_HEADER_COUNT = 5000;

/** Why a line fails the parse: the CURLE code and libcurl's error-buffer text ("" for none). */
export interface HeadProblem {
  readonly code: number;
  readonly detail: string;
}

function problem(code: number, detail: string): HeadProblem {
  return { code, detail };
}

// The fixed problems, made once so that reading a line never allocates; only a problem that names
// a value (a coding, a byte count) is made when it happens.
const BAD_SUBVERSION = problem(
  CURLE_UNSUPPORTED_PROTOCOL,
  "Unsupported HTTP/1 subversion in response",
);
const BAD_VERSION = problem(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported HTTP version in response");
const HTTP2_SWITCH = problem(CURLE_WEIRD_SERVER_REPLY, "Version mismatch (from HTTP/1 to HTTP/2)");
const HTTP3 = problem(CURLE_UNSUPPORTED_PROTOCOL, "Unsupported HTTP version (3.0) in response");
const NUL_BYTE = problem(CURLE_WEIRD_SERVER_REPLY, "Nul byte in header");
const STRAY_CR = problem(CURLE_WEIRD_SERVER_REPLY, "Carriage return found in header");
const NO_COLON = problem(CURLE_WEIRD_SERVER_REPLY, "Header without colon");
const BLANK_CONTINUATION = problem(CURLE_WEIRD_SERVER_REPLY, "");
const INVALID_FIELD = problem(CURLE_BAD_FUNCTION_ARGUMENT, "Invalid response header");
const INVALID_LENGTH = problem(CURLE_WEIRD_SERVER_REPLY, "Invalid Content-Length: value");
const FILE_TOO_BIG = problem(CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded");
const TOO_MANY_FIELDS = problem(
  CURLE_TOO_LARGE,
  `Too many response headers, ${MAX_HEADER_COUNT} is max`,
);
export const MULTIPLE_LOCATIONS = problem(CURLE_WEIRD_SERVER_REPLY, "Multiple Location headers");
/** A final blank line after a status code below 100. */
export const BAD_STATUS_CODE = problem(
  CURLE_UNSUPPORTED_PROTOCOL,
  "Unsupported response code in HTTP response",
);
const INVALID_STATUS_LINE = problem(CURLE_WEIRD_SERVER_REPLY, "Invalid status line");
const HTTP09 = problem(CURLE_UNSUPPORTED_PROTOCOL, "Received HTTP/0.9 when not allowed");

/** "http/", lower case: how every status line (and so every response) starts. */
export const P_HTTP = asciiBytes("http/");
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

function byteAt(buf: Uint8Array, i: number, end: number): number {
  return i < end ? buf[i]! : 0;
}

// ---- status line ----------------------------------------------------------------------------

/** HTTP/0.9 or junk where a status line must start (checkprotoprefix() said STATUS_BAD): after a
 *  status line, or on a reused connection, the line is an invalid one. */
export function notHttpProblem(afterResponse: boolean): HeadProblem {
  return afterResponse ? INVALID_STATUS_LINE : HTTP09;
}

/** The facts readStatusLine() found. A shared record, read right after the call: no allocation per
 *  response. version: 10 or 11 (HTTP/1.0, HTTP/1.1). */
export const statusLine = { version: 0, code: 0 };

/** Three ASCII digits at arr[i..i+3) -> num.value. */
function digits3(arr: Uint8Array, i: number, e: number): boolean {
  const a = byteAt(arr, i, e);
  const b = byteAt(arr, i + 1, e);
  const c = byteAt(arr, i + 2, e);
  if (!isDigit(a) || !isDigit(b) || !isDigit(c)) return false;
  num.value = (a - 0x30) * 100 + (b - 0x30) * 10 + (c - 0x30);
  return true;
}

/** http_rw_hd() on the first line of a head (h2: the line an HTTP/2 stream made of its :status, which
 *  is the only place "HTTP/2" is accepted) (it must start with "HTTP/" in any case, as
 *  checkprotoprefix() says) + http_statusline(): version and code into statusLine, or why the line
 *  fails the parse. afterResponse: as for notHttpProblem(). */
export function readStatusLine(
  arr: Uint8Array,
  s: number,
  e: number,
  afterResponse: boolean,
  h2 = false,
): HeadProblem | null {
  if (!prefixMatchesCI(arr, s, e, P_HTTP)) return notHttpProblem(afterResponse);
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
        digits3(arr, s + 9, e)
      ) {
        version = minor === 0x30 ? 10 : 11;
        code = num.value;
        fine = true;
      }
      if (!fine) return BAD_SUBVERSION;
    } else if (major === 0x32 || major === 0x33) {
      if (
        isBlank(byteAt(arr, s + 6, e)) &&
        digits3(arr, s + 7, e) &&
        isBlank(byteAt(arr, s + 10, e))
      ) {
        version = (major - 0x30) * 10;
        code = num.value;
        fine = true;
      }
    } else return BAD_VERSION;
  }
  if (!fine) {
    // checkhttpprefix(): a line starting with "HTTP/" in any case is taken as "HTTP/1.0 200"
    version = 10;
    code = 200;
  }
  // http_statusline(): we speak HTTP/1.1, so a major version switch is refused
  if (version === 20 && !h2) return HTTP2_SWITCH;
  // this build has no HTTP/3, like libcurl without USE_HTTP3
  if (version === 30) return HTTP3;
  statusLine.version = version;
  statusLine.code = code;
  return null;
}

// ---- header lines ---------------------------------------------------------------------------

/** Curl_verify_header(): no NUL, CR only right before the LF, a colon unless a continuation.
 *  lineNo: lines of this head so far, this one included (k->headerline). */
export function verifyLine(
  arr: Uint8Array,
  s: number,
  e: number,
  lineNo: number,
): HeadProblem | null {
  // One pass for the three checks (it was three scans of every byte): most bytes of a header
  // line are above ':' and cost one comparison. A CR is allowed only in the last two bytes.
  const crEnd = e - s > 2 ? e - 2 : s;
  let strayCr = false;
  let colon = false;
  for (let i = s; i < e; i++) {
    const b = arr[i]!;
    if (b > COLON) continue;
    if (b === 0) return NUL_BYTE;
    if (b === CR) {
      if (i < crEnd) strayCr = true;
    } else if (b === COLON) colon = true;
  }
  if (strayCr) return STRAY_CR;
  if (lineNo < 2) return null;
  if (isBlank(arr[s]!) && lineNo > 2) return null;
  if (!colon) return NO_COLON;
  return null;
}

/** The headers API (Curl_headers_push()) keeps at most MAX_HEADER_COUNT fields (`count`: those
 *  kept so far) and needs "name:" in each: a line starting with a blank must hold more than blanks,
 *  and a colon. */
export function fieldProblem(
  arr: Uint8Array,
  s: number,
  e: number,
  count: number,
): HeadProblem | null {
  if (count >= MAX_HEADER_COUNT) return TOO_MANY_FIELDS;
  if (!isBlank(arr[s]!)) return null;
  let i = s;
  while (i < e && isBlank(arr[i]!)) i++;
  if (i >= e || isNewline(arr[i]!)) return BLANK_CONTINUATION;
  if (indexOfByte(arr, COLON, i, e) < 0) return INVALID_FIELD;
  return null;
}

/** Curl_bump_headersize(): `headerBytes` (all of this response's head so far) past the limit. */
export function headSizeProblem(headerBytes: number): HeadProblem | null {
  if (headerBytes <= MAX_HEADERS_SIZE) return null;
  return problem(
    CURLE_RECV_ERROR,
    `Too large response headers: ${headerBytes} > ${MAX_HEADERS_SIZE}`,
  );
}

// The header fields libcurl acts on (http_header_c/_l/_t); every other field is only passed on.
export const F_OTHER = 0;
export const F_CONTENT_LENGTH = 1;
export const F_CONTENT_ENCODING = 2;
export const F_CONTENT_TYPE = 3;
export const F_CONNECTION = 4;
export const F_LOCATION = 5;
export const F_TRANSFER_ENCODING = 6;

/** Which field a header line carries, by its name (case-insensitive, colon included). */
export function headerField(arr: Uint8Array, s: number, e: number): number {
  const first = lowerByte(arr[s]!);
  if (first === 0x63 /* c */) {
    if (startsWithCI(arr, s, e, H_CONTENT_LENGTH)) return F_CONTENT_LENGTH;
    if (startsWithCI(arr, s, e, H_CONTENT_ENCODING)) return F_CONTENT_ENCODING;
    if (startsWithCI(arr, s, e, H_CONTENT_TYPE)) return F_CONTENT_TYPE;
    if (startsWithCI(arr, s, e, H_CONNECTION)) return F_CONNECTION;
    return F_OTHER;
  }
  if (first === 0x6c /* l */ && startsWithCI(arr, s, e, H_LOCATION)) return F_LOCATION;
  if (first === 0x74 /* t */ && startsWithCI(arr, s, e, H_TRANSFER_ENCODING)) {
    return F_TRANSFER_ENCODING;
  }
  return F_OTHER;
}

/** What contentLength() leaves, in a shared record read right after the call: the size (on a
 *  problem or an overflow, what the line accepted before it) and whether a value was past 2^63-1,
 *  which is ignored and closes the connection. */
export const lengthLine = { size: -1, overflow: false };

/** http_header_c() on a Content-Length line, given `size` from earlier lines (-1 for none): equal
 *  repeats and comma lists are fine, anything else is "Invalid Content-Length: value"; with
 *  CURLOPT_MAXFILESIZE set (maxFileSize) a value out of range is too large for sure. */
export function contentLength(
  arr: Uint8Array,
  s: number,
  e: number,
  size: number,
  maxFileSize: boolean,
): HeadProblem | null {
  let p = s + H_CONTENT_LENGTH.length;
  let verdict: HeadProblem | null = INVALID_LENGTH;
  lengthLine.overflow = false;
  for (;;) {
    while (p < e && isBlank(arr[p]!)) p++;
    const r = parseDecimal(arr, p, e);
    if (r === NUM_OVERFLOW) {
      lengthLine.overflow = true;
      verdict = maxFileSize ? FILE_TOO_BIG : null;
      break;
    }
    if (r === NUM_OK && (size === -1 || size === num.value)) {
      size = num.value;
      p = num.end;
      while (p < e && isBlank(arr[p]!)) p++;
      if (p < e && arr[p] === COMMA) {
        p++;
        continue;
      }
      if (p < e && isNewline(arr[p]!)) verdict = null;
    }
    break;
  }
  lengthLine.size = size;
  return verdict;
}

/** The last Content-Type string, shared by every parser: one server keeps sending the same bytes. */
const ctMemo = new Latin1Memo();

/** The value of a Content-Encoding, Content-Type or Location line ("" when empty). */
export function fieldValue(field: number, arr: Uint8Array, s: number, e: number): string {
  if (field === F_CONTENT_TYPE) return ctMemo.value(arr, s, e, H_CONTENT_TYPE.length);
  const nameLen = field === F_LOCATION ? H_LOCATION.length : H_CONTENT_ENCODING.length;
  return headerValue(arr, s, e, nameLen);
}

/** Whether the connection closes after a Connection line (`closing`: whether it did before):
 *  "close" always closes; "keep-alive" only counts from an HTTP/1.0 server (http10), for which it
 *  lifts the close HTTP/1.0 implies. */
export function connectionCloses(
  arr: Uint8Array,
  s: number,
  e: number,
  http10: boolean,
  closing: boolean,
): boolean {
  const n = H_CONNECTION.length;
  if (valueHasToken(arr, s, e, n, T_CLOSE)) return true;
  if (http10 && valueHasToken(arr, s, e, n, T_KEEP_ALIVE)) return false;
  return closing;
}

/** What transferCodings() found, in a shared record read right after the call: whether "chunked" was
 *  listed, and the accepted other codings so far (the `identity` passed in plus this line's). */
export const transfer = { chunked: false, identity: "" };

/** Curl_build_unencoding_stack(.., is_transfer) on a Transfer-Encoding line, with libcurl's
 *  defaults: "chunked" (repeats ignored) and "identity" pass, any other coding is
 *  CURLE_BAD_CONTENT_ENCODING. The record holds what was accepted before a problem, too. */
export function transferCodings(
  arr: Uint8Array,
  s: number,
  e: number,
  identity: string,
): HeadProblem | null {
  transfer.chunked = false;
  transfer.identity = identity;
  let p = s + H_TRANSFER_ENCODING.length;
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
      transfer.chunked = true;
      continue;
    }
    const coding = latin1(arr, name, name + nameLen);
    if (transfer.chunked) {
      return problem(
        CURLE_BAD_CONTENT_ENCODING,
        `A Transfer-Encoding (${coding}) was listed after chunked`,
      );
    }
    if (nameLen === 8 && startsWithCI(arr, name, name + 8, T_IDENTITY)) {
      transfer.identity = transfer.identity === "" ? coding : `${transfer.identity}, ${coding}`;
      continue;
    }
    return problem(CURLE_BAD_CONTENT_ENCODING, `Unsolicited Transfer-Encoding (${coding}) found`);
  }
  return null;
}
