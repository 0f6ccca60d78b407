// A Share between two multis in virtual time: one DNS cache (the resolver is asked once), idle
// HTTP/1.1 connections parked by one multi and taken by the other's transfer (numConnects 0, the
// same local port), what stays the multi's own (another transport, a transfer that may speak
// HTTP/2), the lock callbacks around each use, and close() closing what the share holds.

import { describe, expect, test } from "bun:test";
import {
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_DNS,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_COULDNT_RESOLVE_HOST,
  CURLE_OK,
  CURLSHE_OK,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_SHARE,
  CURLSHOPT_UNLOCKFUNC,
  CURLSHOPT_UNSHARE,
} from "../../src/constants/index.ts";
import { StaticResolver } from "../../src/dns/static.ts";
import { Easy } from "../../src/easy/easy.ts";
import { Multi } from "../../src/multi/multi.ts";
import { sharedConnCache } from "../../src/share/pick.ts";
import { Share, shareState } from "../../src/share/share.ts";
import { httpServer, makeWorld, response, VirtualDriver, type World } from "../helpers/virtual.ts";

const NAMES = { "example.test": ["10.0.0.1"] };

/**
 * One network, one resolver, two multis on its transport (each with its own driver). With `close`
 * the server closes each connection, so every transfer resolves (a reused one would not).
 */
function twoMultis(close = false) {
  let resolver: StaticResolver | undefined;
  const a = makeWorld({
    resolver: (net) => {
      resolver = new StaticResolver(net.transport, net.scheduler, NAMES);
      return resolver;
    },
  });
  const mb = new Multi({ clock: a.clock, transport: a.net.transport, resolver });
  const extra = close ? ["Connection: close"] : [];
  const server = httpServer(a.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok", extra)));
  return { a, mb, resolver: resolver!, server };
}

/** Runs one transfer of `url` on `multi` to completion; a fresh driver takes the poller over. */
function runOn(w: World, multi: Multi, url: string, share: Share | null): Easy {
  const d = multi === w.multi ? w.driver : new VirtualDriver(multi, w.clock, w.sched, w.net);
  // The driver that runs last owns the poller's readiness (one loop at a time here).
  w.net.transport.poller.onReady = (s, ev) => d.action(s, ev);
  const e = new Easy();
  e.setopt("url", url);
  e.setopt("share", share);
  multi.addHandle(e);
  d.run();
  expect(d.resultOf(e)).toBe(CURLE_OK);
  return e;
}

function shareOf(...kinds: number[]): Share {
  const sh = new Share();
  for (const k of kinds) expect(sh.setopt(CURLSHOPT_SHARE, k)).toBe(CURLSHE_OK);
  return sh;
}

describe("CURL_LOCK_DATA_DNS across multis", () => {
  test("the second multi's transfer finds the name in the share's cache: one lookup in all", () => {
    const { a, mb, resolver } = twoMultis(true);
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    runOn(a, a.multi, "http://example.test/", sh);
    runOn(a, mb, "http://example.test/", sh);
    expect(resolver.lookups).toBe(1);
    expect(shareState(sh).dns.get("example.test", 80, a.clock.now(), 60)).toEqual(["10.0.0.1"]);
  });

  test("without the share, or with DNS unshared, each multi asks the resolver", () => {
    const { a, mb, resolver } = twoMultis(true);
    runOn(a, a.multi, "http://example.test/", null);
    runOn(a, mb, "http://example.test/", null);
    expect(resolver.lookups).toBe(2);
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    expect(sh.setopt(CURLSHOPT_UNSHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_OK);
    const c = new Multi({ clock: a.clock, transport: a.net.transport, resolver });
    runOn(a, c, "http://example.test/", sh);
    expect(resolver.lookups).toBe(3);
    expect(shareState(sh).dns.size).toBe(0);
  });

  test("a handle that leaves the share goes back to its multi's cache", () => {
    const { a, resolver } = twoMultis(true);
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    runOn(a, a.multi, "http://example.test/", sh);
    runOn(a, a.multi, "http://example.test/", null);
    expect(resolver.lookups).toBe(2);
  });
});

describe("CURL_LOCK_DATA_DNS and CURLOPT_RESOLVE", () => {
  test("one handle's RESOLVE entries land in the share's cache, for the other multi's handles too", () => {
    // No resolver at all: only the share's cache can answer for example.test.
    const a = makeWorld();
    const mb = new Multi({ clock: a.clock, transport: a.net.transport });
    httpServer(a.net, "10.0.0.1", 80, (_r, p) =>
      p.write(response(200, "ok", ["Connection: close"])),
    );
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    const d = new VirtualDriver(mb, a.clock, a.sched, a.net);
    const e1 = new Easy();
    e1.setopt("url", "http://example.test/");
    e1.setopt("resolve", ["example.test:80:10.0.0.1"]);
    e1.setopt("share", sh);
    a.multi.addHandle(e1);
    a.net.transport.poller.onReady = (s, ev) => a.driver.action(s, ev);
    a.driver.run();
    expect(a.driver.resultOf(e1)).toBe(CURLE_OK);
    a.net.transport.poller.onReady = (s, ev) => d.action(s, ev);
    const e2 = new Easy();
    e2.setopt("url", "http://example.test/");
    e2.setopt("share", sh);
    mb.addHandle(e2);
    d.run();
    expect(d.resultOf(e2)).toBe(CURLE_OK);
    // Without the share the same handle cannot resolve the name.
    const e3 = new Easy();
    e3.setopt("url", "http://example.test/");
    mb.addHandle(e3);
    d.run();
    expect(d.resultOf(e3)).toBe(CURLE_COULDNT_RESOLVE_HOST);
  });
});

describe("CURL_LOCK_DATA_CONNECT across multis", () => {
  test("the second multi reuses the connection the first parked: numConnects 0, same local port", () => {
    const { a, mb } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    const e1 = runOn(a, a.multi, "http://10.0.0.1/", sh);
    const e2 = runOn(a, mb, "http://10.0.0.1/", sh);
    expect(e1.getinfo("numConnects")).toBe(1);
    expect(e2.getinfo("numConnects")).toBe(0);
    expect(e2.getinfo("localPort")).toBe(e1.getinfo("localPort"));
    expect(a.net.peers.length).toBe(1);
    shareState(sh).assertInvariants();
    a.multi.assertInvariants();
    mb.assertInvariants();
  });

  test("without CONNECT shared each multi opens its own connection", () => {
    const { a, mb } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    runOn(a, a.multi, "http://10.0.0.1/", sh);
    const e2 = runOn(a, mb, "http://10.0.0.1/", sh);
    expect(e2.getinfo("numConnects")).toBe(1);
    expect(a.net.peers.length).toBe(2);
  });

  test("a multi on another transport does not get the connection (it lives on the first one's)", () => {
    const { a } = twoMultis();
    const b = makeWorld();
    httpServer(b.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok")));
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    runOn(a, a.multi, "http://10.0.0.1/", sh);
    const e2 = runOn(b, b.multi, "http://10.0.0.1/", sh);
    expect(e2.getinfo("numConnects")).toBe(1);
    expect(b.net.peers.length).toBe(1);
  });

  test("a transfer that may speak HTTP/2 keeps its multi's own cache", () => {
    const { a } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    const e = new Easy();
    e.setopt("share", sh);
    const t = { opts: { share: sh }, handle: { easy: e } };
    expect(sharedConnCache(t, a.net.transport, true)).toBeNull();
    expect(sharedConnCache(t, a.net.transport, false)).not.toBeNull();
    // The same handle with prior knowledge over http: its connection is not parked in the share.
    e.setopt("httpVersion", CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    e.setopt("share", null);
  });

  test("the first multi closed, its idle connection stays in the share for the other", () => {
    const { a, mb } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    runOn(a, a.multi, "http://10.0.0.1/", sh);
    a.multi.close();
    expect(a.net.transport.open).toBe(1);
    const e2 = runOn(a, mb, "http://10.0.0.1/", sh);
    expect(e2.getinfo("numConnects")).toBe(0);
  });

  test("close() of the share closes the idle connections it holds", () => {
    const { a, mb } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    const e1 = runOn(a, a.multi, "http://10.0.0.1/", sh);
    expect(a.net.transport.open).toBe(1);
    e1.setopt("share", null);
    expect(sh.close()).toBe(CURLSHE_OK);
    expect(a.net.transport.open).toBe(0);
    // A later transfer connects anew.
    const e2 = runOn(a, mb, "http://10.0.0.1/", null);
    expect(e2.getinfo("numConnects")).toBe(1);
  });

  test("the handle cannot change its share while its transfer holds a connection", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok"), 50));
    const sh = shareOf(CURL_LOCK_DATA_CONNECT);
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    w.multi.addHandle(e);
    w.driver.action(-1, 0);
    w.driver.until(() => w.clock.now() > 1010);
    expect(e.setopt("share", sh)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.lastSetoptError).toBe("Cannot change share object while in use");
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    // Done, the connection went back to the cache: the handle may join now.
    expect(e.setopt("share", sh)).toBe(CURLE_OK);
  });
});

describe("lock callbacks during transfers", () => {
  test("DNS and CONNECT are locked and unlocked in pairs, with the transfer's handle", () => {
    const { a, mb } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_DNS, CURL_LOCK_DATA_CONNECT);
    const log: string[] = [];
    let depth = 0;
    const handles = new Set<unknown>();
    sh.setopt(CURLSHOPT_LOCKFUNC, (easy, data) => {
      handles.add(easy);
      depth++;
      log.push(`L${data}`);
    });
    sh.setopt(CURLSHOPT_UNLOCKFUNC, (_easy, data) => {
      depth--;
      log.push(`U${data}`);
    });
    const e1 = runOn(a, a.multi, "http://example.test/", sh);
    const e2 = runOn(a, mb, "http://example.test/", sh);
    expect(depth).toBe(0);
    // Each lock is released before the next is taken (nothing nests).
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(`U${log[i]!.slice(1)}`);
    expect(log).toContain(`L${CURL_LOCK_DATA_DNS}`);
    expect(log).toContain(`L${CURL_LOCK_DATA_CONNECT}`);
    // The share's own lock (1) at join and leave comes from setopt, with the handle too.
    expect([...handles].every((h) => h === e1 || h === e2)).toBe(true);
  });

  test("a kind not shared is never locked", () => {
    const { a } = twoMultis();
    const sh = shareOf(CURL_LOCK_DATA_DNS);
    const kinds = new Set<number>();
    sh.setopt(CURLSHOPT_LOCKFUNC, (_e, data) => kinds.add(data));
    sh.setopt(CURLSHOPT_UNLOCKFUNC, () => {});
    runOn(a, a.multi, "http://example.test/", sh);
    expect([...kinds].sort()).toEqual([1, CURL_LOCK_DATA_DNS]);
  });
});
