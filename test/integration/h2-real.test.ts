// HTTP/2 on real loopback sockets, as a user writes it: Bun.serve({ http2: true, tls }) as the origin,
// request() and an own Multi + BunDriver as the client. h2 is negotiated by ALPN by default
// (CURL_HTTP_VERSION_2TLS behaviour), streams share connections, a paused stream does not stall
// the others, and the HTTP/1.1 features (redirects, decoding, uploads, timeouts, limits) work the same.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  BunDriver,
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_READFUNC_PAUSE,
  CURL_WRITEFUNC_PAUSE,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
  CURLPAUSE_CONT,
  Easy,
  Multi,
  request,
} from "../../src/index.ts";
import { TEST_CA, TEST_TLS } from "../helpers/loopback.ts";
import { many } from "../helpers/run-many.ts";
import { fnv1a } from "../helpers/virtual.ts";

const CA = TEST_CA;
let server: ReturnType<typeof Bun.serve>;
let base: string;
/** Requests the origin saw, by path. */
const seen: { path: string; method: string; bytes: number; ua: string | null }[] = [];

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7) % 251;
  return b;
}
const BIG = pattern(3 * 1024 * 1024);

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    http2: true,
    tls: TEST_TLS,
    async fetch(req) {
      const u = new URL(req.url);
      const body = req.body ? new Uint8Array(await req.arrayBuffer()) : new Uint8Array(0);
      seen.push({
        path: u.pathname,
        method: req.method,
        bytes: body.length,
        ua: req.headers.get("user-agent"),
      });
      const p = u.pathname;
      if (p.startsWith("/bytes/")) return new Response(pattern(Number(p.slice(7))));
      if (p === "/big") return new Response(BIG);
      if (p.startsWith("/redirect/")) {
        const n = Number(p.slice(10));
        if (n === 0) return new Response("done");
        return new Response(null, { status: 302, headers: { location: `/redirect/${n - 1}` } });
      }
      if (p === "/gzip")
        return new Response(Bun.gzipSync(new TextEncoder().encode("zipped ".repeat(1000))), {
          headers: { "content-encoding": "gzip" },
        });
      if (p === "/echo") return new Response(body, { headers: { "x-method": req.method } });
      if (p === "/slow") {
        await Bun.sleep(Number(u.searchParams.get("ms") ?? 2000));
        return new Response("late");
      }
      if (p === "/status/404") return new Response("nope", { status: 404 });
      return new Response("hello");
    },
  } as Parameters<typeof Bun.serve>[0]);
  base = `https://localhost:${server.port}`;
});
afterAll(() => server.stop(true));

describe("HTTP/2 by default over TLS", () => {
  test("request() negotiates h2 with ALPN; httpVersion 1.1 keeps HTTP/1.1", async () => {
    const a = await request(`${base}/bytes/1000`, { caInfo: CA, userAgent: "ms" });
    expect(a.status).toBe(200);
    expect(fnv1a(a.body)).toBe(fnv1a(pattern(1000)));
    expect(a.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_2_0);
    expect(seen.at(-1)?.ua).toBe("ms");
    const b = await request(`${base}/bytes/1000`, {
      caInfo: CA,
      httpVersion: CURL_HTTP_VERSION_1_1,
    });
    expect(b.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_1_1);
    expect(fnv1a(b.body)).toBe(fnv1a(pattern(1000)));
  });

  test("the header callback gets libcurl's lines: 'HTTP/2 200 ', lower-case fields, the blank line", async () => {
    const lines: string[] = [];
    const e = new Easy();
    e.setopt("url", `${base}/bytes/10`);
    e.setopt("caInfo", CA);
    e.setopt("headerFunction", (d: Uint8Array) => {
      lines.push(new TextDecoder().decode(d));
      return d.length;
    });
    const multi = new Multi();
    let result = -1;
    const driver = new BunDriver(multi, { onDone: (_e, r) => (result = r) });
    multi.addHandle(e);
    await driver.run();
    driver.close();
    expect(result).toBe(CURLE_OK);
    expect(e.getinfo("responseCode")).toBe(200);
    expect(lines[0]).toBe("HTTP/2 200 \r\n");
    expect(lines.at(-1)).toBe("\r\n");
    expect(lines.some((l) => l === "content-length: 10\r\n")).toBe(true);
  });

  test("redirects, decoding, HEAD, failOnError, a 3 MiB body", async () => {
    const r = await request(`${base}/redirect/3`, { caInfo: CA, followLocation: 1 });
    expect(new TextDecoder().decode(r.body)).toBe("done");
    expect(r.easy.getinfo("redirectCount")).toBe(3);
    // One connection at most for the whole chain (request()'s shared multi may have one already).
    expect(r.easy.getinfo("numConnects")).toBeLessThanOrEqual(1);
    const z = await request(`${base}/gzip`, { caInfo: CA, acceptEncoding: "" });
    expect(new TextDecoder().decode(z.body)).toBe("zipped ".repeat(1000));
    const h = await request(`${base}/bytes/500`, { caInfo: CA, noBody: 1 });
    expect(h.body.length).toBe(0);
    expect(h.easy.getinfo("contentLengthDownloadT")).toBe(500);
    const e = await request(`${base}/status/404`, { caInfo: CA, failOnError: 1 }).catch((x) => x);
    expect(e.code).toBe(CURLE_HTTP_RETURNED_ERROR);
    const big = await request(`${base}/big`, { caInfo: CA });
    expect(fnv1a(big.body)).toBe(fnv1a(BIG));
  });

  test("uploads: POSTFIELDS of 200 KiB and a read callback of unknown size, under flow control", async () => {
    const body = pattern(200 * 1024);
    const a = await request(`${base}/echo`, { caInfo: CA, postFields: body });
    expect(a.header("x-method")).toBe("POST");
    expect(fnv1a(a.body)).toBe(fnv1a(body));
    let off = 0;
    let paused = false;
    const e = new Easy();
    const multi = new Multi();
    const chunks: Uint8Array[] = [];
    e.setopt("url", `${base}/echo`);
    e.setopt("caInfo", CA);
    e.setopt("upload", 1);
    e.setopt("readFunction", (buf: Uint8Array) => {
      if (off >= 70_000 && !paused) {
        // Pause the send side once; resumed from a timer.
        paused = true;
        setTimeout(() => e.pause(CURLPAUSE_CONT), 20);
        return CURL_READFUNC_PAUSE;
      }
      const n = Math.min(buf.length, body.length - off);
      buf.set(body.subarray(off, off + n));
      off += n;
      return n;
    });
    e.setopt("writeFunction", (d: Uint8Array) => {
      chunks.push(d.slice());
      return d.length;
    });
    let result = -1;
    const driver = new BunDriver(multi, { onDone: (_e, r) => (result = r) });
    multi.addHandle(e);
    await driver.run();
    driver.close();
    expect(result).toBe(CURLE_OK);
    expect(paused).toBe(true);
    expect(seen.at(-1)?.method).toBe("PUT");
    expect(fnv1a(new Uint8Array(Buffer.concat(chunks)))).toBe(fnv1a(body));
  });
});

/** Trusts the test CA; with pipeWait too. */
const ca = (e: Easy) => e.setopt("caInfo", CA);
const pw = (e: Easy) => {
  ca(e);
  e.setopt("pipeWait", 1);
};

describe("multiplexing on one connection", () => {
  test("1,000 transfers, 100 in flight, with pipeWait: one connection in all", async () => {
    const r = await many(`${base}/bytes/1024`, 1000, 100, pw);
    expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
    expect(r.results.length).toBe(1000);
    expect(r.h2).toBe(1000);
    expect(r.connects).toBe(1);
  });

  test("500 started at once with pipeWait need ceil(500 / 100 streams) = 5 connections", async () => {
    const r = await many(`${base}/bytes/1024`, 500, 500, pw);
    expect(r.results.filter((x) => x === CURLE_OK).length).toBe(500);
    expect(r.connects).toBe(5);
  });

  test("maxConcurrentStreams 10: 100 at once with pipeWait open 10 connections", async () => {
    const multi = new Multi();
    multi.setopt("maxConcurrentStreams", 10);
    const r = await many(`${base}/bytes/1024`, 100, 100, pw, multi);
    expect(r.connects).toBe(10);
  });

  test("pipelining CURLPIPE_NOTHING: no stream shares a connection", async () => {
    const multi = new Multi();
    multi.setopt("pipelining", 0);
    const r = await many(`${base}/bytes/1024`, 20, 20, pw, multi);
    expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
    expect(r.connects).toBe(20);
    expect(r.h2).toBe(20);
  });

  test("maxHostConnections 1 counts connections, not streams: 200 transfers over one", async () => {
    const multi = new Multi();
    multi.setopt("maxHostConnections", 1);
    const r = await many(`${base}/bytes/100`, 200, 200, ca, multi);
    expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
    expect(r.connects).toBe(1);
  });
});

describe("one stream's trouble stays its own", () => {
  test("a paused stream does not stall its neighbours, and resumes intact", async () => {
    const multi = new Multi();
    const chunks: Uint8Array[] = [];
    let pausedOnce = false;
    const slow = new Easy();
    slow.setopt("url", `${base}/big`);
    slow.setopt("caInfo", CA);
    slow.setopt("pipeWait", 1);
    slow.setopt("writeFunction", (d: Uint8Array) => {
      if (!pausedOnce) {
        pausedOnce = true;
        return CURL_WRITEFUNC_PAUSE;
      }
      chunks.push(d.slice());
      return d.length;
    });
    const done: string[] = [];
    const driver = new BunDriver(multi, {
      onDone(e, r) {
        done.push(e === slow ? `slow ${r}` : `small ${r}`);
        // Every neighbour finished while the big one sat paused: now let it go on.
        if (done.filter((x) => x.startsWith("small")).length === 20) slow.pause(CURLPAUSE_CONT);
      },
    });
    multi.addHandle(slow);
    for (let i = 0; i < 20; i++) {
      const e = new Easy();
      e.setopt("url", `${base}/bytes/5000`);
      e.setopt("caInfo", CA);
      e.setopt("pipeWait", 1);
      e.setopt("writeFunction", (d: Uint8Array) => d.length);
      multi.addHandle(e);
    }
    await driver.run();
    driver.close();
    expect(done.slice(0, 20).every((x) => x === "small 0")).toBe(true);
    expect(done[20]).toBe("slow 0");
    expect(fnv1a(new Uint8Array(Buffer.concat(chunks)))).toBe(fnv1a(BIG));
    expect(slow.getinfo("numConnects")).toBe(1);
  });

  test("a stream's timeout fails it alone; removing a stream mid-body leaves the others be", async () => {
    const multi = new Multi();
    const results = new Map<Easy, number>();
    const driver = new BunDriver(multi, { onDone: (e, r) => results.set(e, r) });
    const late = new Easy();
    late.setopt("url", `${base}/slow?ms=3000`);
    late.setopt("caInfo", CA);
    late.setopt("timeoutMs", 300);
    late.setopt("pipeWait", 1);
    multi.addHandle(late);
    const cut = new Easy();
    cut.setopt("url", `${base}/big`);
    cut.setopt("caInfo", CA);
    cut.setopt("pipeWait", 1);
    let got = 0;
    cut.setopt("writeFunction", (d: Uint8Array) => {
      got += d.length;
      if (got > 100_000) queueMicrotask(() => multi.removeHandle(cut));
      return d.length;
    });
    multi.addHandle(cut);
    const fine: Easy[] = [];
    for (let i = 0; i < 5; i++) {
      const e = new Easy();
      e.setopt("url", `${base}/bytes/2048`);
      e.setopt("caInfo", CA);
      e.setopt("pipeWait", 1);
      e.setopt("writeFunction", (d: Uint8Array) => d.length);
      fine.push(e);
      multi.addHandle(e);
    }
    await driver.run();
    driver.close();
    expect(results.get(late)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(results.has(cut)).toBe(false);
    for (const e of fine) expect(results.get(e)).toBe(CURLE_OK);
    // After the cut stream's reset the connection still serves a new request.
    const again = await many(`${base}/bytes/10`, 3, 3, pw, multi);
    expect(again.results).toEqual([0, 0, 0]);
  });
});
