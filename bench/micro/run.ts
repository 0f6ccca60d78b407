// Runs every micro benchmark (bench/micro/*.bench.ts) in turn, each in its own Bun process so that
// one's heap and JIT state do not colour the next. `bun run bench:micro` (package.json) runs this.
// Usage: bun run bench/micro/run.ts [name-filter ...]   e.g. `... timer parser` runs those two.
// Exits non-zero if any benchmark fails; the others still run.

import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dir;
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();
if (files.length === 0) {
  console.error(`bench:micro: no bench/micro/*.bench.ts matches ${filters.join(" ")}`);
  process.exit(2);
}
const failed: string[] = [];
for (const f of files) {
  console.log(`\n=== bench/micro/${f} ===\n`);
  const t0 = performance.now();
  const p = Bun.spawnSync([process.execPath, "run", join(dir, f)], {
    stdio: ["inherit", "inherit", "inherit"],
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`\n=== ${f}: exit ${p.exitCode} in ${s} s ===`);
  if (p.exitCode !== 0) failed.push(f);
}
if (failed.length > 0) {
  console.error(`bench:micro: failed: ${failed.join(", ")}`);
  process.exit(1);
}
