// The verdict on a response head (src/transfer/verdict.ts), row by row: follow, repeat without Expect
// (a 417), fail on the status (CURLOPT_FAILONERROR) or the size (CURLOPT_MAXFILESIZE), decode
// (CURLOPT_ACCEPT_ENCODING with CURLOPT_HTTP_CONTENT_DECODING) or deliver, and which rule wins when
// several apply.

import { describe, expect, test } from "bun:test";
import { AUTH_AGAIN, AUTH_FAIL, authAct } from "../../src/auth/act.ts";
import { AuthSession } from "../../src/auth/session.ts";
import type { ResponseFacts } from "../../src/conn/protocol.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import {
  HEAD_AUTH,
  HEAD_DECODE,
  HEAD_DELIVER,
  HEAD_FAIL_SIZE,
  HEAD_FAIL_STATUS,
  HEAD_FOLLOW,
  HEAD_NONE,
  HEAD_REPEAT,
  headVerdict,
  skipsBody,
} from "../../src/transfer/verdict.ts";

const NAMES: Record<number, string> = {
  [HEAD_NONE]: "HEAD_NONE",
  [HEAD_DELIVER]: "HEAD_DELIVER",
  [HEAD_DECODE]: "HEAD_DECODE",
  [HEAD_FOLLOW]: "HEAD_FOLLOW",
  [HEAD_REPEAT]: "HEAD_REPEAT",
  [HEAD_FAIL_STATUS]: "HEAD_FAIL_STATUS",
  [HEAD_FAIL_SIZE]: "HEAD_FAIL_SIZE",
  [HEAD_AUTH]: "HEAD_AUTH",
};

/** One row: the head's facts and the options that matter, defaults elsewhere, and the verdict. */
interface Row {
  status: number;
  newUrl?: boolean;
  closing?: boolean;
  contentLength?: number;
  contentEncoding?: string;
  failOnError?: number;
  maxFileSize?: number;
  acceptEncoding?: string | null;
  httpContentDecoding?: number;
  noBody?: number;
  expect100?: boolean;
  /** The authentication verdict (AUTH_*); by default what a transfer without credentials gets. */
  auth?: number;
  want: number;
}

/** What authentication makes of the row when it has no credentials (auth/act.ts). */
function authOf(r: Row): number {
  if (r.auth !== undefined) return r.auth;
  return authAct(new AuthSession(), r.status, null, null, true, (r.failOnError ?? 0) !== 0).verdict;
}

function facts(r: Row): ResponseFacts {
  return {
    result: 0,
    detail: "",
    status: r.status,
    version: 11,
    contentLength: r.contentLength ?? -1,
    contentType: "",
    contentEncoding: r.contentEncoding ?? "",
    location: r.newUrl ? "/next" : "",
    newUrl: r.newUrl ?? false,
    closing: r.closing ?? false,
    complete: false,
    bodyBytes: 0,
  };
}

function options(r: Row): EasyOptions {
  const o = new EasyOptions();
  if (r.failOnError !== undefined) o.failOnError = r.failOnError;
  if (r.maxFileSize !== undefined) o.maxFileSize = r.maxFileSize;
  if (r.acceptEncoding !== undefined) o.acceptEncoding = r.acceptEncoding;
  if (r.httpContentDecoding !== undefined) o.httpContentDecoding = r.httpContentDecoding;
  if (r.noBody !== undefined) o.noBody = r.noBody;
  return o;
}

/** The row without its expectation, for the test's name. */
function label(r: Row): string {
  const { want: _, ...rest } = r;
  return JSON.stringify(rest);
}

function check(rows: Row[]): void {
  for (const r of rows) {
    test(`${label(r)} -> ${NAMES[r.want]}`, () => {
      const got = headVerdict(facts(r), options(r), r.expect100 ?? false, authOf(r));
      expect(NAMES[got]).toBe(NAMES[r.want]!);
    });
  }
}

test("the defaults (a plain 200, no options) deliver", () => {
  const o = new EasyOptions();
  expect(o.failOnError).toBe(0);
  expect(o.maxFileSize).toBe(0);
  expect(o.acceptEncoding).toBeNull();
  expect(o.httpContentDecoding).toBe(1);
  expect(o.noBody).toBe(0);
  expect(headVerdict(facts({ status: 200, want: 0 }), o, false, 0)).toBe(HEAD_DELIVER);
});

describe("authentication", () => {
  check([
    // A 401 whose challenge picked a method: asked again, its body read past.
    { status: 401, auth: AUTH_AGAIN, want: HEAD_AUTH },
    // CURLOPT_FAILONERROR and a 401 with credentials that failed (auth/act.ts decides).
    { status: 401, failOnError: 1, auth: AUTH_FAIL, want: HEAD_FAIL_STATUS },
    // Without credentials a 401 under FAILONERROR fails; without FAILONERROR it is the answer.
    { status: 401, failOnError: 1, want: HEAD_FAIL_STATUS },
    { status: 401, want: HEAD_DELIVER },
    { status: 407, failOnError: 1, want: HEAD_FAIL_STATUS },
    // A redirect wins over an auth repeat (a 3xx is never picked for one).
    { status: 302, newUrl: true, auth: AUTH_AGAIN, want: HEAD_FOLLOW },
  ]);
  test("an auth repeat skips the body", () => {
    expect(skipsBody(HEAD_AUTH)).toBe(true);
  });
});

describe("redirects", () => {
  check([
    { status: 301, newUrl: true, want: HEAD_FOLLOW },
    { status: 302, newUrl: true, want: HEAD_FOLLOW },
    { status: 307, newUrl: true, closing: true, want: HEAD_FOLLOW },
    // newUrl is the parser's word (FOLLOWLOCATION on, a Location): a 3xx without it is delivered.
    { status: 302, want: HEAD_DELIVER },
    { status: 302, failOnError: 1, want: HEAD_DELIVER },
    // Following wins over every later rule.
    { status: 302, newUrl: true, failOnError: 1, want: HEAD_FOLLOW },
    { status: 302, newUrl: true, maxFileSize: 10, contentLength: 1000, want: HEAD_FOLLOW },
    {
      status: 302,
      newUrl: true,
      acceptEncoding: "",
      contentEncoding: "gzip",
      want: HEAD_FOLLOW,
    },
    { status: 302, newUrl: true, expect100: true, want: HEAD_FOLLOW },
  ]);
});

describe("417 Expectation Failed", () => {
  check([
    { status: 417, expect100: true, want: HEAD_REPEAT },
    // Asking again wins over CURLOPT_FAILONERROR and the size limit.
    { status: 417, expect100: true, failOnError: 1, want: HEAD_REPEAT },
    { status: 417, expect100: true, maxFileSize: 1, contentLength: 50, want: HEAD_REPEAT },
    // The connection closes anyway: no repeat, the 417 is the answer.
    { status: 417, expect100: true, closing: true, want: HEAD_DELIVER },
    { status: 417, expect100: true, closing: true, failOnError: 1, want: HEAD_FAIL_STATUS },
    // We sent no Expect: a 417 like any other status.
    { status: 417, want: HEAD_DELIVER },
    { status: 417, failOnError: 1, want: HEAD_FAIL_STATUS },
    // Expect: 100-continue and another status: no repeat.
    { status: 400, expect100: true, want: HEAD_DELIVER },
    { status: 200, expect100: true, want: HEAD_DELIVER },
  ]);
});

describe("CURLOPT_FAILONERROR", () => {
  check([
    { status: 400, failOnError: 1, want: HEAD_FAIL_STATUS },
    { status: 404, failOnError: 1, want: HEAD_FAIL_STATUS },
    { status: 500, failOnError: 1, want: HEAD_FAIL_STATUS },
    { status: 599, failOnError: 1, closing: true, want: HEAD_FAIL_STATUS },
    { status: 399, failOnError: 1, want: HEAD_DELIVER },
    { status: 200, failOnError: 1, want: HEAD_DELIVER },
    { status: 404, want: HEAD_DELIVER },
    { status: 500, failOnError: 0, want: HEAD_DELIVER },
    // The status fails first: before the size and the decoding.
    { status: 404, failOnError: 1, maxFileSize: 10, contentLength: 1000, want: HEAD_FAIL_STATUS },
    {
      status: 404,
      failOnError: 1,
      acceptEncoding: "",
      contentEncoding: "gzip",
      want: HEAD_FAIL_STATUS,
    },
    // Without it, an error page is decoded like any body.
    { status: 404, acceptEncoding: "", contentEncoding: "gzip", want: HEAD_DECODE },
  ]);
});

describe("CURLOPT_MAXFILESIZE", () => {
  check([
    { status: 200, maxFileSize: 99, contentLength: 100, want: HEAD_FAIL_SIZE },
    { status: 200, maxFileSize: 1, contentLength: 100, want: HEAD_FAIL_SIZE },
    { status: 200, maxFileSize: 100, contentLength: 100, want: HEAD_DELIVER },
    { status: 200, maxFileSize: 101, contentLength: 100, want: HEAD_DELIVER },
    // 0 is no limit; an unknown length (-1: absent or chunked) is left to the body's count.
    { status: 200, maxFileSize: 0, contentLength: 1e12, want: HEAD_DELIVER },
    { status: 200, maxFileSize: 1, contentLength: -1, want: HEAD_DELIVER },
    { status: 200, maxFileSize: 1, contentLength: 0, want: HEAD_DELIVER },
    // The size fails before the decoding.
    {
      status: 200,
      maxFileSize: 10,
      contentLength: 11,
      acceptEncoding: "",
      contentEncoding: "gzip",
      want: HEAD_FAIL_SIZE,
    },
    // A status failOnError lets through still meets the size limit.
    { status: 399, failOnError: 1, maxFileSize: 10, contentLength: 11, want: HEAD_FAIL_SIZE },
  ]);
});

describe("content decoding", () => {
  check([
    { status: 200, acceptEncoding: "", contentEncoding: "gzip", want: HEAD_DECODE },
    { status: 200, acceptEncoding: "gzip", contentEncoding: "gzip", want: HEAD_DECODE },
    // The verdict does not match the encodings: the decoder says what it cannot undo.
    { status: 200, acceptEncoding: "br", contentEncoding: "gzip, deflate", want: HEAD_DECODE },
    // CURLOPT_ACCEPT_ENCODING not set (null): delivered as it comes.
    { status: 200, acceptEncoding: null, contentEncoding: "gzip", want: HEAD_DELIVER },
    { status: 200, contentEncoding: "gzip", want: HEAD_DELIVER },
    // CURLOPT_HTTP_CONTENT_DECODING 0: raw.
    {
      status: 200,
      acceptEncoding: "",
      httpContentDecoding: 0,
      contentEncoding: "gzip",
      want: HEAD_DELIVER,
    },
    // No Content-Encoding: nothing to decode.
    { status: 200, acceptEncoding: "", contentEncoding: "", want: HEAD_DELIVER },
    // CURLOPT_NOBODY: no body to decode.
    { status: 200, acceptEncoding: "", contentEncoding: "gzip", noBody: 1, want: HEAD_DELIVER },
    // Any non-zero httpContentDecoding counts as on.
    {
      status: 200,
      acceptEncoding: "",
      httpContentDecoding: 2,
      contentEncoding: "gzip",
      want: HEAD_DECODE,
    },
  ]);
});

describe("skipsBody", () => {
  const rows: [number, boolean][] = [
    [HEAD_NONE, false],
    [HEAD_DELIVER, false],
    [HEAD_DECODE, false],
    [HEAD_FOLLOW, true],
    [HEAD_REPEAT, true],
    [HEAD_FAIL_STATUS, false],
    [HEAD_FAIL_SIZE, false],
  ];
  for (const [v, want] of rows)
    test(`${NAMES[v]} -> ${want}`, () => {
      expect(skipsBody(v)).toBe(want);
    });

  test("the verdict constants are distinct", () => {
    expect(new Set(rows.map(([v]) => v)).size).toBe(rows.length);
  });
});
