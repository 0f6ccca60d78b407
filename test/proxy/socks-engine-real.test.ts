// SOCKS proxies on real loopback sockets through the public API: microsocks (SOCKS5, with and
// without username/password) and dante (SOCKS4, 4a, 5, 5h), names resolved here or by the proxy,
// https:// targets with TLS through the SOCKS tunnel, a SOCKS pre-proxy in front of an HTTP proxy,
// and the failures as libcurl reports them (97 with getinfo("proxyError")).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  CURLE_COULDNT_CONNECT,
  CURLE_OK,
  CURLE_PROXY,
  CURLPX_NO_AUTH,
  CURLPX_RECV_CONNECT,
  CURLPX_REPLY_CONNECTION_REFUSED,
  CURLPX_REQUEST_FAILED,
  CURLPX_USER_REJECTED,
} from "../../src/index.ts";
import { refusedPort, TEST_CA } from "../helpers/loopback.ts";
import {
  type ProxyServer,
  startDante,
  startMicrosocks,
  startTinyproxy,
} from "../helpers/proxies.ts";
import { perform } from "../regress/helpers.ts";
import { type ProxyOrigins, startOrigins } from "./origins.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

let origins: ProxyOrigins;
let micro: ProxyServer | null = null;
let microAuth: ProxyServer | null = null;
let dante: ProxyServer | null = null;
let tiny: ProxyServer | null = null;

beforeAll(async () => {
  origins = startOrigins();
  [micro, microAuth, dante, tiny] = await Promise.all([
    startMicrosocks(),
    startMicrosocks({ user: "bob", pass: "pw" }),
    startDante(),
    startTinyproxy(),
  ]);
});
afterAll(async () => {
  await Promise.all([micro?.stop(), microAuth?.stop(), dante?.stop(), tiny?.stop()]);
  origins.stop();
});

describe("microsocks (SOCKS5)", () => {
  test("socks5:// resolves here, socks5h:// lets the proxy resolve; both reach the origin", async () => {
    if (micro === null) return;
    for (const scheme of ["socks5", "socks5h"]) {
      const r = await perform(`http://localhost:${origins.origin.port}/${scheme}`, {
        proxy: `${scheme}://127.0.0.1:${micro.port}`,
      });
      expect([scheme, r.result, r.code, text(r.body)]).toEqual([
        scheme,
        CURLE_OK,
        200,
        `plain /${scheme}`,
      ]);
      expect(r.easy.getinfo("usedProxy")).toBe(1);
    }
  });
  test("an https:// target: TLS with the origin through the SOCKS tunnel", async () => {
    if (micro === null) return;
    const r = await perform(`https://localhost:${origins.tlsOrigin.port}/`, {
      proxy: `socks5h://127.0.0.1:${micro.port}`,
      caInfo: TEST_CA,
    });
    expect([r.result, text(r.body)]).toEqual([CURLE_OK, "secure /"]);
  });
  test("username/password: none offered is CURLPX_NO_AUTH, a wrong one CURLPX_USER_REJECTED", async () => {
    if (microAuth === null) return;
    const url = `http://127.0.0.1:${origins.origin.port}/auth`;
    const none = await perform(url, { proxy: microAuth.url });
    expect([none.result, none.error]).toEqual([
      CURLE_PROXY,
      "No authentication method was acceptable.",
    ]);
    expect(none.easy.getinfo("proxyError")).toBe(CURLPX_NO_AUTH);
    const bad = await perform(url, { proxy: microAuth.url, proxyUserPwd: "bob:nope" });
    expect([bad.result, bad.error]).toEqual([
      CURLE_PROXY,
      "User was rejected by the SOCKS5 server (1 2).",
    ]);
    expect(bad.easy.getinfo("proxyError")).toBe(CURLPX_USER_REJECTED);
    for (const opts of [
      { proxyUserPwd: "bob:pw" },
      { proxy: `socks5://bob:pw@127.0.0.1:${microAuth.port}` },
    ]) {
      const ok = await perform(url, { proxy: microAuth.url, ...opts });
      expect([ok.result, text(ok.body)]).toEqual([CURLE_OK, "plain /auth"]);
    }
  });
  test("a destination the proxy cannot reach is its reply code (CURLPX_REPLY_*)", async () => {
    if (micro === null) return;
    const r = await perform(`http://127.0.0.1:${refusedPort()}/`, { proxy: micro.url });
    expect(r.result).toBe(CURLE_PROXY);
    expect(r.easy.getinfo("proxyError")).toBe(CURLPX_REPLY_CONNECTION_REFUSED);
  });
});

describe("dante (SOCKS4, 4a, 5, 5h)", () => {
  test("every SOCKS version reaches the origin", async () => {
    if (dante === null) return;
    for (const scheme of ["socks4", "socks5", "socks5h"]) {
      const r = await perform(`http://localhost:${origins.origin.port}/${scheme}`, {
        proxy: `${scheme}://127.0.0.1:${dante.port}`,
      });
      expect([scheme, r.result, r.error, text(r.body)]).toEqual([
        scheme,
        CURLE_OK,
        "",
        `plain /${scheme}`,
      ]);
    }
  });
  test("SOCKS4a, even to an address, sends a name, which dante does not take: 97 as curl", async () => {
    if (dante === null) return;
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/4a`, {
      proxy: `socks4a://127.0.0.1:${dante.port}`,
    });
    expect([r.result, r.easy.getinfo("proxyError")]).toEqual([CURLE_PROXY, CURLPX_REQUEST_FAILED]);
  });
  test("SOCKS4 refused by the proxy: 97 with CURLPX_REQUEST_FAILED", async () => {
    if (dante === null) return;
    const r = await perform(`http://127.0.0.1:${refusedPort()}/`, {
      proxy: `socks4://127.0.0.1:${dante.port}`,
    });
    expect(r.result).toBe(CURLE_PROXY);
    expect(r.easy.getinfo("proxyError")).toBe(CURLPX_REQUEST_FAILED);
  });
  test("a SOCKS pre-proxy in front of an HTTP proxy (tinyproxy), forwarding and CONNECT", async () => {
    if (dante === null || tiny === null) return;
    for (const httpProxyTunnel of [0, 1]) {
      const r = await perform(`http://127.0.0.1:${origins.origin.port}/pre`, {
        proxy: tiny.url,
        preProxy: `socks5://127.0.0.1:${dante.port}`,
        httpProxyTunnel,
      });
      expect([r.result, text(r.body)]).toEqual([CURLE_OK, "plain /pre"]);
    }
  });
});

describe("scripted", () => {
  test("a SOCKS proxy that closes during the handshake: 97 CURLPX_RECV_CONNECT", async () => {
    const srv = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data: (sock) => {
          sock.end();
        },
      },
    });
    try {
      const r = await perform(`http://127.0.0.1:${origins.origin.port}/`, {
        proxy: `socks5://127.0.0.1:${srv.port}`,
      });
      expect([r.result, r.error]).toEqual([
        CURLE_PROXY,
        "Failed to receive SOCKS response, proxy closed connection",
      ]);
      expect(r.easy.getinfo("proxyError")).toBe(CURLPX_RECV_CONNECT);
    } finally {
      srv.stop(true);
    }
  });
  test("an unreachable SOCKS proxy is 7", async () => {
    const r = await perform(`http://127.0.0.1:${origins.origin.port}/`, {
      proxy: `socks5://127.0.0.1:${refusedPort()}`,
    });
    expect(r.result).toBe(CURLE_COULDNT_CONNECT);
  });
});
