// Top-down splay tree keyed by float deadlines, stored in typed arrays and indexed by the caller's
// slot numbers (libcurl's lib/splay.c without pointers). It knows nothing about transfers.
//
// Invariants (checked by assertInvariants):
// - Tree nodes ("heads") have pairwise distinct keys, in BST order over `left`/`right`, and
//   `up` is the parent of each head (NIL at the root).
// - Slots whose key equals a head's key hang off that head in a circular doubly linked ring
//   (`next`/`prev`, the head included), oldest first; they are marked `left === MEMBER`.
//   libcurl keeps the same "same" list so that equal deadlines cost O(1) beyond the splay.
// - A slot is absent iff `next[slot] === NIL`.
// - `minSlot` is the head holding the smallest key (NIL iff the tree is empty).
//
// Differences from libcurl, for speed (a handle is re-keyed on every data event):
// - insert splays like Curl_splayinsert, but remove unlinks the node through its parent
//   (predecessor replacement) instead of splaying it to the root first: removal never deepens
//   the tree, and the average cost is O(1) instead of two splays.
// - the minimum is tracked (in-order successor on removal), so peek and getBest do not splay.

/** Link value for "no node". */
const NIL = -1;
/** `left` value of a ring member that is not the tree node itself. */
const MEMBER = -2;

function checkSlot(slot: number): void {
  if (!Number.isInteger(slot) || slot < 0 || slot > 0x3fffffff) {
    throw new RangeError(`SplayTree: invalid slot ${slot}`);
  }
}

/**
 * A set of slots ordered by a float key, with O(1) handling of equal keys.
 * libcurl: `struct Curl_tree` and `Curl_splayinsert` / `Curl_splayremove` / `Curl_splaygetbest`.
 */
export class SplayTree {
  keys: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Parent of a head; lets remove() unlink without a splay. */
  up: Int32Array;
  /** Ring links between slots sharing one key; NIL marks an absent slot. */
  next: Int32Array;
  prev: Int32Array;
  private cap: number;
  private root = NIL;
  private count = 0;
  private minSlot = NIL;

  /** Slot numbers below `initialCapacity` need no growth. */
  constructor(initialCapacity = 64) {
    const cap = Math.max(1, Math.ceil(initialCapacity));
    this.cap = cap;
    // One extra entry past the slots: the scratch header node of the top-down splay, so the
    // splay loop needs no "is this the header" branch.
    this.keys = new Float64Array(cap + 1);
    this.left = new Int32Array(cap + 1).fill(NIL);
    this.right = new Int32Array(cap + 1).fill(NIL);
    this.up = new Int32Array(cap + 1).fill(NIL);
    this.next = new Int32Array(cap + 1).fill(NIL);
    this.prev = new Int32Array(cap + 1).fill(NIL);
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
    const old = this.cap;
    this.keys = copyF64(this.keys, old, cap);
    this.left = copyI32(this.left, old, cap);
    this.right = copyI32(this.right, old, cap);
    this.up = copyI32(this.up, old, cap);
    this.next = copyI32(this.next, old, cap);
    this.prev = copyI32(this.prev, old, cap);
    this.cap = cap;
  }

  /** True when `slot` is in the tree (as a tree node or a ring member). */
  has(slot: number): boolean {
    const n = this.next[slot];
    return n !== undefined && n !== NIL;
  }

  /** The key of `slot`, NaN when it is not in the tree. */
  key(slot: number): number {
    return this.has(slot) ? this.keys[slot]! : Number.NaN;
  }

  /**
   * Adds `slot` with `key`. libcurl: `Curl_splayinsert` (equal keys join the existing node's
   * list at its tail). Throws on a slot already present, a bad slot number or a NaN key.
   */
  insert(slot: number, key: number): void {
    if (slot >= this.cap || !(slot >= 0) || (slot | 0) !== slot) {
      checkSlot(slot);
      this.grow(slot + 1);
    }
    const next = this.next;
    if (next[slot] !== NIL) throw new Error(`SplayTree: slot ${slot} is already in the tree`);
    if (Number.isNaN(key)) throw new RangeError(`SplayTree: NaN key for slot ${slot}`);
    const keys = this.keys;
    const left = this.left;
    const right = this.right;
    const up = this.up;
    keys[slot] = key;
    this.count++;
    up[slot] = NIL;
    let t = this.root;
    if (t === NIL) {
      left[slot] = NIL;
      right[slot] = NIL;
      next[slot] = slot;
      this.prev[slot] = slot;
      this.root = slot;
      this.minSlot = slot;
      return;
    }
    t = this.splay(key, t);
    const tk = keys[t]!;
    if (key === tk) {
      // Append to the ring tail: getBest then hands out equal keys in FIFO order.
      const prev = this.prev;
      const tail = prev[t]!;
      next[tail] = slot;
      prev[slot] = tail;
      next[slot] = t;
      prev[t] = slot;
      left[slot] = MEMBER;
      right[slot] = NIL;
      return;
    }
    // The new node becomes the root, the splayed root one of its children.
    if (key < tk) {
      const a = left[t]!;
      left[slot] = a;
      if (a !== NIL) up[a] = slot;
      right[slot] = t;
      left[t] = NIL;
    } else {
      const b = right[t]!;
      right[slot] = b;
      if (b !== NIL) up[b] = slot;
      left[slot] = t;
      right[t] = NIL;
    }
    up[t] = slot;
    next[slot] = slot;
    this.prev[slot] = slot;
    this.root = slot;
    if (key < keys[this.minSlot]!) this.minSlot = slot;
  }

  /**
   * Removes `slot`. Returns false, changing nothing, when it is not in the tree (libcurl's
   * `Curl_splayremove` returns 2 for that), true when it was removed.
   */
  remove(slot: number): boolean {
    const next = this.next;
    const n = next[slot];
    if (n === undefined || n === NIL) return false;
    this.count--;
    next[slot] = NIL;
    if (this.left[slot] === MEMBER) {
      // A ring member: unlink in O(1), the tree shape does not change.
      const prev = this.prev;
      const p = prev[slot]!;
      next[p] = n;
      prev[n] = p;
      return true;
    }
    if (n !== slot) {
      this.promote(slot, n);
      return true;
    }
    if (slot === this.minSlot) this.minSlot = this.successor(slot);
    this.unlink(slot);
    return true;
  }

  /**
   * Removes and returns a slot whose key is <= `now`, the one with the smallest key (the oldest
   * among equal keys); -1 when there is none. libcurl: `Curl_splaygetbest`.
   */
  getBest(now: number): number {
    const m = this.minSlot;
    if (m === NIL || !(this.keys[m]! <= now)) return NIL;
    const next = this.next;
    const n = next[m]!;
    next[m] = NIL;
    this.count--;
    if (n !== m) {
      this.promote(m, n);
    } else {
      this.minSlot = this.successor(m);
      this.unlink(m);
    }
    return m;
  }

  /** The smallest key, Infinity when empty. O(1). */
  peekKey(): number {
    const m = this.minSlot;
    return m === NIL ? Number.POSITIVE_INFINITY : this.keys[m]!;
  }

  /** A slot holding the smallest key (the oldest of them), -1 when empty. O(1). */
  peekSlot(): number {
    return this.minSlot;
  }

  /** Empties the tree, keeping the storage. */
  clear(): void {
    this.next.fill(NIL);
    this.root = NIL;
    this.count = 0;
    this.minSlot = NIL;
  }

  /**
   * Debug check of every structural invariant; throws with the first violation. O(capacity).
   * libcurl has no equivalent for the tree itself (unit1309 checks results only).
   */
  assertInvariants(): void {
    const { keys, left, right, up, next, cap } = this;
    const seen = new Uint8Array(cap);
    let total = 0;
    let minHead = NIL;
    if (this.root !== NIL) {
      if (up[this.root] !== NIL) throw new Error(`splay: root ${this.root} has parent`);
      // Iterative walk with explicit bounds: a splay tree may be a long path.
      const stack: number[] = [this.root];
      const lo: number[] = [Number.NEGATIVE_INFINITY];
      const hi: number[] = [Number.POSITIVE_INFINITY];
      while (stack.length > 0) {
        const t = stack.pop()!;
        const a = lo.pop()!;
        const b = hi.pop()!;
        if (!(t >= 0 && t < cap)) throw new Error(`splay: link to out-of-range slot ${t}`);
        if (seen[t]) throw new Error(`splay: slot ${t} reached twice (cycle or shared child)`);
        seen[t] = 1;
        total++;
        const k = keys[t]!;
        if (!(k > a && k < b)) {
          throw new Error(`splay: BST order broken at slot ${t}: key ${k} not in (${a}, ${b})`);
        }
        if (left[t] === MEMBER) throw new Error(`splay: tree node ${t} is marked as ring member`);
        if (next[t] === NIL) throw new Error(`splay: tree node ${t} is marked absent`);
        if (minHead === NIL || k < keys[minHead]!) minHead = t;
        this.checkRing(t, seen);
        total += ringLength(next, t) - 1;
        const l = left[t]!;
        const g = right[t]!;
        if (l !== NIL) {
          if (up[l] !== t) throw new Error(`splay: up[${l}]=${up[l]}, its parent is ${t}`);
          stack.push(l);
          lo.push(a);
          hi.push(k);
        }
        if (g !== NIL) {
          if (up[g] !== t) throw new Error(`splay: up[${g}]=${up[g]}, its parent is ${t}`);
          stack.push(g);
          lo.push(k);
          hi.push(b);
        }
      }
    }
    if (total !== this.count) throw new Error(`splay: size ${this.count}, walk found ${total}`);
    for (let s = 0; s < cap; s++) {
      if (!seen[s] && next[s] !== NIL) throw new Error(`splay: slot ${s} not in tree, not absent`);
    }
    if (this.minSlot !== minHead) {
      throw new Error(`splay: cached minimum ${this.minSlot}, actual minimum head ${minHead}`);
    }
  }

  /** Ring of head `t`: closed, symmetric, all members marked, same key, each seen once. */
  private checkRing(t: number, seen: Uint8Array): void {
    const { keys, left, next, prev, cap } = this;
    const k = keys[t]!;
    let r = next[t]!;
    let p = t;
    let guard = 0;
    while (r !== t) {
      if (!(r >= 0 && r < cap)) throw new Error(`splay: ring of ${t} links to slot ${r}`);
      if (prev[r] !== p) throw new Error(`splay: ring of ${t}: prev[${r}]=${prev[r]}, not ${p}`);
      if (seen[r]) throw new Error(`splay: slot ${r} reached twice (ring of ${t})`);
      seen[r] = 1;
      if (left[r] !== MEMBER) throw new Error(`splay: ring member ${r} of ${t} not marked`);
      if (keys[r] !== k) {
        throw new Error(`splay: ring member ${r} has key ${keys[r]}, head ${t} has ${k}`);
      }
      if (++guard > this.count) throw new Error(`splay: ring of ${t} does not close`);
      p = r;
      r = next[r]!;
    }
    if (prev[t] !== p) throw new Error(`splay: ring of ${t}: prev[${t}]=${prev[t]}, not ${p}`);
  }

  /** Puts ring member `n` in head `h`'s place in the tree (same key); `h` leaves the ring. */
  private promote(h: number, n: number): void {
    const prev = this.prev;
    const left = this.left;
    const right = this.right;
    const up = this.up;
    const p = prev[h]!;
    this.next[p] = n;
    prev[n] = p;
    const a = left[h]!;
    const b = right[h]!;
    const u = up[h]!;
    left[n] = a;
    right[n] = b;
    up[n] = u;
    if (a !== NIL) up[a] = n;
    if (b !== NIL) up[b] = n;
    this.replaceChild(u, h, n);
    if (this.minSlot === h) this.minSlot = n;
  }

  /** In parent `u` (NIL: the root), child link `x` becomes `c`. */
  private replaceChild(u: number, x: number, c: number): void {
    if (u === NIL) this.root = c;
    else if (this.left[u] === x) this.left[u] = c;
    else this.right[u] = c;
  }

  /** The head after `x` in key order, NIL if none (walks at most to the next head). */
  private successor(x: number): number {
    const left = this.left;
    let y = this.right[x]!;
    if (y !== NIL) {
      for (let l = left[y]!; l !== NIL; l = left[y]!) y = l;
      return y;
    }
    const up = this.up;
    y = up[x]!;
    while (y !== NIL && this.right[y] === x) {
      x = y;
      y = up[y]!;
    }
    return y;
  }

  /** Takes head `x` (no ring members) out of the tree by BST deletion through its parent. */
  private unlink(x: number): void {
    const left = this.left;
    const right = this.right;
    const up = this.up;
    const u = up[x]!;
    const a = left[x]!;
    const b = right[x]!;
    let c: number;
    if (a === NIL) {
      c = b;
    } else if (b === NIL) {
      c = a;
    } else {
      // Two children: the predecessor (rightmost of the left subtree) takes x's place. The
      // walk is short on average: every right link lies on exactly one such path.
      c = a;
      for (let r = right[c]!; r !== NIL; r = right[c]!) c = r;
      if (c !== a) {
        const cp = up[c]!;
        const cl = left[c]!;
        right[cp] = cl;
        if (cl !== NIL) up[cl] = cp;
        left[c] = a;
        up[a] = c;
      }
      right[c] = b;
      up[b] = c;
    }
    if (c !== NIL) up[c] = u;
    this.replaceChild(u, x, c);
  }

  /**
   * Top-down splay of the whole tree (root `t`) around `key`: afterwards the root holds `key`
   * if present, otherwise a neighbour of it. Keeps `up` right. libcurl: `Curl_splay`.
   */
  private splay(key: number, t: number): number {
    const keys = this.keys;
    const left = this.left;
    const right = this.right;
    const up = this.up;
    const h = this.cap;
    left[h] = NIL;
    right[h] = NIL;
    let l = h;
    let r = h;
    for (;;) {
      const tk = keys[t]!;
      if (key < tk) {
        let y = left[t]!;
        if (y === NIL) break;
        if (key < keys[y]!) {
          // Zig-zig: rotate right before linking.
          const b = right[y]!;
          left[t] = b;
          if (b !== NIL) up[b] = t;
          right[y] = t;
          up[t] = y;
          t = y;
          y = left[t]!;
          if (y === NIL) break;
        }
        left[r] = t;
        up[t] = r;
        r = t;
        t = y;
      } else if (key > tk) {
        let y = right[t]!;
        if (y === NIL) break;
        if (key > keys[y]!) {
          const b = left[y]!;
          right[t] = b;
          if (b !== NIL) up[b] = t;
          left[y] = t;
          up[t] = y;
          t = y;
          y = right[t]!;
          if (y === NIL) break;
        }
        right[l] = t;
        up[t] = l;
        l = t;
        t = y;
      } else {
        break;
      }
    }
    const a = left[t]!;
    right[l] = a;
    if (a !== NIL) up[a] = l;
    const b = right[t]!;
    left[r] = b;
    if (b !== NIL) up[b] = r;
    const lt = right[h]!;
    const rt = left[h]!;
    left[t] = lt;
    right[t] = rt;
    if (lt !== NIL) up[lt] = t;
    if (rt !== NIL) up[rt] = t;
    up[t] = NIL;
    this.root = t;
    return t;
  }
}

function ringLength(next: Int32Array, t: number): number {
  let n = 1;
  for (let r = next[t]!; r !== t; r = next[r]!) n++;
  return n;
}

function copyF64(a: Float64Array, old: number, cap: number): Float64Array {
  const b = new Float64Array(cap + 1);
  b.set(a.subarray(0, old));
  return b;
}

function copyI32(a: Int32Array, old: number, cap: number): Int32Array {
  const b = new Int32Array(cap + 1).fill(NIL);
  b.set(a.subarray(0, old));
  return b;
}
