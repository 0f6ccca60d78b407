// e2e peer: multisock with BunDriver, a steady number of transfers in flight.

import { BunDriver, Multi } from "../../../src/index.ts";
import { Meter, peerArgs, report } from "./common.ts";
import { Feeder } from "./feed.ts";

const args = peerArgs();
const multi = new Multi();
const meter = new Meter(args);
const feed = new Feeder(multi, args.url, args.total, meter);
const driver = new BunDriver(multi, { onDone: (e, result) => feed.done(e, result) });
meter.begin();
for (let i = 0; i < args.concurrency; i++) feed.next();
await driver.run();
report(meter.end(feed.ok, feed.failed, feed.bytes));
process.exit(0);
