// Which proxies a request goes through (lib/proxy.c Curl_proxy_init_conn, parse_proxy): the proxy
// string's parts and defaults, the environment as curl reads it, the no-proxy list, tunnelling.

import { describe, expect, test } from "bun:test";
import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_PROXY,
  CURLPROXY_HTTP,
  CURLPROXY_HTTP_1_0,
  CURLPROXY_HTTPS,
  CURLPROXY_SOCKS4,
  CURLPROXY_SOCKS4A,
  CURLPROXY_SOCKS5,
  CURLPROXY_SOCKS5_HOSTNAME,
} from "../../src/constants/index.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import { type ProxyRoute, parseProxy, proxyRoute } from "../../src/proxy/route.ts";

function opts(set: Partial<EasyOptions> = {}): EasyOptions {
  return Object.assign(new EasyOptions(), set);
}
const env =
  (vars: Record<string, string>) =>
  (n: string): string | undefined =>
    vars[n];

describe("parseProxy", () => {
  test("the scheme sets the type; the default port is 1080, 443 for https", () => {
    const cases: [string, number, number][] = [
      ["127.0.0.1", CURLPROXY_HTTP, 1080],
      ["http://127.0.0.1", CURLPROXY_HTTP, 1080],
      ["https://127.0.0.1", CURLPROXY_HTTPS, 443],
      ["socks://127.0.0.1", CURLPROXY_SOCKS4, 1080],
      ["socks4://127.0.0.1", CURLPROXY_SOCKS4, 1080],
      ["socks4a://127.0.0.1", CURLPROXY_SOCKS4A, 1080],
      ["SOCKS5://127.0.0.1", CURLPROXY_SOCKS5, 1080],
      ["socks5h://127.0.0.1:9", CURLPROXY_SOCKS5_HOSTNAME, 9],
    ];
    for (const [s, type, port] of cases) {
      const p = parseProxy(s, opts(), false);
      expect([s, p]).toEqual([s, { type, host: "127.0.0.1", port, user: null, pass: "" }]);
    }
  });
  test("without a scheme CURLOPT_PROXYTYPE decides; http:// keeps HTTP_1_0; PROXYPORT fills in", () => {
    expect(parseProxy("h", opts({ proxyType: CURLPROXY_SOCKS5 }), false)).toMatchObject({
      type: CURLPROXY_SOCKS5,
    });
    expect(parseProxy("http://h", opts({ proxyType: CURLPROXY_HTTP_1_0 }), false)).toMatchObject({
      type: CURLPROXY_HTTP_1_0,
    });
    expect(parseProxy("socks5://h", opts({ proxyType: CURLPROXY_HTTP_1_0 }), false)).toMatchObject({
      type: CURLPROXY_SOCKS5,
    });
    expect(parseProxy("h", opts({ proxyPort: 3128 }), false)).toMatchObject({ port: 3128 });
    expect(parseProxy("h:8080", opts({ proxyPort: 3128 }), false)).toMatchObject({ port: 8080 });
  });
  test("credentials: the URL's (decoded) first, else the options'; none for a pre-proxy", () => {
    expect(parseProxy("http://a%40b:p%3Aq@h:1", opts(), false)).toMatchObject({
      user: "a@b",
      pass: "p:q",
    });
    const o = opts({ proxyUserPwd: "u:p", proxyUsername: "v" });
    expect(parseProxy("h", o, false)).toMatchObject({ user: "v", pass: "p" });
    expect(parseProxy("socks5://h", o, true)).toMatchObject({ user: null });
    expect(parseProxy("h", opts({ proxyPassword: "only" }), false)).toMatchObject({ user: null });
  });
  test("IPv6 in brackets; bad strings fail as libcurl", () => {
    expect(parseProxy("http://[::1]:8", opts(), false)).toMatchObject({ host: "::1", port: 8 });
    expect(parseProxy("ftp://h", opts(), false)).toEqual({
      code: CURLE_COULDNT_CONNECT,
      detail: "Unsupported proxy scheme for 'ftp://h'",
    });
    expect(parseProxy("http://h:99999", opts(), false)).toMatchObject({
      code: CURLE_COULDNT_RESOLVE_PROXY,
    });
    expect(parseProxy("http://h", opts(), true)).toEqual({
      code: CURLE_COULDNT_RESOLVE_PROXY,
      detail: "Unsupported pre-proxy type for 'http://h'",
    });
  });
});

describe("proxyRoute", () => {
  const route = (o: EasyOptions, url: string, vars: Record<string, string> = {}, ct = false) => {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
    return proxyRoute(o, u.protocol.slice(0, -1), host, ct, env(vars)) as ProxyRoute | null;
  };
  test("CURLOPT_PROXY: http targets forward, https tunnel, HTTPPROXYTUNNEL and CONNECT_TO tunnel", () => {
    const o = opts({ proxy: "http://p:3128" });
    expect(route(o, "http://a.test/")).toMatchObject({ tunnel: false, socks: null });
    expect(route(o, "https://a.test/")).toMatchObject({ tunnel: true });
    expect(route(opts({ proxy: "p", httpProxyTunnel: 1 }), "http://a.test/")).toMatchObject({
      tunnel: true,
    });
    expect(route(o, "http://a.test/", {}, true)).toMatchObject({ tunnel: true });
  });
  test("a SOCKS proxy is the first hop; a pre-proxy with an HTTP proxy gives both; two SOCKS fail", () => {
    expect(route(opts({ proxy: "socks5h://s:1" }), "http://a.test/")).toMatchObject({
      http: null,
      socks: { type: CURLPROXY_SOCKS5_HOSTNAME, host: "s", port: 1 },
    });
    expect(route(opts({ proxy: "p:2", preProxy: "socks5://s:1" }), "http://a.test/")).toMatchObject(
      {
        http: { host: "p", port: 2 },
        socks: { host: "s", port: 1 },
      },
    );
    expect(route(opts({ proxy: "socks5://t", preProxy: "socks5://s" }), "http://a.test/")).toEqual({
      code: CURLE_COULDNT_RESOLVE_PROXY,
      detail: "Having a SOCKS pre-proxy and proxy is not supported with 'socks5://t'",
    } as unknown as ProxyRoute);
  });
  test("the environment: http_proxy lower case only, https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY", () => {
    const o = opts();
    expect(route(o, "http://a.test/", { HTTP_PROXY: "p" })).toBeNull();
    expect(route(o, "http://a.test/", { http_proxy: "p:1" })?.http).toMatchObject({ port: 1 });
    expect(route(o, "https://a.test/", { HTTPS_PROXY: "p:2" })?.http).toMatchObject({ port: 2 });
    expect(
      route(o, "https://a.test/", { https_proxy: "p:3", HTTPS_PROXY: "p:2" })?.http,
    ).toMatchObject({ port: 3 });
    expect(route(o, "https://a.test/", { http_proxy: "p:1" })).toBeNull();
    expect(route(o, "http://a.test/", { ALL_PROXY: "socks5://s:4" })?.socks).toMatchObject({
      port: 4,
    });
    expect(route(o, "http://a.test/", { all_proxy: "s:5", ALL_PROXY: "s:4" })?.http).toMatchObject({
      port: 5,
    });
  });
  test('CURLOPT_PROXY wins over the environment; "" disables both', () => {
    expect(
      route(opts({ proxy: "o:9" }), "http://a.test/", { http_proxy: "p:1" })?.http,
    ).toMatchObject({ port: 9 });
    expect(route(opts({ proxy: "" }), "http://a.test/", { http_proxy: "p:1" })).toBeNull();
    expect(route(opts({ preProxy: "" }), "http://a.test/", { http_proxy: "p:1" })).toBeNull();
  });
  test("the no-proxy list: CURLOPT_NOPROXY, else no_proxy, else NO_PROXY; it applies to CURLOPT_PROXY too", () => {
    expect(route(opts({ proxy: "p" }), "http://a.test/", { NO_PROXY: "a.test" })).toBeNull();
    expect(
      route(opts({ proxy: "p" }), "http://a.test/", { no_proxy: "b.test", NO_PROXY: "a.test" }),
    ).not.toBeNull();
    expect(
      route(opts({ proxy: "p", noProxy: "" }), "http://a.test/", { NO_PROXY: "a.test" }),
    ).not.toBeNull();
    expect(route(opts({ proxy: "p", noProxy: "*" }), "http://a.test/")).toBeNull();
    expect(route(opts({ proxy: "p", noProxy: "127.0.0.0/8" }), "http://127.0.0.1:8/")).toBeNull();
    expect(route(opts({ proxy: "p", noProxy: "::1" }), "http://[::1]:8/")).toBeNull();
  });
  test("the key tells routes apart: type, host, port, credentials, tunnel", () => {
    const keys = new Set(
      [
        opts({ proxy: "p:1" }),
        opts({ proxy: "p:2" }),
        opts({ proxy: "q:1" }),
        opts({ proxy: "socks5://p:1" }),
        opts({ proxy: "p:1", proxyUserPwd: "u:a" }),
        opts({ proxy: "p:1", proxyUserPwd: "u:b" }),
        opts({ proxy: "p:1", httpProxyTunnel: 1 }),
        opts({ proxy: "p:1", preProxy: "socks5://s" }),
      ].map((o) => route(o, "http://a.test/")!.key),
    );
    expect(keys.size).toBe(8);
  });
});

describe("setopt of the proxy options", () => {
  test("PROXYTYPE takes 0-7, PROXYPORT 0-65535; a proxy string with CR/LF is refused", async () => {
    const { Easy, CURLE_BAD_FUNCTION_ARGUMENT } = await import("../../src/index.ts");
    const e = new Easy();
    expect(e.setopt("proxyType", 7)).toBe(0);
    expect(e.setopt("proxyType", 8)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("proxyType", -1)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("proxyPort", 65535)).toBe(0);
    expect(e.setopt("proxyPort", 65536)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("proxy", "http://p\r\nX: y")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("proxyHeader", ["X-A: 1"])).toBe(0);
  });
});
