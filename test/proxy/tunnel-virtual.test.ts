// The proxy handshake in virtual time, against scripted in-memory proxies: CONNECT then TLS inside
// the tunnel, the connect timeout over the whole handshake, a 407's body read before failing,
// Digest's second CONNECT (on the same connection, or a new one when the proxy closed), and the
// environment's proxy variables as curl reads them (handed in through the Multi's getenv).

import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import {
  CURL_LOCK_DATA_DNS,
  CURLAUTH_DIGEST,
  CURLE_COULDNT_CONNECT,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
} from "../../src/constants/index.ts";
import { StaticResolver } from "../../src/dns/static.ts";
import { Easy, handleOf } from "../../src/easy/easy.ts";
import { Share, shareState } from "../../src/share/share.ts";
import type { PeerSocket } from "../../src/transport/memory/network.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

type World = ReturnType<typeof makeWorld>;

function run(w: World, url: string, opts: Record<string, unknown> = {}) {
  const e = new Easy();
  const body: string[] = [];
  const heads: string[] = [];
  e.setopt("url", url);
  e.setopt("writeFunction", (d: Uint8Array) => {
    body.push(Buffer.from(d).toString());
    return d.length;
  });
  e.setopt("headerFunction", (d: Uint8Array) => {
    heads.push(Buffer.from(d).toString());
    return d.length;
  });
  for (const [k, v] of Object.entries(opts)) expect(e.setopt(k as "url", v as string)).toBe(0);
  w.multi.addHandle(e);
  w.driver.run();
  return { e, rc: w.driver.resultOf(e), body: () => body.join(""), heads };
}

/** A proxy at 10.0.0.9:3128: answers CONNECT with `answer`, then serves HTTP inside the tunnel. */
function tunnelProxy(w: World, answer: string | null) {
  const seen: string[] = [];
  const peers: PeerSocket[] = [];
  w.net.listen("10.0.0.9", 3128, (peer) => {
    peers.push(peer);
    let tunnel = false;
    peer.onData = (bytes) => {
      const text = Buffer.from(bytes).toString("latin1");
      seen.push(text);
      if (!tunnel) {
        if (answer === null) return;
        tunnel = answer.startsWith("HTTP/1.1 2");
        peer.write(answer);
      } else peer.write(response(200, "inside"));
    };
  });
  return { seen, peers };
}

/**
 * A Digest proxy at 10.0.0.9:3128: a CONNECT without Proxy-Authorization gets a 407 with a Digest
 * challenge (and a close when `closes`), one with it gets 200; then HTTP inside the tunnel.
 */
function digestProxy(w: World, closes: boolean) {
  const out = { connects: 0, connectHeads: [] as string[] };
  w.net.listen("10.0.0.9", 3128, (peer) => {
    out.connects++;
    let tunnel = false;
    peer.onData = (bytes) => {
      const text = Buffer.from(bytes).toString("latin1");
      if (tunnel) return peer.write(response(200, "inside"));
      out.connectHeads.push(text);
      if (!text.includes("Proxy-Authorization: Digest")) {
        const close = closes ? "Connection: close\r\n" : "";
        peer.write(
          `HTTP/1.1 407 Who\r\nProxy-Authenticate: Digest realm="px", qop="auth", nonce="n0nce"\r\n${close}Content-Length: 3\r\n\r\nno!`,
        );
        if (closes) peer.end();
        return;
      }
      tunnel = true;
      peer.write("HTTP/1.1 200 Connection established\r\n\r\n");
    };
  });
  return out;
}

describe("CONNECT in virtual time", () => {
  test("an https:// target: CONNECT, then TLS for the origin's name inside the tunnel", () => {
    const w = makeWorld();
    const p = tunnelProxy(w, "HTTP/1.1 200 Connection established\r\n\r\n");
    const r = run(w, "https://secure.test/x", { proxy: "http://10.0.0.9:3128" });
    expect([r.rc, r.body()]).toEqual([CURLE_OK, "inside"]);
    expect(p.seen[0]).toBe(
      "CONNECT secure.test:443 HTTP/1.1\r\nHost: secure.test:443\r\nProxy-Connection: Keep-Alive\r\n\r\n",
    );
    expect(p.peers[0]!.tls).toEqual({
      servername: "secure.test",
      verifyPeer: true,
      verifyHost: true,
      caInfo: undefined,
      alpn: ["h2", "http/1.1"],
    });
    expect(r.e.getinfo("httpConnectCode")).toBe(200);
    expect(r.heads[0]).toBe("HTTP/1.1 200 Connection established\r\n");
    expect(r.e.getinfo("headerSize")).toBeGreaterThan(40);
    // No credentials anywhere: the handle never made an auth session for the CONNECT.
    expect(handleOf(r.e).auth).toBeNull();
  });
  test("the connect timeout covers the handshake: a proxy that never answers is 28 at the deadline", () => {
    const w = makeWorld();
    tunnelProxy(w, null);
    const t0 = w.clock.now();
    const r = run(w, "http://a.test/", {
      proxy: "10.0.0.9:3128",
      httpProxyTunnel: 1,
      connectTimeoutMs: 5000,
    });
    expect(r.rc).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(r.e.getinfo("errorBuffer")).toBe("Connection timed out after 5000 milliseconds");
    expect(w.clock.now() - t0).toBe(5000);
  });
  test("a 407 with a body: the body is read, Basic has nothing more to try, the tunnel fails (7)", () => {
    const w = makeWorld();
    tunnelProxy(
      w,
      'HTTP/1.1 407 Proxy Auth\r\nProxy-Authenticate: Basic realm="p"\r\nContent-Length: 4\r\n\r\nnope',
    );
    const r = run(w, "https://secure.test/", { proxy: "10.0.0.9:3128", proxyUserPwd: "u:bad" });
    expect([r.rc, r.e.getinfo("errorBuffer")]).toEqual([
      CURLE_COULDNT_CONNECT,
      "CONNECT tunnel failed, response 407",
    ]);
    expect([r.e.getinfo("httpConnectCode"), r.e.getinfo("responseCode")]).toEqual([407, 0]);
  });
  for (const closes of [false, true])
    test(`Digest: the 407's challenge is answered on a second CONNECT (${closes ? "a new connection: the proxy closed" : "the same connection"})`, () => {
      const w = makeWorld();
      const p = digestProxy(w, closes);
      const r = run(w, "http://inner.test/x", {
        proxy: "10.0.0.9:3128",
        proxyUserPwd: "bob:pw",
        proxyAuth: CURLAUTH_DIGEST,
        httpProxyTunnel: 1,
      });
      expect([r.rc, r.body()]).toEqual([CURLE_OK, "inside"]);
      expect(p.connects).toBe(closes ? 2 : 1);
      expect(r.e.getinfo("numConnects")).toBe(closes ? 2 : 1);
      expect(p.connectHeads.length).toBe(2);
      expect(p.connectHeads[0]).not.toContain("Proxy-Authorization");
      const v = /Proxy-Authorization: Digest (.*)\r\n/.exec(p.connectHeads[1]!)![1]!;
      const q = Object.fromEntries([...v.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
      expect([q.username, q.realm, q.nonce, q.uri, q.qop, q.nc]).toEqual([
        "bob",
        "px",
        "n0nce",
        "inner.test:80",
        "auth",
        "00000001",
      ]);
      const md5 = (x: string) => createHash("md5").update(x).digest("hex");
      const want = md5(
        `${md5("bob:px:pw")}:n0nce:00000001:${q.cnonce}:auth:${md5("CONNECT:inner.test:80")}`,
      );
      expect(q.response).toBe(want);
      expect([r.e.getinfo("proxyAuthAvail"), r.e.getinfo("proxyAuthUsed")]).toEqual([
        CURLAUTH_DIGEST,
        CURLAUTH_DIGEST,
      ]);
      expect(r.e.getinfo("httpConnectCode")).toBe(200);
    });
  test("a reconnect after the proxy closed keeps the name-lookup time (no second lookup)", () => {
    const times = [false, true].map((closes) => {
      const w = makeWorld();
      w.net.latencyMs = 10;
      digestProxy(w, closes);
      const r = run(w, "http://inner.test/x", {
        proxy: "10.0.0.9:3128",
        proxyUserPwd: "bob:pw",
        proxyAuth: CURLAUTH_DIGEST,
        httpProxyTunnel: 1,
      });
      expect(r.rc).toBe(CURLE_OK);
      return r.e.getinfo("namelookupTimeT");
    });
    // The proxy is an address: the lookup takes no time, on the first connection and after it.
    expect(times[1]).toBe(times[0]);
    expect(times[0]).toBeLessThan(1000);
  });
  test("the TLS inside the tunnel can fail like any handshake", () => {
    const w = makeWorld();
    const p = tunnelProxy(w, "HTTP/1.1 200 OK\r\n\r\n");
    w.net.listen("10.0.0.8", 3128, (peer) => {
      peer.onTls = () => "SSL certificate problem: nope";
      peer.onData = () => peer.write("HTTP/1.1 200 OK\r\n\r\n");
    });
    const r = run(w, "https://secure.test/", { proxy: "10.0.0.8:3128" });
    expect([r.rc, r.e.getinfo("errorBuffer")]).toEqual([35, "SSL certificate problem: nope"]);
    expect(p.seen.length).toBe(0);
  });
});

describe("the environment", () => {
  function envWorld(vars: Record<string, string>) {
    const w = makeWorld({ getenv: (n) => vars[n] });
    const proxied = httpServer(w.net, "10.0.0.9", 3128, (_q, peer) =>
      peer.write(response(200, "via proxy")),
    );
    const direct = httpServer(w.net, "10.0.0.1", 80, (_q, peer) =>
      peer.write(response(200, "direct")),
    );
    return { w, proxied, direct };
  }
  test("http_proxy (lower case only) is used for http://, absolute-form", () => {
    const { w, proxied } = envWorld({ http_proxy: "http://10.0.0.9:3128" });
    const r = run(w, "http://10.0.0.1/p");
    expect([r.rc, r.body()]).toEqual([CURLE_OK, "via proxy"]);
    expect(proxied.requests[0]!.target).toBe("http://10.0.0.1/p");
    expect(r.e.getinfo("usedProxy")).toBe(1);
    const upper = envWorld({ HTTP_PROXY: "http://10.0.0.9:3128" });
    expect(run(upper.w, "http://10.0.0.1/p").body()).toBe("direct");
  });
  test("ALL_PROXY; NO_PROXY exempts; CURLOPT_PROXY '' and CURLOPT_NOPROXY override", () => {
    expect(run(envWorld({ ALL_PROXY: "10.0.0.9:3128" }).w, "http://10.0.0.1/").body()).toBe(
      "via proxy",
    );
    const vars = { http_proxy: "10.0.0.9:3128", NO_PROXY: "10.0.0.0/8" };
    expect(run(envWorld(vars).w, "http://10.0.0.1/").body()).toBe("direct");
    expect(run(envWorld(vars).w, "http://10.0.0.1/", { noProxy: "" }).body()).toBe("via proxy");
    expect(
      run(envWorld({ http_proxy: "10.0.0.9:3128" }).w, "http://10.0.0.1/", { proxy: "" }).body(),
    ).toBe("direct");
  });
  test("a variable set to '' is not set (curl_getenv): direct, or the other spelling's value", () => {
    const empty = run(envWorld({ http_proxy: "", ALL_PROXY: "" }).w, "http://10.0.0.1/");
    expect([empty.rc, empty.body()]).toEqual([CURLE_OK, "direct"]);
    const all = envWorld({ http_proxy: "", all_proxy: "", ALL_PROXY: "10.0.0.9:3128" });
    expect(run(all.w, "http://10.0.0.1/").body()).toBe("via proxy");
    const no = envWorld({ http_proxy: "10.0.0.9:3128", no_proxy: "", NO_PROXY: "10.0.0.1" });
    expect(run(no.w, "http://10.0.0.1/").body()).toBe("direct");
  });
});

describe("SOCKS in virtual time", () => {
  /** A SOCKS5 proxy at 10.0.0.9:1080 without auth: records the CONNECT request, then serves HTTP. */
  function socks5(w: World) {
    const requests: number[][] = [];
    w.net.listen("10.0.0.9", 1080, (peer) => {
      let step = 0;
      peer.onData = (bytes) => {
        if (step === 0) {
          step = 1;
          peer.write(new Uint8Array([5, 0]));
        } else if (step === 1) {
          step = 2;
          requests.push([...bytes]);
          peer.write(new Uint8Array([5, 0, 0, 1, 10, 0, 0, 1, 0, 80]));
        } else peer.write(response(200, "socks ok"));
      };
    });
    return requests;
  }
  test("socks5:// resolves the name here (through the resolver, asynchronously) and sends the address", () => {
    let r: StaticResolver | undefined;
    const w = makeWorld({
      resolver: (net) => {
        r = new StaticResolver(net.transport, net.scheduler, { "a.test": ["10.0.0.1"] }, 5);
        return r;
      },
    });
    const seen = socks5(w);
    const out = run(w, "http://a.test/", { proxy: "socks5://10.0.0.9" });
    expect([out.rc, out.body()]).toEqual([CURLE_OK, "socks ok"]);
    expect(seen[0]).toEqual([5, 1, 0, 1, 10, 0, 0, 1, 0, 80]);
    expect(r).toBeDefined();
  });
  test("socks5:// resolves through the share's DNS cache when the share shares DNS", () => {
    const w = makeWorld({
      resolver: (net) =>
        new StaticResolver(net.transport, net.scheduler, { "a.test": ["10.0.0.1"] }, 5),
    });
    socks5(w);
    const share = new Share();
    share.setopt("share", CURL_LOCK_DATA_DNS);
    const out = run(w, "http://a.test/", { proxy: "socks5://10.0.0.9", share });
    expect(out.rc).toBe(CURLE_OK);
    expect(shareState(share).dns.get("a.test", 80, w.clock.now(), 60_000)).toEqual(["10.0.0.1"]);
  });
  test("socks5h:// sends the name", () => {
    const w = makeWorld();
    const seen = socks5(w);
    const out = run(w, "http://a.test:8080/", { proxy: "socks5h://10.0.0.9" });
    expect(out.rc).toBe(CURLE_OK);
    expect(seen[0]).toEqual([5, 1, 0, 3, 6, ...Buffer.from("a.test"), 0x1f, 0x90]);
  });
  test("socks5h:// with an address sends the address; socks4a:// sends even an address as a name", () => {
    const w = makeWorld();
    const seen = socks5(w);
    expect(run(w, "http://10.0.0.1/", { proxy: "socks5h://10.0.0.9" }).rc).toBe(CURLE_OK);
    expect(seen[0]).toEqual([5, 1, 0, 1, 10, 0, 0, 1, 0, 80]);
    // lib/socks.c: SOCKS4A never resolves here, so the target goes as 0.0.0.1 plus its text.
    const requests: number[][] = [];
    w.net.listen("10.0.0.8", 1080, (peer) => {
      let tunnel = false;
      peer.onData = (bytes) => {
        if (tunnel) return peer.write(response(200, "4a ok"));
        tunnel = true;
        requests.push([...bytes]);
        peer.write(new Uint8Array([0, 90, 0, 0, 0, 0, 0, 0]));
      };
    });
    const r = run(w, "http://10.0.0.1/", { proxy: "socks4a://10.0.0.8" });
    expect([r.rc, r.body()]).toEqual([CURLE_OK, "4a ok"]);
    expect(requests[0]).toEqual([4, 1, 0, 80, 0, 0, 0, 1, 0, ...Buffer.from("10.0.0.1"), 0]);
  });
});

describe("redirects", () => {
  test("each hop gets its own route: through the proxy, then direct for a NO_PROXY host", () => {
    const w = makeWorld({
      getenv: (n) => ({ http_proxy: "10.0.0.9:3128", NO_PROXY: "10.0.0.1" })[n],
    });
    const proxied = httpServer(w.net, "10.0.0.9", 3128, (_q, peer) =>
      peer.write(response(302, "", ["Location: http://10.0.0.1/landed"])),
    );
    const direct = httpServer(w.net, "10.0.0.1", 80, (_q, peer) =>
      peer.write(response(200, "direct")),
    );
    const r = run(w, "http://10.0.0.2/start", { followLocation: 1 });
    expect([r.rc, r.body()]).toEqual([CURLE_OK, "direct"]);
    expect(proxied.requests[0]!.target).toBe("http://10.0.0.2/start");
    expect(direct.requests[0]!.target).toBe("/landed");
  });
});
