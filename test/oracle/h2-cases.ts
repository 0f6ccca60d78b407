// The HTTP/2 oracle: a table of transfers against the nginx fixture (test/helpers/nginx.ts), each run
// through the system libcurl (curl-child.ts) and through multisock (compare.ts runMultisock), compared
// on result, response code, body, redirect count and HTTP version. Each case also states what
// libcurl 7.88 answers, so the libcurl side is checked on its own while multisock has no h2.
// A case marked `h2` needs multisock to speak HTTP/2 (or to accept an HTTP/2 httpVersion): its
// comparison runs only when MULTISOCK_SPEAKS_H2 is true (env MULTISOCK_H2_ORACLE=1).

import type { NginxServer } from "../helpers/nginx.ts";
import { fixtureBytes, GZIP_PATH, gzipText, NGINX_CA, type NginxPort } from "../helpers/nginx.ts";
import { type CurlPool, HANG_MS, type Outcome, runMultisock } from "./compare.ts";
import { hashBytes } from "./curl-child.ts";
import type { CaseOptions } from "./mutations.ts";

/**
 * Switch for the multisock side of the `h2` cases: false while the engine has no HTTP/2 (their
 * comparisons are test.todo), true with MULTISOCK_H2_ORACLE=1. Set it to true when h2 lands.
 */
export const MULTISOCK_SPEAKS_H2 = true;

/** What one side answered, in the compared fields. */
export interface H2Expect {
  result: number;
  responseCode: number;
  /** CURLINFO_HTTP_VERSION: 2 = HTTP/1.1, 3 = HTTP/2 (0 when no response came). */
  httpVersion: number;
  redirectCount: number;
  /** The body delivered to the write callback. */
  body: Uint8Array;
  /** CURLINFO_NUM_CONNECTS, checked on the libcurl side only (multisock may pool differently). */
  numConnects?: number;
}

export interface H2Case {
  name: string;
  port: NginxPort;
  path: string;
  /** Client options for both sides (caInfo is added for TLS ports unless sslVerifyPeer is set). */
  options: CaseOptions;
  /** True when the case needs HTTP/2 in multisock (an h2 answer, or an HTTP/2 httpVersion). */
  h2: boolean;
  /** What libcurl 7.88.1 (Debian 12) answers: asserted on every run. */
  libcurl: H2Expect;
  /**
   * Where current curl answers otherwise than 7.88: what multisock must match instead, and why
   * (the same policy as known-differences.ts).
   */
  current?: { expect: H2Expect; reason: string };
}

const enc = new TextEncoder();
const b = (n: number) => fixtureBytes(n);
const t = (s: string) => enc.encode(s);
const NONE = new Uint8Array(0);
const POST_BODY = "k=".padEnd(3000, "v");

const ok = (httpVersion: number, body: Uint8Array, more: Partial<H2Expect> = {}): H2Expect => ({
  result: 0,
  responseCode: 200,
  httpVersion,
  redirectCount: 0,
  body,
  numConnects: 1,
  ...more,
});

/** A transfer that ended with `result` (no body delivered); `more` says how far it got. */
const fail = (result: number, more: Partial<H2Expect> = {}): H2Expect =>
  ok(0, NONE, { result, responseCode: 0, ...more });

/** The table; every case names its port, path, options and libcurl 7.88's answer. */
export function h2Cases(): H2Case[] {
  return [
    // libcurl's default CURLOPT_HTTP_VERSION is 2TLS: h2 by ALPN over TLS.
    c("default version on TLS", "tls", "/bytes/1024", {}, true, ok(3, b(1024))),
    c("1.1 on TLS", "tls", "/bytes/1024", { httpVersion: "1.1" }, false, ok(2, b(1024))),
    c("2 on TLS", "tls", "/bytes/1024", { httpVersion: "2" }, true, ok(3, b(1024))),
    c("2tls on TLS", "tls", "/bytes/1024", { httpVersion: "2tls" }, true, ok(3, b(1024))),
    c("2prior on h2c", "h2c", "/bytes/1024", { httpVersion: "2prior" }, true, ok(3, b(1024))),
    // "2" on plain http sends Upgrade: h2c; nginx ignores it and answers in HTTP/1.1.
    c(
      "2 on plain h1 (Upgrade ignored)",
      "h1",
      "/bytes/1024",
      { httpVersion: "2" },
      true,
      ok(2, b(1024)),
    ),
    c("2tls on plain h1", "h1", "/bytes/1024", { httpVersion: "2tls" }, true, ok(2, b(1024))),
    // An HTTP/1.1 request (with Upgrade) to the h2c-only port: nginx answers with a GOAWAY frame,
    // which libcurl reads as HTTP/0.9 and refuses (1, "Received HTTP/0.9 when not allowed").
    c(
      "2 on h2c port (no prior knowledge)",
      "h2c",
      "/bytes/1024",
      { httpVersion: "2" },
      true,
      fail(1),
    ),
    c(
      "default version on h1 TLS port (ALPN http/1.1)",
      "h1tls",
      "/bytes/1024",
      {},
      false,
      ok(2, b(1024)),
    ),
    c("default version on plain h1", "h1", "/bytes/1024", {}, false, ok(2, b(1024))),
    c(
      "redirects on h2",
      "tls",
      "/redirect/3",
      { followLocation: true },
      true,
      ok(3, t("done"), { redirectCount: 3 }),
    ),
    c(
      "redirects on h1",
      "h1",
      "/redirect/3",
      { followLocation: true },
      false,
      ok(2, t("done"), { redirectCount: 3 }),
    ),
    c(
      "absolute redirect on h2",
      "tls",
      "/abs-redirect",
      { followLocation: true },
      true,
      ok(3, b(1024), { redirectCount: 1 }),
    ),
    {
      // libcurl 7.88 cannot reuse a prior-knowledge connection: the second request fails (16).
      ...c(
        "redirects on h2c prior knowledge",
        "h2c",
        "/redirect/3",
        {
          httpVersion: "2prior",
          followLocation: true,
        },
        true,
        fail(16, { responseCode: 302, httpVersion: 3, redirectCount: 1 }),
      ),
      current: {
        expect: ok(3, t("done"), { redirectCount: 3 }),
        reason:
          "curl#10634 (fixed in 8.0.0 by #10643): 7.88 stacked a second HTTP/2 filter on a reused prior-knowledge connection; current curl reuses it",
      },
    },
    c("HEAD on h2", "tls", "/bytes/65536", { noBody: true }, true, ok(3, NONE)),
    c("HEAD on h1", "h1", "/bytes/65536", { noBody: true }, false, ok(2, NONE)),
    c(
      "404 with failOnError on h2",
      "tls",
      "/status/404",
      { failOnError: true },
      true,
      fail(22, { responseCode: 404, httpVersion: 3 }),
    ),
    c(
      "404 body on h2",
      "tls",
      "/status/404",
      {},
      true,
      ok(3, t("not found\n"), { responseCode: 404 }),
    ),
    c("204 on h2", "tls", "/status/204", {}, true, ok(3, NONE, { responseCode: 204 })),
    c("gzip decoded on h2", "tls", GZIP_PATH, { acceptEncoding: "" }, true, ok(3, t(gzipText()))),
    c("gzip decoded on h1", "h1", GZIP_PATH, { acceptEncoding: "" }, false, ok(2, t(gzipText()))),
    c("empty body on h2", "tls", "/bytes/0", {}, true, ok(3, NONE)),
    c("1 MiB on h2", "tls", "/bytes/1048576", {}, true, ok(3, b(1048576))),
    c("1 MiB on h2c", "h2c", "/bytes/1048576", { httpVersion: "2prior" }, true, ok(3, b(1048576))),
    c("POST 3 KB on h2", "tls", "/upload", { postFields: POST_BODY }, true, ok(3, t("ok"))),
    c("POST 3 KB on h1", "h1", "/upload", { postFields: POST_BODY }, false, ok(2, t("ok"))),
    c("TLS without the CA (60)", "tls", "/bytes/1", { sslVerifyPeer: true }, false, fail(60)),
    c("TLS unverified on h2", "tls", "/bytes/1", { sslVerifyPeer: false }, true, ok(3, b(1))),
  ];
}

function c(
  name: string,
  port: NginxPort,
  path: string,
  options: CaseOptions,
  h2: boolean,
  libcurl: H2Expect,
): H2Case {
  return { name, port, path, options, h2, libcurl };
}

/** The options both sides get: the case's, plus the fixture CA on TLS ports unless verify is set. */
export function jobOptions(c: H2Case): CaseOptions {
  const tls = c.port === "tls" || c.port === "h1tls";
  return tls && c.options.sslVerifyPeer === undefined
    ? { caInfo: NGINX_CA, ...c.options }
    : c.options;
}

/** The compared fields of an outcome that differ from `want` ("body" covers length and hash). */
export function diffOutcome(want: H2Expect, got: Outcome, withConnects = false): string[] {
  const d: string[] = [];
  const f = (k: string, w: number, g: number) => {
    if (w !== g) d.push(`${k} want ${w} got ${g}`);
  };
  f("result", want.result, got.result);
  f("responseCode", want.responseCode, got.responseCode);
  f("httpVersion", want.httpVersion, got.httpVersion);
  f("redirectCount", want.redirectCount, got.redirectCount);
  if (want.body.length !== got.bodyLength || hashBytes(want.body) !== got.bodyHash)
    d.push(`body want ${want.body.length} bytes got ${got.bodyLength}`);
  if (withConnects && want.numConnects !== undefined)
    f("numConnects", want.numConnects, got.numConnects);
  if (got.hang) d.push("hang");
  if (got.exception) d.push(`exception ${got.exception.split("\n")[0]}`);
  return d;
}

/** Runs the case through libcurl (the pool's children) with the hang limit of compare.ts. */
export async function runH2Curl(pool: CurlPool, s: NginxServer, c: H2Case): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((res) => {
    timer = setTimeout(() => res("hang"), HANG_MS);
  });
  const a = await Promise.race([pool.run({ url: s.url(c.port, c.path), ...jobOptions(c) }), hang]);
  clearTimeout(timer);
  const empty = { responseCode: 0, bodyHash: "", bodyLength: 0, redirectCount: 0, errorBuffer: "" };
  const none = { ...empty, httpVersion: 0, numConnects: 0, ms: 0 };
  if (a === "hang") {
    await pool.restart();
    return { ...none, result: -1, hang: true };
  }
  if ("error" in a) return { ...none, result: -1, exception: a.error };
  return a;
}

/** Runs the case through multisock (fresh Multi and BunDriver, public API only). */
export function runH2Multisock(s: NginxServer, c: H2Case): Promise<Outcome> {
  const o = jobOptions(c);
  return runMultisock(s.url(c.port, c.path), {
    name: c.name,
    start: c.path,
    scripts: {},
    options: o,
    base: "nginx",
    mutation: "none",
  });
}

/** What multisock must answer: current curl's answer where it differs from 7.88, else 7.88's. */
export function expectedForMultisock(c: H2Case): H2Expect {
  return c.current?.expect ?? c.libcurl;
}

/** One line per side for a failing comparison. */
export function describeH2(c: H2Case, curl: Outcome, ms: Outcome): string {
  const f = (o: Outcome) =>
    `result=${o.result} code=${o.responseCode} http=${o.httpVersion} body=${o.bodyLength}:${o.bodyHash.slice(0, 8)} redirects=${o.redirectCount} connects=${o.numConnects}${o.errorBuffer ? ` err=${JSON.stringify(o.errorBuffer)}` : ""}`;
  return `${c.name} [${c.port} ${c.path} ${JSON.stringify(c.options)}]\n  libcurl:   ${f(curl)}\n  multisock: ${f(ms)}${ms.exception ? `\n  exception: ${ms.exception.split("\n")[0]}` : ""}`;
}
