// Per-handle expire rows plus the splay tree of handles keyed by their nearest deadline: the
// timeout bookkeeping of libcurl's multi handle (Curl_expire & co. in lib/multi.c), pure data.
//
// Invariants (checked by assertInvariants):
// - ids(slot) is the set of IDs of `slot` with a deadline (bit 1 << id), kept in the caller's
//   word of the slot's tree record (REC_AUX), beside the key and links.
// - A slot is in the tree iff ids(slot) !== 0, keyed at exactly its nearest deadline (the head
//   of libcurl's per-handle timeout list). The tree key is the only copy of that minimum.
// - A slot with two or more IDs has each one's deadline in rows[slot * STRIDE + id]. A slot with
//   one ID keeps its deadline only as the tree key: its row words are stale and never read.
//
// Why: a handle usually has one timer ID armed (libcurl re-arms EXPIRE_SPEEDCHECK on every
// progress update), and 50,000 rows of 128 bytes do not stay in cache. With the ID bits and the
// deadline in the tree record, re-arming that ID touches one 32-byte record (which the re-key
// reads anyway) and never the row. A row is written when a second ID arrives and read only while
// two or more are set.

import { EXPIRE_LAST } from "./expire-ids.ts";
import { REC_AUX, REC_SHIFT, SplayTree } from "./splay.ts";

const INF = Number.POSITIVE_INFINITY;
/** Row length: the EXPIRE_LAST IDs padded to 16 doubles, so that the index is a shift. */
const SHIFT = 4;
if (EXPIRE_LAST > 1 << SHIFT) throw new Error("timer: EXPIRE_LAST does not fit a row");
/** Slot limit: keeps `slot << SHIFT` an int32 (64 Mi handles, far beyond memory anyway). */
const MAX_SLOTS = 1 << 26;
/** libcurl caps expire delays at INT_MAX ms (lib/multi.c, Curl_expire). */
const MAX_DELAY_MS = 2147483647;

function badSlot(slot: number): never {
  throw new RangeError(`TimerQueue: invalid slot ${slot}`);
}

function badId(id: number): never {
  throw new RangeError(`TimerQueue: invalid expire id ${id} (0..${EXPIRE_LAST - 1})`);
}

/** Smallest deadline among the IDs `bits` of the row starting at `base`. */
function rowMin(rows: Float64Array, base: number, bits: number): number {
  let m = INF;
  for (let id = 0; bits !== 0; id++, bits >>>= 1) {
    if (bits & 1) {
      const d = rows[base + id]!;
      if (d < m) m = d;
    }
  }
  return m;
}

/**
 * Moves `slot` (in the tree) to `key`; nothing when the key is unchanged, so the slot keeps its FIFO
 * place among equal keys. remove + insert: a combined re-key method on the tree measured slower on
 * this path (24.9-27.4 against 22.6-25.9 ns per re-arm at 50,000 handles, same host).
 */
function rekey(tree: SplayTree, slot: number, key: number): void {
  if (tree.keyOf[slot << 2] === key) return;
  tree.remove(slot);
  tree.insert(slot, key);
}

/**
 * Timeouts of all handles of one multi: each slot (a handle) has EXPIRE_LAST independent
 * deadlines; the tree orders slots by their nearest one. Times are milliseconds on the caller's
 * clock (floats). Allocates nothing once grown.
 */
export class TimerQueue {
  /** Per slot: EXPIRE_LAST deadlines, live only while the slot has two or more IDs set. */
  rows: Float64Array;
  readonly tree: SplayTree;
  /** IDs cleared by the last takeExpired(), as bits `1 << id`; 0 when it returned -1. */
  lastExpiredMask = 0;
  private cap: number;

  /** Slot numbers below `initialCapacity` need no growth. */
  constructor(initialCapacity = 64) {
    const cap = Math.max(1, Math.ceil(initialCapacity));
    this.cap = cap;
    this.rows = new Float64Array(cap << SHIFT).fill(INF);
    this.tree = new SplayTree(cap);
  }

  /** Handles in the tree (those with at least one deadline set). */
  get size(): number {
    return this.tree.size;
  }

  /** Slots 0..capacity-1 are storable without growing. */
  get capacity(): number {
    return this.cap;
  }

  /** Grows rows and tree (doubling) so that slot `minCapacity - 1` fits. Never shrinks. */
  grow(minCapacity: number): void {
    if (minCapacity <= this.cap) return;
    let cap = this.cap;
    while (cap < minCapacity) cap *= 2;
    const rows = new Float64Array(cap << SHIFT).fill(INF);
    rows.set(this.rows);
    this.rows = rows;
    this.tree.grow(cap);
    this.cap = cap;
  }

  /**
   * Sets (or replaces) timeout `id` of `slot` to `now + ms`; `ms` is capped at 2^31-1 like
   * libcurl. libcurl: `Curl_expire(data, milli, id)`.
   */
  expire(slot: number, now: number, ms: number, id: number): void {
    this.expireAt(slot, now + Math.min(ms, MAX_DELAY_MS), id);
  }

  /**
   * Sets (or replaces) timeout `id` of `slot` to the absolute `deadline` (Infinity = unset).
   * The tree is touched only when the slot's nearest deadline changes; the row only when
   * another ID of the slot is set too.
   */
  expireAt(slot: number, deadline: number, id: number): void {
    if (slot >= this.cap || !(slot >= 0) || (slot | 0) !== slot) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) badSlot(slot);
      this.grow(slot + 1);
    }
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (Number.isNaN(deadline)) throw new RangeError(`TimerQueue: NaN deadline for slot ${slot}`);
    if (deadline === INF) {
      this.expireDone(slot, id);
      return;
    }
    const tree = this.tree;
    const rec = tree.rec;
    const w = (slot << REC_SHIFT) + REC_AUX;
    const bits = rec[w]!;
    const bit = 1 << id;
    if ((bits | bit) === bit) {
      // No ID, or only this one: the deadline is the tree key alone (the re-arm fast path).
      if (bits === 0) {
        rec[w] = bit;
        tree.insert(slot, deadline);
      } else {
        rekey(tree, slot, deadline);
      }
      return;
    }
    const rows = this.rows;
    const base = slot << SHIFT;
    const cur = tree.keyOf[slot << 2]!;
    const nbits = bits | bit;
    rec[w] = nbits;
    if ((bits & (bits - 1)) === 0) {
      // One other ID, so far kept only as the tree key: its row word becomes live.
      rows[base + 31 - Math.clz32(bits)] = cur;
      rows[base + id] = deadline;
      if (deadline < cur) rekey(tree, slot, deadline);
      return;
    }
    const old = (bits & bit) === 0 ? INF : rows[base + id]!;
    rows[base + id] = deadline;
    if (deadline < cur) rekey(tree, slot, deadline);
    else if (old === cur && deadline > old) {
      // The nearest moved later: the next one is the row's minimum (libcurl's list head).
      const nn = rowMin(rows, base, nbits);
      if (nn !== cur) rekey(tree, slot, nn);
    }
  }

  /** Clears timeout `id` of `slot`, if set. libcurl: `Curl_expire_done` (8.15) /
   * `Curl_expire_clear(data, id)` (later), which also re-keys the handle. */
  expireDone(slot: number, id: number): void {
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return;
    const tree = this.tree;
    const w = (slot << REC_SHIFT) + REC_AUX;
    const bits = tree.rec[w]!;
    const bit = 1 << id;
    if ((bits & bit) === 0) return;
    const nbits = bits & ~bit;
    tree.rec[w] = nbits;
    if (nbits === 0) {
      tree.remove(slot);
      return;
    }
    // Two or more IDs were set: the row is live.
    const rows = this.rows;
    const base = slot << SHIFT;
    const cur = tree.keyOf[slot << 2]!;
    if (rows[base + id] !== cur) return;
    const nn = rowMin(rows, base, nbits);
    if (nn !== cur) rekey(tree, slot, nn);
  }

  /** Clears every timeout of `slot`; it leaves the tree. libcurl: `Curl_expire_clear` (8.15) /
   * `Curl_expire_clear_all` (later). */
  expireClear(slot: number): void {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return;
    const w = (slot << REC_SHIFT) + REC_AUX;
    if (this.tree.rec[w] === 0) return;
    this.tree.rec[w] = 0;
    this.tree.remove(slot);
  }

  /** Absolute deadline of timeout `id` of `slot`, Infinity when unset. */
  deadline(slot: number, id: number): number {
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return INF;
    const bits = this.ids(slot);
    const bit = 1 << id;
    if ((bits & bit) === 0) return INF;
    return bits === bit ? this.tree.keyOf[slot << 2]! : this.rows[(slot << SHIFT) + id]!;
  }

  /** The nearest deadline of `slot`, Infinity when it has none. */
  nearest(slot: number): number {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return INF;
    return this.ids(slot) === 0 ? INF : this.tree.keyOf[slot << 2]!;
  }

  /** The IDs of `slot` with a deadline, as bits `1 << id` (0 for a slot beyond capacity). */
  ids(slot: number): number {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return 0;
    return this.tree.rec[(slot << REC_SHIFT) + REC_AUX]!;
  }

  /** The nearest deadline over all handles, Infinity when none (input of the timer callback). */
  peek(): number {
    return this.tree.peekKey();
  }

  /**
   * Takes one handle whose nearest deadline is <= `now` (the smallest first), or returns -1.
   * Clears from its row every ID due by `now` (reported in `lastExpiredMask`) and re-inserts
   * it keyed at its next deadline, which is > now: looping until -1 yields each expired handle
   * once. libcurl: `Curl_splaygetbest` + `add_next_timeout` in multi_socket's timer loop.
   */
  takeExpired(now: number): number {
    const slot = this.tree.getBest(now);
    if (slot < 0) {
      this.lastExpiredMask = 0;
      return -1;
    }
    const rec = this.tree.rec;
    const w = (slot << REC_SHIFT) + REC_AUX;
    let bits = rec[w]!;
    if ((bits & (bits - 1)) === 0) {
      // One ID: the key that just expired was its deadline.
      rec[w] = 0;
      this.lastExpiredMask = bits;
      return slot;
    }
    const rows = this.rows;
    const base = slot << SHIFT;
    let mask = 0;
    let m = INF;
    for (let id = 0, b = bits; b !== 0; id++, b >>>= 1) {
      if ((b & 1) === 0) continue;
      const d = rows[base + id]!;
      if (d <= now) mask |= 1 << id;
      else if (d < m) m = d;
    }
    bits &= ~mask;
    rec[w] = bits;
    if (bits !== 0) this.tree.insert(slot, m);
    this.lastExpiredMask = mask;
    return slot;
  }

  /** Debug check: tree invariants plus ID bits, rows and tree keys agreeing. Throws on
   * violation. */
  assertInvariants(): void {
    const tree = this.tree;
    tree.assertInvariants();
    const rows = this.rows;
    let inTree = 0;
    for (let s = 0; s < this.cap; s++) {
      const bits = this.ids(s);
      if (bits >>> EXPIRE_LAST !== 0) throw new Error(`timer: slot ${s} has ID bits ${bits}`);
      if (bits === 0) {
        if (tree.has(s)) throw new Error(`timer: slot ${s} has no ID but is in the tree`);
        continue;
      }
      inTree++;
      if (!tree.has(s)) throw new Error(`timer: slot ${s} has ID bits ${bits}, not in the tree`);
      const k = tree.key(s);
      if (!(k < INF)) throw new Error(`timer: slot ${s} keyed at ${k}`);
      if ((bits & (bits - 1)) === 0) continue;
      const m = rowMin(rows, s << SHIFT, bits);
      if (k !== m) throw new Error(`timer: slot ${s} keyed at ${k}, row minimum is ${m}`);
      for (let id = 0; id < EXPIRE_LAST; id++) {
        const d = rows[(s << SHIFT) + id]!;
        if ((bits & (1 << id)) !== 0 && !(d < INF)) {
          throw new Error(`timer: slot ${s} ID ${id} is set with deadline ${d}`);
        }
      }
    }
    if (inTree !== tree.size) {
      throw new Error(`timer: ${inTree} slots have deadlines, tree holds ${tree.size}`);
    }
  }
}
