import { handleOf } from "../../src/easy/easy.ts";
// Name resolution and connecting in virtual time: async lookups through event sockets, the DNS cache,
// CURLOPT_RESOLVE / CONNECT_TO / IPRESOLVE, and happy eyeballs between address families.

import { describe, expect, test } from "bun:test";
import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_HOST,
  CURLE_OK,
  CURLE_SETOPT_OPTION_SYNTAX,
} from "../../src/constants/index.ts";
import { StaticResolver } from "../../src/dns/static.ts";
import { Easy } from "../../src/easy/easy.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

function withResolver(table: Record<string, string[]>, delayMs = 0) {
  let r: StaticResolver | undefined;
  const w = makeWorld({
    resolver: (net) => {
      r = new StaticResolver(net.transport, net.scheduler, table, delayMs);
      return r;
    },
  });
  return { ...w, resolver: r! };
}

function run(w: ReturnType<typeof makeWorld>, url: string, setup?: (e: Easy) => void) {
  const e = new Easy();
  e.setopt("url", url);
  setup?.(e);
  w.multi.addHandle(e);
  w.driver.run();
  return e;
}

describe("name resolution", () => {
  test("an async lookup wakes the transfer through its event socket", () => {
    const w = withResolver({ "example.test": ["10.0.0.1"] }, 7);
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok")));
    const e = run(w, "http://example.test/");
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    // Socket 0 is first the lookup's event socket (IN, then REMOVE and closed); its number is free
    // again after that, so the connection gets it.
    expect(w.driver.log.filter((l) => l.startsWith("sock"))).toEqual([
      "sock 0 IN",
      "sock 0 REMOVE",
      "sock 0 OUT",
      "sock 0 IN",
      "sock 0 REMOVE",
    ]);
    expect(e.getinfo("namelookupTimeT")).toBe(7000);
    expect(w.net.transport.open).toBe(1); // the event socket was closed
  });

  test("the DNS cache answers the second lookup until dnsCacheTimeout passes", () => {
    const w = withResolver({ "example.test": ["10.0.0.1"] }, 2);
    httpServer(w.net, "10.0.0.1", 80, (_r, p) =>
      p.write(response(200, "ok", ["Connection: close"])),
    );
    const opts = (e: Easy) => e.setopt("dnsCacheTimeout", 5);
    const first = run(w, "http://example.test/", opts);
    // The entry is made when the answer arrives: start + namelookup time.
    const made = w.clock.now() - (first.getinfo("totalTimeT") as number) / 1000 + 2;
    run(w, "http://example.test/", opts);
    expect(w.resolver.lookups).toBe(1);
    w.clock.advanceTo(made + 4999);
    run(w, "http://example.test/", opts);
    expect(w.resolver.lookups).toBe(1);
    w.clock.advanceTo(made + 5000);
    run(w, "http://example.test/", opts);
    expect(w.resolver.lookups).toBe(2);
    run(w, "http://example.test/", (e) => e.setopt("dnsCacheTimeout", 0));
    expect(w.resolver.lookups).toBe(3);
  });

  test("an unknown name fails with COULDNT_RESOLVE_HOST; the negative answer is cached", () => {
    const w = withResolver({}, 3);
    const e = run(w, "http://nowhere.test/");
    expect(w.driver.resultOf(e)).toBe(CURLE_COULDNT_RESOLVE_HOST);
    expect(e.getinfo("errorBuffer")).toBe("Could not resolve host: nowhere.test");
    run(w, "http://nowhere.test/");
    expect(w.resolver.lookups).toBe(1);
  });

  test("removing a transfer mid-lookup closes its event socket; the late answer does nothing", () => {
    const w = withResolver({ "example.test": ["10.0.0.1"] }, 50);
    const e = new Easy();
    e.setopt("url", "http://example.test/");
    w.multi.addHandle(e);
    w.driver.action(-1, 0);
    expect(w.net.transport.open).toBe(1);
    w.multi.removeHandle(e);
    // The event socket is REMOVEd, then the (connect-timeout) timer is deleted.
    expect(w.driver.log.slice(-2)).toEqual(["sock 0 REMOVE", "timer -1"]);
    expect(w.net.transport.open).toBe(0);
    const logLen = w.driver.log.length;
    w.clock.advance(100);
    w.sched.runDue();
    // The answer came (the lookup ran to its end) and changed nothing: no callback, no socket, no message.
    expect(w.resolver.lookups).toBe(1);
    expect(w.net.transport.poller.dispatch()).toBe(0);
    expect(w.driver.log.length).toBe(logLen);
    expect(w.net.transport.open).toBe(0);
    expect(w.multi.running).toBe(0);
    expect(w.multi.msgsInQueue).toBe(0);
    expect(handleOf(e).multi).toBe(null);
    w.multi.assertInvariants();
  });

  test("CURLOPT_RESOLVE pins a name without any resolver; a bad entry is a syntax error", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.9", 8080, (req, p) => p.write(response(200, req.header("host")!)));
    const e = run(w, "http://pinned.test:8080/", (e) =>
      e.setopt("resolve", ["pinned.test:8080:10.0.0.9"]),
    );
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(e.getinfo("primaryIp")).toBe("10.0.0.9");
    const bad = run(w, "http://pinned.test:8080/", (e) =>
      e.setopt("resolve", ["pinned.test:80x:1.2.3.4"]),
    );
    expect(w.driver.resultOf(bad)).toBe(CURLE_SETOPT_OPTION_SYNTAX);
  });

  test("CURLOPT_CONNECT_TO connects elsewhere but keeps the Host header", () => {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.2", 9000, (_r, p) => p.write(response(200, "moved")));
    const e = run(w, "http://10.0.0.1/x", (e) =>
      e.setopt("connectTo", ["10.0.0.1:80:10.0.0.2:9000"]),
    );
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(srv.requests[0]!.header("host")).toBe("10.0.0.1");
    expect(e.getinfo("primaryPort")).toBe(9000);
  });
});

describe("happy eyeballs", () => {
  test("the second family starts after happyEyeballsTimeoutMs and wins when the first hangs", () => {
    const w = withResolver({ "dual.test": ["fd00::1", "10.0.0.1"] });
    w.net.listen("fd00::1", 80, () => {}, { blackhole: true });
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "v4")));
    const e = run(w, "http://dual.test/", (e) => e.setopt("happyEyeballsTimeoutMs", 150));
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(e.getinfo("primaryIp")).toBe("10.0.0.1");
    expect(e.getinfo("connectTimeT")).toBe(150_000);
    expect(w.net.transport.open).toBe(1); // the hanging attempt was closed
    expect(w.driver.log.filter((l) => l.startsWith("sock"))).toEqual([
      "sock 0 OUT",
      "sock 1 OUT",
      "sock 0 REMOVE",
      "sock 1 IN",
      "sock 1 REMOVE",
    ]);
  });

  test("a refused first family hands over to the second at once", () => {
    const w = withResolver({ "dual.test": ["fd00::1", "10.0.0.1"] });
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "v4")));
    const e = run(w, "http://dual.test/");
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(e.getinfo("connectTimeT")).toBe(1); // no virtual time passed: libcurl's 1 µs minimum
  });

  test("every address refused: COULDNT_CONNECT after trying each", () => {
    const w = withResolver({ "dual.test": ["fd00::1", "fd00::2", "10.0.0.1", "10.0.0.2"] });
    const e = run(w, "http://dual.test/");
    expect(w.driver.resultOf(e)).toBe(CURLE_COULDNT_CONNECT);
    expect(w.net.transport.opened).toBe(4);
    expect(w.net.transport.open).toBe(0);
  });

  test("ipResolve limits the families", () => {
    const w = withResolver({ "dual.test": ["fd00::1", "10.0.0.1"] });
    httpServer(w.net, "fd00::1", 80, (_r, p) => p.write(response(200, "v6")));
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "v4")));
    const v4 = run(w, "http://dual.test/", (e) => e.setopt("ipResolve", 1));
    expect(v4.getinfo("primaryIp")).toBe("10.0.0.1");
    const v6 = run(w, "http://dual.test/", (e) => {
      e.setopt("ipResolve", 2);
      e.setopt("freshConnect", 1);
    });
    expect(v6.getinfo("primaryIp")).toBe("fd00::1");
  });
});
