// Proxy authentication on real loopback sockets, the way a user writes it: request() and fetch()
// through an RFC 7616 Digest proxy (test/helpers/digest-server.ts in proxy mode), forwarded and
// through CONNECT, a proxy that closes after its challenge, ANY, a wrong password, a handle that
// keeps the proxy's nonce for its next request. The libcurl oracle for the same cases is
// test/oracle/proxy-auth-oracle.test.ts; the CLI's --proxy-digest rows are in test/cli/cli.test.ts.

import { describe, expect, test } from "bun:test";
import {
  CURLAUTH_ANY,
  CURLAUTH_DIGEST,
  CURLE_COULDNT_CONNECT,
  CURLE_HTTP_RETURNED_ERROR,
  type CurlError,
  Easy,
  fetch,
  request,
} from "../../src/index.ts";
import { type DigestServerOptions, startDigestServer } from "../helpers/digest-server.ts";
import { perform, runEasy } from "../regress/helpers.ts";

const USERS = { alice: "s3cret" };
const GOOD = "alice:s3cret";
const text = (b: Uint8Array) => new TextDecoder().decode(b);

function digestProxy(opts: Partial<DigestServerOptions> = {}) {
  return startDigestServer({ users: USERS, ...opts, proxy: true });
}

const verdicts = (p: { seen: { method: string; verdict: string }[] }) =>
  p.seen.map((q) => `${q.method} ${q.verdict}`);

describe("request() through a Digest proxy", () => {
  test("forwarded: the 407 is answered once; the infos name Digest", async () => {
    using proxy = digestProxy();
    const res = await request("http://origin.test/a?b=1", {
      proxy: proxy.url,
      proxyUserPwd: GOOD,
      proxyAuth: CURLAUTH_DIGEST,
    });
    expect([res.status, text(res.body)]).toEqual([200, "ok alice GET 0\n"]);
    expect(verdicts(proxy)).toEqual(["GET none", "GET digest"]);
    expect(proxy.seen[1]!.target).toBe("http://origin.test/a?b=1");
    expect(res.easy.getinfo("proxyAuthAvail")).toBe(CURLAUTH_DIGEST);
    expect(res.easy.getinfo("proxyAuthUsed")).toBe(CURLAUTH_DIGEST);
  });

  test("CONNECT: a second CONNECT on the same connection carries the answer", async () => {
    using proxy = digestProxy({ algorithm: "SHA-256" });
    const res = await request("http://origin.test/t", {
      proxy: proxy.url,
      proxyUserPwd: GOOD,
      proxyAuth: CURLAUTH_DIGEST,
      httpProxyTunnel: 1,
    });
    expect([res.status, text(res.body)]).toEqual([200, "tunnel GET /t\n"]);
    expect(verdicts(proxy)).toEqual(["CONNECT none", "CONNECT digest", "GET tunnel"]);
    expect(res.easy.getinfo("httpConnectCode")).toBe(200);
    expect(res.easy.getinfo("numConnects")).toBe(1);
  });

  test("CONNECT to a proxy that closes after its challenge: connect again, then answer", async () => {
    using proxy = digestProxy({ closeAfterChallenge: true });
    const lines: string[] = [];
    const res = await request("http://origin.test/t", {
      proxy: proxy.url,
      proxyUserPwd: GOOD,
      proxyAuth: CURLAUTH_ANY,
      httpProxyTunnel: 1,
      verbose: 1,
      debugFunction: (_e: unknown, type: number, data: string) => {
        if (type === 0) lines.push(data.trim());
        return 0;
      },
    });
    expect([res.status, text(res.body)]).toEqual([200, "tunnel GET /t\n"]);
    expect(verdicts(proxy)).toEqual(["CONNECT none", "CONNECT digest", "GET tunnel"]);
    expect(res.easy.getinfo("numConnects")).toBe(2);
    expect(lines).toContain("Connect me again please");
  });

  test("a wrong password: the tunnel fails (7), with failOnError 22; forwarded, the 407 is the answer", async () => {
    using proxy = digestProxy();
    const base = { proxy: proxy.url, proxyUserPwd: "alice:nope", proxyAuth: CURLAUTH_DIGEST };
    const tunnel = await perform("http://origin.test/t", { ...base, httpProxyTunnel: 1 });
    expect([tunnel.result, tunnel.easy.getinfo("errorBuffer")]).toEqual([
      CURLE_COULDNT_CONNECT,
      "CONNECT tunnel failed, response 407",
    ]);
    const failing = await perform("http://origin.test/t", {
      ...base,
      httpProxyTunnel: 1,
      failOnError: 1,
    });
    expect([failing.result, failing.easy.getinfo("errorBuffer")]).toEqual([
      CURLE_HTTP_RETURNED_ERROR,
      "The requested URL returned error: 407",
    ]);
    const forwarded = await request("http://origin.test/f", base);
    expect(forwarded.status).toBe(407);
    expect(verdicts(proxy)).toEqual([
      "CONNECT none",
      "CONNECT bad response",
      "CONNECT none",
      "CONNECT bad response",
      "GET none",
      "GET bad response",
    ]);
  });

  test("the handle keeps the proxy's nonce: its next forwarded request answers at once (nc 2)", async () => {
    using proxy = digestProxy();
    const e = new Easy();
    for (const [k, v] of Object.entries({
      proxy: proxy.url,
      proxyUserPwd: GOOD,
      proxyAuth: CURLAUTH_DIGEST,
    }))
      e.setopt(k as "proxy", v as string);
    e.setopt("writeFunction", (d: Uint8Array) => d.length);
    for (const path of ["/1", "/2"]) {
      e.setopt("url", `http://origin.test${path}`);
      expect(await runEasy(e)).toBe(0);
    }
    expect(verdicts(proxy)).toEqual(["GET none", "GET digest", "GET digest"]);
    expect(proxy.seen[2]!.headers["proxy-authorization"]).toContain("nc=00000002");
  });
});

describe("fetch() through a Digest proxy", () => {
  test("the proxy options in the multisock key", async () => {
    using proxy = digestProxy({ challenges: ["basic+digest"] });
    const res = await fetch("http://origin.test/x", {
      multisock: {
        proxy: proxy.url,
        proxyUserPwd: GOOD,
        proxyAuth: CURLAUTH_ANY,
        httpProxyTunnel: 1,
      },
    });
    expect([res.status, await res.text()]).toEqual([200, "tunnel GET /x\n"]);
    expect(verdicts(proxy)).toEqual(["CONNECT none", "CONNECT digest", "GET tunnel"]);
  });

  test("an auth round trip is not a redirect: redirected stays false, url is the request's", async () => {
    using proxy = digestProxy();
    const viaProxy = await fetch("http://origin.test/r", {
      multisock: { proxy: proxy.url, proxyUserPwd: GOOD, proxyAuth: CURLAUTH_DIGEST },
    });
    expect([viaProxy.status, viaProxy.redirected, viaProxy.url]).toEqual([
      200,
      false,
      "http://origin.test/r",
    ]);
    // A server's 401 answered with Digest, then a real redirect on the same origin.
    using origin = startDigestServer({
      users: USERS,
      routes: {
        "/go": () => "HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n",
      },
    });
    const direct = await fetch(`${origin.url}/plain`, {
      multisock: { httpAuth: CURLAUTH_DIGEST, userPwd: GOOD },
    });
    expect([direct.status, direct.redirected]).toEqual([200, false]);
    expect(direct.easy.getinfo("redirectCount")).toBe(1); // libcurl counts the auth round
    const moved = await fetch(`${origin.url}/go`, {
      multisock: { httpAuth: CURLAUTH_DIGEST, userPwd: GOOD },
    });
    expect([moved.status, moved.redirected, moved.url]).toEqual([200, true, `${origin.url}/there`]);
  });

  test("a refused tunnel rejects with the CURLcode as its cause", async () => {
    using proxy = digestProxy();
    const err = await fetch("http://origin.test/x", {
      multisock: { proxy: proxy.url, httpProxyTunnel: 1 },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as { cause: CurlError }).cause.code).toBe(CURLE_COULDNT_CONNECT);
  });
});
