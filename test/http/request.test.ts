// Request head writer: exact bytes in libcurl's order and CURLOPT_HTTPHEADER rules, and the
// CR/LF/NUL guard.

import { describe, expect, test } from "bun:test";
import {
  checkheaders,
  type RequestHead,
  RequestWriter,
  requestIsChunked,
  validateHeaderValue,
  validateMethod,
} from "../../src/http/request.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const write = (head: RequestHead) => text(new RequestWriter().write(head));
const base = { method: "GET", target: "/", host: "example.com", contentLength: -1 };

describe("RequestWriter", () => {
  test("plain GET is request line, Host, Accept (libcurl sends no User-Agent by default)", () => {
    expect(write(base)).toBe("GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
  });

  test("User-Agent sits between Host and Accept", () => {
    expect(write({ ...base, host: "h:8080", target: "/a?b=c", userAgent: "curl/8.11.0" })).toBe(
      "GET /a?b=c HTTP/1.1\r\nHost: h:8080\r\nUser-Agent: curl/8.11.0\r\nAccept: */*\r\n\r\n",
    );
  });

  test("POST fields: Content-Length then Content-Type after the defaults", () => {
    expect(
      write({
        ...base,
        method: "POST",
        contentLength: 7,
        contentType: "application/x-www-form-urlencoded",
        userAgent: "ua",
      }),
    ).toBe(
      "POST / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ua\r\nAccept: */*\r\n" +
        "Content-Length: 7\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n",
    );
  });

  test("empty POST still sends Content-Length: 0; big lengths are written in full", () => {
    expect(write({ ...base, method: "POST", contentLength: 0 })).toContain(
      "\r\nContent-Length: 0\r\n",
    );
    expect(write({ ...base, method: "PUT", contentLength: 12345678901234 })).toContain(
      "\r\nContent-Length: 12345678901234\r\n",
    );
    expect(write({ ...base, method: "PUT", contentLength: 2 ** 60 })).toContain(
      "\r\nContent-Length: 1152921504606846976\r\n",
    );
  });

  test("user headers: replace, remove with 'Name:', send empty with 'Name;', in given order", () => {
    const out = write({
      ...base,
      userAgent: "ua",
      headers: [
        "X-First: 1",
        "Accept: text/html",
        "User-Agent:",
        "X-Empty;",
        "X-Gone:",
        "X-Blank:    ",
        "NoColonHere",
        "X-Last:  spaced value ",
      ],
    });
    expect(out).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\n" +
        "X-First: 1\r\nAccept: text/html\r\nX-Empty:\r\nX-Last:  spaced value \r\n\r\n",
    );
  });

  test("a user Host header takes Host's place; 'Host:' drops it; 'Host;' sends it empty", () => {
    expect(write({ ...base, headers: ["X: 1", "Host: other.example:81"] })).toBe(
      "GET / HTTP/1.1\r\nHost: other.example:81\r\nAccept: */*\r\nX: 1\r\n\r\n",
    );
    expect(write({ ...base, headers: ["host:  spaced"] })).toBe(
      "GET / HTTP/1.1\r\nHost:  spaced\r\nAccept: */*\r\n\r\n",
    );
    expect(write({ ...base, headers: ["Host:"] })).toBe("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
    expect(write({ ...base, headers: ["Host;"] })).toBe(
      "GET / HTTP/1.1\r\nHost:\r\nAccept: */*\r\n\r\n",
    );
  });

  test("a user Content-Length replaces ours and goes out where the user put it", () => {
    expect(
      write({ ...base, method: "POST", contentLength: 5, headers: ["Content-Length: 99", "X: y"] }),
    ).toBe(
      "POST / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nContent-Length: 99\r\nX: y\r\n\r\n",
    );
  });

  test("chunked upload: Transfer-Encoding before user headers, no Content-Length", () => {
    const head = { ...base, method: "PUT", contentLength: 10, chunked: true, headers: ["X: 1"] };
    expect(write(head)).toBe(
      "PUT / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nTransfer-Encoding: chunked\r\nX: 1\r\n\r\n",
    );
    expect(requestIsChunked(head)).toBe(true);
  });

  test("a user Transfer-Encoding decides chunking (requestIsChunked) and replaces ours", () => {
    const user = {
      ...base,
      method: "POST",
      contentLength: 3,
      headers: ["Transfer-Encoding: gzip, chunked"],
    };
    // The caller decides once and the writer follows: no Content-Length, the user's header only.
    const head = { ...user, chunked: requestIsChunked(user) };
    expect(write(head)).toBe(
      "POST / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    );
    expect(requestIsChunked(head)).toBe(true);
    const notChunked = {
      ...base,
      method: "POST",
      contentLength: 3,
      chunked: true,
      headers: ["Transfer-Encoding: gzip"],
    };
    expect(requestIsChunked(notChunked)).toBe(false);
    expect(write({ ...notChunked, chunked: false })).toContain(
      "Transfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\n",
    );
  });

  test("Expect: 100-continue comes after Content-Length and Content-Type; a user Expect wins", () => {
    const head = {
      ...base,
      method: "POST",
      contentLength: 2000000,
      contentType: "application/x-www-form-urlencoded",
      expect100: true,
    };
    expect(write(head)).toBe(
      "POST / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nContent-Length: 2000000\r\n" +
        "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n\r\n",
    );
    expect(write({ ...head, headers: ["Expect:"] })).not.toContain("Expect");
    expect(write({ ...head, headers: ["Content-Type: text/plain"] })).toBe(
      "POST / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nContent-Type: text/plain\r\n" +
        "Content-Length: 2000000\r\nExpect: 100-continue\r\n\r\n",
    );
  });

  test("user Connection headers go last, the first re-spelled", () => {
    expect(
      write({
        ...base,
        headers: ["connection:   keep-alive ", "X: 1", "Connection: Upgrade", "Connection:"],
      }),
    ).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX: 1\r\n" +
        "Connection: keep-alive\r\nConnection: Upgrade\r\n\r\n",
    );
  });

  test("optional defaults in libcurl's order, each replaced by a user header of its name", () => {
    const head: RequestHead = {
      ...base,
      userAgent: "ua",
      authorization: "Basic dTpw",
      range: "0-99",
      acceptEncoding: "gzip",
      referer: "http://r/",
      cookie: "a=1",
      headers: ["X: 1"],
    };
    expect(write(head)).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nAuthorization: Basic dTpw\r\nRange: bytes=0-99\r\n" +
        "User-Agent: ua\r\nAccept: */*\r\nAccept-Encoding: gzip\r\nReferer: http://r/\r\n" +
        "Cookie: a=1\r\nX: 1\r\n\r\n",
    );
    // The Cookie value is the caller's decision (transfer/cookies.ts: a user Cookie header replaces
    // CURLOPT_COOKIE, not the jar's cookies), so here the caller passes none.
    expect(
      write({
        ...head,
        cookie: undefined,
        headers: [
          "Authorization: Bearer t",
          "Range:",
          "Accept-Encoding:",
          "Referer:",
          "Cookie: b=2",
        ],
      }),
    ).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: ua\r\nAccept: */*\r\n" +
        "Authorization: Bearer t\r\nCookie: b=2\r\n\r\n",
    );
  });

  test("name matching is libcurl's: the separator must follow the name directly", () => {
    // "Accept-Encoding" is not "Accept"; "Accept :" does not replace the default either
    expect(write({ ...base, headers: ["Accept-Encoding: br"] })).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nAccept-Encoding: br\r\n\r\n",
    );
    expect(write({ ...base, headers: ["Accept : x"] })).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nAccept : x\r\n\r\n",
    );
    expect(checkheaders(["accept: a", "Accept: b"], "accept")).toBe("accept: a");
    expect(checkheaders(["Accepted: a"], "accept")).toBeUndefined();
  });

  test("CR, LF or NUL anywhere is refused with a TypeError and nothing is written", () => {
    const w = new RequestWriter();
    const bad: RequestHead[] = [
      { ...base, headers: ["X-Evil: a\r\nInjected: 1"] },
      { ...base, headers: ["X-Evil: a\nb"] },
      { ...base, headers: ["X-Nul: a\0b"] },
      { ...base, method: "GET\r\n" },
      { ...base, target: "/\r\nX: 1" },
      { ...base, host: "h\n" },
      { ...base, userAgent: "ua\r" },
      { ...base, contentType: "a\nb", contentLength: 1 },
      { ...base, cookie: "a=1\r\n" },
    ];
    for (const head of bad) expect(() => w.write(head)).toThrow(TypeError);
    expect(text(w.write(base))).toBe("GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
  });

  test("the buffer is reused and grows for a big head", () => {
    const w = new RequestWriter();
    const a = w.write(base);
    const b = w.write({ ...base, target: "/x" });
    expect(a.buffer).toBe(b.buffer);
    const big = "v".repeat(5000);
    const c = w.write({ ...base, headers: [`X-Big: ${big}`] });
    expect(text(c)).toBe(
      `GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Big: ${big}\r\n\r\n`,
    );
    const d = w.write({ ...base, target: "/y" });
    expect(d.buffer).toBe(c.buffer);
    expect(text(d)).toBe("GET /y HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
  });

  test("non-ASCII text goes out as UTF-8", () => {
    const out = new RequestWriter().write({ ...base, headers: ["X-Name: café ☕"] });
    expect(text(out)).toBe(
      "GET / HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Name: café ☕\r\n\r\n",
    );
  });
});

describe("validators", () => {
  test("validateHeaderValue refuses CR, LF and NUL only", () => {
    expect(validateHeaderValue("text/html; q=0.9, é")).toBe(true);
    expect(validateHeaderValue("")).toBe(true);
    expect(validateHeaderValue("a\rb")).toBe(false);
    expect(validateHeaderValue("a\nb")).toBe(false);
    expect(validateHeaderValue("a\0b")).toBe(false);
  });

  test("validateMethod wants a non-empty token", () => {
    for (const m of ["GET", "POST", "M-SEARCH", "PROPFIND", "x!#$%&'*+-.^_`|~9"]) {
      expect(validateMethod(m)).toBe(true);
    }
    for (const m of ["", "GET ", "G T", "GET\r\n", "GE\0T", "GET:", "(GET)", "GÉT"]) {
      expect(validateMethod(m)).toBe(false);
    }
  });
});
