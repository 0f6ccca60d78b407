// Tests for the incremental content decoders (src/http/decode.ts) against libcurl's
// lib/content_encoding.c behaviour: every split point, stacking, limits, errors, bombs.

import { describe, expect, test } from "bun:test";
import * as zlib from "node:zlib";
import {
  ALL_ENCODINGS,
  ContentDecoder,
  DECODE_OK,
  MAX_ENCODE_STACK,
} from "../../src/http/decode.ts";
import { mulberry32 as rng } from "../helpers/prng.ts";

const Z = zlib.constants;
const zstdCompress = (zlib as unknown as { zstdCompressSync: (b: Uint8Array) => Uint8Array })
  .zstdCompressSync;

/** Random bytes with some repetition, so every codec emits real back-references. */
function sample(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = i > 16 && r() < 0.4 ? out[i - 1 - Math.floor(r() * 16)]! : Math.floor(r() * 256);
  }
  return out;
}

/** A compressible text-like body built from a small vocabulary. */
function textBody(n: number, seed: number): Uint8Array {
  const r = rng(seed);
  const words = ["alpha ", "beta ", "gamma ", "delta\n", "socket ", "timeout ", "splay ", "curl "];
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const w = words[Math.floor(r() * words.length)]!;
    for (let k = 0; k < w.length && i < n; k++) out[i++] = w.charCodeAt(k);
  }
  return out;
}

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A copy as a plain Uint8Array (Buffer#slice would alias the original). */
function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

const br = (b: Uint8Array, quality = 5) =>
  copy(zlib.brotliCompressSync(b, { params: { [Z.BROTLI_PARAM_QUALITY]: quality } }));

const ENCODERS: Record<string, (b: Uint8Array) => Uint8Array> = {
  gzip: (b) => copy(zlib.gzipSync(b)),
  "x-gzip": (b) => copy(zlib.gzipSync(b)),
  deflate: (b) => copy(zlib.deflateSync(b)),
  "deflate (raw)": (b) => copy(zlib.deflateRawSync(b)),
  br: (b) => br(b),
  zstd: (b) => copy(zstdCompress(b)),
};
const codingOf = (name: string) => (name === "deflate (raw)" ? "deflate" : name);

function decoder(coding: string, te = ""): ContentDecoder {
  const d = ContentDecoder.create(coding, te);
  if (!(d instanceof ContentDecoder)) throw new Error(`create(${coding}) failed: ${d.detail}`);
  return d;
}

/** Collects everything a decoder hands out; checks it against `expected` as it streams. */
class Collector {
  got = 0;
  calls = 0;
  maxPiece = 0;
  mismatch = -1;
  constructor(readonly expected: Uint8Array | null = null) {}
  readonly sink = (b: Uint8Array): number => {
    this.calls++;
    if (b.length > this.maxPiece) this.maxPiece = b.length;
    const e = this.expected;
    if (e && this.mismatch < 0) {
      for (let k = 0; k < b.length; k++) {
        if (b[k] !== e[this.got + k]) {
          this.mismatch = this.got + k;
          break;
        }
      }
    }
    this.got += b.length;
    return 0;
  };
}

/** Feeds `comp` cut at `cuts` (sorted offsets) and returns [rc of first failing call or finish]. */
function run(d: ContentDecoder, comp: Uint8Array, cuts: number[], c: Collector): number {
  let prev = 0;
  for (const cut of [...cuts, comp.length]) {
    const rc = d.push(comp, prev, cut, c.sink);
    if (rc !== DECODE_OK) return rc;
    prev = cut;
  }
  return d.finish(c.sink);
}

test('ALL_ENCODINGS is libcurl\'s list for CURLOPT_ACCEPT_ENCODING ""', () => {
  expect(ALL_ENCODINGS).toBe("deflate, gzip, br, zstd");
  expect(MAX_ENCODE_STACK).toBe(5);
});

describe("round trips", () => {
  const small = sample(200, 7);
  for (const [name, enc] of Object.entries(ENCODERS)) {
    test(`${name}: small input split at every boundary and into single bytes`, () => {
      const comp = enc(small);
      for (let k = 0; k <= comp.length; k++) {
        const c = new Collector(small);
        expect(run(decoder(codingOf(name)), comp, [k], c)).toBe(0);
        expect(c.mismatch).toBe(-1);
        expect(c.got).toBe(small.length);
      }
      const c = new Collector(small);
      const d = decoder(codingOf(name));
      expect(
        run(
          d,
          comp,
          Array.from({ length: comp.length - 1 }, (_, i) => i + 1),
          c,
        ),
      ).toBe(0);
      expect(c.got).toBe(small.length);
      expect(c.mismatch).toBe(-1);
      expect(d.decodedBytes).toBe(small.length);
    });
  }

  const big = textBody(4 << 20, 11);
  const r = rng(99);
  for (const [name, enc] of Object.entries(ENCODERS)) {
    test(`${name}: 4 MiB body at random boundaries, 16 KiB output pieces`, () => {
      const comp = name === "br" ? br(big, 4) : enc(big);
      const cuts: number[] = [];
      for (let at = 0; ; ) {
        at += 1 + Math.floor(r() * 9000);
        if (at >= comp.length) break;
        cuts.push(at);
      }
      const c = new Collector(big);
      const d = decoder(codingOf(name));
      expect(run(d, comp, cuts, c)).toBe(0);
      expect(c.mismatch).toBe(-1);
      expect(c.got).toBe(big.length);
      expect(d.decodedBytes).toBe(big.length);
      expect(c.maxPiece).toBeLessThanOrEqual(16384);
    });
  }

  test("output is delivered during push, before it returns", () => {
    const body = textBody(1 << 20, 5);
    const comp = copy(zlib.gzipSync(body));
    const d = decoder("gzip");
    const c = new Collector(body);
    const half = comp.length >> 1;
    expect(d.push(comp, 0, half, c.sink)).toBe(0);
    // Half the compressed stream already yielded decoded bytes, in many bounded pieces.
    expect(c.got).toBeGreaterThan(body.length / 4);
    expect(c.calls).toBeGreaterThan(8);
    const before = c.calls;
    expect(d.push(comp, half, comp.length, c.sink)).toBe(0);
    expect(c.calls).toBeGreaterThan(before);
    expect(c.got).toBe(body.length);
    expect(c.mismatch).toBe(-1);
  });

  test("empty pushes neither call the sink nor disturb the stream", () => {
    const comp = copy(zlib.gzipSync(small));
    const d = decoder("gzip");
    const c = new Collector(small);
    expect(d.push(comp, 5, 5, c.sink)).toBe(0);
    expect(c.calls).toBe(0);
    expect(run(d, comp, [3, 3, 40], c)).toBe(0);
    expect(c.got).toBe(small.length);
  });
});

describe("stacking", () => {
  const body = sample(5000, 3);
  test('"deflate, gzip" undoes gzip first, then deflate', () => {
    const comp = copy(zlib.gzipSync(zlib.deflateSync(body)));
    const c = new Collector(body);
    const d = decoder("deflate, gzip");
    expect(d.depth).toBe(2);
    expect(run(d, comp, [1, 17, 300], c)).toBe(0);
    expect(c.got).toBe(body.length);
    expect(c.mismatch).toBe(-1);
    // The reverse order cannot decode it: the outer layer is gzip, not zlib.
    const wrong = decoder("gzip, deflate");
    const c2 = new Collector();
    expect(run(wrong, comp, [], c2)).toBe(61);
  });

  test("four codings deep, with blanks and empty list items", () => {
    const comp = copy(zstdCompress(br(copy(zlib.gzipSync(zlib.deflateRawSync(body))))));
    const c = new Collector(body);
    const d = decoder(" deflate ,,\tGZIP,br ,  zstd");
    expect(d.depth).toBe(4);
    const cuts = Array.from({ length: comp.length - 1 }, (_, i) => i + 1);
    expect(run(d, comp, cuts, c)).toBe(0);
    expect(c.got).toBe(body.length);
    expect(c.mismatch).toBe(-1);
  });

  test("transfer codings are undone before content codings; chunked is left to the parser", () => {
    const comp = copy(zlib.deflateSync(zlib.gzipSync(body)));
    const c = new Collector(body);
    const d = decoder("gzip", "deflate, chunked");
    expect(d.depth).toBe(2);
    expect(run(d, comp, [100], c)).toBe(0);
    expect(c.got).toBe(body.length);
    expect(c.mismatch).toBe(-1);
  });

  test("identity, none and an empty list pass bytes through unchanged", () => {
    for (const coding of ["", "identity", "None", "identity, identity"]) {
      const d = decoder(coding);
      const c = new Collector(body);
      expect(run(d, body, [1, 999, 4000], c)).toBe(0);
      expect(c.got).toBe(body.length);
      expect(c.mismatch).toBe(-1);
    }
  });

  test(`at most ${MAX_ENCODE_STACK} codings per phase (libcurl MAX_ENCODE_STACK)`, () => {
    expect(decoder("identity, gzip, identity, identity, deflate").depth).toBe(5);
    expect(ContentDecoder.create("gzip, identity, identity, identity, identity, identity")).toEqual(
      {
        error: 61,
        detail: "Reject response exceeding limit of 5 content encodings",
      },
    );
    expect(ContentDecoder.create("gzip", "gzip, gzip, gzip, gzip, gzip, chunked")).toEqual({
      error: 61,
      detail: "Reject response exceeding limit of 5 transfer encodings",
    });
    // Each phase has its own limit.
    expect(decoder("gzip, gzip, gzip, gzip, gzip", "gzip, chunked").depth).toBe(6);
  });
});

describe("errors, as libcurl reports them", () => {
  const body = sample(3000, 21);

  test("unknown coding: 61 'Unrecognized content encoding type' on the first body byte", () => {
    const d = decoder("compress");
    expect(d.finish(() => 0)).toBe(0); // no body, no error (libcurl defers it)
    const d2 = decoder("gzip, x-compress");
    const c = new Collector();
    expect(d2.push(new Uint8Array([1, 2, 3]), 0, 3, c.sink)).toBe(61);
    expect(d2.detail).toBe("Unrecognized content encoding type");
    expect(c.calls).toBe(0);
    expect(d2.push(new Uint8Array([1]), 0, 1, c.sink)).toBe(61);
  });

  test("gzip: bad header, corrupt data and bad CRC are 61 with zlib's message", () => {
    const comp = copy(zlib.gzipSync(body));
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0x1f, 0x8c, 8, 0, 0, 0, 0, 0, 0, 3]), "incorrect header check"],
      [cat(comp.subarray(0, 10), new Uint8Array([0xff, 0xff, 0xff])), "invalid block type"],
    ];
    const badCrc = copy(comp);
    badCrc[badCrc.length - 8]! ^= 0x55;
    cases.push([badCrc, "incorrect data check"]);
    for (const [bytes, msg] of cases) {
      const d = decoder("gzip");
      expect(run(d, bytes, [], new Collector())).toBe(61);
      expect(d.detail).toBe(`Error while processing content unencoding: ${msg}`);
    }
  });

  test("deflate: raw data is accepted (libcurl's fallback), garbage is not", () => {
    const d = decoder("deflate");
    expect(run(d, new Uint8Array([0xff, 0xff, 0xff, 0xff]), [], new Collector())).toBe(61);
    expect(d.detail).toBe("Error while processing content unencoding: invalid block type");
    // No fallback once zlib-wrapped output started: a stored block "hello", then a bad block.
    const wrapped = new Uint8Array([
      0x78, 0x9c, 0, 5, 0, 0xfa, 0xff, 104, 101, 108, 108, 111, 0xff,
    ]);
    const d2 = decoder("deflate");
    const c = new Collector();
    expect(run(d2, wrapped, [12], c)).toBe(61);
    expect(c.got).toBe(5);
    expect(d2.detail).toBe("Error while processing content unencoding: invalid block type");
  });

  test("br and zstd: corrupt data is 61 (libcurl adds no message)", () => {
    const b = br(body);
    b.fill(0x00, 4, 12);
    b[0] = 0xff;
    const d = decoder("br");
    expect(run(d, b, [], new Collector())).toBe(61);
    // libcurl's brotli_map_error leaves FORMAT_RESERVED out of its list: CURLE_WRITE_ERROR.
    // 0x1c: window 16, not last, metadata block, reserved bit set.
    expect(run(decoder("br"), new Uint8Array([0x1c, 0, 0]), [], new Collector())).toBe(23);
    const d2 = decoder("zstd");
    expect(run(d2, new Uint8Array([0x28, 0xb5, 0x2f, 0xfe, 1, 2, 3, 4]), [], new Collector())).toBe(
      61,
    );
  });

  test("truncated streams end with CURLE_OK and the bytes decoded so far", () => {
    const big = textBody(300000, 8);
    for (const [name, enc] of Object.entries(ENCODERS)) {
      const comp = enc(big);
      const cut = comp.subarray(0, comp.length - (comp.length >> 2));
      const c = new Collector(big);
      const d = decoder(codingOf(name));
      expect(run(d, cut, [100], c)).toBe(0);
      expect(c.mismatch).toBe(-1);
      expect(c.got).toBeGreaterThan(0);
      expect(c.got).toBeLessThan(big.length);
    }
  });

  test("bytes after the end of the stream: libcurl's trailer rules", () => {
    const gz = copy(zlib.gzipSync(body));
    const junk = new Uint8Array([1, 2, 3, 4, 5]);
    // gzip + garbage: CURLE_WRITE_ERROR, in the same piece or a later one.
    for (const cuts of [[], [gz.length]]) {
      const d = decoder("gzip");
      const c = new Collector(body);
      expect(run(d, cat(gz, junk), cuts, c)).toBe(23);
      expect(c.got).toBe(body.length);
    }
    const multi = decoder("gzip");
    expect(run(multi, cat(gz, gz), [], new Collector())).toBe(23);
    expect(multi.detail).toBe("Multi-member gzip response not supported");
    // Raw deflate tolerates 4 trailing bytes (even split up), not 5; zlib-wrapped none.
    const raw = copy(zlib.deflateRawSync(body));
    expect(
      run(decoder("deflate"), cat(raw, junk.subarray(0, 4)), [raw.length + 2], new Collector()),
    ).toBe(0);
    expect(run(decoder("deflate"), cat(raw, junk), [], new Collector())).toBe(23);
    const wrapped = copy(zlib.deflateSync(body));
    expect(run(decoder("deflate"), cat(wrapped, junk.subarray(0, 1)), [], new Collector())).toBe(
      23,
    );
    // br: data after the end is a write error; zstd reads it as the next frame.
    const b = br(body);
    expect(run(decoder("br"), cat(b, junk), [], new Collector())).toBe(23);
    expect(run(decoder("br"), cat(b, junk), [b.length], new Collector())).toBe(23);
    const zs = copy(zstdCompress(body));
    const c2 = new Collector(cat(body, body));
    expect(run(decoder("zstd"), cat(zs, zs), [zs.length + 3], c2)).toBe(0);
    expect(c2.got).toBe(2 * body.length);
    expect(c2.mismatch).toBe(-1);
    expect(run(decoder("zstd"), cat(zs, junk), [], new Collector())).toBe(61);
  });

  test("a sink's code stops push at once and sticks", () => {
    const comp = copy(zlib.gzipSync(textBody(1 << 20, 4)));
    const d = decoder("identity, gzip");
    let calls = 0;
    const sink = () => (++calls === 3 ? 23 : 0);
    expect(d.push(comp, 0, comp.length, sink)).toBe(23);
    expect(calls).toBe(3);
    expect(d.push(comp, 0, 1, sink)).toBe(23);
    expect(d.finish(sink)).toBe(23);
    expect(calls).toBe(3);
  });
});

/** gzip of 1 GiB of zeros (~1 MiB), built from one full-flushed 1 MiB segment repeated. */
function gzipBomb(): { bomb: Uint8Array; size: number } {
  const zeros = new Uint8Array(1 << 20);
  const seg = copy(zlib.deflateRawSync(zeros, { finishFlush: Z.Z_FULL_FLUSH }));
  const reps = 1024;
  const header = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  const bomb = new Uint8Array(header.length + seg.length * reps + 2 + 8);
  bomb.set(header);
  let o = header.length;
  for (let i = 0; i < reps; i++, o += seg.length) bomb.set(seg, o);
  bomb[o++] = 0x03; // final, fixed-Huffman, empty block
  bomb[o++] = 0x00;
  let crc = 0;
  const crc32 = (zlib as unknown as { crc32: (b: Uint8Array, v: number) => number }).crc32;
  for (let i = 0; i < reps; i++) crc = crc32(zeros, crc);
  const view = new DataView(bomb.buffer);
  view.setUint32(o, crc >>> 0, true);
  view.setUint32(o + 4, (reps << 20) >>> 0, true);
  return { bomb, size: reps << 20 };
}

test("decompression bomb: the sink's 63 stops it after 10 MiB, memory stays bounded", () => {
  const { bomb, size } = gzipBomb();
  expect(bomb.length).toBeLessThan(2 << 20);
  expect(size).toBe(1 << 30);
  Bun.gc(true);
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const limit = 10 << 20;
  const d = decoder("gzip");
  let got = 0;
  let overLimitCalls = 0;
  const sink = (b: Uint8Array) => {
    got += b.length;
    if (got > limit) {
      overLimitCalls++;
      return 63;
    }
    return 0;
  };
  let rc = 0;
  let pushes = 0;
  for (let at = 0; at < bomb.length && rc === 0; at += 4096, pushes++) {
    rc = d.push(bomb, at, Math.min(bomb.length, at + 4096), sink);
  }
  const ms = performance.now() - t0;
  const grew = process.memoryUsage().rss - rss0;
  expect(rc).toBe(63);
  expect(overLimitCalls).toBe(1);
  expect(got).toBeLessThanOrEqual(limit + 16384);
  expect(d.decodedBytes).toBe(got);
  expect(pushes).toBeLessThan(20); // ~10 KiB of input held 10 MiB of output
  expect(ms).toBeLessThan(1000);
  expect(grew).toBeLessThan(50 << 20);
  // The bomb itself is a valid stream: the whole of it decodes to `size` zeros.
  const all = decoder("gzip");
  let total = 0;
  const t1 = performance.now();
  const countAll = (b: Uint8Array) => {
    total += b.length;
    return 0;
  };
  expect(all.push(bomb, 0, bomb.length, countAll)).toBe(0);
  expect(total).toBe(size);
  expect(process.memoryUsage().rss - rss0).toBeLessThan(50 << 20);
  console.log(
    `bomb: stop after ${(got / 1048576).toFixed(2)} MiB in ${ms.toFixed(1)} ms, rss +${(grew / 1048576).toFixed(1)} MiB; full 1 GiB in ${(performance.now() - t1).toFixed(0)} ms`,
  );
});
