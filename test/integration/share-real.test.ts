// A Share on real loopback sockets, through the public API as an application writes it: two Multis
// on one Bun transport share a DNS cache (an injected lookup function counts the resolver's calls)
// and connections (the second multi's transfer reuses the first's: numConnects 0, the same local
// port, one client port seen by the server), run by BunDriver in turn and by one hand-written loop
// that serves both multis at once.

import { afterEach, describe, expect, test } from "bun:test";
import { BunResolver, type LookupFn } from "../../src/dns/bun.ts";
import {
  BunDriver,
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_DNS,
  CURL_SOCKET_TIMEOUT,
  CURLE_OK,
  CURLMSG_DONE,
  CURLSHE_IN_USE,
  CURLSHE_OK,
  defaultBunEnv,
  Easy,
  Multi,
  type MultiEnv,
  request,
  Share,
} from "../../src/index.ts";
import { BunTransport } from "../../src/transport/bun/transport.ts";

const servers: { stop(force?: boolean): void }[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.stop(true);
});

/** A keep-alive HTTP server on 127.0.0.1:0 that records the client port of each request. */
function server() {
  const ports: number[] = [];
  const s = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      ports.push(srv.requestIP(req)?.port ?? -1);
      return new Response("ok");
    },
  });
  servers.push(s);
  return { port: s.port, ports };
}

/** The Bun environment with a counting lookup: "share.test" is 127.0.0.1, nothing else exists. */
function countingEnv(): { env: MultiEnv; lookups: () => number } {
  let n = 0;
  const lookup: LookupFn = async (host) => {
    n++;
    if (host !== "share.test")
      throw Object.assign(new Error("not found"), { code: "DNS_ENOTFOUND" });
    return [{ address: "127.0.0.1", family: 4 }];
  };
  const transport = new BunTransport();
  return {
    env: {
      clock: { now: () => performance.now() },
      transport,
      resolver: new BunResolver(transport, lookup),
    },
    lookups: () => n,
  };
}

function easy(url: string, share: Share | null): Easy {
  const e = new Easy();
  e.setopt("url", url);
  e.setopt("share", share);
  e.setopt("writeFunction", (d: Uint8Array) => d.length);
  return e;
}

/** Runs e on multi with a BunDriver of its own, closed after (the next multi's driver takes over). */
async function runAlone(multi: Multi, e: Easy): Promise<number> {
  let result = -1;
  const d = new BunDriver(multi, { onDone: (_e, r) => (result = r) });
  multi.addHandle(e);
  await d.run();
  d.close();
  multi.removeHandle(e);
  return result;
}

/**
 * One loop for several multis on one transport (what a C application does with one epoll for
 * several multi handles): each socket callback watches on the shared poller; readiness goes to
 * every multi (one that does not know the socket ignores it, CURLM_OK); one timer per multi.
 */
function oneLoop(multis: Multi[]) {
  const timers = new Map<Multi, ReturnType<typeof setTimeout>>();
  const results = new Map<Easy, number>();
  const poller = multis[0]!.poller;
  const read = (m: Multi) => {
    for (let msg = m.infoRead(); msg !== undefined; msg = m.infoRead())
      if (msg.msg === CURLMSG_DONE) results.set(msg.easy, msg.result);
  };
  for (const m of multis) {
    m.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      poller.watch(s, what);
      return 0;
    });
    m.setopt("timerFunction", (_m: unknown, ms: number) => {
      clearTimeout(timers.get(m));
      if (ms >= 0)
        timers.set(
          m,
          setTimeout(() => {
            m.socketAction(CURL_SOCKET_TIMEOUT, 0);
            read(m);
          }, ms),
        );
      return 0;
    });
  }
  poller.onReady = (s, ev) => {
    for (const m of multis) {
      m.socketAction(s, ev);
      read(m);
    }
  };
  return {
    results,
    async until(cond: () => boolean): Promise<void> {
      const end = performance.now() + 5000;
      while (!cond() && performance.now() < end) await Bun.sleep(1);
    },
    close() {
      for (const t of timers.values()) clearTimeout(t);
      poller.onReady = undefined;
    },
  };
}

describe("two multis, one Share, real sockets", () => {
  test("CONNECT: the second multi's transfer reuses the first's connection", async () => {
    const srv = server();
    const env = defaultBunEnv();
    const m1 = new Multi(env);
    const m2 = new Multi(env);
    const share = new Share();
    expect(share.setopt("share", CURL_LOCK_DATA_CONNECT)).toBe(CURLSHE_OK);
    const url = `http://127.0.0.1:${srv.port}/`;
    const e1 = easy(url, share);
    const e2 = easy(url, share);
    expect(await runAlone(m1, e1)).toBe(CURLE_OK);
    expect(await runAlone(m2, e2)).toBe(CURLE_OK);
    expect(e1.getinfo("numConnects")).toBe(1);
    expect(e2.getinfo("numConnects")).toBe(0);
    expect(e2.getinfo("localPort")).toBe(e1.getinfo("localPort"));
    expect(srv.ports.length).toBe(2);
    expect(srv.ports[1]).toBe(srv.ports[0]!);
    expect(srv.ports[0]).toBe(e1.getinfo("localPort"));
    // In use while the handles are in it; closed once they left (its idle connection with it).
    expect(share.close()).toBe(CURLSHE_IN_USE);
    e1.setopt("share", null);
    e2.setopt("share", null);
    expect(share.close()).toBe(CURLSHE_OK);
    // The share closed the idle socket it held: nothing is open on the transport any more.
    expect((env.transport as BunTransport).open).toBe(0);
    m1.close();
    m2.close();
  });

  test("without the share each multi opens its own connection", async () => {
    const srv = server();
    const env = defaultBunEnv();
    const url = `http://127.0.0.1:${srv.port}/`;
    const e1 = easy(url, null);
    const e2 = easy(url, null);
    expect(await runAlone(new Multi(env), e1)).toBe(CURLE_OK);
    expect(await runAlone(new Multi(env), e2)).toBe(CURLE_OK);
    expect(e2.getinfo("numConnects")).toBe(1);
    expect(srv.ports[1]).not.toBe(srv.ports[0]!);
  });

  test("DNS: one loop runs both multis; the second transfer's name comes from the share's cache", async () => {
    const srv = server();
    const { env, lookups } = countingEnv();
    const m1 = new Multi(env);
    const m2 = new Multi(env);
    const share = new Share();
    share.setopt("share", CURL_LOCK_DATA_DNS);
    const loop = oneLoop([m1, m2]);
    const url = `http://share.test:${srv.port}/`;
    const e1 = easy(url, share);
    const e2 = easy(url, share);
    m1.addHandle(e1);
    m1.socketAction(CURL_SOCKET_TIMEOUT, 0);
    await loop.until(() => loop.results.has(e1));
    m2.addHandle(e2);
    m2.socketAction(CURL_SOCKET_TIMEOUT, 0);
    await loop.until(() => loop.results.has(e2));
    loop.close();
    expect(loop.results.get(e1)).toBe(CURLE_OK);
    expect(loop.results.get(e2)).toBe(CURLE_OK);
    expect(lookups()).toBe(1);
    // Each multi made its own connection (CONNECT is not shared).
    expect(e2.getinfo("numConnects")).toBe(1);
    expect(e2.getinfo("primaryIp")).toBe("127.0.0.1");
    m1.close();
    m2.close();
  });

  test("DNS without a share: each multi asks the resolver", async () => {
    const srv = server();
    const { env, lookups } = countingEnv();
    const m1 = new Multi(env);
    const m2 = new Multi(env);
    const loop = oneLoop([m1, m2]);
    const url = `http://share.test:${srv.port}/`;
    const e1 = easy(url, null);
    const e2 = easy(url, null);
    m1.addHandle(e1);
    m1.socketAction(CURL_SOCKET_TIMEOUT, 0);
    await loop.until(() => loop.results.has(e1));
    m2.addHandle(e2);
    m2.socketAction(CURL_SOCKET_TIMEOUT, 0);
    await loop.until(() => loop.results.has(e2));
    loop.close();
    expect(loop.results.get(e2)).toBe(CURLE_OK);
    expect(lookups()).toBe(2);
    m1.close();
    m2.close();
  });

  test("DNS and CONNECT at once, both multis running together", async () => {
    const srv = server();
    const { env, lookups } = countingEnv();
    const m1 = new Multi(env);
    const m2 = new Multi(env);
    const share = new Share();
    share.setopt("share", CURL_LOCK_DATA_DNS);
    share.setopt("share", CURL_LOCK_DATA_CONNECT);
    const loop = oneLoop([m1, m2]);
    const url = `http://share.test:${srv.port}/`;
    // A first transfer fills the share; then three on each multi run together.
    const first = easy(url, share);
    m1.addHandle(first);
    m1.socketAction(CURL_SOCKET_TIMEOUT, 0);
    await loop.until(() => loop.results.has(first));
    const on1 = [0, 1, 2].map(() => easy(url, share));
    const on2 = [0, 1, 2].map(() => easy(url, share));
    for (const e of on1) m1.addHandle(e);
    for (const e of on2) m2.addHandle(e);
    // m2 starts first: its first transfer takes the connection m1 parked in the share.
    m2.socketAction(CURL_SOCKET_TIMEOUT, 0);
    m1.socketAction(CURL_SOCKET_TIMEOUT, 0);
    const all = [...on1, ...on2];
    await loop.until(() => all.every((e) => loop.results.has(e)));
    loop.close();
    for (const e of all) expect(loop.results.get(e)).toBe(CURLE_OK);
    expect(lookups()).toBe(1);
    expect(on2.map((e) => e.getinfo("numConnects"))).toEqual([0, 1, 1]);
    expect(on1.map((e) => e.getinfo("numConnects"))).toEqual([1, 1, 1]);
    m1.assertInvariants();
    m2.assertInvariants();
    m1.close();
    m2.close();
  });
});

describe("a Share through request()", () => {
  test("request() handles use the share and leave it when their transfer ends", async () => {
    const srv = server();
    const share = new Share();
    share.setopt("share", CURL_LOCK_DATA_CONNECT);
    const url = `http://127.0.0.1:${srv.port}/`;
    // Two multis on one transport, one call each (in turn: each multi's driver takes the poller).
    const env = defaultBunEnv();
    const r1 = await request(url, { share, multi: new Multi(env) });
    // The connection the first call left in the share serves the other multi's call.
    const r2 = await request(url, { share, multi: new Multi(env) });
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(srv.ports[1]).toBe(srv.ports[0]!);
    // Both handles left: the share is free for new options and for close().
    expect(share.setopt("share", CURL_LOCK_DATA_DNS)).toBe(CURLSHE_OK);
    expect(share.close()).toBe(CURLSHE_OK);
  });
});
