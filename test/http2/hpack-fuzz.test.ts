// Seeded round trip: random header lists through one HpackEncoder and one HpackDecoder across many
// blocks, with random table sizes that change between blocks (the peer's SETTINGS, told to both
// ends). After every block the decoded list equals the input and both dynamic tables agree.
// More cases: HPACK_FUZZ_CASES=5000 bun test test/http2/hpack-fuzz.test.ts (seeds are case numbers:
// a failure names its case, and HPACK_FUZZ_FROM=<case> HPACK_FUZZ_CASES=1 replays it).

import { expect, test } from "bun:test";
import { HpackDecoder } from "../../src/http2/hpack/decoder.ts";
import { HpackEncoder } from "../../src/http2/hpack/encoder.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { tableEntries } from "./hpack-helpers.ts";

const CASES = Number(process.env.HPACK_FUZZ_CASES ?? 300);
const FROM = Number(process.env.HPACK_FUZZ_FROM ?? 0);

/** SETTINGS_HEADER_TABLE_SIZE values: none, tiny (one entry or less), RFC C.5's, the default, big. */
const TABLE_SIZES = [0, 33, 64, 100, 256, 1000, 4096, 4097, 16384, 65536];
const KNOWN_NAMES = [
  ":method",
  ":path",
  ":authority",
  ":status",
  "accept",
  "content-type",
  "cookie",
  "authorization",
  "set-cookie",
  "date",
  "user-agent",
  "x-custom",
];
const HUFFMAN = ["auto", "always", "never"] as const;

type Rnd = () => number;
type Field = [string, string];

function pick<T>(rnd: Rnd, a: readonly T[]): T {
  return a[Math.floor(rnd() * a.length)]!;
}

function randomString(rnd: Rnd, n: number, anyByte: boolean): string {
  let s = "";
  for (let i = 0; i < n; i++) {
    const c = anyByte ? Math.floor(rnd() * 256) : 33 + Math.floor(rnd() * 94);
    s += String.fromCharCode(c);
  }
  return s;
}

function randomName(rnd: Rnd): string {
  const r = rnd();
  if (r < 0.6) return pick(rnd, KNOWN_NAMES);
  if (r < 0.95) return `x-${randomString(rnd, 1 + Math.floor(rnd() * 10), false).toLowerCase()}`;
  return randomString(rnd, Math.floor(rnd() * 6), true); // HPACK itself takes any bytes, even ""
}

function randomValue(rnd: Rnd): string {
  const r = rnd();
  if (r < 0.1) return "";
  if (r < 0.6) return randomString(rnd, 1 + Math.floor(rnd() * 30), false);
  if (r < 0.9) return randomString(rnd, 1 + Math.floor(rnd() * 40), true);
  return randomString(rnd, 200 + Math.floor(rnd() * 5000), rnd() < 0.5); // beyond most tables
}

function runCase(seed: number): void {
  const rnd = mulberry32(seed);
  const limit = pick(rnd, TABLE_SIZES);
  const enc = new HpackEncoder({ huffman: pick(rnd, HUFFMAN) });
  const dec = new HpackDecoder(limit);
  enc.setPeerMaxTableSize(limit);
  // A pool of fields to repeat: repeated fields are what the dynamic table is for.
  const pool: Field[] = [];
  const out = new OutBuf(256);
  const blocks = 1 + Math.floor(rnd() * 20);
  let prevFields: Field[] = [];
  let prevNever: boolean[] = [];
  for (let b = 0; b < blocks; b++) {
    // Between blocks, sometimes a new SETTINGS_HEADER_TABLE_SIZE (sometimes two in a row).
    while (rnd() < 0.15) {
      const n = pick(rnd, TABLE_SIZES);
      enc.setPeerMaxTableSize(n);
      dec.setMaxTableSize(n);
    }
    let fields: Field[] = [];
    let never: boolean[] = [];
    // Sometimes the previous block again, as a client repeats its requests (the encoder's fast
    // path: same field, same position), else a new list.
    const repeat = b > 0 && rnd() < 0.3;
    const count = repeat ? 0 : Math.floor(rnd() * 14);
    if (repeat) {
      fields = prevFields;
      never = prevNever;
    }
    for (let i = 0; i < count; i++) {
      let f: Field;
      if (pool.length > 0 && rnd() < 0.5) f = pick(rnd, pool);
      else {
        f = [randomName(rnd), randomValue(rnd)];
        pool.push(f);
      }
      fields.push(f);
      never.push(rnd() < 0.1);
    }
    out.reset();
    enc.begin(out);
    for (let i = 0; i < fields.length; i++) enc.field(out, fields[i]![0], fields[i]![1], never[i]);
    // Decode from inside a larger buffer: start/end offsets, not 0..length.
    const block = new Uint8Array(out.len + 7);
    block.set(out.view(), 5);
    const got: Field[] = [];
    const err = dec.decode(block, 5, 5 + out.len, (n, v) => got.push([n, v]));
    const where = `case ${seed}, block ${b}`;
    if (err !== "") throw new Error(`${where}: ${err}`);
    if (got.length !== fields.length) throw new Error(`${where}: ${got.length} fields`);
    for (let i = 0; i < got.length; i++) {
      if (got[i]![0] !== fields[i]![0] || got[i]![1] !== fields[i]![1]) {
        throw new Error(`${where}: field ${i} is ${JSON.stringify(got[i])}`);
      }
    }
    const et = enc.table;
    const dt = dec.table;
    if (et.maxSize !== dt.maxSize || et.size !== dt.size || et.length !== dt.length) {
      throw new Error(
        `${where}: tables ${et.maxSize}/${et.size}/${et.length} vs ${dt.maxSize}/${dt.size}/${dt.length}`,
      );
    }
    for (let i = 0; i < et.length; i++) {
      if (et.name(i) !== dt.name(i) || et.value(i) !== dt.value(i)) {
        throw new Error(`${where}: table entry ${i} differs`);
      }
    }
    et.assertInvariants();
    dt.assertInvariants();
    prevFields = fields;
    prevNever = never;
  }
  expect(tableEntries(enc.table)).toEqual(tableEntries(dec.table));
}

test(`${CASES} seeded encode/decode sequences agree (fields and dynamic tables)`, () => {
  for (let c = FROM; c < FROM + CASES; c++) runCase(c);
});
