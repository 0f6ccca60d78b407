// SplayTree: libcurl unit1309 scenarios plus 200,000 seeded random operations checked against
// a sorted-array model (every result, size, minimum; invariants walked regularly).

import { describe, expect, test } from "bun:test";
import { REC_AUX, REC_SHIFT, SplayTree } from "../../src/timer/splay.ts";
import { Rng, SplayModel } from "./model.ts";

const NUM_NODES = 50;

function fail(msg: string): never {
  throw new Error(msg);
}

describe("SplayTree, unit1309 scenarios", () => {
  test("insert keys (541*i)%1023, remove (i+7)%50, double remove refused", () => {
    const tree = new SplayTree(1);
    for (let i = 0; i < NUM_NODES; i++) {
      tree.insert(i, (541 * i) % 1023);
      expect(tree.has(i)).toBe(true);
    }
    tree.assertInvariants();
    expect(tree.size).toBe(NUM_NODES);
    for (let i = 0; i < NUM_NODES; i++) {
      const rem = (i + 7) % NUM_NODES;
      expect(tree.remove(rem)).toBe(true);
      expect(tree.has(rem)).toBe(false);
      expect(tree.key(rem)).toBeNaN();
      expect(tree.remove(rem)).toBe(false);
      tree.assertInvariants();
    }
    expect(tree.size).toBe(0);
    expect(tree.peekKey()).toBe(Number.POSITIVE_INFINITY);
    expect(tree.peekSlot()).toBe(-1);
  });

  test("equal keys (1 to 3 per key): getBest drains in key order, FIFO among equals", () => {
    const tree = new SplayTree(1);
    let inserted = 0;
    for (let i = 0; i < NUM_NODES; i++) {
      const key = (541 * i) % 1023;
      for (let j = 0; j <= i % 3; j++) {
        tree.insert(i * 3 + j, key);
        inserted++;
      }
    }
    tree.assertInvariants();
    expect(tree.size).toBe(inserted);
    let last = Number.NEGATIVE_INFINITY;
    let lastSlot = -1;
    let taken = 0;
    for (let now = 0; now <= 1100; now += 100) {
      for (let s = tree.getBest(now); s >= 0; s = tree.getBest(now)) {
        const key = (541 * Math.floor(s / 3)) % 1023;
        expect(key).toBeLessThanOrEqual(now);
        expect(key).toBeGreaterThanOrEqual(last);
        // Same key: inserted as i*3+0, i*3+1, ... so FIFO means increasing slots.
        if (key === last) expect(s).toBe(lastSlot + 1);
        last = key;
        lastSlot = s;
        taken++;
      }
      tree.assertInvariants();
      expect(tree.peekKey()).toBeGreaterThan(now);
    }
    expect(taken).toBe(inserted);
    expect(tree.size).toBe(0);
  });

  test("keys (541*i)%128 with duplicates: drained in non-decreasing order", () => {
    const tree = new SplayTree(4);
    for (let i = 0; i < NUM_NODES; i++) tree.insert(i, (541 * i) % 128);
    let last = -1;
    let n = 0;
    for (let now = 0; now <= 128; now += 32) {
      for (let s = tree.getBest(now); s >= 0; s = tree.getBest(now)) {
        const key = (541 * s) % 128;
        expect(key).toBeGreaterThanOrEqual(last);
        expect(key).toBeLessThanOrEqual(now);
        last = key;
        n++;
      }
    }
    expect(n).toBe(NUM_NODES);
    tree.assertInvariants();
  });
});

describe("SplayTree, API edges", () => {
  test("grows from capacity 1 by doubling", () => {
    const tree = new SplayTree(1);
    expect(tree.capacity).toBe(1);
    tree.insert(0, 5);
    tree.insert(1, 3);
    expect(tree.capacity).toBe(2);
    tree.insert(100, 4);
    expect(tree.capacity).toBe(128);
    tree.assertInvariants();
    expect(tree.peekKey()).toBe(3);
    expect(tree.peekSlot()).toBe(1);
    expect(tree.getBest(10)).toBe(1);
    expect(tree.getBest(10)).toBe(100);
    expect(tree.getBest(10)).toBe(0);
    expect(tree.getBest(10)).toBe(-1);
  });

  test("insert of a present slot throws with the slot; bad slots and NaN keys throw", () => {
    const tree = new SplayTree(8);
    tree.insert(3, 1);
    expect(() => tree.insert(3, 2)).toThrow(/slot 3/);
    expect(tree.key(3)).toBe(1);
    expect(() => tree.insert(-1, 0)).toThrow(/-1/);
    expect(() => tree.insert(1.5, 0)).toThrow(/1\.5/);
    expect(() => tree.insert(Number.NaN, 0)).toThrow(/NaN/);
    expect(() => tree.insert(4, Number.NaN)).toThrow(/slot 4/);
    expect(tree.size).toBe(1);
    tree.assertInvariants();
  });

  test("remove of unknown, out-of-range or fractional slots is refused", () => {
    const tree = new SplayTree(4);
    tree.insert(1, 7);
    expect(tree.remove(0)).toBe(false);
    expect(tree.remove(4)).toBe(false);
    expect(tree.remove(1000)).toBe(false);
    expect(tree.remove(-1)).toBe(false);
    expect(tree.remove(1.5)).toBe(false);
    expect(tree.has(4)).toBe(false);
    expect(tree.size).toBe(1);
    tree.assertInvariants();
  });

  test("getBest respects now; peek does not remove", () => {
    const tree = new SplayTree();
    tree.insert(0, 10);
    tree.insert(1, 20);
    expect(tree.getBest(9.999)).toBe(-1);
    expect(tree.peekKey()).toBe(10);
    expect(tree.peekSlot()).toBe(0);
    expect(tree.size).toBe(2);
    expect(tree.getBest(10)).toBe(0);
    expect(tree.peekKey()).toBe(20);
    expect(tree.getBest(Number.NaN)).toBe(-1);
  });

  test("removing a ring head promotes the oldest member; removing members is O(1) unlink", () => {
    const tree = new SplayTree();
    for (let s = 0; s < 5; s++) tree.insert(s, 42);
    tree.insert(9, 41);
    tree.insert(8, 43);
    tree.assertInvariants();
    expect(tree.remove(0)).toBe(true); // the head
    tree.assertInvariants();
    expect(tree.remove(3)).toBe(true); // a member
    tree.assertInvariants();
    expect(tree.getBest(100)).toBe(9);
    expect([tree.getBest(100), tree.getBest(100), tree.getBest(100)]).toEqual([1, 2, 4]);
    expect(tree.getBest(100)).toBe(8);
    expect(tree.size).toBe(0);
    tree.assertInvariants();
  });

  test("assertInvariants detects corruption", () => {
    const tree = new SplayTree();
    for (let s = 0; s < 10; s++) tree.insert(s, s);
    tree.assertInvariants();
    expect(tree.peekSlot()).toBe(0);
    tree.keyOf[5 << 2] = -3; // slot 5's key: breaks BST order
    expect(() => tree.assertInvariants()).toThrow(/BST order/);
    tree.keyOf[5 << 2] = 5;
    tree.rec[(20 << 3) + 5] = 20; // ring link of slot 20, outside the tree: not marked absent
    expect(() => tree.assertInvariants()).toThrow(/slot 20 not in tree/);
  });

  test("the caller's word (REC_AUX) is 0 at first and kept by every operation (insert, remove, getBest, grow, clear)", () => {
    const tree = new SplayTree(2);
    const aux = (s: number) => (s << REC_SHIFT) + REC_AUX;
    const rng = new Rng(77);
    for (let s = 0; s < 2; s++) expect(tree.rec[aux(s)]).toBe(0);
    for (let s = 0; s < 40; s++) {
      tree.insert(s, rng.int(8)); // grows from 2: the new records start at 0 too
      expect(tree.rec[aux(s)]).toBe(0);
      tree.rec[aux(s)] = 1000 + s;
    }
    for (let i = 0; i < 400; i++) {
      const s = rng.int(40);
      if (tree.has(s)) {
        tree.remove(s);
      } else tree.insert(s, rng.int(8));
      tree.getBest(rng.int(4) - 2);
    }
    tree.assertInvariants();
    tree.clear();
    for (let s = 0; s < 40; s++) expect(tree.rec[aux(s)]).toBe(1000 + s);
    tree.assertInvariants();
  });

  test("clear empties and keeps working", () => {
    const tree = new SplayTree(2);
    for (let s = 0; s < 10; s++) tree.insert(s, s % 3);
    tree.clear();
    expect(tree.size).toBe(0);
    tree.assertInvariants();
    tree.insert(4, 1);
    expect(tree.getBest(1)).toBe(4);
  });
});

/** Depth of `slot` by its parent links (record word 4 is `up`; the root has -1). */
function depthOf(tree: SplayTree, slot: number): number {
  let d = 0;
  for (let u = tree.rec[(slot << 3) + 4]!; u !== -1; u = tree.rec[(u << 3) + 4]!) d++;
  return d;
}

function maxDepth(tree: SplayTree): number {
  let m = 0;
  for (let s = 0; s < tree.capacity; s++) if (tree.has(s)) m = Math.max(m, depthOf(tree, s));
  return m;
}

describe("SplayTree, shapes (splay only after a long walk)", () => {
  test("descending keys: each insert is a new minimum; long walks splay, depth stays low", () => {
    const n = 4096;
    const tree = new SplayTree(n);
    for (let i = 0; i < n; i++) tree.insert(i, n - i);
    tree.assertInvariants();
    // Without the splay each insert would hang one level deeper: a path of depth n-1.
    expect(maxDepth(tree)).toBeLessThan(n / 16);
    expect(tree.peekSlot()).toBe(n - 1);
    for (let i = n - 1; i >= 0; i--) expect(tree.getBest(n)).toBe(i);
    tree.assertInvariants();
  });

  test("ascending keys hang under the maximum; the first long walk halves the path", () => {
    const n = 4096;
    const tree = new SplayTree(n + 1);
    for (let i = 0; i < n; i++) tree.insert(i, i);
    expect(maxDepth(tree)).toBe(n - 1); // no walk, no splay: libcurl's re-arm pattern is O(1)
    tree.assertInvariants();
    tree.insert(n, n - 1.5); // below the maximum: walks the whole path, then splays
    expect(depthOf(tree, n)).toBe(0);
    expect(maxDepth(tree)).toBeLessThanOrEqual(n / 2 + 1);
    for (let i = 0; i < 20; i++) {
      tree.remove(i * 7);
      tree.insert(i * 7, n - 2.25 - i);
    }
    expect(maxDepth(tree)).toBeLessThan(100);
    tree.assertInvariants();
    let last = Number.NEGATIVE_INFINITY;
    for (let s = tree.getBest(n); s >= 0; s = tree.getBest(n)) {
      const k = s === n ? n - 1.5 : s % 7 === 0 && s < 140 ? n - 2.25 - s / 7 : s;
      expect(k).toBeGreaterThanOrEqual(last);
      last = k;
    }
    expect(tree.size).toBe(0);
  });

  test("a key equal to the maximum joins its ring; removing the maximum moves it back", () => {
    const tree = new SplayTree(8);
    tree.insert(1, 5);
    tree.insert(2, 7);
    tree.insert(3, 7); // equal to the maximum: ring member of slot 2
    tree.insert(4, 9);
    tree.insert(5, 9);
    tree.assertInvariants();
    expect(tree.remove(4)).toBe(true); // maximum head: slot 5 takes its place
    tree.assertInvariants();
    expect(tree.remove(5)).toBe(true); // last of key 9: the maximum is key 7 again
    tree.assertInvariants();
    tree.insert(6, 8); // above the new maximum
    tree.insert(7, 6); // between: a walk
    tree.assertInvariants();
    expect([1, 2, 3, 4, 5, 6].map(() => tree.getBest(100))).toEqual([1, 7, 2, 3, 6, -1]);
  });
});

interface Case {
  seed: number;
  ops: number;
  slots: number;
  keys: number;
  /** Keys are floats in [0, keys) instead of integers. */
  float?: boolean;
  checkEvery: number;
}

function runCase(c: Case): void {
  const rng = new Rng(c.seed);
  const tree = new SplayTree(1);
  const model = new SplayModel();
  const randKey = () => (c.float ? rng.float() * c.keys : rng.int(c.keys));
  let throwsSeen = 0;
  for (let i = 0; i < c.ops; i++) {
    // Alternate insert-heavy and remove-heavy phases so the size swings between 0 and full.
    const insertPct = Math.floor(i / 1500) % 2 === 0 ? 60 : 25;
    const r = rng.int(100);
    const where = `seed ${c.seed} op ${i}`;
    if (r < insertPct) {
      const slot = rng.int(c.slots);
      const key = randKey();
      if (model.has(slot)) {
        let threw = false;
        try {
          tree.insert(slot, key);
        } catch (e) {
          threw = String(e).includes(String(slot));
        }
        if (!threw) fail(`${where}: insert of present slot ${slot} did not throw`);
        throwsSeen++;
      } else {
        tree.insert(slot, key);
        model.insert(slot, key);
      }
    } else if (r < insertPct + 20) {
      const slot = rng.int(c.slots);
      const want = model.remove(slot);
      if (tree.remove(slot) !== want) fail(`${where}: remove(${slot}) should return ${want}`);
      if (tree.remove(slot) !== false) fail(`${where}: double remove(${slot}) accepted`);
    } else if (r < 97) {
      const now = rng.int(4) === 0 ? model.minKey() : randKey() - 1;
      const want = model.getBest(now);
      const got = tree.getBest(now);
      if (got !== want) fail(`${where}: getBest(${now}) = ${got}, model ${want}`);
      if (got >= 0 && tree.has(got)) fail(`${where}: getBest left ${got} in the tree`);
    } else {
      const slot = rng.int(c.slots);
      if (tree.has(slot) !== model.has(slot)) fail(`${where}: has(${slot}) differs`);
      const k = tree.key(slot);
      if (!Object.is(k, model.key(slot))) fail(`${where}: key(${slot}) = ${k}`);
    }
    if (tree.size !== model.size) fail(`${where}: size ${tree.size}, model ${model.size}`);
    // Peek on most ops, not all, so getBest also runs with the minimum not cached.
    if ((i & 3) !== 0) {
      if (tree.peekKey() !== model.minKey()) fail(`${where}: peekKey ${tree.peekKey()}`);
      if (tree.peekSlot() !== model.minSlot()) fail(`${where}: peekSlot ${tree.peekSlot()}`);
    }
    if (i % c.checkEvery === 0) tree.assertInvariants();
  }
  tree.assertInvariants();
  // Drain: everything comes out in model order.
  for (;;) {
    const want = model.getBest(Number.POSITIVE_INFINITY);
    const got = tree.getBest(Number.POSITIVE_INFINITY);
    if (got !== want) fail(`seed ${c.seed} drain: ${got}, model ${want}`);
    if (got < 0) break;
  }
  expect(tree.size).toBe(0);
  expect(throwsSeen).toBeGreaterThan(0);
}

const CASES: Case[] = [
  { seed: 1, ops: 25_000, slots: 32, keys: 8, checkEvery: 1 },
  { seed: 2, ops: 25_000, slots: 64, keys: 16, checkEvery: 1 },
  { seed: 3, ops: 25_000, slots: 200, keys: 4, checkEvery: 1 },
  { seed: 4, ops: 25_000, slots: 16, keys: 1000, float: true, checkEvery: 1 },
  { seed: 5, ops: 50_000, slots: 20_000, keys: 64, checkEvery: 100 },
  { seed: 6, ops: 50_000, slots: 5_000, keys: 1e6, float: true, checkEvery: 100 },
];

describe("SplayTree vs model, 200,000 random operations", () => {
  test("total operations", () => {
    expect(CASES.reduce((n, c) => n + c.ops, 0)).toBe(200_000);
  });
  for (const c of CASES) {
    test(`seed ${c.seed}: ${c.ops} ops, ${c.slots} slots, ${c.float ? "float" : "int"} keys < ${c.keys}`, () => {
      runCase(c);
    });
  }
});
