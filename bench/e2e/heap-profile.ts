// Where the JS heap of a transfer in flight goes: N plain GETs (Easy + BunDriver, the e2e peer's
// options) held in flight against a loopback server in another process that accepts and never
// answers, then one heap snapshot; prints the bytes per transfer by class (JSC's snapshot sizes,
// the objects made per transfer: at least a quarter of one each).
//   bun run bench/e2e/heap-profile.ts [--transfers 2000] [--top 30]

import { BunDriver, Easy, Multi } from "../../src/index.ts";

const argv = process.argv.slice(2);
const option = (name: string, dflt: string): string => {
  const i = argv.indexOf(name);
  return i >= 0 ? (argv[i + 1] ?? dflt) : dflt;
};
const N = Number(option("--transfers", "2000"));
const TOP = Number(option("--top", "30"));

// The silent server: its sockets live in its own process (half the file descriptors here).
const server = Bun.spawn(
  [
    process.execPath,
    "-e",
    `const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
     console.log(l.port); setInterval(() => {}, 1e9);`,
  ],
  { stdout: "pipe" },
);
const first = await server.stdout.getReader().read();
const port = Number(new TextDecoder().decode(first.value).trim());

interface Snapshot {
  nodeFields?: string[];
  nodes: number[];
  nodeClassNames: string[];
}

/** Count and bytes per class name, after a full GC. */
function byClass(): Map<string, [number, number]> {
  Bun.gc(true);
  const s = Bun.generateHeapSnapshot() as unknown as Snapshot;
  const fields = s.nodeFields ?? ["id", "size", "classNameIdx", "flags"];
  const step = fields.length;
  const size = fields.indexOf("size");
  const cls = fields.indexOf("classNameIdx");
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < s.nodes.length; i += step) {
    const name = s.nodeClassNames[s.nodes[i + cls]!]!;
    const row = out.get(name) ?? [0, 0];
    row[0]++;
    row[1] += s.nodes[i + size]!;
    out.set(name, row);
  }
  return out;
}

const multi = new Multi();
const driver = new BunDriver(multi, { onDone() {} });
void driver.run();
const write = (d: Uint8Array) => d.length;
const url = `http://127.0.0.1:${port}/x`;
const before = byClass();
const keep: Easy[] = [];
for (let i = 0; i < N; i++) {
  const e = new Easy();
  e.setopt("url", url);
  e.setopt("writeFunction", write);
  multi.addHandle(e);
  keep.push(e);
}
// Every transfer connected and sent its request: all wait for an answer, as at peak concurrency.
await Bun.sleep(1500);
const after = byClass();
let total = 0;
const rows: [string, number, number][] = [];
for (const [name, [n, bytes]] of after) {
  const [n0, b0] = before.get(name) ?? [0, 0];
  total += bytes - b0;
  if (n - n0 >= N / 4) rows.push([name, (n - n0) / N, (bytes - b0) / N]);
}
rows.sort((a, b) => b[2] - a[2]);
console.log(`${N} transfers in flight (${keep.length} handles): ${(total / N).toFixed(0)} B each`);
console.log("class                         per transfer   bytes");
for (const [name, n, b] of rows.slice(0, TOP))
  console.log(`${name.padEnd(30)}${n.toFixed(2).padStart(12)}${b.toFixed(0).padStart(8)}`);
server.kill();
process.exit(0);
