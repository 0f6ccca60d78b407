// The Huffman code: the Appendix B table is one canonical, complete prefix code; the RFC's strings
// encode and decode; every byte round trips; invalid codes (EOS, bad padding) decode to null.

import { describe, expect, test } from "bun:test";
import {
  huffmanDecode,
  huffmanEncode,
  huffmanEncodedLength,
} from "../../src/http2/hpack/huffman.ts";
import {
  HUFFMAN_CODES,
  HUFFMAN_EOS,
  HUFFMAN_LENGTHS,
} from "../../src/http2/hpack/huffman-table.ts";
import { latin1String, latin1StringPortable } from "../../src/http2/hpack/latin1.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { HUFFMAN_STRINGS } from "./hpack-cases.ts";
import { hex, toHex } from "./hpack-helpers.ts";

function encode(s: string): Uint8Array {
  const out = new OutBuf(16);
  huffmanEncode(s, out);
  return out.view().slice();
}

function decode(b: Uint8Array): string | null {
  return huffmanDecode(b, 0, b.length);
}

/** Bytes from a string of bits ("00011 111" -> 0x1f), the last byte padded with `pad` bits. */
function bits(s: string, pad: "1" | "0" = "1"): Uint8Array {
  let t = s.replace(/\s+/g, "");
  while (t.length % 8 !== 0) t += pad;
  const b = new Uint8Array(t.length / 8);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(t.slice(8 * i, 8 * i + 8), 2);
  return b;
}

function codeBits(sym: number): string {
  return HUFFMAN_CODES[sym]!.toString(2).padStart(HUFFMAN_LENGTHS[sym]!, "0");
}

describe("the Appendix B table", () => {
  test("257 codes of 5..30 bits, complete (Kraft sum exactly 1)", () => {
    expect(HUFFMAN_CODES.length).toBe(257);
    expect(HUFFMAN_LENGTHS.length).toBe(257);
    let kraft = 0;
    for (let s = 0; s <= HUFFMAN_EOS; s++) {
      const len = HUFFMAN_LENGTHS[s]!;
      expect(len).toBeGreaterThanOrEqual(5);
      expect(len).toBeLessThanOrEqual(30);
      expect(HUFFMAN_CODES[s]!).toBeLessThan(2 ** len);
      kraft += 2 ** -len;
    }
    expect(kraft).toBe(1);
  });

  // The two columns were transcribed separately; a canonical code is fixed by its lengths, so a
  // slip in either column shows here.
  test("canonical: the codes follow from the lengths (shorter first, then by symbol)", () => {
    const order = [...Array(257).keys()].sort(
      (a, b) => HUFFMAN_LENGTHS[a]! - HUFFMAN_LENGTHS[b]! || a - b,
    );
    let code = 0;
    let prev = HUFFMAN_LENGTHS[order[0]!]!;
    for (const s of order) {
      code *= 2 ** (HUFFMAN_LENGTHS[s]! - prev);
      prev = HUFFMAN_LENGTHS[s]!;
      expect([s, HUFFMAN_CODES[s]]).toEqual([s, code]);
      code++;
    }
  });

  test("spot checks against the RFC's rows", () => {
    const rows: [number, number, number][] = [
      [0, 0x1ff8, 13],
      [10, 0x3ffffffc, 30],
      [32, 0x14, 6],
      [48, 0x0, 5],
      [97, 0x3, 5],
      [127, 0xffffffc, 28],
      [128, 0xfffe6, 20],
      [200, 0x3ffffe2, 26],
      [255, 0x3ffffee, 26],
      [256, 0x3fffffff, 30],
    ];
    for (const [s, code, len] of rows)
      expect([s, HUFFMAN_CODES[s], HUFFMAN_LENGTHS[s]]).toEqual([s, code, len]);
  });
});

describe("encode and decode", () => {
  test("the RFC's strings (C.4, C.6)", () => {
    for (const [text, h] of HUFFMAN_STRINGS) {
      expect(toHex(encode(text))).toBe(toHex(hex(h)));
      expect(huffmanEncodedLength(text)).toBe(hex(h).length);
      expect(decode(hex(h))).toBe(text);
    }
  });

  test("the empty string", () => {
    expect(encode("").length).toBe(0);
    expect(huffmanEncodedLength("")).toBe(0);
    expect(decode(new Uint8Array(0))).toBe("");
  });

  test("every byte value 0-255 round trips, alone and all together", () => {
    let all = "";
    for (let c = 0; c < 256; c++) {
      const s = String.fromCharCode(c);
      all += s;
      const b = encode(s);
      expect(b.length).toBe(huffmanEncodedLength(s));
      expect(decode(b)).toBe(s);
    }
    expect(decode(encode(all))).toBe(all);
    const twice = all + all.split("").reverse().join("");
    expect(decode(encode(twice))).toBe(twice);
  });

  test("seeded random strings round trip, also decoded from inside a larger buffer", () => {
    const rnd = mulberry32(7541);
    for (let k = 0; k < 300; k++) {
      const n = Math.floor(rnd() * 80);
      let s = "";
      for (let i = 0; i < n; i++) {
        // Mostly header-like ASCII, sometimes any byte (the long codes).
        s += String.fromCharCode(
          rnd() < 0.8 ? 32 + Math.floor(rnd() * 95) : Math.floor(rnd() * 256),
        );
      }
      const b = encode(s);
      expect(b.length).toBe(huffmanEncodedLength(s));
      const framed = new Uint8Array(b.length + 6).fill(0xaa);
      framed.set(b, 3);
      expect(huffmanDecode(framed, 3, 3 + b.length)).toBe(s);
    }
  });

  test("a long string (past the 4 KiB scratch) decodes", () => {
    const s = "0123456789".repeat(2000);
    expect(decode(encode(s))).toBe(s);
  });

  test("chars above 0xff are encoded as their low byte (names and values are latin1)", () => {
    expect(decode(encode("\u0161"))).toBe("\u0061");
  });
});

describe("invalid codes decode to null", () => {
  const A = codeBits(97); // 'a' = 00011
  const EOS = codeBits(HUFFMAN_EOS);

  test("well-formed references: padding of 1 to 7 ones, or none", () => {
    expect(decode(bits(A))).toBe("a"); // 5 bits + 3 ones
    expect(decode(bits(`${A + A + A}0`))).toBe(null); // sanity: 15 bits + 0 pad is not all ones
    expect(decode(bits(`${codeBits(48) + codeBits(48) + codeBits(48)}1`))).toBe("000"); // 15 + 1
    expect(decode(bits(codeBits(38)))).toBe("&"); // 8 bits exactly: no padding
  });

  test("EOS in the middle, at the start, and as the whole string", () => {
    expect(decode(bits(A + EOS + A))).toBe(null);
    expect(decode(bits(EOS + A))).toBe(null);
    expect(decode(bits(EOS))).toBe(null); // 30 ones + 2 of padding
  });

  test("padding longer than 7 bits", () => {
    expect(decode(bits(`${A}111 11111111`))).toBe(null); // 3 + 8 ones
    expect(decode(hex("ff"))).toBe(null); // 8 ones, no symbol
    expect(decode(bits(`${codeBits(38)}11111111`))).toBe(null); // a whole byte of ones after '&'
  });

  test("padding that is not all ones", () => {
    expect(decode(bits(A, "0"))).toBe(null); // 000
    expect(decode(bits(`${A}101`))).toBe(null);
    expect(decode(bits(`${A}110`))).toBe(null);
  });

  test("random bytes never throw, and what decodes re-encodes to the same bytes", () => {
    const rnd = mulberry32(42);
    let valid = 0;
    for (let k = 0; k < 2000; k++) {
      const b = new Uint8Array(1 + Math.floor(rnd() * 12));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
      const s = decode(b);
      if (s === null) continue;
      valid++;
      // Canonical form: a valid string has exactly one encoding (padding is forced to ones).
      expect(toHex(encode(s))).toBe(toHex(b));
    }
    expect(valid).toBeGreaterThan(100);
  });
});

describe("latin1String", () => {
  test("maps each byte to the char of the same code, like the portable version", () => {
    const b = new Uint8Array(256).map((_, i) => i);
    const s = latin1String(b, 0, 256);
    for (let i = 0; i < 256; i++) expect(s.charCodeAt(i)).toBe(i);
    expect(latin1StringPortable(b, 0, 256)).toBe(s);
    expect(latin1String(b, 10, 10)).toBe("");
    expect(latin1String(b, 65, 68)).toBe("ABC");
    const big = new Uint8Array(10000).map((_, i) => i % 251);
    expect(latin1StringPortable(big, 1, 9999)).toBe(latin1String(big, 1, 9999));
  });
});
