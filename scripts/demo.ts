// The demo: many HTTP transfers through one Multi with BunDriver, a live progress line, and a summary of
// result codes, per-phase timing percentiles and throughput.
//   bun run demo                 10,000 transfers at 1,000 concurrent against a local origin (no network)
//   bun run demo -- URL...       the given URLs instead (each once), 1,000 concurrent at most
// Options: --total N, --parallel N, --size BYTES (local origin only).

import { BunDriver, CURLE_OK, Easy, easyStrerror, Multi } from "../src/index.ts";
import { startOrigin } from "./start-origin.ts";

interface Args {
  total: number;
  parallel: number;
  size: number;
  urls: string[];
}

function parseArgs(argv: string[]): Args {
  const a: Args = { total: 10_000, parallel: 1_000, size: 1024, urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const num = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v <= 0) throw new Error(`${k} needs a positive integer`);
      return v;
    };
    if (k === "--total") a.total = num();
    else if (k === "--parallel") a.parallel = num();
    else if (k === "--size") a.size = num();
    else if (k === "--help" || k === "-h") {
      console.log("usage: bun run demo [-- [--total N] [--parallel N] [--size BYTES] [URL...]]");
      process.exit(0);
    } else a.urls.push(k);
  }
  return a;
}

/** Percentile of a sorted array (nearest rank). */
function pct(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const args = parseArgs(process.argv.slice(2));
const origin = args.urls.length === 0 ? await startOrigin() : undefined;
const urls =
  args.urls.length > 0 ? args.urls : [`http://127.0.0.1:${origin!.port}/bytes/${args.size}`];
const total = args.urls.length > 0 ? args.urls.length : args.total;
const parallel = Math.min(args.parallel, total);

const multi = new Multi();
const phases = ["namelookupTime", "connectTime", "starttransferTime", "totalTime"] as const;
const times = phases.map(() => new Float64Array(total));
const codes = new Map<number, number>();
let started = 0;
let done = 0;
let bytes = 0;
let errors = 0;
const firstError = new Map<number, string>();
const t0 = performance.now();

function next(): void {
  if (started >= total) return;
  const e = new Easy();
  e.setopt("url", urls[started % urls.length]!);
  e.setopt("writeFunction", (d: Uint8Array) => {
    bytes += d.length;
    return d.length;
  });
  e.setopt("timeoutMs", 30_000);
  started++;
  multi.addHandle(e);
}

const driver = new BunDriver(multi, {
  onDone(e, result) {
    for (let p = 0; p < phases.length; p++) times[p]![done] = e.getinfo(phases[p]!) as number;
    done++;
    codes.set(result, (codes.get(result) ?? 0) + 1);
    if (result !== CURLE_OK) {
      errors++;
      if (!firstError.has(result)) firstError.set(result, String(e.getinfo("errorBuffer")));
    }
    multi.removeHandle(e);
    next(); // keep `parallel` in flight
  },
});

const tty = process.stdout.isTTY === true;
function progressLine(): string {
  const secs = (performance.now() - t0) / 1000;
  return `${done}/${total} done, ${multi.running} active, ${(done / secs).toFixed(0)} req/s, ${(bytes / secs / 1e6).toFixed(1)} MB/s, ${errors} errors`;
}
const ticker = setInterval(
  () => {
    if (tty) process.stdout.write(`\r${progressLine()}\x1b[K`);
    else console.log(progressLine());
  },
  tty ? 100 : 1000,
);

console.log(
  `multisock demo: ${total} transfers of ${urls.length === 1 ? urls[0] : `${urls.length} URLs`}, ${parallel} at a time`,
);
for (let i = 0; i < parallel; i++) next();
await driver.run();
clearInterval(ticker);
const secs = (performance.now() - t0) / 1000;
if (tty) process.stdout.write(`\r${progressLine()}\x1b[K\n`);
else console.log(progressLine());

console.log("\nresult codes");
for (const [code, n] of [...codes].sort((a, b) => a[0] - b[0])) {
  const why = code === CURLE_OK ? "" : `  (${firstError.get(code)})`;
  console.log(
    `  ${String(code).padStart(3)} ${easyStrerror(code).padEnd(28)} ${String(n).padStart(7)}${why}`,
  );
}
console.log("\ntimings (ms)      p50      p90      p99      max");
for (let p = 0; p < phases.length; p++) {
  const t = times[p]!.subarray(0, done).sort();
  const row = [50, 90, 99, 100].map((q) => (pct(t, q) * 1000).toFixed(2).padStart(8)).join(" ");
  console.log(`  ${phases[p]!.replace("Time", "").padEnd(14)} ${row}`);
}
console.log(
  `\nthroughput: ${(done / secs).toFixed(0)} transfers/s, ${(bytes / secs / 1e6).toFixed(2)} MB/s, ${bytes} bytes in ${secs.toFixed(2)} s`,
);
driver.close();
multi.close();
await origin?.stop();
process.exit(errors > 0 && errors === done ? 1 : 0);
