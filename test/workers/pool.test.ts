// WorkerPool against real loopback servers on port 0: results complete and in order, per-request
// failures as CURLcodes (refused port 7, timeout 28, bad URL 3), the per-worker limit seen at the server,
// batches before the end, close() and destroy() while busy (a child process must end on its own), and
// a crashing worker reported as WORKER_CRASHED. No assertion on time: delays only order events.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { WorkerPool, WorkerPoolError } from "../../src/workers/index.ts";

let server: ReturnType<typeof Bun.serve>;
let origin = "";
/** Requests the server is answering right now, and the most it ever had at once (reset per test). */
let inFlight = 0;
let peak = 0;
/** The first /slow request of a close-busy child wakes its /wait-first. */
let firstSlow: (() => void) | null = null;
let sawSlow = false;
/** /hold stays unanswered until a test releases it. */
let holdReleased = false;
let wakeHold: (() => void) | null = null;
function releaseHold(): void {
  holdReleased = true;
  wakeHold?.();
}
let silent: Bun.TCPSocketListener<undefined> | undefined;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const p = url.pathname;
      if (p === "/wait-first") {
        if (!sawSlow) await new Promise<void>((r) => (firstSlow = r));
        return new Response("go");
      }
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        if (p.startsWith("/slow/")) {
          sawSlow = true;
          firstSlow?.();
          firstSlow = null;
          await Bun.sleep(20);
        }
        if (p === "/hold" && !holdReleased) await new Promise<void>((r) => (wakeHold = r));
        if (p.startsWith("/gate/")) await Bun.sleep(5);
        if (p === "/echo")
          return new Response(
            `${req.method} ${req.headers.get("x-test") ?? "-"} ${await req.text()}`,
          );
        return new Response(decodeURIComponent(p));
      } finally {
        inFlight--;
      }
    },
  });
  origin = `http://127.0.0.1:${server.port}`;
  // Accepts and never answers: the transfer can only time out.
  silent = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: { data() {}, open() {} },
  });
});

afterAll(() => {
  server.stop(true);
  silent?.stop(true);
});

/** A loopback port nobody listens on (bound once, then closed). */
function refusedPort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

describe("WorkerPool", () => {
  test("2,000 URLs over 2 workers: every result, in order, each body its own", async () => {
    await using pool = new WorkerPool({ workers: 2, maxConcurrentPerWorker: 100, bodies: true });
    const urls = Array.from({ length: 2000 }, (_, i) => `${origin}/item/${i}`);
    const r = await pool.run(urls);
    expect(r.length).toBe(2000);
    expect(r.ok).toBe(2000);
    for (let i = 0; i < 2000; i++) {
      if (r.index[i] !== i || r.responseCode[i] !== 200 || r.text(i) !== `/item/${i}`)
        throw new Error(`result ${i}: ${r.index[i]} ${r.responseCode[i]} ${r.text(i)}`);
      expect(r.bodySize[i]).toBe(`/item/${i}`.length);
      expect(r.totalTime[i]).toBeGreaterThan(0);
    }
    expect(pool.outstanding()).toEqual([0, 0]);
  }, 30_000);

  test("per-request failures are CURLcodes: refused 7, timeout 28, bad URL 3, unsupported 1", async () => {
    await using pool = new WorkerPool({ workers: 2, options: { timeoutMs: 300 } });
    const r = await pool.run([
      `http://127.0.0.1:${refusedPort()}/`,
      `http://127.0.0.1:${silent!.port}/`,
      "http://[::1/",
      "gopher://127.0.0.1/",
      `${origin}/fine`,
    ]);
    expect([...r.code]).toEqual([7, 28, 3, 1, 0]);
    expect(r.error(0)).toContain("127.0.0.1");
    expect(r.error(1)).toMatch(/[Tt]imed? ?out/);
    expect(r.error(4)).toBe("");
    expect([...r.responseCode]).toEqual([0, 0, 0, 0, 200]);
  }, 30_000);

  test("a worker holds 4x its limit of requests sent and not answered, the least loaded first", async () => {
    // The silent server never answers: the first 10 of each worker run until their timeout, the
    // others wait queued in the worker. 1.5x (the first design) starved a busy worker.
    await using pool = new WorkerPool({
      workers: 2,
      maxConcurrentPerWorker: 10,
      options: { timeoutMs: 1500 },
    });
    const urls = Array.from({ length: 200 }, () => `http://127.0.0.1:${silent!.port}/`);
    const run = pool.run(urls);
    await Bun.sleep(300);
    expect(pool.outstanding()).toEqual([40, 40]);
    await pool.destroy();
    const r = await run;
    expect(r.length).toBe(200);
  }, 30_000);

  test("method, headers and body per request; unicode paths", async () => {
    await using pool = new WorkerPool({ workers: 2, bodies: true });
    const r = await pool.run([
      { url: `${origin}/echo`, method: "POST", body: "a=1", headers: ["X-Test: one"] },
      { url: `${origin}/echo`, method: "PUT", body: new Uint8Array([104, 105]) },
      { url: `${origin}/echo`, headers: { "X-Test": "three" } },
      `${origin}/echo`,
      `${origin}/ünï/✓`,
    ]);
    expect([r.text(0), r.text(1), r.text(2), r.text(3)]).toEqual([
      "POST one a=1",
      "PUT - hi",
      "GET three ",
      "GET - ",
    ]);
    expect(r.text(4)).toBe("/ünï/✓");
  }, 30_000);

  test("the per-worker limit is what the server sees at most at once", async () => {
    for (const [workers, limit] of [
      [1, 7],
      [2, 5],
    ] as const) {
      inFlight = 0;
      peak = 0;
      await using pool = new WorkerPool({ workers, maxConcurrentPerWorker: limit });
      const r = await pool.run(Array.from({ length: 150 }, (_, i) => `${origin}/gate/${i}`));
      expect(r.ok).toBe(150);
      expect(peak).toBeLessThanOrEqual(workers * limit);
      // Both workers worked: one alone could not have had more than its own limit in flight.
      expect(peak).toBeGreaterThan(workers === 1 ? 1 : limit);
    }
  }, 30_000);

  test("stream(): the first batches arrive while a request is still unanswered", async () => {
    await using pool = new WorkerPool({ workers: 2 });
    const urls = [`${origin}/hold`, ...Array.from({ length: 30 }, (_, i) => `${origin}/s/${i}`)];
    const seen = new Set<number>();
    let batchesBeforeRelease = 0;
    for await (const b of pool.stream(urls)) {
      for (let i = 0; i < b.length; i++) seen.add(b.index[i]!);
      if (!seen.has(0)) batchesBeforeRelease++;
      // Everything but /hold is done: only now is it answered.
      if (seen.size === 30 && !seen.has(0)) releaseHold();
    }
    expect(batchesBeforeRelease).toBeGreaterThan(0);
    expect(seen.size).toBe(31);
  }, 30_000);

  test("leaving a stream early cancels the rest; the pool stays usable", async () => {
    await using pool = new WorkerPool({ workers: 2, maxConcurrentPerWorker: 2 });
    const urls = Array.from({ length: 200 }, (_, i) => `${origin}/slow/${i}`);
    let got = 0;
    for await (const b of pool.stream(urls)) {
      got += b.length;
      break;
    }
    expect(got).toBeGreaterThan(0);
    const r = await pool.run([`${origin}/after`]);
    expect([r.code[0], r.responseCode[0]]).toEqual([0, 200]);
  }, 30_000);

  for (const mode of ["close", "destroy"] as const)
    test(`${mode}() while busy resolves, and the process ends on its own`, async () => {
      sawSlow = false;
      const child = Bun.spawn(
        [process.execPath, join(import.meta.dir, "fixtures/close-busy.ts"), origin, mode],
        { stdout: "pipe", stderr: "pipe" },
      );
      const [out, err, code] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ]);
      expect(err).toBe("");
      expect(code).toBe(0);
      const r = JSON.parse(out.trim());
      expect(r.n).toBe(40);
      expect(r.after).toBe("POOL_CLOSED");
      // close() drains: all 40 done. destroy() aborts: what did not finish is CURLE_ABORTED_BY_CALLBACK.
      if (mode === "close") expect([r.ok, r.aborted]).toEqual([40, 0]);
      else {
        expect(r.aborted).toBeGreaterThan(0);
        expect(r.ok + r.aborted).toBe(40);
      }
    }, 30_000);

  for (const how of ["throw", "exit"] as const)
    test(`a worker that crashes (${how}) is reported as WORKER_CRASHED`, async () => {
      const pool = new WorkerPool({
        workers: 2,
        script: join(import.meta.dir, `fixtures/crash-${how}.ts`),
      });
      const err = await pool.run([`${origin}/a`, `${origin}/b`]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkerPoolError);
      const e = err as WorkerPoolError;
      expect(e.code).toBe("WORKER_CRASHED");
      expect(e.worker === 0 || e.worker === 1).toBe(true);
      expect(e.message).toContain(
        how === "throw" ? "fixture crash in the worker" : "exited on its own (exit code 3)",
      );
      await pool.close();
      const again = await pool.run([`${origin}/c`]).then(
        () => null,
        (x: WorkerPoolError) => x.code,
      );
      expect(again).toBe("WORKER_CRASHED");
    }, 30_000);

  test("bad options are refused at construction, with the engine's code", () => {
    expect(() => new WorkerPool({ workers: 0 })).toThrow(RangeError);
    expect(
      () => new WorkerPool({ options: { writeFunction: (d: Uint8Array) => d.length } }),
    ).toThrow(/function; workers take values only/);
    let e: unknown;
    try {
      new WorkerPool({ options: { noSuchOption: 1 } as never });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(WorkerPoolError);
    expect((e as WorkerPoolError).code).toBe("BAD_OPTION");
    expect((e as Error).message).toContain("CURLcode 48");
  });

  test("an empty list resolves at once; run() after close() is POOL_CLOSED", async () => {
    const pool = new WorkerPool({ workers: 1 });
    expect((await pool.run([])).length).toBe(0);
    await pool.close();
    const code = await pool.run([`${origin}/x`]).then(
      () => null,
      (x: WorkerPoolError) => x.code,
    );
    expect(code).toBe("POOL_CLOSED");
  }, 30_000);
});
