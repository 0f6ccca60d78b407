// BunResolver: real Bun.dns lookups that stay on this machine ("localhost" from /etc/hosts, ".invalid"
// and ".onion" refused locally), and a scripted lookup function for errors, ordering and cancellation.

import { describe, expect, test } from "bun:test";
import { CURL_CSELECT_IN, CURL_POLL_IN } from "../../src/constants/index.ts";
import { BunResolver, type LookupFn } from "../../src/dns/bun.ts";
import type { DnsQuery } from "../../src/dns/resolver.ts";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork } from "../../src/transport/memory/network.ts";
import { SOCK_EOF, SOCK_OPEN } from "../../src/transport/types.ts";

function transport() {
  const net = new MemoryNetwork(new ManualClock(0), new Scheduler(new ManualClock(0)));
  const t = net.transport;
  const events: string[] = [];
  t.poller.onReady = (s, ev) => events.push(`${s}:${ev}`);
  return { t, events };
}

/** Waits (real time, bounded) until the query is answered. */
async function settled(q: DnsQuery, maxMs = 3000): Promise<void> {
  const until = performance.now() + maxMs;
  while (!q.done && performance.now() < until) await Bun.sleep(1);
}

function isLoopback(a: string): boolean {
  return a === "::1" || a.startsWith("127.");
}

describe("real lookups (no traffic leaves the machine)", () => {
  for (const name of ["localhost", "LOCALHOST", "app.localhost", "localhost."])
    test(`${name} resolves to loopback through the event socket`, async () => {
      const { t, events } = transport();
      const r = new BunResolver(t);
      const q = r.start(name, 80);
      expect(q.done).toBe(false);
      expect(q.s).toBeGreaterThanOrEqual(0);
      t.poller.watch(q.s, CURL_POLL_IN);
      expect(t.poller.dispatch()).toBe(0);
      await settled(q);
      expect(q.done).toBe(true);
      expect(q.error).toBe("");
      expect(q.addrs!.length).toBeGreaterThan(0);
      for (const a of q.addrs!) expect(isLoopback(a)).toBe(true);
      expect(t.state(q.s)).toBe(SOCK_EOF);
      t.poller.dispatch();
      expect(events).toEqual([`${q.s}:${CURL_CSELECT_IN}`]);
      t.close(q.s);
    });

  test("a name under .invalid fails at once with a negative answer and no socket", () => {
    const { t } = transport();
    const q = new BunResolver(t).start("no-such-host.invalid", 443);
    expect(q.done).toBe(true);
    expect(q.s).toBe(-1);
    expect(q.addrs).toBeNull();
    expect(q.error).toContain("ENOTFOUND");
    expect(q.negative).toBe(true);
    expect(t.opened).toBe(0);
  });

  test(".onion names are refused at once (RFC 7686) and are not a negative answer", () => {
    const { t } = transport();
    const q = new BunResolver(t).start("abc.ONION.", 80);
    expect(q.done).toBe(true);
    expect(q.addrs).toBeNull();
    expect(q.error).toBe("Not resolving .onion address (RFC 7686)");
    expect(q.negative).toBe(false);
    expect(t.opened).toBe(0);
  });

  test("IP literals answer at once", () => {
    const { t } = transport();
    const r = new BunResolver(t);
    expect(r.start("192.0.2.7", 80).addrs).toEqual(["192.0.2.7"]);
    expect(r.start("2001:db8::7", 80).addrs).toEqual(["2001:db8::7"]);
    expect(t.opened).toBe(0);
  });
});

describe("scripted lookups", () => {
  /** A lookup function whose promises the test settles by hand. */
  function scripted() {
    const calls: {
      name: string;
      ok: (v: { address: string; family: number }[]) => void;
      fail: (e: unknown) => void;
    }[] = [];
    const fn: LookupFn = (name) =>
      new Promise((ok, fail) => {
        calls.push({ name, ok, fail });
      });
    return { calls, fn };
  }

  test("keeps Bun's order (IPv6 and IPv4 mixed) and drops duplicates", async () => {
    const { t } = transport();
    const { calls, fn } = scripted();
    const q = new BunResolver(t, fn).start("multi.test", 443);
    expect(calls.map((c) => c.name)).toEqual(["multi.test"]);
    calls[0]!.ok([
      { address: "2001:db8::1", family: 6 },
      { address: "192.0.2.1", family: 4 },
      { address: "2001:db8::1", family: 6 },
      { address: "192.0.2.2", family: 4 },
    ]);
    await settled(q);
    expect(q.addrs).toEqual(["2001:db8::1", "192.0.2.1", "192.0.2.2"]);
    expect(t.state(q.s)).toBe(SOCK_EOF);
  });

  test("sub-names of localhost are asked as plain localhost", () => {
    const { t } = transport();
    const { calls, fn } = scripted();
    const r = new BunResolver(t, fn);
    r.start("x.y.LocalHost.", 80);
    r.start("localhost.", 80);
    r.start("example.com.", 80);
    expect(calls.map((c) => c.name)).toEqual(["localhost", "localhost", "example.com"]);
  });

  const errors: [unknown, string, boolean][] = [
    [
      { code: "DNS_ENOTFOUND", message: "getaddrinfo ENOTFOUND" },
      "DNS_ENOTFOUND (getaddrinfo ENOTFOUND)",
      true,
    ],
    [
      { code: "DNS_ECONNREFUSED", message: "getaddrinfo ECONNREFUSED" },
      "DNS_ECONNREFUSED (getaddrinfo ECONNREFUSED)",
      false,
    ],
    [{ code: "DNS_ETIMEOUT", message: "timeout" }, "DNS_ETIMEOUT (timeout)", false],
    [new Error("boom"), "boom", false],
  ];
  for (const [err, text, negative] of errors)
    test(`error ${JSON.stringify(text)} -> addrs null, negative ${negative}`, async () => {
      const { t } = transport();
      const { calls, fn } = scripted();
      const q = new BunResolver(t, fn).start("e.test", 80);
      calls[0]!.fail(err);
      await settled(q);
      expect(q.addrs).toBeNull();
      expect(q.error).toBe(text);
      expect(q.negative).toBe(negative);
      expect(t.state(q.s)).toBe(SOCK_EOF);
    });

  test("an empty answer is a failure", async () => {
    const { t } = transport();
    const { calls, fn } = scripted();
    const q = new BunResolver(t, fn).start("empty.test", 80);
    calls[0]!.ok([]);
    await settled(q);
    expect(q.addrs).toBeNull();
    expect(q.error).toBe("no addresses");
  });

  test("a lookup function that throws synchronously still answers through the socket", async () => {
    const { t } = transport();
    const q = new BunResolver(t, () => {
      throw new Error("bad name");
    }).start("x.test", 80);
    expect(q.done).toBe(false);
    await settled(q);
    expect(q.error).toBe("bad name");
    expect(t.state(q.s)).toBe(SOCK_EOF);
  });

  test("a late answer after cancel does nothing, even to a reused socket number", async () => {
    const { t, events } = transport();
    const { calls, fn } = scripted();
    const r = new BunResolver(t, fn);
    const q = r.start("slow.test", 80);
    const s = q.s;
    r.cancel(q);
    t.close(s);
    const reused = t.openSignal();
    expect(reused).toBe(s);
    t.poller.watch(reused, CURL_POLL_IN);
    calls[0]!.ok([{ address: "192.0.2.1", family: 4 }]);
    await Bun.sleep(5);
    t.poller.dispatch();
    expect(events).toEqual([]);
    expect(t.state(reused)).toBe(SOCK_OPEN);
    expect(q.done).toBe(false);
    expect(q.addrs).toBeNull();
  });
});
