// The transfers waiting for a connection slot (libcurl's multi->pending set), ordered by when they were
// added to the multi (libcurl orders by the transfer's mid). A freed slot wakes ONE waiting transfer,
// round robin from the one woken last (libcurl's multi_schedule_pending): the woken transfer leaves
// the queue, runs, and either gets a connection (an idle one first) or comes back to its old place.
//
// Storage: one array in addSeq order whose entries may be stale (left, or woken and not back yet), so
// that taking one out, and putting a woken one back at its place, costs O(1); the array is compacted
// when stale entries outnumber live ones. Invariants: `items` is strictly increasing in addSeq; an
// item is `listed` iff it is in `items`; `queued` implies `listed`; `live` counts the queued ones.

/** What the queue needs of a waiting transfer. */
export interface Waiter {
  /** Order of addition to the multi (libcurl's mid): the place in the queue. */
  addSeq: number;
  /** Waiting in the queue now. */
  queued: boolean;
  /** Has an entry in the queue's array (queued, or out and not yet compacted away). */
  listed: boolean;
}

export class PendingQueue<T extends Waiter> {
  private items: T[] = [];
  private live = 0;
  /** addSeq of the transfer woken last: the next wake-up starts after it. */
  private lastWoken = -1;

  /** Waiting transfers. */
  get length(): number {
    return this.live;
  }

  /** Puts t at its place (by addSeq). A transfer already queued stays where it is. */
  add(t: T): void {
    if (t.queued) return;
    t.queued = true;
    this.live++;
    if (t.listed) return; // its entry is still there: back at its old place
    const items = this.items;
    let i = items.length;
    // Most transfers queue in the order they were added: the end is the usual place.
    if (i > 0 && items[i - 1]!.addSeq > t.addSeq) i = this.lowerBound(t.addSeq);
    items.splice(i, 0, t);
    t.listed = true;
  }

  /** Takes t out (it got a connection, finished or was removed); no-op when not queued. */
  remove(t: T): void {
    if (!t.queued) return;
    t.queued = false;
    this.live--;
    this.maybeCompact();
  }

  /** Takes t out and drops its entry too (it leaves the multi; its addSeq may be reused). */
  forget(t: T): void {
    this.remove(t);
    if (!t.listed) return;
    const i = this.lowerBound(t.addSeq);
    if (this.items[i] === t) this.items.splice(i, 1);
    t.listed = false;
  }

  /**
   * Takes out the transfer to wake for a freed slot: the first waiting one after the one woken last,
   * wrapping around to the first; undefined when nobody waits. Its entry stays, so that it goes back
   * to the same place if it finds no room.
   */
  wake(): T | undefined {
    if (this.live === 0) return undefined;
    const items = this.items;
    const n = items.length;
    let i = this.lowerBound(this.lastWoken + 1);
    for (let k = 0; k < n; k++, i++) {
      if (i >= n) i = 0;
      const t = items[i]!;
      if (!t.queued) continue;
      t.queued = false;
      this.live--;
      this.lastWoken = t.addSeq;
      this.maybeCompact();
      return t;
    }
    return undefined;
  }

  /** Forgets every waiter (the multi is closed). */
  clear(): void {
    for (const t of this.items) t.queued = t.listed = false;
    this.items.length = 0;
    this.live = 0;
    this.lastWoken = -1;
  }

  /** Drops the stale entries once they outnumber the live ones (and there are enough to matter). */
  private maybeCompact(): void {
    const items = this.items;
    const stale = items.length - this.live;
    if (stale <= 32 || stale <= this.live) return;
    let w = 0;
    for (let r = 0; r < items.length; r++) {
      const t = items[r]!;
      if (t.queued) items[w++] = t;
      else t.listed = false;
    }
    items.length = w;
  }

  /** First index whose addSeq is >= seq. */
  private lowerBound(seq: number): number {
    const items = this.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (items[mid]!.addSeq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Debug-only consistency check. */
  assertInvariants(): void {
    let live = 0;
    for (let i = 0; i < this.items.length; i++) {
      const t = this.items[i]!;
      if (!t.listed) throw new Error(`PendingQueue: entry ${t.addSeq} not flagged listed`);
      if (t.queued) live++;
      if (i > 0 && this.items[i - 1]!.addSeq >= t.addSeq)
        throw new Error("PendingQueue: not strictly ordered");
    }
    if (live !== this.live) throw new Error(`PendingQueue: live ${this.live} != ${live} queued`);
  }
}
