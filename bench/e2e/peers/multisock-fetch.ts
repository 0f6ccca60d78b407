// e2e peer: multisock's fetch(), written as a user of fetch writes it: CONCURRENCY loops each awaiting
// one request at a time and reading its body with arrayBuffer(), on the shared Multi and BunDriver.
// --http 2 / --http 1.1 with --ca: the extras { caInfo, httpVersion } (CURL_HTTP_VERSION_2TLS or 1_1),
// and every 200 reply's CURLINFO_HTTP_VERSION is checked (otherProto), as the multisock peer does.

import {
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2TLS,
  CURLINFO_HTTP_VERSION,
  type FetchExtras,
  fetch,
} from "../../../src/index.ts";
import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
const extras: FetchExtras | undefined =
  args.http === undefined && args.ca === undefined
    ? undefined
    : {
        ...(args.ca !== undefined ? { caInfo: args.ca } : {}),
        ...(args.http === "2" ? { httpVersion: CURL_HTTP_VERSION_2TLS } : {}),
        ...(args.http === "1.1" ? { httpVersion: CURL_HTTP_VERSION_1_1 } : {}),
      };
const want =
  args.http === "2" ? CURL_HTTP_VERSION_2_0 : args.http === "1.1" ? CURL_HTTP_VERSION_1_1 : 0;
const meter = new Meter(args);
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
let otherProto = 0;
let firstError = "";
async function loop(): Promise<void> {
  while (started < total) {
    started++;
    try {
      const r = await fetch(url, undefined, extras);
      const b = await r.arrayBuffer();
      bytes += b.byteLength;
      if (r.status === 200) {
        ok++;
        if (want !== 0 && r.easy.getinfo(CURLINFO_HTTP_VERSION as never) !== want) otherProto++;
      } else failed++;
    } catch (e) {
      if (firstError === "") firstError = `${e} ${(e as Error).cause ?? ""}`;
      failed++;
    }
    meter.completed(ok + failed, ok, bytes);
  }
}
meter.begin();
await Promise.all(Array.from({ length: concurrency }, loop));
if (firstError !== "") console.error(`first failure: ${firstError}`);
const r = meter.end(ok, failed, bytes);
report(want === 0 ? r : { ...r, otherProto });
process.exit(0);
