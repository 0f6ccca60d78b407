// What a review of issue 14's surface found, each pinned on loopback as a user meets it: -O wrote
// outside its directory through %2F; --retry-all-errors repeated transfers that succeeded; a retry
// with -o /dev/null spun; fetch() hung on a 3xx the engine does not follow with a big body, and with
// highWaterMark 0; trailers landed in Response.headers.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fetch } from "../../src/index.ts";

const MAIN = join(import.meta.dir, "..", "..", "src", "cli", "main.ts");
let hits = 0;
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    hits++;
    const p = new URL(req.url).pathname;
    if (p === "/big-302") return new Response(new Uint8Array(3 << 20), { status: 302 });
    return new Response("ok");
  },
});
const base = `http://127.0.0.1:${server.port}`;
/** A raw origin for what Bun.serve will not send (an empty Location, trailers). */
const raw = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    data(s, d) {
      const req = d.toString();
      if (req.startsWith("GET /empty-location")) {
        const body = "x".repeat(3 << 20);
        s.write(
          `HTTP/1.1 302 Found\r\nLocation: \r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      } else
        s.write(
          "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: x-t\r\n\r\n2\r\nhi\r\n0\r\nx-t: 1\r\n\r\n",
        );
    },
  },
});
const rawBase = `http://127.0.0.1:${raw.port}`;
afterAll(() => {
  server.stop(true);
  raw.stop(true);
});

async function cli(args: string[], cwd: string): Promise<number> {
  const p = Bun.spawn(["bun", MAIN, ...args], { cwd, stdout: "ignore", stderr: "ignore" });
  const timer = setTimeout(() => p.kill(), 10_000);
  const code = await p.exited;
  clearTimeout(timer);
  return code;
}

describe("issue 14 review: the CLI", () => {
  test("-O keeps %2F as it is: the file stays in the output directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ms-O-"));
    expect(
      await cli(["-s", "-O", `${base}/..%2Fescaped`, "--output-dir", "sub", "--create-dirs"], dir),
    ).toBe(0);
    expect(existsSync(join(dir, "escaped"))).toBe(false);
    expect(readdirSync(join(dir, "sub"))).toEqual(["..%2Fescaped"]);
  });

  test("--retry-all-errors does not repeat a transfer that succeeded; -o /dev/null with --retry ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ms-retry-"));
    const before = hits;
    expect(
      await cli(["-s", "--retry", "2", "--retry-all-errors", "-o", "/dev/null", `${base}/ok`], dir),
    ).toBe(0);
    expect(hits - before).toBe(1);
  });
});

describe("issue 14 review: fetch()", () => {
  test("a 3xx the engine does not follow resolves whatever its body's size", async () => {
    const empty = await fetch(`${rawBase}/empty-location`);
    expect(empty.status).toBe(302);
    expect((await empty.arrayBuffer()).byteLength).toBe(3 << 20);
    const notFollowed = await fetch(`${base}/big-302`, undefined, { followLocation: 0 });
    expect(notFollowed.status).toBe(302);
    expect((await notFollowed.arrayBuffer()).byteLength).toBe(3 << 20);
  });

  test("highWaterMark 0 still lets a reader have its chunks", async () => {
    const r = await fetch(`${base}/big-302`, { redirect: "manual" }, { highWaterMark: 0 });
    let n = 0;
    for await (const c of r.body!) n += c.length;
    expect(n).toBe(3 << 20);
  });

  test("trailers do not become Response headers", async () => {
    const r = await fetch(`${rawBase}/trailers`);
    expect(await r.text()).toBe("hi");
    expect(r.headers.get("x-t")).toBeNull();
  });
});

describe("issue 14 review: requestAll", () => {
  test("a throwing onResult rejects requestAll once every worker stopped, none left running", async () => {
    const { requestAll } = await import("../../src/index.ts");
    const before = hits;
    const urls = Array.from({ length: 40 }, () => `${base}/ok`);
    const err = await requestAll(urls, {
      concurrency: 4,
      onResult: (_r, i) => {
        if (i === 0) throw new Error("handler failed");
      },
    }).catch((e: unknown) => e);
    expect((err as Error).message).toBe("handler failed");
    const seen = hits - before;
    await Bun.sleep(50);
    // No worker went on after the failure: nothing more reached the server.
    expect(hits - before).toBe(seen);
    expect(seen).toBeLessThan(40);
  });
});

describe("issue 14 review: schemes fetch() does not speak", () => {
  test("data: is a TypeError with CURLE_UNSUPPORTED_PROTOCOL, not a port error", async () => {
    const e = (await fetch("data:text/plain,hello").catch((x: unknown) => x)) as TypeError & {
      cause: { code: number; detail: string };
    };
    expect(e).toBeInstanceOf(TypeError);
    expect(e.cause.code).toBe(1);
    expect(e.cause.detail).toBe('Protocol "data" not supported');
  });
});

describe("issue 14 review: header values", () => {
  test("a header value that is not a ByteString is a TypeError, as in fetch", async () => {
    const e = await fetch(`${base}/ok`, { headers: { "x-price": "10 €" } }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(TypeError);
    const ok = await fetch(`${base}/ok`, { headers: { "x-latin1": "caf\u00e9" } });
    expect(ok.status).toBe(200);
  });
});
