// e2e peer: multisock with BunDriver, a steady number of transfers in flight.

import { BunDriver, CURLE_OK, Easy, Multi } from "../../../src/index.ts";
import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
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
const meter = new Meter(args);
const driver = new BunDriver(multi, {
  onDone(e, result) {
    if (result === CURLE_OK && e.getinfo("responseCode") === 200) ok++;
    else failed++;
    meter.completed(ok + failed);
    multi.removeHandle(e);
    idle.push(e);
    next();
  },
});
meter.begin();
for (let i = 0; i < concurrency; i++) next();
await driver.run();
report(meter.end(ok, failed, bytes));
process.exit(0);
