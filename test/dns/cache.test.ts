// DnsCache: expiry to the ms under each CURLOPT_DNS_CACHE_TIMEOUT mode, RESOLVE overrides, negative
// entries, the wildcard, and pruning (incl. libcurl's size cap).

import { describe, expect, test } from "bun:test";
import { DnsCache } from "../../src/dns/cache.ts";

const T0 = 1_000_000;
const A = ["192.0.2.1", "2001:db8::1"];

function check(c: DnsCache): DnsCache {
  c.assertInvariants();
  return c;
}

describe("expiry by timeout mode", () => {
  for (const sec of [60, 5, 1, 3600]) {
    test(`${sec} s: fresh until age ${sec * 1000 - 1} ms, stale at ${sec * 1000} ms`, () => {
      const c = new DnsCache();
      c.put("example.com", 443, A, T0);
      expect(c.get("example.com", 443, T0, sec)).toEqual(A);
      expect(c.get("example.com", 443, T0 + sec * 1000 - 1, sec)).toEqual(A);
      expect(c.get("example.com", 443, T0 + sec * 1000, sec)).toBeUndefined();
      // A stale hit drops the entry ("zapped").
      expect(check(c).size).toBe(0);
    });
  }

  test("fractional clock: stale exactly when age >= timeout", () => {
    const c = new DnsCache();
    c.put("h", 80, A, T0 + 0.25);
    expect(c.get("h", 80, T0 + 60_000.249, 60)).toEqual(A);
    expect(c.get("h", 80, T0 + 60_000.25, 60)).toBeUndefined();
  });

  test("0 s: nothing is ever served from the cache", () => {
    const c = new DnsCache();
    c.put("example.com", 443, A, T0);
    expect(c.get("example.com", 443, T0, 0)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  test("-1: entries stay forever, prune keeps them", () => {
    const c = new DnsCache();
    c.put("example.com", 443, A, T0);
    c.prune(T0 + 1e12, -1);
    expect(c.size).toBe(1);
    expect(c.get("example.com", 443, T0 + 1e12, -1)).toEqual(A);
  });

  test("the timeout belongs to the lookup, not the entry", () => {
    const c = new DnsCache();
    c.put("h", 80, A, T0);
    expect(c.get("h", 80, T0 + 10_000, 60)).toEqual(A);
    expect(c.get("h", 80, T0 + 10_000, 10)).toBeUndefined();
  });

  test("names are case-insensitive, ports are distinct", () => {
    const c = new DnsCache();
    c.put("Example.COM", 443, A, T0);
    expect(c.get("example.com", 443, T0, 60)).toEqual(A);
    expect(c.get("EXAMPLE.com", 80, T0, 60)).toBeUndefined();
    c.put("example.com", 80, ["192.0.2.9"], T0);
    expect(c.get("example.com", 80, T0, 60)).toEqual(["192.0.2.9"]);
    expect(check(c).size).toBe(2);
  });

  test("put replaces and restarts the age", () => {
    const c = new DnsCache();
    c.put("h", 80, ["192.0.2.1"], T0);
    c.put("h", 80, ["192.0.2.2"], T0 + 50_000);
    expect(c.get("h", 80, T0 + 100_000, 60)).toEqual(["192.0.2.2"]);
    expect(check(c).size).toBe(1);
  });
});

describe("negative entries", () => {
  test("served as [] and stale at half the timeout", () => {
    const c = new DnsCache();
    c.putNegative("nx.example", 80, T0);
    expect(c.get("nx.example", 80, T0 + 29_999, 60)).toEqual([]);
    expect(c.get("nx.example", 80, T0 + 30_000, 60)).toBeUndefined();
    expect(check(c).size).toBe(0);
  });

  test("-1 keeps them forever, 0 never serves them", () => {
    const c = new DnsCache();
    c.putNegative("nx.example", 80, T0);
    expect(c.get("nx.example", 80, T0 + 1e12, -1)).toEqual([]);
    expect(c.get("nx.example", 80, T0, 0)).toBeUndefined();
  });

  test("a positive answer replaces a negative one", () => {
    const c = new DnsCache();
    c.putNegative("h", 80, T0);
    c.put("h", 80, A, T0 + 1);
    expect(c.get("h", 80, T0 + 40_000, 60)).toEqual(A);
    expect(check(c).size).toBe(1);
  });
});

describe("CURLOPT_RESOLVE overrides", () => {
  test("permanent entries never expire, whatever the timeout, and survive prune", () => {
    const c = new DnsCache();
    c.putOverride("fake.test", 80, ["127.0.0.1"], true, T0);
    for (const sec of [60, 0, -1, 1]) {
      expect(c.get("fake.test", 80, T0 + 1e10, sec)).toEqual(["127.0.0.1"]);
      c.prune(T0 + 1e10, sec);
    }
    expect(check(c).size).toBe(1);
  });

  test('"+" entries time out like resolver answers', () => {
    const c = new DnsCache();
    c.putOverride("fake.test", 80, ["127.0.0.1"], false, T0);
    expect(c.get("fake.test", 80, T0 + 59_999, 60)).toEqual(["127.0.0.1"]);
    expect(c.get("fake.test", 80, T0 + 60_000, 60)).toBeUndefined();
  });

  test("an override replaces a cached answer; a '+' one gets a fresh age", () => {
    const c = new DnsCache();
    c.put("h", 80, A, T0);
    c.putOverride("h", 80, ["10.0.0.1"], false, T0 + 50_000);
    expect(c.get("h", 80, T0 + 100_000, 60)).toEqual(["10.0.0.1"]);
    c.putOverride("h", 80, ["10.0.0.2"], true, T0 + 100_000);
    c.put("other", 80, A, T0 + 100_000);
    c.prune(T0 + 1e9, 60);
    expect(c.get("h", 80, T0 + 1e9, 60)).toEqual(["10.0.0.2"]);
    expect(check(c).size).toBe(1);
  });

  test("a '+' override turns a permanent entry into a timed one", () => {
    const c = new DnsCache();
    c.putOverride("h", 80, ["10.0.0.1"], true, T0);
    c.putOverride("h", 80, ["10.0.0.2"], false, T0);
    expect(c.get("h", 80, T0 + 60_000, 60)).toBeUndefined();
  });

  test('remove ("-HOST:PORT") drops the entry, case-insensitively; absent is a no-op', () => {
    const c = new DnsCache();
    c.putOverride("fake.test", 80, ["127.0.0.1"], true, T0);
    c.put("fake.test", 81, A, T0);
    c.remove("FAKE.test", 80);
    c.remove("fake.test", 82);
    c.remove("nothere", 80);
    expect(c.get("fake.test", 80, T0, 60)).toBeUndefined();
    expect(c.get("fake.test", 81, T0, 60)).toEqual(A);
    expect(check(c).size).toBe(1);
  });

  test('the "*" wildcard answers names without their own entry, same port only', () => {
    const c = new DnsCache();
    c.putOverride("*", 443, ["127.0.0.1"], true, T0);
    c.putOverride("exact.test", 443, ["10.0.0.1"], true, T0);
    expect(c.get("anything.example", 443, T0, 60)).toEqual(["127.0.0.1"]);
    expect(c.get("exact.test", 443, T0, 60)).toEqual(["10.0.0.1"]);
    expect(c.get("anything.example", 80, T0, 60)).toBeUndefined();
    expect(c.get("anything.example", 443, T0, 60, false)).toBeUndefined();
  });
});

describe("prune", () => {
  test("drops exactly the stale entries, oldest first, across both timed lists", () => {
    const c = new DnsCache();
    for (let i = 0; i < 10; i++) c.put(`h${i}`, 80, A, T0 + i * 1000);
    for (let i = 0; i < 10; i++) c.putNegative(`n${i}`, 80, T0 + i * 1000);
    c.putOverride("p", 80, A, true, T0);
    // At T0+64.5 s with 60 s: positives h0..h4 (age >= 60 s) and negatives n0..n9 (age*2 >= 60 s
    // for age >= 30 s: all of them, the youngest is 55.5 s old) are stale.
    c.prune(T0 + 64_500, 60);
    expect(check(c).size).toBe(6);
    for (let i = 0; i < 10; i++) {
      expect(c.get(`h${i}`, 80, T0 + 64_500, -1)).toEqual(i < 5 ? undefined : A);
      expect(c.get(`n${i}`, 80, T0 + 64_500, -1)).toBeUndefined();
    }
  });

  test("a re-put entry moves to the young end of the order", () => {
    const c = new DnsCache();
    c.put("a", 80, A, T0);
    c.put("b", 80, A, T0 + 1000);
    c.put("a", 80, A, T0 + 2000);
    check(c);
    c.prune(T0 + 61_500, 60);
    expect(c.get("a", 80, T0 + 61_500, -1)).toEqual(A);
    expect(c.get("b", 80, T0 + 61_500, -1)).toBeUndefined();
  });

  test("0 prunes every timed entry; -1 prunes nothing", () => {
    const c = new DnsCache();
    c.put("a", 80, A, T0);
    c.putNegative("b", 80, T0);
    c.putOverride("p", 80, A, true, T0);
    c.prune(T0 + 1e9, -1);
    expect(c.size).toBe(3);
    c.prune(T0, 0);
    expect(check(c).size).toBe(1);
  });

  test("over maxSize it prunes at half the oldest age until the size fits (libcurl)", () => {
    const c = new DnsCache(4);
    for (let i = 0; i < 10; i++) c.put(`h${i}`, 80, A, T0 + i * 1000);
    // Ages 9..0 s, none stale at 60 s. 10 > 4: cut at 4.5 s (keeps 5), 5 > 4: cut at 2 s (keeps 2).
    c.prune(T0 + 9000, 60);
    expect(check(c).size).toBe(2);
    expect(c.get("h8", 80, T0 + 9000, 60)).toEqual(A);
    expect(c.get("h9", 80, T0 + 9000, 60)).toEqual(A);
  });

  test("the size cap never loops on permanent entries", () => {
    const c = new DnsCache(1);
    for (let i = 0; i < 3; i++) c.putOverride(`p${i}`, 80, A, true, T0);
    c.put("t", 80, A, T0);
    c.prune(T0 + 10, 60);
    expect(check(c).size).toBe(3);
  });

  test("clear empties everything", () => {
    const c = new DnsCache();
    c.put("a", 80, A, T0);
    c.putNegative("b", 80, T0);
    c.putOverride("p", 80, A, true, T0);
    c.clear();
    expect(check(c).size).toBe(0);
  });
});
