// request()'s additions: signal, onData, stream: true, text()/json(), a caller's writeFunction and
// headerFunction called as well, and requestAll() keeping a steady number in flight.

import { afterAll, describe, expect, test } from "bun:test";
import {
  CURL_WRITEFUNC_PAUSE,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_WRITE_ERROR,
  Multi,
  request,
  requestAll,
} from "../../src/index.ts";
import { BIG, startOrigins } from "./origin.ts";

const origins = startOrigins();
afterAll(() => origins.stop());
const base = origins.h1;

describe("request() additions", () => {
  test("text() and json()", async () => {
    expect(await (await request(`${base}/text`)).text()).toBe("hello");
    const j = await (await request(`${base}/echo`, { postFields: "x=1" })).json<{
      method: string;
    }>();
    expect(j.method).toBe("POST");
  });

  test("signal: already aborted, and aborted in flight (the handle is removed)", async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await request(`${base}/text`, { signal: ac.signal }).catch((e) => e)).toBe(
      ac.signal.reason,
    );
    const multi = new Multi();
    const late = new AbortController();
    const p = request(`${base}/slow?ms=3000`, { signal: late.signal, multi });
    setTimeout(() => late.abort(new Error("enough")), 30);
    const e = await p.catch((x) => x);
    expect(e.message).toBe("enough");
    expect(multi.running).toBe(0);
  });

  test("onData gets every chunk; body stays empty", async () => {
    const chunks: Uint8Array[] = [];
    const r = await request(`${base}/big`, { onData: (c) => void chunks.push(c) });
    expect(r.body.length).toBe(0);
    expect(Bun.hash(Buffer.concat(chunks))).toBe(Bun.hash(BIG));
  });

  test("stream: true resolves at the head; for await reads the body; timings final at the end", async () => {
    const r = await request(`${base}/big`, { stream: true });
    expect(r.status).toBe(200);
    expect(r.body).toBeInstanceOf(ReadableStream);
    const chunks: Uint8Array[] = [];
    for await (const c of r.body) chunks.push(c);
    expect(Bun.hash(Buffer.concat(chunks))).toBe(Bun.hash(BIG));
    expect(r.timings.total).toBeGreaterThan(0);
    const t = await request(`${base}/text`, { stream: true });
    expect(await t.text()).toBe("hello");
  });

  test("stream: true with an abort mid-body errors the stream with the reason", async () => {
    const ac = new AbortController();
    const r = await request(`${base}/drip`, { stream: true, signal: ac.signal });
    const reader = r.body.getReader();
    await reader.read();
    ac.abort();
    expect(await reader.read().catch((e) => e)).toBe(ac.signal.reason);
  });

  test("a caller's writeFunction and headerFunction are called, and the body is still kept", async () => {
    let written = 0;
    const lines: string[] = [];
    const r = await request(`${base}/text`, {
      writeFunction: (d: Uint8Array) => {
        written += d.length;
        return d.length;
      },
      headerFunction: (d: Uint8Array) => {
        lines.push(new TextDecoder().decode(d));
        return d.length;
      },
    });
    expect(written).toBe(5);
    expect(lines[0]).toStartWith("HTTP/1.1 200");
    expect(new TextDecoder().decode(r.body)).toBe("hello");
    expect(r.header("x-one")).toBe("1");
  });

  test("a caller's writeFunction decides: an error return fails the transfer, a pause is honoured", async () => {
    const e = await request(`${base}/text`, { writeFunction: () => 0 }).catch((x) => x);
    expect(e.code).toBe(CURLE_WRITE_ERROR);
    let paused = false;
    const r = await request(`${base}/text`, {
      writeFunction: (d: Uint8Array, e: unknown) => {
        const easy = e as { pause(b: number): number };
        if (!paused) {
          paused = true;
          setTimeout(() => easy.pause(0), 20);
          return CURL_WRITEFUNC_PAUSE;
        }
        return d.length;
      },
    });
    expect(new TextDecoder().decode(r.body)).toBe("hello");
  });

  test("a writeFunction that is not a function is refused, not dropped", async () => {
    // @ts-expect-error: not a function (refused at run time as well).
    const e = await request(`${base}/text`, { writeFunction: "nope" }).catch((x) => x);
    expect(e.code).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
  });
});

describe("requestAll()", () => {
  test("500 URLs, 50 in flight: results in order, the limit held and reached", async () => {
    let inFlight = 0;
    let peak = 0;
    const s = Bun.serve({
      port: 0,
      async fetch(req) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Bun.sleep(2);
        inFlight--;
        return new Response(new URL(req.url).pathname);
      },
    });
    const urls = Array.from({ length: 500 }, (_, i) => `http://127.0.0.1:${s.port}/${i}`);
    let seen = 0;
    const results = await requestAll(urls, { concurrency: 50, onResult: () => void seen++ });
    s.stop(true);
    expect(results.length).toBe(500);
    expect(seen).toBe(500);
    for (let i = 0; i < 500; i++) {
      const r = results[i]!;
      expect(r.status).toBe("fulfilled");
      if (r.status === "fulfilled") expect(await r.value.text()).toBe(`/${i}`);
    }
    expect(peak).toBeLessThanOrEqual(50);
    expect(peak).toBeGreaterThan(25);
  });

  test("a failure is one rejected result, the others go on", async () => {
    const results = await requestAll([`${base}/text`, "http://127.0.0.1:1/", `${base}/text`], {
      concurrency: 2,
    });
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});
