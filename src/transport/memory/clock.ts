// Virtual time for tests: a manual clock and a scheduler of timed events, both pure.

import type { Clock } from "../../core/clock.ts";

export type { Clock };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  /** The current virtual time in ms (read it with `now()`, move it with `advance`/`advanceTo`). */
  t: number;
  /** Starts at `start` ms (1000 by default). */
  constructor(start = 1000) {
    this.t = start;
  }
  /** Clock.now: the current virtual time in ms. */
  now(): number {
    return this.t;
  }
  /** Moves time forward by ms (never backwards). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: bad ms ${ms}`);
    this.t += ms;
  }
  /** Moves time forward to t (no-op if t is in the past). */
  advanceTo(t: number): void {
    if (t > this.t) this.t = t;
  }
}

/** The events of one virtual time, in insertion order; `head` is the next to run. */
interface Bucket {
  fns: ((() => void) | undefined)[];
  head: number;
}

/**
 * Timed events on a manual clock, run in (time, insertion) order. A binary heap of the distinct
 * times, each with a FIFO of its events: events at a time already pending (a zero-latency network
 * schedules nearly everything "now") cost O(1) however many are queued, so a test with 50,000
 * connections pays no more per event than one with 100.
 */
export class Scheduler {
  /** Distinct times with pending events, a binary min-heap. */
  private times: number[] = [];
  private buckets = new Map<number, Bucket>();
  private count = 0;
  /** Runs events on `clock`; it never moves the clock itself (the driver or the test does). */
  constructor(
    /** The clock events are timed on. */
    readonly clock: ManualClock,
  ) {}

  /** Runs fn when virtual time reaches now + delayMs. */
  after(delayMs: number, fn: () => void): void {
    this.at(this.clock.t + delayMs, fn);
  }

  /** Runs fn when virtual time reaches the absolute time `at` (after earlier events of that time). */
  at(at: number, fn: () => void): void {
    let b = this.buckets.get(at);
    if (b === undefined) {
      b = { fns: [], head: 0 };
      this.buckets.set(at, b);
      this.pushTime(at);
    }
    b.fns.push(fn);
    this.count++;
  }

  /** Time of the next event, Infinity when none. */
  next(): number {
    return this.times.length > 0 ? this.times[0]! : Number.POSITIVE_INFINITY;
  }

  /** Events scheduled and not yet run. */
  get size(): number {
    return this.count;
  }

  /** Runs every event due at or before now; returns how many ran. */
  runDue(): number {
    let n = 0;
    const times = this.times;
    // The earliest time is looked up again after every event: one may schedule an earlier one.
    while (times.length > 0 && times[0]! <= this.clock.t) {
      const t = times[0]!;
      const b = this.buckets.get(t)!;
      if (b.head === b.fns.length) {
        this.buckets.delete(t);
        this.popTime();
        continue;
      }
      const fn = b.fns[b.head]!;
      b.fns[b.head++] = undefined;
      if (b.head >= 1024 && b.head * 2 >= b.fns.length) {
        // A long-lived bucket (events keep arriving "now"): drop the run part.
        b.fns.splice(0, b.head);
        b.head = 0;
      }
      this.count--;
      fn();
      n++;
    }
    return n;
  }

  private pushTime(t: number): void {
    const h = this.times;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(t < h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = t;
  }

  private popTime(): void {
    const h = this.times;
    const last = h.pop()!;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const m = r < h.length && h[r]! < h[l]! ? r : l;
      if (!(h[m]! < last)) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
  }
}
