// HTTP/1.x request head writer: request line and headers in libcurl's order and with its rules for
// CURLOPT_HTTPHEADER (replace, remove with "Name:", send empty with "Name;"), into a reused buffer.
// Pure: strings in, bytes out; no I/O. The last guard against CR/LF/NUL in a header line.

import { HeadMemo } from "./head-memo.ts";
import { hasCtlBreak, isTchar } from "./headers.ts";
import type { RequestHead } from "./request-head.ts";

export type { RequestHead };

const encoder = new TextEncoder();

/** Case-insensitive ASCII compare of s[from..from+name.length) with `name` (lower case). */
function matchAt(s: string, from: number, name: string): boolean {
  if (s.length - from < name.length) return false;
  for (let i = 0; i < name.length; i++) {
    let c = s.charCodeAt(from + i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== name.charCodeAt(i)) return false;
  }
  return true;
}

function isBlankCode(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * The first user header whose name is `name` (lower case, no colon) directly followed by ':' or
 * ';': libcurl's Curl_checkheaders(). Returns the whole header string, or undefined.
 */
export function checkheaders(
  headers: readonly string[] | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const n = name.length;
  for (const h of headers) {
    if (matchAt(h, 0, name)) {
      const sep = h.charCodeAt(n);
      if (sep === 0x3a || sep === 0x3b) return h;
    }
  }
  return undefined;
}

/** Trimmed [start, end) of the value of a custom header after its ':' or ';' at `sep`, or -1 for
 *  start when the header has neither (header_has_value() in lib/http.c). */
const span = { start: 0, end: 0 };
function valueSpan(h: string): boolean {
  let sep = -1;
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c === 0x3a || c === 0x3b) {
      sep = i;
      break;
    }
  }
  if (sep <= 0) return false;
  let s = sep + 1;
  let e = s;
  while (e < h.length && h.charCodeAt(e) !== 0x0d && h.charCodeAt(e) !== 0x0a) e++;
  while (s < e && isBlankCode(h.charCodeAt(s))) s++;
  while (e > s && isBlankCode(h.charCodeAt(e - 1))) e--;
  span.start = s;
  span.end = e;
  return true;
}

/** A user "Connection" header with a non-empty value (http_add_connection_hd() picks these). */
function isConnectionHeader(h: string): boolean {
  if (!matchAt(h, 0, "connection")) return false;
  const sep = h.charCodeAt(10);
  if (sep !== 0x3a && sep !== 0x3b) return false;
  return valueSpan(h) && span.end > span.start;
}

/** Curl_compareheader() on a string: the value after `nameLen` chars lists `token` (lower). */
function headerSays(h: string, nameLen: number, token: string): boolean {
  let p = nameLen;
  let e = p;
  while (e < h.length && h.charCodeAt(e) !== 0x0d && h.charCodeAt(e) !== 0x0a) e++;
  while (p < e && isBlankCode(h.charCodeAt(p))) p++;
  while (e > p && isBlankCode(h.charCodeAt(e - 1))) e--;
  while (e - p >= token.length) {
    if (matchAt(h, p, token)) {
      const after = p + token.length < e ? h.charCodeAt(p + token.length) : 0;
      if (after === 0 || after === 0x2c || isBlankCode(after)) return true;
    }
    const from = p;
    while (p < e && h.charCodeAt(p) !== 0x2c) p++;
    if (p === from || p >= e) return false;
    while (p < e && (h.charCodeAt(p) === 0x2c || isBlankCode(h.charCodeAt(p)))) p++;
  }
  return false;
}

/** True when the request body goes chunked: a user Transfer-Encoding header that says
 *  "chunked" decides, else `head.chunked` (http_req_set_TE()). The engine must encode the body
 *  the same way. */
export function requestIsChunked(head: Pick<RequestHead, "headers" | "chunked">): boolean {
  const te = checkheaders(head.headers, "transfer-encoding");
  if (te !== undefined) return headerSays(te, 18, "chunked");
  return head.chunked === true;
}

/** A user Expect header's say (addexpect): undefined when there is none, else whether it asks for
 *  100-continue. */
export function userExpects100(headers: readonly string[] | undefined): boolean | undefined {
  const h = checkheaders(headers, "expect");
  return h === undefined ? undefined : headerSays(h, 7, "100-continue");
}

/** False if `s` contains CR, LF or NUL (which would end a header line early). */
export function validateHeaderValue(s: string): boolean {
  return !hasCtlBreak(s);
}

/** True if `s` is a non-empty RFC 9110 token: no CR/LF/NUL, no space, no separator. */
export function validateMethod(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    if (!isTchar(s.charCodeAt(i))) return false;
  }
  return true;
}

function guard(what: string, s: string | undefined): void {
  if (s !== undefined && hasCtlBreak(s)) {
    throw new TypeError(`${what} contains CR, LF or NUL: ${JSON.stringify(s)}`);
  }
}

/**
 * Writes HTTP/1.1 request heads in libcurl's header order (lib/http.c http_add_hd(): request
 * line, Host, Authorization, Range, User-Agent, Accept, Accept-Encoding, Referer,
 * Transfer-Encoding, Cookie, the user's headers, Content-Length, Content-Type, Expect,
 * Connection). One instance per connection or engine; not reentrant.
 */
export class RequestWriter {
  private buf = new Uint8Array(1024);
  private len = 0;
  /** The head whose bytes are in buf[0, len) (cleared while a write is under way). */
  private readonly memo = new HeadMemo();

  /**
   * Encodes the head into the reused buffer and returns a view valid until the next write().
   * Throws TypeError when a string would put CR, LF or NUL on the wire (the easy layer is
   * expected to have refused it with CURLE_BAD_FUNCTION_ARGUMENT already).
   */
  write(head: RequestHead): Uint8Array {
    // The same request as the last one (its strings were checked then): the same bytes.
    if (this.memo.same(head)) return this.buf.subarray(0, this.len);
    this.memo.clear();
    guard("method", head.method);
    guard("target", head.target);
    guard("host", head.host);
    guard("userAgent", head.userAgent);
    guard("contentType", head.contentType);
    guard("authorization", head.authorization);
    guard("range", head.range);
    guard("acceptEncoding", head.acceptEncoding);
    guard("referer", head.referer);
    guard("cookie", head.cookie);
    guard("proxyAuthorization", head.proxyAuthorization);
    if (head.proxyHeaders) for (const h of head.proxyHeaders) guard("header", h);
    const hs = head.headers;
    if (hs) for (const h of hs) guard("header", h);

    this.len = 0;
    this.str(head.method);
    this.str(" ");
    this.str(head.target);
    this.str(head.http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");

    // http_set_aptr_host(): a user Host header takes the place of ours; exactly "Host:" drops it
    const userHost = checkheaders(hs, "host");
    let hostSent = true;
    if (userHost === undefined) this.line("Host: ", head.host);
    else if (userHost.length === 5 && userHost.charCodeAt(4) === 0x3a) hostSent = false;
    else {
      this.str("Host:");
      this.str(userHost, 5);
      this.str("\r\n");
    }

    const ph = head.proxyHeaders;
    if (head.proxyAuthorization !== undefined && !checkheaders(hs, "proxy-authorization"))
      this.line("Proxy-Authorization: ", head.proxyAuthorization);
    if (head.authorization !== undefined && !checkheaders(hs, "authorization")) {
      this.line("Authorization: ", head.authorization);
    }
    if (head.range !== undefined && !checkheaders(hs, "range")) {
      this.line("Range: bytes=", head.range);
    }
    if (head.userAgent && !checkheaders(hs, "user-agent"))
      this.line("User-Agent: ", head.userAgent);
    if (!checkheaders(hs, "accept")) this.str("Accept: */*\r\n");
    if (head.acceptEncoding !== undefined && !checkheaders(hs, "accept-encoding")) {
      this.line("Accept-Encoding: ", head.acceptEncoding);
    }
    if (head.referer !== undefined && !checkheaders(hs, "referer")) {
      this.line("Referer: ", head.referer);
    }
    if (
      head.proxyKeepAlive &&
      !checkheaders(hs, "proxy-connection") &&
      !checkheaders(ph, "proxy-connection")
    )
      this.str("Proxy-Connection: Keep-Alive\r\n");
    // The framing was decided once, by the engine that also encodes the body (with requestIsChunked):
    // the head only follows that decision.
    const chunked = head.chunked === true;
    if (chunked && checkheaders(hs, "transfer-encoding") === undefined)
      this.str("Transfer-Encoding: chunked\r\n");
    // The caller decided the whole value (the jar's cookies, then CURLOPT_COOKIE unless a user Cookie
    // header replaces that one), as libcurl's http_cookies does.
    if (head.cookie !== undefined) {
      this.str("Cookie: ");
      this.bytes(head.cookie);
      this.str("\r\n");
    }

    if (hs) for (const h of hs) this.custom(h, hostSent);
    if (ph) for (const h of ph) this.custom(h, hostSent);

    if (head.contentLength >= 0 && !chunked && !checkheaders(hs, "content-length")) {
      this.str("Content-Length: ");
      this.int(head.contentLength);
      this.str("\r\n");
    }
    if (head.contentType !== undefined && !checkheaders(hs, "content-type")) {
      this.line("Content-Type: ", head.contentType);
    }
    if (head.expect100 && !checkheaders(hs, "expect")) this.str("Expect: 100-continue\r\n");

    // http_add_connection_hd(): the first user Connection header, re-spelled, then the others
    if (hs) {
      let first = true;
      for (const h of hs) {
        if (!isConnectionHeader(h)) continue;
        if (first) {
          first = false;
          this.str("Connection: ");
          this.str(h, span.start, span.end);
          this.str("\r\n");
        } else this.line("", h);
      }
    }
    this.str("\r\n");
    this.memo.remember(head);
    return this.buf.subarray(0, this.len);
  }

  /** Curl_add_custom_headers() for one CURLOPT_HTTPHEADER entry. */
  private custom(h: string, hostSent: boolean): void {
    // "Name;" (the ';' last, no ':' in the name) sends "Name:" with no value
    const semi = h.indexOf(";");
    let blank = false;
    let nameEnd: number;
    if (semi > 0 && semi === h.length - 1 && h.lastIndexOf(":", semi) < 0) {
      blank = true;
      nameEnd = semi;
    } else {
      const colon = h.indexOf(":");
      if (colon <= 0) return; // no colon: not a header
      let s = colon + 1;
      let e = s;
      while (e < h.length && h.charCodeAt(e) !== 0x0d && h.charCodeAt(e) !== 0x0a) e++;
      while (s < e && isBlankCode(h.charCodeAt(s))) s++;
      if (s === e) return; // "Name:" only removes a default
      nameEnd = colon;
    }
    let ns = 0;
    let ne = nameEnd;
    while (ns < ne && isBlankCode(h.charCodeAt(ns))) ns++;
    while (ne > ns && isBlankCode(h.charCodeAt(ne - 1))) ne--;
    const n = ne - ns;
    if (n === 4 && hostSent && matchAt(h, ns, "host")) return;
    if (n === 10 && matchAt(h, ns, "connection")) return; // sent last, see write()
    if (blank) {
      this.str(h, ns, ne);
      this.str(":\r\n");
    } else this.line("", h);
  }

  private line(prefix: string, value: string): void {
    this.str(prefix);
    this.str(value);
    this.str("\r\n");
  }

  /** Appends s[from..to): ASCII byte by byte, anything else as UTF-8 via encodeInto. */
  private str(s: string, from = 0, to = s.length): void {
    let need = this.len + (to - from);
    if (need > this.buf.length) this.grow(need);
    const b = this.buf;
    let o = this.len;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // rare: non-ASCII text goes out as UTF-8 (at most 3 bytes per UTF-16 unit)
        this.len = o;
        const rest = to === s.length && i === 0 ? s : s.slice(i, to);
        need = o + rest.length * 3;
        if (need > this.buf.length) this.grow(need);
        this.len += encoder.encodeInto(rest, this.buf.subarray(this.len)).written;
        return;
      }
      b[o++] = c;
    }
    this.len = o;
  }

  /** Appends a byte string (one char per byte, latin1) as its bytes. */
  private bytes(s: string): void {
    const need = this.len + s.length;
    if (need > this.buf.length) this.grow(need);
    const b = this.buf;
    let o = this.len;
    for (let i = 0; i < s.length; i++) b[o++] = s.charCodeAt(i) & 0xff;
    this.len = o;
  }

  /** Appends a non-negative integer in decimal without making a string. */
  private int(v: number): void {
    if (v < 1e15) {
      if (this.len + 16 > this.buf.length) this.grow(this.len + 16);
      let digits = 1;
      for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
      let o = this.len + digits;
      this.len = o;
      let t = v;
      do {
        this.buf[--o] = 0x30 + (t % 10);
        t = Math.floor(t / 10);
      } while (t > 0);
    } else this.str(BigInt(v).toString());
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** One writer serves every connection: its output is sent (or copied) before the next head is made. */
export const requestWriter = new RequestWriter();
