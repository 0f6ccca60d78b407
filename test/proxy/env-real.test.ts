// The environment's proxy variables on real loopback sockets, as a user meets them: process.env's
// http_proxy (with credentials in its URL), NO_PROXY, and CURLOPT_PROXY "" switching the environment
// off, through fetch() and request() with no proxy option at all. The proxy is the RFC Digest server
// in proxy mode asking for Basic (test/helpers/digest-server.ts), so each request it saw is on record.

import { afterEach, describe, expect, test } from "bun:test";
import { fetch, request } from "../../src/index.ts";
import { startDigestServer } from "../helpers/digest-server.ts";

const NAMES = ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"];
const NO = ["NO_PROXY", "no_proxy"];
const saved = new Map<string, string | undefined>();

/** Sets the variables for one test (the rest of the proxy family cleared); afterEach restores them. */
function env(vars: Record<string, string>): void {
  for (const n of [...NAMES, ...NO]) {
    if (!saved.has(n)) saved.set(n, process.env[n]);
    delete process.env[n];
  }
  Object.assign(process.env, vars);
}

afterEach(() => {
  for (const [n, v] of saved) {
    if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  }
  saved.clear();
});

/** A loopback origin that answers "direct" (a request that skipped the proxy reaches it). */
function directOrigin() {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("direct") });
  return {
    url: `http://127.0.0.1:${server.port}/`,
    [Symbol.asyncDispose]: () => server.stop(true),
  };
}

function basicProxy() {
  return startDigestServer({ users: { alice: "s3cret" }, challenges: ["basic"], proxy: true });
}

describe("proxies from the environment", () => {
  test("http_proxy with user:password: fetch() goes through it, Basic up front", async () => {
    using proxy = basicProxy();
    env({ http_proxy: `http://alice:s3cret@127.0.0.1:${proxy.port}` });
    const res = await fetch("http://origin.test/env");
    expect([res.status, await res.text()]).toEqual([200, "ok alice GET 0\n"]);
    expect(proxy.seen.map((q) => `${q.target} ${q.verdict}`)).toEqual([
      "http://origin.test/env basic",
    ]);
  });

  test("NO_PROXY names the host: direct, the proxy sees nothing", async () => {
    using proxy = basicProxy();
    const origin = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Response("direct"),
    });
    try {
      env({ http_proxy: proxy.url, NO_PROXY: "example.invalid, 127.0.0.1" });
      const res = await request(`http://127.0.0.1:${origin.port}/`);
      expect([res.status, new TextDecoder().decode(res.body)]).toEqual([200, "direct"]);
      expect(res.easy.getinfo("usedProxy")).toBe(0);
      expect(proxy.seen.length).toBe(0);
    } finally {
      origin.stop(true);
    }
  });

  test("CURLOPT_PROXY '' turns the environment off", async () => {
    using proxy = basicProxy();
    await using origin = directOrigin();
    env({ http_proxy: proxy.url });
    const res = await request(origin.url, { proxy: "" });
    expect([new TextDecoder().decode(res.body), res.easy.getinfo("usedProxy")]).toEqual([
      "direct",
      0,
    ]);
    expect(proxy.seen.length).toBe(0);
  });

  test("HTTP_PROXY in upper case is not read (curl's rule against httpoxy)", async () => {
    using proxy = basicProxy();
    await using origin = directOrigin();
    env({ HTTP_PROXY: proxy.url });
    const res = await fetch(origin.url);
    expect(await res.text()).toBe("direct");
    expect(proxy.seen.length).toBe(0);
  });

  test("http_proxy= (set, empty) is not set, as curl_getenv says: fetch() goes direct", async () => {
    await using origin = directOrigin();
    env({ http_proxy: "", ALL_PROXY: "" });
    const res = await fetch(origin.url);
    expect([res.status, await res.text()]).toEqual([200, "direct"]);
  });
});
