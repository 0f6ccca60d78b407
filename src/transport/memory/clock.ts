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

/**
 * Timed events on a manual clock, run in (time, insertion) order. Small and simple: a binary heap of
 * entries; tests schedule thousands of events, not millions.
 */
export class Scheduler {
  private heap: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;
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
    const h = this.heap;
    h.push({ at, seq: this.seq++, fn });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  /** Time of the next event, Infinity when none. */
  next(): number {
    return this.heap.length > 0 ? this.heap[0]!.at : Number.POSITIVE_INFINITY;
  }

  /** Events scheduled and not yet run. */
  get size(): number {
    return this.heap.length;
  }

  /** Runs every event due at or before now; returns how many ran. */
  runDue(): number {
    let n = 0;
    while (this.heap.length > 0 && this.heap[0]!.at <= this.clock.t) {
      const e = this.pop();
      e.fn();
      n++;
    }
    return n;
  }

  private pop(): { at: number; seq: number; fn: () => void } {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
