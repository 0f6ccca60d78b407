// The soak under faults, short: 5,000 transfers at 200 in flight through one Multi + BunDriver against
// the fault server (own process), without and with connection limits. The same checks as
// `bun run soak` (test/soak/run.ts), as assertions; the full run is scripts/soak.ts. Where the curl tool
// is installed, the fault table and every fault after every way a kept-alive connection ends are
// checked against libcurl itself.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { BunDriver, Easy, Multi } from "../../src/index.ts";
import {
  type FaultServer,
  formatReport,
  KINDS,
  runSoak,
  type SoakReport,
  startFaultServer,
} from "./run.ts";

const TRANSFERS = 5_000;
const CONCURRENCY = 200;
/**
 * Heap growth bound per 1,000 transfers (between 10% and 90% of the run, after full GCs): a short run
 * measures up to ~90 KB of JIT and warm-up noise; a retained Easy, connection or request per transfer
 * is well above 512 B each. The full `bun run soak` prints the figure over 160,000 transfers.
 */
const HEAP_PER_1000_MAX = 512 * 1024;

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server?.stop();
});

function check(r: SoakReport): void {
  if (r.violationCount > 0) for (const line of formatReport(r)) console.log(line);
  expect(r.violations).toEqual([]);
  expect(r.hung).toEqual([]);
  expect(r.done).toBe(TRANSFERS);
  // Every fault kind ran, each with its one libcurl code (asserted per transfer in run.ts).
  for (const k of KINDS) expect(r.byKind[k.name]!.count).toBeGreaterThan(0);
  // The reuse faults happened: kept-alive connections died at the moment of reuse, and were retried.
  expect(r.server.killedAtReuse ?? 0).toBeGreaterThan(0);
  expect(r.fdAfter).toBeLessThanOrEqual(r.fdBaseline + 2);
  expect(r.heapGrowthPer1000).toBeLessThan(HEAP_PER_1000_MAX);
}

test(`${TRANSFERS} transfers at ${CONCURRENCY} concurrent under faults, no connection limits`, async () => {
  check(await runSoak(server, { transfers: TRANSFERS, concurrency: CONCURRENCY, seed: 7 }));
}, 60_000);

test(`${TRANSFERS} transfers at ${CONCURRENCY} concurrent under faults, with host/total/cache limits`, async () => {
  const limits = { maxHostConnections: 16, maxTotalConnections: 24, maxConnects: 8 };
  check(await runSoak(server, { transfers: TRANSFERS, concurrency: CONCURRENCY, seed: 8, limits }));
}, 60_000);

/** curl's exit code (its CURLcode) for each URL, fetched in order over one connection where it can. */
async function curlCodes(urls: string[], maxTime: number): Promise<number[]> {
  const args = ["curl", "-s", "--max-time", String(maxTime), "-w", "%{exitcode}\n"];
  for (const u of urls) args.push("-o", "/dev/null", u);
  const proc = Bun.spawn(args, { stdout: "pipe", stderr: "ignore" });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  return out.trim().split("\n").map(Number);
}

const curl = Bun.which("curl");
// The fault table itself, checked against libcurl (the curl tool) where it is installed: each kind on a
// fresh connection, and again on a kept-alive one (after /ok/10), then /ok/20 on whatever remains.
test.skipIf(curl === null)(
  "the fault table is libcurl's: the curl tool ends each kind with the same code",
  async () => {
    const base = `http://127.0.0.1:${server.ports[0]}`;
    // Not the application-side faults (removal, races, write callback failures) nor POST.
    const kinds = KINDS.filter(
      (k) => k.abortMs === undefined && !k.race && !k.post && k.writeFault === undefined,
    );
    const runs = await Promise.all(
      kinds.map(async (k) => {
        const maxTime = (k.timeoutMs ?? 5000) / 1000;
        const fresh = await curlCodes([base + k.path(1024)], maxTime);
        const reused = await curlCodes(
          [`${base}/ok/10`, base + k.path(1024), `${base}/ok/20`],
          maxTime,
        );
        return { name: k.name, fresh: fresh[0], reused: reused.slice(1) };
      }),
    );
    const want = kinds.map((k) => ({ name: k.name, fresh: k.code, reused: [k.code, 0] }));
    expect(runs).toEqual(want);
  },
  30_000,
);

// Every fault after every way a kept-alive connection can end, one pair at a time on a fresh multi (or
// curl process): the second transfer's result, connects and body size must be curl's.
const FIRSTS = ["/ok/10", "/ok/10/killnext", "/ok/10/killnextrst", "/ok/10/closeafter"];
FIRSTS.push("/ok/10/halfafter", "/eof/10", "/connclose/10", "/info100/10", "/chunked/10");
const SECONDS = ["/ok/1024", "/chunked/1024", "/drip/1024", "/reset/head/1024", "/reset/body/1024"];
SECONDS.push("/reset/none", "/close/none", "/truncate/1024", "/truncchunk/1024", "/halfclose/1024");
SECONDS.push(
  "/stall/head/1024",
  "/eof/1024",
  "/connclose/1024",
  "/info100/1024",
  "POST /post 3000",
);
const POST = new Uint8Array(3000).map((_, i) => i % 251);
const PAIR_TIMEOUT_S = 1.5;

/** curl: "exit connects size" of the second URL of the pair. */
async function curlPair(base: string, first: string, second: string): Promise<string> {
  const w = "%{stderr}%{exitcode} %{num_connects} %{size_download}\n";
  const common = ["-s", "--max-time", String(PAIR_TIMEOUT_S), "-w", w, "-o", "/dev/null"];
  const args = ["curl", ...common, base + first, "--next", ...common];
  if (second.startsWith("POST ")) args.push("--data-binary", "@-", base + second.split(" ")[1]);
  else args.push(base + second);
  const proc = Bun.spawn(args, { stdin: "pipe", stdout: "ignore", stderr: "pipe" });
  // curl may be gone before it reads the body (its first transfer failed): EPIPE is no fault here.
  try {
    proc.stdin.write(POST);
    proc.stdin.end();
  } catch {}
  const out = await new Response(proc.stderr).text();
  await proc.exited;
  return out.trim().split("\n").at(-1)!;
}

/** multisock: the same two transfers one after the other on one Multi. */
async function multisockPair(base: string, first: string, second: string): Promise<string> {
  const multi = new Multi();
  let line = "";
  for (const spec of [first, second]) {
    const e = new Easy();
    let size = 0;
    e.setopt("url", base + (spec.startsWith("POST ") ? spec.split(" ")[1] : spec));
    if (spec.startsWith("POST ")) e.setopt("postFields", POST);
    e.setopt("timeoutMs", PAIR_TIMEOUT_S * 1000);
    e.setopt("writeFunction", (d: Uint8Array) => {
      size += d.length;
      return d.length;
    });
    let result = -1;
    const driver = new BunDriver(multi, {
      onDone(_e, r) {
        result = r;
      },
    });
    multi.addHandle(e);
    await driver.run();
    driver.close();
    multi.removeHandle(e);
    line = `${result} ${e.getinfo("numConnects")} ${size}`;
  }
  multi.close();
  return line;
}

test.skipIf(curl === null)(
  "after each way a kept-alive connection ends, each fault ends as in curl (code, connects, size)",
  async () => {
    const base = `http://127.0.0.1:${server.ports[1]}`;
    const pairs = FIRSTS.flatMap((f) => SECONDS.map((s) => [f, s] as const));
    // A pool of twelve curl processes (the stall pairs each take the timeout: they overlap).
    const want: string[] = new Array(pairs.length);
    let next = 0;
    const worker = async () => {
      for (let k = next++; k < pairs.length; k = next++) {
        const [f, s] = pairs[k]!;
        want[k] = `${f} ${s}: ${await curlPair(base, f, s)}`;
      }
    };
    await Promise.all(Array.from({ length: 12 }, worker));
    const got = await Promise.all(
      pairs.map(async ([f, s]) => `${f} ${s}: ${await multisockPair(base, f, s)}`),
    );
    expect(got).toEqual(want);
  },
  60_000,
);
