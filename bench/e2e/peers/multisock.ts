// e2e peer: multisock with BunDriver, a steady number of transfers in flight.
// With --http 2 --ca FILE (the h2 rows): HTTP/2 over TLS, multiplexed (see protocolOptions in feed.ts);
// with --http 1.1 --ca FILE: HTTP/1.1 over the same TLS origin. "Concurrency" is always transfers in
// flight, not connections: the engine decides how many connections carry them.

import { BunDriver, Multi } from "../../../src/index.ts";
import { Meter, peerArgs, refuse, report } from "./common.ts";
import { Feeder, protocolOptions, refusedOptions } from "./feed.ts";

const args = peerArgs();
const multi = new Multi();
const meter = new Meter(args);
const proto = protocolOptions(args);
const refused = refusedOptions(multi, proto.easy, proto.multi);
if (refused.length > 0) refuse(`the engine refused ${refused.join("; ")}`);
const feed = new Feeder(multi, args.url, args.total, meter, proto.easy, proto.version);
const driver = new BunDriver(multi, { onDone: (e, result) => feed.done(e, result) });
meter.begin();
for (let i = 0; i < args.concurrency; i++) feed.next();
await driver.run();
const r = meter.end(feed.ok, feed.failed, feed.bytes);
report(proto.version === 0 ? r : { ...r, otherProto: feed.otherProto });
process.exit(0);
