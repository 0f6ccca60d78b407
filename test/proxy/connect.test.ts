// The CONNECT exchange (lib/http_proxy.c, lib/cf-h1-proxy.c): the request's bytes, and the answer
// read at every split point: where it ends, what is left for the tunnel, a 407's body skipped.

import { describe, expect, test } from "bun:test";
import { ConnectResponse, connectRequest } from "../../src/proxy/connect.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("connectRequest", () => {
  test("request line, Host, Proxy-Authorization, User-Agent, Proxy-Connection, then PROXYHEADER", () => {
    expect(
      text(
        connectRequest({
          authority: "a.test:443",
          http10: false,
          proxyAuthorization: "Basic dTpw",
          userAgent: "ua/1",
          headers: ["X-One: 1"],
        }),
      ),
    ).toBe(
      "CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\nProxy-Authorization: Basic dTpw\r\n" +
        "User-Agent: ua/1\r\nProxy-Connection: Keep-Alive\r\nX-One: 1\r\n\r\n",
    );
  });
  test("HTTP/1.0 proxies; user headers replace Host/User-Agent/Proxy-Connection, 'Name:' removes, 'Name;' sends empty", () => {
    expect(
      text(
        connectRequest({
          authority: "[::1]:8",
          http10: true,
          userAgent: "ua",
          headers: ["Host: other", "User-Agent:", "Proxy-Connection:", "Empty;"],
        }),
      ),
    ).toBe("CONNECT [::1]:8 HTTP/1.0\r\nHost: other\r\nEmpty:\r\n\r\n");
  });
});

/** Feeds `wire` split at `at`; returns what the reader consumed and its verdict. */
function readAt(wire: string, at: number) {
  const lines: string[] = [];
  const r = new ConnectResponse((b, s, e) => {
    lines.push(text(b.subarray(s, e)));
    return 0;
  });
  const b = bytes(wire);
  let used = 0;
  for (const [s, e] of [
    [0, at],
    [at, b.length],
  ] as const) {
    if (r.done || r.result !== 0) break;
    used += r.feed(b, s, e) + 0;
    if (r.done) break;
  }
  return { used, status: r.status, done: r.done, closes: r.closes, lines };
}

describe("ConnectResponse", () => {
  const TUNNEL = "tunnel bytes";
  const cases: [string, string, { status: number; closes: boolean; rest: string }][] = [
    // 2xx ends with its head; Content-Length and Transfer-Encoding of a 2xx are ignored
    [
      "200, no length",
      "HTTP/1.1 200 Connection established\r\n\r\n",
      { status: 200, closes: false, rest: TUNNEL },
    ],
    [
      "200 with a length",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n",
      { status: 200, closes: false, rest: TUNNEL },
    ],
    // a 407 with a length or chunks has its body read; without, the head ends it and the proxy closes
    [
      "407 with a length",
      'HTTP/1.1 407 Auth\r\nProxy-Authenticate: Basic realm="x"\r\nContent-Length: 4\r\n\r\nbody',
      { status: 407, closes: false, rest: TUNNEL },
    ],
    [
      "407 chunked",
      "HTTP/1.1 407 Auth\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      { status: 407, closes: false, rest: TUNNEL },
    ],
    [
      "407 without a length",
      "HTTP/1.1 407 Auth\r\n\r\n",
      { status: 407, closes: true, rest: TUNNEL },
    ],
    [
      "403",
      "HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\n",
      { status: 403, closes: false, rest: `${TUNNEL}` },
    ],
  ];
  for (const [name, head, want] of cases)
    test(`${name}: at every split point`, () => {
      const wire = head + TUNNEL;
      for (let at = 0; at <= wire.length; at++) {
        const r = readAt(wire, at);
        expect([at, r.done, r.status, r.closes]).toEqual([at, true, want.status, want.closes]);
        expect([at, wire.slice(r.used)]).toEqual([at, want.rest]);
      }
    });
  test("the header lines go to the sink, a 407's challenges among them", () => {
    const r = readAt(
      'HTTP/1.1 407 A\r\nProxy-Authenticate: Basic realm="x"\r\nproxy-authenticate: Digest a=1\r\nContent-Length: 0\r\n\r\n',
      3,
    );
    expect(r.lines[0]).toBe("HTTP/1.1 407 A\r\n");
    expect(r.lines.at(-1)).toBe("\r\n");
    expect(r.lines.slice(1, 3)).toEqual([
      'Proxy-Authenticate: Basic realm="x"\r\n',
      "proxy-authenticate: Digest a=1\r\n",
    ]);
  });
});
