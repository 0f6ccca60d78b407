// Per-request engine cost against the number of transfers in flight, in virtual time: the real Multi
// on the in-memory transport and a manual clock (src/testing), N easy handles kept in flight over N
// keep-alive connections to one scripted HTTP/1.1 origin. Each completion re-adds its handle at once
// (removeHandle + addHandle from the done handler, libcurl's "keep N running" loop), so N stays
// constant. The figure is CPU ns per completed request: wall time of a measured window of requests
// after a warm-up / requests completed. Flat across N means no per-event cost grows with the number of
// transfers (timer tree, socket hash, connection cache, the driver's bookkeeping).
// Run: bun run bench/micro/scale.bench.ts [N ...]   (default 100 1000 10000 50000; each N in its own
// process, three rounds, so one N's heap does not tax the next)

import { heapStats } from "bun:jsc";
import { Easy } from "../../src/easy/easy.ts";
import { makeWorld } from "../../src/testing/index.ts";
import type { PeerSocket } from "../../src/transport/memory/network.ts";

const SIZES = [100, 1_000, 10_000, 50_000];
const ROUNDS = 3;
/** Body bytes per response: a small API reply. */
const BODY = 64;
const RESPONSE = new TextEncoder().encode(
  `HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: application/json\r\nContent-Length: ${BODY}\r\n\r\n${"x".repeat(BODY)}`,
);
const CR = 13;
const LF = 10;

/**
 * The origin: answers each request head (counted by its CRLFCRLF, requests have no body) with the
 * same preallocated response. `peer.received` is emptied on each chunk: the test peer keeps every
 * byte a connection ever received, which would make a long keep-alive connection cost more per
 * request than a short one and tax the small N runs.
 */
function origin(peer: PeerSocket): void {
  let state = 0; // bytes of "\r\n\r\n" matched so far
  peer.onData = (bytes) => {
    peer.received = EMPTY;
    let heads = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === (state & 1 ? LF : CR)) state++;
      else state = b === CR ? 1 : 0;
      if (state === 4) {
        heads++;
        state = 0;
      }
    }
    for (let k = 0; k < heads; k++) peer.write(RESPONSE);
  };
}
const EMPTY = new Uint8Array(0);

interface Row {
  n: number;
  requests: number;
  nsPerRequest: number;
  heapMB: number;
  /** Connections the origin accepted over the whole run (N at best: one per transfer in flight). */
  connections: number;
}

/**
 * Keeps N in flight until `warm` + `measured` + N requests completed and times completions `warm`
 * to `warm + measured`: the window sees N in flight throughout (the drain at the end, where the
 * cache trims its idle connections as the running count falls, is outside it).
 */
function runScale(n: number, warm: number, measured: number): Row {
  const w = makeWorld();
  w.driver.checkInvariants = false; // O(handles) per action: a test aid, not the engine
  w.net.listen("127.0.0.1", 8080, origin);
  const multi = w.multi;
  let done = 0;
  let started = 0;
  let t0 = 0;
  let t1 = 0;
  const total = warm + measured + n;
  let bytes = 0;
  const write = (d: Uint8Array) => {
    bytes += d.length;
    return d.length;
  };
  w.driver.onDone = (easy, result) => {
    if (result !== 0) throw new Error(`transfer failed: ${result}`);
    done++;
    // The driver records every callback as a string for tests' assertions: not an engine cost.
    if ((done & 1023) === 0) w.driver.log.length = 0;
    if (done === warm) t0 = Bun.nanoseconds();
    if (done === warm + measured) t1 = Bun.nanoseconds();
    multi.removeHandle(easy);
    if (started < total) {
      started++;
      multi.addHandle(easy);
    }
  };
  for (let i = 0; i < n; i++) {
    const e = new Easy();
    e.setopt("url", "http://127.0.0.1:8080/item");
    e.setopt("writeFunction", write);
    multi.addHandle(e);
    started++;
  }
  // The driver's run() stops when nothing is running; the done handler keeps N in flight.
  w.driver.run(Number.MAX_SAFE_INTEGER);
  if (done !== total) throw new Error(`N=${n}: ${done} of ${total} requests completed`);
  if (bytes !== total * BODY) throw new Error(`N=${n}: ${bytes} body bytes, want ${total * BODY}`);
  return {
    n,
    requests: measured,
    nsPerRequest: (t1 - t0) / measured,
    heapMB: heapStats().heapSize / 1e6,
    connections: w.net.peers.length,
  };
}

/** Requests timed per run: at least 4 rounds of every handle, and at least 200,000. */
function plan(n: number): { warm: number; measured: number } {
  return { warm: Math.max(2 * n, 20_000), measured: Math.max(4 * n, 200_000) };
}

if (process.argv[2] === "--child") {
  const n = Number(process.argv[3]);
  const p = plan(n);
  console.log(JSON.stringify(runScale(n, p.warm, p.measured)));
} else {
  const sizes = process.argv.length > 2 ? process.argv.slice(2).map(Number) : SIZES;
  const results = new Map<number, number[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const n of sizes) {
      const p = Bun.spawnSync([process.execPath, "run", import.meta.path, "--child", String(n)], {
        stderr: "inherit",
      });
      if (p.exitCode !== 0) throw new Error(`N=${n}: child exited ${p.exitCode}`);
      const row = JSON.parse(p.stdout.toString().trim().split("\n").pop()!) as Row;
      results.set(n, [...(results.get(n) ?? []), row.nsPerRequest]);
      console.log(
        `round ${r + 1} N=${n}: ${row.requests} requests, ${(row.nsPerRequest / 1000).toFixed(2)} us/request, heap ${row.heapMB.toFixed(0)} MB, ${row.connections} connections`,
      );
    }
  }
  const base = Math.min(...(results.get(sizes[0]!) ?? [Number.NaN]));
  console.log(
    `\nus per completed request (min of ${ROUNDS} rounds, all rounds), ratio to N=${sizes[0]}`,
  );
  console.log("| N in flight | us/request (min) | rounds | vs first N |");
  console.log("|---:|---:|---|---:|");
  for (const n of sizes) {
    const v = results.get(n)!;
    const m = Math.min(...v);
    const all = v.map((x) => (x / 1000).toFixed(2)).join(", ");
    console.log(
      `| ${n.toLocaleString("en")} | ${(m / 1000).toFixed(2)} | ${all} | ${(m / base).toFixed(2)} |`,
    );
  }
}
