// The proxy side of authentication (a 407), through the functions the proxy integration calls
// (src/transfer/auth.ts): with `t.proxyAuth` set, a request sent to an HTTP proxy in the clear gets
// Proxy-Authorization from requestAuthorization, a CONNECT from connectAuthorization; the 407's
// Proxy-Authenticate lines go through authenticateLine and authVerdict(t, 407) says whether to ask
// again. The same code as the 401 path with the proxy stage; checked here on a Transfer, without
// sockets (the proxy itself is built elsewhere).

import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { AUTH_AGAIN, AUTH_FAIL, AUTH_GO_ON } from "../../src/auth/act.ts";
import { AuthSession, supportedAuth } from "../../src/auth/session.ts";
import { CURLAUTH_ANY, CURLAUTH_BASIC, CURLAUTH_DIGEST } from "../../src/constants/index.ts";
import { Info } from "../../src/easy/info.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import {
  authenticateLine,
  authVerdict,
  connectAuthorization,
  requestAuthorization,
} from "../../src/transfer/auth.ts";
import { Transfer } from "../../src/transfer/transfer.ts";
import { parseUrl } from "../../src/transfer/url.ts";
import { parseParams } from "../helpers/digest-server.ts";

const PROXY = "http://proxy.test:3128";

function transfer(proxyAuth: number, opts: Partial<EasyOptions> = {}, tunnel = false): Transfer {
  const o = Object.assign(new EasyOptions(), { proxyAuth, ...opts });
  const auth = new AuthSession();
  const t = new Transfer(
    { easy: null, opts: o, info: new Info(), resolveLoaded: null, auth, headerSink: null },
    0,
    0,
  );
  t.url = parseUrl("http://origin.test/x?y=1");
  auth.begin(supportedAuth(o.httpAuth), supportedAuth(o.proxyAuth));
  t.proxyAuth = {
    creds: { user: "bob", pass: "pw", bearer: null },
    origin: PROXY,
    tunnel,
    userHeader: false,
  };
  return t;
}

/** Feeds one header line of a response with `status`. */
function line(t: Transfer, status: number, text: string): void {
  const b = Buffer.from(text, "latin1");
  authenticateLine(t, status, b, 0, b.length);
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
const CHALLENGE = 'Proxy-Authenticate: Digest realm="px", nonce="pn", qop="auth"\r\n';

describe("a request to an HTTP proxy in the clear", () => {
  test("Basic for the proxy goes at once", () => {
    const t = transfer(CURLAUTH_BASIC);
    const a = requestAuthorization(t, "GET", false);
    expect(a.proxyAuthorization).toBe(`Basic ${btoa("bob:pw")}`);
    expect(a.authorization).toBeUndefined();
    expect(t.info.proxyAuthUsed).toBe(CURLAUTH_BASIC);
  });

  test("Digest: nothing first, the 407 is read, asked again, answered for the path (as libcurl, not the absolute-form target)", () => {
    const t = transfer(CURLAUTH_DIGEST);
    expect(requestAuthorization(t, "GET", false).proxyAuthorization).toBe(undefined);
    line(t, 407, CHALLENGE);
    // A WWW-Authenticate on a 407 is not the proxy's.
    line(t, 407, 'WWW-Authenticate: Basic realm="o"\r\n');
    expect(t.info.proxyAuthAvail).toBe(CURLAUTH_DIGEST);
    expect(t.info.httpAuthAvail).toBe(0);
    expect(authVerdict(t, 407)).toBe(AUTH_AGAIN);
    const v = requestAuthorization(t, "GET", false).proxyAuthorization!;
    const p = parseParams(v.replace(/^Digest /, ""));
    const ha1 = md5("bob:px:pw");
    // libcurl answers with the path and query, not the absolute-form target the proxy gets.
    const ha2 = md5("GET:/x?y=1");
    expect(p.uri).toBe("/x?y=1");
    expect(p.response).toBe(md5(`${ha1}:pn:00000001:${p.cnonce}:auth:${ha2}`));
    expect(t.info.proxyAuthUsed).toBe(CURLAUTH_DIGEST);
  });

  test("a POST before the proxy's Digest challenge is a probe", () => {
    const t = transfer(CURLAUTH_DIGEST, { post: 1, postFields: "abc" });
    requestAuthorization(t, "POST", false);
    expect(t.handle.auth!.authneg).toBe(true);
  });

  test("a second 407 after the answer: the 407 is the result (failOnError: fail)", () => {
    for (const failOnError of [0, 1]) {
      const t = transfer(CURLAUTH_DIGEST, { failOnError });
      requestAuthorization(t, "GET", false);
      line(t, 407, CHALLENGE);
      expect(authVerdict(t, 407)).toBe(AUTH_AGAIN);
      requestAuthorization(t, "GET", false);
      line(t, 407, 'Proxy-Authenticate: Digest realm="px", nonce="other"\r\n');
      expect(authVerdict(t, 407)).toBe(failOnError ? AUTH_FAIL : AUTH_GO_ON);
    }
  });

  test("both sides at once: the proxy's Digest and the server's Basic", () => {
    const t = transfer(CURLAUTH_ANY, { httpAuth: CURLAUTH_BASIC, userPwd: "alice:s" });
    requestAuthorization(t, "GET", false);
    line(t, 407, `Proxy-Authenticate: Basic realm="px", ${CHALLENGE.slice(20)}`);
    expect(authVerdict(t, 407)).toBe(AUTH_AGAIN);
    const a = requestAuthorization(t, "GET", false);
    expect(a.proxyAuthorization).toStartWith("Digest ");
    expect(a.authorization).toBe(`Basic ${btoa("alice:s")}`);
  });

  test("a 407 with no proxy credentials is the answer", () => {
    const t = transfer(CURLAUTH_DIGEST);
    t.proxyAuth = null;
    requestAuthorization(t, "GET", false);
    line(t, 407, CHALLENGE);
    expect(t.info.proxyAuthAvail).toBe(CURLAUTH_DIGEST);
    expect(authVerdict(t, 407)).toBe(AUTH_GO_ON);
  });
});

describe("a CONNECT", () => {
  test("the tunnelled request carries no Proxy-Authorization; the CONNECT does", () => {
    const t = transfer(CURLAUTH_DIGEST, {}, true);
    expect(requestAuthorization(t, "GET", false).proxyAuthorization).toBeUndefined();
    expect(connectAuthorization(t, "origin.test:443")).toBeNull();
    line(t, 407, CHALLENGE);
    expect(authVerdict(t, 407)).toBe(AUTH_AGAIN);
    const p = parseParams(connectAuthorization(t, "origin.test:443")!.replace(/^Digest /, ""));
    expect(p.uri).toBe("origin.test:443");
    const ha2 = md5("CONNECT:origin.test:443");
    expect(p.response).toBe(md5(`${md5("bob:px:pw")}:pn:00000001:${p.cnonce}:auth:${ha2}`));
  });
});
