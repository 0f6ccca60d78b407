// The libcurl side of the share oracle: run as a child process (`bun test/oracle/share-child.ts`), it
// runs every scenario of share-script.ts through the system libcurl's curl_share_* and CURLOPT_SHARE
// and prints one JSON line: the version, each step's code and lock calls, and curl_share_strerror's
// texts. "unavailable <reason>" when libcurl.so.4 cannot be loaded.

import { dlopen, FFIType, JSCallback, ptr } from "bun:ffi";
import { SCENARIOS, STRERROR_CODES, type StepResult } from "./share-script.ts";

const LIB = process.env.ORACLE_LIBCURL ?? "libcurl.so.4";
const URL_ARG = process.argv[2] ?? "http://127.0.0.1:1/";
const CURLOPT_SHARE = 10100;
const CURLOPT_URL = 10002;
const CURLOPT_PROXY = 10004;
const CURLOPT_NOPROXY = 10177;
const CURLOPT_WRITEFUNCTION = 20011;
const CURLOPT_NOSIGNAL = 99;
const CURLOPT_TIMEOUT_MS = 155;
const CURLINFO_NUM_CONNECTS = 0x200000 + 26;
const CURLINFO_LOCAL_PORT = 0x200000 + 42;

function load() {
  // curl_share_setopt is variadic; on x86-64 SysV an integer and a pointer vararg travel in the same
  // register, so one library handle per argument type gives a typed entry each (as curl-child.ts).
  const base = dlopen(LIB, {
    curl_version: { args: [], returns: FFIType.cstring },
    curl_share_init: { args: [], returns: FFIType.ptr },
    curl_share_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.i64], returns: FFIType.i32 },
    curl_share_cleanup: { args: [FFIType.ptr], returns: FFIType.i32 },
    curl_share_strerror: { args: [FFIType.i32], returns: FFIType.cstring },
    curl_easy_init: { args: [], returns: FFIType.ptr },
    curl_easy_cleanup: { args: [FFIType.ptr], returns: FFIType.void },
    curl_easy_duphandle: { args: [FFIType.ptr], returns: FFIType.ptr },
    curl_easy_reset: { args: [FFIType.ptr], returns: FFIType.void },
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
    curl_easy_perform: { args: [FFIType.ptr], returns: FFIType.i32 },
    curl_easy_getinfo: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
  });
  const longOpt = dlopen(LIB, {
    curl_easy_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.i64], returns: FFIType.i32 },
  });
  const withPtr = dlopen(LIB, {
    curl_share_setopt: { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
  });
  return {
    ...base.symbols,
    share_setopt_ptr: withPtr.symbols.curl_share_setopt,
    easy_setopt_long: longOpt.symbols.curl_easy_setopt,
  };
}

function main(): void {
  let c: ReturnType<typeof load>;
  try {
    c = load();
  } catch (e) {
    process.stdout.write(`unavailable ${String((e as Error).message ?? e).replace(/\n/g, " ")}\n`);
    return;
  }
  let log: string[] = [];
  const who = (h: unknown) => (h === null || h === 0 ? "null" : "easy");
  const lock = new JSCallback(
    (h: unknown, data: number, access: number) => {
      log.push(`lock ${who(h)} ${data} ${access}`);
    },
    { args: [FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.ptr], returns: FFIType.void },
  );
  const unlock = new JSCallback(
    (h: unknown, data: number) => {
      log.push(`unlock ${who(h)} ${data}`);
    },
    { args: [FFIType.ptr, FFIType.i32, FFIType.ptr], returns: FFIType.void },
  );
  const write = new JSCallback((_p: number, size: number, n: number) => Number(size) * Number(n), {
    args: [FFIType.ptr, FFIType.u64, FFIType.u64, FFIType.ptr],
    returns: FFIType.u64,
  });
  const keep: Buffer[] = [];
  const cstr = (v: string) => {
    const b = Buffer.from(`${v}\0`, "latin1");
    keep.push(b);
    return ptr(b);
  };
  const infoLong = (h: unknown, info: number): number => {
    const out = new BigInt64Array(1);
    c.curl_easy_getinfo(h as never, info, ptr(out));
    return Number(out[0]);
  };
  const results: Record<string, StepResult[]> = {};
  for (const [title, steps] of Object.entries(SCENARIOS)) {
    // biome-ignore lint/suspicious/noExplicitAny: FFI pointers
    const shares: any[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: FFI pointers
    const easies: any[] = [];
    const out: StepResult[] = [];
    let lastPort = -1;
    for (const st of steps) {
      log = [];
      let rc: number | null = null;
      switch (st.op) {
        case "init":
          shares[st.s] = c.curl_share_init();
          break;
        case "setopt":
          if (st.opt === 3 || st.opt === 4) rc = c.share_setopt_ptr(shares[st.s], st.opt, null);
          else rc = c.curl_share_setopt(shares[st.s], st.opt, BigInt(st.arg));
          break;
        case "cleanup":
          rc = c.curl_share_cleanup(shares[st.s]);
          break;
        case "easy":
          easies[st.e] = c.curl_easy_init();
          break;
        case "easyShare":
          rc = c.curl_easy_setopt(easies[st.e], CURLOPT_SHARE, st.s === null ? null : shares[st.s]);
          break;
        case "dup":
          easies[st.e] = c.curl_easy_duphandle(easies[st.from]);
          break;
        case "reset":
          c.curl_easy_reset(easies[st.e]);
          break;
        case "locks":
          c.share_setopt_ptr(shares[st.s], 3, lock.ptr);
          if (!st.only) c.share_setopt_ptr(shares[st.s], 4, unlock.ptr);
          break;
        case "perform": {
          const h = easies[st.e];
          c.curl_easy_setopt(h, CURLOPT_URL, cstr(URL_ARG));
          c.curl_easy_setopt(h, CURLOPT_PROXY, cstr(""));
          c.curl_easy_setopt(h, CURLOPT_NOPROXY, cstr("*"));
          c.curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write.ptr);
          c.easy_setopt_long(h, CURLOPT_NOSIGNAL, 1n);
          c.easy_setopt_long(h, CURLOPT_TIMEOUT_MS, 5000n);
          rc = c.curl_easy_perform(h);
          const port = infoLong(h, CURLINFO_LOCAL_PORT);
          out.push({
            rc,
            locks: log,
            connects: infoLong(h, CURLINFO_NUM_CONNECTS),
            samePort: port === lastPort,
          });
          lastPort = port;
          continue;
        }
      }
      out.push({ rc, locks: log });
    }
    for (const e of easies) if (e) c.curl_easy_cleanup(e);
    results[title] = out;
  }
  const strerror = STRERROR_CODES.map((n) => String(c.curl_share_strerror(n)));
  process.stdout.write(
    `${JSON.stringify({ version: String(c.curl_version()), results, strerror })}\n`,
  );
}

main();
