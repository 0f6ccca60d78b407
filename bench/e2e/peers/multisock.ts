// e2e peer: multisock with BunDriver, a steady number of transfers in flight.

import { BunDriver, CURLE_OK, Easy, Multi } from "../../../src/index.ts";
import { peerArgs, report, sampler } from "./common.ts";

const { url, total, concurrency } = peerArgs();
const multi = new Multi();
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
const write = (d: Uint8Array) => {
  bytes += d.length;
  return d.length;
};
// Handles are reused (curl_easy_reset is not needed: same options), as a libcurl application would.
const idle: Easy[] = [];
function next(): void {
  if (started >= total) return;
  started++;
  let e = idle.pop();
  if (e === undefined) {
    e = new Easy();
    e.setopt("url", url);
    e.setopt("writeFunction", write);
  }
  multi.addHandle(e);
}
const driver = new BunDriver(multi, {
  onDone(e, result) {
    if (result === CURLE_OK) ok++;
    else failed++;
    multi.removeHandle(e);
    idle.push(e);
    next();
  },
});
const stop = sampler();
const t0 = performance.now();
for (let i = 0; i < concurrency; i++) next();
await driver.run();
const secs = (performance.now() - t0) / 1000;
report({ ok, failed, bytes, secs, ...stop() });
process.exit(0);
