// TimerQueue against a flat (slot, id, deadline) model, seeded: the next deadline, every
// deadline read back, and the exact takeExpired order, ties included (FIFO by the moment a
// slot's nearest deadline last changed). The op mix leans on libcurl's patterns: re-arming a
// handle's only ID (EXPIRE_SPEEDCHECK), a second and third ID arriving and leaving.

import { describe, expect, test } from "bun:test";
import {
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_LAST,
  EXPIRE_SPEEDCHECK,
  EXPIRE_TIMEOUT,
} from "../../src/timer/expire-ids.ts";
import { TimerQueue } from "../../src/timer/queue.ts";
import { FlatQueueModel, Rng } from "./model.ts";

const INF = Number.POSITIVE_INFINITY;
/** IDs the op mix favours (libcurl's usual ones), then any. */
const COMMON = [EXPIRE_SPEEDCHECK, EXPIRE_SPEEDCHECK, EXPIRE_TIMEOUT, EXPIRE_CONNECTTIMEOUT];

interface OrderCase {
  seed: number;
  ops: number;
  slots: number;
  /** Deadlines are integers in [now, now + span): small spans make ties. */
  span: number;
}

function fail(msg: string): never {
  throw new Error(msg);
}

/** Returns counters of what the run exercised, so the test can check the mix was real. */
function runOrderCase(c: OrderCase): Record<string, number> {
  const rng = new Rng(c.seed);
  const q = new TimerQueue(1);
  const m = new FlatQueueModel();
  const seen = { fired: 0, ties: 0, multiMask: 0, rearmOnly: 0, multiId: 0 };
  let now = 0;
  for (let i = 0; i < c.ops; i++) {
    const where = `seed ${c.seed} op ${i}`;
    const r = rng.int(100);
    // Half the ops hit a few hot slots (they keep several IDs), half any slot.
    const slot = rng.int(2) === 0 ? rng.int(Math.min(16, c.slots)) : rng.int(c.slots);
    const id = rng.int(4) < 3 ? COMMON[rng.int(COMMON.length)]! : rng.int(EXPIRE_LAST);
    if (r < 50) {
      // From 35 on, re-arm an ID the slot has (its lowest): on a one-ID slot, the fast path.
      const bits = q.ids(slot);
      const k = r >= 35 && bits !== 0 ? 31 - Math.clz32(bits & -bits) : id;
      const d = now + rng.int(c.span);
      if (bits === 1 << k) seen.rearmOnly++;
      else if (bits !== 0) seen.multiId++;
      q.expireAt(slot, d, k);
      m.set(slot, k, d);
    } else if (r < 55) {
      q.expireAt(slot, INF, id); // unset through expireAt
      m.set(slot, id, INF);
    } else if (r < 67) {
      q.expireDone(slot, id);
      m.set(slot, id, INF);
    } else if (r < 70) {
      q.expireClear(slot);
      m.clear(slot);
    } else if (r < 82) {
      now += rng.int(c.span >> 1) + 1;
      let n = 0;
      let prev = Number.NEGATIVE_INFINITY;
      for (;;) {
        const want = m.takeExpired(now);
        const near = q.peek();
        const got = q.takeExpired(now);
        if (got !== want.slot) fail(`${where}: takeExpired ${got}, model ${want.slot}`);
        if (got < 0) break;
        if (q.lastExpiredMask !== want.mask) {
          fail(`${where}: slot ${got} mask ${q.lastExpiredMask}, model ${want.mask}`);
        }
        if (near === prev) seen.ties++;
        prev = near;
        if (want.mask & (want.mask - 1)) seen.multiMask++;
        if (++n > c.slots) fail(`${where}: takeExpired loop does not end`);
        seen.fired++;
      }
    } else {
      for (let k = 0; k < EXPIRE_LAST; k++) {
        if (q.deadline(slot, k) !== m.deadline(slot, k)) fail(`${where}: deadline(${slot},${k})`);
      }
    }
    if (q.peek() !== m.peek()) fail(`${where}: peek ${q.peek()}, model ${m.peek()}`);
    if (q.nearest(slot) !== m.nearest(slot)) fail(`${where}: nearest(${slot})`);
    if (i % 64 === 0) {
      if (q.size !== m.size()) fail(`${where}: size ${q.size}, model ${m.size()}`);
      q.assertInvariants();
    }
  }
  q.assertInvariants();
  return seen;
}

const CASES: OrderCase[] = [
  { seed: 101, ops: 20_000, slots: 6, span: 8 },
  { seed: 102, ops: 20_000, slots: 50, span: 40 },
  { seed: 103, ops: 20_000, slots: 200, span: 5000 },
  { seed: 104, ops: 10_000, slots: 1000, span: 300 },
];

describe("TimerQueue vs flat model: exact takeExpired order", () => {
  for (const c of CASES) {
    test(`seed ${c.seed}: ${c.ops} ops, ${c.slots} slots, span ${c.span}`, () => {
      const seen = runOrderCase(c);
      expect(seen.fired).toBeGreaterThan(c.ops / 20);
      expect(seen.rearmOnly).toBeGreaterThan(c.ops / 50);
      expect(seen.multiId).toBeGreaterThan(c.ops / 50);
      expect(seen.multiMask).toBeGreaterThan(0);
      if (c.span <= 40) expect(seen.ties).toBeGreaterThan(c.ops / 50);
    });
  }
});
