// Per-handle expire rows plus the splay tree of handles keyed by their nearest deadline: the
// timeout bookkeeping of libcurl's multi handle (Curl_expire & co. in lib/multi.c), pure data.
//
// Invariants (checked by assertInvariants):
// - rows[slot * STRIDE + id] is the absolute deadline of `id` for `slot`, Infinity if unset.
// - rows[slot * STRIDE + NEAR] caches the minimum of those (Infinity when no ID is set), and
//   idBits[slot] the set of IDs with a deadline (bit 1 << id).
// - A slot is in the tree iff its nearest deadline is finite, and then keyed at exactly it.
//
// The ID bits live apart from the rows on purpose: 4 bytes per handle stay in cache, and re-arming
// a handle's only ID (libcurl's speed check, on every progress update) then reads no row at all:
// the old nearest deadline is the tree key, which the re-key touches anyway. The row is only
// written, and a store does not stall on a cache miss.

import { EXPIRE_LAST } from "./expire-ids.ts";
import { SplayTree } from "./splay.ts";

const INF = Number.POSITIVE_INFINITY;
/** Row length: the IDs, then the cached nearest deadline, padded to 16 doubles so that the index
 * is a shift. */
const SHIFT = 4;
const STRIDE = 1 << SHIFT;
const NEAR = EXPIRE_LAST;
if (NEAR >= STRIDE) throw new Error("timer: EXPIRE_LAST does not fit a row");
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
 * Timeouts of all handles of one multi: each slot (a handle) has EXPIRE_LAST independent
 * deadlines; the tree orders slots by their nearest one. Times are milliseconds on the caller's
 * clock (floats). Allocates nothing once grown.
 */
export class TimerQueue {
  /** Per slot: EXPIRE_LAST deadlines (Infinity = unset), then their cached minimum. */
  rows: Float64Array;
  /** Per slot: the IDs with a deadline, as bits `1 << id`. */
  idBits: Int32Array;
  readonly tree: SplayTree;
  /** IDs cleared by the last takeExpired(), as bits `1 << id`; 0 when it returned -1. */
  lastExpiredMask = 0;
  private cap: number;

  /** Slot numbers below `initialCapacity` need no growth. */
  constructor(initialCapacity = 64) {
    const cap = Math.max(1, Math.ceil(initialCapacity));
    this.cap = cap;
    this.rows = new Float64Array(cap << SHIFT).fill(INF);
    this.idBits = new Int32Array(cap);
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
    const bits = new Int32Array(cap);
    bits.set(this.idBits);
    this.idBits = bits;
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
   * The tree is touched only when the slot's nearest deadline changes.
   */
  expireAt(slot: number, deadline: number, id: number): void {
    if (slot >= this.cap || !(slot >= 0) || (slot | 0) !== slot) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) badSlot(slot);
      this.grow(slot + 1);
    }
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (Number.isNaN(deadline)) throw new RangeError(`TimerQueue: NaN deadline for slot ${slot}`);
    const rows = this.rows;
    const base = slot << SHIFT;
    const bits = this.idBits[slot]!;
    const bit = 1 << id;
    const nbits = deadline === INF ? bits & ~bit : bits | bit;
    this.idBits[slot] = nbits;
    if ((bits | bit) === bit) {
      // At most this ID was set: the new nearest is `deadline`, the old one the tree key.
      rows[base + id] = deadline;
      if (bits === 0) {
        if (deadline === INF) return;
        rows[base + NEAR] = deadline;
        this.tree.insert(slot, deadline);
        return;
      }
      const tree = this.tree;
      if (tree.key(slot) === deadline) return;
      rows[base + NEAR] = deadline;
      tree.remove(slot);
      if (deadline !== INF) tree.insert(slot, deadline);
      return;
    }
    const old = rows[base + id]!;
    rows[base + id] = deadline;
    const cur = rows[base + NEAR]!;
    let nn: number;
    if (deadline < cur) nn = deadline;
    else if (old === cur && deadline > old) nn = rowMin(rows, base, nbits);
    else return;
    if (nn !== cur) this.rekey(slot, base, cur, nn);
  }

  /** Clears timeout `id` of `slot`, if set. libcurl: `Curl_expire_done` (8.15) /
   * `Curl_expire_clear(data, id)` (later), which also re-keys the handle. */
  expireDone(slot: number, id: number): void {
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return;
    const bits = this.idBits[slot]!;
    const bit = 1 << id;
    if ((bits & bit) === 0) return;
    const nbits = bits & ~bit;
    this.idBits[slot] = nbits;
    const rows = this.rows;
    const base = slot << SHIFT;
    const old = rows[base + id]!;
    rows[base + id] = INF;
    const cur = rows[base + NEAR]!;
    if (old !== cur) return;
    const nn = rowMin(rows, base, nbits);
    if (nn !== cur) this.rekey(slot, base, cur, nn);
  }

  /** Clears every timeout of `slot`; it leaves the tree. libcurl: `Curl_expire_clear` (8.15) /
   * `Curl_expire_clear_all` (later). */
  expireClear(slot: number): void {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return;
    if (this.idBits[slot] === 0) return;
    const base = slot << SHIFT;
    this.rows.fill(INF, base, base + NEAR + 1);
    this.idBits[slot] = 0;
    this.tree.remove(slot);
  }

  /** Absolute deadline of timeout `id` of `slot`, Infinity when unset. */
  deadline(slot: number, id: number): number {
    if (id >>> 0 !== id || id >= EXPIRE_LAST) badId(id);
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return INF;
    return this.rows[(slot << SHIFT) + id]!;
  }

  /** The nearest deadline of `slot`, Infinity when it has none. */
  nearest(slot: number): number {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return INF;
    return this.rows[(slot << SHIFT) + NEAR]!;
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
    const rows = this.rows;
    const base = slot << SHIFT;
    let bits = this.idBits[slot]!;
    let mask = 0;
    let m = INF;
    for (let id = 0, b = bits; b !== 0; id++, b >>>= 1) {
      if ((b & 1) === 0) continue;
      const d = rows[base + id]!;
      if (d <= now) {
        rows[base + id] = INF;
        mask |= 1 << id;
      } else if (d < m) {
        m = d;
      }
    }
    bits &= ~mask;
    this.idBits[slot] = bits;
    rows[base + NEAR] = m;
    if (m !== INF) this.tree.insert(slot, m);
    this.lastExpiredMask = mask;
    return slot;
  }

  /** Debug check: tree invariants plus rows, cache and tree agreeing. Throws on violation. */
  assertInvariants(): void {
    const tree = this.tree;
    tree.assertInvariants();
    const rows = this.rows;
    let inTree = 0;
    for (let s = 0; s < this.cap; s++) {
      const base = s << SHIFT;
      const m = rowMin(rows, base, (1 << EXPIRE_LAST) - 1);
      const n = rows[base + NEAR]!;
      if (m !== n) {
        throw new Error(`timer: slot ${s} caches nearest ${n}, row minimum is ${m}`);
      }
      let bits = 0;
      for (let id = 0; id < EXPIRE_LAST; id++) {
        if (rows[base + id] !== INF) bits |= 1 << id;
      }
      const cached = this.idBits[s];
      if (cached !== bits) {
        throw new Error(`timer: slot ${s} caches ID bits ${cached}, row has ${bits}`);
      }
      for (let i = base + NEAR + 1; i < base + STRIDE; i++) {
        if (rows[i] !== INF) throw new Error(`timer: slot ${s} padding word ${i - base} written`);
      }
      if (m === INF) {
        if (tree.has(s)) throw new Error(`timer: slot ${s} has no deadline but is in the tree`);
      } else {
        inTree++;
        if (!tree.has(s)) throw new Error(`timer: slot ${s} has deadline ${m}, not in the tree`);
        const k = tree.key(s);
        if (k !== m) throw new Error(`timer: slot ${s} keyed at ${k}, row minimum is ${m}`);
      }
    }
    if (inTree !== tree.size) {
      throw new Error(`timer: ${inTree} slots have deadlines, tree holds ${tree.size}`);
    }
  }

  private rekey(slot: number, base: number, cur: number, nn: number): void {
    this.rows[base + NEAR] = nn;
    if (cur !== INF) this.tree.remove(slot);
    if (nn !== INF) this.tree.insert(slot, nn);
  }
}
