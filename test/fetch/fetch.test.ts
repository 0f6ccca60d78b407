// multisock's fetch() beyond what Bun's fetch can be compared on: body backpressure (the transfer
// pauses while the stream is full), abort and cancel removing the handle, chunks that never change,
// the extras (options, multi, timings, easy), error causes, Request input.

import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CURL_HTTP_VERSION_2_0,
  CURLE_OPERATION_TIMEDOUT,
  CURLE_UNKNOWN_OPTION,
  FetchResponse,
  fetch,
  Multi,
} from "../../src/index.ts";
import { BIG, CA, pattern, startOrigins, ZIPPED } from "./origin.ts";

const origins = startOrigins();
const tmp = mkdtempSync(join(tmpdir(), "ms-fetch-"));
afterAll(() => {
  origins.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** An origin that streams `total` bytes of a pattern in 16 KiB pieces as fast as it is read. */
const streaming = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    const total = Number(new URL(req.url).searchParams.get("n") ?? 1e6);
    const block = pattern(16 * 1024);
    let sent = 0;
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(c) {
          const n = Math.min(block.length, total - sent);
          c.enqueue(block.slice(0, n));
          sent += n;
          if (sent >= total) c.close();
        },
      }),
    );
  },
});
afterAll(() => streaming.stop(true));
const streamUrl = (n: number) => `http://127.0.0.1:${streaming.port}/?n=${n}`;

/** Resolves once `cond` holds (checked every 5 ms), or fails after `ms`. */
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error("condition not reached");
    await Bun.sleep(5);
  }
}

describe("response body backpressure", () => {
  test("an unread body pauses the transfer near the high-water mark; reading resumes it", async () => {
    const total = 32 * 1024 * 1024;
    const r = await fetch(streamUrl(total), undefined, { highWaterMark: 256 * 1024 });
    await Bun.sleep(300);
    // The engine delivered at most the stream's queue plus what was in flight: far from the total.
    const got = r.easy.getinfo("sizeDownload") as number;
    expect(got).toBeLessThan(4 * 1024 * 1024);
    expect(got).toBeGreaterThan(0);
    const body = new Uint8Array(await r.arrayBuffer());
    expect(body.length).toBe(total);
    expect(Buffer.from(body.subarray(0, 100)).equals(Buffer.from(pattern(100)))).toBe(true);
  });

  test("chunks handed out never change afterwards (held until the end, then compared)", async () => {
    for (const [url, extras, want] of [
      [streamUrl(3_000_000), undefined, 3_000_000],
      [`${origins.h1}/gzip`, undefined, ZIPPED.length],
      [`${origins.h2}/big`, { caInfo: CA }, BIG.length],
    ] as const) {
      const r = await fetch(url, undefined, extras);
      const chunks: Uint8Array[] = [];
      for await (const c of r.body!) chunks.push(c);
      const all = Buffer.concat(chunks);
      expect(all.length).toBe(want);
      if (url.endsWith("/gzip")) expect(all.toString()).toBe(ZIPPED);
      else if (url.endsWith("/big")) expect(Bun.hash(all)).toBe(Bun.hash(BIG));
      else for (let i = 0; i < all.length; i += 16 * 1024) expect(all[i + 1]).toBe(7);
    }
  });

  test("Bun.write(file, response) writes the whole body", async () => {
    const file = join(tmp, "big.bin");
    const n = await Bun.write(file, await fetch(`${origins.h1}/big`));
    expect(n).toBe(BIG.length);
    expect(Bun.hash(await Bun.file(file).bytes())).toBe(Bun.hash(BIG));
  });
});

describe("abort and cancel free the handle", () => {
  test("abort before the head removes the transfer from its multi", async () => {
    const multi = new Multi();
    const ac = new AbortController();
    const p = fetch(`${origins.h1}/slow?ms=3000`, { signal: ac.signal }, { multi });
    await until(() => multi.running === 1);
    ac.abort();
    expect(await p.catch((e) => e)).toBe(ac.signal.reason);
    expect(multi.running).toBe(0);
  });

  test("abort mid-body errors the stream with the reason and removes the transfer", async () => {
    const multi = new Multi();
    const ac = new AbortController();
    const r = await fetch(`${origins.h1}/drip`, { signal: ac.signal }, { multi });
    expect(multi.running).toBe(1);
    const reader = r.body!.getReader();
    await reader.read();
    const reason = new Error("stop");
    ac.abort(reason);
    expect(await reader.read().catch((e) => e)).toBe(reason);
    expect(multi.running).toBe(0);
  });

  test("cancelling the body stream removes the transfer", async () => {
    const multi = new Multi();
    const r = await fetch(streamUrl(64 * 1024 * 1024), undefined, { multi, highWaterMark: 65536 });
    expect(multi.running).toBe(1);
    await r.body!.cancel();
    expect(multi.running).toBe(0);
  });

  test("a body left unread past bodyTimeout ends its transfer; reading it then fails with 28", async () => {
    const multi = new Multi();
    const r = await fetch(streamUrl(64 * 1024 * 1024), undefined, {
      multi,
      highWaterMark: 65536,
      bodyTimeout: 150,
    });
    expect(multi.running).toBe(1);
    // Dropped, in effect: nobody reads. The paused transfer is ended after bodyTimeout.
    await until(() => multi.running === 0);
    const err = await r.arrayBuffer().catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause.code).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(err.cause.message).toContain("bodyTimeout");
  });

  test("a slow reader that keeps reading is never timed out by bodyTimeout", async () => {
    const multi = new Multi();
    const total = 2 * 1024 * 1024;
    const r = await fetch(streamUrl(total), undefined, {
      multi,
      highWaterMark: 65536,
      bodyTimeout: 150,
    });
    let got = 0;
    let reads = 0;
    for await (const c of r.body!) {
      got += c.length;
      // Each read is well inside bodyTimeout, but the whole body takes longer than it.
      if (reads++ % 16 === 0) await Bun.sleep(40);
    }
    expect(got).toBe(total);
    expect(multi.running).toBe(0);
  });

  test("bodyTimeout 0 never ends a paused transfer", async () => {
    const multi = new Multi();
    const r = await fetch(streamUrl(64 * 1024 * 1024), undefined, {
      multi,
      highWaterMark: 65536,
      bodyTimeout: 0,
    });
    await Bun.sleep(300);
    expect(multi.running).toBe(1);
    await r.body!.cancel();
    expect(multi.running).toBe(0);
  });

  test("an abort while a Blob body is being read rejects and starts nothing", async () => {
    const multi = new Multi();
    const ac = new AbortController();
    const p = fetch(
      `${origins.h1}/echo`,
      { method: "POST", body: new Blob(["x"]), signal: ac.signal },
      { multi },
    );
    ac.abort();
    expect(await p.catch((e) => e)).toBe(ac.signal.reason);
    await Bun.sleep(20);
    expect(multi.running).toBe(0);
  });
});

describe("extras", () => {
  test("followLocation: 0 in the extras leaves a 302 unfollowed: redirected is false", async () => {
    const r = await fetch(`${origins.h1}/redirect/1`, undefined, { followLocation: 0 });
    expect([r.status, r.redirected, r.url]).toEqual([302, false, `${origins.h1}/redirect/1`]);
    const followed = await fetch(`${origins.h1}/redirect/2`);
    expect([followed.status, followed.redirected]).toEqual([200, true]);
  });

  test("timings and easy on the Response; an own multi; HTTP/2 by ALPN", async () => {
    const multi = new Multi();
    const r = await fetch(`${origins.h2}/text`, { multisock: { caInfo: CA, multi } });
    expect(r).toBeInstanceOf(Response);
    expect(r).toBeInstanceOf(FetchResponse);
    const c = r.clone();
    expect(c.url).toBe(r.url);
    expect(await r.text()).toBe("hello");
    expect(await c.text()).toBe("hello");
    const t = r.timings;
    expect(t.total).toBeGreaterThan(0);
    expect(t.starttransfer).toBeLessThanOrEqual(t.total);
    expect(t.connect).toBeLessThanOrEqual(t.appconnect);
    expect(r.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_2_0);
    expect(c.timings.total).toBe(t.total);
  });

  test("any easy option: resolve, timeoutMs (its CURLE code in the cause)", async () => {
    const port = new URL(origins.h1).port;
    const r = await fetch(`http://fetch.test:${port}/text`, undefined, {
      resolve: [`fetch.test:${port}:127.0.0.1`],
    });
    expect(await r.text()).toBe("hello");
    const e = await fetch(`${origins.h1}/slow?ms=2000`, undefined, { timeoutMs: 100 }).catch(
      (x) => x,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("fetch failed");
    expect(e.cause.code).toBe(CURLE_OPERATION_TIMEDOUT);
  });

  test("a scheme other than http and https: fetch failed, CURLE_UNSUPPORTED_PROTOCOL naming it", async () => {
    for (const [url, scheme] of [
      ["data:text/plain,hi", "data"],
      ["file:///etc/hostname", "file"],
      ["ftp://127.0.0.1/x", "ftp"],
      ["httpx://127.0.0.1/", "httpx"],
    ]) {
      const e = await fetch(url!).catch((x) => x);
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toBe("fetch failed");
      expect(e.cause.code).toBe(1);
      expect(e.cause.message).toContain(`Protocol "${scheme}" not supported`);
    }
    // The schemes fetch speaks, in any case as typed (the URL parser lower-cases them).
    expect((await fetch(`${origins.h1.replace("http:", "HTTP:")}/text`)).status).toBe(200);
  });

  test("an unknown option or one of fetch's own callbacks is a TypeError before anything is sent", async () => {
    // @ts-expect-error: a misspelt option is a compile error too; at run time it is a TypeError.
    const e = await fetch(`${origins.h1}/text`, undefined, { ulr: "x" }).catch((x) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.cause.code).toBe(CURLE_UNKNOWN_OPTION);
    // @ts-expect-error: fetch's own callbacks are a compile error too (untyped callers get a TypeError).
    const w = await fetch(`${origins.h1}/text`, undefined, { writeFunction: () => 0 }).catch(
      (x) => x,
    );
    expect(w).toBeInstanceOf(TypeError);
    expect(w.message).toContain("writeFunction");
  });

  test("acceptEncoding: null turns decoding off", async () => {
    const r = await fetch(`${origins.h1}/gzip`, undefined, { acceptEncoding: null });
    expect(Bun.gunzipSync(new Uint8Array(await r.arrayBuffer())).length).toBe(ZIPPED.length);
  });
});

describe("inputs", () => {
  test("a Request as input: its method, headers and body", async () => {
    const req = new Request(`${origins.h1}/echo`, {
      method: "POST",
      headers: { "content-type": "application/x-test" },
      body: "from a Request",
    });
    const e = (await (await fetch(req)).json()) as { method: string; type: string; body: string };
    expect(e).toEqual({
      method: "POST",
      type: "application/x-test",
      length: 14,
      body: "from a Request",
    } as never);
  });

  test("a URL object; an async generator body; a custom method", async () => {
    async function* gen() {
      yield "a";
      yield new Uint8Array([98]);
    }
    const r = await fetch(new URL(`${origins.h1}/echo`), {
      method: "REPORT",
      body: gen() as never,
    });
    expect(await r.json()).toMatchObject({ method: "REPORT", body: "ab" });
  });

  test("a request stream that errors rejects the fetch with a TypeError", async () => {
    const body = new ReadableStream({
      pull(c) {
        c.error(new Error("broken"));
      },
    });
    const e = await fetch(`${origins.h1}/echo`, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit).catch((x) => x);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.cause.message).toBe("broken");
  });

  test("invalid method or header: TypeError", async () => {
    expect(await fetch(`${origins.h1}/`, { method: "CONNECT" }).catch((x) => x)).toBeInstanceOf(
      TypeError,
    );
    expect(
      await fetch(`${origins.h1}/`, { headers: { "a b": "1" } }).catch((x) => x),
    ).toBeInstanceOf(TypeError);
    expect(
      await fetch(`${origins.h1}/`, { headers: { a: "x\ny" } }).catch((x) => x),
    ).toBeInstanceOf(TypeError);
  });

  test("an empty header value is sent as empty (libcurl's 'Name;')", async () => {
    const seen: (string | null)[] = [];
    const s = Bun.serve({
      port: 0,
      fetch(req) {
        seen.push(req.headers.get("x-empty"));
        return new Response("ok");
      },
    });
    await (await fetch(`http://127.0.0.1:${s.port}/`, { headers: { "x-empty": "" } })).text();
    s.stop(true);
    expect(seen).toEqual([""]);
  });
});
