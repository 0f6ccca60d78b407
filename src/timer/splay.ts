// Splay tree keyed by float deadlines, stored as fixed 32-byte records in one typed-array buffer
// and indexed by the caller's slot numbers (libcurl's lib/splay.c without pointers).
//
// Invariants (checked by assertInvariants):
// - Tree nodes ("heads") have pairwise distinct keys, in BST order over left/right, and `up` is
//   the parent of each head (NIL at the root).
// - Slots whose key equals a head's key hang off that head in a circular doubly linked ring
//   (next/prev, the head included), oldest first; they are marked `left === MEMBER`.
//   libcurl keeps the same "same" list so that equal deadlines cost O(1) beyond the search.
// - A slot is absent iff its `next` is NIL.
// - `minSlot` / `maxSlot` are the heads holding the smallest / largest key (NIL iff empty).
//
// Differences from libcurl, for speed (a handle is re-keyed on every data event):
// - Every field of a slot sits in one 32-byte record (key as a double, five int32 links), so a
//   node visit costs one cache line instead of one per field.
// - insert walks down without writing (branch-free child choice) and splays the new node to the
//   root only when the walk was longer than about 2*log2(size)+4: random keys then cost a
//   read-only descent (~1.4*log2(n) levels at 50,000 handles, splays on ~0.02% of inserts), and
//   a degenerate shape is still repaired by the splay that a long walk triggers.
//   A key above the maximum is hung under the maximum directly (libcurl's re-arm pattern).
// - remove unlinks through the parent (predecessor replacement) instead of splaying first.
// - The minimum and maximum are tracked, so peek and getBest do not search.

import { assertTree } from "./splay-check.ts";
import { AUX, L, MEMBER, NIL, NX, PV, R, SHIFT, U } from "./splay-layout.ts";

/** Record words per slot as a shift, and the offset of the caller's word in a record:
 * `rec[(slot << REC_SHIFT) + REC_AUX]` (see splay-layout.ts). */
export const REC_SHIFT = SHIFT;
export const REC_AUX = AUX;
/** Slot limit: keeps `slot << SHIFT` an int32. */
const MAX_SLOTS = 1 << 27;

function badSlot(slot: number): never {
  throw new RangeError(`SplayTree: invalid slot ${slot}`);
}

/** Fresh records for `cap` slots: every link NIL (absent slots). */
function newBuffer(cap: number): ArrayBuffer {
  const buf = new ArrayBuffer(cap << (SHIFT + 2));
  const rec = new Int32Array(buf);
  rec.fill(NIL);
  for (let i = AUX; i < rec.length; i += 1 << SHIFT) rec[i] = 0;
  return buf;
}

/**
 * A set of slots ordered by a float key, with O(1) handling of equal keys.
 * libcurl: `struct Curl_tree` and `Curl_splayinsert` / `Curl_splayremove` / `Curl_splaygetbest`.
 */
export class SplayTree {
  /** Records as int32 words: slot `s` at `s << 3`; links at +2 (left), +3 (right), +4 (up),
   * +5 (next in ring, NIL when absent), +6 (prev in ring). */
  rec: Int32Array;
  /** The same buffer as doubles: the key of slot `s` is `keyOf[s << 2]`. */
  keyOf: Float64Array;
  private cap: number;
  private root = NIL;
  private count = 0;
  private minSlot = NIL;
  private maxSlot = NIL;
  /** Walks longer than this trigger a splay: 2*(floor(log2(size))+1)+2, set when the size reaches
   * a power of two (never lowered: a shrinking tree just splays a little later). */
  private limit = 2;

  /** Slot numbers below `initialCapacity` need no growth. */
  constructor(initialCapacity = 64) {
    const cap = Math.max(1, Math.ceil(initialCapacity));
    if (!(cap <= MAX_SLOTS)) badSlot(cap - 1);
    this.cap = cap;
    const buf = newBuffer(cap);
    this.rec = new Int32Array(buf);
    this.keyOf = new Float64Array(buf);
  }

  /** Number of slots in the tree, ring members included. */
  get size(): number {
    return this.count;
  }

  /** Slots 0..capacity-1 are storable without growing. */
  get capacity(): number {
    return this.cap;
  }

  /** Grows the storage (doubling) so that slot `minCapacity - 1` fits. Never shrinks. */
  grow(minCapacity: number): void {
    if (minCapacity <= this.cap) return;
    let cap = this.cap;
    while (cap < minCapacity) cap *= 2;
    const buf = newBuffer(cap);
    const rec = new Int32Array(buf);
    rec.set(this.rec);
    this.rec = rec;
    this.keyOf = new Float64Array(buf);
    this.cap = cap;
  }

  /** True when `slot` is in the tree (as a tree node or a ring member). */
  has(slot: number): boolean {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return false;
    return this.rec[(slot << SHIFT) + NX] !== NIL;
  }

  /** The key of `slot`, NaN when it is not in the tree. */
  key(slot: number): number {
    return this.has(slot) ? this.keyOf[slot << 2]! : Number.NaN;
  }

  /**
   * Adds `slot` with `key`. libcurl: `Curl_splayinsert` (equal keys join the existing node's
   * list at its tail). Throws on a slot already present, a bad slot number or a NaN key.
   */
  insert(slot: number, key: number): void {
    if (slot >= this.cap || !(slot >= 0) || (slot | 0) !== slot) {
      if (!Number.isInteger(slot) || slot < 0 || slot >= MAX_SLOTS) badSlot(slot);
      this.grow(slot + 1);
    }
    const rec = this.rec;
    const keyOf = this.keyOf;
    const x = slot << SHIFT;
    if (rec[x + NX] !== NIL) throw new Error(`SplayTree: slot ${slot} is already in the tree`);
    if (Number.isNaN(key)) throw new RangeError(`SplayTree: NaN key for slot ${slot}`);
    keyOf[slot << 2] = key;
    const n = ++this.count;
    if ((n & (n - 1)) === 0) this.limit = 2 * (32 - Math.clz32(n)) + 2;
    rec[x + L] = NIL;
    rec[x + R] = NIL;
    const max = this.maxSlot;
    if (max === NIL) {
      rec[x + U] = NIL;
      rec[x + NX] = slot;
      rec[x + PV] = slot;
      this.root = slot;
      this.minSlot = slot;
      this.maxSlot = slot;
      return;
    }
    const mk = keyOf[max << 2]!;
    if (key > mk) {
      // A new latest deadline: below the maximum, no search (libcurl re-arms this way).
      rec[(max << SHIFT) + R] = slot;
      rec[x + U] = max;
      rec[x + NX] = slot;
      rec[x + PV] = slot;
      this.maxSlot = slot;
      return;
    }
    if (key === mk) {
      this.joinRing(max, slot);
      return;
    }
    // Read-only descent; the child word is chosen by the comparison (no branch on direction).
    let t = this.root;
    let depth = 1;
    let c = 0;
    for (;;) {
      const tk = keyOf[t << 2]!;
      if (key === tk) {
        this.joinRing(t, slot);
        return;
      }
      c = (t << SHIFT) + L + +(key > tk);
      const next = rec[c]!;
      if (next === NIL) break;
      t = next;
      depth++;
    }
    rec[c] = slot;
    rec[x + U] = t;
    rec[x + NX] = slot;
    rec[x + PV] = slot;
    if (key < keyOf[this.minSlot << 2]!) this.minSlot = slot;
    if (depth > this.limit) this.splayUp(slot);
  }

  /**
   * Removes `slot`. Returns false, changing nothing, when it is not in the tree (libcurl's
   * `Curl_splayremove` returns 2 for that), true when it was removed.
   */
  remove(slot: number): boolean {
    if (!(slot >= 0 && slot < this.cap) || (slot | 0) !== slot) return false;
    const rec = this.rec;
    const x = slot << SHIFT;
    const n = rec[x + NX]!;
    if (n === NIL) return false;
    this.count--;
    rec[x + NX] = NIL;
    if (rec[x + L] === MEMBER) {
      // A ring member: unlink in O(1), the tree shape does not change.
      const p = rec[x + PV]!;
      rec[(p << SHIFT) + NX] = n;
      rec[(n << SHIFT) + PV] = p;
      return true;
    }
    if (n !== slot) {
      this.promote(slot, n);
      return true;
    }
    this.unlinkHead(slot);
    return true;
  }

  /**
   * Removes and returns a slot whose key is <= `now`, the one with the smallest key (the oldest
   * among equal keys); -1 when there is none. libcurl: `Curl_splaygetbest`.
   */
  getBest(now: number): number {
    const m = this.minSlot;
    if (m === NIL || !(this.keyOf[m << 2]! <= now)) return NIL;
    const rec = this.rec;
    const x = m << SHIFT;
    const n = rec[x + NX]!;
    rec[x + NX] = NIL;
    this.count--;
    if (n !== m) this.promote(m, n);
    else this.unlinkHead(m);
    return m;
  }

  /** The smallest key, Infinity when empty. O(1). */
  peekKey(): number {
    const m = this.minSlot;
    return m === NIL ? Number.POSITIVE_INFINITY : this.keyOf[m << 2]!;
  }

  /** A slot holding the smallest key (the oldest of them), -1 when empty. O(1). */
  peekSlot(): number {
    return this.minSlot;
  }

  /** Empties the tree, keeping the storage. */
  clear(): void {
    const rec = this.rec;
    for (let i = 0; i < rec.length; i += 1 << SHIFT) rec.fill(NIL, i, i + AUX);
    this.root = NIL;
    this.count = 0;
    this.minSlot = NIL;
    this.maxSlot = NIL;
    this.limit = 2;
  }

  /**
   * Debug check of every structural invariant; throws with the first violation. O(capacity).
   * libcurl has no equivalent for the tree itself (unit1309 checks results only).
   */
  assertInvariants(): void {
    assertTree(this.rec, this.keyOf, this.cap, this.root, this.count, this.minSlot, this.maxSlot);
  }

  /** Appends `slot` (key already stored) to the ring of head `h`: FIFO among equal keys. */
  private joinRing(h: number, slot: number): void {
    const rec = this.rec;
    const hx = h << SHIFT;
    const x = slot << SHIFT;
    const tail = rec[hx + PV]!;
    rec[(tail << SHIFT) + NX] = slot;
    rec[x + PV] = tail;
    rec[x + NX] = h;
    rec[hx + PV] = slot;
    rec[x + L] = MEMBER;
    rec[x + R] = NIL;
    rec[x + U] = NIL;
  }

  /** Puts ring member `n` in head `h`'s place in the tree (same key); `h` leaves the ring. */
  private promote(h: number, n: number): void {
    const rec = this.rec;
    const hx = h << SHIFT;
    const nx = n << SHIFT;
    const p = rec[hx + PV]!;
    rec[(p << SHIFT) + NX] = n;
    rec[nx + PV] = p;
    const a = rec[hx + L]!;
    const b = rec[hx + R]!;
    const u = rec[hx + U]!;
    rec[nx + L] = a;
    rec[nx + R] = b;
    rec[nx + U] = u;
    if (a !== NIL) rec[(a << SHIFT) + U] = n;
    if (b !== NIL) rec[(b << SHIFT) + U] = n;
    this.replaceChild(u, h, n);
    if (this.minSlot === h) this.minSlot = n;
    if (this.maxSlot === h) this.maxSlot = n;
  }

  /** In parent `u` (NIL: the root), child link `x` becomes `c`. */
  private replaceChild(u: number, x: number, c: number): void {
    if (u === NIL) this.root = c;
    else if (this.rec[(u << SHIFT) + L] === x) this.rec[(u << SHIFT) + L] = c;
    else this.rec[(u << SHIFT) + R] = c;
  }

  /**
   * Takes head `x` (no ring members left) out of the tree by BST deletion through its parent,
   * moving the cached minimum / maximum to its in-order neighbour when it was one of them.
   */
  private unlinkHead(x: number): void {
    const rec = this.rec;
    const xx = x << SHIFT;
    const u = rec[xx + U]!;
    const a = rec[xx + L]!;
    const b = rec[xx + R]!;
    if (x === this.minSlot) {
      // No left child: the successor is the leftmost of the right subtree, else the parent.
      let s = b;
      if (s !== NIL) {
        for (let l = rec[(s << SHIFT) + L]!; l !== NIL; l = rec[(s << SHIFT) + L]!) s = l;
      } else {
        s = u;
      }
      this.minSlot = s;
    }
    if (x === this.maxSlot) {
      let s = a;
      if (s !== NIL) {
        for (let r = rec[(s << SHIFT) + R]!; r !== NIL; r = rec[(s << SHIFT) + R]!) s = r;
      } else {
        s = u;
      }
      this.maxSlot = s;
    }
    let c: number;
    if (a === NIL) {
      c = b;
    } else if (b === NIL) {
      c = a;
    } else {
      // Two children: the predecessor (rightmost of the left subtree) takes x's place. The
      // walk is short on average: every right link lies on exactly one such path.
      c = a;
      for (let r = rec[(c << SHIFT) + R]!; r !== NIL; r = rec[(c << SHIFT) + R]!) c = r;
      const cx = c << SHIFT;
      if (c !== a) {
        const cp = rec[cx + U]!;
        const cl = rec[cx + L]!;
        rec[(cp << SHIFT) + R] = cl;
        if (cl !== NIL) rec[(cl << SHIFT) + U] = cp;
        rec[cx + L] = a;
        rec[(a << SHIFT) + U] = c;
      }
      rec[cx + R] = b;
      rec[(b << SHIFT) + U] = c;
    }
    if (c !== NIL) rec[(c << SHIFT) + U] = u;
    this.replaceChild(u, x, c);
  }

  /**
   * Bottom-up splay of head `x` to the root (zig-zig / zig-zag rotations through `up`). Called
   * after a long descent only, so its cost is paid by the walk that triggered it.
   * libcurl: `Curl_splay` (top-down there).
   */
  private splayUp(x: number): void {
    const rec = this.rec;
    const xx = x << SHIFT;
    let p = rec[xx + U]!;
    while (p !== NIL) {
      const px = p << SHIFT;
      const g = rec[px + U]!;
      const xLeft = rec[px + L] === x;
      if (g === NIL) {
        this.rotateUp(x, p, xLeft);
        break;
      }
      const pLeft = rec[(g << SHIFT) + L] === p;
      if (xLeft === pLeft) {
        // Zig-zig: the parent goes up first, then x.
        this.rotateUp(p, g, pLeft);
        this.rotateUp(x, p, xLeft);
      } else {
        // Zig-zag: x goes up twice.
        this.rotateUp(x, p, xLeft);
        this.rotateUp(x, g, pLeft);
      }
      p = rec[xx + U]!;
    }
  }

  /** Rotates child `x` above its parent `p` (`isLeft`: x is p's left child). */
  private rotateUp(x: number, p: number, isLeft: boolean): void {
    const rec = this.rec;
    const xx = x << SHIFT;
    const px = p << SHIFT;
    const g = rec[px + U]!;
    // The inner subtree of x moves across to p.
    const inner = isLeft ? xx + R : xx + L;
    const b = rec[inner]!;
    rec[isLeft ? px + L : px + R] = b;
    if (b !== NIL) rec[(b << SHIFT) + U] = p;
    rec[inner] = p;
    rec[px + U] = x;
    rec[xx + U] = g;
    if (g === NIL) this.root = x;
    else if (rec[(g << SHIFT) + L] === p) rec[(g << SHIFT) + L] = x;
    else rec[(g << SHIFT) + R] = x;
  }
}
