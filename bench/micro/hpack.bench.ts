// Micro benchmark of HPACK on the request/response path of the HTTP/2 benchmark:
//   - encode: a typical request block, for the 2nd..Nth time on one connection (warm table: every
//     field is an index), HpackEncoder.begin + 6 field() calls into a reused OutBuf;
//   - decode nginx-style: a typical nginx response block as nginx writes it (static name indexes,
//     Huffman values, "incremental indexing" every time, accept-ranges as a literal name without
//     indexing), decoded again and again: the table stays full and evicts on every block;
//   - decode indexed: the same response as our own encoder sends it the 2nd time (all indexes);
//   - huffmanDecode of one date value (29 chars) on its own.
// Run: bun run bench/micro/hpack.bench.ts   (prints mitata's report, an ns/op table, heap deltas)

import { bench, do_not_optimize, run } from "mitata";
import { HpackDecoder } from "../../src/http2/hpack/decoder.ts";
import { HpackEncoder } from "../../src/http2/hpack/encoder.ts";
import {
  huffmanDecode,
  huffmanEncode,
  huffmanEncodedLength,
} from "../../src/http2/hpack/huffman.ts";
import { encodeInt } from "../../src/http2/hpack/integer.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { heapDelta } from "./heap-delta.ts";

/** Blocks per benchmark call; mitata's per-call time / BATCH = ns per block. */
const BATCH = 256;

const REQUEST: readonly (readonly [string, string])[] = [
  [":method", "GET"],
  [":scheme", "https"],
  [":authority", "127.0.0.1:8443"],
  [":path", "/bytes/1024"],
  ["user-agent", "x"],
  ["accept", "*/*"],
];

const DATE = "Mon, 21 Oct 2013 20:13:21 GMT";
const RESPONSE: readonly (readonly [string, string])[] = [
  [":status", "200"],
  ["server", "nginx"],
  ["date", DATE],
  ["content-type", "application/octet-stream"],
  ["content-length", "1024"],
  ["last-modified", "Sat, 19 Oct 2013 10:00:00 GMT"],
  ["accept-ranges", "bytes"],
];

function huffmanString(out: OutBuf, s: string): void {
  encodeInt(out, 0x80, 7, huffmanEncodedLength(s));
  huffmanEncode(s, out);
}

/** The response as nginx writes it (ngx_http_v2_filter_module). */
function nginxBlock(): Uint8Array {
  const out = new OutBuf(256);
  out.u8(0x88); // :status 200, static index 8
  const staticName: [number, string][] = [
    [54, "nginx"],
    [33, DATE],
    [31, "application/octet-stream"],
    [28, "1024"],
    [44, "Sat, 19 Oct 2013 10:00:00 GMT"],
  ];
  for (const [index, value] of staticName) {
    encodeInt(out, 0x40, 6, index);
    huffmanString(out, value);
  }
  out.u8(0x00);
  huffmanString(out, "accept-ranges");
  huffmanString(out, "bytes");
  return out.view().slice();
}

// Encoder peer: warm (the first block added the four non-static fields).
const enc = new HpackEncoder();
const encOut = new OutBuf(256);
function encodeRequest(): void {
  encOut.reset();
  enc.begin(encOut);
  for (let i = 0; i < REQUEST.length; i++) enc.field(encOut, REQUEST[i]![0], REQUEST[i]![1]);
}
encodeRequest(); // the first block: literals, which add four entries
const firstRequestBytes = encOut.len;
encodeRequest();

// Decoder peers. onField sums lengths: a consumer that touches each string, without allocating.
let sink = 0;
function onField(name: string, value: string): void {
  sink += name.length + value.length;
}
const nginx = nginxBlock();
const decNginx = new HpackDecoder();
function decodeNginx(): void {
  const err = decNginx.decode(nginx, 0, nginx.length, onField);
  if (err !== "") throw new Error(err);
}

const respEnc = new HpackEncoder();
const respOut = new OutBuf(256);
const decIndexed = new HpackDecoder();
for (let k = 0; k < 2; k++) {
  respOut.reset();
  respEnc.begin(respOut);
  for (const [n, v] of RESPONSE) respEnc.field(respOut, n, v);
  const b = respOut.view();
  if (decIndexed.decode(b, 0, b.length, onField) !== "") throw new Error("warm-up decode");
}
const indexed = respOut.view().slice();
function decodeIndexed(): void {
  const err = decIndexed.decode(indexed, 0, indexed.length, onField);
  if (err !== "") throw new Error(err);
}

const dateCode = (() => {
  const o = new OutBuf(64);
  huffmanEncode(DATE, o);
  return o.view().slice();
})();

const PEERS: readonly [string, () => void][] = [
  [
    `encode request (${encOut.len} bytes, warm; ${firstRequestBytes} the first time)`,
    encodeRequest,
  ],
  [`decode nginx-style response (${nginx.length} bytes)`, decodeNginx],
  [`decode indexed response (${indexed.length} bytes, warm)`, decodeIndexed],
  [
    `huffmanDecode date (${dateCode.length} bytes)`,
    () => {
      sink += huffmanDecode(dateCode, 0, dateCode.length)!.length;
    },
  ],
];

function batch(f: () => void): () => number {
  return () => {
    for (let k = 0; k < BATCH; k++) f();
    return sink;
  };
}

for (const [name, f] of PEERS) bench(name, batch(f));

/** Heap growth over `ops` more calls of the warmed-up `f` (heap-delta.ts; `sink` keeps its work). */
function heapOps(f: () => void, ops: number): { bytes: number; objects: number } {
  const d = heapDelta(() => {
    f();
    return 0;
  }, ops);
  do_not_optimize(sink);
  return d;
}

if (import.meta.main) {
  const res = await run();
  // Bytes per block: mitata's heap column (bun:jsc memoryUsage().current, before and after each
  // sample) / BATCH. Coarse (allocator pages): below ~2 bytes per block means nothing allocated.
  console.log(
    `\nper block: mitata avg and p50 per call / ${BATCH}; bytes = mitata heap avg / ${BATCH}`,
  );
  console.log("| operation | avg ns | p50 ns | bytes |\n|---|---:|---:|---:|");
  for (const t of res.benchmarks) {
    const st = t.runs[0]?.stats as { avg: number; p50: number; heap?: { avg: number } } | undefined;
    if (!st) continue;
    const bytes = st.heap ? (st.heap.avg / BATCH).toFixed(1) : "n/a";
    console.log(
      `| ${t.alias} | ${(st.avg / BATCH).toFixed(1)} | ${(st.p50 / BATCH).toFixed(1)} | ${bytes} |`,
    );
  }
  // Live heap after 1,000,000 more blocks, between full GCs: what stays (a leak would show here;
  // the decoded strings are garbage and go).
  for (const [name, f] of PEERS) {
    const base = heapOps(f, 0);
    const h = heapOps(f, 1_000_000);
    console.log(
      `heap, 1,000,000 x ${name}: ${h.bytes - base.bytes} bytes, ${h.objects - base.objects} objects (net of the 0-op baseline)`,
    );
  }
}
