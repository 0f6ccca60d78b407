// HTTP/1.1 request heads to HTTP/2 header fields and HTTP/2 response fields to HTTP/1.1-style lines,
// as libcurl does it (lib/http1.c parses the head http.c made, Curl_http_req_to_h2 converts it; on
// the way in http2.c writes "HTTP/2 200 \r\n" and "name: value\r\n" lines for http.c's header code).
// Pure: bytes and strings in, fields or bytes out.

import { HeadMemo } from "../http/head-memo.ts";
import type { RequestHead } from "../http/request.ts";
import type { OutBuf } from "./out-buf.ts";

/** Where request fields go (the HPACK encoder of the session). */
export type FieldSink = (name: string, value: string) => void;

/** Request headers that mean something only to one HTTP/1.1 connection (RFC 9113 section 8.2.2). */
const CONNECTION_SPECIFIC = new Set([
  "connection",
  "host",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
]);

function latin1(b: Uint8Array, s: number, e: number): string {
  let out = "";
  // Heads are short; a chunked fromCharCode keeps one string per part.
  for (let i = s; i < e; i += 4096)
    out += String.fromCharCode.apply(
      null,
      b.subarray(i, Math.min(e, i + 4096)) as unknown as number[],
    );
  return out;
}

/** Index of the CRLF (or bare LF) ending the line at i, or end. */
function lineEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && b[i] !== 0x0a) i++;
  return i;
}

/**
 * Converts an HTTP/1.1 request head (as the RequestWriter wrote it) into HTTP/2 fields: :method,
 * :scheme, :authority (the Host header) and :path first, then every other header with its name in
 * lower case, without the connection-specific ones; TE only as "trailers". Returns false when the
 * head is not one the writer makes (no request line).
 */
export function requestFields(head: Uint8Array, scheme: string, out: FieldSink): boolean {
  const end = head.length;
  let e = lineEnd(head, 0, end);
  const lineStop = e > 0 && head[e - 1] === 0x0d ? e - 1 : e;
  const sp1 = head.indexOf(0x20);
  if (sp1 < 0 || sp1 >= lineStop) return false;
  let sp2 = lineStop;
  while (sp2 > sp1 && head[sp2] !== 0x20) sp2--;
  if (sp2 <= sp1) return false;
  const method = latin1(head, 0, sp1);
  const path = latin1(head, sp1 + 1, sp2);
  // The authority comes from the Host header; the other fields follow the pseudo ones.
  let authority = "";
  const names: string[] = [];
  const values: string[] = [];
  for (let i = e + 1; i < end; i = e + 1) {
    e = lineEnd(head, i, end);
    let stop = e > i && head[e - 1] === 0x0d ? e - 1 : e;
    if (stop === i) break; // the blank line
    let c = i;
    while (c < stop && head[c] !== 0x3a) c++;
    if (c === stop) continue;
    const name = latin1(head, i, c).toLowerCase();
    let v = c + 1;
    while (v < stop && (head[v] === 0x20 || head[v] === 0x09)) v++;
    while (stop > v && (head[stop - 1] === 0x20 || head[stop - 1] === 0x09)) stop--;
    const value = latin1(head, v, stop);
    if (name === "host") {
      authority = value;
      continue;
    }
    if (CONNECTION_SPECIFIC.has(name)) continue;
    if (name === "te") {
      // Only the "trailers" token may travel (Curl_http_req_to_h2 rewrites the field to it).
      if (!/(^|,)\s*trailers\s*(;|,|$)/i.test(value)) continue;
      names.push(name);
      values.push("trailers");
      continue;
    }
    names.push(name);
    values.push(value);
  }
  out(":method", method);
  out(":scheme", scheme);
  if (authority !== "") out(":authority", authority);
  out(":path", path);
  for (let k = 0; k < names.length; k++) out(names[k]!, values[k]!);
  return true;
}

/**
 * The fields of the last request head converted, kept with its bytes: a client repeating the same
 * request (same URL and headers, the common case under load) skips the conversion. One per session.
 */
export class RequestFieldCache {
  readonly names: string[] = [];
  readonly values: string[] = [];
  private head = new Uint8Array(256);
  private headLen = -1;
  private scheme = "";
  private readonly push: FieldSink = (n, v) => {
    this.names.push(n);
    this.values.push(v);
  };

  /** Bytes of the HTTP/1.1 head the fields were made from. */
  get headSize(): number {
    return Math.max(this.headLen, 0);
  }

  /** The request the fields were made from. */
  private readonly memo = new HeadMemo();

  /** Whether `h` would make the same head as the last one loaded (the fields can be used as they are). */
  same(h: RequestHead): boolean {
    return this.memo.same(h);
  }

  /** Loads the fields of `head` (written for `from`) into names/values; false when it is not a
   *  request head. */
  load(head: Uint8Array, scheme: string, from?: RequestHead): boolean {
    this.memo.clear();
    const n = head.length;
    if (n === this.headLen && scheme === this.scheme && sameBytes(this.head, head, n)) {
      // The same bytes as the fields loaded: they are `from`'s too.
      if (from !== undefined) this.memo.remember(from);
      return true;
    }
    this.names.length = 0;
    this.values.length = 0;
    this.headLen = -1;
    if (!requestFields(head, scheme, this.push)) return false;
    if (this.head.length < n) this.head = new Uint8Array(n * 2);
    this.head.set(head);
    this.headLen = n;
    this.scheme = scheme;
    if (from !== undefined) this.memo.remember(from);
    return true;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Why a response field makes the message malformed (RFC 9113 section 8.2), or "" when it is fine. */
export function fieldProblem(name: string, value: string, pseudoAllowed: boolean): string {
  const n = name.length;
  if (n === 0) return "empty header name";
  if (name.charCodeAt(0) === 0x3a) {
    if (!pseudoAllowed) return `pseudo header ${name} after a regular one`;
    if (name !== ":status") return `pseudo header ${name} in a response`;
  } else {
    for (let i = 0; i < n; i++) {
      const c = name.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f || (c >= 0x41 && c <= 0x5a) || c === 0x3a)
        return `invalid header name "${name}"`;
    }
    if (CONNECTION_SPECIFIC.has(name) && name !== "host")
      return `connection-specific header ${name}`;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d) return `invalid value of header ${name}`;
  }
  return "";
}

/** Appends "HTTP/2 NNN \r\n", the status line libcurl writes for a stream's :status. */
export function writeStatusLine(out: OutBuf, status: number): void {
  out.latin1(`HTTP/2 ${status} \r\n`);
}

/** Appends "name: value\r\n". */
export function writeFieldLine(out: OutBuf, name: string, value: string): void {
  out.latin1(name);
  out.u16(0x3a20);
  out.latin1(value);
  out.u16(0x0d0a);
}
