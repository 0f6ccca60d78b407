// The request body from -d / --data-ascii / --data-raw / --data-binary, as curl builds it: the
// pieces joined by "&"; `@file` (`@-` for stdin) read for -d (up to a NUL, every CR and LF removed) and
// --data-binary (as is); --data-raw takes its value literally. An unreadable file is an empty piece
// and a warning, as curl.

import { readFileSync } from "node:fs";
import type { DataPart } from "./config.ts";

const utf8 = new TextEncoder();
const AMP = 0x26;

/** The bytes of one piece; `warn` gets curl's warning for a file it cannot read. */
function piece(p: DataPart, readStdin: () => Uint8Array, warn: (m: string) => void): Uint8Array {
  if (p.flag === "data-raw" || !p.value.startsWith("@")) return utf8.encode(p.value);
  const name = p.value.slice(1);
  let bytes: Uint8Array;
  try {
    bytes = name === "-" ? readStdin() : new Uint8Array(readFileSync(name));
  } catch {
    warn(`Couldn't read data from file "${name}", this makes an empty POST.`);
    return new Uint8Array(0);
  }
  if (p.flag === "data-binary") return bytes;
  // curl reads -d's file as a C string: it ends at the first NUL.
  const nul = bytes.indexOf(0);
  return (nul < 0 ? bytes : bytes.subarray(0, nul)).filter((b) => b !== 0x0a && b !== 0x0d);
}

/** The joined body, or null when no data flag was given. */
export function buildBody(
  parts: readonly DataPart[],
  readStdin: () => Uint8Array,
  warn: (m: string) => void,
): Uint8Array | null {
  if (parts.length === 0) return null;
  const bytes = parts.map((p) => piece(p, readStdin, warn));
  const size = bytes.reduce((n, b) => n + b.length, 0) + bytes.length - 1;
  const out = new Uint8Array(size);
  let at = 0;
  bytes.forEach((b, i) => {
    if (i > 0) out[at++] = AMP;
    out.set(b, at);
    at += b.length;
  });
  return out;
}

/** Reads all of stdin once (later @- pieces get the same bytes, which curl would find empty). */
export function stdinReader(): () => Uint8Array {
  let cached: Uint8Array | undefined;
  return () => {
    cached ??= new Uint8Array(readFileSync(0));
    return cached;
  };
}
