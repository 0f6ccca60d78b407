// Helpers shared by the HPACK tests: hex in and out, a decode that collects the fields, and a
// dump of a dynamic table (newest first) to compare with the RFC's tables or with the peer's.

import type { HpackDecoder } from "../../src/http2/hpack/decoder.ts";
import type { DynamicTable } from "../../src/http2/hpack/dynamic-table.ts";

/** Bytes from hex, ignoring spaces and newlines ("8286 84be" -> [0x82, 0x86, 0x84, 0xbe]). */
export function hex(s: string): Uint8Array {
  const t = s.replace(/\s+/g, "");
  if (t.length % 2 !== 0) throw new Error(`odd hex length: ${s}`);
  const b = new Uint8Array(t.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** Lower-case hex without spaces. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).padStart(2, "0");
  return s;
}

/** Decodes a whole block; returns the error text ("" on success) and the fields. */
export function decodeAll(
  d: HpackDecoder,
  block: Uint8Array,
): { error: string; fields: [string, string][] } {
  const fields: [string, string][] = [];
  const error = d.decode(block, 0, block.length, (n, v) => fields.push([n, v]));
  return { error, fields };
}

/** The table's entries, newest (index 62) first. */
export function tableEntries(t: DynamicTable): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < t.length; i++) out.push([t.name(i), t.value(i)]);
  return out;
}
