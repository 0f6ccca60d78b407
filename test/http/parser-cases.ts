// Response parser cases as data (llhttp style): raw bytes in, the expected event log and result
// out. parser.test.ts replays each at every split point, byte by byte, and at random splits.

import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
  CURLE_TOO_LARGE,
  CURLE_UNSUPPORTED_PROTOCOL,
  CURLE_WEIRD_SERVER_REPLY,
} from "../../src/constants/index.ts";

export interface ParserCase {
  name: string;
  /** Latin-1 string (one char = one byte) or bytes. */
  input: string | Uint8Array;
  noBody?: boolean;
  reused?: boolean;
  /** Call eof() after the input; `result` is then its return value. */
  eof?: boolean;
  /** Too large to replay at every split point: the test samples split points instead. */
  big?: boolean;
  expect: {
    /** `header:<line as received>`, `interim:<code>`, `done`, `body:<bytes>` (consecutive pieces
     *  joined), `complete`. */
    events: string[];
    result: number;
    detail?: RegExp | string;
    status?: number;
    version?: number;
    keepAlive?: boolean;
    contentLength?: number;
    chunked?: boolean;
    /** Bytes execute() consumed in all (bytes after a complete message stay unconsumed). */
    consumed?: number;
    headerBytes?: number;
    bodyBytes?: number;
    contentType?: string;
    location?: string;
    contentEncoding?: string;
    transferEncoding?: string;
  };
}

const R = "\r\n";
const h = (line: string) => `header:${line}`;

/** A header section of `n` lines "X-N: v" (used by the limit cases). */
function manyHeaders(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += `X-${i}: v${R}`;
  return s;
}

const LINE_MAX = 100 * 1024 - 1; // bytes of one header line incl. CRLF that libcurl still takes
const longLine = (total: number) => `X-Long: ${"a".repeat(total - 10)}${R}`;
const bigHeaderA = `X-A: ${"a".repeat(80 * 1024)}${R}`;

export const parserCases: ParserCase[] = [
  // ---- status line --------------------------------------------------------------------------
  {
    name: "HTTP/1.1 200 with Content-Length",
    input: `HTTP/1.1 200 OK${R}Content-Length: 5${R}${R}hello`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 5${R}`),
        h(R),
        "done",
        "body:hello",
        "complete",
      ],
      result: CURLE_OK,
      status: 200,
      version: 11,
      keepAlive: true,
      contentLength: 5,
      headerBytes: 38,
      bodyBytes: 5,
      consumed: 43,
    },
  },
  {
    name: "HTTP/1.0 defaults to close",
    input: `HTTP/1.0 200 OK${R}Content-Length: 2${R}${R}hi`,
    expect: {
      events: [
        h(`HTTP/1.0 200 OK${R}`),
        h(`Content-Length: 2${R}`),
        h(R),
        "done",
        "body:hi",
        "complete",
      ],
      result: CURLE_OK,
      version: 10,
      keepAlive: false,
    },
  },
  {
    name: "HTTP/1.0 with Connection: keep-alive stays open",
    input: `HTTP/1.0 200 OK${R}Connection: Keep-Alive${R}Content-Length: 2${R}${R}hi`,
    expect: {
      events: [
        h(`HTTP/1.0 200 OK${R}`),
        h(`Connection: Keep-Alive${R}`),
        h(`Content-Length: 2${R}`),
        h(R),
        "done",
        "body:hi",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: true,
    },
  },
  {
    name: "HTTP/1.0: close is looked for before keep-alive",
    input: `HTTP/1.0 200 OK${R}Connection: close, keep-alive${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.0 200 OK${R}`),
        h(`Connection: close, keep-alive${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: false,
    },
  },
  {
    name: "HTTP/1.1 keep-alive header does not undo close",
    input: `HTTP/1.1 200 OK${R}Connection: keep-alive, close${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Connection: keep-alive, close${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: false,
    },
  },
  {
    name: "Connection: closed is not close (token match)",
    input: `HTTP/1.1 200 OK${R}Connection: closed${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Connection: closed${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: true,
    },
  },
  {
    name: "status line without reason phrase",
    input: `HTTP/1.1 404${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 404${R}`), h(`Content-Length: 0${R}`), h(R), "done", "complete"],
      result: CURLE_OK,
      status: 404,
    },
  },
  {
    name: "tab separators and an odd code are fine",
    input: `HTTP/1.1\t999\tWhatever${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1\t999\tWhatever${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      status: 999,
    },
  },
  {
    name: "digits run straight into the reason",
    input: `HTTP/1.1 200OK${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200OK${R}`), h(`Content-Length: 0${R}`), h(R), "done", "complete"],
      result: CURLE_OK,
      status: 200,
    },
  },
  {
    name: "code below 100 fails after the head",
    input: `HTTP/1.1 099 Odd${R}X: y${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 099 Odd${R}`), h(`X: y${R}`), h(R)],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported response code in HTTP response",
    },
  },
  {
    name: "HTTP/1.2 is an unsupported subversion",
    input: `HTTP/1.2 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported HTTP/1 subversion in response",
    },
  },
  {
    name: "two-digit code is refused as a bad HTTP/1 line",
    input: `HTTP/1.1 20 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported HTTP/1 subversion in response",
    },
  },
  {
    name: "HTTP/1.10 is refused",
    input: `HTTP/1.10 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported HTTP/1 subversion in response",
    },
  },
  {
    name: "HTTP/2 status line on an HTTP/1.1 connection",
    input: `HTTP/2 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Version mismatch (from HTTP/1 to HTTP/2)",
    },
  },
  {
    name: "HTTP/3 status line (no HTTP/3 in this build)",
    input: `HTTP/3 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported HTTP version (3.0) in response",
    },
  },
  {
    name: "HTTP/2 line without reason falls to the HTTP/ alias rule: 200, HTTP/1.0",
    input: `HTTP/2 404${R}Content-Length: 1${R}${R}x`,
    expect: {
      events: [h(`HTTP/2 404${R}`), h(`Content-Length: 1${R}`), h(R), "done", "body:x", "complete"],
      result: CURLE_OK,
      status: 200,
      version: 10,
      keepAlive: false,
    },
  },
  {
    name: "lower-case http/ is taken as HTTP/1.0 200 (checkhttpprefix is case-insensitive)",
    input: `http/1.1 404 Not Found${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`http/1.1 404 Not Found${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      status: 200,
      version: 10,
    },
  },
  {
    name: "HTTP/0.9 version number",
    input: `HTTP/0.9 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Unsupported HTTP version in response",
    },
  },
  {
    name: "non-HTTP first line on a fresh connection is HTTP/0.9",
    input: `ICY 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Received HTTP/0.9 when not allowed",
    },
  },
  {
    name: "non-HTTP first line on a reused connection",
    input: `ICY 200 OK${R}${R}`,
    reused: true,
    expect: { events: [], result: CURLE_WEIRD_SERVER_REPLY, detail: "Invalid status line" },
  },
  {
    name: "decided as soon as the bytes cannot start HTTP/ (no line end needed)",
    input: "HTX",
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      consumed: 3,
      detail: "Received HTTP/0.9 when not allowed",
    },
  },
  {
    name: "an HTML body instead of a head",
    input: "<html>hello</html>",
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Received HTTP/0.9 when not allowed",
    },
  },
  {
    name: "blank line before the status line",
    input: `${R}HTTP/1.1 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Received HTTP/0.9 when not allowed",
    },
  },
  {
    name: "leading space before HTTP/",
    input: ` HTTP/1.1 200 OK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_UNSUPPORTED_PROTOCOL,
      detail: "Received HTTP/0.9 when not allowed",
    },
  },
  {
    name: "NUL in the status line",
    input: `HTTP/1.1 200 O\0K${R}${R}`,
    expect: { events: [], result: CURLE_WEIRD_SERVER_REPLY, detail: "Nul byte in header" },
  },

  // ---- line endings and folding ------------------------------------------------------------
  {
    name: "bare LF line endings",
    input: "HTTP/1.1 200 OK\nContent-Length: 3\n\nabc",
    expect: {
      events: [
        h("HTTP/1.1 200 OK\n"),
        h("Content-Length: 3\n"),
        h("\n"),
        "done",
        "body:abc",
        "complete",
      ],
      result: CURLE_OK,
      headerBytes: 35,
    },
  },
  {
    name: "mixed CRLF and LF",
    input: `HTTP/1.1 200 OK\nA: 1${R}B: 2\n${R}`,
    noBody: true,
    expect: {
      events: [h("HTTP/1.1 200 OK\n"), h(`A: 1${R}`), h("B: 2\n"), h(R), "done", "complete"],
      result: CURLE_OK,
    },
  },
  {
    name: "obsolete folding is unfolded into one line with one space",
    input: `HTTP/1.1 200 OK${R}X-A: one  ${R}   two${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`X-A: one two${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      headerBytes: 17 + 14 + 19 + 2,
    },
  },
  {
    name: "several continuation lines, tabs and bare LF",
    input: `HTTP/1.1 200 OK${R}X-A: 1\n\t2${R} \t 3\nContent-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h("X-A: 1 2 3\n"),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "a folded Content-Length is interpreted after unfolding",
    input: `HTTP/1.1 200 OK${R}Content-Length:${R} 4${R}${R}abcd`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 4${R}`),
        h(R),
        "done",
        "body:abcd",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: 4,
    },
  },
  {
    name: "first header starting with a blank is kept as is (it has a colon)",
    input: `HTTP/1.1 200 OK${R} X: y${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(` X: y${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "first header starting with a blank and no colon",
    input: `HTTP/1.1 200 OK${R} nothing${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Header without colon",
    },
  },
  {
    name: "header without colon",
    input: `HTTP/1.1 200 OK${R}Content-Length: 0${R}garbage${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 0${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Header without colon",
    },
  },
  {
    name: "NUL byte in a header",
    input: `HTTP/1.1 200 OK${R}X: a\0b${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Nul byte in header",
    },
  },
  {
    name: "bare CR inside a header",
    input: `HTTP/1.1 200 OK${R}X: a\rb${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Carriage return found in header",
    },
  },
  // verifyLine checks NUL, stray CR and the colon in one pass: the verdict keeps libcurl's order
  // (NUL anywhere first, then a CR before the line ending, then the colon), wherever they sit.
  {
    name: "a stray CR before a NUL in one header: the NUL is reported",
    input: `HTTP/1.1 200 OK${R}X: a\rb\0c${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Nul byte in header",
    },
  },
  {
    name: "a stray CR and no colon: the CR is reported",
    input: `HTTP/1.1 200 OK${R}Xa\rb${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Carriage return found in header",
    },
  },
  {
    name: "CR CR LF ending a header: the first CR is stray",
    input: `HTTP/1.1 200 OK${R}X: a\r${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Carriage return found in header",
    },
  },
  {
    name: "a stray CR in the status line",
    input: `HTTP/1.1 200 O\rK${R}${R}`,
    expect: {
      events: [],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Carriage return found in header",
    },
  },
  {
    name: "the only colon at the end of a header's value part",
    input: `HTTP/1.1 200 OK${R}X-Empty:${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`X-Empty:${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "a line starting with CR ends the head (libcurl tests only the first byte)",
    input: `HTTP/1.1 200 OK${R}Content-Length: 2${R}\rX\nhi`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 2${R}`),
        h("\rX\n"),
        "done",
        "body:hi",
        "complete",
      ],
      result: CURLE_OK,
    },
  },

  // ---- Content-Length -------------------------------------------------------------------------
  {
    name: "Content-Length not a number",
    input: `HTTP/1.1 200 OK${R}Content-Length: abc${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "negative Content-Length",
    input: `HTTP/1.1 200 OK${R}Content-Length: -1${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "Content-Length with trailing junk",
    input: `HTTP/1.1 200 OK${R}Content-Length: 5 x${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "empty Content-Length",
    input: `HTTP/1.1 200 OK${R}Content-Length:${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "Content-Length list of equal values and blanks",
    input: `HTTP/1.1 200 OK${R}content-length:  3 ,3,\t3 ${R}${R}abc`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`content-length:  3 ,3,\t3 ${R}`),
        h(R),
        "done",
        "body:abc",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: 3,
    },
  },
  {
    name: "Content-Length list with different values",
    input: `HTTP/1.1 200 OK${R}Content-Length: 3, 4${R}${R}abc`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "duplicate equal Content-Length headers",
    input: `HTTP/1.1 200 OK${R}Content-Length: 2${R}Content-Length: 2${R}${R}ok`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 2${R}`),
        h(`Content-Length: 2${R}`),
        h(R),
        "done",
        "body:ok",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "differing Content-Length headers",
    input: `HTTP/1.1 200 OK${R}Content-Length: 2${R}Content-Length: 3${R}${R}ok`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 2${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid Content-Length: value",
    },
  },
  {
    name: "Content-Length over 2^63-1 is ignored and the body runs to the close",
    input: `HTTP/1.1 200 OK${R}Content-Length: 9223372036854775808${R}${R}abc`,
    eof: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 9223372036854775808${R}`),
        h(R),
        "done",
        "body:abc",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: -1,
      keepAlive: false,
    },
  },
  {
    name: "Content-Length of exactly 2^63-1 is taken",
    input: `HTTP/1.1 200 OK${R}Content-Length: 09223372036854775807${R}${R}ab`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 09223372036854775807${R}`),
        h(R),
        "done",
        "body:ab",
      ],
      result: CURLE_OK,
      contentLength: 2 ** 63, // the nearest double to 2^63-1
    },
  },
  {
    name: "Content-Length: 0 completes at the head; surplus is not consumed",
    input: `HTTP/1.1 200 OK${R}Content-Length: 0${R}${R}EXTRA`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 0${R}`), h(R), "done", "complete"],
      result: CURLE_OK,
      consumed: 38,
      keepAlive: true,
    },
  },
  {
    name: "bytes after a Content-Length body are not consumed",
    input: `HTTP/1.1 200 OK${R}Content-Length: 3${R}${R}abcHTTP/1.1 200 OK${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 3${R}`),
        h(R),
        "done",
        "body:abc",
        "complete",
      ],
      result: CURLE_OK,
      consumed: 41,
    },
  },
  {
    name: "close before the Content-Length body is complete",
    input: `HTTP/1.1 200 OK${R}Content-Length: 10${R}${R}abcdefg`,
    eof: true,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 10${R}`), h(R), "done", "body:abcdefg"],
      result: CURLE_PARTIAL_FILE,
      detail: "transfer closed with 3 bytes remaining to read",
    },
  },

  // ---- close-delimited, HEAD, 204, 304 -----------------------------------------------------
  {
    name: "HTTP/1.1 without length or chunked: body until close",
    input: `HTTP/1.1 200 OK${R}Content-Type: text/plain${R}${R}all of it`,
    eof: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Type: text/plain${R}`),
        h(R),
        "done",
        "body:all of it",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: false,
      contentLength: -1,
      contentType: "text/plain",
    },
  },
  {
    name: "HTTP/1.0 body until close",
    input: `HTTP/1.0 200 OK${R}${R}data`,
    eof: true,
    expect: {
      events: [h(`HTTP/1.0 200 OK${R}`), h(R), "done", "body:data", "complete"],
      result: CURLE_OK,
      keepAlive: false,
    },
  },
  {
    name: "close-delimited body, close not seen yet",
    input: `HTTP/1.1 200 OK${R}${R}partial`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(R), "done", "body:partial"],
      result: CURLE_OK,
    },
  },
  {
    name: "HEAD: Content-Length reported, no body read, connection kept",
    input: `HTTP/1.1 200 OK${R}Content-Length: 100${R}${R}NEXT`,
    noBody: true,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 100${R}`), h(R), "done", "complete"],
      result: CURLE_OK,
      contentLength: 100,
      keepAlive: true,
      consumed: 40,
    },
  },
  {
    name: "HEAD ignores Transfer-Encoding: chunked",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}`,
    noBody: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      chunked: false,
      keepAlive: true,
    },
  },
  {
    name: "204 has no body and ignores a broken Content-Length",
    input: `HTTP/1.1 204 No Content${R}Content-Length: junk${R}${R}MORE`,
    expect: {
      events: [
        h(`HTTP/1.1 204 No Content${R}`),
        h(`Content-Length: junk${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: 0,
      keepAlive: true,
      consumed: 49,
    },
  },
  {
    name: "304 has no body whatever Content-Length says",
    input: `HTTP/1.1 304 Not Modified${R}Content-Length: 1234${R}Transfer-Encoding: chunked${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 304 Not Modified${R}`),
        h(`Content-Length: 1234${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: 0,
      chunked: false,
    },
  },

  // ---- 1xx -----------------------------------------------------------------------------------
  {
    name: "100 Continue then 200",
    input: `HTTP/1.1 100 Continue${R}${R}HTTP/1.1 200 OK${R}Content-Length: 2${R}${R}ok`,
    expect: {
      events: [
        h(`HTTP/1.1 100 Continue${R}`),
        h(R),
        "interim:100",
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 2${R}`),
        h(R),
        "done",
        "body:ok",
        "complete",
      ],
      result: CURLE_OK,
      status: 200,
      headerBytes: 23 + 2 + 17 + 19 + 2,
    },
  },
  {
    name: "102 and 103 with headers, then 200",
    input:
      `HTTP/1.1 102 Processing${R}${R}` +
      `HTTP/1.1 103 Early Hints${R}Link: </a.css>; rel=preload${R}${R}` +
      `HTTP/1.1 200 OK${R}Content-Length: 1${R}${R}z`,
    expect: {
      events: [
        h(`HTTP/1.1 102 Processing${R}`),
        h(R),
        "interim:102",
        h(`HTTP/1.1 103 Early Hints${R}`),
        h(`Link: </a.css>; rel=preload${R}`),
        h(R),
        "interim:103",
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 1${R}`),
        h(R),
        "done",
        "body:z",
        "complete",
      ],
      result: CURLE_OK,
      status: 200,
    },
  },
  {
    name: "Content-Length in a 1xx does not apply",
    input: `HTTP/1.1 100 Continue${R}Content-Length: nope${R}${R}HTTP/1.1 200 OK${R}${R}x`,
    eof: true,
    expect: {
      events: [
        h(`HTTP/1.1 100 Continue${R}`),
        h(`Content-Length: nope${R}`),
        h(R),
        "interim:100",
        h(`HTTP/1.1 200 OK${R}`),
        h(R),
        "done",
        "body:x",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: -1,
    },
  },
  {
    name: "Connection: close in a 100 sticks to the connection",
    input: `HTTP/1.1 100 Continue${R}Connection: close${R}${R}HTTP/1.1 200 OK${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 100 Continue${R}`),
        h(`Connection: close${R}`),
        h(R),
        "interim:100",
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      keepAlive: false,
    },
  },
  {
    name: "101 without an upgrade request is the final response, body to the close",
    input: `HTTP/1.1 101 Switching Protocols${R}Upgrade: foo${R}${R}raw bytes`,
    eof: true,
    expect: {
      events: [
        h(`HTTP/1.1 101 Switching Protocols${R}`),
        h(`Upgrade: foo${R}`),
        h(R),
        "done",
        "body:raw bytes",
        "complete",
      ],
      result: CURLE_OK,
      status: 101,
      keepAlive: false,
    },
  },
  {
    name: "junk after an interim response is an invalid status line",
    input: `HTTP/1.1 100 Continue${R}${R}garbage${R}`,
    expect: {
      events: [h(`HTTP/1.1 100 Continue${R}`), h(R), "interim:100"],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Invalid status line",
    },
  },
  {
    name: "only an interim response before the close is an empty reply",
    input: `HTTP/1.1 100 Continue${R}${R}`,
    eof: true,
    expect: {
      events: [h(`HTTP/1.1 100 Continue${R}`), h(R), "interim:100"],
      result: CURLE_GOT_NOTHING,
      detail: "Empty reply from server",
    },
  },

  // ---- chunked ---------------------------------------------------------------------------------
  {
    name: "chunked body",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}5${R}hello${R}6${R} world${R}0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:hello world",
        "complete",
      ],
      result: CURLE_OK,
      chunked: true,
      contentLength: -1,
      keepAlive: true,
      bodyBytes: 11,
    },
  },
  {
    name: "chunk extensions, upper-case hex and leading zeros",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}00A;name=val;q="a b"${R}0123456789${R}0;last${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:0123456789",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "chunked with bare LF everywhere",
    input: "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n",
    expect: {
      events: [
        h("HTTP/1.1 200 OK\n"),
        h("Transfer-Encoding: chunked\n"),
        h("\n"),
        "done",
        "body:abc",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "trailers go to onHeaderLine, ending in CRLF whatever was sent",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}2${R}hi${R}0${R}X-Sum: 1${R}X-Other: 2\n${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:hi",
        h(`X-Sum: 1${R}`),
        h(`X-Other: 2${R}`),
        "complete",
      ],
      result: CURLE_OK,
      headerBytes: 17 + 28 + 2,
    },
  },
  {
    name: "trailer without colon",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}0${R}nocolon${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Header without colon",
    },
  },
  {
    name: "trailer line too long",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}0${R}X: ${"t".repeat(5000)}${R}${R}`,
    big: true,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_TOO_LARGE,
      detail: "Out of memory in chunked-encoding",
    },
  },
  {
    name: "chunked wins over Content-Length",
    input: `HTTP/1.1 200 OK${R}Content-Length: 100${R}Transfer-Encoding: chunked${R}${R}1${R}a${R}0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Content-Length: 100${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:a",
        "complete",
      ],
      result: CURLE_OK,
      contentLength: -1,
      chunked: true,
      keepAlive: true,
    },
  },
  {
    name: "bytes after the last chunk are not consumed",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}1${R}a${R}0${R}${R}HTTP/1.1`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:a",
        "complete",
      ],
      result: CURLE_OK,
      consumed: 47 + 11,
    },
  },
  {
    name: "chunk size that is not hex",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}zz${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_RECV_ERROR,
      detail: "chunk hex-length char not a hex digit: 0x7a",
    },
  },
  {
    name: "chunk size with 17 hex digits",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}00000000000000001${R}x`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_RECV_ERROR,
      detail: "chunk hex-length longer than 16",
    },
  },
  {
    name: "chunk size past 2^63-1",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}8000000000000000${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_RECV_ERROR,
      detail: "invalid chunk size: '8000000000000000'",
    },
  },
  {
    name: "chunk data not followed by CRLF",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}2${R}hiX${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:hi",
      ],
      result: CURLE_RECV_ERROR,
      detail: "Malformed encoding found in chunked-encoding",
    },
  },
  {
    name: "final CRLF broken after the last chunk",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}0${R}\rX`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Transfer-Encoding: chunked${R}`), h(R), "done"],
      result: CURLE_RECV_ERROR,
      detail: "Malformed encoding found in chunked-encoding",
    },
  },
  {
    name: "close in the middle of a chunked body",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked${R}${R}5${R}hel`,
    eof: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: chunked${R}`),
        h(R),
        "done",
        "body:hel",
      ],
      result: CURLE_PARTIAL_FILE,
      detail: "transfer closed with outstanding read data remaining",
    },
  },
  {
    name: "duplicate chunked and identity are accepted",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: identity, chunked,chunked${R}${R}0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(`Transfer-Encoding: identity, chunked,chunked${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      chunked: true,
      transferEncoding: "identity",
    },
  },
  {
    name: "unsolicited transfer coding",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: gzip${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_BAD_CONTENT_ENCODING,
      detail: "Unsolicited Transfer-Encoding (gzip) found",
    },
  },
  {
    name: "transfer coding after chunked",
    input: `HTTP/1.1 200 OK${R}Transfer-Encoding: chunked, gzip${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`)],
      result: CURLE_BAD_CONTENT_ENCODING,
      detail: "A Transfer-Encoding (gzip) was listed after chunked",
    },
  },

  // ---- values the engine reads -----------------------------------------------------------------
  {
    name: "Content-Type, Location and Content-Encoding values",
    input:
      `HTTP/1.1 301 Moved${R}Location:   /next?a=1  ${R}Content-Type: text/html; charset=utf-8${R}` +
      `Content-Encoding: gzip${R}Location: /next?a=1${R}Content-Length: 0${R}${R}`,
    expect: {
      events: [
        h(`HTTP/1.1 301 Moved${R}`),
        h(`Location:   /next?a=1  ${R}`),
        h(`Content-Type: text/html; charset=utf-8${R}`),
        h(`Content-Encoding: gzip${R}`),
        h(`Location: /next?a=1${R}`),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
      status: 301,
      location: "/next?a=1",
      contentType: "text/html; charset=utf-8",
      contentEncoding: "gzip",
    },
  },
  {
    name: "two different Location headers",
    input: `HTTP/1.1 302 Found${R}Location: /a${R}Location: /b${R}${R}`,
    expect: {
      events: [h(`HTTP/1.1 302 Found${R}`), h(`Location: /a${R}`)],
      result: CURLE_WEIRD_SERVER_REPLY,
      detail: "Multiple Location headers",
    },
  },

  // ---- limits ----------------------------------------------------------------------------------
  {
    name: "a header line of exactly the largest size libcurl takes",
    input: `HTTP/1.1 200 OK${R}${longLine(LINE_MAX)}Content-Length: 0${R}${R}`,
    big: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(longLine(LINE_MAX)),
        h(`Content-Length: 0${R}`),
        h(R),
        "done",
        "complete",
      ],
      result: CURLE_OK,
    },
  },
  {
    name: "a header line one byte over 100 KiB - 1",
    input: `HTTP/1.1 200 OK${R}${longLine(LINE_MAX + 1)}${R}`,
    big: true,
    expect: { events: [h(`HTTP/1.1 200 OK${R}`)], result: CURLE_TOO_LARGE, detail: "" },
  },
  {
    name: "a status line without end over the line limit",
    input: `HTTP/1.1 200 ${"x".repeat(LINE_MAX)}`,
    big: true,
    expect: { events: [], result: CURLE_TOO_LARGE },
  },
  {
    name: "all headers over 300 KiB (the line that crosses is still delivered)",
    input: `HTTP/1.1 200 OK${R}${bigHeaderA}${bigHeaderA}${bigHeaderA}${bigHeaderA}${R}`,
    big: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        h(bigHeaderA),
        h(bigHeaderA),
        h(bigHeaderA),
        h(bigHeaderA),
      ],
      result: CURLE_RECV_ERROR,
      detail: `Too large response headers: ${17 + 4 * bigHeaderA.length} > 307200`,
    },
  },
  {
    name: "1xx headers count toward the 300 KiB",
    input:
      `HTTP/1.1 103 Early Hints${R}${bigHeaderA}${bigHeaderA}${R}` +
      `HTTP/1.1 200 OK${R}${bigHeaderA}${bigHeaderA}${R}`,
    big: true,
    expect: {
      events: [
        h(`HTTP/1.1 103 Early Hints${R}`),
        h(bigHeaderA),
        h(bigHeaderA),
        h(R),
        "interim:103",
        h(`HTTP/1.1 200 OK${R}`),
        h(bigHeaderA),
        h(bigHeaderA),
      ],
      result: CURLE_RECV_ERROR,
      detail: /^Too large response headers: \d+ > 307200$/,
    },
  },
  {
    name: "more than 5000 header fields",
    input: `HTTP/1.1 200 OK${R}${manyHeaders(5001)}${R}`,
    big: true,
    expect: {
      events: [
        h(`HTTP/1.1 200 OK${R}`),
        ...manyHeaders(5000)
          .split(/(?<=\r\n)/)
          .map(h),
      ],
      result: CURLE_TOO_LARGE,
      detail: "Too many response headers, 5000 is max",
    },
  },

  // ---- end of input before the head is complete ------------------------------------------------
  {
    name: "nothing at all before the close",
    input: "",
    eof: true,
    expect: { events: [], result: CURLE_GOT_NOTHING, detail: "Empty reply from server" },
  },
  {
    name: "close after a partial status line: libcurl flushes it and reports no error",
    input: "HTTP/1.1 2",
    eof: true,
    expect: {
      events: [h("HTTP/1.1 2"), "complete"],
      result: CURLE_OK,
      status: 0,
      keepAlive: false,
    },
  },
  {
    name: "close in the head after Content-Length was seen",
    input: `HTTP/1.1 200 OK${R}Content-Length: 10${R}X: y`,
    eof: true,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 10${R}`), h("X: y")],
      result: CURLE_PARTIAL_FILE,
      detail: "transfer closed with 10 bytes remaining to read",
    },
  },
  {
    name: "close right after a header line: it was held for folding and never interpreted",
    input: `HTTP/1.1 200 OK${R}Content-Length: 10${R}`,
    eof: true,
    expect: {
      events: [h(`HTTP/1.1 200 OK${R}`), h(`Content-Length: 10${R}`), "complete"],
      result: CURLE_OK,
      status: 200,
    },
  },
];
