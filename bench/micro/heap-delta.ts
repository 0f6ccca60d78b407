// The heap measurement the micro benchmarks share: what `calls` more calls of a warmed-up function
// leave on the JS heap, between two full GCs. Take it with calls = 0 on the same function too:
// heapStats() itself leaves ~30 KB / ~300 objects, the baseline to subtract. Keep one live subject
// for both readings, so no other one can be freed between them (JSC scans the stack conservatively:
// a dead one may survive one GC and not the next).

import { heapStats } from "bun:jsc";
import { do_not_optimize } from "mitata";

export function heapDelta(f: () => number, calls: number): { bytes: number; objects: number } {
  Bun.gc(true);
  const a = heapStats();
  let x = 0;
  for (let k = 0; k < calls; k++) x += f();
  do_not_optimize(x);
  Bun.gc(true);
  const b = heapStats();
  return { bytes: b.heapSize - a.heapSize, objects: b.objectCount - a.objectCount };
}
