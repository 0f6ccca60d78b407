// e2e peer: undici's Pool (connections = concurrency) under Node, CONCURRENCY loops each awaiting one
// pool.request() at a time and counting the body's chunks. Plain JS so Node runs it as is:
//   node --expose-gc bench/e2e/peers/undici.mjs URL TOTAL CONCURRENCY [heap] [--http 2] [--ca FILE]
//     [--warmup N]   (the timed window opens when N transfers have finished, as in peers/common.ts)
// --http 2 (the h2 rows): a Pool with allowH2: true, maxConcurrentStreams 100 and no connection limit:
// undici probes ALPN on one connection, multiplexes up to 100 streams on each h2 connection and opens
// another when all are full. --ca: connect: { ca } with the file's PEM (the certificate is verified).
// The installed undici may need a newer Node than the machine's (undici 8 wants Node >= 22.19 and fails
// to load its index under Node 20 only for zstd and web-cache pieces): then the Pool and its request API
// are loaded from their own modules, which is the same client code.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import zlib from "node:zlib";

const argv = process.argv.slice(2);
const flagValue = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  return argv.splice(i, 2)[1];
};
const http = flagValue("--http");
const caFile = flagValue("--ca");
const warmup = Number(flagValue("--warmup") ?? 0);
const [url, totalArg, concArg, heapArg] = argv;
if (!url || !totalArg || !concArg || (http !== undefined && http !== "2")) {
  console.error(
    "usage: node undici.mjs URL TOTAL CONCURRENCY [heap] [--http 2] [--ca FILE] [--warmup N]",
  );
  process.exit(2);
}
const total = Number(totalArg);
const concurrency = Number(concArg);
const measureHeap = heapArg === "heap";

const require = createRequire(import.meta.url);
let Pool;
let loadedBy = "index";
try {
  ({ Pool } = require("undici"));
} catch {
  loadedBy = "modules";
  // Never called for our plain responses (no Content-Encoding): only has to exist at load time.
  if (!zlib.createZstdDecompress) {
    zlib.createZstdDecompress = () => {
      throw new Error("zstd is not available in this Node");
    };
  }
  Pool = require("undici/lib/dispatcher/pool.js");
  const Dispatcher = require("undici/lib/dispatcher/dispatcher.js");
  Object.assign(Dispatcher.prototype, require("undici/lib/api/index.js"));
}

const u = new URL(url);
const h2 = http === "2";
const pool = new Pool(u.origin, {
  connections: h2 ? null : concurrency,
  pipelining: 1,
  keepAliveTimeout: 600_000,
  keepAliveMaxTimeout: 600_000,
  ...(h2 ? { allowH2: true, maxConcurrentStreams: 100 } : {}),
  ...(caFile !== undefined ? { connect: { ca: readFileSync(caFile, "utf8") } } : {}),
});
const path = u.pathname + u.search;

function liveHeap() {
  if (typeof globalThis.gc === "function") globalThis.gc();
  return process.memoryUsage().heapUsed;
}

let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
let pause = 0;
let heap = 0;
let heapBase = 0;
let rss = 0;
const mid = measureHeap ? Math.floor(total / 2) : -1;
/** The timed window's start: time, counts and pause so far (at: -1 until the warm-up is over). */
const warm = { at: -1, ok: 0, failed: 0, bytes: 0, pause: 0 };
function completed(n) {
  if (warmup > 0 && warm.at < 0 && n >= warmup) {
    warm.at = performance.now();
    warm.ok = ok;
    warm.failed = failed;
    warm.bytes = bytes;
    warm.pause = pause;
  }
  if (n !== mid) return;
  const t = performance.now();
  heap = liveHeap();
  pause += performance.now() - t;
}

async function loop() {
  while (started < total) {
    started++;
    try {
      const { statusCode, body } = await pool.request({ path, method: "GET" });
      for await (const chunk of body) bytes += chunk.length;
      if (statusCode === 200) ok++;
      else failed++;
    } catch {
      failed++;
    }
    completed(ok + failed);
  }
}

if (measureHeap) heapBase = liveHeap();
const sample = () => {
  const r = process.memoryUsage.rss();
  if (r > rss) rss = r;
};
const timer = setInterval(sample, 50);
const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, loop));
const tEnd = performance.now();
const secs = (tEnd - t0 - pause) / 1000;
clearInterval(timer);
sample();
rss = Math.max(rss, process.resourceUsage().maxRSS * 1024);
const timed =
  warm.at < 0
    ? undefined
    : {
        ok: ok - warm.ok,
        failed: failed - warm.failed,
        bytes: bytes - warm.bytes,
        secs: (tEnd - warm.at - (pause - warm.pause)) / 1000,
      };
console.log(JSON.stringify({ ok, failed, bytes, secs, rss, heap, heapBase, loadedBy, timed }));
process.exit(0);
