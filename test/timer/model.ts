// Naive reference models for the timer tests (sorted array, per-slot rows) and a seeded PRNG.
// Slow on purpose: every answer is computed the obvious way.

import { EXPIRE_LAST } from "../../src/timer/expire-ids.ts";

/** mulberry32: small deterministic 32-bit PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return this.u32() % n;
  }
  /** Float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }
}

interface Entry {
  key: number;
  seq: number;
  slot: number;
}

/** Splay tree model: entries sorted by key, equal keys in insertion order (FIFO). */
export class SplayModel {
  private entries: Entry[] = [];
  private bySlot = new Map<number, Entry>();
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  has(slot: number): boolean {
    return this.bySlot.has(slot);
  }

  key(slot: number): number {
    return this.bySlot.get(slot)?.key ?? Number.NaN;
  }

  insert(slot: number, key: number): void {
    if (this.bySlot.has(slot)) throw new Error(`model: slot ${slot} present`);
    const e: Entry = { key, seq: this.seq++, slot };
    // Upper bound of key: newest among equals goes last.
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.entries[mid]!.key <= key) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, e);
    this.bySlot.set(slot, e);
  }

  remove(slot: number): boolean {
    const e = this.bySlot.get(slot);
    if (!e) return false;
    const i = this.entries.indexOf(e);
    this.entries.splice(i, 1);
    this.bySlot.delete(slot);
    return true;
  }

  /** Smallest key, Infinity when empty. */
  minKey(): number {
    return this.entries[0]?.key ?? Number.POSITIVE_INFINITY;
  }

  /** Oldest slot among those with the smallest key, -1 when empty. */
  minSlot(): number {
    return this.entries[0]?.slot ?? -1;
  }

  getBest(now: number): number {
    const e = this.entries[0];
    if (!e || !(e.key <= now)) return -1;
    this.remove(e.slot);
    return e.slot;
  }

  /** All slots currently with `key`, oldest first. */
  slotsWithKey(key: number): number[] {
    return this.entries.filter((e) => e.key === key).map((e) => e.slot);
  }
}

/** TimerQueue model: one plain array of deadlines per slot (Infinity = unset). */
export class QueueModel {
  private rows = new Map<number, number[]>();

  private row(slot: number): number[] {
    let r = this.rows.get(slot);
    if (!r) {
      r = new Array<number>(EXPIRE_LAST).fill(Number.POSITIVE_INFINITY);
      this.rows.set(slot, r);
    }
    return r;
  }

  expireAt(slot: number, deadline: number, id: number): void {
    this.row(slot)[id] = deadline;
  }

  expireDone(slot: number, id: number): void {
    this.row(slot)[id] = Number.POSITIVE_INFINITY;
  }

  expireClear(slot: number): void {
    this.rows.delete(slot);
  }

  deadline(slot: number, id: number): number {
    return this.rows.get(slot)?.[id] ?? Number.POSITIVE_INFINITY;
  }

  nearest(slot: number): number {
    const r = this.rows.get(slot);
    let m = Number.POSITIVE_INFINITY;
    if (r) for (const d of r) if (d < m) m = d;
    return m;
  }

  peek(): number {
    let m = Number.POSITIVE_INFINITY;
    for (const slot of this.rows.keys()) m = Math.min(m, this.nearest(slot));
    return m;
  }

  /** Slots with at least one deadline. */
  size(): number {
    let n = 0;
    for (const slot of this.rows.keys()) if (this.nearest(slot) < Number.POSITIVE_INFINITY) n++;
    return n;
  }

  /** Slots whose nearest deadline is <= now, sorted. */
  expiredSlots(now: number): number[] {
    const out: number[] = [];
    for (const slot of this.rows.keys()) if (this.nearest(slot) <= now) out.push(slot);
    return out.sort((a, b) => a - b);
  }

  /** Clears the IDs of `slot` due by `now` and returns them as a bitmask. */
  take(slot: number, now: number): number {
    const r = this.rows.get(slot);
    let mask = 0;
    if (!r) return 0;
    for (let id = 0; id < EXPIRE_LAST; id++) {
      if (r[id]! <= now) {
        r[id] = Number.POSITIVE_INFINITY;
        mask |= 1 << id;
      }
    }
    return mask;
  }
}

interface Timeout {
  slot: number;
  id: number;
  deadline: number;
}

/**
 * TimerQueue model as one flat array of (slot, id, deadline), with the order among equal
 * deadlines made explicit: a slot's `since` is a counter value taken whenever its nearest
 * deadline changes (or takeExpired re-inserts it), and takeExpired picks the smallest
 * (nearest, since). That is the queue's contract: the tree is touched exactly when a slot's
 * nearest deadline changes, and equal keys leave in FIFO order.
 */
export class FlatQueueModel {
  readonly timeouts: Timeout[] = [];
  private since = new Map<number, number>();
  private seq = 0;

  nearest(slot: number): number {
    let m = Number.POSITIVE_INFINITY;
    for (const t of this.timeouts) if (t.slot === slot && t.deadline < m) m = t.deadline;
    return m;
  }

  deadline(slot: number, id: number): number {
    const t = this.timeouts.find((e) => e.slot === slot && e.id === id);
    return t?.deadline ?? Number.POSITIVE_INFINITY;
  }

  /** Sets (Infinity: clears) one timeout; the slot's place moves when its nearest changed. */
  set(slot: number, id: number, deadline: number): void {
    const before = this.nearest(slot);
    const i = this.timeouts.findIndex((e) => e.slot === slot && e.id === id);
    if (i >= 0) this.timeouts.splice(i, 1);
    if (deadline !== Number.POSITIVE_INFINITY) this.timeouts.push({ slot, id, deadline });
    if (this.nearest(slot) !== before) this.since.set(slot, this.seq++);
  }

  clear(slot: number): void {
    for (let i = this.timeouts.length - 1; i >= 0; i--) {
      if (this.timeouts[i]!.slot === slot) this.timeouts.splice(i, 1);
    }
  }

  peek(): number {
    let m = Number.POSITIVE_INFINITY;
    for (const t of this.timeouts) if (t.deadline < m) m = t.deadline;
    return m;
  }

  /** Slots with a timeout. */
  size(): number {
    return new Set(this.timeouts.map((t) => t.slot)).size;
  }

  /** The slot takeExpired(now) must return with the IDs it clears, or slot -1. */
  takeExpired(now: number): { slot: number; mask: number } {
    let best = -1;
    let bestNear = Number.POSITIVE_INFINITY;
    let bestSince = 0;
    for (const slot of new Set(this.timeouts.map((t) => t.slot))) {
      const n = this.nearest(slot);
      const s = this.since.get(slot)!;
      if (n <= now && (n < bestNear || (n === bestNear && s < bestSince))) {
        best = slot;
        bestNear = n;
        bestSince = s;
      }
    }
    if (best < 0) return { slot: -1, mask: 0 };
    let mask = 0;
    for (let i = this.timeouts.length - 1; i >= 0; i--) {
      const t = this.timeouts[i]!;
      if (t.slot === best && t.deadline <= now) {
        mask |= 1 << t.id;
        this.timeouts.splice(i, 1);
      }
    }
    this.since.set(best, this.seq++);
    return { slot: best, mask };
  }
}
