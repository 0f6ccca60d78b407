// The HPACK Huffman code (RFC 7541 §5.2, Appendix B): encoded length, encoder, and a decoder that
// consumes one input byte per table lookup. The tables are built once, at module load (~2-3 ms).

import type { OutBuf } from "../out-buf.ts";
import { HUFFMAN_CODES, HUFFMAN_EOS, HUFFMAN_LENGTHS } from "./huffman-table.ts";
import { latin1String } from "./latin1.ts";

// ---- Decoding tables ------------------------------------------------------------------------
//
// The code is a full binary tree of 257 leaves, so it has 256 internal nodes; a decoder's state
// is the internal node it stands on (0 = the root: at a symbol boundary). Consuming input bits
// from a state walks down; reaching a leaf emits its symbol and jumps back to the root.
//
// NIBBLE[state * 16 + 4 bits] is that walk for 4 bits: since every code has 5 bits or more, at
// most one symbol ends inside 4 bits. BYTE[state * 256 + byte] composes two nibble steps: at most
// two symbols end inside 8 bits (a code finishing, then a whole 5..7-bit one). Decoding is then
// one lookup per input byte. BYTE is 256 KiB; the two-step construction keeps its build cheap.

/** Marks a child not yet created (leaves are ~0..~256, i.e. -1..-257). */
const UNSET = -1000;
/** child[node * 2 + bit]: an internal node (>= 0) or ~symbol for a leaf. */
const child = new Int32Array(512).fill(UNSET);
{
  let nodes = 1;
  for (let sym = 0; sym <= HUFFMAN_EOS; sym++) {
    const code = HUFFMAN_CODES[sym]!;
    let node = 0;
    for (let i = HUFFMAN_LENGTHS[sym]! - 1; i > 0; i--) {
      const k = node * 2 + ((code >>> i) & 1);
      if (child[k] === UNSET) child[k] = nodes++;
      node = child[k]!;
    }
    child[node * 2 + (code & 1)] = ~sym;
  }
}

/** NIBBLE entry bits: the symbol (0-7), "a symbol ended" (8), "EOS was reached" (9), next (16-23). */
const N_EMIT = 0x100;
const N_FAIL = 0x200;
const NIBBLE = new Uint32Array(256 * 16);
for (let state = 0; state < 256; state++) {
  for (let x = 0; x < 16; x++) {
    let node = state;
    let e = 0;
    for (let i = 3; i >= 0; i--) {
      const c = child[node * 2 + ((x >>> i) & 1)]!;
      if (c >= 0) {
        node = c;
        continue;
      }
      e |= ~c === HUFFMAN_EOS ? N_FAIL : N_EMIT | ~c;
      node = 0;
    }
    NIBBLE[state * 16 + x] = e | (node << 16);
  }
}

/**
 * BYTE entry bits: first symbol (0-7), second symbol (8-15), next state (16-23), symbols ended
 * (24-25), EOS reached (26). The decoder stores both symbol bytes and advances by the count,
 * which spares a branch per symbol.
 */
const B_FAIL = 1 << 26;
const BYTE = new Uint32Array(256 * 256);
for (let state = 0; state < 256; state++) {
  for (let b = 0; b < 256; b++) {
    const e1 = NIBBLE[state * 16 + (b >>> 4)]!;
    const e2 = NIBBLE[(e1 >>> 16) * 16 + (b & 15)]!;
    let syms = 0;
    let count = 0;
    if (e1 & N_EMIT) {
      syms = e1 & 0xff;
      count = 1;
    }
    if (e2 & N_EMIT) syms |= (e2 & 0xff) << (8 * count++);
    const fail = (e1 | e2) & N_FAIL ? B_FAIL : 0;
    BYTE[state * 256 + b] = syms | (e2 & 0xff0000) | (count << 24) | fail;
  }
}

/**
 * ACCEPT[state] = 1 where a string may end: the bits since the last symbol are padding, which
 * RFC 7541 §5.2 requires to be a prefix of EOS (all ones) of at most 7 bits. Those states are the
 * first 8 nodes down the all-ones path (the root included: no padding).
 */
const ACCEPT = new Uint8Array(256);
{
  let node = 0;
  for (let depth = 0; depth <= 7; depth++) {
    ACCEPT[node] = 1;
    node = child[node * 2 + 1]!;
  }
}

/**
 * Decoded bytes, before the one string conversion. Fixed: strings of up to 2047 coded bytes (all
 * but huge values) decode here; a larger one gets a buffer of its own.
 */
const SCRATCH = new Uint8Array(4096);

/**
 * Decodes the Huffman string buf[start..end) to a latin1 string. Returns null if it contains EOS,
 * or ends in padding that is longer than 7 bits or not all ones (RFC 7541 §5.2).
 */
export function huffmanDecode(buf: Uint8Array, start: number, end: number): string | null {
  // Output bound: each symbol takes 5 bits or more, so at most 1.6 bytes per input byte, +2 for
  // the two-symbol store. Integer math on purpose: a "/ 5" here (a double) made JSC compile this
  // loop 7x slower in Bun 1.4.5.
  const most = (end - start) * 2 + 2;
  const out = most <= SCRATCH.length ? SCRATCH : new Uint8Array(most);
  let state = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const e = BYTE[(state << 8) | buf[i]!]!;
    if (e & B_FAIL) return null;
    out[n] = e;
    out[n + 1] = e >>> 8;
    n += (e >>> 24) & 3;
    state = (e >>> 16) & 0xff;
  }
  if (ACCEPT[state] === 0) return null;
  return latin1String(out, 0, n);
}

// ---- Encoding -------------------------------------------------------------------------------

/** Bytes that huffmanEncode(s) writes: the code lengths summed, rounded up to whole bytes. */
export function huffmanEncodedLength(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits += HUFFMAN_LENGTHS[s.charCodeAt(i) & 0xff]!;
  return (bits + 7) >>> 3;
}

/**
 * Appends the Huffman code of s (each char code & 0xff is one symbol), padded with ones to a
 * byte boundary. The length prefix is the caller's: huffmanEncodedLength(s).
 */
export function huffmanEncode(s: string, out: OutBuf): void {
  out.ensure(s.length * 4 + 1); // codes are at most 30 bits
  const b = out.buf;
  let i = out.len;
  // `acc` holds `bits` pending bits (fewer than 8 between symbols) in its low end; a code of up to
  // 24 bits fits beside them in 32 bits, and the longer ones (25-30 bits) go in two pieces.
  let acc = 0;
  let bits = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k) & 0xff;
    let len = HUFFMAN_LENGTHS[c]!;
    const code = HUFFMAN_CODES[c]!;
    if (len > 24) {
      acc = (acc << (len - 16)) | (code >>> 16);
      bits += len - 16;
      while (bits >= 8) {
        bits -= 8;
        b[i++] = acc >>> bits;
      }
      len = 16;
    }
    acc = (acc << len) | (code & ((1 << len) - 1));
    bits += len;
    while (bits >= 8) {
      bits -= 8;
      b[i++] = acc >>> bits;
    }
  }
  if (bits > 0) b[i++] = (acc << (8 - bits)) | (0xff >>> bits);
  out.len = i;
}
