// End-to-end benchmark: every peer in its own process, the same workload against the same local origin
// (nginx when it can be had, else Bun.serve), several rounds, medians and ratios written to bench/RESULTS.md.
//   bun run bench/e2e/run.ts              the full set (about 6 minutes on 2 cores), writes bench/RESULTS.md
//   bun run bench/e2e/run.ts --quick      1 KiB GETs at 100 and 1,000 only, 1 round, prints the table
// Options: --rounds N (default 3, or $ROUNDS), --origin nginx|bun, --peers a,b (ids below),
// --only 1k@10000,1m@10 (workloads), --out FILE, --no-setup (do not run scripts/bench-setup.sh).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";
import { startBenchOrigin } from "./origin.ts";
import type { PeerResult } from "./peers/common.ts";

const ROOT = join(import.meta.dir, "..", "..");
const PEER_DIR = join(import.meta.dir, "peers");
const BUILD = join(ROOT, "bench", ".build");
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag("--quick");
const ROUNDS = Number(option("--rounds") ?? process.env.ROUNDS ?? (quick ? 1 : 3));
const OUT = option("--out") ?? (quick ? undefined : join(ROOT, "bench", "RESULTS.md"));
/** One peer run may not take longer than this (a stuck peer is killed and its row marked). */
const RUN_TIMEOUT_MS = 90_000;

interface Workload {
  path: string;
  label: string;
  total: number;
  concurrency: number;
}
const KIB = "/bytes/1024";
const MIB = "/bytes/1048576";
const ALL_WORKLOADS: Workload[] = quick
  ? [
      { path: KIB, label: "1 KiB", total: 20_000, concurrency: 100 },
      { path: KIB, label: "1 KiB", total: 20_000, concurrency: 1_000 },
    ]
  : [
      { path: KIB, label: "1 KiB", total: 50_000, concurrency: 100 },
      { path: KIB, label: "1 KiB", total: 50_000, concurrency: 1_000 },
      { path: KIB, label: "1 KiB", total: 100_000, concurrency: 10_000 },
      { path: MIB, label: "1 MiB", total: 2_000, concurrency: 10 },
      { path: MIB, label: "1 MiB", total: 2_000, concurrency: 100 },
    ];
/** --only 1k@10000,1m@10: a subset of the workloads (for profiling and checks). */
const onlyW = option("--only")?.split(",");
const key = (w: Workload) => `${w.path === MIB ? "1m" : "1k"}@${w.concurrency}`;
const WORKLOADS = ALL_WORKLOADS.filter((w) => onlyW === undefined || onlyW.includes(key(w)));
/** At this concurrency every JS peer also measures its live heap at peak (one full GC, not timed). */
const HEAP_AT = 10_000;

interface Peer {
  id: string;
  name: string;
  /** The command for one run, or a reason the peer cannot run on this machine. */
  cmd: ((url: string, w: Workload) => string[]) | string;
}

function which(bin: string): string | undefined {
  return Bun.which(bin) ?? undefined;
}

function sh(cmd: string[]): string {
  const r = Bun.spawnSync(cmd, { stdout: "pipe", stderr: "pipe" });
  return `${r.stdout.toString()}${r.stderr.toString()}`.trim();
}

// ---- setup: packages, the C peer ----

if (!flag("--no-setup")) {
  const r = Bun.spawnSync(["sh", join(ROOT, "scripts", "bench-setup.sh")], {
    stdout: "inherit",
    stderr: "inherit",
    timeout: 240_000,
  });
  if (r.exitCode !== 0) console.error("bench-setup.sh did not finish; going on with what is there");
}

const notes: string[] = [];

function buildCurlPeer(): string {
  const gcc = which("gcc") ?? which("cc");
  const header = ["/usr/include/curl/curl.h", "/usr/include/x86_64-linux-gnu/curl/curl.h"].some(
    existsSync,
  );
  if (gcc === undefined) return "skipped: no C compiler";
  if (!header && !existsSync("/usr/include/aarch64-linux-gnu/curl/curl.h"))
    return "skipped: no libcurl headers (libcurl4-openssl-dev)";
  mkdirSync(BUILD, { recursive: true });
  const bin = join(BUILD, "curl-multi");
  const r = Bun.spawnSync(
    [gcc, "-O2", "-Wall", "-o", bin, join(PEER_DIR, "curl-multi.c"), "-lcurl"],
    { stdout: "pipe", stderr: "pipe" },
  );
  if (r.exitCode !== 0) return `skipped: build failed: ${r.stderr.toString().slice(0, 300)}`;
  return bin;
}
const curlBin = buildCurlPeer();
const node = which("node");

const bunPeer =
  (file: string) =>
  (url: string, w: Workload): string[] => [
    process.execPath,
    join(PEER_DIR, file),
    url,
    String(w.total),
    String(w.concurrency),
    ...(w.concurrency === HEAP_AT ? ["heap"] : []),
  ];
const ALL_PEERS: Peer[] = [
  { id: "multisock", name: "multisock (BunDriver)", cmd: bunPeer("multisock.ts") },
  { id: "own", name: "multisock (own driver)", cmd: bunPeer("multisock-own.ts") },
  { id: "fetch", name: "Bun fetch", cmd: bunPeer("fetch.ts") },
  {
    id: "undici",
    name: "undici Pool (Node)",
    cmd:
      node === undefined
        ? "skipped: no node on PATH"
        : (url, w) => [
            node,
            "--expose-gc",
            join(PEER_DIR, "undici.mjs"),
            url,
            String(w.total),
            String(w.concurrency),
            ...(w.concurrency === HEAP_AT ? ["heap"] : []),
          ],
  },
  {
    id: "curl",
    name: "libcurl multi_socket (C)",
    cmd: curlBin.startsWith("skipped")
      ? curlBin
      : (url, w) => [curlBin, url, String(w.total), String(w.concurrency)],
  },
  { id: "raw", name: "raw Bun.connect (ceiling)", cmd: bunPeer("raw.ts") },
];
const only = option("--peers")?.split(",");
const PEERS = ALL_PEERS.filter((p) => only === undefined || only.includes(p.id));
for (const p of PEERS) if (typeof p.cmd === "string") notes.push(`${p.name}: ${p.cmd}.`);

// ---- running ----

async function runPeer(cmd: string[]): Promise<PeerResult | string> {
  const proc = Bun.spawn(cmd, { stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), RUN_TIMEOUT_MS);
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  await proc.exited;
  clearTimeout(timer);
  const line = out.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as PeerResult;
  } catch {
    // One line, no table pipes: it goes into the markdown table.
    const why = (err || out).trim().split("\n")[0]?.replaceAll("|", "/").slice(0, 200) ?? "";
    return `exit ${proc.exitCode}${proc.signalCode ? ` (${proc.signalCode})` : ""}: ${why}`;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Row {
  rps: number;
  mbs: number;
  rss: number;
  /** Median live-heap growth per in-flight transfer, bytes (NaN when not measured). */
  heapPer: number;
  failed: number;
  runs: number;
  error?: string;
}

function versions(): string[] {
  const undiciVersion = (() => {
    try {
      return JSON.parse(readFileSync(join(ROOT, "node_modules", "undici", "package.json"), "utf8"))
        .version as string;
    } catch {
      return "?";
    }
  })();
  return [
    `Bun ${Bun.version}`,
    node !== undefined ? `Node ${sh([node, "--version"])}` : "Node: none",
    `undici ${undiciVersion}`,
    curlBin.startsWith("skipped")
      ? "libcurl: peer not built"
      : `libcurl ${sh([curlBin, "--version"])}`,
  ];
}

const started = new Date();
const t0 = performance.now();
const origin = await startBenchOrigin(option("--origin"), notes);
console.error(`origin: ${origin.kind} on 127.0.0.1:${origin.port}`);
const results: { w: Workload; rows: Map<string, Row> }[] = [];
try {
  for (const w of WORKLOADS) {
    const url = `http://127.0.0.1:${origin.port}${w.path}`;
    const raw = new Map<string, PeerResult[]>();
    const errors = new Map<string, string>();
    // Rounds outermost, peers in a rotating order: drift on a shared host spreads over every peer.
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < PEERS.length; i++) {
        const p = PEERS[(i + r) % PEERS.length]!;
        if (typeof p.cmd === "string") continue;
        const x = await runPeer(p.cmd(url, w));
        if (typeof x === "string") {
          errors.set(p.id, x);
          console.error(`${w.label} @${w.concurrency} ${p.name} round ${r + 1}: FAILED ${x}`);
          continue;
        }
        // Every peer must have read every body byte: a miscounting peer would fake its speed.
        const size = Number(w.path.split("/").at(-1));
        if (x.failed === 0 && x.bytes !== x.ok * size) {
          errors.set(p.id, `byte count ${x.bytes} != ${x.ok} x ${size}`);
          console.error(`${w.label} @${w.concurrency} ${p.name}: wrong byte count ${x.bytes}`);
          continue;
        }
        if (x.ok + x.failed !== w.total) {
          errors.set(p.id, `finished ${x.ok + x.failed} of ${w.total}`);
          continue;
        }
        const list = raw.get(p.id) ?? [];
        list.push(x);
        raw.set(p.id, list);
        console.error(
          `${w.label} x${w.total} @${w.concurrency} ${p.name} round ${r + 1}: ${(x.ok / x.secs).toFixed(0)} req/s, ${(x.bytes / x.secs / 1e6).toFixed(1)} MB/s, failed ${x.failed}`,
        );
      }
    }
    const rows = new Map<string, Row>();
    for (const p of PEERS) {
      const xs = raw.get(p.id) ?? [];
      const heaps = xs.filter((x) => x.heap > 0).map((x) => (x.heap - x.heapBase) / w.concurrency);
      rows.set(p.id, {
        rps: xs.length ? median(xs.map((x) => x.ok / x.secs)) : Number.NaN,
        mbs: xs.length ? median(xs.map((x) => x.bytes / x.secs / 1e6)) : Number.NaN,
        rss: xs.length ? median(xs.map((x) => x.rss)) : Number.NaN,
        heapPer: heaps.length ? median(heaps) : Number.NaN,
        failed: xs.reduce((a, x) => a + x.failed, 0),
        runs: xs.length,
        error: typeof p.cmd === "string" ? p.cmd : errors.get(p.id),
      });
    }
    results.push({ w, rows });
  }
} finally {
  await origin.stop();
}
const minutes = (performance.now() - t0) / 60_000;

// ---- report ----

const fmt = (x: number, d = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
    : "—";
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : "—");
const name = (id: string) => ALL_PEERS.find((p) => p.id === id)?.name ?? id;

const table: string[] = [
  "| body | concurrent | requests | peer | req/s | MB/s | vs fetch | vs raw | vs libcurl | peak RSS MiB | failed |",
  "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const { w, rows } of results) {
  const f = rows.get("fetch")?.rps ?? Number.NaN;
  const raw = rows.get("raw")?.rps ?? Number.NaN;
  const c = rows.get("curl")?.rps ?? Number.NaN;
  for (const [id, x] of rows) {
    if (x.runs === 0) {
      table.push(
        `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${name(id)} | ${x.error ?? "no result"} | | | | | | |`,
      );
      continue;
    }
    const bold = id === "multisock" || id === "own" ? "**" : "";
    table.push(
      `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${bold}${name(id)}${bold} | ${bold}${fmt(x.rps)}${bold} | ${fmt(x.mbs, 1)} | ${ratio(x.rps, f)} | ${ratio(x.rps, raw)} | ${ratio(x.rps, c)} | ${fmt(x.rss / 2 ** 20)} | ${x.failed}${x.runs < ROUNDS ? ` (${ROUNDS - x.runs} runs lost)` : ""} |`,
    );
  }
}

const memTable: string[] = [];
const heapRun = results.find((r) => r.w.concurrency === HEAP_AT);
if (heapRun !== undefined) {
  memTable.push(
    "| peer | peak RSS MiB | RSS per transfer KiB | JS heap per transfer (peak - idle) |",
    "| --- | ---: | ---: | ---: |",
  );
  for (const [id, x] of heapRun.rows) {
    if (x.runs === 0) continue;
    const heap = Number.isFinite(x.heapPer) ? `${fmt(x.heapPer)} B` : "— (no JS heap)";
    memTable.push(
      `| ${name(id)} | ${fmt(x.rss / 2 ** 20)} | ${fmt(x.rss / HEAP_AT / 1024, 1)} | ${heap} |`,
    );
  }
}

// The issue's targets, judged on this run's numbers.
const targets: string[] = [];
const check = (ok: boolean, text: string) =>
  targets.push(`- ${ok ? "met" : "**missed**"}: ${text}`);
for (const { w, rows } of results) {
  const m = rows.get("multisock");
  if (m === undefined || m.runs === 0) continue;
  const f = rows.get("fetch")?.rps ?? Number.NaN;
  const raw = rows.get("raw")?.rps ?? Number.NaN;
  const at = `${w.label} @${fmt(w.concurrency)}`;
  if (w.path === KIB) {
    if (Number.isFinite(f))
      check(m.rps >= 1.3 * f, `${at}: >= 1.3x Bun fetch (${ratio(m.rps, f)})`);
    if (Number.isFinite(raw))
      check(m.rps >= 0.85 * raw, `${at}: >= 0.85x raw ceiling (${ratio(m.rps, raw)})`);
    const c = rows.get("curl")?.rps ?? Number.NaN;
    if (w.concurrency === 10_000 && Number.isFinite(c))
      check(m.rps > c, `${at}: ahead of libcurl's C multi_socket (${ratio(m.rps, c)})`);
    if (w.concurrency === HEAP_AT && Number.isFinite(m.heapPer))
      check(m.heapPer <= 2048, `${at}: JS heap per transfer <= 2 KiB (${fmt(m.heapPer)} B)`);
  } else {
    const u = rows.get("undici")?.mbs ?? Number.NaN;
    const fm = rows.get("fetch")?.mbs ?? Number.NaN;
    if (Number.isFinite(fm)) check(m.mbs > fm, `${at}: ahead of Bun fetch (${ratio(m.mbs, fm)})`);
    if (Number.isFinite(u)) check(m.mbs > u, `${at}: ahead of undici (${ratio(m.mbs, u)})`);
  }
}

const cpu = cpus();
const command = `bun run bench/e2e/run.ts${argv.length ? ` ${argv.join(" ")}` : ""}`;
const md = [
  "# End-to-end results",
  "",
  `Made by \`${command}\` on ${started.toISOString().slice(0, 16).replace("T", " ")} UTC; the whole run took ${minutes.toFixed(1)} minutes.`,
  "",
  `- Machine: ${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${process.platform} ${sh(["uname", "-r"])}.`,
  `- Versions: ${versions().join(", ")}.`,
  `- Origin: ${origin.kind}, on 127.0.0.1 in its own process${origin.kind.startsWith("nginx") ? " (bench/e2e/nginx.conf: one worker, keep-alive without request limit, static files)" : ""}.`,
  `- Method: each peer in its own process, fresh for every run, keeping CONCURRENCY transfers in flight over keep-alive connections until REQUESTS are done. ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} per workload (peers in a rotating order), the median is shown. req/s counts 200 replies; MB/s counts body bytes (10^6). Ratios are of req/s, same workload, same run.`,
  `- Sizes: totals are scaled so the whole bench stays under 10 minutes on 2 cores: 50,000 requests per 1 KiB run (100,000 at 10,000 concurrent, so that each connection serves about 10 requests and opening 10,000 sockets, which is timed, does not dominate), 2,000 per 1 MiB run. Bun fetch runs with Bun's defaults, which cap the fetches in flight (about 256 connections were open in its 10,000 run, seen with ss), so its high-concurrency rows are what a user gets, not 10,000 in flight.`,
  `- Memory at ${fmt(HEAP_AT)} concurrent: peak RSS of the process, and the live JS heap after a full GC at half the requests (all slots in flight) minus the live heap of the same process before any transfer, divided by the concurrency. That GC pause is not timed.`,
  ...(quick
    ? ["- `--quick`: 1 KiB only, 20,000 requests at 100 and 1,000, one round by default."]
    : []),
  ...notes.map((n) => `- Note: ${n}`),
  "",
  ...table,
  "",
  ...(memTable.length
    ? [`## Memory at ${fmt(HEAP_AT)} concurrent (1 KiB GETs)`, "", ...memTable, ""]
    : []),
  "## Targets (issue 7), multisock with BunDriver",
  "",
  ...targets,
  "",
].join("\n");
if (OUT !== undefined) {
  // A hand-written section after this marker (notes, profiles) survives the next run.
  const MARK = "<!-- notes below are kept across runs -->";
  const old = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  const keep = old.includes(MARK) ? old.slice(old.indexOf(MARK)) : `${MARK}\n`;
  writeFileSync(OUT, `${md}\n${keep}`);
  console.error(`wrote ${relative(process.cwd(), OUT)}`);
}
console.log(md);
process.exit(0);
