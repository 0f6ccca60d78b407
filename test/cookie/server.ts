// A raw HTTP/1.1 server on loopback for the cookie tests: each path answers with scripted header
// lines written byte for byte (so hostile Set-Cookie lines reach the client unchanged), and every
// request's head is recorded (the Cookie header is what the tests look at).

import type { Socket, TCPSocketListener } from "bun";

/** What a path answers. */
export interface Route {
  status?: number;
  /** Header lines without CRLF, written as given (latin1). */
  headers?: string[];
  body?: string;
  /** Header lines of a "103 Early Hints" sent before the response. */
  interim?: string[];
}

/** One request as received. */
export interface Seen {
  method: string;
  path: string;
  /** Header lines of the request, as sent. */
  headers: string[];
  /** The Host header's name (no port). */
  host: string;
  /** The Cookie header values, in order. */
  cookies: string[];
}

/** The server; `routes` is keyed by "host/path" (the Host header's name) or by the path alone. */
export class CookieServer implements Disposable {
  readonly routes = new Map<string, Route>();
  readonly seen: Seen[] = [];
  private readonly listener: TCPSocketListener<{ buf: string }>;

  constructor(hostname = "127.0.0.1") {
    this.listener = Bun.listen<{ buf: string }>({
      hostname,
      port: 0,
      socket: {
        open: (s) => {
          s.data = { buf: "" };
        },
        data: (s, chunk) => this.onData(s, chunk),
      },
    });
  }

  get port(): number {
    return this.listener.port;
  }

  private onData(s: Socket<{ buf: string }>, chunk: Uint8Array): void {
    s.data.buf += Buffer.from(chunk).toString("latin1");
    for (;;) {
      const end = s.data.buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = s.data.buf.slice(0, end);
      s.data.buf = s.data.buf.slice(end + 4);
      const [line = "", ...headers] = head.split("\r\n");
      const [method = "", target = ""] = line.split(" ");
      const path = target.split("?")[0]!;
      const cookies = headers
        .filter((h) => /^cookie:/i.test(h))
        .map((h) => h.slice(h.indexOf(":") + 1).trim());
      const hostLine = headers.find((h) => /^host:/i.test(h)) ?? "";
      const host = hostLine.slice(5).trim().replace(/:\d+$/, "");
      this.seen.push({ method, path, host, headers, cookies });
      const r = this.routes.get(`${host}${path}`) ?? this.routes.get(path) ?? { status: 404 };
      const body = r.body ?? "";
      const lines = [
        `HTTP/1.1 ${r.status ?? 200} X`,
        ...(r.headers ?? []),
        `Content-Length: ${Buffer.byteLength(body, "latin1")}`,
      ];
      const early = r.interim
        ? `HTTP/1.1 103 Early Hints\r\n${r.interim.map((h) => `${h}\r\n`).join("")}\r\n`
        : "";
      s.write(Buffer.from(`${early}${lines.join("\r\n")}\r\n\r\n${body}`, "latin1"));
    }
  }

  [Symbol.dispose](): void {
    this.listener.stop(true);
  }
}
