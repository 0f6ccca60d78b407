// The Digest computation and challenge parser of src/auth against the RFCs' worked examples (RFC 7616
// section 3.9.1 with MD5 and SHA-256, RFC 2617 section 3.5) and libcurl's rules (lib/vauth/digest.c):
// the field order and quoting of the answer, the nonce count, the -sess session key, userhash,
// auth-int, stale=true, and the challenges it refuses.

import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import {
  ALGO_MD5,
  ALGO_SHA256SESS,
  ALGO_SHA512_256,
  DigestState,
  decodeDigestChallenge,
  getPair,
} from "../../src/auth/digest.ts";
import {
  byteString,
  digestQuoted,
  digestResponse,
  setCnonceSource,
} from "../../src/auth/digest-response.ts";
import { CURLE_BAD_CONTENT_ENCODING, CURLE_OK } from "../../src/constants/index.ts";
import { parseParams } from "../helpers/digest-server.ts";

afterEach(() => setCnonceSource(undefined));

/** A state from one challenge (after "Digest "), with the client nonce pinned. */
function challenged(chlg: string, cnonce: string): DigestState {
  const d = new DigestState();
  expect(decodeDigestChallenge(d, chlg)).toBe(CURLE_OK);
  setCnonceSource(() => cnonce);
  return d;
}

// RFC 7616 section 3.9.1.
const RFC7616 = {
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};

describe("RFC 7616 section 3.9.1", () => {
  test("MD5: the response is 8ca523f5e9506fed4657c9700eebdbec", () => {
    const d = challenged(
      `realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`,
      RFC7616.cnonce,
    );
    expect(d.qop).toBe("auth");
    const v = digestResponse(d, "Mufasa", "Circle of Life", "GET", "/dir/index.html");
    expect(v).toBe(
      `username="Mufasa", realm="http-auth@example.org", nonce="${RFC7616.nonce}", uri="/dir/index.html", cnonce="${RFC7616.cnonce}", nc=00000001, qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", opaque="${RFC7616.opaque}", algorithm=MD5`,
    );
  });

  test("SHA-256: the response is 753927fa...cb6c1", () => {
    const d = challenged(
      `realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="${RFC7616.nonce}", opaque="${RFC7616.opaque}"`,
      RFC7616.cnonce,
    );
    const v = digestResponse(d, "Mufasa", "Circle of Life", "GET", "/dir/index.html");
    expect(parseParams(v).response).toBe(
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
    expect(v.endsWith(", algorithm=SHA-256")).toBe(true);
  });
});

test("RFC 2617 section 3.5: the response is 6629fae49393a05397450978507c4ef1", () => {
  const d = challenged(
    `realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
    "0a4f113b",
  );
  const v = digestResponse(d, "Mufasa", "Circle Of Life", "GET", "/dir/index.html");
  // No algorithm in the challenge: none in the answer either (libcurl echoes only what it got).
  expect(v).toBe(
    `username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", cnonce="0a4f113b", nc=00000001, qop=auth, response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"`,
  );
});

describe("libcurl's rules", () => {
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");

  test("no qop: RFC 2069's response, no cnonce, nc or qop fields", () => {
    const d = challenged(`realm="r", nonce="n"`, "c");
    const v = digestResponse(d, "u", "p", "GET", "/x");
    const ha1 = md5("u:r:p");
    const ha2 = md5("GET:/x");
    expect(v).toBe(
      `username="u", realm="r", nonce="n", uri="/x", response="${md5(`${ha1}:n:${ha2}`)}"`,
    );
  });

  test("the nonce count goes up with each answer to the same nonce; the cnonce stays", () => {
    const d = challenged(`realm="r", nonce="n", qop="auth"`, "c1");
    expect(parseParams(digestResponse(d, "u", "p", "GET", "/")).nc).toBe("00000001");
    setCnonceSource(() => "c2");
    const second = parseParams(digestResponse(d, "u", "p", "GET", "/"));
    expect(second.nc).toBe("00000002");
    expect(second.cnonce).toBe("c1");
  });

  test("a new challenge starts the count again with a new cnonce", () => {
    const d = challenged(`realm="r", nonce="n1", qop="auth"`, "c1");
    digestResponse(d, "u", "p", "GET", "/");
    expect(decodeDigestChallenge(d, `realm="r", nonce="n2", qop="auth", stale=true`)).toBe(
      CURLE_OK,
    );
    setCnonceSource(() => "c2");
    const p = parseParams(digestResponse(d, "u", "p", "GET", "/"));
    expect([p.nonce, p.nc, p.cnonce]).toEqual(["n2", "00000001", "c2"]);
  });

  test("a second challenge without stale=true means the credentials failed", () => {
    const d = challenged(`realm="r", nonce="n1"`, "c");
    expect(decodeDigestChallenge(d, `realm="r", nonce="n2"`)).toBe(CURLE_BAD_CONTENT_ENCODING);
  });

  test("refused challenges: no nonce, an unknown algorithm, -sess without qop", () => {
    for (const c of [`realm="r"`, `nonce="n", algorithm=SHA-1`, `nonce="n", algorithm=MD5-sess`]) {
      expect(decodeDigestChallenge(new DigestState(), c)).toBe(CURLE_BAD_CONTENT_ENCODING);
    }
  });

  test("algorithm names in any case; SHA-512-256 is SHA-512/256 (not SHA-256 as in 7.88)", () => {
    const d = new DigestState();
    expect(decodeDigestChallenge(d, `nonce="n", algorithm=sha-256-SESS, qop=auth`)).toBe(CURLE_OK);
    expect(d.algo).toBe(ALGO_SHA256SESS);
    expect(decodeDigestChallenge(new DigestState(), `nonce="n", algorithm=md5`)).toBe(CURLE_OK);
    const s = challenged(`realm="r", nonce="n", algorithm=SHA-512-256`, "c");
    expect(s.algo).toBe(ALGO_SHA512_256);
    const h = (x: string) => createHash("sha512-256").update(x).digest("hex");
    const v = parseParams(digestResponse(s, "u", "p", "GET", "/"));
    expect(v.response).toBe(h(`${h("u:r:p")}:n:${h("GET:/")}`));
  });

  test("MD5-sess: HA1 is H(H(user:realm:pass):nonce:cnonce)", () => {
    const d = challenged(`realm="r", nonce="n", qop="auth", algorithm=MD5-sess`, "c");
    const ha1 = md5(`${md5("u:r:p")}:n:c`);
    const ha2 = md5("POST:/a?b");
    const v = parseParams(digestResponse(d, "u", "p", "POST", "/a?b"));
    expect(v.response).toBe(md5(`${ha1}:n:00000001:c:auth:${ha2}`));
    expect(v.algorithm).toBe("MD5-sess");
  });

  test("auth-int (only when auth is not offered) hashes an empty body, as libcurl does", () => {
    const d = challenged(`realm="r", nonce="n", qop="auth-int"`, "c");
    expect(d.qop).toBe("auth-int");
    const ha2 = md5(`PUT:/u:${md5("")}`);
    const v = parseParams(digestResponse(d, "u", "p", "PUT", "/u"));
    expect(v.qop).toBe("auth-int");
    expect(v.response).toBe(md5(`${md5("u:r:p")}:n:00000001:c:auth-int:${ha2}`));
  });

  test("userhash: the username is H(user:realm) and userhash=true ends the answer", () => {
    const d = challenged(`realm="r", nonce="n", qop=auth, algorithm=SHA-256, userhash=true`, "c");
    const v = digestResponse(d, "Jason", "p", "GET", "/");
    const sha = (x: string) => createHash("sha256").update(x).digest("hex");
    expect(parseParams(v).username).toBe(sha("Jason:r"));
    expect(v.endsWith(", algorithm=SHA-256, userhash=true")).toBe(true);
  });

  test("quoting: backslash before quote and backslash, %XX outside printable ASCII", () => {
    expect(digestQuoted('a"b\\c')).toBe('a\\"b\\\\c');
    expect(digestQuoted(byteString("jä\t"))).toBe("j%C3%A4%09");
    // A realm with an escaped quote comes back escaped.
    const d = challenged(`realm="a\\"b", nonce="n"`, "c");
    expect(d.realm).toBe('a"b');
    expect(digestResponse(d, "u", "p", "GET", "/")).toContain('realm="a\\"b"');
  });

  test("the pair reader: unquoted values end at a comma; a stray quote is refused", () => {
    expect(getPair('nonce=abc, realm="r"', 0)).toBe(true);
    expect(getPair('nonce=ab"c', 0)).toBe(false);
    expect(getPair("nonce", 0)).toBe(false);
    const d = new DigestState();
    expect(decodeDigestChallenge(d, `nonce=abc, realm=plain`)).toBe(CURLE_OK);
    expect([d.nonce, d.realm, d.algo]).toEqual(["abc", "plain", ALGO_MD5]);
  });

  test("the default client nonce is 12 random bytes in base64 (16 characters)", () => {
    setCnonceSource(undefined);
    const d = new DigestState();
    decodeDigestChallenge(d, `nonce="n", qop=auth`);
    const c = parseParams(digestResponse(d, "u", "p", "GET", "/")).cnonce!;
    expect(c).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(Buffer.from(c, "base64").length).toBe(12);
  });
});
