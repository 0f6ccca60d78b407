// e2e peer: multisock/workers, a WorkerPool of --workers N threads (each its own Multi + BunDriver),
// CONCURRENCY transfers in flight in all (CONCURRENCY / N per worker), results streamed back in
// batches. Timed from the first request, once every worker has loaded (pool.ready()).
//   bun bench/e2e/peers/multisock-workers.ts URL TOTAL CONCURRENCY [heap] --workers N

import { WorkerPool } from "../../../src/workers/index.ts";
import { Meter, peerArgs, refuse, report } from "./common.ts";

// --workers N is this peer's own: taken out before the shared parser sees the arguments.
const at = process.argv.indexOf("--workers");
const workers = at < 0 ? 1 : Number(process.argv[at + 1]);
if (at >= 0) process.argv.splice(at, 2);
if (!Number.isInteger(workers) || workers < 1) refuse(`--workers wants a positive integer`);
const args = peerArgs();
if (args.http !== undefined || args.ca !== undefined)
  refuse("the workers peer runs the h1 rows only");

const pool = new WorkerPool({
  workers,
  maxConcurrentPerWorker: Math.ceil(args.concurrency / workers),
});
await pool.ready();
const meter = new Meter(args);
const urls = new Array<string>(args.total).fill(args.url);
let ok = 0;
let failed = 0;
let bytes = 0;
meter.begin();
for await (const b of pool.stream(urls)) {
  for (let i = 0; i < b.length; i++) {
    if (b.code[i] === 0 && b.responseCode[i] === 200) ok++;
    else failed++;
    bytes += b.bodySize[i]!;
  }
  meter.completed(ok + failed, ok, bytes);
}
const r = meter.end(ok, failed, bytes);
await pool.close();
report(r);
process.exit(0);
