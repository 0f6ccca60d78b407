// The loopback origins the fetch tests share: one Bun.serve over HTTP/1.1 and one over HTTP/2 with
// TLS (the test certificate, test/fixtures/tls), both serving the same routes.
//   /text /multi /status/N /redirect/N /to?code=C[&to=PATH] (redirect with code C to /echo or PATH)
//   /echo (method, content-type and body back as JSON) /sent-headers (User-Agent and Accept-Encoding
//   back as JSON) /gzip /big /slow?ms= /drip (head now, body later) /empty204

import { readFileSync } from "node:fs";
import { TEST_CA, TEST_TLS } from "../helpers/loopback.ts";

/** The CA that signed the origin's "localhost" certificate. */
export const CA = TEST_CA;
export const CA_PEM = readFileSync(CA, "utf8");

export function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7) % 251;
  return b;
}
export const BIG = pattern(3 * 1024 * 1024 + 17);
export const ZIPPED = "zipped ".repeat(1000);

async function route(req: Request): Promise<Response> {
  const u = new URL(req.url);
  const p = u.pathname;
  if (p === "/text") return new Response("hello", { headers: { "x-one": "1" } });
  if (p === "/multi")
    return new Response("m", {
      headers: [
        ["x-a", "1"],
        ["x-a", "2"],
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ],
    });
  if (p.startsWith("/status/"))
    return new Response(`status ${p.slice(8)}`, { status: Number(p.slice(8)) });
  if (p === "/empty204") return new Response(null, { status: 204 });
  if (p.startsWith("/redirect/")) {
    const n = Number(p.slice(10));
    if (n === 0) return new Response("done");
    return new Response(null, { status: 302, headers: { location: `/redirect/${n - 1}` } });
  }
  if (p === "/to")
    return new Response(null, {
      status: Number(u.searchParams.get("code") ?? 302),
      headers: { location: u.searchParams.get("to") ?? "/echo" },
    });
  if (p === "/sent-headers")
    return Response.json({
      ua: req.headers.get("user-agent"),
      encoding: req.headers.get("accept-encoding"),
    });
  if (p === "/echo") {
    const body = new Uint8Array(await req.arrayBuffer());
    return Response.json({
      method: req.method,
      type: req.headers.get("content-type"),
      length: body.length,
      body: new TextDecoder("latin1").decode(body),
    });
  }
  if (p === "/gzip")
    return new Response(Bun.gzipSync(new TextEncoder().encode(ZIPPED)), {
      headers: { "content-encoding": "gzip", "content-type": "text/plain" },
    });
  if (p === "/big") return new Response(BIG);
  if (p === "/slow") {
    await Bun.sleep(Number(u.searchParams.get("ms") ?? 2000));
    return new Response("late");
  }
  if (p === "/drip") {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return new Response(
      new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode("first"));
          timer = setTimeout(() => {
            c.enqueue(new TextEncoder().encode("second"));
            c.close();
          }, 3000);
        },
        cancel() {
          clearTimeout(timer);
        },
      }),
    );
  }
  return new Response("not found", { status: 404 });
}

export interface Origins {
  /** http://127.0.0.1:port */
  h1: string;
  /** https://localhost:port (HTTP/2 by ALPN) */
  h2: string;
  stop(): void;
}

export function startOrigins(): Origins {
  const a = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: route });
  const b = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    http2: true,
    tls: TEST_TLS,
    fetch: route,
  } as Parameters<typeof Bun.serve>[0]);
  return {
    h1: `http://127.0.0.1:${a.port}`,
    h2: `https://localhost:${b.port}`,
    stop() {
      a.stop(true);
      b.stop(true);
    },
  };
}
