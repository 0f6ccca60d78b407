import { handleOf } from "../../src/easy/easy.ts";
// HTTP features in virtual time: authentication, extra headers, failOnError, maxFileSize, uploads from
// the read callback (sized, chunked, paused, aborted), 417 retry, and the progress callback.

import { describe, expect, test } from "bun:test";
import {
  CURL_READFUNC_ABORT,
  CURL_READFUNC_PAUSE,
  CURL_WRITEFUNC_PAUSE,
  CURLAUTH_BEARER,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_FILESIZE_EXCEEDED,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_OK,
  CURLE_READ_ERROR,
  CURLPAUSE_CONT,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import { httpServer, makeWorld, response, type SeenRequest } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

function serve(w: W, answer: (req: SeenRequest) => string) {
  return httpServer(w.net, "10.0.0.1", 80, (req, p) => p.write(answer(req), 1));
}

function run(w: W, setup: (e: Easy) => void, url = "http://10.0.0.1/") {
  const e = new Easy();
  e.setopt("url", url);
  let body = "";
  e.setopt("writeFunction", (d: Uint8Array) => {
    body += Buffer.from(d).toString("latin1");
    return d.length;
  });
  setup(e);
  w.multi.addHandle(e);
  w.driver.run();
  return { e, result: w.driver.resultOf(e), body, detail: String(e.getinfo("errorBuffer")) };
}

describe("authentication and request headers", () => {
  test("userPwd, username/password, URL credentials and bearer", () => {
    const w = makeWorld();
    const srv = serve(w, () => response(200, "ok"));
    run(w, (e) => e.setopt("userPwd", "al:pw:with:colons"));
    run(w, (e) => {
      e.setopt("username", "bo");
      e.setopt("password", "pä");
    });
    run(w, () => {}, "http://cy:s%20cret@10.0.0.1/");
    run(w, (e) => {
      e.setopt("httpAuth", CURLAUTH_BEARER);
      e.setopt("xoauth2Bearer", "tok123");
    });
    run(w, () => {});
    const auth = srv.requests.map((r) => r.header("authorization"));
    expect(auth).toEqual([
      `Basic ${Buffer.from("al:pw:with:colons").toString("base64")}`,
      `Basic ${Buffer.from("bo:pä", "utf8").toString("base64")}`,
      `Basic ${Buffer.from("cy:s cret").toString("base64")}`,
      "Bearer tok123",
      undefined,
    ]);
  });

  test("referer, range, cookie, userAgent go out as curl sends them", () => {
    const w = makeWorld();
    const srv = serve(w, () => response(206, "ok"));
    run(w, (e) => {
      e.setopt("referer", "http://from.example/");
      e.setopt("range", "0-99");
      e.setopt("cookie", "a=1; b=2");
      e.setopt("userAgent", "multisock-test");
    });
    const q = srv.requests[0]!;
    expect(q.header("referer")).toBe("http://from.example/");
    expect(q.header("range")).toBe("bytes=0-99");
    expect(q.header("cookie")).toBe("a=1; b=2");
    expect(q.header("user-agent")).toBe("multisock-test");
  });
});

describe("failOnError and maxFileSize", () => {
  test("failOnError: a status >= 400 ends with CURLE_HTTP_RETURNED_ERROR before any body byte", () => {
    const w = makeWorld();
    serve(w, () => response(404, "not here"));
    const r = run(w, (e) => e.setopt("failOnError", 1));
    expect(r.result).toBe(CURLE_HTTP_RETURNED_ERROR);
    expect(r.detail).toBe("The requested URL returned error: 404");
    expect(r.body).toBe("");
    expect(r.e.getinfo("responseCode")).toBe(404);
    const ok = run(w, () => {});
    expect(ok.result).toBe(CURLE_OK);
    expect(ok.body).toBe("not here");
  });

  test("maxFileSize against Content-Length, and against the bytes of a body without one", () => {
    const w = makeWorld();
    serve(w, (req) =>
      req.target === "/cl"
        ? response(200, "x".repeat(100))
        : `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${"y".repeat(64)}\r\n40\r\n${"y".repeat(64)}\r\n0\r\n\r\n`,
    );
    const a = run(w, (e) => e.setopt("maxFileSize", 99), "http://10.0.0.1/cl");
    expect(a.result).toBe(CURLE_FILESIZE_EXCEEDED);
    expect(a.detail).toBe("Maximum file size exceeded");
    expect(a.body).toBe("");
    const b = run(w, (e) => e.setopt("maxFileSize", 100), "http://10.0.0.1/ch");
    // cw_download_write: the bytes up to the limit are delivered, then 63.
    expect(b.result).toBe(CURLE_FILESIZE_EXCEEDED);
    expect(b.detail).toBe("Exceeded the maximum allowed file size (100) with 100 bytes");
    expect(b.body).toBe("y".repeat(100));
    expect(run(w, (e) => e.setopt("maxFileSize", 100), "http://10.0.0.1/cl").result).toBe(CURLE_OK);
  });
});

describe("uploads from the read callback", () => {
  function reader(parts: string[]) {
    let i = 0;
    return (buf: Uint8Array) => {
      const p = parts[i++];
      if (p === undefined) return 0;
      const b = Buffer.from(p);
      buf.set(b);
      return b.length;
    };
  }

  test("PUT with a known size sends Content-Length and the bytes", () => {
    const w = makeWorld();
    const srv = serve(w, (req) =>
      response(201, `${req.method} ${Buffer.from(req.body).toString()}`),
    );
    const r = run(w, (e) => {
      e.setopt("upload", 1);
      e.setopt("inFileSize", 11);
      e.setopt("readFunction", reader(["hello ", "world"]));
    });
    expect(r.body).toBe("PUT hello world");
    expect(srv.requests[0]!.header("content-length")).toBe("11");
    expect(r.e.getinfo("sizeUpload")).toBe(11);
  });

  test("unknown size: chunked transfer encoding (and Expect: 100-continue, answered by the timeout)", () => {
    const w = makeWorld();
    let raw = "";
    let bodyAt = -1;
    w.net.listen("10.0.0.1", 80, (p) => {
      p.onData = (d) => {
        raw += Buffer.from(d).toString("latin1");
        if (bodyAt < 0 && raw.length > raw.indexOf("\r\n\r\n") + 4) bodyAt = w.clock.now();
        if (raw.endsWith("0\r\n\r\n")) p.write(response(200, "got it"));
      };
    });
    const t0 = w.clock.now();
    const r = run(w, (e) => {
      e.setopt("post", 1);
      e.setopt("readFunction", reader(["abc", "defgh", "x".repeat(20)]));
    });
    expect(r.result).toBe(CURLE_OK);
    // No 100 came: the body went when the expect100TimeoutMs default (1000 ms) expired.
    expect(bodyAt).toBe(t0 + 1000);
    expect(raw).toContain("Transfer-Encoding: chunked\r\n");
    expect(raw).toContain("Expect: 100-continue\r\n");
    expect(raw.slice(raw.indexOf("\r\n\r\n") + 4)).toBe(
      `3\r\nabc\r\n5\r\ndefgh\r\n14\r\n${"x".repeat(20)}\r\n0\r\n\r\n`,
    );
    expect(r.e.getinfo("sizeUpload")).toBe(28);
  });

  test("CURL_READFUNC_PAUSE holds the send side until unpaused", () => {
    const w = makeWorld();
    serve(w, (req) => response(200, Buffer.from(req.body).toString()));
    let calls = 0;
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    e.setopt("upload", 1);
    e.setopt("inFileSize", 4);
    let body = "";
    e.setopt("writeFunction", (d: Uint8Array) => {
      body += Buffer.from(d).toString();
      return d.length;
    });
    e.setopt("readFunction", (buf: Uint8Array) => {
      calls++;
      if (calls === 1) return CURL_READFUNC_PAUSE;
      buf.set([119, 120, 121, 122]);
      return 4;
    });
    w.multi.addHandle(e);
    w.driver.action(-1, 0);
    w.driver.until(() => (handleOf(e).transfer?.paused ?? 0) !== 0);
    for (let i = 0; i < 5; i++) w.driver.step();
    expect(calls).toBe(1);
    expect(w.driver.resultOf(e)).toBeUndefined();
    e.pause(CURLPAUSE_CONT);
    w.driver.until(() => w.driver.resultOf(e) !== undefined);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(body).toBe("wxyz");
  });

  test("CURL_READFUNC_ABORT ends with ABORTED_BY_CALLBACK; an early end of a sized body is READ_ERROR", () => {
    const w = makeWorld();
    serve(w, () => response(200, "x"));
    const a = run(w, (e) => {
      e.setopt("upload", 1);
      e.setopt("inFileSize", 10);
      e.setopt("readFunction", () => CURL_READFUNC_ABORT);
    });
    expect(a.result).toBe(CURLE_ABORTED_BY_CALLBACK);
    const b = run(w, (e) => {
      e.setopt("upload", 1);
      e.setopt("inFileSize", 10);
      e.setopt("readFunction", reader(["only5"]));
    });
    expect(b.result).toBe(CURLE_READ_ERROR);
    expect(b.detail).toBe("client read function EOF fail, only 5/10 of needed bytes read");
  });

  test("a 417 answer to Expect: the request goes again without it", () => {
    const w = makeWorld();
    const heads: string[] = [];
    w.net.listen("10.0.0.1", 80, (p) => {
      let raw = "";
      p.onData = (d) => {
        raw += Buffer.from(d).toString("latin1");
        const end = raw.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = raw.slice(0, end);
        if (!heads.includes(head)) {
          heads.push(head);
          if (head.includes("Expect:")) p.write(response(417, "no"));
        }
        if (!head.includes("Expect:") && raw.length >= end + 4 + 2 * 1024 * 1024) {
          p.write(response(200, "stored"));
          raw = "";
        }
      };
    });
    const r = run(w, (e) => e.setopt("postFields", new Uint8Array(2 * 1024 * 1024).fill(66)));
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("stored");
    expect(heads.length).toBe(2);
    expect(heads[0]).toContain("Expect: 100-continue");
    expect(heads[1]).not.toContain("Expect");
  });
});

describe("progress callback", () => {
  test("not called with noProgress at its default 1; called with 0; a non-zero return aborts", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.drip(response(200, "z".repeat(300)), 100, 500));
    const seen: number[][] = [];
    const quiet = run(w, (e) =>
      e.setopt("xferInfoFunction", () => {
        seen.push([0]);
        return 0;
      }),
    );
    expect(quiet.result).toBe(CURLE_OK);
    expect(seen.length).toBe(0);
    const loud = run(w, (e) => {
      e.setopt("noProgress", 0);
      e.setopt(
        "xferInfoFunction",
        (_u: unknown, dt: number, dn: number, ut: number, un: number) => {
          seen.push([dt, dn, ut, un]);
          return 0;
        },
      );
    });
    expect(loud.result).toBe(CURLE_OK);
    expect(seen.length).toBeGreaterThan(3);
    // dltotal is the Content-Length once known; dlnow only grows; it was seen mid-way.
    for (const [dt] of seen) expect([0, 300]).toContain(dt!);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]![1]!).toBeGreaterThanOrEqual(seen[i - 1]![1]!);
    expect(seen.some(([, dn]) => dn! > 0 && dn! < 300)).toBe(true);
    expect(seen.every(([, , ut, un]) => ut === 0 && un === 0)).toBe(true);
    const stop = run(w, (e) => {
      e.setopt("noProgress", 0);
      e.setopt("xferInfoFunction", (_u: unknown, _dt: number, dn: number) => (dn > 0 ? 1 : 0));
    });
    expect(stop.result).toBe(CURLE_ABORTED_BY_CALLBACK);
    expect(stop.detail).toBe("Callback aborted");
  });
});

describe("content decoding", () => {
  const zlib = require("node:zlib") as typeof import("node:zlib");
  const text = "multisock ".repeat(5000);

  function coded(w: W, enc: string, body: Uint8Array, extra: string[] = []) {
    return httpServer(w.net, "10.0.0.1", 80, (req, p) => {
      const head = [
        `HTTP/1.1 200 OK`,
        `Content-Length: ${body.length}`,
        `Content-Encoding: ${enc}`,
        ...extra,
        "",
        "",
      ].join("\r\n");
      p.write(head);
      p.drip(body, 1000, 1); // the compressed body in small pieces
      void req;
    });
  }

  test("gzip, deflate, br, zstd and stacked codings decode incrementally; sizeDownload counts the wire", () => {
    const cases: [string, Uint8Array][] = [
      ["gzip", zlib.gzipSync(text)],
      ["deflate", zlib.deflateSync(text)],
      ["br", zlib.brotliCompressSync(text)],
      ["zstd", zlib.zstdCompressSync(text)],
      ["deflate, gzip", zlib.gzipSync(zlib.deflateSync(text))],
    ];
    for (const [enc, body] of cases) {
      const w = makeWorld();
      const srv = coded(w, enc, body);
      const r = run(w, (e) => e.setopt("acceptEncoding", ""));
      expect(r.result).toBe(CURLE_OK);
      expect(r.body).toBe(text);
      expect(r.e.getinfo("sizeDownload")).toBe(body.length);
      expect(srv.requests[0]!.header("accept-encoding")).toBe("deflate, gzip, br, zstd");
    }
  });

  test("httpContentDecoding 0, or no acceptEncoding, delivers the raw bytes", () => {
    const body = zlib.gzipSync(text);
    const setups = [
      (e: Easy) => {
        e.setopt("acceptEncoding", "");
        e.setopt("httpContentDecoding", 0);
      },
      () => {},
    ];
    for (const setup of setups) {
      const w = makeWorld();
      coded(w, "gzip", body);
      const r = run(w, setup);
      expect(Buffer.from(r.body, "latin1").equals(Buffer.from(body))).toBe(true);
    }
  });

  test("corrupt data and an unknown coding end with BAD_CONTENT_ENCODING", () => {
    const w = makeWorld();
    coded(w, "gzip", new Uint8Array(100).fill(7));
    const r = run(w, (e) => e.setopt("acceptEncoding", ""));
    expect(r.result).toBe(CURLE_BAD_CONTENT_ENCODING);
    const w2 = makeWorld();
    coded(w2, "snappy", new Uint8Array(10).fill(1));
    const u = run(w2, (e) => e.setopt("acceptEncoding", ""));
    expect(u.result).toBe(CURLE_BAD_CONTENT_ENCODING);
    expect(u.detail).toBe("Unrecognized content encoding type");
  });

  test("maxFileSize counts the body as it came, before decoding (current libcurl's cw_download)", () => {
    // A 64 MiB bomb is about 65 KB on the wire: a 1 MiB limit lets it through, decoded in 16 KiB
    // pieces (never held whole); a limit under its Content-Length stops it before any byte.
    const w = makeWorld();
    const bomb = zlib.gzipSync(new Uint8Array(64 * 1024 * 1024));
    coded(w, "gzip", bomb);
    const go = (max: number) => {
      let got = 0;
      let biggest = 0;
      const e = new Easy();
      e.setopt("url", "http://10.0.0.1/");
      e.setopt("acceptEncoding", "gzip");
      e.setopt("maxFileSize", max);
      e.setopt("writeFunction", (d: Uint8Array) => {
        got += d.length;
        biggest = Math.max(biggest, d.length);
        return d.length;
      });
      w.multi.addHandle(e);
      w.driver.run();
      const r = { result: w.driver.resultOf(e), got, biggest, wire: e.getinfo("sizeDownload") };
      w.multi.removeHandle(e);
      return r;
    };
    const through = go(1024 * 1024);
    expect(through.result).toBe(CURLE_OK);
    expect(through.got).toBe(64 * 1024 * 1024);
    expect(through.biggest).toBeLessThanOrEqual(16384);
    const stopped = go(1000);
    expect(stopped.result).toBe(CURLE_FILESIZE_EXCEEDED);
    expect(stopped.wire).toBe(0);
    expect(stopped.got).toBe(0);
  });

  test("a pause in the middle of decoded output loses and repeats nothing", () => {
    const w = makeWorld();
    coded(w, "gzip", zlib.gzipSync(text));
    let out = "";
    let pauses = 0;
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    e.setopt("acceptEncoding", "");
    e.setopt("writeFunction", (d: Uint8Array) => {
      if (pauses < 4 && out.length >= pauses * 9000) {
        pauses++;
        return CURL_WRITEFUNC_PAUSE;
      }
      out += Buffer.from(d).toString("latin1");
      return d.length;
    });
    w.multi.addHandle(e);
    w.driver.action(-1, 0);
    for (let i = 0; i < 20 && w.driver.resultOf(e) === undefined; i++) {
      w.driver.until(
        () => (handleOf(e).transfer?.paused ?? 0) !== 0 || w.driver.resultOf(e) !== undefined,
      );
      if (handleOf(e).transfer?.paused) e.pause(CURLPAUSE_CONT);
    }
    expect(pauses).toBe(4);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(out).toBe(text);
  });
});
