// Micro benchmark of the HTTP/2 frame layer: parsing what a server sends for 100 small responses,
// and writing the same frames. Run: bun run bench/micro/h2-frames.bench.ts
// (prints mitata's report, a frames/s table and a heap measurement).
//
// Workload: one buffer holding 100 responses on streams 1, 3, ..., 199, each a HEADERS frame (a
// 24-byte block, END_HEADERS) and a DATA frame (1 KiB, END_STREAM): 200 frames, 106,600 bytes.
// The handler does what a session's hot path minimally must: counts bytes per callback and keeps
// nothing (it never reads the payload: this measures framing, not copying bodies out). Three
// ways of feeding the same buffer:
//   - whole: one feed() call (every frame in place: views only);
//   - 16 KiB reads: feed() per 16,384 bytes, as a socket read of a TLS record's worth;
//   - 1,460-byte reads: one TCP segment per feed(): many frames straddle reads, so frame heads
//     and header blocks are copied into the parser's scratch buffer and DATA arrives in pieces.
// Peers: no HTTP/2 frame parser is callable on its own here (Bun's native client and node:http2
// keep theirs inside the session), so the comparison with them belongs to bench/e2e. The
// writer side (the same 200 frames written into a reused OutBuf) is measured alongside.

import { bench, do_not_optimize, run, summary } from "mitata";
import type { FrameHandler } from "../../src/http2/frame-handler.ts";
import { FrameParser } from "../../src/http2/frame-parser.ts";
import { writeData, writeHeaders } from "../../src/http2/frame-writer.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { heapDelta } from "./heap-delta.ts";

const RESPONSES = 100;
const FRAMES = 2 * RESPONSES;
const BODY = new Uint8Array(1024).fill(0x61);
// A plausible HPACK block for ":status 200, content-type, content-length, date" (opaque here).
const BLOCK = new Uint8Array(24).map((_, i) => 0x80 + i);

function writeAll(out: OutBuf): void {
  for (let i = 0; i < RESPONSES; i++) {
    const sid = 2 * i + 1;
    writeHeaders(out, sid, BLOCK, 0, BLOCK.length, false, 16384);
    writeData(out, sid, BODY, 0, BODY.length, true);
  }
}

const wire = new OutBuf(1 << 17);
writeAll(wire);
const input = wire.view().slice();

/** Counts what it is handed and keeps nothing: the floor of any session's work. */
class Sink implements FrameHandler {
  bytes = 0;
  events = 0;
  onDataFrame(): boolean {
    this.events++;
    return true;
  }
  onData(_sid: number, _buf: Uint8Array, start: number, end: number): void {
    this.bytes += end - start;
  }
  onDataEnd(): void {
    this.events++;
  }
  onHeaders(_sid: number, _b: Uint8Array, start: number, end: number): void {
    this.bytes += end - start;
    this.events++;
  }
  onRstStream(): void {}
  onSettings(): void {}
  onPing(): void {}
  onGoaway(): void {}
  onWindowUpdate(): void {}
  onStreamError(): void {}
  onConnectionError(_code: number, detail: string): void {
    throw new Error(detail);
  }
}

const sink = new Sink();
// One parser for every call, as one connection reads many buffers: each call ends on a frame
// boundary, so the parser is back at a frame head when the next call starts.
const parser = new FrameParser(sink);

function parseIn(step: number): number {
  for (let i = 0; i < input.length; i += step) {
    parser.feed(input, i, Math.min(input.length, i + step));
  }
  return sink.bytes;
}

const out = new OutBuf(1 << 17);
function writeOnce(): number {
  out.reset();
  writeAll(out);
  return out.len;
}

const CASES = [
  ["parse, whole buffer", () => parseIn(input.length)],
  ["parse, 16 KiB reads", () => parseIn(16384)],
  ["parse, 1,460-byte reads", () => parseIn(1460)],
  ["write (writeHeaders + writeData)", writeOnce],
] as const;

summary(() => {
  for (const [name, f] of CASES) {
    bench(`${name}: ${FRAMES} frames`, () => do_not_optimize(f()));
  }
});

if (import.meta.main) {
  const res = await run();
  console.log(`\n${input.length} bytes, ${FRAMES} frames per call`);
  console.log("| case | avg per call | frames/s | MB/s |\n|---|---:|---:|---:|");
  for (const t of res.benchmarks) {
    const stats = t.runs[0]?.stats;
    if (!stats) continue;
    const ns = stats.avg;
    const fps = (FRAMES / ns) * 1e9;
    const mbs = (input.length / ns) * 1e3;
    console.log(
      `| ${t.alias} | ${(ns / 1000).toFixed(2)} us | ${(fps / 1e6).toFixed(1)} M | ${mbs.toFixed(0)} |`,
    );
  }
  const base = heapDelta(() => 0, 0);
  for (const [name, f] of CASES) {
    const h = heapDelta(f, 20_000);
    console.log(
      `heap, ${name}, 20,000 calls (${(20_000 * FRAMES).toLocaleString()} frames): ${h.bytes} bytes, ` +
        `${h.objects} objects (0 calls: ${base.bytes} bytes, ${base.objects} objects)`,
    );
  }
}
