// The libcurl side of the oracle: run in a child process (`bun test/oracle/curl-child.ts`), it reads
// one JSON job per stdin line, runs it through the system libcurl with curl_easy_perform (blocking, so
// never on a test's event loop) and prints one JSON result line per job. A first line "ready <version>"
// or "unavailable <reason>" says whether libcurl.so.4 could be loaded.

import { CString, dlopen, FFIType, JSCallback, ptr, toArrayBuffer } from "bun:ffi";

/** One transfer to run; the options are a small subset of CURLOPT_* in camelCase. */
export interface CurlJob {
  id: number;
  url: string;
  followLocation?: boolean;
  maxRedirs?: number;
  /** CURLOPT_ACCEPT_ENCODING: "" means every built-in coding, null or absent leaves it unset. */
  acceptEncoding?: string | null;
  noBody?: boolean;
  timeoutMs?: number;
  maxFileSize?: number;
  /** CURLOPT_HTTP_VERSION by name (HTTP_VERSION_CODES); absent leaves libcurl's default (2TLS). */
  httpVersion?: HttpVersionName;
  /** CURLOPT_CAINFO: the CA bundle (PEM path) that verifies the server. */
  caInfo?: string;
  /** CURLOPT_SSL_VERIFYPEER; absent leaves libcurl's default (verify). */
  sslVerifyPeer?: boolean;
  customRequest?: string;
  postFields?: string;
  /** As postFields, through CURLOPT_COPYPOSTFIELDS on the multisock side too (libcurl always copies). */
  copyPostFields?: string;
  failOnError?: boolean;
  httpContentDecoding?: boolean;
  /** CURLOPT_HTTPHEADER lines. */
  httpHeader?: string[];
  /** Authentication: CURLOPT_HTTPAUTH, USERPWD, XOAUTH2_BEARER, UNRESTRICTED_AUTH. */
  httpAuth?: number;
  userPwd?: string;
  xoauth2Bearer?: string;
  unrestrictedAuth?: boolean;
  /** A PUT (CURLOPT_UPLOAD) of these bytes from a read callback, with CURLOPT_INFILESIZE_LARGE... */
  readBody?: string;
  /** ...and a CURLOPT_SEEKFUNCTION that can rewind it. */
  seekable?: boolean;
  /** Proxies (CURLOPT_PROXY and friends); without `proxy` none is used, the environment's neither. */
  proxy?: string;
  preProxy?: string;
  noProxy?: string;
  proxyUserPwd?: string;
  /** CURLOPT_PROXYAUTH (CURLAUTH_* bits). */
  proxyAuth?: number;
  httpProxyTunnel?: boolean;
  connectTimeoutMs?: number;
}

/** What libcurl answered: getinfo values after curl_easy_perform returned `result`. */
export interface CurlAnswer {
  id: number;
  result: number;
  responseCode: number;
  bodyHash: string;
  bodyLength: number;
  /** The body itself, base64, when it is at most 4 KiB (for reports). */
  body?: string;
  redirectCount: number;
  errorBuffer: string;
  /** CURLINFO_HTTP_VERSION: 0 none, 1 HTTP/1.0, 2 HTTP/1.1, 3 HTTP/2. */
  httpVersion: number;
  /** CURLINFO_NUM_CONNECTS: connections this transfer had to open (0 when it reused one). */
  numConnects: number;
  /** CURLINFO_HTTPAUTH_AVAIL, asked only for jobs with credentials or httpAuth. */
  httpAuthAvail?: number;
  /** CURLINFO_PROXYAUTH_AVAIL, asked only for jobs with proxy credentials or proxyAuth. */
  proxyAuthAvail?: number;
  /** CURLINFO_HTTP_CONNECTCODE and CURLINFO_PROXY_ERROR (the proxy oracle reads them). */
  httpConnectCode?: number;
  proxyError?: number;
  ms: number;
}

/**
 * The CURL_HTTP_VERSION_* value of each name: "2" is CURL_HTTP_VERSION_2_0 (h2 by ALPN over TLS,
 * an Upgrade: h2c request on plain http), "2tls" h2 over TLS only (1.1 on plain http), "2prior" h2
 * with prior knowledge (no TLS needed).
 */
export const HTTP_VERSION_CODES = { "1.0": 1, "1.1": 2, "2": 3, "2tls": 4, "2prior": 5 } as const;
export type HttpVersionName = keyof typeof HTTP_VERSION_CODES;

// Option and info numbers from curl/curl.h (stable ABI).
const OPT = {
  URL: 10002,
  PROXY: 10004,
  ERRORBUFFER: 10010,
  WRITEFUNCTION: 20011,
  CUSTOMREQUEST: 10036,
  NOBODY: 44,
  SSL_VERIFYPEER: 64,
  CAINFO: 10065,
  FAILONERROR: 45,
  FOLLOWLOCATION: 52,
  POSTFIELDSIZE: 60,
  MAXREDIRS: 68,
  HTTP_VERSION: 84,
  NOSIGNAL: 99,
  ACCEPT_ENCODING: 10102,
  MAXFILESIZE_LARGE: 30117,
  TIMEOUT_MS: 155,
  HTTP_CONTENT_DECODING: 158,
  COPYPOSTFIELDS: 10165,
  NOPROXY: 10177,
  HTTPHEADER: 10023,
  HTTPAUTH: 107,
  USERPWD: 10005,
  XOAUTH2_BEARER: 10220,
  UNRESTRICTED_AUTH: 105,
  UPLOAD: 46,
  READFUNCTION: 20012,
  INFILESIZE_LARGE: 30115,
  SEEKFUNCTION: 20167,
  PROXYUSERPWD: 10006,
  PROXYAUTH: 111,
  HTTPPROXYTUNNEL: 61,
  PRE_PROXY: 10262,
  CONNECTTIMEOUT_MS: 156,
} as const;
const INFO = {
  RESPONSE_CODE: 0x200000 + 2,
  REDIRECT_COUNT: 0x200000 + 20,
  NUM_CONNECTS: 0x200000 + 26,
  HTTP_VERSION: 0x200000 + 46,
  HTTPAUTH_AVAIL: 0x200000 + 23,
  PROXYAUTH_AVAIL: 0x200000 + 24,
  HTTP_CONNECTCODE: 0x200000 + 22,
  PROXY_ERROR: 0x200000 + 59,
} as const;

// ORACLE_LIBCURL overrides the library (e.g. to check that the oracle skips cleanly without it).
const LIB = process.env.ORACLE_LIBCURL ?? "libcurl.so.4";

function load() {
  // curl_easy_setopt is variadic; on x86-64 SysV an integer or pointer vararg travels in the same
  // register as a fixed one, so one library handle per argument type gives a typed entry each.
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
  return {
    global_init: base.symbols.curl_global_init,
    version: base.symbols.curl_version,
    init: base.symbols.curl_easy_init,
    cleanup: base.symbols.curl_easy_cleanup,
    perform: base.symbols.curl_easy_perform,
    setoptLong: base.symbols.curl_easy_setopt,
    setoptPtr: withPtr.symbols.curl_easy_setopt,
    getinfo: base.symbols.curl_easy_getinfo,
    slistAppend: base.symbols.curl_slist_append,
    slistFree: base.symbols.curl_slist_free_all,
  };
}

function cstr(s: string): Buffer {
  return Buffer.from(`${s}\0`, "latin1");
}

/** Runs jobs one at a time through libcurl; `run` blocks the calling thread for the whole transfer. */
export class CurlRunner {
  private readonly c: ReturnType<typeof load>;
  private chunks: Uint8Array[] = [];
  private readonly write: JSCallback;
  /** The read callback's body and position, and the seek callback that rewinds it. */
  private readBytes: Buffer = Buffer.alloc(0);
  private readPos = 0;
  private readonly read: JSCallback;
  private readonly seek: JSCallback;
  readonly versionText: string;

  constructor() {
    this.c = load();
    this.c.global_init(3n); // CURL_GLOBAL_ALL
    this.versionText = String(this.c.version());
    this.write = new JSCallback(
      (p: number, size: number | bigint, n: number | bigint) => {
        const len = Number(size) * Number(n);
        if (len > 0) this.chunks.push(new Uint8Array(toArrayBuffer(p, 0, len).slice(0)));
        return len;
      },
      { args: [FFIType.ptr, FFIType.u64, FFIType.u64, FFIType.ptr], returns: FFIType.u64 },
    );
    this.read = new JSCallback(
      (p: number, size: number | bigint, n: number | bigint) => {
        const room = Number(size) * Number(n);
        const take = Math.min(room, this.readBytes.length - this.readPos);
        if (take > 0) {
          new Uint8Array(toArrayBuffer(p, 0, take)).set(
            this.readBytes.subarray(this.readPos, this.readPos + take),
          );
          this.readPos += take;
        }
        return take;
      },
      { args: [FFIType.ptr, FFIType.u64, FFIType.u64, FFIType.ptr], returns: FFIType.u64 },
    );
    this.seek = new JSCallback(
      (_u: number, offset: number | bigint) => {
        this.readPos = Number(offset);
        return 0;
      },
      { args: [FFIType.ptr, FFIType.i64, FFIType.i32], returns: FFIType.i32 },
    );
  }

  run(job: CurlJob): CurlAnswer {
    const c = this.c;
    const t0 = performance.now();
    const h = c.init();
    if (h === null) throw new Error("curl_easy_init returned NULL");
    const keep: Buffer[] = []; // buffers libcurl may read until cleanup
    const errbuf = Buffer.alloc(256);
    keep.push(errbuf);
    const str = (opt: number, v: string) => {
      const b = cstr(v);
      keep.push(b);
      return c.setoptPtr(h, opt, ptr(b));
    };
    const long = (opt: number, v: number) => c.setoptLong(h, opt, BigInt(v));
    this.chunks = [];
    str(OPT.URL, job.url);
    c.setoptPtr(h, OPT.ERRORBUFFER, ptr(errbuf));
    c.setoptPtr(h, OPT.WRITEFUNCTION, this.write.ptr);
    long(OPT.NOSIGNAL, 1);
    str(OPT.PROXY, "");
    str(OPT.NOPROXY, "*");
    if (job.followLocation) long(OPT.FOLLOWLOCATION, 1);
    if (job.maxRedirs !== undefined) long(OPT.MAXREDIRS, job.maxRedirs);
    if (typeof job.acceptEncoding === "string") str(OPT.ACCEPT_ENCODING, job.acceptEncoding);
    if (job.noBody) long(OPT.NOBODY, 1);
    long(OPT.TIMEOUT_MS, job.timeoutMs ?? 10_000);
    if (job.maxFileSize !== undefined) long(OPT.MAXFILESIZE_LARGE, job.maxFileSize);
    if (job.httpVersion !== undefined) {
      const v = HTTP_VERSION_CODES[job.httpVersion];
      if (v === undefined)
        throw new Error(`unknown httpVersion ${JSON.stringify(job.httpVersion)}`);
      long(OPT.HTTP_VERSION, v);
    }
    if (job.caInfo !== undefined) str(OPT.CAINFO, job.caInfo);
    if (job.sslVerifyPeer !== undefined) long(OPT.SSL_VERIFYPEER, job.sslVerifyPeer ? 1 : 0);
    if (job.customRequest !== undefined) str(OPT.CUSTOMREQUEST, job.customRequest);
    const post = job.postFields ?? job.copyPostFields;
    if (post !== undefined) {
      const b = Buffer.from(post, "latin1");
      long(OPT.POSTFIELDSIZE, b.length);
      keep.push(b);
      c.setoptPtr(h, OPT.COPYPOSTFIELDS, ptr(b.length ? b : Buffer.alloc(1)));
    }
    if (job.failOnError) long(OPT.FAILONERROR, 1);
    if (job.httpContentDecoding === false) long(OPT.HTTP_CONTENT_DECODING, 0);
    let slist: ReturnType<typeof c.slistAppend> = null;
    for (const line of job.httpHeader ?? []) {
      const b = cstr(line);
      keep.push(b);
      slist = c.slistAppend(slist, ptr(b)); // libcurl copies the string
    }
    if (slist !== null) c.setoptPtr(h, OPT.HTTPHEADER, slist);
    if (job.httpAuth !== undefined) long(OPT.HTTPAUTH, job.httpAuth);
    if (job.userPwd !== undefined) str(OPT.USERPWD, job.userPwd);
    if (job.xoauth2Bearer !== undefined) str(OPT.XOAUTH2_BEARER, job.xoauth2Bearer);
    if (job.unrestrictedAuth) long(OPT.UNRESTRICTED_AUTH, 1);
    if (job.readBody !== undefined) {
      this.readBytes = Buffer.from(job.readBody, "latin1");
      this.readPos = 0;
      long(OPT.UPLOAD, 1);
      long(OPT.INFILESIZE_LARGE, this.readBytes.length);
      c.setoptPtr(h, OPT.READFUNCTION, this.read.ptr);
      if (job.seekable) c.setoptPtr(h, OPT.SEEKFUNCTION, this.seek.ptr);
    }
    if (job.proxy !== undefined) str(OPT.PROXY, job.proxy);
    if (job.preProxy !== undefined) str(OPT.PRE_PROXY, job.preProxy);
    if (job.proxy !== undefined || job.preProxy !== undefined) str(OPT.NOPROXY, job.noProxy ?? "");
    if (job.proxyUserPwd !== undefined) str(OPT.PROXYUSERPWD, job.proxyUserPwd);
    if (job.proxyAuth !== undefined) long(OPT.PROXYAUTH, job.proxyAuth);
    if (job.httpProxyTunnel) long(OPT.HTTPPROXYTUNNEL, 1);
    if (job.connectTimeoutMs !== undefined) long(OPT.CONNECTTIMEOUT_MS, job.connectTimeoutMs);

    const result = c.perform(h);
    const out = new BigInt64Array(1);
    const info = (k: number) => {
      out[0] = 0n;
      c.getinfo(h, k, ptr(out));
      return Number(out[0]);
    };
    const responseCode = info(INFO.RESPONSE_CODE);
    const redirectCount = info(INFO.REDIRECT_COUNT);
    const numConnects = info(INFO.NUM_CONNECTS);
    const httpVersion = info(INFO.HTTP_VERSION);
    const authJob = job.httpAuth ?? job.userPwd ?? job.xoauth2Bearer;
    const httpAuthAvail = authJob !== undefined ? info(INFO.HTTPAUTH_AVAIL) : undefined;
    const proxyAuthJob = job.proxyAuth ?? job.proxyUserPwd;
    const proxyAuthAvail = proxyAuthJob !== undefined ? info(INFO.PROXYAUTH_AVAIL) : undefined;
    const httpConnectCode = info(INFO.HTTP_CONNECTCODE);
    const proxyError = info(INFO.PROXY_ERROR);
    const errorBuffer = new CString(ptr(errbuf)).toString();
    c.cleanup(h);
    if (slist !== null) c.slistFree(slist);
    keep.length = 0;
    const body = Buffer.concat(this.chunks);
    this.chunks = [];
    return {
      id: job.id,
      result,
      responseCode,
      bodyHash: hashBytes(body),
      bodyLength: body.length,
      body: body.length <= 4096 ? body.toString("base64") : undefined,
      redirectCount,
      errorBuffer,
      httpVersion,
      numConnects,
      httpAuthAvail,
      proxyAuthAvail,
      httpConnectCode,
      proxyError,
      ms: Math.round(performance.now() - t0),
    };
  }
}

/** Hex SHA-1 of the bytes (Bun's native hasher; the same function hashes multisock's body). */
export function hashBytes(b: Uint8Array): string {
  return new Bun.CryptoHasher("sha1").update(b).digest("hex");
}

async function main(): Promise<void> {
  let runner: CurlRunner;
  try {
    runner = new CurlRunner();
  } catch (e) {
    process.stdout.write(`unavailable ${String((e as Error).message ?? e).replace(/\n/g, " ")}\n`);
    return;
  }
  process.stdout.write(`ready ${runner.versionText}\n`);
  let pending = "";
  const dec = new TextDecoder();
  for await (const chunk of Bun.stdin.stream()) {
    pending += dec.decode(chunk, { stream: true });
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) {
        const job = JSON.parse(line) as CurlJob;
        let ans: CurlAnswer | { id: number; error: string };
        try {
          ans = runner.run(job);
        } catch (e) {
          ans = { id: job.id, error: String(e) };
        }
        process.stdout.write(`${JSON.stringify(ans)}\n`);
      }
      nl = pending.indexOf("\n");
    }
  }
}

if (import.meta.main) await main();
