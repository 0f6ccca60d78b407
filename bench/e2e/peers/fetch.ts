// e2e peer: Bun's fetch, CONCURRENCY loops each awaiting one request at a time. Bun's own defaults
// apply (as for any user): at most 256 requests in flight unless BUN_CONFIG_MAX_HTTP_REQUESTS says more.

import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
const meter = new Meter(args);
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
async function loop(): Promise<void> {
  while (started < total) {
    started++;
    try {
      const r = await fetch(url);
      const b = await r.arrayBuffer();
      bytes += b.byteLength;
      if (r.status === 200) ok++;
      else failed++;
    } catch {
      failed++;
    }
    meter.completed(ok + failed);
  }
}
meter.begin();
await Promise.all(Array.from({ length: concurrency }, loop));
report(meter.end(ok, failed, bytes));
process.exit(0);
