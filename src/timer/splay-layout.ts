// Record layout of the splay tree (splay.ts) and its debug checker (splay-check.ts): one 32-byte
// record of int32 words per slot, the key in words 0-1 read through a Float64Array view.

/** Link value for "no node". */
export const NIL = -1;
/** `left` value of a ring member that is not the tree node itself. */
export const MEMBER = -2;
/** Int32 words per record, as a shift (a power of two: the index is a shift). */
export const SHIFT = 3;
/** Word offsets inside a record: left, right, up (parent), next and prev in the ring of equal
 * keys (next is NIL when the slot is absent). The key of slot `s` is `keyOf[s << 2]`. */
export const L = 2;
export const R = 3;
export const U = 4;
export const NX = 5;
export const PV = 6;
/** The caller's word: `rec[(slot << SHIFT) + AUX]` is an int32 the tree never interprets
 * (libcurl's node payload, `Curl_splayset`). It is 0 at first and kept by insert, remove, getBest,
 * clear and grow, so a caller keeps per-slot state in the cache line the tree visits anyway. */
export const AUX = 7;
