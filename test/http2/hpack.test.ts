// HPACK decoder and encoder: RFC 7541 Appendix C decoded (fields and dynamic table after each
// block) and re-encoded byte for byte, the integer examples of C.1, the encoder's policy and table
// size updates, and every decoder error.

import { describe, expect, test } from "bun:test";
import { HpackDecoder } from "../../src/http2/hpack/decoder.ts";
import { HpackEncoder } from "../../src/http2/hpack/encoder.ts";
import {
  decodeInt,
  encodeInt,
  INT_OVERFLOW,
  INT_TRUNCATED,
} from "../../src/http2/hpack/integer.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { SEQUENCES, SINGLE } from "./hpack-cases.ts";
import { decodeAll, hex, tableEntries, toHex } from "./hpack-helpers.ts";

describe("RFC 7541 C.1 integers", () => {
  const cases: [value: number, prefix: number, hex: string][] = [
    [10, 5, "0a"], // C.1.1
    [1337, 5, "1f9a0a"], // C.1.2
    [42, 8, "2a"], // C.1.3
    [31, 5, "1f00"], // exactly the prefix: one zero continuation byte
    [0xffffffff, 5, "1fe0ffffff0f"],
  ];
  for (const [v, prefix, h] of cases) {
    test(`${v} with a ${prefix}-bit prefix is ${h}`, () => {
      const out = new OutBuf(4);
      encodeInt(out, 0, prefix, v);
      expect(toHex(out.view())).toBe(h);
      const cur = { pos: 0 };
      expect(decodeInt(hex(h), cur, h.length / 2, prefix)).toBe(v);
      expect(cur.pos).toBe(h.length / 2);
    });
  }
  test("the flag bits above the prefix are ignored (C.1.2 under 0xe0)", () => {
    expect(decodeInt(hex("ff9a0a"), { pos: 0 }, 3, 5)).toBe(1337);
  });
  test("truncated, over 2^32-1, and too many continuation bytes", () => {
    expect(decodeInt(hex("1f9a"), { pos: 0 }, 2, 5)).toBe(INT_TRUNCATED);
    expect(decodeInt(hex(""), { pos: 0 }, 0, 5)).toBe(INT_TRUNCATED);
    expect(decodeInt(hex("1fe1ffffff0f"), { pos: 0 }, 6, 5)).toBe(INT_OVERFLOW); // 2^32
    expect(decodeInt(hex("1f8080808080 00"), { pos: 0 }, 7, 5)).toBe(INT_OVERFLOW);
  });
});

describe("RFC 7541 C.2 single fields", () => {
  for (const c of SINGLE) {
    test(c.name, () => {
      const d = new HpackDecoder();
      const r = decodeAll(d, hex(c.hex));
      expect(r.error).toBe("");
      expect(r.fields).toEqual(c.fields.map((f) => [...f]));
      expect(tableEntries(d.table)).toEqual(c.table.map((f) => [...f]));
      expect(d.table.size).toBe(c.tableSize);
      d.table.assertInvariants();
    });
  }
});

describe("RFC 7541 C.3-C.6 sequences", () => {
  for (const seq of SEQUENCES) {
    test(`${seq.name}: decoded fields and table after each block`, () => {
      const d = new HpackDecoder(seq.tableSize);
      for (const b of seq.blocks) {
        const r = decodeAll(d, hex(b.hex));
        expect(r.error).toBe("");
        expect(r.fields).toEqual(b.fields.map((f) => [...f]));
        expect(tableEntries(d.table)).toEqual(b.table.map((f) => [...f]));
        expect(d.table.size).toBe(b.tableSize);
        d.table.assertInvariants();
      }
    });

    // The RFC's encoder indexes every literal, as ours does. Its Huffman examples code every
    // string, even "307" (3 bytes either way, where "auto" keeps it raw): hence "always".
    test(`${seq.name}: the encoder reproduces the RFC's bytes`, () => {
      const e = new HpackEncoder({ huffman: seq.huffman ? "always" : "never" });
      const out = new OutBuf(64);
      // The responses run at 256 bytes: our first block says so (3f e1 01, a size update to 256),
      // which the RFC's examples leave out (their table starts at 256).
      e.setPeerMaxTableSize(seq.tableSize);
      seq.blocks.forEach((b, i) => {
        out.reset();
        e.begin(out);
        for (const [n, v] of b.fields) e.field(out, n, v);
        const prefix = i === 0 && seq.tableSize !== 4096 ? "3fe101" : "";
        expect(toHex(out.view())).toBe(prefix + toHex(hex(b.hex)));
        expect(tableEntries(e.table)).toEqual(b.table.map((f) => [...f]));
        expect(e.table.size).toBe(b.tableSize);
        e.table.assertInvariants();
      });
    });
  }

  test("C.4 with Huffman 'auto' (the default) gives the same bytes: each string is shorter coded", () => {
    const seq = SEQUENCES[1]!;
    const e = new HpackEncoder();
    const out = new OutBuf(64);
    for (const b of seq.blocks) {
      out.reset();
      e.begin(out);
      for (const [n, v] of b.fields) e.field(out, n, v);
      expect(toHex(out.view())).toBe(toHex(hex(b.hex)));
    }
  });
});

/** Encodes one block with `e` and returns its bytes (a copy). */
function encodeBlock(e: HpackEncoder, fields: readonly (readonly [string, string])[]): Uint8Array {
  const out = new OutBuf(64);
  e.begin(out);
  for (const [n, v] of fields) e.field(out, n, v);
  return out.view().slice();
}

describe("encoder policy", () => {
  const TYPICAL: [string, string][] = [
    [":method", "GET"],
    [":scheme", "https"],
    [":authority", "127.0.0.1:8443"],
    [":path", "/bytes/1024"],
    ["user-agent", "x"],
    ["accept", "*/*"],
  ];

  test("a repeated request is all indexes: one byte per field", () => {
    const e = new HpackEncoder();
    const first = encodeBlock(e, TYPICAL);
    const second = encodeBlock(e, TYPICAL);
    // :method GET and :scheme https are static (2, 7); the other four were added by the first
    // block, newest first: accept 62, user-agent 63, :path 64, :authority 65.
    expect(toHex(second)).toBe("8287c1c0bfbe");
    expect(first.length).toBeGreaterThan(20);
    const d = new HpackDecoder();
    expect(decodeAll(d, first).fields).toEqual(TYPICAL);
    expect(decodeAll(d, second).fields).toEqual(TYPICAL);
  });

  test("authorization and proxy-authorization are never indexed, whatever their length", () => {
    const e = new HpackEncoder({ huffman: "never" });
    const b = encodeBlock(e, [
      ["authorization", "Bearer abc"],
      ["proxy-authorization", `Basic ${"x".repeat(40)}`],
    ]);
    expect(b[0]).toBe(0x1f); // never indexed, name index 23 = 15 + 8: 4-bit prefix full
    expect(b[1]).toBe(8);
    expect(e.table.length).toBe(0);
    const d = new HpackDecoder();
    expect(decodeAll(d, b).fields[1]![1]).toBe(`Basic ${"x".repeat(40)}`);
  });

  test("cookie values under 20 chars are never indexed; longer ones are indexed", () => {
    const e = new HpackEncoder({ huffman: "never" });
    const short = encodeBlock(e, [["cookie", "a=1"]]);
    expect(toHex(short)).toBe(`1f11 03 613d31`.replace(/ /g, "")); // name index 32 = 15 + 17
    expect(e.table.length).toBe(0);
    const long = "session=0123456789abcdef";
    encodeBlock(e, [["cookie", long]]);
    expect(tableEntries(e.table)).toEqual([["cookie", long]]);
    expect(toHex(encodeBlock(e, [["cookie", long]]))).toBe("be");
  });

  test("neverIndex forces the never-indexed form, even for a field already in the table", () => {
    const e = new HpackEncoder({ huffman: "never" });
    encodeBlock(e, [["x-token", "t"]]);
    const out = new OutBuf(16);
    e.field(out, "x-token", "t", true);
    expect(toHex(out.view())).toBe("1f2f0174"); // 0001 + name index 62 (15 + 47), raw "t"
  });

  test("a field larger than the table is sent without indexing and leaves the table alone", () => {
    const e = new HpackEncoder({ huffman: "never" });
    e.setPeerMaxTableSize(100);
    encodeBlock(e, [["a", "b"]]);
    const big = "v".repeat(80); // 1 + 80 + 32 > 100
    const b = encodeBlock(e, [["a", big]]);
    expect(b[0]).toBe(0x0f); // without indexing, name index 62 = 15 + 47
    expect(b[1]).toBe(47);
    expect(tableEntries(e.table)).toEqual([["a", "b"]]);
  });

  test("static name preferred over a dynamic one; dynamic name index when only there", () => {
    const e = new HpackEncoder({ huffman: "never" });
    encodeBlock(e, [["x-a", "1"]]);
    expect(toHex(encodeBlock(e, [["x-a", "2"]]))).toBe("7e0132"); // name index 62, 6-bit prefix
    expect(toHex(encodeBlock(e, [["date", "d"]]))).toBe("610164"); // date: static 33
  });

  test("lookups stay right under eviction: evicted entries are literals again", () => {
    const e = new HpackEncoder({ huffman: "never" });
    e.setPeerMaxTableSize(2 * (4 + 32)); // room for two ("x-aN", "") entries
    const d = new HpackDecoder(4096);
    decodeAll(d, encodeBlock(e, [])); // the size update (3f 29)
    for (let round = 0; round < 3; round++) {
      for (const n of ["x-a1", "x-a2", "x-a3"]) {
        const b = encodeBlock(e, [[n, ""]]);
        // Three names cycling through two slots: each was evicted before it comes back, so each
        // is a literal with a new name (0x40), never an index to a stale entry.
        expect(b[0]).toBe(0x40);
        expect(decodeAll(d, b).fields).toEqual([[n, ""]]);
        e.table.assertInvariants();
      }
    }
    expect(e.table.names.has("x-a1")).toBe(false); // the index forgets evicted names
  });
});

describe("encoder fast path (the same field at the same block position)", () => {
  test("a remembered entry that was evicted is not sent as an index", () => {
    const e = new HpackEncoder({ huffman: "never" });
    const d = new HpackDecoder();
    e.setPeerMaxTableSize(200);
    d.setMaxTableSize(200);
    const blocks: [string, string][][] = [1, 2, 3].map((i) => [
      ["x-a", "1"], // 36 bytes
      ["x-big", String(i).repeat(100)], // 137 bytes: the second one evicts x-a and the first
    ]);
    const out = blocks.map((b) => {
      const bytes = encodeBlock(e, b);
      const r = decodeAll(d, bytes);
      expect(r.error).toBe("");
      expect(r.fields).toEqual(b);
      expect(tableEntries(d.table)).toEqual(tableEntries(e.table));
      e.table.assertInvariants();
      return bytes;
    });
    expect(toHex(out[0]!.subarray(0, 4))).toBe("3fa90140"); // size update to 200, x-a is new
    expect(out[1]![0]).toBe(0xbf); // block 2: x-a is index 63, behind the big entry
    expect(out[2]![0]).toBe(0x40); // block 3: x-a was evicted by block 2's big entry
  });

  test("a flushed table (size 0, then back) makes every remembered field a literal again", () => {
    const e = new HpackEncoder({ huffman: "never" });
    const d = new HpackDecoder();
    const fields: [string, string][] = [
      [":authority", "a.test"],
      [":method", "GET"],
    ];
    decodeAll(d, encodeBlock(e, fields));
    expect(toHex(encodeBlock(e, fields))).toBe("be82");
    e.setPeerMaxTableSize(0);
    e.setPeerMaxTableSize(4096);
    d.setMaxTableSize(0);
    d.setMaxTableSize(4096);
    const b = encodeBlock(e, fields);
    expect(toHex(b)).toBe(`203fe11f4106${toHex(new TextEncoder().encode("a.test"))}82`);
    expect(decodeAll(d, b).fields).toEqual(fields);
  });
});

describe("encoder table size updates (RFC 7541 §4.2, §6.3)", () => {
  test("no update while the peer keeps 4096 or allows more; one when it lowers the size", () => {
    const e = new HpackEncoder();
    e.setPeerMaxTableSize(65536);
    expect(toHex(encodeBlock(e, []))).toBe("");
    e.setPeerMaxTableSize(1000);
    expect(toHex(encodeBlock(e, []))).toBe("3fc907"); // 1000 = 31 + 0x49 + 7*128
    expect(toHex(encodeBlock(e, []))).toBe(""); // signalled once
  });

  test("lowered then raised between blocks: the lowest, then the final size", () => {
    const e = new HpackEncoder({ huffman: "never" });
    encodeBlock(e, [["x-a", "1"]]);
    e.setPeerMaxTableSize(0);
    e.setPeerMaxTableSize(4096);
    const b = encodeBlock(e, [["x-a", "1"]]);
    expect(toHex(b.subarray(0, 4))).toBe("203fe11f"); // 0, then 4096
    expect(tableEntries(e.table)).toEqual([["x-a", "1"]]); // the 0 flushed it: added again
    const d = new HpackDecoder();
    d.setMaxTableSize(0);
    d.setMaxTableSize(4096);
    expect(decodeAll(d, b).error).toBe("");
  });

  test("a size update evicts in the encoder as in the decoder", () => {
    const e = new HpackEncoder({ huffman: "never" });
    const d = new HpackDecoder();
    const fields: [string, string][] = [
      ["x-1", "a".repeat(20)],
      ["x-2", "b".repeat(20)],
      ["x-3", "c".repeat(20)],
    ];
    decodeAll(d, encodeBlock(e, fields));
    e.setPeerMaxTableSize(120);
    d.setMaxTableSize(120);
    const r = decodeAll(d, encodeBlock(e, [["x-3", "c".repeat(20)]]));
    expect(r.error).toBe("");
    expect(tableEntries(d.table)).toEqual(tableEntries(e.table));
    expect(tableEntries(e.table)).toEqual([fields[2]!, fields[1]!]);
  });
});

describe("decoder errors", () => {
  function err(blockHex: string, d = new HpackDecoder()): string {
    return decodeAll(d, hex(blockHex)).error;
  }

  test("size update above our SETTINGS_HEADER_TABLE_SIZE", () => {
    expect(err("3fe11f")).toBe(""); // 4096: allowed
    expect(err("3fe21f")).toMatch(/size update to 4097 exceeds the 4096/);
    expect(err("3fe101", new HpackDecoder(100))).toMatch(/exceeds the 100/);
  });

  test("size update after a field; several before the first are fine", () => {
    expect(err("82 20")).toMatch(/size update after a field/);
    expect(err("20 3fe101 3fe11f 82")).toBe("");
  });

  test("an update owed after we lowered the limit must open the next block", () => {
    const d = new HpackDecoder();
    d.setMaxTableSize(100);
    expect(err("82", d)).toMatch(/does not open with a dynamic table size update to 100/);
    const d2 = new HpackDecoder();
    d2.setMaxTableSize(100);
    expect(err("3f45 82", d2)).toBe(""); // 100 = 31 + 69
    expect(err("82", d2)).toBe(""); // paid once
    const d3 = new HpackDecoder();
    d3.setMaxTableSize(100);
    expect(err("3f46 82", d3)).toMatch(/exceeds the 100/); // 101
  });

  test("index 0, and indexes past the table", () => {
    expect(err("80")).toMatch(/index 0 at byte 0/);
    expect(err("bd")).toBe(""); // 61: the last static entry
    expect(err("be")).toMatch(/index 62 past the table \(1\.\.61\)/);
    expect(err("40 01 61 01 62 bf")).toMatch(/index 63 past the table \(1\.\.62\)/);
    expect(err("7e 01 61")).toMatch(/index 62 past the table/); // as a literal's name
    expect(err("0f 2f 01 61")).toMatch(/index 62 past the table/);
  });

  test("truncated integers", () => {
    expect(err("ff")).toMatch(/block ends inside an integer/); // indexed, 7-bit prefix full
    expect(err("7f 80")).toMatch(/block ends inside an integer/); // literal name index
    expect(err("40 ff")).toMatch(/block ends inside an integer/); // string length
  });

  test("integer overflow", () => {
    expect(err("ff ffffffff0f")).toMatch(/integer over 2\^32-1/);
    expect(err("ff 8080808080 00")).toMatch(/integer over 2\^32-1/); // absurd continuation
  });

  test("truncated strings", () => {
    expect(err("40")).toMatch(/block ends before a string literal/);
    expect(err("40 05 6162")).toMatch(/string of 5 bytes runs past the block's end, at byte 1/);
    expect(err("04 05 6162")).toMatch(/string of 5 bytes runs past/); // value of a literal
    expect(err("40 01 61")).toMatch(/block ends before a string literal, at byte 3/);
  });

  test("invalid Huffman in a name and in a value", () => {
    expect(err("40 81 00 01 61")).toMatch(/invalid Huffman code in the string at byte 1/);
    expect(err("04 82 ffff")).toMatch(/invalid Huffman/); // padding over 7 bits
  });

  test("header list over maxHeaderListSize: fields stop, the table stays in step", () => {
    const e = new HpackEncoder();
    const fields: [string, string][] = [
      ["x-a", "1".repeat(40)], // 3 + 40 + 32 = 75
      ["x-b", "2".repeat(40)], // 150
    ];
    const block = encodeBlock(e, fields);
    const d = new HpackDecoder();
    d.maxHeaderListSize = 149;
    const r = decodeAll(d, block);
    expect(r.error).toMatch(/header list of 150 bytes exceeds maxHeaderListSize 149/);
    expect(d.headerListTooLarge).toBe(true);
    expect(r.fields).toEqual([fields[0]!]);
    expect(tableEntries(d.table)).toEqual(tableEntries(e.table));
    d.maxHeaderListSize = 150;
    const again = decodeAll(d, encodeBlock(e, fields));
    expect(again.error).toBe("");
    expect(d.headerListTooLarge).toBe(false);
    expect(again.fields).toEqual(fields);
  });

  test("the default cap is 256 KiB", () => {
    const d = new HpackDecoder();
    expect(d.maxHeaderListSize).toBe(262144);
    const e = new HpackEncoder({ huffman: "never" });
    const v = "v".repeat(65536);
    const block = encodeBlock(e, [
      ["x-1", v],
      ["x-2", v],
      ["x-3", v],
      ["x-4", v],
    ]);
    expect(decodeAll(d, block).error).toMatch(/exceeds maxHeaderListSize 262144/);
  });
});
