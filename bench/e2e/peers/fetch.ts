// e2e peer: Bun's fetch, CONCURRENCY loops each awaiting one request at a time. Bun's own defaults
// apply (as for any user): at most 256 requests in flight unless BUN_CONFIG_MAX_HTTP_REQUESTS says more.
// --http 2: `protocol: "http2"` (ALPN offers only h2; a server without it fails the request, so no
// reply can come over HTTP/1.1); --http 1.1: `protocol: "http1.1"`; --ca: `tls: { ca }` with the file's
// PEM, so the certificate is verified against the test CA.

import { readFileSync } from "node:fs";
import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
const init: BunFetchRequestInit | undefined =
  args.http === undefined && args.ca === undefined
    ? undefined
    : {
        ...(args.http === "2" ? { protocol: "http2" as const } : {}),
        ...(args.http === "1.1" ? { protocol: "http1.1" as const } : {}),
        ...(args.ca !== undefined ? { tls: { ca: readFileSync(args.ca, "utf8") } } : {}),
      };
const meter = new Meter(args);
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
/** The first failure's message (stderr, for a debug run; the row only counts failures). */
let firstError = "";
async function loop(): Promise<void> {
  while (started < total) {
    started++;
    try {
      const r = await fetch(url, init);
      const b = await r.arrayBuffer();
      bytes += b.byteLength;
      if (r.status === 200) ok++;
      else failed++;
    } catch (e) {
      if (firstError === "") firstError = String(e);
      failed++;
    }
    meter.completed(ok + failed, ok, bytes);
  }
}
meter.begin();
await Promise.all(Array.from({ length: concurrency }, loop));
if (firstError !== "") console.error(`first failure: ${firstError}`);
report(meter.end(ok, failed, bytes));
process.exit(0);
