// StaticResolver in virtual time: synchronous answers, delayed answers through event sockets seen by the
// poller, cancellation, and the cache saving lookups.

import { describe, expect, test } from "bun:test";
import { CURL_CSELECT_IN, CURL_POLL_IN } from "../../src/constants/index.ts";
import { DnsCache } from "../../src/dns/cache.ts";
import type { DnsQuery } from "../../src/dns/resolver.ts";
import { StaticResolver } from "../../src/dns/static.ts";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork } from "../../src/transport/memory/network.ts";
import { SOCK_EOF, SOCK_OPEN } from "../../src/transport/types.ts";

const TABLE = { "a.test": ["192.0.2.1", "2001:db8::1"], "b.test": ["192.0.2.2"] };

function world(delayMs = 0) {
  const clock = new ManualClock(1000);
  const sched = new Scheduler(clock);
  const net = new MemoryNetwork(clock, sched);
  const t = net.transport;
  const events: string[] = [];
  t.poller.onReady = (s, ev) => events.push(`${s}:${ev}`);
  const r = new StaticResolver(t, sched, TABLE, delayMs);
  /** Moves virtual time, runs what is due, and delivers one round of readiness. */
  const step = (ms: number): void => {
    clock.advance(ms);
    sched.runDue();
    t.poller.dispatch();
  };
  return { clock, sched, t, events, r, step };
}

describe("synchronous (delayMs 0)", () => {
  test("known names answer at once, without an event socket", () => {
    const { t, r } = world();
    const q = r.start("a.test", 443);
    expect(q.done).toBe(true);
    expect(q.s).toBe(-1);
    expect(q.addrs).toEqual(TABLE["a.test"]);
    expect(q.host).toBe("a.test");
    expect(q.port).toBe(443);
    expect(t.open).toBe(0);
    expect(r.lookups).toBe(1);
  });

  test("names compare case-insensitively; the answer is a copy", () => {
    const { r } = world();
    const q = r.start("A.Test", 80);
    expect(q.addrs).toEqual(TABLE["a.test"]);
    q.addrs!.push("10.9.9.9");
    expect(r.start("a.test", 80).addrs).toEqual(TABLE["a.test"]);
  });

  test('unknown names fail with "not found" (a negative answer)', () => {
    const { r } = world();
    const q = r.start("nx.test", 80);
    expect(q.done).toBe(true);
    expect(q.addrs).toBeNull();
    expect(q.error).toBe("not found");
    expect(q.negative).toBe(true);
  });
});

describe("delayed (delayMs > 0)", () => {
  test("the event socket turns readable exactly after the delay", () => {
    const { t, events, r, step } = world(50);
    const q = r.start("a.test", 80);
    expect(q.done).toBe(false);
    expect(q.s).toBeGreaterThanOrEqual(0);
    expect(t.state(q.s)).toBe(SOCK_OPEN);
    t.poller.watch(q.s, CURL_POLL_IN);
    step(0);
    step(49);
    expect(events).toEqual([]);
    expect(q.done).toBe(false);
    expect(r.pending).toBe(1);
    step(1);
    expect(events).toEqual([`${q.s}:${CURL_CSELECT_IN}`]);
    expect(q.done).toBe(true);
    expect(q.addrs).toEqual(TABLE["a.test"]);
    expect(t.state(q.s)).toBe(SOCK_EOF);
    expect(r.pending).toBe(0);
    // Level-triggered: it stays readable until the caller closes it.
    step(0);
    expect(events.length).toBe(2);
    t.close(q.s);
    step(0);
    expect(events.length).toBe(2);
    expect(t.open).toBe(0);
  });

  test("failures arrive the same way", () => {
    const { t, events, r, step } = world(10);
    const q = r.start("nx.test", 80);
    t.poller.watch(q.s, CURL_POLL_IN);
    step(10);
    expect(events).toEqual([`${q.s}:${CURL_CSELECT_IN}`]);
    expect(q.addrs).toBeNull();
    expect(q.error).toBe("not found");
  });

  test("concurrent lookups answer in delay order on their own sockets", () => {
    const { t, events, r, step } = world(30);
    const q1 = r.start("a.test", 80);
    r.delayMs = 10;
    const q2 = r.start("b.test", 80);
    expect(q1.s).not.toBe(q2.s);
    t.poller.watch(q1.s, CURL_POLL_IN);
    t.poller.watch(q2.s, CURL_POLL_IN);
    step(10);
    expect(events).toEqual([`${q2.s}:${CURL_CSELECT_IN}`]);
    expect([q1.done, q2.done]).toEqual([false, true]);
    t.close(q2.s);
    step(20);
    expect(events).toEqual([`${q2.s}:${CURL_CSELECT_IN}`, `${q1.s}:${CURL_CSELECT_IN}`]);
    expect(q1.addrs).toEqual(TABLE["a.test"]);
    expect(r.lookups).toBe(2);
  });

  test("a cancelled lookup never fires, even when its socket number was reused", () => {
    const { t, events, r, step } = world(20);
    const q = r.start("a.test", 80);
    const s = q.s;
    r.cancel(q);
    t.close(s);
    expect(r.pending).toBe(0);
    const reused = t.openSignal();
    expect(reused).toBe(s);
    t.poller.watch(reused, CURL_POLL_IN);
    step(100);
    expect(events).toEqual([]);
    expect(t.state(reused)).toBe(SOCK_OPEN);
    expect(q.done).toBe(false);
    expect(q.addrs).toBeNull();
  });
});

test("with a DnsCache in front, the resolver is asked again only after the entry expires", () => {
  const { clock, r } = world();
  const cache = new DnsCache();
  const resolve = (host: string): readonly string[] | null => {
    const hit = cache.get(host, 80, clock.now(), 60);
    if (hit !== undefined) return hit;
    const q: DnsQuery = r.start(host, 80);
    if (q.addrs !== null) cache.put(host, 80, q.addrs, clock.now());
    else if (q.negative) cache.putNegative(host, 80, clock.now());
    return q.addrs;
  };
  expect(resolve("a.test")).toEqual(TABLE["a.test"]);
  clock.advance(59_999);
  expect(resolve("a.test")).toEqual(TABLE["a.test"]);
  expect(r.lookups).toBe(1);
  clock.advance(1);
  expect(resolve("a.test")).toEqual(TABLE["a.test"]);
  expect(r.lookups).toBe(2);
  // Negative answers are cached for half the timeout.
  expect(resolve("nx.test")).toBeNull();
  clock.advance(29_999);
  expect(resolve("nx.test")).toEqual([]);
  expect(r.lookups).toBe(3);
  clock.advance(1);
  expect(resolve("nx.test")).toBeNull();
  expect(r.lookups).toBe(4);
});
