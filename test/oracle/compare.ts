// Runs one oracle case through libcurl (a pool of curl-child.ts processes) and through multisock (in
// this process, public API only), against the same scripted RawServer, and compares result code,
// response code, body (hash + length) and redirect count. Known libcurl 7.88 vs current-curl
// differences are applied from known-differences.ts: the expectation follows current curl.

import { dlopen, FFIType } from "bun:ffi";
import { join } from "node:path";
import type { Subprocess } from "bun";
import {
  BunDriver,
  CURL_HTTP_VERSION_1_0,
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_HTTP_VERSION_2TLS,
  CURLE_OK,
  Easy,
  Multi,
} from "../../src/index.ts";
import { type CurlAnswer, type CurlJob, type HttpVersionName, hashBytes } from "./curl-child.ts";
import { applyKnownDifferences, rewriteForCurrentCurl } from "./known-differences.ts";
import type { OracleCase } from "./mutations.ts";
import type { RawServer } from "./raw-server.ts";

/** The fields compared, for either side: libcurl's answer (less its job id) and more. */
export interface Outcome extends Omit<CurlAnswer, "id"> {
  /** Set when the side did not finish within the hang limit. */
  hang?: boolean;
  /** Set when multisock threw (message and stack). */
  exception?: string;
}

export interface Verdict {
  case: OracleCase;
  curl: Outcome;
  /** libcurl's answer with the known-difference rules applied (what multisock must return). */
  expected: Outcome;
  ms: Outcome;
  /** Names of the known-difference rules applied to libcurl's answer. */
  rules: string[];
  /** The fields that differ (empty: agreement). */
  diffs: string[];
  /** A short class for grouping, e.g. "result 56/18". */
  category: string;
  /** Why nothing was compared (no oracle answer for this case), when so. */
  skip?: string;
  /** The requests each side sent (normalised), for the request comparison. */
  requests?: { curl: string[]; ms: string[] };
}

const CHILD = join(import.meta.dir, "curl-child.ts");
export const HANG_MS = 10_000;
/** ORACLE_RAW=1: compare with libcurl 7.88's answers as they are (no known-difference rules). */
const RAW = process.env.ORACLE_RAW === "1";

interface ChildSlot {
  proc: Subprocess<"pipe", "pipe", "inherit">;
  waiting: Map<number, (a: CurlAnswer | { id: number; error: string }) => void>;
  busy: number;
}

/** A pool of libcurl child processes; each runs its jobs one at a time. */
export class CurlPool {
  private slots: ChildSlot[] = [];
  private nextId = 1;
  private rr = 0;
  version = "";

  private constructor() {}

  /** Starts `n` children; resolves undefined (with the reason) when libcurl.so.4 cannot be loaded. */
  static async start(n: number): Promise<{ pool?: CurlPool; reason?: string }> {
    const pool = new CurlPool();
    for (let i = 0; i < n; i++) {
      const r = await pool.spawn();
      if (r !== undefined) {
        pool.close();
        return { reason: r };
      }
    }
    return { pool };
  }

  private async spawn(): Promise<string | undefined> {
    const proc = Bun.spawn(["bun", CHILD], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
    const slot: ChildSlot = { proc, waiting: new Map(), busy: 0 };
    const reader = proc.stdout.getReader();
    const dec = new TextDecoder();
    let pending = "";
    let first: ((line: string) => void) | undefined;
    const firstLine = new Promise<string>((res) => {
      first = res;
    });
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        pending += dec.decode(value, { stream: true });
        let nl = pending.indexOf("\n");
        while (nl >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (first) {
            const f = first;
            first = undefined;
            f(line);
          } else {
            const a = JSON.parse(line) as CurlAnswer;
            const w = slot.waiting.get(a.id);
            slot.waiting.delete(a.id);
            slot.busy--;
            w?.(a);
          }
          nl = pending.indexOf("\n");
        }
      }
      first?.("unavailable child exited");
      for (const [id, w] of slot.waiting) w({ id, error: "libcurl child exited" });
      slot.waiting.clear();
    })();
    const line = await firstLine;
    if (!line.startsWith("ready ")) {
      proc.kill();
      return line.replace(/^unavailable /, "");
    }
    this.version = line.slice(6);
    this.slots.push(slot);
    return undefined;
  }

  /** Runs a job on the least busy child. */
  run(job: Omit<CurlJob, "id">): Promise<CurlAnswer | { id: number; error: string }> {
    const id = this.nextId++;
    let slot = this.slots[this.rr++ % this.slots.length]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    slot.busy++;
    return new Promise((res) => {
      slot.waiting.set(id, res);
      slot.proc.stdin.write(`${JSON.stringify({ ...job, id })}\n`);
      slot.proc.stdin.flush();
    });
  }

  /** A child stuck in curl_easy_perform (a hang) is killed and replaced. */
  async restart(): Promise<void> {
    for (const s of this.slots) s.proc.kill();
    const n = this.slots.length;
    this.slots = [];
    for (let i = 0; i < n; i++) await this.spawn();
  }

  close(): void {
    for (const s of this.slots) {
      s.proc.stdin.end();
      s.proc.kill();
    }
    this.slots = [];
  }
}

/** CurlJob's httpVersion names as multisock's CURL_HTTP_VERSION_* values (the same numbers). */
const MS_HTTP_VERSION: Record<HttpVersionName, number> = {
  "1.0": CURL_HTTP_VERSION_1_0,
  "1.1": CURL_HTTP_VERSION_1_1,
  "2": CURL_HTTP_VERSION_2_0,
  "2tls": CURL_HTTP_VERSION_2TLS,
  "2prior": CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
};

/**
 * Runs the case through multisock with a fresh Multi + BunDriver (no reuse across cases). An option
 * setopt refuses (e.g. an HTTP/2 httpVersion before the engine speaks h2) is reported as an exception.
 */
export async function runMultisock(url: string, c: OracleCase): Promise<Outcome> {
  const t0 = performance.now();
  const o = c.options;
  const chunks: Uint8Array[] = [];
  const multi = new Multi();
  let result = -1;
  let finished = false;
  let exception: string | undefined;
  const driver = new BunDriver(multi, {
    onDone(e, r) {
      result = r;
      finished = true;
      multi.removeHandle(e);
    },
  });
  const easy = new Easy();
  const set = (k: string, v: unknown) => {
    const rc = easy.setopt(k, v);
    if (rc !== CURLE_OK) throw new Error(`setopt ${k}=${String(v)} returned ${rc}`);
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    set("url", url);
    set("writeFunction", (d: Uint8Array) => {
      chunks.push(d.slice());
      return d.length;
    });
    if (o.followLocation) set("followLocation", 1);
    if (o.maxRedirs !== undefined) set("maxRedirs", o.maxRedirs);
    if (typeof o.acceptEncoding === "string") set("acceptEncoding", o.acceptEncoding);
    if (o.noBody) set("noBody", 1);
    set("timeoutMs", o.timeoutMs ?? 10_000);
    if (o.maxFileSize !== undefined) set("maxFileSizeLarge", o.maxFileSize);
    if (o.httpVersion !== undefined) set("httpVersion", MS_HTTP_VERSION[o.httpVersion]);
    if (o.caInfo !== undefined) set("caInfo", o.caInfo);
    if (o.sslVerifyPeer !== undefined) set("sslVerifyPeer", o.sslVerifyPeer ? 1 : 0);
    if (o.customRequest !== undefined) set("customRequest", o.customRequest);
    if (o.postFields !== undefined) set("postFields", o.postFields);
    if (o.copyPostFields !== undefined) set("copyPostFields", o.copyPostFields);
    if (o.failOnError) set("failOnError", 1);
    if (o.httpContentDecoding === false) set("httpContentDecoding", 0);
    if (o.httpHeader !== undefined) set("httpHeader", o.httpHeader);
    multi.addHandle(easy);
    const hang = new Promise<"hang">((res) => {
      timer = setTimeout(() => res("hang"), HANG_MS);
    });
    const r = await Promise.race([driver.run(), hang]);
    if (r === "hang" && !finished) {
      exception = undefined;
      result = -1;
    }
  } catch (e) {
    exception = e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e);
  } finally {
    clearTimeout(timer);
  }
  const info = (k: string) => {
    try {
      return easy.getinfo(k);
    } catch (e) {
      exception ??= `getinfo ${k}: ${String(e)}`;
      return undefined;
    }
  };
  const body = concatChunks(chunks);
  const out: Outcome = {
    result,
    responseCode: Number(info("responseCode") ?? 0),
    bodyHash: hashBytes(body),
    bodyLength: body.length,
    body: body.length <= 4096 ? Buffer.from(body).toString("base64") : undefined,
    redirectCount: Number(info("redirectCount") ?? 0),
    errorBuffer: String(info("errorBuffer") ?? ""),
    httpVersion: Number(info("httpVersion") ?? 0),
    numConnects: Number(info("numConnects") ?? 0),
    hang: !finished && exception === undefined ? true : undefined,
    exception,
    ms: Math.round(performance.now() - t0),
  };
  try {
    driver.close();
    if (!finished) multi.removeHandle(easy);
    multi.close();
  } catch (e) {
    out.exception ??= `cleanup: ${String(e)}`;
  }
  return out;
}

function concatChunks(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Runs libcurl with a hang limit: a child that does not answer in time is reported as a hang. */
async function runCurl(pool: CurlPool, url: string, c: OracleCase): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<"hang">((res) => {
    timer = setTimeout(() => res("hang"), HANG_MS);
  });
  const a = await Promise.race([pool.run({ url, ...c.options }), hang]);
  clearTimeout(timer);
  if (a === "hang") {
    await pool.restart();
    return empty({ hang: true, result: -1 });
  }
  if ("error" in a) return empty({ exception: a.error, result: -1 });
  return a;
}

function empty(over: Partial<Outcome>): Outcome {
  return {
    result: -1,
    responseCode: 0,
    bodyHash: "",
    bodyLength: 0,
    redirectCount: 0,
    errorBuffer: "",
    httpVersion: 0,
    numConnects: 0,
    ms: 0,
    ...over,
  };
}

let caseSeq = 0;

/** Runs one case on both sides at once (the server is stateless per path) and compares. */
export async function runCase(pool: CurlPool, server: RawServer, c: OracleCase): Promise<Verdict> {
  // libcurl 7.88 may run a rewritten response that it answers the way current curl answers the original.
  const rw = RAW ? { case: c, rules: [] } : rewriteForCurrentCurl(c);
  const tag = `${++caseSeq}-${Math.random().toString(36).slice(2, 8)}`;
  const msDir = `/m${tag}/`;
  const curlDir = `/c${tag}/`;
  for (const [p, s] of Object.entries(c.scripts)) server.set(msDir + p, s);
  for (const [p, s] of Object.entries(rw.case.scripts)) server.set(curlDir + p, s);
  const [curl, ms] = await Promise.all([
    runCurl(pool, server.origin + curlDir + c.start, rw.case),
    runMultisock(server.origin + msDir + c.start, c),
  ]);
  for (const p of Object.keys(c.scripts)) {
    server.delete(msDir + p);
    server.delete(curlDir + p);
  }
  const msReq = server.takeRequests(msDir).map((r) => normalizeRequest(r, msDir));
  const curlReq = server.takeRequests(curlDir).map((r) => normalizeRequest(r, curlDir));
  const v = judge(c, curl, ms, rw.case, rw.rules);
  v.requests = { curl: curlReq, ms: msReq };
  // Compared only when libcurl ran the same bytes and both sides got the same answer sequence.
  if (v.rules.length === 0 && v.diffs.length === 0 && !sameRequests(curlReq, msReq)) {
    v.diffs.push("request");
    v.category = `request (${firstRequestDiff(curlReq, msReq)})`;
  }
  return v;
}

/** Compares the sides; the category names what differs, most telling field first. */
export function judge(
  c: OracleCase,
  curl: Outcome,
  ms: Outcome,
  ran: OracleCase = c,
  rewrites: string[] = [],
): Verdict {
  const {
    expected,
    rules: after,
    skip,
  } = RAW ? { expected: curl, rules: [], skip: undefined } : applyKnownDifferences(ran, curl, ms);
  const rules = [...rewrites, ...after];
  const diffs: string[] = [];
  if (ms.exception) diffs.push("exception");
  if (curl.hang || ms.hang) diffs.push("hang");
  if (skip === undefined) {
    if (expected.result !== ms.result) diffs.push("result");
    if (expected.responseCode !== ms.responseCode) diffs.push("responseCode");
    if (expected.bodyLength !== ms.bodyLength || expected.bodyHash !== ms.bodyHash)
      diffs.push("body");
    if (expected.redirectCount !== ms.redirectCount) diffs.push("redirectCount");
  }
  let category = skip === undefined ? "agree" : "unverified";
  if (diffs.includes("exception")) category = "exception";
  else if (diffs.includes("hang")) category = curl.hang ? "hang (libcurl)" : "hang (multisock)";
  else if (diffs.includes("result")) category = `result curl=${expected.result} ms=${ms.result}`;
  else if (diffs.includes("responseCode"))
    category = `responseCode curl=${expected.responseCode} ms=${ms.responseCode} (result ${ms.result})`;
  else if (diffs.includes("redirectCount"))
    category = `redirectCount curl=${expected.redirectCount} ms=${ms.redirectCount}`;
  else if (diffs.includes("body")) category = `body (result ${ms.result})`;
  return { case: c, curl, expected, ms, rules, diffs, category, skip };
}

/** The case's folder is per side: both become "/X/" so the requests compare. */
function normalizeRequest(raw: string, dir: string): string {
  // 7.88 writes percent-escapes in lowercase, current curl in uppercase (lib/escape.c Curl_hexbyte).
  const head = raw.indexOf("\r\n");
  const line = raw
    .slice(0, head < 0 ? raw.length : head)
    .replace(/%[0-9a-fA-F]{2}/g, (x) => x.toUpperCase());
  let out = (line + (head < 0 ? "" : raw.slice(head))).split(dir).join("/X/");
  // 7.88 sent a user Connection header among the custom headers; current curl sends it after the
  // content headers (lib/http.c http_add_connection_hd, called last): compare it at the end.
  const end = out.indexOf("\r\n\r\n");
  if (end >= 0) {
    const lines = out.slice(0, end).split("\r\n");
    const i = lines.findIndex((l, k) => k > 0 && /^connection:/i.test(l));
    if (i > 0) {
      const [conn] = lines.splice(i, 1);
      lines.push(conn!);
      out = lines.join("\r\n") + out.slice(end);
    }
  }
  return out;
}

function sameRequests(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function firstRequestDiff(a: string[], b: string[]): string {
  if (a.length !== b.length) return `libcurl sent ${a.length} requests, multisock ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const la = a[i]!.split("\r\n");
    const lb = b[i]!.split("\r\n");
    const onlyA = la.filter((l) => !lb.includes(l));
    const onlyB = lb.filter((l) => !la.includes(l));
    if (!onlyA.length && !onlyB.length) return `request ${i + 1}: same lines, other order`;
    return `request ${i + 1}: libcurl ${JSON.stringify(onlyA)} multisock ${JSON.stringify(onlyB)}`;
  }
  return "";
}

/** One line per verdict for logs. */
export function describe(v: Verdict): string {
  const f = (o: Outcome) =>
    `result=${o.result} code=${o.responseCode} body=${o.bodyLength}:${o.bodyHash.slice(0, 8)} redirects=${o.redirectCount}${o.errorBuffer ? ` err=${JSON.stringify(o.errorBuffer)}` : ""}`;
  const req =
    v.requests && v.requests.curl.join("\n") !== v.requests.ms.join("\n")
      ? `\n  requests libcurl:   ${JSON.stringify(v.requests.curl)}\n  requests multisock: ${JSON.stringify(v.requests.ms)}`
      : "";
  return `${v.case.name} [${v.case.base}] ${v.case.mutation}${req}\n  libcurl:   ${f(v.curl)}${v.rules.length ? `\n  expected:  ${f(v.expected)} (rules: ${v.rules.join(", ")})` : ""}\n  multisock: ${f(v.ms)}${v.ms.exception ? `\n  exception: ${v.ms.exception}` : ""}`;
}

/** Why Debian's libcurl cannot be loaded here ($ORACLE_LIBCURL or libcurl.so.4), or undefined. */
export function libcurlLoadError(): string | undefined {
  try {
    const lib = process.env.ORACLE_LIBCURL ?? "libcurl.so.4";
    dlopen(lib, { curl_version: { args: [], returns: FFIType.cstring } }).close();
    return undefined;
  } catch (e) {
    return String((e as Error).message ?? e);
  }
}
