// HTTP authentication through the public API on real loopback sockets, against the RFC Digest server
// (test/helpers/digest-server.ts): request(), fetch() with its `multisock` init key, and Easy with
// BunDriver, as an application writes them. Each case says what the server saw, in order.

import { afterAll, describe, expect, test } from "bun:test";
import {
  BunDriver,
  CURL_SEEKFUNC_CANTSEEK,
  CURL_SEEKFUNC_OK,
  CURLAUTH_ANY,
  CURLAUTH_ANYSAFE,
  CURLAUTH_BASIC,
  CURLAUTH_BEARER,
  CURLAUTH_DIGEST,
  CURLAUTH_DIGEST_IE,
  CURLAUTH_NTLM,
  type CURLcode,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_NOT_BUILT_IN,
  CURLE_OK,
  CURLE_SEND_FAIL_REWIND,
  type CurlError,
  Easy,
  fetch,
  Multi,
  request,
} from "../../src/index.ts";
import {
  type DigestAlgorithm,
  type DigestServerOptions,
  parseParams,
  startDigestServer,
} from "../helpers/digest-server.ts";

const USERS = { alice: "s3cret" };
const multi = new Multi();
afterAll(() => multi.close());

const server = (o: Partial<DigestServerOptions> = {}) => startDigestServer({ users: USERS, ...o });
const rejected = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("resolved");
    },
    (e: unknown) => e as CurlError,
  );
/** The Authorization header's Digest fields of request i. */
const fields = (s: { seen: { headers: Record<string, string> }[] }, i: number) =>
  parseParams((s.seen[i]!.headers.authorization ?? "").replace(/^Digest /, ""));

/** Runs one Easy through a BunDriver to its end; the result code. */
function perform(e: Easy, m = new Multi()): Promise<CURLcode> {
  return new Promise((resolve) => {
    const d = new BunDriver(m, {
      onDone(easy, result) {
        m.removeHandle(easy);
        d.close();
        m.close();
        resolve(result);
      },
    });
    m.addHandle(e);
    void d.run();
  });
}

describe("Digest through request()", () => {
  const ALGOS: DigestAlgorithm[] = [
    "MD5",
    "MD5-sess",
    "SHA-256",
    "SHA-256-sess",
    "SHA-512-256",
    "SHA-512-256-sess",
  ];
  for (const algorithm of ALGOS) {
    test(`${algorithm}: one challenge, one answer, counted as a redirect`, async () => {
      using s = server({ algorithm });
      const r = await request(`${s.url}/dir/index.html?q=1`, {
        multi,
        httpAuth: CURLAUTH_DIGEST,
        userPwd: "alice:s3cret",
      });
      expect([r.status, await r.text()]).toEqual([200, "ok alice GET 0\n"]);
      expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest"]);
      expect(fields(s, 1).uri).toBe("/dir/index.html?q=1");
      expect(fields(s, 1).algorithm).toBe(algorithm);
      expect(r.easy.getinfo("redirectCount")).toBe(1);
      expect(r.easy.getinfo("httpAuthAvail")).toBe(CURLAUTH_DIGEST);
      expect(r.easy.getinfo("httpAuthUsed")).toBe(CURLAUTH_DIGEST);
    });
  }

  test("no qop, and userhash", async () => {
    using a = server({ qop: null });
    const r = await request(`${a.url}/`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(fields(a, 1).nc).toBeUndefined();
    using b = server({ userhash: true, algorithm: "SHA-256" });
    const u = await request(`${b.url}/`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect(u.status).toBe(200);
    expect(b.seen[1]!.verdict).toBe("digest");
    expect(fields(b, 1).userhash).toBe("true");
  });

  test("CURLAUTH_DIGEST_IE is Digest: the uri keeps its query (current curl)", async () => {
    using s = server();
    const r = await request(`${s.url}/a/b?c=d`, {
      multi,
      httpAuth: CURLAUTH_DIGEST_IE,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(fields(s, 1).uri).toBe("/a/b?c=d");
  });

  test("a wrong password: the second 401 is the answer (CURLE_OK, 401), no third request", async () => {
    using s = server();
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:nope",
    });
    expect([r.status, await r.text()]).toEqual([401, "denied: bad response\n"]);
    expect(s.seen.length).toBe(2);
    expect(r.easy.getinfo("responseCode")).toBe(401);
  });

  test("a wrong password with failOnError: CURLE_HTTP_RETURNED_ERROR after two requests", async () => {
    using s = server();
    const e = await rejected(
      request(`${s.url}/`, {
        multi,
        httpAuth: CURLAUTH_DIGEST,
        userPwd: "alice:nope",
        failOnError: 1,
      }),
    );
    expect(e.code).toBe(CURLE_HTTP_RETURNED_ERROR);
    expect(e.message).toContain("The requested URL returned error: 401");
    expect(s.seen.length).toBe(2);
  });

  test("failOnError lets the first 401 be answered", async () => {
    using s = server();
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
      failOnError: 1,
    });
    expect(r.status).toBe(200);
  });

  test("no credentials: the 401 is the answer after one request", async () => {
    using s = server();
    const r = await request(`${s.url}/`, { multi, httpAuth: CURLAUTH_DIGEST });
    expect(r.status).toBe(401);
    expect(s.seen.length).toBe(1);
    expect(r.easy.getinfo("httpAuthAvail")).toBe(CURLAUTH_DIGEST);
  });
});

describe("picking (CURLAUTH_ANY, ANYSAFE)", () => {
  test("ANY on a server offering Basic and Digest in one header picks Digest", async () => {
    using s = server({ challenges: ["basic+digest"] });
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_ANY,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest"]);
    expect(r.easy.getinfo("httpAuthAvail")).toBe(CURLAUTH_BASIC | CURLAUTH_DIGEST);
    expect(r.easy.getinfo("httpAuthUsed")).toBe(CURLAUTH_DIGEST);
  });

  test("ANY with two headers, Basic first, still picks Digest", async () => {
    using s = server({ challenges: ["basic", "digest"] });
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_ANY,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(s.seen[1]!.verdict).toBe("digest");
  });

  test("ANY on a Basic-only server uses Basic on the second request", async () => {
    using s = server({ challenges: ["basic"] });
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_ANY,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "basic"]);
    expect(r.easy.getinfo("httpAuthUsed")).toBe(CURLAUTH_BASIC);
  });

  test("ANYSAFE refuses a Basic-only server: one request, the 401 is the answer", async () => {
    using s = server({ challenges: ["basic"] });
    const r = await request(`${s.url}/`, {
      multi,
      httpAuth: CURLAUTH_ANYSAFE,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(401);
    expect(s.seen.length).toBe(1);
    expect(s.seen[0]!.headers.authorization).toBeUndefined();
    expect(r.easy.getinfo("httpAuthAvail")).toBe(CURLAUTH_BASIC);
  });

  test("Basic alone goes at once; Bearer alone goes at once", async () => {
    using s = server({ challenges: ["basic"] });
    const r = await request(`${s.url}/`, { multi, userPwd: "alice:s3cret" });
    expect(r.status).toBe(200);
    expect(s.seen.length).toBe(1);
    using b = server({ challenges: ["bearer"], bearer: "tok" });
    const t = await request(`${b.url}/`, {
      multi,
      httpAuth: CURLAUTH_BEARER,
      xoauth2Bearer: "tok",
    });
    expect(t.status).toBe(200);
    expect(b.seen.map((q) => q.verdict)).toEqual(["bearer"]);
  });

  test("a mask of methods not built in is CURLE_NOT_BUILT_IN at setopt", () => {
    const e = new Easy();
    expect(e.setopt("httpAuth", CURLAUTH_NTLM)).toBe(CURLE_NOT_BUILT_IN);
    expect(e.setopt("httpAuth", CURLAUTH_NTLM | CURLAUTH_DIGEST)).toBe(CURLE_OK);
    expect(e.setopt("proxyAuth", CURLAUTH_NTLM)).toBe(CURLE_NOT_BUILT_IN);
  });
});

describe("request bodies across the second round", () => {
  test("Digest alone: a POST probe without its body, then the body with the answer", async () => {
    using s = server();
    const r = await request(`${s.url}/p`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
      postFields: "hello=world",
    });
    expect(await r.text()).toBe("ok alice POST 11\n");
    expect(s.seen.map((q) => [q.method, q.headers["content-length"], q.body])).toEqual([
      ["POST", "0", ""],
      ["POST", "11", "hello=world"],
    ]);
  });

  test("ANY: the POST body goes with both requests (the method is not known yet)", async () => {
    using s = server({ challenges: ["digest+basic"] });
    const r = await request(`${s.url}/p`, {
      multi,
      httpAuth: CURLAUTH_ANY,
      userPwd: "alice:s3cret",
      postFields: "abc",
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => q.body)).toEqual(["abc", "abc"]);
  });

  const reader = (text: string, calls: { n: number }) => {
    let left = new TextEncoder().encode(text);
    return (buf: Uint8Array) => {
      calls.n++;
      const n = Math.min(buf.length, left.length);
      buf.set(left.subarray(0, n));
      left = left.subarray(n);
      return n;
    };
  };

  test("Digest alone, a PUT from the read callback: the probe reads nothing, the body is read once", async () => {
    using s = server();
    const calls = { n: 0 };
    const r = await request(`${s.url}/u`, {
      multi,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
      upload: 1,
      inFileSize: 5,
      readFunction: reader("12345", calls),
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => [q.method, q.body])).toEqual([
      ["PUT", ""],
      ["PUT", "12345"],
    ]);
  });

  test("ANY, a PUT from the read callback: the body cannot be rewound (CURLE_SEND_FAIL_REWIND)", async () => {
    using s = server();
    const e = await rejected(
      request(`${s.url}/u`, {
        multi,
        httpAuth: CURLAUTH_ANY,
        userPwd: "alice:s3cret",
        upload: 1,
        inFileSize: 5,
        readFunction: reader("12345", { n: 0 }),
      }),
    );
    expect(e.code).toBe(CURLE_SEND_FAIL_REWIND);
    expect(s.seen.length).toBe(1);
  });
});

describe("CURLOPT_SEEKFUNCTION rewinds a read-callback body", () => {
  /** A read callback over `text` and the seek callback that takes it back to `offset`. */
  const stream = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    const st = { pos: 0, seeks: [] as [unknown, number, number][] };
    const read = (buf: Uint8Array) => {
      const n = Math.min(buf.length, bytes.length - st.pos);
      buf.set(bytes.subarray(st.pos, st.pos + n));
      st.pos += n;
      return n;
    };
    const seek = (userdata: unknown, offset: number, origin: number) => {
      st.seeks.push([userdata, offset, origin]);
      st.pos = offset;
      return CURL_SEEKFUNC_OK;
    };
    return { st, read, seek };
  };

  test("ANY, a PUT from the read callback: sought back to 0, the body goes again", async () => {
    using s = server({ challenges: ["digest+basic"] });
    const b = stream("12345");
    const r = await request(`${s.url}/u`, {
      multi,
      httpAuth: CURLAUTH_ANY,
      userPwd: "alice:s3cret",
      upload: 1,
      inFileSize: 5,
      readFunction: b.read,
      seekFunction: b.seek,
      seekData: "mine",
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => q.body)).toEqual(["12345", "12345"]);
    expect(b.st.seeks).toEqual([["mine", 0, 0]]);
  });

  test("a seek callback that cannot seek: CURLE_SEND_FAIL_REWIND with its code", async () => {
    using s = server();
    const b = stream("12345");
    const e = await rejected(
      request(`${s.url}/u`, {
        multi,
        httpAuth: CURLAUTH_ANY,
        userPwd: "alice:s3cret",
        upload: 1,
        inFileSize: 5,
        readFunction: b.read,
        seekFunction: () => CURL_SEEKFUNC_CANTSEEK,
      }),
    );
    expect(e.code).toBe(CURLE_SEND_FAIL_REWIND);
    expect(e.message).toContain("seek callback returned error 2");
  });

  test("a 307 redirect of a read-callback POST is rewound too", async () => {
    using s = server({
      open: ["/a", "/b"],
      routes: { "/a": () => "HTTP/1.1 307 Temporary\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n" },
    });
    const b = stream("abcdef");
    const r = await request(`${s.url}/a`, {
      multi,
      followLocation: 1,
      post: 1,
      postFieldSize: 6,
      readFunction: b.read,
      seekFunction: b.seek,
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => [q.target, q.body])).toEqual([
      ["/a", "abcdef"],
      ["/b", "abcdef"],
    ]);
    expect(b.st.seeks.length).toBe(1);
  });
});

describe("the nonce across requests and transfers", () => {
  test("a second transfer on the handle answers the same nonce at once, nc 2", async () => {
    using s = server();
    const e = new Easy();
    e.setopt("url", `${s.url}/one`);
    e.setopt("httpAuth", CURLAUTH_DIGEST);
    e.setopt("userPwd", "alice:s3cret");
    expect(await perform(e)).toBe(CURLE_OK);
    e.setopt("url", `${s.url}/two`);
    expect(await perform(e)).toBe(CURLE_OK);
    expect(e.getinfo("responseCode")).toBe(200);
    expect(e.getinfo("redirectCount")).toBe(0);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest", "digest"]);
    expect([fields(s, 1).nc, fields(s, 2).nc]).toEqual(["00000001", "00000002"]);
    expect(fields(s, 2).uri).toBe("/two");
    expect(fields(s, 2).cnonce).toBe(fields(s, 1).cnonce);
  });

  test("a method picked by ANY stays picked for the next transfer (picked &= want)", async () => {
    using s = server({ challenges: ["basic+digest"] });
    const e = new Easy();
    e.setopt("url", `${s.url}/`);
    e.setopt("httpAuth", CURLAUTH_ANY);
    e.setopt("userPwd", "alice:s3cret");
    expect(await perform(e)).toBe(CURLE_OK);
    expect(await perform(e)).toBe(CURLE_OK);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest", "digest"]);
    // Basic is no longer wanted: the picked Digest goes, Basic would not have been tried.
    e.setopt("httpAuth", CURLAUTH_BASIC);
    expect(await perform(e)).toBe(CURLE_OK);
    expect(s.seen[3]!.verdict).toBe("basic");
  });

  test("a stale nonce: stale=true is answered once more with the new nonce", async () => {
    using s = server({ nonceUses: 1 });
    const e = new Easy();
    e.setopt("url", `${s.url}/`);
    e.setopt("httpAuth", CURLAUTH_DIGEST);
    e.setopt("userPwd", "alice:s3cret");
    expect(await perform(e)).toBe(CURLE_OK);
    expect(await perform(e)).toBe(CURLE_OK);
    expect(e.getinfo("responseCode")).toBe(200);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest", "stale", "digest"]);
    expect(fields(s, 3).nonce).toBe(s.nonces[1]!);
    expect(fields(s, 3).nc).toBe("00000001");
  });

  test("easy.reset() forgets the nonce", async () => {
    using s = server();
    const e = new Easy();
    const setup = () => {
      e.setopt("url", `${s.url}/`);
      e.setopt("httpAuth", CURLAUTH_DIGEST);
      e.setopt("userPwd", "alice:s3cret");
    };
    setup();
    expect(await perform(e)).toBe(CURLE_OK);
    e.reset();
    setup();
    expect(await perform(e)).toBe(CURLE_OK);
    expect(s.seen.map((q) => q.verdict)).toEqual(["none", "digest", "none", "digest"]);
  });
});

describe("redirects", () => {
  const twoServers = () => {
    const b = server();
    const a = server({
      routes: {
        "/go": () => `HTTP/1.1 302 Found\r\nLocation: ${b.url}/there\r\nContent-Length: 0\r\n\r\n`,
      },
    });
    return { a, b };
  };

  test("to another host: no credentials go there; its 401 is the answer", async () => {
    const { a, b } = twoServers();
    using _a = a;
    using _b = b;
    const r = await request(`${a.url}/go`, {
      multi,
      followLocation: 1,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(401);
    expect(a.seen.map((q) => q.verdict)).toEqual(["none", "digest"]);
    expect(b.seen.map((q) => q.headers.authorization)).toEqual([undefined]);
  });

  test("to another host with unrestrictedAuth: a new challenge there, answered", async () => {
    const { a, b } = twoServers();
    using _a = a;
    using _b = b;
    const r = await request(`${a.url}/go`, {
      multi,
      followLocation: 1,
      unrestrictedAuth: 1,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(b.seen.map((q) => q.verdict)).toEqual(["none", "digest"]);
    expect(r.easy.getinfo("redirectCount")).toBe(3);
  });

  test("on the same host the nonce is answered at once for the new path", async () => {
    using s = server({
      routes: {
        "/go": () => "HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n",
      },
    });
    const r = await request(`${s.url}/go`, {
      multi,
      followLocation: 1,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect(r.status).toBe(200);
    expect(s.seen.map((q) => [q.target, q.verdict])).toEqual([
      ["/go", "none"],
      ["/go", "digest"],
      ["/there", "digest"],
    ]);
    expect(fields(s, 2).nc).toBe("00000002");
  });
});

describe("fetch() and Easy", () => {
  test("fetch() with the options in its multisock init key", async () => {
    using s = server();
    const res = await fetch(`${s.url}/f`, {
      method: "POST",
      body: "xyz",
      multisock: { multi, httpAuth: CURLAUTH_DIGEST, userPwd: "alice:s3cret" },
    });
    expect([res.status, await res.text()]).toEqual([200, "ok alice POST 3\n"]);
    expect(s.seen.map((q) => q.body)).toEqual(["", "xyz"]);
  });

  test("fetch() and request({ stream: true }) resolve with the final head, not the 401", async () => {
    using s = server();
    const bad = await fetch(`${s.url}/f`, {
      multisock: { multi, httpAuth: CURLAUTH_DIGEST, userPwd: "alice:nope" },
    });
    expect([bad.status, await bad.text()]).toEqual([401, "denied: bad response\n"]);
    const r = await request(`${s.url}/s`, {
      multi,
      stream: true,
      httpAuth: CURLAUTH_DIGEST,
      userPwd: "alice:s3cret",
    });
    expect([r.status, await r.text()]).toEqual([200, "ok alice GET 0\n"]);
    const no = await request(`${s.url}/s`, { multi, stream: true, httpAuth: CURLAUTH_DIGEST });
    expect([no.status, await no.text()]).toEqual([401, "denied: none\n"]);
  });

  test("Easy with BunDriver: getinfo after the transfer", async () => {
    using s = server({ challenges: ["basic+digest"] });
    const e = new Easy();
    e.setopt("url", `${s.url}/e`);
    e.setopt("httpAuth", CURLAUTH_ANY);
    e.setopt("username", "alice");
    e.setopt("password", "s3cret");
    const chunks: string[] = [];
    e.setopt("writeFunction", (d: Uint8Array) => {
      chunks.push(new TextDecoder().decode(d));
      return d.length;
    });
    expect(await perform(e)).toBe(CURLE_OK);
    // The 401's body was read past, not delivered.
    expect(chunks.join("")).toBe("ok alice GET 0\n");
    expect(e.getinfo("httpAuthAvail")).toBe(CURLAUTH_BASIC | CURLAUTH_DIGEST);
    expect(e.getinfo("httpAuthUsed")).toBe(CURLAUTH_DIGEST);
    expect(e.getinfo("proxyAuthAvail")).toBe(0);
    expect(e.getinfo("proxyAuthUsed")).toBe(0);
  });
});
