// End-to-end benchmark: every peer in its own process, the same workload against the same local origin
// (nginx when it can be had, else Bun.serve), several rounds, medians and ratios written to bench/RESULTS.md.
//   bun run bench/e2e/run.ts              the full set (about 9 minutes on 2 cores), writes bench/RESULTS.md
//   bun run bench/e2e/run.ts --quick      1 KiB GETs at 100 and 1,000 only, 1 round, prints the table
//   bun run bench/e2e/run.ts --only 1k-h2@100,1k-h2@1000     the HTTP/2 rows only (TLS, nginx only)
// Options: --rounds N (default 3, or $ROUNDS), --origin nginx|bun, --peers a,b (ids below),
// --only 1k@10000,1m@10,1k-h2@100 (workloads), --out FILE, --no-setup (do not run scripts/bench-setup.sh),
// --access-log (debug: nginx logs every request, and after each run the protocols and connections
// seen are printed; slows nginx, so the numbers of such a run are not the bench's).

import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, relative } from "node:path";
import { startBenchOrigin, TEST_CA } from "./origin.ts";
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
  /** Requests in the timed window. */
  total: number;
  /**
   * Requests before it, in the same process: every peer runs warmup + total and is timed from the
   * warmup-th completion on (peers/common.ts --warmup), so JIT tiers and heap growth are not timed.
   */
  warmup: number;
  concurrency: number;
  /** An h2 row: against the TLS origin, with the h2 peers (see ALL_PEERS). */
  h2?: boolean;
}
const KIB = "/bytes/1024";
const MIB = "/bytes/1048576";
/**
 * Warm-up requests before the timed window (--warmup N sets both; 0 times whole runs, as before
 * 2026-12-02). A JS peer reaches its steady rate after about 40,000 1 KiB requests (JSC compiles
 * the hot path through its tiers on a thread of its own, which on 2 cores competes with nginx):
 * bench/README.md, "Warm-up".
 */
const WARM_OPT = option("--warmup");
const WARM_KIB = WARM_OPT !== undefined ? Number(WARM_OPT) : 40_000;
const WARM_MIB = WARM_OPT !== undefined ? Number(WARM_OPT) : 500;
const ALL_WORKLOADS: Workload[] = quick
  ? [
      { path: KIB, label: "1 KiB", total: 20_000, warmup: 20_000, concurrency: 100 },
      { path: KIB, label: "1 KiB", total: 20_000, warmup: 20_000, concurrency: 1_000 },
    ]
  : [
      { path: KIB, label: "1 KiB", total: 50_000, warmup: WARM_KIB, concurrency: 100 },
      { path: KIB, label: "1 KiB", total: 50_000, warmup: WARM_KIB, concurrency: 1_000 },
      // Half the warm-up at 10,000: two requests per connection already reach the steady rate there,
      // and the slowest peer (libcurl, about 2,000 req/s) would spend a minute per run on it.
      { path: KIB, label: "1 KiB", total: 100_000, warmup: WARM_KIB / 2, concurrency: 10_000 },
      { path: MIB, label: "1 MiB", total: 2_000, warmup: WARM_MIB, concurrency: 10 },
      { path: MIB, label: "1 MiB", total: 2_000, warmup: WARM_MIB, concurrency: 100 },
      { path: KIB, label: "1 KiB h2", total: 50_000, warmup: WARM_KIB, concurrency: 100, h2: true },
      {
        path: KIB,
        label: "1 KiB h2",
        total: 50_000,
        warmup: WARM_KIB,
        concurrency: 1_000,
        h2: true,
      },
    ];
/** --only 1k@10000,1m@10,1k-h2@100: a subset of the workloads (for profiling and checks). */
const onlyW = option("--only")?.split(",");
const key = (w: Workload) => `${w.path === MIB ? "1m" : "1k"}${w.h2 ? "-h2" : ""}@${w.concurrency}`;
const WORKLOADS = ALL_WORKLOADS.filter((w) => onlyW === undefined || onlyW.includes(key(w)));
/** At this concurrency every JS peer also measures its live heap at peak (one full GC, not timed). */
const HEAP_AT = 10_000;

interface Peer {
  id: string;
  name: string;
  /** The workloads it runs in: the plain HTTP/1.1 rows, or the TLS h2 rows. */
  rows: "h1" | "h2";
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
const h2load = which("h2load");

/** --warmup for a peer (none when the workload has no warm-up). */
const warmArgs = (w: Workload): string[] => (w.warmup > 0 ? ["--warmup", String(w.warmup)] : []);
/** A Bun peer: URL TOTAL CONCURRENCY [heap], then `extra` (the h2 rows' --http and --ca). */
const bunPeer =
  (file: string, extra: string[] = []) =>
  (url: string, w: Workload): string[] => [
    process.execPath,
    join(PEER_DIR, file),
    url,
    String(w.warmup + w.total),
    String(w.concurrency),
    ...(w.concurrency === HEAP_AT ? ["heap"] : []),
    ...warmArgs(w),
    ...extra,
  ];
const undiciPeer = (extra: string[] = []): Peer["cmd"] =>
  node === undefined
    ? "skipped: no node on PATH"
    : (url, w) => [
        node,
        "--expose-gc",
        join(PEER_DIR, "undici.mjs"),
        url,
        String(w.warmup + w.total),
        String(w.concurrency),
        ...(w.concurrency === HEAP_AT ? ["heap"] : []),
        ...warmArgs(w),
        ...extra,
      ];
const curlPeer = (extra: string[] = []): Peer["cmd"] =>
  curlBin.startsWith("skipped")
    ? curlBin
    : (url, w) => [
        curlBin,
        url,
        String(w.warmup + w.total),
        String(w.concurrency),
        ...warmArgs(w),
        ...extra,
      ];
/** The h2 rows' TLS peers trust the test CA that signed nginx's certificate. */
const H2 = ["--http", "2", "--ca", TEST_CA];
const H1_TLS = ["--http", "1.1", "--ca", TEST_CA];
const ALL_PEERS: Peer[] = [
  { id: "multisock", name: "multisock (BunDriver)", rows: "h1", cmd: bunPeer("multisock.ts") },
  { id: "own", name: "multisock (own driver)", rows: "h1", cmd: bunPeer("multisock-own.ts") },
  {
    id: "multisock-fetch",
    name: "multisock fetch()",
    rows: "h1",
    cmd: bunPeer("multisock-fetch.ts"),
  },
  { id: "fetch", name: "Bun fetch", rows: "h1", cmd: bunPeer("fetch.ts") },
  // multisock/workers: the same total in flight, split over N worker threads (one Multi each).
  ...[1, 2].map(
    (n): Peer => ({
      id: `multisock-workers-${n}`,
      name: `multisock/workers, ${n} worker${n === 1 ? "" : "s"}`,
      rows: "h1",
      cmd: bunPeer("multisock-workers.ts", ["--workers", String(n)]),
    }),
  ),
  { id: "undici", name: "undici Pool (Node)", rows: "h1", cmd: undiciPeer() },
  { id: "curl", name: "libcurl multi_socket (C)", rows: "h1", cmd: curlPeer() },
  { id: "raw", name: "raw Bun.connect (ceiling)", rows: "h1", cmd: bunPeer("raw.ts") },
  // The h2 rows (TLS). "Concurrent" is transfers in flight; each peer picks its connections.
  { id: "multisock-h2", name: "multisock h2", rows: "h2", cmd: bunPeer("multisock.ts", H2) },
  {
    id: "multisock-h1",
    name: "multisock h1 (TLS)",
    rows: "h2",
    cmd: bunPeer("multisock.ts", H1_TLS),
  },
  {
    id: "multisock-fetch-h2",
    name: "multisock fetch() h2",
    rows: "h2",
    cmd: bunPeer("multisock-fetch.ts", H2),
  },
  { id: "fetch-h2", name: "Bun fetch h2", rows: "h2", cmd: bunPeer("fetch.ts", H2) },
  { id: "fetch-h1", name: "Bun fetch h1 (TLS)", rows: "h2", cmd: bunPeer("fetch.ts", H1_TLS) },
  {
    id: "undici-h2",
    name: "undici allowH2 (Node)",
    rows: "h2",
    cmd: undiciPeer(["--http", "2", "--ca", TEST_CA]),
  },
  {
    id: "curl-h2",
    name: "libcurl multi_socket h2 (C)",
    rows: "h2",
    cmd: curlPeer(["--h2", "--cainfo", TEST_CA]),
  },
  {
    id: "h2load",
    name: "h2load (ceiling)",
    rows: "h2",
    cmd: h2load === undefined ? "skipped: no h2load (nghttp2-client)" : bunPeer("h2load.ts"),
  },
];
const only = option("--peers")?.split(",");
const PEERS = ALL_PEERS.filter((p) => only === undefined || only.includes(p.id));
const rowsRun = new Set(WORKLOADS.map((w) => (w.h2 ? "h2" : "h1")));
for (const p of PEERS)
  if (typeof p.cmd === "string" && rowsRun.has(p.rows)) notes.push(`${p.name}: ${p.cmd}.`);

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
    const first = (err || out).trim().split("\n")[0]?.replaceAll("|", "/") ?? "";
    // A peer that refused to run as asked (peers/common.ts refuse()) said why: that is the row.
    if (first.startsWith("failed: ")) return first.slice(0, 600);
    return `exit ${proc.exitCode}${proc.signalCode ? ` (${proc.signalCode})` : ""}: ${first.slice(0, 200)}`;
  }
}

/**
 * Debug (--access-log): what nginx logged since the last call, as "HTTP/2.0 x50000; 1 connection"
 * (distinct $connection serials), then empties the log (nginx appends, so it writes on at 0).
 */
function accessLogSummary(file: string): string {
  const text = readFileSync(file, "utf8");
  truncateSync(file, 0);
  const protos = new Map<string, number>();
  const conns = new Set<string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const [conn = "", proto = "?"] = line.split(" ");
    conns.add(conn);
    protos.set(proto, (protos.get(proto) ?? 0) + 1);
  }
  const seen = [...protos].map(([p, n]) => `${p} x${n}`).join(", ") || "no request";
  return `nginx access log: ${seen}; ${conns.size} connection${conns.size === 1 ? "" : "s"}`;
}

/** req/s of the timed window (the whole run for a peer that cannot leave its warm-up out: h2load). */
function timedRps(x: PeerResult): number {
  return x.timed !== undefined ? x.timed.ok / x.timed.secs : x.ok / x.secs;
}
/**
 * Body bytes/s of the timed window, as its 200 replies times the body size (each carried exactly that
 * many: checked over the whole run): bytes counted at the window's edges belong to transfers in flight.
 */
function timedMbs(x: PeerResult, w: Workload): number {
  if (x.timed === undefined) return x.bytes / x.secs;
  return (x.timed.ok * Number(w.path.split("/").at(-1))) / x.timed.secs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Row {
  /** req/s of the timed window (median). */
  rps: number;
  /** req/s of the whole run, warm-up included (median). */
  coldRps: number;
  mbs: number;
  rss: number;
  /** Median live-heap growth per in-flight transfer, bytes (NaN when not measured). */
  heapPer: number;
  /** Median connections nginx accepted during a run (h2 rows only; NaN when not counted). */
  conns: number;
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
    ...(h2load !== undefined && rowsRun.has("h2") ? [sh([h2load, "--version"])] : []),
  ];
}

const started = new Date();
const t0 = performance.now();
const accessLog = flag("--access-log");
const origin = await startBenchOrigin(option("--origin"), notes, { accessLog });
if (accessLog)
  notes.push(
    "--access-log: nginx logged every request, which slows it: these numbers are a debug run's.",
  );
console.error(
  `origin: ${origin.kind} on 127.0.0.1:${origin.port}${origin.tlsOrigin ? `, TLS ${origin.tlsOrigin}` : ""}`,
);
// The ready checks' requests are not a peer's.
if (origin.accessLog !== undefined) accessLogSummary(origin.accessLog);
if (rowsRun.has("h2") && origin.tlsOrigin === undefined)
  notes.push("h2 rows: no result, they need nginx (the Bun.serve origin has no TLS listener).");
const results: { w: Workload; rows: Map<string, Row> }[] = [];
try {
  for (const w of WORKLOADS) {
    const base = w.h2 ? origin.tlsOrigin : `http://127.0.0.1:${origin.port}`;
    const url = `${base}${w.path}`;
    const peers = PEERS.filter((p) => p.rows === (w.h2 ? "h2" : "h1"));
    const raw = new Map<string, PeerResult[]>();
    const conns = new Map<string, number[]>();
    const errors = new Map<string, string>();
    // Rounds outermost, peers in a rotating order: drift on a shared host spreads over every peer.
    for (let r = 0; r < ROUNDS && base !== undefined; r++) {
      for (let i = 0; i < peers.length; i++) {
        const p = peers[(i + r) % peers.length]!;
        if (typeof p.cmd === "string") continue;
        // Connections the peer opened: nginx's accepts before and after, minus the second query's own.
        const countConns = w.h2 === true && origin.accepted !== undefined;
        const before = countConns ? await origin.accepted!() : 0;
        const x = await runPeer(p.cmd(url, w));
        const opened = countConns ? (await origin.accepted!()) - before - 1 : Number.NaN;
        if (origin.accessLog !== undefined)
          console.error(
            `${w.label} @${w.concurrency} ${p.name}: ${accessLogSummary(origin.accessLog)}; stub_status: ${opened} opened`,
          );
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
        if (x.ok + x.failed !== w.warmup + w.total) {
          errors.set(p.id, `finished ${x.ok + x.failed} of ${w.warmup + w.total}`);
          continue;
        }
        // A peer that can tell checked every reply's HTTP version: a wrong one is no result at all.
        if ((x.otherProto ?? 0) > 0) {
          errors.set(
            p.id,
            `failed: ${x.otherProto} of ${x.ok} replies not over the HTTP version asked`,
          );
          console.error(`${w.label} @${w.concurrency} ${p.name}: ${errors.get(p.id)}`);
          continue;
        }
        const list = raw.get(p.id) ?? [];
        list.push(x);
        raw.set(p.id, list);
        if (countConns) conns.set(p.id, [...(conns.get(p.id) ?? []), opened]);
        console.error(
          `${w.label} x${w.total} @${w.concurrency} ${p.name} round ${r + 1}: ${timedRps(x).toFixed(0)} req/s (${(x.ok / x.secs).toFixed(0)} with the warm-up), ${(timedMbs(x, w) / 1e6).toFixed(1)} MB/s, failed ${x.failed}${countConns ? `, ${opened} connections` : ""}`,
        );
      }
    }
    const rows = new Map<string, Row>();
    for (const p of peers) {
      const xs = raw.get(p.id) ?? [];
      const cs = conns.get(p.id) ?? [];
      const heaps = xs.filter((x) => x.heap > 0).map((x) => (x.heap - x.heapBase) / w.concurrency);
      rows.set(p.id, {
        rps: xs.length ? median(xs.map(timedRps)) : Number.NaN,
        coldRps: xs.length ? median(xs.map((x) => x.ok / x.secs)) : Number.NaN,
        mbs: xs.length ? median(xs.map((x) => timedMbs(x, w) / 1e6)) : Number.NaN,
        rss: xs.length ? median(xs.map((x) => x.rss)) : Number.NaN,
        heapPer: heaps.length ? median(heaps) : Number.NaN,
        conns: cs.length ? median(cs) : Number.NaN,
        failed: xs.reduce((a, x) => a + x.failed, 0),
        runs: xs.length,
        error:
          typeof p.cmd === "string"
            ? p.cmd
            : base === undefined
              ? "skipped: needs nginx's TLS listener"
              : errors.get(p.id),
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

const h1Results = results.filter((r) => !r.w.h2);
const h2Results = results.filter((r) => r.w.h2);
const lost = (x: Row) => (x.runs < ROUNDS ? ` (${ROUNDS - x.runs} runs lost)` : "");

const table: string[] = [
  "| body | concurrent | requests | peer | req/s | MB/s | vs fetch | vs raw | vs libcurl | req/s with warm-up | peak RSS MiB | failed |",
  "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const { w, rows } of h1Results) {
  const f = rows.get("fetch")?.rps ?? Number.NaN;
  const raw = rows.get("raw")?.rps ?? Number.NaN;
  const c = rows.get("curl")?.rps ?? Number.NaN;
  for (const [id, x] of rows) {
    if (x.runs === 0) {
      table.push(
        `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${name(id)} | ${x.error ?? "no result"} | | | | | | | |`,
      );
      continue;
    }
    const bold = id === "multisock" || id === "own" || id === "multisock-fetch" ? "**" : "";
    table.push(
      `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${bold}${name(id)}${bold} | ${bold}${fmt(x.rps)}${bold} | ${fmt(x.mbs, 1)} | ${ratio(x.rps, f)} | ${ratio(x.rps, raw)} | ${ratio(x.rps, c)} | ${fmt(x.coldRps)} | ${fmt(x.rss / 2 ** 20)} | ${x.failed}${lost(x)} |`,
    );
  }
}

// The h2 rows: multisock h2 against each peer (its req/s over theirs), and each peer of the ceiling.
const h2Table: string[] = [
  "| body | concurrent | requests | peer | req/s | MB/s | multisock h2 vs this | of ceiling (h2load) | req/s with warm-up | connections | peak RSS MiB | failed |",
  "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
for (const { w, rows } of h2Results) {
  const m = rows.get("multisock-h2")?.rps ?? Number.NaN;
  const ceiling = rows.get("h2load")?.rps ?? Number.NaN;
  for (const [id, x] of rows) {
    if (x.runs === 0) {
      const why = x.error ?? "no result";
      const cell = /^(failed|skipped):/.test(why) ? why : `failed: ${why}`;
      h2Table.push(
        `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${name(id)} | ${cell} | | | | | | | |`,
      );
      continue;
    }
    const bold = id.startsWith("multisock") ? "**" : "";
    h2Table.push(
      `| ${w.label} | ${fmt(w.concurrency)} | ${fmt(w.total)} | ${bold}${name(id)}${bold} | ${bold}${fmt(x.rps)}${bold} | ${fmt(x.mbs, 1)} | ${ratio(m, x.rps)} | ${ratio(x.rps, ceiling)} | ${fmt(x.coldRps)} | ${fmt(x.conns)} | ${fmt(x.rss / 2 ** 20)} | ${x.failed}${lost(x)} |`,
    );
  }
}

const memTable: string[] = [];
const heapRun = h1Results.find((r) => r.w.concurrency === HEAP_AT);
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
for (const { w, rows } of h1Results) {
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

// multisock's fetch() against Bun's fetch (issue 14): 1.2x over HTTP/1.1, ahead over HTTP/2.
for (const { w, rows } of results) {
  const mf = rows.get(w.h2 ? "multisock-fetch-h2" : "multisock-fetch");
  const bf = rows.get(w.h2 ? "fetch-h2" : "fetch");
  if (mf === undefined || bf === undefined || mf.runs === 0 || bf.runs === 0 || w.path !== KIB)
    continue;
  const at = `${w.label} @${fmt(w.concurrency)}`;
  if (w.h2)
    check(
      mf.rps > bf.rps,
      `${at}: multisock fetch() ahead of Bun fetch h2 (${ratio(mf.rps, bf.rps)})`,
    );
  else
    check(
      mf.rps >= 1.2 * bf.rps,
      `${at}: multisock fetch() >= 1.2x Bun fetch (${ratio(mf.rps, bf.rps)})`,
    );
}

/** The method line's sentence on the warm-up, from the workloads run. */
function warmText(): string {
  const ws = [...new Set(WORKLOADS.map((w) => w.warmup))];
  if (ws.every((n) => n === 0)) return "The whole run is timed (no warm-up).";
  return `Before REQUESTS, the same process runs a warm-up of ${ws.map((n) => fmt(n)).join(" / ")} requests (${WORKLOADS.filter(
    (w, i, a) => a.findIndex((x) => x.warmup === w.warmup) === i,
  )
    .map((w) => `${w.label}${w.concurrency === 10_000 ? " @10,000" : ""}`)
    .join(
      " / ",
    )} rows) that is not timed: req/s and MB/s are of the requests after it, and "req/s with warm-up" is the whole run's, JIT compilation included. h2load cannot leave a warm-up out (it counts no requests until it finishes): its row is the whole run.`;
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
  `- Method: each peer in its own process, fresh for every run, keeping CONCURRENCY transfers in flight over keep-alive connections until REQUESTS are done. ${warmText()} ${ROUNDS} round${ROUNDS === 1 ? "" : "s"} per workload (peers in a rotating order), the median is shown. req/s counts 200 replies; MB/s counts body bytes (10^6). Ratios are of req/s, same workload, same run.`,
  `- Sizes: totals are scaled so the whole bench stays near 10 minutes on 2 cores: 50,000 requests per 1 KiB run (100,000 at 10,000 concurrent, so that each connection serves about 10 requests and opening 10,000 sockets, which is timed, does not dominate), 2,000 per 1 MiB run. Bun fetch runs with Bun's defaults, which cap the fetches in flight (about 256 connections were open in its 10,000 run, seen with ss), so its high-concurrency rows are what a user gets, not 10,000 in flight.`,
  `- Memory at ${fmt(HEAP_AT)} concurrent: peak RSS of the process, and the live JS heap after a full GC at half the requests (all slots in flight) minus the live heap of the same process before any transfer, divided by the concurrency. That GC pause is not timed.`,
  ...(quick
    ? ["- `--quick`: 1 KiB only, 20,000 requests at 100 and 1,000, one round by default."]
    : []),
  ...notes.map((n) => `- Note: ${n}`),
  "",
  ...(h1Results.length ? [...table, ""] : []),
  ...(memTable.length
    ? [`## Memory at ${fmt(HEAP_AT)} concurrent (1 KiB GETs)`, "", ...memTable, ""]
    : []),
  ...(h1Results.length
    ? [
        "## Targets (issue 7: multisock with BunDriver; issue 14: multisock fetch())",
        "",
        ...targets,
        "",
      ]
    : []),
  ...(h2Results.length
    ? [
        "## HTTP/2 over TLS",
        "",
        `- Origin: the same nginx, its TLS listener (\`listen ssl http2\`, TLS 1.2 and 1.3, the test certificate of test/fixtures/tls), which offers h2 and http/1.1 by ALPN: the h1 peers of these rows use the same listener over HTTP/1.1. 1 KiB GETs, ${fmt(h2Results[0]!.w.total)} per run.`,
        "- Concurrent = transfers (streams) in flight, not connections: each peer opens the connections it wants, with at most 100 streams per connection where it has the setting (multisock, undici, libcurl). h2load runs C connections x M streams, C x M = concurrent (1 x 100, 10 x 100). connections: median number nginx accepted during a run (stub_status `accepts` before and after).",
        "- Peers: multisock h2 (BunDriver; caInfo, httpVersion CURL_HTTP_VERSION_2TLS, pipeWait 1, multi pipelining CURLPIPE_MULTIPLEX and maxConcurrentStreams 100; every reply's CURLINFO_HTTP_VERSION must be CURL_HTTP_VERSION_2_0), multisock h1 (same with CURL_HTTP_VERSION_1_1), Bun fetch h2 (`protocol: \"http2\"`, `tls: { ca }`) and h1 (`protocol: \"http1.1\"`), both with Bun's default of at most 256 fetches in flight (so 256, not 1,000, in the 1,000 rows), undici Pool under Node (`allowH2: true`, `maxConcurrentStreams: 100`, no connection limit, `connect: { ca }`), libcurl's C multi_socket (`--h2`: CURLPIPE_MULTIPLEX, CURLOPT_PIPEWAIT, CURL_HTTP_VERSION_2TLS, CURLOPT_CAINFO; HTTP version of every reply checked), h2load (no certificate check: it has no CA option). All others verify nginx's certificate against the test CA.",
        "- libcurl 7.88's PIPEWAIT only waits while it does not know yet whether the server multiplexes: at 1,000 concurrent the first connection takes 100 streams and most other transfers open a connection of their own (the connections column). The peer keeps libcurl's documented recipe and sets no CURLMOPT_MAX_HOST_CONNECTIONS.",
        "- Ratios: multisock h2 vs this = multisock h2's req/s over the row's; of ceiling = the row's req/s over h2load's.",
        "",
        ...h2Table,
        "",
      ]
    : []),
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
