// HPACK header block encoder (RFC 7541 §6, §4.2): writes a request's fields into an OutBuf, with
// the indexing policy below, keeping the dynamic table the peer's decoder mirrors. One per
// connection; begin() opens each header block, field() writes each field in order.
//
// Policy: an exact match in the static or dynamic table is sent as an index; anything else as a
// literal with incremental indexing (the name as an index when known), except sensitive fields
// ("never indexed", §7.1.3) and fields larger than the whole table (they would only flush it).
// Pseudo-header values such as :path are indexed too: a client repeating a path then sends one
// byte. Strings are Huffman-coded when that is shorter.
//
// Fast path: a client sends the same fields in the same order, block after block, mostly as the
// same string objects. The encoder remembers, per position in the block, the last field written
// there and where its entry is; the next block's field at that position, if === equal, is sent
// from that without any Map lookup (its entry still live: checked by its insertion number).

import type { OutBuf } from "../out-buf.ts";
import { entrySize } from "./dynamic-table.ts";
import {
  IndexedTable,
  SENSITIVE_ALWAYS,
  SENSITIVE_NONE,
  SHORT_SENSITIVE,
} from "./encoder-index.ts";
import { huffmanEncode, huffmanEncodedLength } from "./huffman.ts";
import { encodeInt } from "./integer.ts";

/**
 * The largest table we use, whatever the peer allows: the protocol default. A bigger one costs
 * memory per connection and gains little for request headers.
 */
export const ENCODER_MAX_TABLE_SIZE = 4096;

export interface HpackEncoderOptions {
  /** "auto" (default): Huffman when shorter. "always"/"never": for tests and comparisons. */
  huffman?: "auto" | "always" | "never";
}

/** Block positions the fast path remembers (requests rarely have more fields). */
const REMEMBERED = 32;

const HUFFMAN_AUTO = 0;
const HUFFMAN_ALWAYS = 1;
const HUFFMAN_NEVER = 2;

export class HpackEncoder {
  /** The encoder's dynamic table and its index (the tests compare it with the decoder's). */
  readonly table = new IndexedTable(ENCODER_MAX_TABLE_SIZE);
  private readonly huffman: number;
  /** The size the table should have: min(peer's SETTINGS_HEADER_TABLE_SIZE, our maximum). */
  private target = ENCODER_MAX_TABLE_SIZE;
  /** The lowest target since the last begin() (RFC 7541 §4.2: it must be signalled too). */
  private lowest = ENCODER_MAX_TABLE_SIZE;
  /** Position of the next field in the current block. */
  private pos = 0;
  /** Per block position: the last (name, value) sent there as an index, and its exactRef. */
  private readonly lastNames = new Array<string>(REMEMBERED).fill("");
  private readonly lastValues = new Array<string>(REMEMBERED).fill("");
  private readonly lastRefs = new Float64Array(REMEMBERED);

  constructor(options: HpackEncoderOptions = {}) {
    const h = options.huffman ?? "auto";
    this.huffman = h === "always" ? HUFFMAN_ALWAYS : h === "never" ? HUFFMAN_NEVER : HUFFMAN_AUTO;
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE changed; the next begin() signals the result. */
  setPeerMaxTableSize(n: number): void {
    const size = Math.min(n, ENCODER_MAX_TABLE_SIZE);
    this.target = size;
    if (size < this.lowest) this.lowest = size;
  }

  /**
   * Opens a header block: emits the dynamic table size updates owed since the last one (§6.3):
   * the lowest size the limit went through, if below the current one, then the final size.
   */
  begin(out: OutBuf): void {
    const table = this.table;
    if (this.lowest < table.maxSize && this.lowest < this.target) {
      encodeInt(out, 0x20, 5, this.lowest);
      table.setMaxSize(this.lowest);
    }
    if (this.target !== table.maxSize) {
      encodeInt(out, 0x20, 5, this.target);
      table.setMaxSize(this.target);
    }
    this.lowest = this.target;
    this.pos = 0;
  }

  /**
   * Writes one field. `neverIndex` forces the "never indexed" form (RFC 7541 §7.1.3); it is
   * implied for authorization, proxy-authorization and cookie values under 20 chars.
   */
  field(out: OutBuf, name: string, value: string, neverIndex = false): void {
    const table = this.table;
    const k = this.pos++;
    // Fast path (see the file header). Sensitive fields never get here: they are never remembered.
    if (
      k < REMEMBERED &&
      this.lastNames[k] === name &&
      this.lastValues[k] === value &&
      !neverIndex
    ) {
      const index = table.indexOfRef(this.lastRefs[k]!);
      if (index !== 0) {
        encodeInt(out, 0x80, 7, index);
        return;
      }
    }
    this.lookUp(out, k, name, value, neverIndex);
  }

  /** field() past the fast path: the table lookups, and the literal forms. */
  private lookUp(out: OutBuf, k: number, name: string, value: string, neverIndex: boolean): void {
    const table = this.table;
    const info = table.names.get(name);
    let nameIndex = 0;
    if (info !== undefined) {
      const s = info.sensitive;
      if (s !== SENSITIVE_NONE && (s === SENSITIVE_ALWAYS || value.length < SHORT_SENSITIVE)) {
        neverIndex = true;
      }
      if (!neverIndex) {
        const ref = table.exactRef(info, value);
        if (ref !== 0) {
          encodeInt(out, 0x80, 7, table.indexOfRef(ref));
          this.remember(k, name, value, ref);
          return;
        }
      }
      nameIndex = table.nameIndex(info);
    }
    if (neverIndex) encodeInt(out, 0x10, 4, nameIndex);
    else if (entrySize(name, value) > table.maxSize) encodeInt(out, 0x00, 4, nameIndex);
    else {
      encodeInt(out, 0x40, 6, nameIndex);
      table.add(name, value);
      this.remember(k, name, value, table.newestRef());
    }
    if (nameIndex === 0) this.string(out, name);
    this.string(out, value);
  }

  private remember(k: number, name: string, value: string, ref: number): void {
    if (k >= REMEMBERED) return;
    this.lastNames[k] = name;
    this.lastValues[k] = value;
    this.lastRefs[k] = ref;
  }

  /** A string literal (§5.2): length with the Huffman flag, then the bytes. */
  private string(out: OutBuf, s: string): void {
    const mode = this.huffman;
    if (mode !== HUFFMAN_NEVER) {
      const n = huffmanEncodedLength(s);
      if (mode === HUFFMAN_ALWAYS || n < s.length) {
        encodeInt(out, 0x80, 7, n);
        huffmanEncode(s, out);
        return;
      }
    }
    encodeInt(out, 0x00, 7, s.length);
    out.latin1(s);
  }
}
