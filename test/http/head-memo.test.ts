// One RequestWriter writing head after head (as the engine's one writer does): a head equal to the
// last one gives the same bytes without encoding them again (http/head-memo.ts), and any field that
// differs, a user header list changed in place, or a bad string still writes (or refuses) as a fresh
// writer would.

import { describe, expect, test } from "bun:test";
import { type RequestHead, RequestWriter } from "../../src/http/request.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const fresh = (head: RequestHead) => text(new RequestWriter().write(head));

const base: RequestHead = {
  method: "GET",
  target: "/a",
  host: "example.com",
  contentLength: -1,
  userAgent: "ua/1",
  acceptEncoding: "gzip",
  headers: ["X-One: 1"],
};

/** Each field with another value that changes the bytes. */
const VARIANTS: Partial<RequestHead>[] = [
  { method: "PUT" },
  { target: "/b" },
  { host: "example.org" },
  { userAgent: "ua/2" },
  { userAgent: undefined },
  { contentLength: 5 },
  { contentLength: 5, chunked: true },
  { http10: true },
  { contentLength: 5, expect100: true },
  { contentLength: 5, contentType: "text/plain" },
  { authorization: "Basic eDp5" },
  { range: "0-9" },
  { acceptEncoding: "br" },
  { referer: "http://r/" },
  { cookie: "a=b" },
  { proxyAuthorization: "Basic eDp5" },
  { proxyKeepAlive: true },
  { proxyHeaders: ["X-Proxy: 1"] },
  { headers: ["X-One: 2"] },
  { headers: undefined },
];

describe("RequestWriter: a head equal to the last one", () => {
  test("the same bytes for an equal head (a new object with the same fields)", () => {
    const w = new RequestWriter();
    const first = text(w.write({ ...base }));
    expect(text(w.write({ ...base }))).toBe(first);
    expect(first).toBe(fresh(base));
  });

  test("every field that differs from the last head gives the bytes a fresh writer gives", () => {
    const w = new RequestWriter();
    for (const v of VARIANTS) {
      const h = { ...base, ...v };
      w.write({ ...base });
      const got = text(w.write(h));
      expect(got).toBe(fresh(h));
      expect(got).not.toBe(fresh(base));
    }
  });

  test("a user header list changed in place between two requests is written as it is now", () => {
    const w = new RequestWriter();
    const list = ["X-One: 1"];
    const proxy = ["X-Proxy: 1"];
    const h = { ...base, headers: list, proxyHeaders: proxy, proxyKeepAlive: true };
    w.write({ ...h });
    list[0] = "X-One: changed";
    expect(text(w.write({ ...h }))).toContain("X-One: changed\r\n");
    proxy.push("X-Proxy: 2");
    expect(text(w.write({ ...h }))).toContain("X-Proxy: 2\r\n");
  });

  test("the same head object changed in place after it was written", () => {
    const w = new RequestWriter();
    const h: RequestHead = { ...base };
    w.write(h);
    h.target = "/changed";
    expect(text(w.write({ ...h }))).toStartWith("GET /changed HTTP/1.1\r\n");
  });

  test("a bad string after a good head is still refused, and the next good head still writes", () => {
    const w = new RequestWriter();
    w.write({ ...base });
    expect(() => w.write({ ...base, userAgent: "ua\r\nX: y" })).toThrow(TypeError);
    expect(text(w.write({ ...base }))).toBe(fresh(base));
  });
});
