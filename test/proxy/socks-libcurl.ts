// The libcurl side of the SOCKS oracle, for what the curl binary cannot show: CURLINFO_PROXY_ERROR.
// Run as a child (`bun test/proxy/socks-libcurl.ts '<job json>'`), it performs one transfer through
// the system libcurl (curl_easy_perform blocks, so never on a test's event loop) and prints one JSON
// line: the CURLcode, the CURLPX code, the error buffer. ORACLE_LIBCURL names another library.

import { dlopen, FFIType, JSCallback, ptr } from "bun:ffi";

export interface LibcurlSocksJob {
  url: string;
  proxy: string;
  /** CURLOPT_SOCKS5_AUTH (CURLAUTH_BASIC = 1 keeps GSS-API off, as the codec never offers it). */
  socks5Auth: number;
}

export interface LibcurlSocksAnswer {
  result: number;
  proxyError: number;
  errorBuffer: string;
}

// Option and info numbers from curl/curl.h (stable ABI).
const OPT_URL = 10002;
const OPT_PROXY = 10004;
const OPT_ERRORBUFFER = 10010;
const OPT_WRITEFUNCTION = 20011;
const OPT_NOSIGNAL = 99;
const OPT_TIMEOUT_MS = 155;
const OPT_SOCKS5_AUTH = 267;
const INFO_PROXY_ERROR = 0x200000 + 59;

/** Runs the job in a child process and parses its answer. */
export async function runLibcurlSocks(job: LibcurlSocksJob): Promise<LibcurlSocksAnswer> {
  // No proxy settings from the environment (NO_PROXY could exempt 127.0.0.1).
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/_proxy$/i.test(k)) env[k] = v;
  const p = Bun.spawn([process.execPath, import.meta.path, JSON.stringify(job)], {
    stdout: "pipe",
    stderr: "pipe",
    env,
  });
  const [out, err] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
  ]);
  await p.exited;
  const line = out.trim().split("\n").pop() ?? "";
  if (!line.startsWith("{")) throw new Error(`socks-libcurl child: ${out}${err}`.slice(0, 800));
  return JSON.parse(line) as LibcurlSocksAnswer;
}

function perform(job: LibcurlSocksJob): LibcurlSocksAnswer {
  const lib = process.env.ORACLE_LIBCURL ?? "libcurl.so.4";
  const base = dlopen(lib, {
    curl_global_init: { args: [FFIType.i64], returns: FFIType.i32 },
    curl_easy_init: { args: [], returns: FFIType.ptr },
    curl_easy_perform: { args: [FFIType.ptr], returns: FFIType.i32 },
    curl_easy_cleanup: { args: [FFIType.ptr], returns: FFIType.void },
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.i64], returns: FFIType.i32 },
    curl_easy_getinfo: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
  });
  // curl_easy_setopt is variadic: a second handle types the pointer argument (same register on x86-64).
  const withPtr = dlopen(lib, {
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
  });
  const c = base.symbols;
  c.curl_global_init(3n);
  const h = c.curl_easy_init();
  if (h === null) throw new Error("curl_easy_init returned NULL");
  const cstr = (s: string) => Buffer.from(`${s}\0`, "latin1");
  const url = cstr(job.url);
  const proxy = cstr(job.proxy);
  const errbuf = Buffer.alloc(256);
  const discard = new JSCallback(
    (_p: number, size: number, n: number) => Number(size) * Number(n),
    {
      args: [FFIType.ptr, FFIType.u64, FFIType.u64, FFIType.ptr],
      returns: FFIType.u64,
    },
  );
  withPtr.symbols.curl_easy_setopt(h, OPT_URL, ptr(url));
  withPtr.symbols.curl_easy_setopt(h, OPT_PROXY, ptr(proxy));
  withPtr.symbols.curl_easy_setopt(h, OPT_ERRORBUFFER, ptr(errbuf));
  withPtr.symbols.curl_easy_setopt(h, OPT_WRITEFUNCTION, discard.ptr);
  c.curl_easy_setopt(h, OPT_NOSIGNAL, 1n);
  c.curl_easy_setopt(h, OPT_TIMEOUT_MS, 10_000n);
  c.curl_easy_setopt(h, OPT_SOCKS5_AUTH, BigInt(job.socks5Auth));
  const result = c.curl_easy_perform(h);
  const px = new BigInt64Array(1);
  c.curl_easy_getinfo(h, INFO_PROXY_ERROR, ptr(px));
  c.curl_easy_cleanup(h);
  const nul = errbuf.indexOf(0);
  return {
    result,
    proxyError: Number(px[0]),
    errorBuffer: errbuf.subarray(0, nul < 0 ? errbuf.length : nul).toString("latin1"),
  };
}

if (import.meta.main) {
  try {
    console.log(JSON.stringify(perform(JSON.parse(process.argv[2]!) as LibcurlSocksJob)));
  } catch (e) {
    console.log(`unavailable ${String((e as Error).message ?? e)}`);
  }
}
