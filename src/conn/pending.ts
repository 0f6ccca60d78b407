// The transfers waiting for a connection slot (libcurl's multi->pending set), ordered by when they were
// added to the multi (libcurl orders by the transfer's mid). A freed slot wakes ONE waiting transfer,
// round robin from the one woken last (libcurl's multi_schedule_pending): the woken transfer leaves
// the queue, runs, and either gets a connection (an idle one first) or comes back to its old place.
//
// Invariants: `seqs` is strictly increasing; an item is in the queue iff its `queued` flag is set.

/** What the queue needs of a waiting transfer. */
export interface Waiter {
  /** Order of addition to the multi (libcurl's mid): the place in the queue. */
  addSeq: number;
  /** In the queue now. */
  queued: boolean;
}

export class PendingQueue<T extends Waiter> {
  private items: T[] = [];
  private seqs: number[] = [];
  /** addSeq of the transfer woken last; the next wake-up starts after it. */
  private lastWoken = -1;

  get length(): number {
    return this.items.length;
  }

  /** Puts t at its place (by addSeq). A transfer already queued stays where it is. */
  add(t: T): void {
    if (t.queued) return;
    const seqs = this.seqs;
    let i = seqs.length;
    // Most transfers queue in the order they were added: the end is the usual place.
    if (i > 0 && seqs[i - 1]! > t.addSeq) i = this.lowerBound(t.addSeq);
    this.items.splice(i, 0, t);
    seqs.splice(i, 0, t.addSeq);
    t.queued = true;
  }

  /** Takes t out (it got a connection, finished or was removed); no-op when not queued. */
  remove(t: T): void {
    if (!t.queued) return;
    const i = this.lowerBound(t.addSeq);
    this.items.splice(i, 1);
    this.seqs.splice(i, 1);
    t.queued = false;
  }

  /**
   * Takes out the transfer to wake for a freed slot: the first after the one woken last, wrapping
   * around to the first; undefined when nobody waits.
   */
  wake(): T | undefined {
    if (this.items.length === 0) return undefined;
    let i = this.lowerBound(this.lastWoken + 1);
    if (i >= this.items.length) i = 0;
    const t = this.items[i]!;
    this.items.splice(i, 1);
    this.seqs.splice(i, 1);
    t.queued = false;
    this.lastWoken = t.addSeq;
    return t;
  }

  /** Forgets every waiter (the multi is closed). */
  clear(): void {
    for (const t of this.items) t.queued = false;
    this.items.length = 0;
    this.seqs.length = 0;
  }

  /** First index whose seq is >= seq. */
  private lowerBound(seq: number): number {
    const seqs = this.seqs;
    let lo = 0;
    let hi = seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (seqs[mid]! < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Debug-only consistency check. */
  assertInvariants(): void {
    if (this.items.length !== this.seqs.length) throw new Error("PendingQueue: length mismatch");
    for (let i = 0; i < this.items.length; i++) {
      const t = this.items[i]!;
      if (!t.queued) throw new Error(`PendingQueue: item ${t.addSeq} not flagged queued`);
      if (t.addSeq !== this.seqs[i]) throw new Error("PendingQueue: seq mismatch");
      if (i > 0 && this.seqs[i - 1]! >= this.seqs[i]!)
        throw new Error("PendingQueue: not strictly ordered");
    }
  }
}
