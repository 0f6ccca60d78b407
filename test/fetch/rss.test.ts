// A 200 MB download through fetch() to a file runs in constant memory: the body stream's
// backpressure pauses the transfer (CURL_WRITEFUNC_PAUSE), so the engine stops reading the socket
// while the file writer is behind. The download runs in a child process (fixtures/download.ts) that
// reports its own peak RSS (VmHWM): it must stay under 80 MiB, with Bun.write and with a reader loop.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TOTAL = 200 * 1000 * 1000;
const CHUNK = 64 * 1024;
const LIMIT = 80 * 1024 * 1024;
let server: ReturnType<typeof Bun.serve>;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ms-rss-"));
  const block = new Uint8Array(CHUNK).fill(0x61);
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch() {
      let sent = 0;
      // Made as read (pull): the origin itself holds little, so the child's memory is what is measured.
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          const n = Math.min(CHUNK, TOTAL - sent);
          c.enqueue(n === CHUNK ? block : block.subarray(0, n));
          sent += n;
          if (sent >= TOTAL) c.close();
        },
      });
      return new Response(body, { headers: { "content-length": String(TOTAL) } });
    },
  });
});
afterAll(() => {
  server.stop(true);
  rmSync(dir, { recursive: true, force: true });
});

for (const mode of ["write", "pipe"])
  test(`200 MB to a file (${mode === "write" ? "Bun.write(file, response)" : "a reader loop"}) peaks under 80 MiB RSS`, async () => {
    const file = join(dir, `${mode}.bin`);
    const child = Bun.spawn(
      [
        process.execPath,
        join(import.meta.dir, "fixtures", "download.ts"),
        `http://127.0.0.1:${server.port}/`,
        file,
        mode,
      ],
      { stdout: "pipe", stderr: "inherit" },
    );
    const out = await new Response(child.stdout).text();
    expect(await child.exited).toBe(0);
    const r = JSON.parse(out.trim().split("\n").at(-1)!) as {
      status: number;
      bytes: number;
      peakRss: number;
    };
    console.log(`fetch() 200 MB ${mode}: peak RSS ${(r.peakRss / 2 ** 20).toFixed(1)} MiB`);
    expect(r.status).toBe(200);
    expect(r.bytes).toBe(TOTAL);
    expect(statSync(file).size).toBe(TOTAL);
    expect(r.peakRss).toBeGreaterThan(0);
    expect(r.peakRss).toBeLessThan(LIMIT);
  }, 60_000);
