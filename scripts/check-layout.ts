// The layout rules of src/ (docs/architecture.md), checked in CI: no import cycle (type-only imports
// count: they tie files together as much as value imports do), no file over MAX_LINES lines, and no
// `export *` in a package entry (every public name is exported by name; an internal barrel such as
// constants/index.ts may re-export its folder), and no import of workers/ from outside it (the worker
// pool is a layer above the driver: the engine never depends on it). Prints each violation; exits 1
// if there is one.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(import.meta.dir, "..", "src");
/** "Under ~500 lines": a file that grows past this is holding more than one concept. */
const MAX_LINES = 500;
/** The package entries (package.json "exports"): what users can import. */
const ENTRIES = new Set(["index.ts", "testing/index.ts", "workers/index.ts"]);
/** Top layers: only files inside the folder may import from it. */
const TOP_LAYERS = ["workers"];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const IMPORT_RE = /^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms;

const all = files(ROOT).sort();
const edges = new Map<string, string[]>();
const problems: string[] = [];
for (const f of all) {
  const text = readFileSync(f, "utf8");
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  const rel = relative(ROOT, f);
  if (lines > MAX_LINES) problems.push(`${rel}: ${lines} lines (at most ${MAX_LINES})`);
  if (ENTRIES.has(rel) && /^\s*export\s*\*\s*from/m.test(text))
    problems.push(`${rel}: export * in a package entry (export names instead)`);
  const deps: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) deps.push(resolve(dirname(f), m[1]!));
  for (const layer of TOP_LAYERS) {
    const dir = `${join(ROOT, layer)}/`;
    if (f.startsWith(dir)) continue;
    for (const d of deps)
      if (d.startsWith(dir))
        problems.push(`${rel} imports ${relative(ROOT, d)} (${layer}/ is a top layer)`);
  }
  edges.set(f, deps);
}

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const idx = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
function visit(v: string): void {
  idx.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!edges.has(w)) continue;
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v)!, low.get(w)!));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
  }
  if (low.get(v) !== idx.get(v)) return;
  const comp: string[] = [];
  for (;;) {
    const w = stack.pop()!;
    onStack.delete(w);
    comp.push(relative(ROOT, w));
    if (w === v) break;
  }
  const self = (edges.get(v) ?? []).includes(v);
  if (comp.length > 1 || self) problems.push(`import cycle: ${comp.sort().join(" <-> ")}`);
}
for (const f of all) if (!idx.has(f)) visit(f);

if (problems.length > 0) {
  for (const p of problems) console.log(`layout: ${p}`);
  process.exit(1);
}
console.log(
  `layout: ${all.length} files in src/, no cycle, none over ${MAX_LINES} lines, no export * in an entry, ${TOP_LAYERS.join(", ")}/ imported by no lower layer`,
);
