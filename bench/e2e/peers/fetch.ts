// e2e peer: Bun's fetch, CONCURRENCY loops each awaiting one request at a time.

import { peerArgs, report, sampler } from "./common.ts";

const { url, total, concurrency } = peerArgs();
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
      if (r.ok) ok++;
      else failed++;
    } catch {
      failed++;
    }
  }
}
const stop = sampler();
const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, loop));
const secs = (performance.now() - t0) / 1000;
report({ ok, failed, bytes, secs, ...stop() });
process.exit(0);
