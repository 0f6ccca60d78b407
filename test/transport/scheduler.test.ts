// The in-memory network's Scheduler: events run in (time, insertion) order, also those scheduled
// while it runs (at the current time, later, or in the past), checked against a sorted model.

import { expect, test } from "bun:test";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { Rng } from "../timer/model.ts";

test("equal times run in insertion order; an earlier event scheduled mid-run goes first", () => {
  const clock = new ManualClock(0);
  const s = new Scheduler(clock);
  const log: string[] = [];
  s.at(5, () => log.push("a5"));
  s.at(3, () => {
    log.push("b3");
    s.at(3, () => log.push("c3")); // same time: after the ones already queued at 3
    s.at(1, () => log.push("d1")); // in the past: runs next, before e3
  });
  s.at(3, () => log.push("e3"));
  expect(s.size).toBe(3);
  expect(s.next()).toBe(3);
  clock.advanceTo(4);
  expect(s.runDue()).toBe(4);
  expect(log).toEqual(["b3", "d1", "e3", "c3"]);
  expect(s.next()).toBe(5);
  clock.advanceTo(5);
  expect(s.runDue()).toBe(1);
  expect(s.size).toBe(0);
  expect(s.next()).toBe(Number.POSITIVE_INFINITY);
});

test("a chain of 5,000 events 'now' (one bucket compacted as it runs) keeps its order", () => {
  const clock = new ManualClock(0);
  const s = new Scheduler(clock);
  const seen: number[] = [];
  let k = 0;
  const step = () => {
    seen.push(k);
    if (++k < 5000) s.after(0, step);
  };
  for (let i = 0; i < 3; i++) s.at(0, step);
  expect(s.runDue()).toBe(5002);
  expect(seen.length).toBe(5002);
  expect(seen.every((v, i) => v === i)).toBe(true);
});

/** The reference: every event in one array sorted by (at, seq), the earliest run first. */
class SortedScheduler {
  private q: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
  constructor(readonly clock: ManualClock) {}
  at(at: number, fn: () => void): void {
    const e = { at, seq: this.seq++, fn };
    let i = this.q.length;
    while (i > 0 && this.q[i - 1]!.at > at) i--;
    this.q.splice(i, 0, e);
  }
  runDue(): number {
    let n = 0;
    while (this.q.length > 0 && this.q[0]!.at <= this.clock.t) {
      this.q.shift()!.fn();
      n++;
    }
    return n;
  }
}

/** Runs one seeded program on a scheduler: events that schedule more (now, later, in the past). */
function program(
  sched: { at(at: number, fn: () => void): void; runDue(): number },
  clock: ManualClock,
) {
  const log: number[] = [];
  let next = 0;
  const add = (at: number) => {
    const id = next++;
    sched.at(at, () => {
      log.push(id);
      const r = new Rng(id + 1);
      const more = r.int(4) === 0 ? 1 + r.int(2) : 0;
      for (let k = 0; k < more && next < 20_000; k++) add(clock.t + r.int(4) - 1);
    });
  };
  const r = new Rng(9);
  for (let i = 0; i < 2000; i++) add(r.int(50));
  for (let t = 0; t <= 80; t++) {
    clock.advanceTo(t);
    sched.runDue();
  }
  return log;
}

test("seeded programs run in the same order as a sorted (time, seq) reference", () => {
  const c1 = new ManualClock(0);
  const c2 = new ManualClock(0);
  const got = program(new Scheduler(c1), c1);
  const want = program(new SortedScheduler(c2), c2);
  expect(got.length).toBeGreaterThan(2500);
  expect(got).toEqual(want);
});
