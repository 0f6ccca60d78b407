// The hand-picked oracle cases: each encodes one decision libcurl makes on a response, written as the
// wire bytes. The oracle test runs them all plus a bounded number of seeded mutations.

import { GZ, handCase, type OracleCase, TEXT } from "./mutations.ts";

const ok = (body: string, ...h: string[]) =>
  `HTTP/1.1 200 OK\r\n${h.map((x) => `${x}\r\n`).join("")}Content-Length: ${body.length}\r\n\r\n${body}`;

export function handCases(): OracleCase[] {
  return [
    handCase("plain 200", ok("hello"), "keep"),
    handCase("empty reply", "", "close"),
    handCase("reset before any byte", "", "reset"),
    handCase("partial status line then close", "HTTP/1.1 20", "close"),
    handCase("status line only then close", "HTTP/1.1 200 OK\r\n", "close"),
    handCase("headers cut mid-line then close", "HTTP/1.1 200 OK\r\nContent-Le", "close"),
    handCase("HTTP/0.9 refused", "hello there\r\n", "close"),
    handCase(
      "HTTP/2 status line on HTTP/1.1",
      "HTTP/2 200 \r\nContent-Length: 2\r\n\r\nok",
      "keep",
    ),
    handCase(
      "NOBODY then POSTFIELDS stays HEAD",
      "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n",
      "keep",
      {
        noBody: true,
        postFields: "x=1",
      },
    ),
    handCase("HTTP/1.2 subversion", "HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n", "keep"),
    handCase("status 2000", "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n", "keep"),
    handCase("no reason phrase", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", "keep"),
    handCase(
      "CL short then close (18)",
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
      "close",
    ),
    handCase("CL short then reset", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", "reset"),
    handCase(
      "CL more than sent, body longer",
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhello",
      "close",
    ),
    handCase(
      "two equal CL",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
      "keep",
    ),
    handCase(
      "two different CL, last smaller",
      "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nContent-Length: 5\r\n\r\nhello",
      "close",
    ),
    handCase("negative CL", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello", "close"),
    handCase(
      "CL overflow",
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nhello",
      "close",
    ),
    handCase(
      "CL overflow with maxFileSize",
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nhello",
      "close",
      {
        maxFileSize: 100,
      },
    ),
    handCase("CL over maxFileSize (63)", ok(TEXT), "keep", { maxFileSize: 10 }),
    handCase("close-delimited over maxFileSize", `HTTP/1.1 200 OK\r\n\r\n${TEXT}`, "close", {
      maxFileSize: 10,
    }),
    handCase(
      "chunked",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      "keep",
    ),
    handCase(
      "chunked bad hex",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
      "close",
    ),
    handCase(
      "chunked cut in data",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
      "close",
    ),
    handCase(
      "chunked missing last chunk",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
      "close",
    ),
    handCase(
      "chunked with trailer",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
      "keep",
    ),
    handCase(
      "chunked plus CL",
      "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
      "keep",
    ),
    handCase(
      "TE identity with CL",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello",
      "close",
    ),
    handCase(
      "gzip",
      [
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ",
        String(GZ.length),
        "\r\n\r\n",
        GZ,
      ],
      "keep",
      {
        acceptEncoding: "",
      },
    ),
    handCase(
      "gzip not asked for (raw bytes)",
      [
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ",
        String(GZ.length),
        "\r\n\r\n",
        GZ,
      ],
      "keep",
    ),
    handCase(
      "gzip corrupt",
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello",
      "keep",
      { acceptEncoding: "" },
    ),
    handCase(
      "unknown coding with body",
      "HTTP/1.1 200 OK\r\nContent-Encoding: foo\r\nContent-Length: 5\r\n\r\nhello",
      "keep",
      {
        acceptEncoding: "",
      },
    ),
    handCase(
      "unknown coding, empty body",
      "HTTP/1.1 200 OK\r\nContent-Encoding: foo\r\nContent-Length: 0\r\n\r\n",
      "keep",
      {
        acceptEncoding: "",
      },
    ),
    handCase(
      "six codings stacked",
      "HTTP/1.1 200 OK\r\nContent-Encoding: identity,identity,identity,identity,identity,identity\r\nContent-Length: 5\r\n\r\nhello",
      "keep",
      {
        acceptEncoding: "",
      },
    ),
    handCase(
      "gzip without decoding",
      [
        "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ",
        String(GZ.length),
        "\r\n\r\n",
        GZ,
      ],
      "keep",
      {
        acceptEncoding: "",
        httpContentDecoding: false,
      },
    ),
    handCase(
      "redirect followed",
      "HTTP/1.1 302 Found\r\nLocation: b\r\nContent-Length: 0\r\n\r\n",
      "keep",
      { followLocation: true },
      {
        bytes: ok("second"),
        end: "keep",
      },
    ),
    handCase(
      "redirect not followed",
      "HTTP/1.1 302 Found\r\nLocation: b\r\nContent-Length: 3\r\n\r\nabc",
      "keep",
      {},
      {
        bytes: ok("second"),
        end: "keep",
      },
    ),
    handCase(
      "redirect close-delimited, server keeps open",
      "HTTP/1.1 301 Moved\r\nLocation: b\r\n\r\nbody never ends",
      "keep",
      {
        followLocation: true,
      },
      { bytes: ok("second"), end: "keep" },
    ),
    handCase(
      "redirect maxRedirs 0 (47)",
      "HTTP/1.1 302 Found\r\nLocation: a\r\nContent-Length: 0\r\n\r\n",
      "keep",
      {
        followLocation: true,
        maxRedirs: 0,
      },
    ),
    handCase(
      "redirect loop maxRedirs 3 (47)",
      "HTTP/1.1 302 Found\r\nLocation: a\r\nContent-Length: 0\r\n\r\n",
      "keep",
      {
        followLocation: true,
        maxRedirs: 3,
      },
    ),
    handCase(
      "1xx then 200",
      `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n${ok("hi")}`,
      "keep",
    ),
    handCase("101 without upgrade ask", "HTTP/1.1 101 Switching\r\n\r\n", "close"),
    handCase("204 with body bytes", "HTTP/1.1 204 No Content\r\n\r\nstray", "keep"),
    handCase("304 with CL", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "keep"),
    handCase("HEAD with CL, no body", "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", "keep", {
      noBody: true,
    }),
    handCase("HEAD chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "keep", {
      noBody: true,
    }),
    handCase(
      "failOnError 404 (22)",
      "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnope",
      "keep",
      { failOnError: true },
    ),
    handCase("failOnError 400 close", "HTTP/1.1 400 Bad\r\n\r\nnope", "close", {
      failOnError: true,
    }),
    handCase(
      "header without colon",
      "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 0\r\n\r\n",
      "keep",
    ),
    handCase(
      "header line over 100 KiB",
      `HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(110_000)}\r\nContent-Length: 0\r\n\r\n`,
      "keep",
    ),
    handCase("bare LF line endings", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", "keep"),
    handCase(
      "CR in header",
      "HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 5\r\n\r\nhello",
      "keep",
    ),
    handCase(
      "HTTP/1.0 keep-alive less",
      "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello",
      "close",
    ),
    handCase("HTTP/1.0 request", ok("hello"), "keep", { httpVersion: "1.0" }),
    handCase("POST 200", ok("posted"), "keep", { customRequest: "POST", postFields: "x=1" }),
    handCase("COPYPOSTFIELDS makes a POST", ok("posted"), "keep", { copyPostFields: "x=1" }),
    handCase("POST over HTTP/1.0", ok("posted"), "keep", { postFields: "x=1", httpVersion: "1.0" }),
    handCase("POST, user Transfer-Encoding chunked", ok("posted"), "keep", {
      postFields: "x=1",
      httpHeader: ["Transfer-Encoding: chunked"],
    }),
    handCase("POST, user TE chunked over HTTP/1.0", ok("posted"), "keep", {
      postFields: "x=1",
      httpVersion: "1.0",
      httpHeader: ["Transfer-Encoding: chunked"],
    }),
    handCase("POST, user Content-Length", ok("posted"), "keep", {
      postFields: "x=1",
      httpHeader: ["Content-Length: 3"],
    }),
    handCase("removed and empty headers", ok("hi"), "keep", {
      httpHeader: ["Accept:", "X-Empty;"],
    }),
    handCase(
      "trailer line without colon (43)",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nhello\r\n\r\n",
      "keep",
    ),
    handCase(
      "HTTP/2 status line without reason on HTTP/1.1",
      "HTTP/2 200\r\nContent-Length: 2\r\n\r\nok",
      "keep",
    ),
    handCase(
      "Location with a raw 0xE2 byte",
      "HTTP/1.1 302 Found\r\nLocation: \xe2\r\nContent-Length: 0\r\n\r\n",
      "keep",
      {
        followLocation: true,
      },
    ),
    handCase(
      "maxFileSize counts encoded bytes",
      ["HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n", GZ],
      "close",
      {
        acceptEncoding: "",
        maxFileSize: GZ.length + 10,
      },
    ),
    handCase(
      "user Expect: 100-continue waits for the 100",
      `HTTP/1.1 100 Continue\r\n\r\n${ok("ok")}`,
      "keep",
      {
        postFields: "x=1",
        httpHeader: ["Expect: 100-continue"],
        timeoutMs: 3000,
      },
    ),
    // A body over EXPECT_100_THRESHOLD (1 MiB) gets libcurl's own Expect; the 417 retry is a follow.
    handCase(
      "417 then retry without Expect",
      "HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n",
      "keep",
      {
        postFields: "x".repeat(1024 * 1024 + 1),
        timeoutMs: 5000,
      },
    ),
    handCase(
      "split at every few bytes",
      ["HTTP/1.1 2", "00 OK\r", "\nContent-Le", "ngth: 5\r\n\r", "\nhel", "lo"],
      "keep",
      {},
      undefined,
      [0, 5, 5, 5, 5, 5],
    ),
    handCase(
      "timeout mid-body (28)",
      ["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"],
      "keep",
      { timeoutMs: 300 },
    ),
  ];
}
