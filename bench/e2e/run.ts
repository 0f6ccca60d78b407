// End-to-end benchmark: every peer in its own process, the same workload against the same local origin,
// several rounds, median reported as requests/s, MB/s and ratios to Bun's fetch and to the raw ceiling.
//   bun run bench/e2e/run.ts            the full set, writes bench/RESULTS.md
//   bun run bench/e2e/run.ts --quick    1 KiB GETs only (20,000 at 100 and 1,000 concurrent)

import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { startOrigin } from "../../scripts/start-origin.ts";
import type { PeerResult } from "./peers/common.ts";

const quick = process.argv.includes("--quick");
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const PEERS = [
  { name: "multisock (BunDriver)", file: "multisock.ts" },
  { name: "Bun fetch", file: "fetch.ts" },
  { name: "raw Bun.connect (ceiling)", file: "raw.ts" },
];
const WORKLOADS = quick
  ? [
      { path: "/bytes/1024", label: "1 KiB", total: 20_000, concurrency: 100 },
      { path: "/bytes/1024", label: "1 KiB", total: 20_000, concurrency: 1_000 },
    ]
  : [
      { path: "/bytes/1024", label: "1 KiB", total: 50_000, concurrency: 100 },
      { path: "/bytes/1024", label: "1 KiB", total: 50_000, concurrency: 1_000 },
      { path: "/bytes/1048576", label: "1 MiB", total: 1_000, concurrency: 10 },
      { path: "/bytes/1048576", label: "1 MiB", total: 1_000, concurrency: 100 },
    ];

async function runPeer(
  file: string,
  url: string,
  total: number,
  conc: number,
): Promise<PeerResult> {
  const proc = Bun.spawn(
    [process.execPath, join(import.meta.dir, "peers", file), url, String(total), String(conc)],
    {
      stdout: "pipe",
      stderr: "inherit",
    },
  );
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const line = out.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as PeerResult;
  } catch {
    throw new Error(`${file}: no result (${out.slice(0, 200)})`);
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const origin = await startOrigin();
const rows: string[] = [];
const lines: string[] = [];
try {
  for (const w of WORKLOADS) {
    const url = `http://127.0.0.1:${origin.port}${w.path}`;
    const res = new Map<string, { rps: number; mbs: number; rss: number; failed: number }>();
    for (const p of PEERS) {
      const rps: number[] = [];
      const mbs: number[] = [];
      let rss = 0;
      let failed = 0;
      for (let r = 0; r < ROUNDS; r++) {
        const x = await runPeer(p.file, url, w.total, w.concurrency);
        rps.push(x.ok / x.secs);
        mbs.push(x.bytes / x.secs / 1e6);
        rss = Math.max(rss, x.rss);
        failed += x.failed;
      }
      res.set(p.name, { rps: median(rps), mbs: median(mbs), rss, failed });
      console.error(
        `${w.label} x${w.total} @${w.concurrency} ${p.name}: ${median(rps).toFixed(0)} req/s`,
      );
    }
    const fetchRps = res.get("Bun fetch")!.rps;
    const rawRps = res.get("raw Bun.connect (ceiling)")!.rps;
    for (const [name, x] of res) {
      rows.push(
        `| ${w.label} | ${w.concurrency} | ${name} | ${x.rps.toFixed(0)} | ${x.mbs.toFixed(1)} | ${(x.rps / fetchRps).toFixed(2)}x | ${(x.rps / rawRps).toFixed(2)}x | ${(x.rss / 2 ** 20).toFixed(0)} | ${x.failed} |`,
      );
    }
  }
} finally {
  await origin.stop();
}

lines.push(
  `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Bun ${Bun.version}.`,
  `Origin: Bun.serve in its own process (scripts/origin.ts). Each peer in its own process; ${ROUNDS} rounds, median.`,
  `Command: \`bun run bench/e2e/run.ts${quick ? " --quick" : ""}\``,
  "",
  "| body | concurrent | peer | req/s | MB/s | vs fetch | vs raw | peak RSS MiB | failed |",
  "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ...rows,
);
console.log(lines.join("\n"));
