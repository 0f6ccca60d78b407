// The HTTP CONNECT exchange with a proxy (lib/http_proxy.c and lib/cf-h1-proxy.c): the request
// ("CONNECT host:port HTTP/1.1", Host, Proxy-Authorization, User-Agent, Proxy-Connection, then the
// CURLOPT_PROXYHEADER lines) and the reading of the answer with the same HTTP/1 parser as responses.
// A 2xx answer ends with its head (a client ignores its Content-Length and Transfer-Encoding); a 407
// with a length or chunks has its body read and dropped so the connection can carry another CONNECT;
// any other answer ends with its head too. Pure.

import { checkheaders } from "../http/index.ts";
import { PARSE_DONE, type ResponseHandler, ResponseParser } from "../http/parser.ts";

const encoder = new TextEncoder();

/** What one CONNECT request says. */
export interface ConnectRequestHead {
  /** "host:port", an IPv6 host in brackets. */
  authority: string;
  /** CURLPROXY_HTTP_1_0: the request line says HTTP/1.0. */
  http10: boolean;
  /** The Proxy-Authorization value ("Basic ..."), or undefined. */
  proxyAuthorization?: string | undefined;
  /** CURLOPT_USERAGENT. */
  userAgent?: string | undefined;
  /** CURLOPT_PROXYHEADER. */
  headers?: readonly string[] | null | undefined;
}

/** A user header line as Curl_add_custom_headers sends it, or undefined when it sends nothing. */
function customLine(h: string): string | undefined {
  const semi = h.indexOf(";");
  const colon = h.indexOf(":");
  if (semi > 0 && semi === h.length - 1 && (colon < 0 || colon > semi))
    return `${h.slice(0, semi).trim()}:`;
  if (colon <= 0) return undefined;
  if (h.slice(colon + 1).trim() === "") return undefined; // "Name:" removes a default
  return h;
}

/** The CONNECT request's bytes. */
export function connectRequest(r: ConnectRequestHead): Uint8Array {
  const hs = r.headers ?? undefined;
  let s = `CONNECT ${r.authority} HTTP/${r.http10 ? "1.0" : "1.1"}\r\n`;
  if (checkheaders(hs, "host") === undefined) s += `Host: ${r.authority}\r\n`;
  if (r.proxyAuthorization !== undefined) s += `Proxy-Authorization: ${r.proxyAuthorization}\r\n`;
  if (r.userAgent && checkheaders(hs, "user-agent") === undefined)
    s += `User-Agent: ${r.userAgent}\r\n`;
  if (checkheaders(hs, "proxy-connection") === undefined) s += "Proxy-Connection: Keep-Alive\r\n";
  if (hs !== undefined)
    for (const h of hs) {
      const line = customLine(h);
      if (line !== undefined) s += `${line}\r\n`;
    }
  return encoder.encode(`${s}\r\n`);
}

/** Where the answer's header lines go (the header callback); non-zero fails the read with that code. */
export type HeaderSink = (buf: Uint8Array, start: number, end: number) => number;

/**
 * Reads one answer to CONNECT. Feed it bytes with `feed`; `done` once the answer is over (`status`
 * then says what it was), `result` non-zero when it failed (with `detail`).
 */
export class ConnectResponse implements ResponseHandler {
  private readonly parser: ResponseParser;
  /** The answer's status line code (0 before it came). */
  status = 0;
  /** The answer is complete: its head, and for a 407 the body that was skipped. */
  done = false;
  /** The proxy closes the connection after this non-2xx answer (Connection: close, a 407 without a length). */
  closes = false;
  private sink: HeaderSink;

  constructor(sink: HeaderSink) {
    this.sink = sink;
    this.parser = new ResponseParser(this);
    this.parser.reset(false, false);
  }

  /** Feeds buf[start..end); returns how many bytes belong to the answer (the rest is the tunnel's). */
  feed(buf: Uint8Array, start: number, end: number): number {
    return this.parser.execute(buf, start, end);
  }

  /** 0, or the CURLcode the answer failed with, and libcurl's text for it. */
  get result(): number {
    return this.parser.result;
  }
  get detail(): string {
    return this.parser.detail;
  }

  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    return this.sink(buf, start, end);
  }
  onStatus(status: number): void {
    this.status = status;
  }
  onInterim(): number {
    return 0;
  }
  onHeadersDone(): number {
    const p = this.parser;
    if (this.status === 407 && (p.contentLength >= 0 || p.chunked)) {
      // The body is read and dropped: the connection may carry the next CONNECT.
      this.closes = p.closing;
      return 0;
    }
    this.done = true;
    // A 2xx is the tunnel: it stays. Otherwise the proxy may close (a 407 without a length must).
    this.closes = this.status >= 300 && (p.closing || this.status === 407);
    return PARSE_DONE;
  }
  onBody(): number {
    return 0;
  }
  onComplete(): void {
    this.done = true;
  }
}
