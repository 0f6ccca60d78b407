// The pure cookie engine (src/cookie/) against lib/cookie.c's rules, case by case: the parsers, the
// matching, the jar's replacement and overlay rules, the limits, the file format and loading. Cases
// where Debian's 7.88 differs from current libcurl (docs/differences.md, "Cookies") are pinned here to
// current libcurl's behaviour, since the oracle cannot check them.

import { describe, expect, test } from "bun:test";
import { CURLE_OK, CURLE_TOO_LARGE } from "../../src/constants/index.ts";
import { parseDate } from "../../src/cookie/date.ts";
import {
  defaultPath,
  isIpNum,
  pathMatch,
  sanitizePath,
  tailMatch,
} from "../../src/cookie/domain.ts";
import { cookieHash, topDomain } from "../../src/cookie/hash.ts";
import {
  COOKIE_HTTPHEADER,
  COOKIE_NOPSL,
  COOKIE_NOSESSION,
  COOKIE_SECURE,
  CookieStore,
  cookieHeaderValue,
  JAR_HEADER,
  loadCookieText,
  MAX_COOKIE_SEND_AMOUNT,
} from "../../src/cookie/index.ts";
import { parseNetscape, parseSetCookie } from "../../src/cookie/parse.ts";
import { cookieDomainAcceptable, refusedByPsl } from "../../src/cookie/psl.ts";

const NOW = 1_700_000_000;
const ctx = (domain: string | null, path: string | null = "/", secure = false) => ({
  domain,
  path,
  secure,
  running: true,
  now: NOW,
});

/** A running store with the Set-Cookie lines added from host + path. */
function storeWith(host: string, path: string, lines: string[], secure = false): CookieStore {
  const s = new CookieStore();
  s.running = true;
  const count = { setCookies: 0 };
  for (const l of lines)
    s.add(
      l,
      { flags: COOKIE_HTTPHEADER | (secure ? COOKIE_SECURE : 0), domain: host, path, now: NOW },
      count,
    );
  s.assertInvariants();
  return s;
}

const names = (s: CookieStore, host: string, path: string, secure = false) =>
  s.forRequest(host, path, secure, NOW).map((c) => `${c.name}=${c.value}`);

describe("Set-Cookie parsing (parse_cookie_header)", () => {
  test("name, value and blanks", () => {
    const c = parseSetCookie("  a b = x y ;Path=/p", ctx("h.example"))!;
    expect([c.name, c.value, c.path, c.domain, c.tailmatch]).toEqual([
      "a b",
      "x y",
      "/p",
      "h.example",
      false,
    ]);
  });
  test("dropped: no '=', empty name, control bytes, a TAB in the name", () => {
    for (const l of ["justname", "=v", " =v", "a\x01=b", "a=b\x7f", "a\tb=c", "a=b\tc"])
      expect(parseSetCookie(l, ctx("h.example")), JSON.stringify(l)).toBeNull();
  });
  test("MAX_NAME is name + value (current libcurl; 7.88 also capped each at 4094)", () => {
    expect(parseSetCookie(`a=${"v".repeat(4095)}`, ctx("h"))).not.toBeNull();
    expect(parseSetCookie(`a=${"v".repeat(4096)}`, ctx("h"))).toBeNull();
  });
  test("a line over MAX_COOKIE_LINE (5000) is dropped", () => {
    expect(parseSetCookie(`a=1; x=${"y".repeat(4994)}`, ctx("h"))).toBeNull();
    expect(parseSetCookie(`a=1; x=${"y".repeat(4993)}`, ctx("h"))).not.toBeNull();
  });
  test("Domain: a leading dot is dropped; the host must tail-match; an IP only as itself", () => {
    expect(parseSetCookie("a=1; Domain=.example.com", ctx("www.example.com"))?.domain).toBe(
      "example.com",
    );
    expect(parseSetCookie("a=1; Domain=ample.com", ctx("www.example.com"))).toBeNull();
    expect(parseSetCookie("a=1; Domain=127.0.0.1", ctx("127.0.0.1"))?.tailmatch).toBe(false);
    expect(parseSetCookie("a=1; Domain=0.0.1", ctx("127.0.0.1"))).toBeNull();
    expect(parseSetCookie("a=1; Domain=", ctx("h.example"))?.domain).toBe("h.example");
  });
  test("the default path is the request's up to its last slash; Path= empty is the default too", () => {
    expect(parseSetCookie("a=1", ctx("h", "/d/e/f"))?.path).toBe("/d/e");
    expect(parseSetCookie("a=1; Path=", ctx("h", "/d/e/f"))?.path).toBe("/d/e");
    expect(parseSetCookie('a=1; Path="/q/"', ctx("h"))?.path).toBe("/q");
    expect(parseSetCookie("a=1; Path=rel", ctx("h"))?.path).toBe("/");
  });
  test("secure only from a secure origin once running", () => {
    expect(parseSetCookie("a=1; Secure", ctx("h"))).toBeNull();
    expect(parseSetCookie("a=1; Secure", ctx("h", "/", true))?.secure).toBe(true);
    expect(parseSetCookie("a=1; secure", { ...ctx("h"), running: false })?.secure).toBe(true);
  });
  test("Max-Age wins over Expires in either order; 0 and junk expire at once", () => {
    const exp = "Expires=Wed, 09 Jun 2021 10:18:14 GMT";
    expect(parseSetCookie(`a=1; ${exp}; Max-Age=10`, ctx("h"))?.expires).toBe(BigInt(NOW + 10));
    expect(parseSetCookie(`a=1; Max-Age=10; ${exp}`, ctx("h"))?.expires).toBe(BigInt(NOW + 10));
    expect(parseSetCookie("a=1; Max-Age=0", ctx("h"))?.expires).toBe(1n);
    expect(parseSetCookie("a=1; Max-Age=-3", ctx("h"))?.expires).toBe(1n);
    expect(parseSetCookie("a=1; Max-Age=+3", ctx("h"))?.expires).toBe(1n);
  });
  test("the first Expires that parses wins (7.88: the last one)", () => {
    const c = parseSetCookie("a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Expires=junk", ctx("h"))!;
    expect(c.expires).toBe(1623233894n);
  });
  test("expiry is capped at 400 days, rounded to a minute (7.88 has no cap)", () => {
    const cap = BigInt(Math.floor((NOW + 400 * 86400 + 30) / 60) * 60);
    expect(parseSetCookie("a=1; Max-Age=99999999999", ctx("h"))?.expires).toBe(cap);
    expect(parseSetCookie("a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT", ctx("h"))?.expires).toBe(
      cap,
    );
    expect(parseSetCookie("a=1; Max-Age=99999999999999999999999", ctx("h"))?.expires).toBe(cap);
  });
  test("__Secure- and __Host- are case-sensitive (7.88 matched any case)", () => {
    expect(parseSetCookie("__Secure-a=1", ctx("h"))?.prefixSecure).toBe(true);
    expect(parseSetCookie("__secure-a=1", ctx("h"))?.prefixSecure).toBe(false);
    expect(parseSetCookie("__Host-a=1", ctx("h"))?.prefixHost).toBe(true);
  });
});

describe("dates (Curl_getdate_capped)", () => {
  test.each([
    ["Sun, 06 Nov 1994 08:49:37 GMT", 784111777],
    ["Sunday, 06-Nov-94 08:49:37 GMT", 784111777],
    ["Sun Nov  6 08:49:37 1994", 784111777],
    ["06 Nov 1994 08:49:37 +0100", 784108177],
    ["19941106 08:49:37", 784111777],
    ["Nov 6 1994", 784080000],
    ["garbage", null],
    ["Sun, 06 Nov 1500 08:49:37 GMT", null],
    ["06 Nov 1994 25:00:00", null],
  ])("%s", (s, want) => expect(parseDate(s)).toBe(want));
});

describe("Netscape lines (parse_netscape)", () => {
  test("seven fields; #HttpOnly_; a leading dot; a missing value", () => {
    const c = parseNetscape("#HttpOnly_.example.com\tTRUE\t/p\tFALSE\t123\tn\tv", false, false)!;
    expect([
      c.domain,
      c.tailmatch,
      c.path,
      c.secure,
      c.expires,
      c.name,
      c.value,
      c.httponly,
    ]).toEqual(["example.com", true, "/p", false, 123n, "n", "v", true]);
    expect(parseNetscape("h\tFALSE\t/\tFALSE\t0\tn", false, false)?.value).toBe("");
  });
  test("comments, short lines, extra fields and bad numbers are dropped", () => {
    for (const l of [
      "# c",
      "",
      "h\tFALSE\t/\tFALSE\t0",
      "h\tFALSE\t/\tFALSE\t0\tn\tv\tx",
      "h\tFALSE\t/\tFALSE\t-1\tn\tv",
      "h\tFALSE\t/\tFALSE\t99999999999999999999\tn\tv",
    ])
      expect(parseNetscape(l, false, false), JSON.stringify(l)).toBeNull();
  });
  test("a TRUE/FALSE in the path's place means path /", () => {
    const c = parseNetscape("h\tFALSE\tTRUE\t0\tn\tv", true, false)!;
    expect([c.path, c.secure, c.expires, c.name]).toEqual(["/", true, 0n, "n"]);
  });
  test("secure from a file needs a secure origin or a running engine; control bytes drop the line", () => {
    expect(parseNetscape("h\tFALSE\t/\tTRUE\t0\tn\tv", false, false)).toBeNull();
    expect(parseNetscape("h\tFALSE\t/\tTRUE\t0\tn\tv", false, true)?.secure).toBe(true);
    expect(parseNetscape("h\tFALSE\t/\tFALSE\t0\tn\tv\x01", true, true)).toBeNull();
  });
});

describe("matching", () => {
  test("tail match, IP addresses, paths", () => {
    expect(tailMatch("example.com", "www.EXAMPLE.com")).toBe(true);
    expect(tailMatch("example.com", "wwwexample.com")).toBe(false);
    expect([
      isIpNum("127.0.0.1"),
      isIpNum("::1"),
      isIpNum("::ffff:1.2.3.4"),
      isIpNum("1.2.3"),
      isIpNum("a::b::c"),
    ]).toEqual([true, true, true, false, false]);
    expect([
      pathMatch("/p", "/p"),
      pathMatch("/p", "/p/q"),
      pathMatch("/p", "/pq"),
      pathMatch("/p", "/P"),
      pathMatch("/", "x"),
    ]).toEqual([true, true, false, false, true]);
    expect([
      sanitizePath("/a/"),
      sanitizePath("/"),
      defaultPath("/a/b"),
      defaultPath("/a"),
    ]).toEqual(["/a", "/", "/a", "/"]);
  });
  test("the 63 lists: by the last two labels, IPs and no domain in list 0", () => {
    expect(topDomain("a.b.example.com")).toBe("example.com");
    expect(cookieHash("www.example.com")).toBe(cookieHash("EXAMPLE.COM"));
    expect(cookieHash("127.0.0.1")).toBe(0);
    expect(cookieHash(null)).toBe(0);
  });
  test("send order: longest path, then domain, then name, then the newest", () => {
    const s = storeWith("www.example.com", "/", [
      "a=1; Path=/p",
      "bb=2",
      "c=3; Path=/p/q",
      "dd=4; Domain=example.com",
      "ee=5",
      "f=6",
    ]);
    expect(names(s, "www.example.com", "/p/q")).toEqual([
      "c=3",
      "a=1",
      "ee=5",
      "bb=2",
      "f=6",
      "dd=4",
    ]);
  });
  test("secure cookies only in a secure context; host-only cookies not for subdomains", () => {
    const s = storeWith("example.com", "/", ["a=1; Secure", "b=2"], true);
    expect(names(s, "example.com", "/")).toEqual(["b=2"]);
    expect(names(s, "example.com", "/", true)).toEqual(["b=2", "a=1"]);
    expect(names(s, "www.example.com", "/", true)).toEqual([]);
  });
  test("at most MAX_COOKIE_SEND_AMOUNT cookies, and a Cookie header under 8190 bytes", () => {
    const s = new CookieStore();
    s.running = true;
    for (let i = 0; i < 200; i++)
      s.add(
        `example.com\tFALSE\t/\tFALSE\t0\tn${i}\t${"v".repeat(60)}`,
        { flags: COOKIE_SECURE, domain: null, path: null, now: NOW },
        { setCookies: 0 },
      );
    expect(s.forRequest("example.com", "/", false, NOW).length).toBe(MAX_COOKIE_SEND_AMOUNT);
    const h = cookieHeaderValue(s, "example.com", "/", false, NOW, "extra=1")!;
    expect(h.length + 8).toBeLessThan(8190);
    expect(h.includes("extra=1")).toBe(false); // CURLOPT_COOKIE is left out once the jar's cookies were cut
    expect(cookieHeaderValue(null, "h", "/", false, NOW, "x=1")).toBe("x=1");
  });
});

describe("the jar", () => {
  test("replacement keeps the creation number; Max-Age=0 removes", () => {
    const s = storeWith("h.example", "/", ["a=1", "b=2", "a=3", "b=x; Max-Age=0"]);
    expect(names(s, "h.example", "/")).toEqual(["a=3"]);
    expect(s.count).toBe(1);
    expect(s.jar(NOW)).toBe(`${JAR_HEADER}h.example\tFALSE\t/\tFALSE\t0\ta\t3\n`);
  });
  test("a non-secure cookie may not overlay a secure one under its first path segment", () => {
    const s = storeWith("h.example", "/", ["a=1; Secure; Path=/login"], true);
    const count = { setCookies: 0 };
    const add = (l: string) =>
      s.add(l, { flags: COOKIE_HTTPHEADER, domain: "h.example", path: "/", now: NOW }, count);
    expect(add("a=2; Path=/login/en")).toBeNull();
    expect(add("a=2; Path=/loginhelper")).toBeNull(); // "/login" is a prefix of it too (strncmp)
    expect(add("a=2; Path=/other")).not.toBeNull();
    s.assertInvariants();
  });
  test("a file's cookie does not replace a live one", () => {
    const s = storeWith("h.example", "/", ["a=live"]);
    expect(
      loadCookieText(s, "h.example\tFALSE\t/\tFALSE\t0\ta\tfile\n", 0, NOW, { setCookies: 0 }),
    ).toBe(CURLE_OK);
    expect(names(s, "h.example", "/")).toEqual(["a=live"]);
  });
  test("__Secure- needs secure; __Host- needs secure, path / and no Domain", () => {
    const s = storeWith(
      "localhost",
      "/x/y",
      [
        "__Secure-a=1",
        "__Secure-b=1; Secure",
        "__Host-c=1; Secure",
        "__Host-d=1; Secure; Path=/",
        "__Host-e=1; Secure; Path=/; Domain=localhost",
      ],
      true,
    );
    expect(
      s
        .all()
        .map((c) => c.name)
        .sort(),
    ).toEqual(["__Host-d", "__Secure-b"]);
  });
  test("the 50th Set-Cookie of a handle is the last one taken (current libcurl counts per handle)", () => {
    const s = new CookieStore();
    s.running = true;
    const count = { setCookies: 0 };
    for (let i = 0; i < 60; i++)
      s.add(`c${i}=1`, { flags: COOKIE_HTTPHEADER, domain: "h", path: "/", now: NOW }, count);
    expect(s.count).toBe(50);
    expect(count.setCookies).toBe(50);
  });
  test("expired cookies go; the getinfo list has lines for cookies with a domain only", () => {
    const s = storeWith("h.example", "/", ["a=1; Max-Age=5", "b=2"]);
    expect(s.list(NOW)?.length).toBe(2);
    expect(s.list(NOW + 10)).toEqual(["h.example\tFALSE\t/\tFALSE\t0\tb\t2"]);
    expect(new CookieStore().list(NOW)).toBeNull();
  });
  test("clear all and the session ones", () => {
    const s = storeWith("h.example", "/", ["a=1; Max-Age=50", "b=2"]);
    s.clearSession();
    expect(names(s, "h.example", "/")).toEqual(["a=1"]);
    s.clearAll();
    expect(s.count).toBe(0);
    s.assertInvariants();
  });
});

describe("public suffixes", () => {
  test.each([
    ["www.example.com", "example.com", true],
    ["www.example.com", "com", false],
    ["a.b.example.co.uk", "co.uk", false],
    ["a.b.example.co.uk", "example.co.uk", true],
    ["foo.github.io", "github.io", false],
    ["github.io", "github.io", true],
    ["a.localhost", "localhost", false],
    ["www.example.com", "other.com", false],
  ])("%s may set for %s: %p", (host, domain, ok) =>
    expect(cookieDomainAcceptable(host, domain)).toBe(ok),
  );
  test("from a file (no host), a public suffix is refused; an IP never; localhost is not one", () => {
    expect(refusedByPsl("com", null)).toBe(true);
    // libpsl says localhost is a public suffix; curl (PR #22646) loads a file's localhost cookies.
    expect([refusedByPsl("localhost", null), refusedByPsl("localhost.", null)]).toEqual([
      false,
      false,
    ]);
    expect(refusedByPsl("a.localhost", null)).toBe(false);
    expect(refusedByPsl("example.com", null)).toBe(false);
    expect(refusedByPsl("127.0.0.1", "127.0.0.1")).toBe(false);
  });
});

describe("cookie files (cookie_load)", () => {
  test("Netscape and Set-Cookie: lines, comments, a last line without newline", () => {
    const s = new CookieStore();
    const text = `${JAR_HEADER}h.example\tFALSE\t/\tFALSE\t0\ta\t1\nset-cookie: b=2; Domain=h.example\n#x\nh.example\tFALSE\t/\tTRUE\t0\tc\t3`;
    expect(loadCookieText(s, text, 0, NOW, { setCookies: 0 })).toBe(CURLE_OK);
    expect(s.running).toBe(true);
    expect(names(s, "h.example", "/", true).sort()).toEqual(["a=1", "b=2", "c=3"]);
  });
  test("COOKIE_NOSESSION drops session cookies; the public suffix check applies unless NOPSL", () => {
    const s = new CookieStore();
    loadCookieText(
      s,
      "h.example\tFALSE\t/\tFALSE\t0\ta\t1\nh.example\tFALSE\t/\tFALSE\t9999999999\tb\t2\n.com\tTRUE\t/\tFALSE\t0\tc\t3\n",
      COOKIE_NOSESSION,
      NOW,
      { setCookies: 0 },
    );
    expect(s.all().map((c) => c.name)).toEqual(["b"]);
    const t = new CookieStore();
    loadCookieText(t, ".com\tTRUE\t/\tFALSE\t0\tc\t3\n", COOKIE_NOPSL, NOW, { setCookies: 0 });
    expect(t.count).toBe(1);
  });
  test("a line of 5000 bytes or more stops the load with CURLE_TOO_LARGE (7.88 skipped it)", () => {
    const s = new CookieStore();
    const long = `h.example\tFALSE\t/\tFALSE\t0\tn\t${"v".repeat(4990)}\n`;
    expect(long.length).toBeGreaterThanOrEqual(5000);
    expect(
      loadCookieText(
        s,
        `h.example\tFALSE\t/\tFALSE\t0\ta\t1\n${long}h.example\tFALSE\t/\tFALSE\t0\tb\t1\n`,
        0,
        NOW,
        { setCookies: 0 },
      ),
    ).toBe(CURLE_TOO_LARGE);
    expect(s.all().map((c) => c.name)).toEqual(["a"]);
    expect(s.running).toBe(true);
  });
});
