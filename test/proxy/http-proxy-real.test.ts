// HTTP proxies on real loopback sockets, through the public API: tinyproxy forwarding and tunnelling
// (with and without Basic auth), https targets with TLS inside the CONNECT tunnel, an HTTPS proxy,
// and scripted proxies for what a real one will not do on demand (absolute-form bytes, an answer cut
// short, a proxy that never answers, reuse of a proxy's connection). Result codes as libcurl's.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  BunDriver,
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_PROXY,
  CURLE_NOT_BUILT_IN,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
  CURLE_RECV_ERROR,
  CURLPROXY_HTTPS,
  Easy,
  Multi,
} from "../../src/index.ts";
import { refusedPort, startTlsServer, TEST_CA } from "../helpers/loopback.ts";
import { type ProxyServer, startTinyproxy } from "../helpers/proxies.ts";
import { perform, scriptedServer } from "../regress/helpers.ts";
import { type ProxyOrigins, startOrigins } from "./origins.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

let origins: ProxyOrigins;
let tiny: ProxyServer | null = null;
let tinyAuth: ProxyServer | null = null;

beforeAll(async () => {
  origins = startOrigins();
  tiny = await startTinyproxy();
  tinyAuth = await startTinyproxy({ user: "alice", pass: "s3cret" });
});
afterAll(async () => {
  await tiny?.stop();
  await tinyAuth?.stop();
  origins.stop();
});

describe("tinyproxy", () => {
  test("forwards an http:// request (absolute-form)", async () => {
    if (tiny === null) return;
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/fw`, { proxy: tiny.url });
    expect([r.result, r.code, text(r.body)]).toEqual([CURLE_OK, 200, "plain /fw"]);
    expect(r.easy.getinfo("usedProxy")).toBe(1);
    expect(r.easy.getinfo("httpConnectCode")).toBe(0);
    expect(r.easy.getinfo("primaryPort")).toBe(tiny.port);
  });
  test("tunnels an http:// request with httpProxyTunnel; the CONNECT answer reaches the header callback", async () => {
    if (tiny === null) return;
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/tn`, {
      proxy: tiny.url,
      httpProxyTunnel: 1,
    });
    expect([r.result, r.code, text(r.body)]).toEqual([CURLE_OK, 200, "plain /tn"]);
    expect(r.easy.getinfo("httpConnectCode")).toBe(200);
    expect(r.headers[0]).toMatch(/^HTTP\/1\.[01] 200 /);
    expect(r.headers.filter((h) => /^HTTP\//.test(h)).length).toBe(2);
  });
  test("an https:// target goes through CONNECT with TLS inside the tunnel", async () => {
    if (tiny === null) return;
    const r = await perform(`https://localhost:${origins.tlsOrigin.port}/tls`, {
      proxy: tiny.url,
      caInfo: TEST_CA,
      resolve: [`localhost:${origins.tlsOrigin.port}:127.0.0.1`],
    });
    expect([r.result, r.code, text(r.body)]).toEqual([CURLE_OK, 200, "secure /tls"]);
    expect(r.easy.getinfo("httpConnectCode")).toBe(200);
  });
  test("the TLS inside the tunnel is verified against the origin (no CA: 60)", async () => {
    if (tiny === null) return;
    const r = await perform(`https://localhost:${origins.tlsOrigin.port}/tls`, { proxy: tiny.url });
    expect(r.result).toBe(60);
    expect(r.easy.getinfo("httpConnectCode")).toBe(200);
  });
  test("Basic auth: none sent gives 407 (forwarded) or CONNECT tunnel failed (7); credentials pass", async () => {
    if (tinyAuth === null) return;
    const url = `http://127.0.0.1:${origins.origin.port}/auth`;
    const fw = await perform(url, { proxy: tinyAuth.url });
    expect([fw.result, fw.code]).toEqual([CURLE_OK, 407]);
    const tn = await perform(url, { proxy: tinyAuth.url, httpProxyTunnel: 1 });
    expect([tn.result, tn.error, tn.code]).toEqual([
      CURLE_COULDNT_CONNECT,
      "CONNECT tunnel failed, response 407",
      0,
    ]);
    expect(tn.easy.getinfo("httpConnectCode")).toBe(407);
    for (const opts of [
      { proxyUserPwd: "alice:s3cret" },
      { proxyUsername: "alice", proxyPassword: "s3cret" },
      { proxy: `http://alice:s3cret@127.0.0.1:${tinyAuth.port}` },
    ])
      for (const httpProxyTunnel of [0, 1]) {
        const ok = await perform(url, { proxy: tinyAuth.url, ...opts, httpProxyTunnel });
        expect([ok.result, ok.code, text(ok.body)]).toEqual([CURLE_OK, 200, "plain /auth"]);
      }
  });
});

describe("failures", () => {
  test("an unreachable proxy is 7, an unresolvable one 5 with libcurl's text", async () => {
    const url = `http://127.0.0.1:${origins.origin.port}/`;
    const refused = await perform(url, { proxy: `http://127.0.0.1:${refusedPort()}` });
    expect(refused.result).toBe(CURLE_COULDNT_CONNECT);
    const unknown = await perform(url, { proxy: "http://proxy.invalid:3128" });
    expect([unknown.result, unknown.error]).toEqual([
      CURLE_COULDNT_RESOLVE_PROXY,
      "Could not resolve proxy: proxy.invalid",
    ]);
  });
  test("a proxy that never answers CONNECT: the connect timeout covers the handshake (28)", async () => {
    using silent = scriptedServer(() => undefined);
    const t0 = performance.now();
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/`, {
      proxy: `127.0.0.1:${silent.port}`,
      httpProxyTunnel: 1,
      connectTimeoutMs: 300,
    });
    expect(r.result).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(r.error).toMatch(/^Connection timed out after \d+ milliseconds$/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  test("an answer to CONNECT cut short is 56 'Proxy CONNECT aborted'", async () => {
    using cut = scriptedServer(() => "HTTP/1.1 200 Conn", { close: true });
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/`, {
      proxy: `127.0.0.1:${cut.port}`,
      httpProxyTunnel: 1,
    });
    expect([r.result, r.error]).toEqual([CURLE_RECV_ERROR, "Proxy CONNECT aborted"]);
  });
  test("a non-2xx answer fails the tunnel with its code in httpConnectCode", async () => {
    using deny = scriptedServer(() => "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/`, {
      proxy: `127.0.0.1:${deny.port}`,
      httpProxyTunnel: 1,
    });
    expect([r.result, r.error]).toEqual([
      CURLE_COULDNT_CONNECT,
      "CONNECT tunnel failed, response 403",
    ]);
    expect(r.easy.getinfo("httpConnectCode")).toBe(403);
  });
  test("an https:// target through an HTTPS proxy (TLS inside TLS) is not built in (4)", async () => {
    const r = await perform(`https://localhost:${origins.tlsOrigin.port}/`, {
      proxy: "https://127.0.0.1:1",
    });
    expect(r.result).toBe(CURLE_NOT_BUILT_IN);
  });
});

describe("scripted proxies", () => {
  test("the forwarded request: absolute-form, Proxy-Authorization, Proxy-Connection, PROXYHEADER", async () => {
    using p = scriptedServer(() => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    const r = await perform("http://origin.test:8080/a/b?c=d#frag", {
      proxy: `127.0.0.1:${p.port}`,
      proxyUserPwd: "u:p",
      userAgent: "ua",
      httpHeader: ["X-Server: 1"],
      proxyHeader: ["X-Proxy: 2"],
    });
    expect([r.result, text(r.body)]).toEqual([CURLE_OK, "ok"]);
    expect(p.requests[0]).toBe(
      "GET http://origin.test:8080/a/b?c=d HTTP/1.1\r\nHost: origin.test:8080\r\n" +
        "Proxy-Authorization: Basic dTpw\r\nUser-Agent: ua\r\nAccept: */*\r\n" +
        "Proxy-Connection: Keep-Alive\r\nX-Server: 1\r\nX-Proxy: 2\r\n\r\n",
    );
  });
  test("the CONNECT request as libcurl writes it; PROXYHEADER goes to the proxy only", async () => {
    let connect = "";
    using p = scriptedServer((i, req) => {
      if (i === 0) {
        connect = req;
        return "HTTP/1.1 200 Connection established\r\n\r\n";
      }
      return "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
    });
    const r = await perform("http://origin.test:81/", {
      proxy: `127.0.0.1:${p.port}`,
      httpProxyTunnel: 1,
      proxyUserPwd: "u:p",
      userAgent: "ua",
      httpHeader: ["X-Server: 1"],
      proxyHeader: ["X-Proxy: 2"],
    });
    expect([r.result, text(r.body)]).toEqual([CURLE_OK, "x"]);
    expect(connect).toBe(
      "CONNECT origin.test:81 HTTP/1.1\r\nHost: origin.test:81\r\n" +
        "Proxy-Authorization: Basic dTpw\r\nUser-Agent: ua\r\nProxy-Connection: Keep-Alive\r\n" +
        "X-Proxy: 2\r\n\r\n",
    );
    expect(p.requests[1]).toBe(
      "GET / HTTP/1.1\r\nHost: origin.test:81\r\nUser-Agent: ua\r\nAccept: */*\r\nX-Server: 1\r\n\r\n",
    );
  });
  test("an HTTPS proxy: TLS to the proxy, forwarding and CONNECT inside it", async () => {
    const got: string[] = [];
    using p = startTlsServer({
      data(peer, bytes) {
        const req = Buffer.from(bytes).toString("latin1");
        got.push(req);
        if (req.startsWith("CONNECT"))
          peer.sock.write("HTTP/1.1 200 Connection established\r\n\r\n");
        else peer.sock.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhey");
      },
    });
    const base = {
      proxy: `https://localhost:${p.port}`,
      proxyCaInfo: TEST_CA,
      resolve: [`localhost:${p.port}:127.0.0.1`],
    };
    const fw = await perform("http://origin.test/", base);
    expect([fw.result, text(fw.body)]).toEqual([CURLE_OK, "hey"]);
    expect(got[0]).toStartWith("GET http://origin.test/ HTTP/1.1\r\n");
    const tn = await perform("http://origin.test/", { ...base, httpProxyTunnel: 1 });
    expect([tn.result, text(tn.body)]).toEqual([CURLE_OK, "hey"]);
    expect(got.some((g) => g.startsWith("CONNECT origin.test:80 HTTP/1.1\r\n"))).toBe(true);
    // The proxy's certificate is checked with the proxy's CA option, not CAINFO.
    const bad = await perform("http://origin.test/", {
      ...base,
      proxyCaInfo: null,
      caInfo: TEST_CA,
    });
    expect(bad.result).toBe(60);
    const typed = await perform("http://origin.test/", {
      ...base,
      proxy: `localhost:${p.port}`,
      proxyType: CURLPROXY_HTTPS,
    });
    expect(typed.result).toBe(CURLE_OK);
  });
});

describe("the connection cache keys include the proxy", () => {
  /** Runs each option set in turn on one Multi; returns each transfer's numConnects and result. */
  async function sequence(list: Record<string, unknown>[]): Promise<[number, number][]> {
    const multi = new Multi();
    const out: [number, number][] = [];
    for (const opts of list) {
      const easy = new Easy();
      easy.setopt("writeFunction", (d: Uint8Array) => d.length);
      for (const [k, v] of Object.entries(opts)) easy.setopt(k as "url", v as string);
      let rc = -1;
      const driver = new BunDriver(multi, {
        onDone: (_e, r) => {
          rc = r;
        },
      });
      multi.addHandle(easy);
      await driver.run();
      out.push([rc, easy.getinfo("numConnects")]);
      multi.removeHandle(easy);
      driver.close();
    }
    multi.close();
    return out;
  }
  const ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  test("direct, then through a proxy, then another proxy, then other credentials: never shared", async () => {
    using direct = scriptedServer(() => ok);
    using p1 = scriptedServer(() => ok);
    using p2 = scriptedServer(() => ok);
    const url = `http://127.0.0.1:${direct.port}/`;
    const r = await sequence([
      { url },
      { url, proxy: `127.0.0.1:${p1.port}` },
      { url, proxy: `127.0.0.1:${p2.port}` },
      { url, proxy: `127.0.0.1:${p1.port}`, proxyUserPwd: "u:p" },
      { url, proxy: `127.0.0.1:${p1.port}` },
      { url },
    ]);
    expect(r).toEqual([
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
    expect([direct.peers.length, p1.peers.length, p2.peers.length]).toEqual([1, 2, 1]);
  });
  test("a forwarding proxy's connection serves other http:// origins; a tunnel's does not", async () => {
    using p = scriptedServer((_i, req) =>
      req.startsWith("CONNECT") ? "HTTP/1.1 200 Connection established\r\n\r\n" : ok,
    );
    const proxy = `127.0.0.1:${p.port}`;
    const r = await sequence([
      { url: "http://a.test/", proxy },
      { url: "http://b.test:81/", proxy },
      { url: "http://a.test/", proxy, httpProxyTunnel: 1 },
      { url: "http://b.test/", proxy, httpProxyTunnel: 1 },
      { url: "http://a.test/", proxy, httpProxyTunnel: 1 },
    ]);
    expect(r).toEqual([
      [0, 1],
      [0, 0],
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
  });
});
