// CURLOPT_RESOLVE and CURLOPT_CONNECT_TO parsing, CONNECT_TO matching, and the IP-literal test.

import { describe, expect, test } from "bun:test";
import { isIP } from "node:net";
import {
  applyConnectTo,
  type ConnectToEntry,
  isIpLiteral,
  isLocalhostName,
  parseConnectTo,
  parseResolveEntry,
  resolveEntryFails,
} from "../../src/dns/overrides.ts";

describe("parseResolveEntry", () => {
  const good: [string, ReturnType<typeof parseResolveEntry>][] = [
    [
      "example.com:80:127.0.0.1",
      { remove: false, permanent: true, host: "example.com", port: 80, addrs: ["127.0.0.1"] },
    ],
    [
      "+example.com:443:192.0.2.1,192.0.2.2",
      {
        remove: false,
        permanent: false,
        host: "example.com",
        port: 443,
        addrs: ["192.0.2.1", "192.0.2.2"],
      },
    ],
    [
      "[::1]:8080:[::1],127.0.0.1",
      { remove: false, permanent: true, host: "::1", port: 8080, addrs: ["::1", "127.0.0.1"] },
    ],
    [
      "h:443:[2001:db8::1],[::ffff:192.0.2.1]",
      {
        remove: false,
        permanent: true,
        host: "h",
        port: 443,
        addrs: ["2001:db8::1", "::ffff:192.0.2.1"],
      },
    ],
    // Unbracketed IPv6 addresses work too: addresses split on commas only.
    ["h:443:::1", { remove: false, permanent: true, host: "h", port: 443, addrs: ["::1"] }],
    [
      "*:443:127.0.0.1",
      { remove: false, permanent: true, host: "*", port: 443, addrs: ["127.0.0.1"] },
    ],
    // Empty items between commas and a trailing comma are tolerated.
    [
      "h:1:,192.0.2.1,,192.0.2.2,",
      { remove: false, permanent: true, host: "h", port: 1, addrs: ["192.0.2.1", "192.0.2.2"] },
    ],
    // libcurl stops at a bracketed address not followed by a comma and ignores the rest.
    ["h:80:[::1]junk", { remove: false, permanent: true, host: "h", port: 80, addrs: ["::1"] }],
    ["h:0:10.0.0.1", { remove: false, permanent: true, host: "h", port: 0, addrs: ["10.0.0.1"] }],
    [
      "h:65535:10.0.0.1",
      { remove: false, permanent: true, host: "h", port: 65535, addrs: ["10.0.0.1"] },
    ],
    [
      "-example.com:80",
      { remove: true, permanent: false, host: "example.com", port: 80, addrs: [] },
    ],
    ["-[::1]:443", { remove: true, permanent: false, host: "::1", port: 443, addrs: [] }],
    // Whatever follows the port of a removal is ignored.
    ["-h:80:10.0.0.1", { remove: true, permanent: false, host: "h", port: 80, addrs: [] }],
  ];
  for (const [s, want] of good)
    test(`parses ${JSON.stringify(s)}`, () => {
      expect(parseResolveEntry(s)).toEqual(want);
      expect(resolveEntryFails(s)).toBe(false);
    });

  // [entry, libcurl fails the transfer (true) or skips the entry silently (false)]
  const bad: [string, boolean][] = [
    ["", false],
    [":80:127.0.0.1", false],
    ["+:80:127.0.0.1", false],
    ["[::1:80:127.0.0.1", false],
    ["[]:80:127.0.0.1", false],
    ["-h", false],
    ["-h:x", false],
    ["-:80", false],
    ["-h:70000", false],
    ["example.com", true],
    ["h:80", true],
    ["h:80:", true],
    ["h:80:,,", true],
    ["h:x:127.0.0.1", true],
    ["h::127.0.0.1", true],
    ["h:65536:127.0.0.1", true],
    ["h:80x:127.0.0.1", true],
    ["h:80:1.2.3", true],
    ["h:80:example.com", true],
    ["h:80:127.0.0.1 ", true],
    ["h:80:127.0.0.1,bad", true],
    ["h:80:[::1", true],
    ["h:80:[]", true],
    ["h:80:[fe80::1%eth0]", true],
  ];
  for (const [s, fails] of bad)
    test(`rejects ${JSON.stringify(s)} (${fails ? "syntax error" : "skipped"})`, () => {
      expect(parseResolveEntry(s)).toBeUndefined();
      expect(resolveEntryFails(s)).toBe(fails);
    });
});

describe("parseConnectTo", () => {
  const good: [string, ConnectToEntry][] = [
    [
      "example.com:443:other.test:8443",
      { host: "example.com", port: 443, toHost: "other.test", toPort: 8443 },
    ],
    ["::other.test:", { host: "", port: 0, toHost: "other.test", toPort: 0 }],
    ["::other.test", { host: "", port: 0, toHost: "other.test", toPort: 0 }],
    [":443::8443", { host: "", port: 443, toHost: "", toPort: 8443 }],
    ["Example.COM::[::1]:80", { host: "example.com", port: 0, toHost: "::1", toPort: 80 }],
    ["[::1]:80:127.0.0.1:", { host: "::1", port: 80, toHost: "127.0.0.1", toPort: 0 }],
    ["[2001:DB8::1]:80:[::2]", { host: "2001:db8::1", port: 80, toHost: "::2", toPort: 0 }],
    ["h:80:[::2]:", { host: "h", port: 80, toHost: "::2", toPort: 0 }],
    // A target of ":" is a match that keeps host and port (and ends the search).
    ["h:80::", { host: "h", port: 80, toHost: "", toPort: 0 }],
  ];
  for (const [s, want] of good)
    test(`parses ${JSON.stringify(s)}`, () => expect(parseConnectTo(s)).toEqual(want));

  for (const s of [
    "",
    "example.com",
    "example.com:80",
    "example.com:x:h:1",
    "example.com:80x:h:1",
    "example.com:70000:h:1",
    "h:80:",
    "h:80:[::1:80",
    "h:80:[]:80",
    "h:80:[::1]x:1",
    "h:80:t:x",
    "h:80:t:99999",
    "h:80:t:80:90",
    "[::1:80:t:1",
    "[::1]80:t:1",
  ])
    test(`rejects ${JSON.stringify(s)}`, () => expect(parseConnectTo(s)).toBeUndefined());
});

describe("applyConnectTo", () => {
  const parse = (lines: string[]): ConnectToEntry[] =>
    lines.map(parseConnectTo).filter((e): e is ConnectToEntry => e !== undefined);

  test("host-only entry matches any port and keeps it", () => {
    const l = parse(["example.com::backend.test:"]);
    expect(applyConnectTo(l, "example.com", 8080)).toEqual({ host: "backend.test", port: 8080 });
    expect(applyConnectTo(l, "EXAMPLE.com", 80)).toEqual({ host: "backend.test", port: 80 });
    expect(applyConnectTo(l, "other.com", 80)).toEqual({ host: "other.com", port: 80 });
  });

  test("port-only entry matches any host and keeps it", () => {
    const l = parse([":443::8443"]);
    expect(applyConnectTo(l, "a.test", 443)).toEqual({ host: "a.test", port: 8443 });
    expect(applyConnectTo(l, "b.test", 443)).toEqual({ host: "b.test", port: 8443 });
    expect(applyConnectTo(l, "a.test", 80)).toEqual({ host: "a.test", port: 80 });
  });

  test("host and port must both match", () => {
    const l = parse(["a.test:443:b.test:8443"]);
    expect(applyConnectTo(l, "a.test", 443)).toEqual({ host: "b.test", port: 8443 });
    expect(applyConnectTo(l, "a.test", 80)).toEqual({ host: "a.test", port: 80 });
    expect(applyConnectTo(l, "c.test", 443)).toEqual({ host: "c.test", port: 443 });
  });

  test("no entries, or none matching: unchanged", () => {
    expect(applyConnectTo([], "a.test", 80)).toEqual({ host: "a.test", port: 80 });
    expect(applyConnectTo(parse(["x.test:80:y.test:81"]), "a.test", 80)).toEqual({
      host: "a.test",
      port: 80,
    });
  });

  test("first match wins", () => {
    const l = parse(["a.test:80:first.test:1", "a.test::second.test:2", "::third.test:3"]);
    expect(applyConnectTo(l, "a.test", 80)).toEqual({ host: "first.test", port: 1 });
    expect(applyConnectTo(l, "a.test", 81)).toEqual({ host: "second.test", port: 2 });
    expect(applyConnectTo(l, "b.test", 80)).toEqual({ host: "third.test", port: 3 });
  });

  test('an empty target ("H:P:") is skipped; a ":" target matches and ends the search (libcurl)', () => {
    expect(applyConnectTo(parse(["a.test:80:", "a.test:80:next.test:"]), "a.test", 80)).toEqual({
      host: "next.test",
      port: 80,
    });
    expect(applyConnectTo(parse(["a.test:80::", "a.test:80:next.test:"]), "a.test", 80)).toEqual({
      host: "a.test",
      port: 80,
    });
  });

  test("IPv6 request hosts match bracketed entries, with or without brackets on the host", () => {
    const l = parse(["[::1]:80:[2001:db8::5]:8080"]);
    expect(applyConnectTo(l, "::1", 80)).toEqual({ host: "2001:db8::5", port: 8080 });
    expect(applyConnectTo(l, "[::1]", 80)).toEqual({ host: "2001:db8::5", port: 8080 });
    expect(applyConnectTo(l, "::2", 80)).toEqual({ host: "::2", port: 80 });
  });
});

describe("isIpLiteral", () => {
  const yes = [
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "::",
    "::1",
    "1::",
    "2001:db8::1",
    "1:2:3:4:5:6:7:8",
    "::ffff:192.168.0.1",
    "1:2:3:4:5:6:1.2.3.4",
    "FE80::AbCd",
    "1:2:3:4:5:6:7::",
    "::1:2:3:4:5:6:7",
  ];
  const no = [
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.4 ",
    "1.2.3.-4",
    "example.com",
    "localhost",
    "[::1]",
    ":1",
    "1:",
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "12345::1",
    "g::1",
    "fe80::1%eth0",
    "::1.2.3",
    "1:2:3:4:5:6:7:1.2.3.4",
    "\u0011::1",
  ];
  for (const s of yes)
    test(`literal ${JSON.stringify(s)}`, () => expect(isIpLiteral(s)).toBe(true));
  for (const s of no)
    test(`not literal ${JSON.stringify(s)}`, () => expect(isIpLiteral(s)).toBe(false));

  test("agrees with node:net isIP on 20000 seeded mutations of valid addresses", () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = "0123456789abcdefABCDEFg:.:.";
    let literals = 0;
    for (let k = 0; k < 20000; k++) {
      let s = yes[rnd(yes.length)]!;
      for (let m = 1 + rnd(3); m > 0; m--) {
        const at = rnd(s.length + 1);
        const ch = alphabet[rnd(alphabet.length)]!;
        const op = rnd(3);
        s = s.slice(0, at) + (op === 1 ? "" : ch) + s.slice(op === 0 ? at : at + 1);
      }
      const mine = isIpLiteral(s);
      if (mine !== (isIP(s) !== 0)) throw new Error(`disagree on ${JSON.stringify(s)}: ${mine}`);
      if (mine) literals++;
    }
    // Both outcomes are well represented, so the comparison means something.
    expect(literals).toBeGreaterThan(2000);
    expect(literals).toBeLessThan(18000);
  });
});

test("isLocalhostName", () => {
  for (const s of ["localhost", "LocalHost", "localhost.", "a.localhost", "b.a.LOCALHOST."])
    expect(isLocalhostName(s)).toBe(true);
  for (const s of ["localhost.com", "notlocalhost", "localhost..", "127.0.0.1", ""])
    expect(isLocalhostName(s)).toBe(false);
});
