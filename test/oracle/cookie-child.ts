// The libcurl side of the cookie oracle: run as a child process (`bun test/oracle/cookie-child.ts`)
// with one JSON job on stdin, it runs the job's URLs one after another on ONE easy handle of the
// system libcurl (the cookie engine on, as the job says), then reads CURLINFO_COOKIELIST, cleans the
// handle up (which writes the jar) and prints one JSON line: the results, the list and the jar text.
// "unavailable <reason>" instead when libcurl.so.4 cannot be loaded.

import { dlopen, FFIType, JSCallback, ptr, read, toArrayBuffer } from "bun:ffi";
import { readFileSync } from "node:fs";

/** One cookie job: the same steps run through multisock by the test. */
export interface CookieJob {
  /** The URLs to perform, in order, on one handle. */
  urls: string[];
  /** CURLOPT_COOKIEFILE names ("" starts the engine empty). */
  cookieFile?: string[];
  /** CURLOPT_COOKIEJAR. */
  cookieJar?: string;
  /** CURLOPT_COOKIELIST lines, set before the first perform. */
  cookieList?: string[];
  cookieSession?: boolean;
  /** CURLOPT_COOKIE. */
  cookie?: string;
  /** CURLOPT_RESOLVE entries ("host:port:127.0.0.1"). */
  resolve?: string[];
  followLocation?: boolean;
  /** CURLOPT_HTTPHEADER lines. */
  httpHeader?: string[];
}

/** What libcurl did. */
export interface CookieAnswer {
  results: number[];
  /** CURLINFO_COOKIELIST after the last perform (null for a NULL list). */
  cookieList: string[] | null;
  /** The jar file after curl_easy_cleanup, or null when none was written. */
  jar: string | null;
  version: string;
}

const OPT = {
  URL: 10002,
  WRITEFUNCTION: 20011,
  HTTPHEADER: 10023,
  COOKIE: 10022,
  COOKIEFILE: 10031,
  FOLLOWLOCATION: 52,
  COOKIEJAR: 10082,
  COOKIESESSION: 96,
  NOSIGNAL: 99,
  COOKIELIST: 10135,
  TIMEOUT_MS: 155,
  PROXY: 10004,
  NOPROXY: 10177,
  RESOLVE: 10203,
} as const;
const INFO_COOKIELIST = 0x400000 + 28;
const LIB = process.env.ORACLE_LIBCURL ?? "libcurl.so.4";

function load() {
  const base = dlopen(LIB, {
    curl_global_init: { args: [FFIType.i64], returns: FFIType.i32 },
    curl_version: { args: [], returns: FFIType.cstring },
    curl_easy_init: { args: [], returns: FFIType.ptr },
    curl_easy_cleanup: { args: [FFIType.ptr], returns: FFIType.void },
    curl_easy_perform: { args: [FFIType.ptr], returns: FFIType.i32 },
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.i64], returns: FFIType.i32 },
    curl_easy_getinfo: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    curl_slist_append: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.ptr },
    curl_slist_free_all: { args: [FFIType.ptr], returns: FFIType.void },
  });
  const withPtr = dlopen(LIB, {
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
  });
  return { ...base.symbols, setoptPtr: withPtr.symbols.curl_easy_setopt };
}

/** The C string at p as latin1 (one char per byte, as the jar file is read). */
function latin1At(p: number): string {
  let n = 0;
  while (read.u8(p as never, n) !== 0) n++;
  return Buffer.from(toArrayBuffer(p as never, 0, n)).toString("latin1");
}

function cstr(s: string): Buffer {
  return Buffer.from(`${s}\0`, "latin1");
}

function run(job: CookieJob): CookieAnswer {
  const c = load();
  c.curl_global_init(3n);
  const version = String(c.curl_version());
  const h = c.curl_easy_init();
  if (h === null) throw new Error("curl_easy_init returned NULL");
  const keep: Buffer[] = [];
  const str = (opt: number, v: string) => {
    const b = cstr(v);
    keep.push(b);
    return c.setoptPtr(h, opt, ptr(b));
  };
  const slist = (lines: string[]) => {
    let l: ReturnType<typeof c.curl_slist_append> = null;
    for (const line of lines) l = c.curl_slist_append(l, ptr(cstr(line)));
    return l;
  };
  const sink = new JSCallback(
    (_p: number, size: number | bigint, n: number | bigint) => Number(size) * Number(n),
    {
      args: [FFIType.ptr, FFIType.u64, FFIType.u64, FFIType.ptr],
      returns: FFIType.u64,
    },
  );
  c.setoptPtr(h, OPT.WRITEFUNCTION, sink.ptr);
  c.curl_easy_setopt(h, OPT.NOSIGNAL, 1n);
  c.curl_easy_setopt(h, OPT.TIMEOUT_MS, 10_000n);
  str(OPT.PROXY, "");
  str(OPT.NOPROXY, "*");
  for (const f of job.cookieFile ?? []) str(OPT.COOKIEFILE, f);
  if (job.cookieJar !== undefined) str(OPT.COOKIEJAR, job.cookieJar);
  if (job.cookieSession) c.curl_easy_setopt(h, OPT.COOKIESESSION, 1n);
  if (job.cookie !== undefined) str(OPT.COOKIE, job.cookie);
  if (job.followLocation) c.curl_easy_setopt(h, OPT.FOLLOWLOCATION, 1n);
  const resolve = job.resolve ? slist(job.resolve) : null;
  if (resolve !== null) c.setoptPtr(h, OPT.RESOLVE, resolve);
  const headers = job.httpHeader ? slist(job.httpHeader) : null;
  if (headers !== null) c.setoptPtr(h, OPT.HTTPHEADER, headers);
  for (const line of job.cookieList ?? []) str(OPT.COOKIELIST, line);
  const results: number[] = [];
  for (const url of job.urls) {
    str(OPT.URL, url);
    results.push(c.curl_easy_perform(h));
  }
  const out = new BigUint64Array(1);
  c.curl_easy_getinfo(h, INFO_COOKIELIST, ptr(out));
  let cookieList: string[] | null = null;
  let node = Number(out[0]);
  const head = node;
  while (node !== 0) {
    cookieList ??= [];
    cookieList.push(latin1At(read.ptr(node, 0) as number));
    node = read.ptr(node, 8) as number;
  }
  if (head !== 0) c.curl_slist_free_all(head as never);
  c.curl_easy_cleanup(h);
  if (resolve !== null) c.curl_slist_free_all(resolve);
  if (headers !== null) c.curl_slist_free_all(headers);
  let jar: string | null = null;
  if (job.cookieJar !== undefined && job.cookieJar !== "-") {
    try {
      jar = readFileSync(job.cookieJar, "latin1");
    } catch {
      jar = null;
    }
  }
  return { results, cookieList, jar, version };
}

if (import.meta.main) {
  try {
    load();
  } catch (e) {
    process.stdout.write(`unavailable ${String((e as Error).message ?? e).replace(/\n/g, " ")}\n`);
    process.exit(0);
  }
  const job = JSON.parse(await Bun.stdin.text()) as CookieJob;
  process.stdout.write(`${JSON.stringify(run(job))}\n`);
}
