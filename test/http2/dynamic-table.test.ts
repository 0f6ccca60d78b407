// DynamicTable against a plain array model (newest first, evict from the end): seeded random adds
// of every size, including entries larger than the table, and size changes up and down; the ring
// grows past its first 16 slots. Invariants are walked after every operation.

import { expect, test } from "bun:test";
import { DynamicTable, entrySize } from "../../src/http2/hpack/dynamic-table.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { tableEntries } from "./hpack-helpers.ts";

class Model {
  entries: [string, string][] = [];
  constructor(public maxSize: number) {}
  size(): number {
    return this.entries.reduce((n, [a, b]) => n + entrySize(a, b), 0);
  }
  add(name: string, value: string): void {
    this.entries.unshift([name, value]);
    while (this.size() > this.maxSize) this.entries.pop();
  }
  setMaxSize(n: number): void {
    this.maxSize = n;
    while (this.size() > n) this.entries.pop();
  }
}

test("RFC 7541 §4.4: adding an entry larger than the table empties it", () => {
  const t = new DynamicTable(100);
  t.add("a", "b");
  t.add("c", "d");
  expect(t.length).toBe(2);
  t.add("big", "x".repeat(66)); // 3 + 66 + 32 = 101
  expect(t.length).toBe(0);
  expect(t.size).toBe(0);
  t.add("big", "x".repeat(65)); // exactly 100 fits
  expect(tableEntries(t)).toEqual([["big", "x".repeat(65)]]);
  t.assertInvariants();
});

test("eviction is oldest first; setMaxSize(0) clears", () => {
  const t = new DynamicTable(3 * 34);
  for (const n of ["a", "b", "c", "d"]) t.add(n, "1");
  expect(tableEntries(t)).toEqual([
    ["d", "1"],
    ["c", "1"],
    ["b", "1"],
  ]);
  t.setMaxSize(34);
  expect(tableEntries(t)).toEqual([["d", "1"]]);
  t.setMaxSize(0);
  expect(t.length).toBe(0);
  t.add("e", "1");
  expect(t.length).toBe(0);
  t.assertInvariants();
});

test("seeded random operations match the array model", () => {
  const rnd = mulberry32(2);
  const sizes = [0, 40, 100, 256, 1000, 4096, 10000];
  const t = new DynamicTable(4096);
  const m = new Model(4096);
  for (let k = 0; k < 20000; k++) {
    if (rnd() < 0.02) {
      const n = sizes[Math.floor(rnd() * sizes.length)]!;
      t.setMaxSize(n);
      m.setMaxSize(n);
    } else {
      const name = `n${Math.floor(rnd() * 50)}`;
      const r = rnd();
      const value = "v".repeat(r < 0.9 ? Math.floor(rnd() * 8) : Math.floor(rnd() * 5000));
      t.add(name, value);
      m.add(name, value);
    }
    if (k % 97 === 0) t.assertInvariants();
    expect(t.length).toBe(m.entries.length);
    expect(t.size).toBe(m.size());
  }
  expect(tableEntries(t)).toEqual(m.entries);
  t.assertInvariants();
});

test("the ring grows past 16 slots and keeps its order", () => {
  const t = new DynamicTable(65536);
  for (let i = 0; i < 1000; i++) t.add(`k${i}`, "");
  expect(t.length).toBe(1000);
  expect(t.name(0)).toBe("k999");
  expect(t.name(999)).toBe("k0");
  t.assertInvariants();
});
