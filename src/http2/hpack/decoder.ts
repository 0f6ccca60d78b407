// HPACK header block decoder (RFC 7541 §3, §6): turns one complete header block into (name, value)
// calls, keeping the dynamic table that the peer's encoder mirrors. One per connection.
//
// Contract: decode() returns "" or an error text; any error is an HTTP/2 COMPRESSION_ERROR (RFC
// 9113 §4.3), after which the decoder's table is undefined, except `headerListTooLarge` errors:
// those decode the whole block (so the table stays in step) and only stop the onField calls.

import { DynamicTable, ENTRY_OVERHEAD } from "./dynamic-table.ts";
import { huffmanDecode } from "./huffman.ts";
import { type Cursor, decodeInt, INT_TRUNCATED } from "./integer.ts";
import { latin1String } from "./latin1.ts";
import { STATIC_LENGTH, STATIC_NAMES, STATIC_VALUES } from "./static-table.ts";

/** Receives one decoded field; names are as sent (the session checks case and pseudo-headers). */
export type FieldCallback = (name: string, value: string) => void;

/** SETTINGS_HEADER_TABLE_SIZE's initial value (RFC 9113 §6.5.2): both ends' tables start there. */
export const DEFAULT_TABLE_SIZE = 4096;

/** Default cap on a decoded header list: 256 KiB, counted as RFC 9113 §6.5.2 counts it. */
export const DEFAULT_MAX_HEADER_LIST_SIZE = 256 * 1024;

/** Literal places remembered per block, and the longest literal remembered. */
const SLOTS = 32;
const SLOT_MAX = 256;

export class HpackDecoder {
  /** The literal strings of the last block by place (see readString): encoded bytes + a Huffman
   *  flag byte, and the decoded string. */
  private readonly slotBytes: (Uint8Array | undefined)[] = [];
  private readonly slotStrings: string[] = [];
  private slot = 0;
  /** The decoder's copy of the dynamic table (the tests compare it with the encoder's). */
  readonly table: DynamicTable;
  /**
   * Cap on the header list: the sum of name.length + value.length + 32 over its fields (RFC
   * 9113 §6.5.2, the SETTINGS_MAX_HEADER_LIST_SIZE accounting). A block over it is an error.
   */
  maxHeaderListSize = DEFAULT_MAX_HEADER_LIST_SIZE;
  /** True after a decode() whose error was only the header list cap (the table is still good). */
  headerListTooLarge = false;
  /** SETTINGS_HEADER_TABLE_SIZE as we advertise it: the most a size update may ask for. */
  private limit: number;
  /**
   * The lowest limit set since the last block. When it is below the table's current maxSize, the
   * next block must start with a size update at or below it (RFC 7541 §4.2).
   */
  private lowest: number;
  private readonly cur: Cursor = { pos: 0 };
  /** The error text of the last failed step (read when a step returns its failure value). */
  private error = "";

  /**
   * `maxTableSize`: the SETTINGS_HEADER_TABLE_SIZE we advertise. The table starts at the protocol
   * default, 4096, as the peer's encoder does (a larger one only after its size update), or at
   * our limit if lower: the size RFC 7541's examples start from (C.5: 256, no update).
   */
  constructor(maxTableSize = DEFAULT_TABLE_SIZE) {
    this.limit = maxTableSize;
    this.lowest = maxTableSize;
    this.table = new DynamicTable(Math.min(maxTableSize, DEFAULT_TABLE_SIZE));
  }

  /**
   * A new SETTINGS_HEADER_TABLE_SIZE, once the peer acknowledged it. A lower value than the table
   * in use obliges the peer to open its next block with a size update.
   */
  setMaxTableSize(n: number): void {
    this.limit = n;
    if (n < this.lowest) this.lowest = n;
  }

  /**
   * Decodes block[start..end), one complete header block, calling onField per field in order.
   * Returns "" on success, else a text naming the problem and its byte offset.
   */
  decode(block: Uint8Array, start: number, end: number, onField: FieldCallback): string {
    const cur = this.cur;
    const table = this.table;
    cur.pos = start;
    this.headerListTooLarge = false;
    // A size update the peer owes us (we lowered our limit), or -1.
    const owed = this.lowest < table.maxSize ? this.lowest : -1;
    this.lowest = this.limit;
    let paid = owed < 0;
    let fields = false;
    let listSize = 0;
    this.slot = 0;
    const cap = this.maxHeaderListSize;
    while (cur.pos < end) {
      const at = cur.pos;
      const b = block[at]!;
      if ((b & 0xe0) === 0x20) {
        // Dynamic table size update (§6.3): only before the block's first field.
        if (fields) return `HPACK: dynamic table size update after a field, at byte ${at - start}`;
        const n = decodeInt(block, cur, end, 5);
        if (n < 0) return this.intError(n, at - start);
        if (n > this.limit) {
          return `HPACK: dynamic table size update to ${n} exceeds the ${this.limit} we allow, at byte ${at - start}`;
        }
        table.setMaxSize(n);
        if (n <= owed) paid = true;
        continue;
      }
      if (!paid) return this.owedError(owed);
      fields = true;
      let name: string;
      let value: string;
      if (b & 0x80) {
        // Indexed field (§6.1).
        const index = decodeInt(block, cur, end, 7);
        if (index < 0) return this.intError(index, at - start);
        if (index === 0) return `HPACK: index 0 at byte ${at - start}`;
        if (index <= STATIC_LENGTH) {
          name = STATIC_NAMES[index]!;
          value = STATIC_VALUES[index]!;
        } else {
          const d = index - STATIC_LENGTH - 1;
          if (d >= table.length) return this.indexError(index, at - start);
          name = table.name(d);
          value = table.value(d);
        }
      } else {
        // Literal (§6.2): with incremental indexing (01, 6-bit index), else without (0000) or
        // never indexed (0001), both with a 4-bit index. Never-indexed only binds intermediaries.
        const indexing = (b & 0x40) !== 0;
        const index = decodeInt(block, cur, end, indexing ? 6 : 4);
        if (index < 0) return this.intError(index, at - start);
        if (index === 0) {
          const s = this.readString(block, end, start);
          if (s === null) return this.error;
          name = s;
        } else if (index <= STATIC_LENGTH) {
          name = STATIC_NAMES[index]!;
        } else {
          const d = index - STATIC_LENGTH - 1;
          if (d >= table.length) return this.indexError(index, at - start);
          name = table.name(d);
        }
        const s = this.readString(block, end, start);
        if (s === null) return this.error;
        value = s;
        if (indexing) table.add(name, value);
      }
      listSize += name.length + value.length + ENTRY_OVERHEAD;
      if (listSize <= cap) onField(name, value);
      else this.headerListTooLarge = true;
    }
    if (!paid) return this.owedError(owed);
    if (this.headerListTooLarge) {
      return `HPACK: header list of ${listSize} bytes exceeds maxHeaderListSize ${cap}`;
    }
    return "";
  }

  /** Reads a string literal (§5.2) at cur.pos; null (and this.error) if it is malformed. */
  private readString(block: Uint8Array, end: number, start: number): string | null {
    const cur = this.cur;
    const at = cur.pos;
    if (at >= end) {
      this.error = `HPACK: block ends before a string literal, at byte ${at - start}`;
      return null;
    }
    const huffman = (block[at]! & 0x80) !== 0;
    const len = decodeInt(block, cur, end, 7);
    if (len < 0) {
      this.error = this.intError(len, at - start);
      return null;
    }
    const p = cur.pos;
    if (len > end - p) {
      this.error = `HPACK: string of ${len} bytes runs past the block's end, at byte ${at - start}`;
      return null;
    }
    cur.pos = p + len;
    // A server repeats most literals block after block (nginx indexes none of its fields): the
    // string at this place of the previous block is reused when its encoded bytes are the same.
    const k = this.slot++;
    const seen = k < SLOTS ? this.slotBytes[k] : undefined;
    if (seen !== undefined && seen.length === len + 1 && seen[len] === (huffman ? 1 : 0)) {
      let same = true;
      for (let i = 0; i < len; i++)
        if (seen[i] !== block[p + i]) {
          same = false;
          break;
        }
      if (same) return this.slotStrings[k]!;
    }
    const s = huffman ? huffmanDecode(block, p, p + len) : latin1String(block, p, p + len);
    if (s === null) {
      this.error = `HPACK: invalid Huffman code in the string at byte ${at - start}`;
      return null;
    }
    if (k < SLOTS && len <= SLOT_MAX) {
      const copy = new Uint8Array(len + 1);
      copy.set(block.subarray(p, p + len));
      copy[len] = huffman ? 1 : 0;
      this.slotBytes[k] = copy;
      this.slotStrings[k] = s;
    }
    return s;
  }

  /** The text for decodeInt's INT_TRUNCATED or INT_OVERFLOW. */
  private intError(code: number, at: number): string {
    return code === INT_TRUNCATED
      ? `HPACK: block ends inside an integer, at byte ${at}`
      : `HPACK: integer over 2^32-1, at byte ${at}`;
  }

  private indexError(index: number, at: number): string {
    const last = STATIC_LENGTH + this.table.length;
    return `HPACK: index ${index} past the table (1..${last}), at byte ${at}`;
  }

  private owedError(owed: number): string {
    return `HPACK: the block does not open with a dynamic table size update to ${owed} or less (our SETTINGS_HEADER_TABLE_SIZE was lowered)`;
  }
}
