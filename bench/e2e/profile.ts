// Profiles one e2e peer at one workload with Bun's --cpu-prof and prints the top self-time functions
// and files, so the hot path can be read without a browser.
//   bun run bench/e2e/profile.ts [--peer multisock] [--path /bytes/1024] [--total 200000]
//       [--concurrency 100] [--origin nginx|bun] [--top 25]
// The .cpuprofile stays in bench/.build/prof/ (open it in Chrome DevTools for the call tree).

import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { startBenchOrigin } from "./origin.ts";

const argv = process.argv.slice(2);
const option = (name: string, dflt: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? (argv[i + 1] ?? dflt) : dflt;
};
const peer = option("--peer", "multisock");
const path = option("--path", "/bytes/1024");
const total = option("--total", "200000");
const concurrency = option("--concurrency", "100");
const top = Number(option("--top", "25"));
const ROOT = join(import.meta.dir, "..", "..");
const dir = join(ROOT, "bench", ".build", "prof");
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

interface ProfNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfNode[];
  samples: number[];
  timeDeltas: number[];
}

const notes: string[] = [];
const origin = await startBenchOrigin(option("--origin", "") || undefined, notes);
let out = "";
try {
  const url = `http://127.0.0.1:${origin.port}${path}`;
  const proc = Bun.spawn(
    [
      process.execPath,
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      "--cpu-prof-interval=250",
      join(import.meta.dir, "peers", `${peer}.ts`),
      url,
      total,
      concurrency,
    ],
    { stdout: "pipe", stderr: "inherit" },
  );
  out = await new Response(proc.stdout).text();
  await proc.exited;
} finally {
  await origin.stop();
}
console.log(`origin: ${origin.kind}; ${peer} ${path} x${total} @${concurrency}: ${out.trim()}`);
for (const n of notes) console.log(`note: ${n}`);

const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
const prof = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
const byId = new Map<number, ProfNode>();
for (const n of prof.nodes) byId.set(n.id, n);
// Self time: samples that landed in each function. JSC takes no samples while the thread sleeps in
// the event loop, so counts (not the time deltas, which span those gaps) measure CPU spent.
const fnTime = new Map<string, number>();
const fileTime = new Map<string, number>();
let all = 0;
for (const id of prof.samples) {
  const node = byId.get(id);
  if (node === undefined) continue;
  const f = node.callFrame;
  const where = f.url ? relative(ROOT, f.url.replace(/^file:\/\//, "")) : "(native)";
  const key = `${f.functionName || "(anonymous)"}  ${where}${f.url ? `:${f.lineNumber + 1}` : ""}`;
  fnTime.set(key, (fnTime.get(key) ?? 0) + 1);
  fileTime.set(where, (fileTime.get(where) ?? 0) + 1);
  all++;
}
const wall = (prof.timeDeltas.reduce((a, b) => a + b, 0) / 1000).toFixed(0);
const pct = (t: number) => `${((100 * t) / all).toFixed(1).padStart(5)}%`;
console.log(
  `\n${all} samples of 250 us (~${((all * 0.25) | 0).toLocaleString("en-US")} ms on CPU in JS or native calls) over ${wall} ms; top ${top} by self samples:`,
);
for (const [k, t] of [...fnTime].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${pct(t)}  ${k}`);
console.log("\nself time by file:");
for (const [k, t] of [...fileTime].sort((a, b) => b[1] - a[1]).slice(0, 15))
  console.log(`${pct(t)}  ${k}`);
console.log(`\nprofile: ${relative(process.cwd(), join(dir, file))}`);
process.exit(0);
