// The codec through real SOCKS proxies to a loopback Bun.serve origin: microsocks (SOCKS5 without
// auth and with -u/-P) and danted (SOCKS5 and SOCKS4; SOCKS4a, which Dante does not do, and refused
// destinations give real failure replies). The HTTP response must arrive through the tunnel, and
// each failure must match what Debian's curl reports through the same proxy. Skipped with a note when
// a proxy binary is missing.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  CURLE_OK,
  CURLE_PROXY,
  CURLPX_NO_AUTH,
  CURLPX_REPLY_CONNECTION_REFUSED,
  CURLPX_REPLY_NOT_ALLOWED,
  CURLPX_REQUEST_FAILED,
  CURLPX_USER_REJECTED,
  proxyCodeName,
} from "../../src/constants/index.ts";
import type { SocksRequest } from "../../src/proxy/socks.ts";
import { refusedPort } from "../helpers/loopback.ts";
import { type ProxyServer, proxyBinary, startDante, startMicrosocks } from "../helpers/proxies.ts";
import { httpGet, socksConnect } from "./socks-client.ts";
import {
  CURL_BIN,
  curlVersion,
  expectedCurlMessage,
  proxyUrl,
  runCurl,
  targetUrl,
} from "./socks-curl.ts";

const BODY = "through the tunnel";
let origin: ReturnType<typeof Bun.serve>;
let plain: ProxyServer | null = null;
let withAuth: ProxyServer | null = null;
let dante: ProxyServer | null = null;
const VERSION = curlVersion();

beforeAll(async () => {
  origin = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(BODY) });
  [plain, withAuth, dante] = await Promise.all([
    startMicrosocks(),
    startMicrosocks({ user: "alice", pass: "s3cret" }),
    startDante(),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), withAuth?.stop(), dante?.stop()]);
  origin?.stop(true);
});

const req = (o: Partial<SocksRequest>): SocksRequest => ({
  version: 5,
  remoteResolve: false,
  host: "127.0.0.1",
  port: origin.port!,
  user: "",
  password: "",
  ...o,
});

/** GET / through the proxy: the codec's outcome, and the origin's response when the tunnel came up. */
async function through(server: ProxyServer, r: SocksRequest) {
  return socksConnect(server.port, r, { request: httpGet(r.host, r.port) });
}

async function expectTunnel(server: ProxyServer | null, r: () => SocksRequest) {
  if (server === null) return;
  const rq = r();
  const res = await through(server, rq);
  expect([res.h.code, res.h.proxyCode, res.h.message]).toEqual([CURLE_OK, 0, ""]);
  expect(res.tunnel).toStartWith("HTTP/1.1 200 OK\r\n");
  expect(res.tunnel).toEndWith(`\r\n\r\n${BODY}`);
  if (CURL_BIN !== undefined) {
    const curl = await runCurl(proxyUrl(rq, server.port), targetUrl(rq));
    expect([curl.exitCode, curl.body]).toEqual([0, BODY]);
  }
}

/** A failure the proxy itself produces: the codec's outcome, and curl's through the same proxy. */
async function expectFailure(
  server: ProxyServer | null,
  r: () => SocksRequest,
  proxyCode: number,
  message: string,
) {
  if (server === null) return;
  const rq = r();
  const res = await through(server, rq);
  expect([res.h.code, proxyCodeName(res.h.proxyCode), res.h.message]).toEqual([
    CURLE_PROXY,
    proxyCodeName(proxyCode),
    message,
  ]);
  if (CURL_BIN !== undefined) {
    const curl = await runCurl(proxyUrl(rq, server.port), targetUrl(rq));
    expect([curl.exitCode, curl.message]).toEqual([
      CURLE_PROXY,
      expectedCurlMessage(message, VERSION),
    ]);
  }
}

describe.skipIf(proxyBinary("microsocks") === undefined)("microsocks", () => {
  test("SOCKS5 without auth: the origin's response through the tunnel", () =>
    expectTunnel(plain, () => req({})));
  test("SOCKS5h: microsocks resolves the name", () =>
    expectTunnel(plain, () => req({ remoteResolve: true, host: "localhost" })));
  test("SOCKS5 to an IPv6 origin: ATYP 4 to [::1]", async () => {
    if (plain === null) return;
    using v6 = Bun.serve({ hostname: "::1", port: 0, fetch: () => new Response(BODY) });
    await expectTunnel(plain, () => req({ host: "::1", port: v6.port! }));
  });
  test("SOCKS5 with -u/-P: username/password accepted", () =>
    expectTunnel(withAuth, () => req({ user: "alice", password: "s3cret" })));
  test("SOCKS5h with username/password", () =>
    expectTunnel(withAuth, () =>
      req({ remoteResolve: true, host: "localhost", user: "alice", password: "s3cret" }),
    ));
  test("a wrong password is rejected", async () => {
    if (withAuth === null) return;
    const res = await through(withAuth, req({ user: "alice", password: "wrong" }));
    expect(res.h.proxyCode).toBe(CURLPX_USER_REJECTED);
    // microsocks answers VER 1 with its own status; the text carries both bytes.
    expect(res.h.message).toMatch(/^User was rejected by the SOCKS5 server \(1 \d+\)\.$/);
    await expectFailure(
      withAuth,
      () => req({ user: "alice", password: "wrong" }),
      CURLPX_USER_REJECTED,
      res.h.message,
    );
  });
  test("no credentials for a proxy that needs them: no acceptable method", () =>
    expectFailure(
      withAuth,
      () => req({}),
      CURLPX_NO_AUTH,
      "No authentication method was acceptable.",
    ));
  test("a destination port nobody listens on: connection refused", () =>
    expectFailure(
      plain,
      () => req({ port: refusedPort() }),
      CURLPX_REPLY_CONNECTION_REFUSED,
      "cannot complete SOCKS5 connection to 127.0.0.1. (5)",
    ));
});

describe.skipIf(proxyBinary("danted") === undefined)("danted", () => {
  test("SOCKS5: the origin's response through the tunnel", () =>
    expectTunnel(dante, () => req({})));
  test("SOCKS5h: danted resolves the name", () =>
    expectTunnel(dante, () => req({ remoteResolve: true, host: "localhost" })));
  test("SOCKS4: the origin's response through the tunnel", () =>
    expectTunnel(dante, () => req({ version: 4 })));
  test("SOCKS4 with a user id", () => expectTunnel(dante, () => req({ version: 4, user: "bob" })));
  test("SOCKS4a, which Dante does not do: request rejected (91), with the reply's address", () =>
    expectFailure(
      dante,
      () => req({ version: 4, remoteResolve: true, host: "localhost" }),
      CURLPX_REQUEST_FAILED,
      `[SOCKS] cannot complete SOCKS4 connection to 0.0.0.1:${origin.port}. (91), request rejected or failed.`,
    ));
  test("SOCKS5 to a port nobody listens on: connection refused", () =>
    expectFailure(
      dante,
      () => req({ port: refusedPort() }),
      CURLPX_REPLY_CONNECTION_REFUSED,
      "cannot complete SOCKS5 connection to 127.0.0.1. (5)",
    ));
  test("SOCKS5 to an address its rules block: not allowed (2)", () =>
    expectFailure(
      dante,
      () => req({ host: "127.0.0.2" }),
      CURLPX_REPLY_NOT_ALLOWED,
      "cannot complete SOCKS5 connection to 127.0.0.2. (2)",
    ));
  test("SOCKS4 to a port nobody listens on: request rejected (91)", async () => {
    if (dante === null) return;
    const rq = req({ version: 4, port: refusedPort() });
    const res = await through(dante, rq);
    // Dante fills the reply's DSTIP:DSTPORT with an address of its own choosing, per connection.
    const text = (m: string) => m.replace(/to [\d.]+:\d+\./, "to A:P.");
    expect([res.h.code, res.h.proxyCode, text(res.h.message)]).toEqual([
      CURLE_PROXY,
      CURLPX_REQUEST_FAILED,
      "[SOCKS] cannot complete SOCKS4 connection to A:P. (91), request rejected or failed.",
    ]);
    if (CURL_BIN === undefined) return;
    const curl = await runCurl(proxyUrl(rq, dante.port), targetUrl(rq));
    expect([curl.exitCode, text(curl.message)]).toEqual([
      CURLE_PROXY,
      text(expectedCurlMessage(res.h.message, VERSION)),
    ]);
  });
});
