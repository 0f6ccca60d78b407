// Address literals as curlx_inet_pton parses them (inet_pton4 and inet_pton6 of lib/curlx/inet_pton.c):
// the bytes of good literals, null for everything those functions refuse; and strlen()'s view of a string.

import { describe, expect, test } from "bun:test";
import { bareHost, cBytes, parseIpv4, parseIpv6 } from "../../src/proxy/socks-wire.ts";

const arr = (b: Uint8Array | null) => (b === null ? null : [...b]);

describe("parseIpv4 (inet_pton4)", () => {
  test("dotted quads", () => {
    expect(arr(parseIpv4("127.0.0.1"))).toEqual([127, 0, 0, 1]);
    expect(arr(parseIpv4("0.0.0.0"))).toEqual([0, 0, 0, 0]);
    expect(arr(parseIpv4("255.255.255.255"))).toEqual([255, 255, 255, 255]);
  });
  test("what it refuses", () => {
    for (const s of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3.4.",
      ".1.2.3",
      "1..2.3",
      "1.2.3.a",
      " 1.2.3.4",
      "0x7f.0.0.1",
      "1234.1.1.1",
      "127.1",
    ])
      expect([s, parseIpv4(s)]).toEqual([s, null]);
  });
});

describe("parseIpv6 (inet_pton6)", () => {
  const z = (n: number) => Array(n).fill(0);
  test("full, compressed and with an IPv4 tail", () => {
    expect(arr(parseIpv6("::1"))).toEqual([...z(15), 1]);
    expect(arr(parseIpv6("::"))).toEqual(z(16));
    expect(arr(parseIpv6("1::"))).toEqual([0, 1, ...z(14)]);
    expect(arr(parseIpv6("2001:db8::7"))).toEqual([0x20, 1, 0xd, 0xb8, ...z(11), 7]);
    expect(arr(parseIpv6("1:2:3:4:5:6:7:8"))).toEqual([
      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8,
    ]);
    expect(arr(parseIpv6("::ffff:127.0.0.1"))).toEqual([...z(10), 255, 255, 127, 0, 0, 1]);
    expect(arr(parseIpv6("1:2:3:4:5:6:1.2.3.4"))).toEqual([
      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4,
    ]);
    expect(arr(parseIpv6("FE80::AbCd"))).toEqual([0xfe, 0x80, ...z(12), 0xab, 0xcd]);
    // inet_pton6 takes a colon after a full eighth group (its own quirk, kept).
    expect(arr(parseIpv6("1:2:3:4:5:6:7:8:"))).not.toBeNull();
  });
  test("what it refuses", () => {
    for (const s of [
      "",
      ":",
      ":1",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      "12345::",
      "g::1",
      "fe80::1%eth0",
      "::1.2.3",
      "::256.1.1.1",
      "1:2:3:4:5:6:7:8::",
      "[::1]",
      "1:2:3:4:5:6:7:1.2.3.4",
    ])
      expect([s, parseIpv6(s)]).toEqual([s, null]);
  });
});

describe("strings as libcurl holds them", () => {
  test("cBytes stops at the first NUL and encodes UTF-8", () => {
    expect([...cBytes("ab\0cd")]).toEqual([97, 98]);
    expect([...cBytes("é")]).toEqual([0xc3, 0xa9]);
  });
  test("bareHost drops a URL's brackets only", () => {
    expect(bareHost("[::1]")).toBe("::1");
    expect(bareHost("::1")).toBe("::1");
    expect(bareHost("[")).toBe("[");
  });
});
