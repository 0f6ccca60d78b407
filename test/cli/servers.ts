// The loopback origins the CLI suite runs curl and multisock against: one HTTP/1.1 server and one
// HTTP/2-over-TLS server with the same routes, on port 0. Attempts on /flaky are counted per key so
// a test can tell how many times each client retried.

import { startDigestServer } from "../helpers/digest-server.ts";
import { TEST_CA, TEST_TLS } from "../helpers/loopback.ts";

export const CA = TEST_CA;

export interface Origins {
  http: string;
  https: string;
  /** The RFC Digest server (test/helpers/digest-server.ts): user alice, password s3cret; its 401s
   *  offer Basic and Digest in one header. */
  digest: string;
  /** Requests seen on /flaky/<key>, by key. */
  attempts: Map<string, number>;
  stop(): void;
}

/** An Expires date 30 days from the server's start, the same for both clients of a row. */
const LATER = new Date(Math.floor(Date.now() / 86_400_000 + 30) * 86_400_000).toUTCString();

const text = (s: string, init?: ResponseInit) =>
  new Response(s, { ...init, headers: { "content-type": "text/plain", ...init?.headers } });

/** One handler for both servers. */
function route(attempts: Map<string, number>) {
  return async (req: Request): Promise<Response> => {
    const u = new URL(req.url);
    const p = u.pathname;
    const body = req.body ? new Uint8Array(await req.arrayBuffer()) : new Uint8Array(0);
    if (p === "/hello") return text("hello world\n");
    if (p.startsWith("/redir/")) {
      const n = Number(p.slice(7));
      if (n <= 0) return text("landed\n");
      return new Response("moved\n", { status: 302, headers: { location: `/redir/${n - 1}` } });
    }
    if (p === "/status/404") return text("not found\n", { status: 404 });
    // Cookies: /cookies/set sets a session and a lasting cookie, /cookies/show echoes the Cookie
    // header, /cookies/redir sets one and redirects to /cookies/show.
    if (p === "/cookies/set") {
      const h = new Headers({ "content-type": "text/plain" });
      h.append("set-cookie", "sess=1; Path=/");
      h.append("set-cookie", `keep=2; Path=/cookies; Expires=${LATER}`);
      return new Response("set\n", { headers: h });
    }
    if (p === "/cookies/show") return text(`cookie=${req.headers.get("cookie") ?? "-"}\n`);
    if (p === "/cookies/redir")
      return new Response("moved\n", {
        status: 302,
        headers: { location: "/cookies/show", "set-cookie": "hop=3; Path=/" },
      });
    if (p === "/echo") {
      const h = (n: string) => req.headers.get(n) ?? "-";
      const head = `method=${req.method} x-custom=${h("x-custom")} auth=${h("authorization")} type=${h("content-type")} len=${h("content-length")}\n`;
      return text(`${head}${new TextDecoder().decode(body)}\n`);
    }
    if (p === "/gzip")
      return new Response(Bun.gzipSync(new TextEncoder().encode("zipped text\n".repeat(100))), {
        headers: { "content-encoding": "gzip", "content-type": "text/plain" },
      });
    if (p.startsWith("/files/")) return text(`file ${p.slice(7)}\n`.repeat(50));
    if (p === "/slow") {
      await Bun.sleep(Number(u.searchParams.get("ms") ?? 3000));
      return text("late\n");
    }
    if (p.startsWith("/flaky/")) {
      const key = p.slice(7);
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      const fails = Number(u.searchParams.get("fails") ?? 1);
      if (n <= fails) return text("busy\n", { status: 503 });
      return text(`ok after ${n}\n`);
    }
    return text("no such route\n", { status: 404 });
  };
}

/** Starts both origins on 127.0.0.1, port 0. */
export function startOrigins(): Origins {
  const attempts = new Map<string, number>();
  const fetch = route(attempts);
  const h1 = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch });
  const h2 = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    http2: true,
    tls: TEST_TLS,
    fetch,
  } as Parameters<typeof Bun.serve>[0]);
  const digest = startDigestServer({ users: { alice: "s3cret" }, challenges: ["basic+digest"] });
  return {
    http: `http://127.0.0.1:${h1.port}`,
    https: `https://localhost:${h2.port}`,
    digest: digest.url,
    attempts,
    stop() {
      h1.stop(true);
      h2.stop(true);
      digest.stop();
    },
  };
}

if (import.meta.main) {
  const o = startOrigins();
  console.log(o.http, o.https);
}
