// The HTTP/1.1-to-HTTP/2 request conversion (Curl_http_req_to_h2's rules) and its cache: pseudo
// headers first in libcurl's order, names in lower case, connection-specific fields dropped, TE only
// as "trailers"; a head that differs in any part is converted again.

import { describe, expect, test } from "bun:test";
import { type RequestHead, RequestWriter } from "../../src/http/request.ts";
import { fieldProblem, RequestFieldCache, requestFields } from "../../src/http2/fields.ts";

const writer = new RequestWriter();
const fieldsOf = (h: RequestHead, scheme = "https") => {
  const out: [string, string][] = [];
  requestFields(writer.write(h), scheme, (n, v) => out.push([n, v]));
  return out;
};

describe("request fields", () => {
  test("pseudo headers in libcurl's order, then the rest in lower case", () => {
    const f = fieldsOf({
      method: "POST",
      target: "/a?b=1",
      host: "example.com:8443",
      contentLength: 3,
      userAgent: "ua/1",
      headers: ["X-Custom: Yes", "Connection: keep-alive", "Upgrade: h2c", "TE: gzip, trailers"],
    });
    expect(f.slice(0, 4)).toEqual([
      [":method", "POST"],
      [":scheme", "https"],
      [":authority", "example.com:8443"],
      [":path", "/a?b=1"],
    ]);
    const names = f.map(([n]) => n);
    expect(names).toContain("x-custom");
    expect(names).toContain("user-agent");
    expect(names).toContain("content-length");
    for (const gone of ["host", "connection", "upgrade", "keep-alive", "transfer-encoding"])
      expect(names).not.toContain(gone);
    expect(f.find(([n]) => n === "te")).toEqual(["te", "trailers"]);
  });

  test("TE without trailers is dropped; a removed Host sends no :authority", () => {
    const f = fieldsOf({
      method: "GET",
      target: "/",
      host: "h",
      contentLength: -1,
      headers: ["TE: gzip", "Host:"],
    });
    expect(f.map(([n]) => n)).not.toContain("te");
    expect(f.map(([n]) => n)).not.toContain(":authority");
  });

  test("the cache: the same head reuses its fields, any part changed is converted again", () => {
    const base: Required<RequestHead> = {
      method: "GET",
      target: "/x",
      host: "h",
      headers: ["A: 1"],
      userAgent: "u",
      contentLength: -1,
      chunked: false,
      bodyFollows: false,
      http10: false,
      expect100: false,
      contentType: "t",
      authorization: "Basic x",
      range: "0-1",
      acceptEncoding: "gzip",
      referer: "r",
      cookie: "c=1",
      proxyAuthorization: "Basic o",
      proxyKeepAlive: false,
      proxyHeaders: ["P: 0"],
    };
    const cache = new RequestFieldCache();
    expect(cache.same(base)).toBe(false);
    cache.load(writer.write(base), "https", base);
    expect(cache.same({ ...base, headers: ["A: 1"] })).toBe(true);
    // The same bytes loaded again for an equal head (a new object): it is remembered as well.
    const again = { ...base };
    expect(cache.load(writer.write(again), "https", again)).toBe(true);
    expect(cache.same({ ...base })).toBe(true);
    const changes: Partial<Record<keyof RequestHead, unknown>> = {
      method: "POST",
      target: "/y",
      host: "g",
      headers: ["A: 2"],
      userAgent: "v",
      contentLength: 0,
      chunked: true,
      http10: true,
      expect100: true,
      contentType: "s",
      authorization: "Basic y",
      range: "1-2",
      acceptEncoding: "br",
      referer: "q",
      cookie: "c=2",
      proxyAuthorization: "Basic p",
      proxyKeepAlive: true,
      proxyHeaders: ["P: 1"],
    };
    for (const [k, v] of Object.entries(changes))
      expect([k, cache.same({ ...base, [k]: v } as RequestHead)]).toEqual([k, false]);
  });
});

describe("response field checks (RFC 9113 section 8.2)", () => {
  test("upper case, connection-specific fields, pseudo headers out of place, CR/LF/NUL in values", () => {
    expect(fieldProblem("content-type", "text/plain", false)).toBe("");
    expect(fieldProblem(":status", "200", true)).toBe("");
    expect(fieldProblem(":status", "200", false)).not.toBe("");
    expect(fieldProblem(":path", "/", true)).not.toBe("");
    expect(fieldProblem("Content-Type", "x", false)).not.toBe("");
    expect(fieldProblem("connection", "close", false)).not.toBe("");
    expect(fieldProblem("transfer-encoding", "chunked", false)).not.toBe("");
    expect(fieldProblem("x", "a\r\nb", false)).not.toBe("");
    expect(fieldProblem("x", "a\0b", false)).not.toBe("");
  });
});
