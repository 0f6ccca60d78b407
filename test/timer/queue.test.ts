// TimerQueue: libcurl's expire semantics (replace, done, clear, add_next_timeout) checked by
// hand-written cases and by seeded random operations against a per-slot-row model.

import { describe, expect, test } from "bun:test";
import {
  EXPIRE_100_TIMEOUT,
  EXPIRE_ASYNC_NAME,
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_LAST,
  EXPIRE_NAMES,
  EXPIRE_SHUTDOWN,
  EXPIRE_SPEEDCHECK,
  EXPIRE_TIMEOUT,
  EXPIRE_TOOFAST,
} from "../../src/timer/expire-ids.ts";
import * as timer from "../../src/timer/index.ts";
import { TimerQueue } from "../../src/timer/queue.ts";
import { REC_AUX, REC_SHIFT } from "../../src/timer/splay.ts";
import { QueueModel, Rng } from "./model.ts";

const INF = Number.POSITIVE_INFINITY;

function fail(msg: string): never {
  throw new Error(msg);
}

describe("expire ids", () => {
  test("dense, in libcurl order, named", () => {
    expect(EXPIRE_LAST).toBe(13);
    expect(EXPIRE_NAMES.length).toBe(EXPIRE_LAST);
    const ids = Object.entries(timer).filter(
      ([k]) => k.startsWith("EXPIRE_") && k !== "EXPIRE_NAMES",
    );
    for (const [name, value] of ids) {
      if (name === "EXPIRE_LAST") continue;
      expect(EXPIRE_NAMES[value as number]).toBe(name);
    }
    expect(ids.length).toBe(EXPIRE_LAST + 1);
    expect(EXPIRE_100_TIMEOUT).toBe(0);
    expect(EXPIRE_SHUTDOWN).toBe(EXPIRE_LAST - 1);
    expect(EXPIRE_SPEEDCHECK < EXPIRE_TIMEOUT && EXPIRE_TIMEOUT < EXPIRE_TOOFAST).toBe(true);
  });
});

describe("TimerQueue, libcurl semantics", () => {
  test("expire sets now+ms; setting an ID again replaces it, earlier or later", () => {
    const q = new TimerQueue(4);
    q.expire(1, 1000, 300, EXPIRE_TIMEOUT);
    expect(q.deadline(1, EXPIRE_TIMEOUT)).toBe(1300);
    expect(q.nearest(1)).toBe(1300);
    expect(q.peek()).toBe(1300);
    q.expire(1, 1000, 100, EXPIRE_TIMEOUT); // earlier
    expect(q.nearest(1)).toBe(1100);
    expect(q.tree.key(1)).toBe(1100);
    q.expire(1, 1000, 900, EXPIRE_TIMEOUT); // later: the only ID, so the key moves up
    expect(q.nearest(1)).toBe(1900);
    expect(q.tree.key(1)).toBe(1900);
    expect(q.size).toBe(1);
    q.assertInvariants();
  });

  test("a later ID leaves the tree untouched; replacing the nearest rescans the row", () => {
    const q = new TimerQueue();
    q.expireAt(0, 50, EXPIRE_CONNECTTIMEOUT);
    q.expireAt(1, 60, EXPIRE_TIMEOUT);
    q.expireAt(0, 500, EXPIRE_TIMEOUT);
    expect(q.nearest(0)).toBe(50);
    q.expireAt(0, 700, EXPIRE_CONNECTTIMEOUT); // nearest replaced by a later value
    expect(q.nearest(0)).toBe(500);
    expect(q.tree.key(0)).toBe(500);
    expect(q.peek()).toBe(60);
    q.assertInvariants();
  });

  test("re-arming the only ID: same deadline leaves the tree alone, Infinity removes", () => {
    const q = new TimerQueue(4);
    q.expireAt(1, 100, EXPIRE_SPEEDCHECK);
    q.expireAt(2, 100, EXPIRE_SPEEDCHECK); // same key: after slot 1 in FIFO order
    q.expireAt(1, 100, EXPIRE_SPEEDCHECK); // unchanged: slot 1 must not move behind slot 2
    q.assertInvariants();
    q.expireAt(3, 100, EXPIRE_TIMEOUT);
    q.expireAt(3, Number.POSITIVE_INFINITY, EXPIRE_TIMEOUT); // the only ID unset: leaves
    expect(q.tree.has(3)).toBe(false);
    expect(q.nearest(3)).toBe(INF);
    q.expireAt(3, INF, EXPIRE_TIMEOUT); // nothing set, nothing to do
    expect(q.size).toBe(2);
    q.assertInvariants();
    expect(q.takeExpired(100)).toBe(1);
    expect(q.takeExpired(100)).toBe(2);
    expect(q.takeExpired(100)).toBe(-1);
    q.assertInvariants();
  });

  test("one ID: its deadline is the tree key only; the row is written for a second ID", () => {
    const q = new TimerQueue(4);
    q.expireAt(1, 100, EXPIRE_SPEEDCHECK);
    q.expireAt(1, 150, EXPIRE_SPEEDCHECK); // the re-arm fast path: the tree key moves
    expect(q.ids(1)).toBe(1 << EXPIRE_SPEEDCHECK);
    expect(q.deadline(1, EXPIRE_SPEEDCHECK)).toBe(150);
    expect(q.tree.key(1)).toBe(150);
    expect(q.rows.subarray(16, 32).every((d) => d === INF)).toBe(true); // row untouched
    q.expireAt(1, 200, EXPIRE_TIMEOUT); // second ID: the first one's word is filled in
    expect(q.rows[16 + EXPIRE_SPEEDCHECK]).toBe(150);
    expect(q.rows[16 + EXPIRE_TIMEOUT]).toBe(200);
    expect(q.nearest(1)).toBe(150);
    q.assertInvariants();
    q.expireDone(1, EXPIRE_SPEEDCHECK); // back to one ID, the later one
    expect(q.nearest(1)).toBe(200);
    q.expireAt(1, 300, EXPIRE_TIMEOUT); // fast path again; the row word goes stale
    expect(q.deadline(1, EXPIRE_TIMEOUT)).toBe(300);
    expect(q.rows[16 + EXPIRE_TIMEOUT]).toBe(200);
    q.expireAt(1, 250, EXPIRE_SPEEDCHECK); // second ID, earlier: read from the key, not the row
    expect(q.deadline(1, EXPIRE_TIMEOUT)).toBe(300);
    expect(q.nearest(1)).toBe(250);
    q.assertInvariants();
    expect(q.takeExpired(260)).toBe(1);
    expect(q.lastExpiredMask).toBe(1 << EXPIRE_SPEEDCHECK);
    expect(q.nearest(1)).toBe(300);
    expect(q.takeExpired(300)).toBe(1); // the one-ID path: the expired key was its deadline
    expect(q.lastExpiredMask).toBe(1 << EXPIRE_TIMEOUT);
    expect(q.ids(1)).toBe(0);
    expect(q.size).toBe(0);
    q.assertInvariants();
  });

  test("a later value for a non-nearest ID, or for the nearest with a tie, keeps the place", () => {
    const q = new TimerQueue(4);
    q.expireAt(0, 10, EXPIRE_TIMEOUT);
    q.expireAt(1, 10, EXPIRE_TIMEOUT); // behind slot 0 among equal keys
    q.expireAt(0, 50, EXPIRE_SPEEDCHECK);
    q.expireAt(0, 60, EXPIRE_SPEEDCHECK); // not the nearest: no tree change
    q.expireAt(0, 10, EXPIRE_TOOFAST); // ties the nearest: no tree change
    q.expireAt(0, 70, EXPIRE_TIMEOUT); // the nearest moves later, but TOOFAST still holds 10
    expect(q.nearest(0)).toBe(10);
    q.assertInvariants();
    expect(q.takeExpired(10)).toBe(0); // slot 0 kept its place ahead of slot 1
    expect(q.takeExpired(10)).toBe(1);
  });

  test("ms is capped at 2^31-1 like Curl_expire", () => {
    const q = new TimerQueue();
    q.expire(0, 10, 1e12, EXPIRE_TIMEOUT);
    expect(q.deadline(0, EXPIRE_TIMEOUT)).toBe(10 + 2147483647);
  });

  test("expireDone clears one ID and re-keys; the last one removes the handle", () => {
    const q = new TimerQueue();
    q.expireAt(2, 10, EXPIRE_SPEEDCHECK);
    q.expireAt(2, 20, EXPIRE_TIMEOUT);
    q.expireAt(2, 10, EXPIRE_TOOFAST); // equal to the nearest
    q.expireDone(2, EXPIRE_SPEEDCHECK);
    expect(q.nearest(2)).toBe(10); // EXPIRE_TOOFAST still holds 10
    q.expireDone(2, EXPIRE_TOOFAST);
    expect(q.nearest(2)).toBe(20);
    expect(q.tree.key(2)).toBe(20);
    q.expireDone(2, EXPIRE_TOOFAST); // not set: no-op
    q.expireDone(99, EXPIRE_TOOFAST); // beyond capacity: no-op
    q.assertInvariants();
    q.expireDone(2, EXPIRE_TIMEOUT);
    expect(q.nearest(2)).toBe(INF);
    expect(q.size).toBe(0);
    expect(q.peek()).toBe(INF);
    q.assertInvariants();
  });

  test("expireClear drops a handle with several IDs; others stay", () => {
    const q = new TimerQueue();
    q.expireAt(0, 5, EXPIRE_100_TIMEOUT);
    q.expireAt(0, 6, EXPIRE_ASYNC_NAME);
    q.expireAt(0, 7, EXPIRE_SHUTDOWN);
    q.expireAt(1, 8, EXPIRE_TIMEOUT);
    q.expireClear(0);
    for (let id = 0; id < EXPIRE_LAST; id++) expect(q.deadline(0, id)).toBe(INF);
    expect(q.tree.has(0)).toBe(false);
    expect(q.peek()).toBe(8);
    q.expireClear(0); // again: no-op
    q.expireClear(1234); // unknown: no-op
    q.assertInvariants();
  });

  test("takeExpired: mask of due IDs, re-inserted at the next deadline (add_next_timeout)", () => {
    const q = new TimerQueue();
    q.expireAt(3, 100, EXPIRE_CONNECTTIMEOUT);
    q.expireAt(3, 100, EXPIRE_SPEEDCHECK);
    q.expireAt(3, 150, EXPIRE_TOOFAST);
    q.expireAt(3, 400, EXPIRE_TIMEOUT);
    q.expireAt(4, 120, EXPIRE_TIMEOUT);
    expect(q.takeExpired(99)).toBe(-1);
    expect(q.lastExpiredMask).toBe(0);
    expect(q.takeExpired(150)).toBe(3);
    expect(q.lastExpiredMask).toBe(
      (1 << EXPIRE_CONNECTTIMEOUT) | (1 << EXPIRE_SPEEDCHECK) | (1 << EXPIRE_TOOFAST),
    );
    expect(q.nearest(3)).toBe(400);
    expect(q.tree.key(3)).toBe(400);
    expect(q.takeExpired(150)).toBe(4);
    expect(q.lastExpiredMask).toBe(1 << EXPIRE_TIMEOUT);
    expect(q.tree.has(4)).toBe(false);
    expect(q.takeExpired(150)).toBe(-1);
    expect(q.peek()).toBe(400);
    q.assertInvariants();
  });

  test("takeExpired loop yields every expired handle once, nearest first", () => {
    const q = new TimerQueue(1);
    for (let s = 0; s < 100; s++) {
      q.expireAt(s, 1000 - s * 7, EXPIRE_TIMEOUT);
      q.expireAt(s, 2000 + s, EXPIRE_SPEEDCHECK);
    }
    const got: number[] = [];
    let last = Number.NEGATIVE_INFINITY;
    for (let s = q.takeExpired(700); s >= 0; s = q.takeExpired(700)) {
      expect(q.lastExpiredMask).toBe(1 << EXPIRE_TIMEOUT);
      const d = 1000 - s * 7;
      expect(d).toBeGreaterThanOrEqual(last);
      last = d;
      expect(q.nearest(s)).toBe(2000 + s);
      got.push(s);
    }
    const want: number[] = [];
    for (let s = 0; s < 100; s++) if (1000 - s * 7 <= 700) want.push(s);
    expect(got.sort((a, b) => a - b)).toEqual(want);
    expect(q.capacity).toBe(128);
    q.assertInvariants();
  });

  test("bad ids, slots and deadlines throw with the value", () => {
    const q = new TimerQueue();
    expect(() => q.expireAt(0, 1, EXPIRE_LAST)).toThrow(/13/);
    expect(() => q.expireAt(0, 1, -1)).toThrow(/-1/);
    expect(() => q.expireAt(-2, 1, 0)).toThrow(/-2/);
    expect(() => q.expireAt(0.5, 1, 0)).toThrow(/0\.5/);
    expect(() => q.expireAt(1, Number.NaN, 0)).toThrow(/slot 1/);
    expect(() => q.expireDone(0, 99)).toThrow(/99/);
    expect(q.size).toBe(0);
    q.assertInvariants();
  });

  test("assertInvariants detects a stale row, stray ID bits and a wrong key", () => {
    const q = new TimerQueue();
    q.expireAt(0, 5, EXPIRE_TIMEOUT);
    q.expireAt(0, 9, EXPIRE_SPEEDCHECK); // two IDs: the row is live
    q.rows[EXPIRE_TOOFAST] = 1; // an unset ID's word of slot 0: never read
    q.assertInvariants();
    q.rows[EXPIRE_TIMEOUT] = 1; // slot 0's row, bypassing the API
    expect(() => q.assertInvariants()).toThrow(/slot 0 keyed at 5, row minimum is 1/);
    q.rows[EXPIRE_TIMEOUT] = 5;
    q.assertInvariants();
    const aux = (s: number) => (s << REC_SHIFT) + REC_AUX;
    q.tree.rec[aux(0)] = 0; // slot 0's ID bits, in its tree record
    expect(() => q.assertInvariants()).toThrow(/slot 0 has no ID but is in the tree/);
    q.tree.rec[aux(0)] = (1 << EXPIRE_TIMEOUT) | (1 << EXPIRE_SPEEDCHECK);
    q.tree.rec[aux(1)] = 1 << EXPIRE_TIMEOUT; // slot 1: an ID but no tree node
    expect(() => q.assertInvariants()).toThrow(/slot 1 has ID bits 1024, not in the tree/);
    q.tree.rec[aux(1)] = 0;
    q.assertInvariants();
  });
});

interface QCase {
  seed: number;
  ops: number;
  slots: number;
  /** Deadlines are integers in [now, now + span): small spans give equal deadlines. */
  span: number;
}

function runQueueCase(c: QCase): void {
  const rng = new Rng(c.seed);
  const q = new TimerQueue(1);
  const m = new QueueModel();
  let now = 0;
  let loops = 0;
  let multiBitMasks = 0;
  for (let i = 0; i < c.ops; i++) {
    const where = `seed ${c.seed} op ${i}`;
    const r = rng.int(100);
    const slot = rng.int(c.slots);
    const id = rng.int(EXPIRE_LAST);
    if (r < 40) {
      const ms = rng.int(c.span);
      q.expire(slot, now, ms, id);
      m.expireAt(slot, now + ms, id);
    } else if (r < 55) {
      const d = now + rng.int(c.span) - (c.span >> 2); // sometimes already in the past
      q.expireAt(slot, d, id);
      m.expireAt(slot, d, id);
    } else if (r < 70) {
      q.expireDone(slot, id);
      m.expireDone(slot, id);
    } else if (r < 73) {
      q.expireClear(slot);
      m.expireClear(slot);
    } else if (r < 85) {
      now += rng.int(c.span >> 1);
      // The socketAction(CURL_SOCKET_TIMEOUT) loop.
      const want = m.expiredSlots(now);
      const got: number[] = [];
      let prev = Number.NEGATIVE_INFINITY;
      for (let s = q.takeExpired(now); s >= 0; s = q.takeExpired(now)) {
        const near = m.nearest(s);
        if (!(near <= now)) fail(`${where}: took ${s} with nearest ${near} > now ${now}`);
        if (near < prev) fail(`${where}: took ${s} (${near}) after one at ${prev}`);
        prev = near;
        const mask = m.take(s, now);
        if (q.lastExpiredMask !== mask) fail(`${where}: mask ${q.lastExpiredMask}, model ${mask}`);
        if (mask & (mask - 1)) multiBitMasks++;
        const next = m.nearest(s);
        if (q.nearest(s) !== next || (next < INF && q.tree.key(s) !== next)) {
          fail(`${where}: ${s} re-keyed at ${q.tree.key(s)}, next deadline ${next}`);
        }
        got.push(s);
        if (got.length > c.slots) fail(`${where}: takeExpired loop does not end`);
      }
      if (q.lastExpiredMask !== 0) fail(`${where}: mask not reset after -1`);
      got.sort((a, b) => a - b);
      if (got.join() !== want.join()) fail(`${where}: took [${got}], model [${want}]`);
      loops++;
    } else {
      if (q.deadline(slot, id) !== m.deadline(slot, id)) fail(`${where}: deadline(${slot},${id})`);
      if (q.nearest(slot) !== m.nearest(slot)) fail(`${where}: nearest(${slot})`);
    }
    // The model's peek is a full scan: every op for small cases, every 10th for the big one.
    if (c.slots <= 300 || i % 10 === 0) {
      if (q.peek() !== m.peek()) fail(`${where}: peek ${q.peek()}, model ${m.peek()}`);
      if (q.size !== m.size()) fail(`${where}: size ${q.size}, model ${m.size()}`);
    }
    if (c.slots <= 64 || i % 50 === 0) q.assertInvariants();
  }
  q.assertInvariants();
  expect(loops).toBeGreaterThan(c.ops / 20);
  expect(multiBitMasks).toBeGreaterThan(0);
}

const QCASES: QCase[] = [
  { seed: 11, ops: 15_000, slots: 8, span: 16 },
  { seed: 12, ops: 15_000, slots: 40, span: 1000 },
  { seed: 13, ops: 15_000, slots: 300, span: 64 },
  { seed: 14, ops: 10_000, slots: 2000, span: 100_000 },
];

describe("TimerQueue vs model", () => {
  for (const c of QCASES) {
    test(`seed ${c.seed}: ${c.ops} ops, ${c.slots} slots, span ${c.span}`, () => {
      runQueueCase(c);
    });
  }
});
