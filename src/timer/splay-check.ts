// Debug-only invariant checker of the splay tree (splay.ts): walks every record and ring. Called
// by tests after operations, never in production (it allocates and is O(capacity)).
//
// Invariants: heads have distinct keys in BST order with `up` their parent (NIL at the root);
// equal keys hang in a closed FIFO ring off their head, marked MEMBER; an absent slot has next
// NIL; the cached minimum and maximum are the heads holding the smallest and largest key.

import { L, MEMBER, NIL, NX, PV, R, SHIFT, U } from "./splay-layout.ts";

/**
 * Checks every structural invariant of a tree given its state; throws with the first violation.
 * O(capacity). libcurl has no equivalent for the tree itself (unit1309 checks results only).
 */
export function assertTree(
  rec: Int32Array,
  keyOf: Float64Array,
  cap: number,
  root: number,
  count: number,
  minSlot: number,
  maxSlot: number,
): void {
  const seen = new Uint8Array(cap);
  let total = 0;
  let minHead = NIL;
  let maxHead = NIL;
  if (root !== NIL) {
    if (rec[(root << SHIFT) + U] !== NIL) {
      throw new Error(`splay: root ${root} has parent`);
    }
    // Iterative walk with explicit bounds: a splay tree may be a long path.
    const stack: number[] = [root];
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
      const k = keyOf[t << 2]!;
      if (!(k > a && k < b)) {
        throw new Error(`splay: BST order broken at slot ${t}: key ${k} not in (${a}, ${b})`);
      }
      const x = t << SHIFT;
      if (rec[x + L] === MEMBER) throw new Error(`splay: tree node ${t} is marked as ring member`);
      if (rec[x + NX] === NIL) throw new Error(`splay: tree node ${t} is marked absent`);
      if (minHead === NIL || k < keyOf[minHead << 2]!) minHead = t;
      if (maxHead === NIL || k > keyOf[maxHead << 2]!) maxHead = t;
      total += checkRing(rec, keyOf, cap, count, t, seen) - 1;
      const l = rec[x + L]!;
      const g = rec[x + R]!;
      if (l !== NIL) {
        const ul = rec[(l << SHIFT) + U];
        if (ul !== t) throw new Error(`splay: up[${l}]=${ul}, its parent is ${t}`);
        stack.push(l);
        lo.push(a);
        hi.push(k);
      }
      if (g !== NIL) {
        const ug = rec[(g << SHIFT) + U];
        if (ug !== t) throw new Error(`splay: up[${g}]=${ug}, its parent is ${t}`);
        stack.push(g);
        lo.push(k);
        hi.push(b);
      }
    }
  }
  if (total !== count) throw new Error(`splay: size ${count}, walk found ${total}`);
  for (let s = 0; s < cap; s++) {
    if (!seen[s] && rec[(s << SHIFT) + NX] !== NIL) {
      throw new Error(`splay: slot ${s} not in tree, not absent`);
    }
  }
  if (minSlot !== minHead) {
    throw new Error(`splay: cached minimum ${minSlot}, actual minimum head ${minHead}`);
  }
  if (maxSlot !== maxHead) {
    throw new Error(`splay: cached maximum ${maxSlot}, actual maximum head ${maxHead}`);
  }
}

/** Ring of head `t`: closed, symmetric, all members marked, same key, each seen once.
 * Returns its length. */
function checkRing(
  rec: Int32Array,
  keyOf: Float64Array,
  cap: number,
  count: number,
  t: number,
  seen: Uint8Array,
): number {
  const k = keyOf[t << 2]!;
  let r = rec[(t << SHIFT) + NX]!;
  let p = t;
  let len = 1;
  while (r !== t) {
    if (!(r >= 0 && r < cap)) throw new Error(`splay: ring of ${t} links to slot ${r}`);
    const x = r << SHIFT;
    if (rec[x + PV] !== p)
      throw new Error(`splay: ring of ${t}: prev[${r}]=${rec[x + PV]}, not ${p}`);
    if (seen[r]) throw new Error(`splay: slot ${r} reached twice (ring of ${t})`);
    seen[r] = 1;
    if (rec[x + L] !== MEMBER) throw new Error(`splay: ring member ${r} of ${t} not marked`);
    if (keyOf[r << 2] !== k) {
      throw new Error(`splay: ring member ${r} has key ${keyOf[r << 2]}, head ${t} has ${k}`);
    }
    if (++len > count) throw new Error(`splay: ring of ${t} does not close`);
    p = r;
    r = rec[x + NX]!;
  }
  const pt = rec[(t << SHIFT) + PV];
  if (pt !== p) throw new Error(`splay: ring of ${t}: prev[${t}]=${pt}, not ${p}`);
  return len;
}
