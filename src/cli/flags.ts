// The flag table: every option the CLI knows, by long name, with its short letter, whether it takes
// an argument and what it sets. A handler returns undefined, or the reason curl gives for refusing
// the value ("expected a proper numerical parameter"), which args.ts prints after the flag's name.

import { readFileSync } from "node:fs";
import {
  CURLPROXY_HTTP,
  CURLPROXY_SOCKS4,
  CURLPROXY_SOCKS4A,
  CURLPROXY_SOCKS5,
  CURLPROXY_SOCKS5_HOSTNAME,
} from "../constants/curlproxy.ts";
import {
  CURL_HTTP_VERSION_1_0,
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURLAUTH_ANY,
  CURLAUTH_BASIC,
  CURLAUTH_DIGEST,
} from "../constants/misc.ts";
import { type Global, type Operation, PARALLEL_MAX_LIMIT, REMOTE_NAME } from "./config.ts";
import { parseCount, parseSecondsMs, parseSize } from "./units.ts";

/** What a handler may change: the current --next group and the global settings. */
export interface FlagContext {
  op: Operation;
  global: Global;
  /** Set by -: / --next: the parser starts a new group. */
  next: boolean;
}

export interface Flag {
  long: string;
  short?: string;
  /** Takes the next word (or the rest of a short group) as its value. */
  arg: boolean;
  /** A switch: `--no-<long>` turns it off (the value is "" for on, "no" for off). */
  bool?: boolean;
  apply(c: FlagContext, v: string): string | undefined;
}

const NUMERIC = "expected a proper numerical parameter";
const POSITIVE = "expected a positive numerical parameter";
const BADLY = "is badly used here";

const on = (v: string) => v !== "no";
const toggled = (mask: number, bit: number, set: boolean) => (set ? mask | bit : mask & ~bit) >>> 0;

function seconds(set: (c: FlagContext, ms: number) => void) {
  return (c: FlagContext, v: string) => {
    const ms = parseSecondsMs(v);
    if (ms === undefined) return NUMERIC;
    set(c, ms);
    return undefined;
  };
}
function count(set: (c: FlagContext, n: number) => void, refusal = POSITIVE) {
  return (c: FlagContext, v: string) => {
    const n = parseCount(v);
    if (n === undefined) return /^-\d+$/.test(v) ? refusal : NUMERIC;
    set(c, n);
    return undefined;
  };
}
function sw(set: (c: FlagContext, v: boolean) => void): Pick<Flag, "arg" | "bool" | "apply"> {
  return {
    arg: false,
    bool: true,
    apply: (c, v) => {
      set(c, on(v));
      return undefined;
    },
  };
}
function text(set: (c: FlagContext, v: string) => void): Pick<Flag, "arg" | "apply"> {
  return {
    arg: true,
    apply: (c, v) => {
      set(c, v);
      return undefined;
    },
  };
}
/** -x, --socks5 and the like: the proxy string and the type it is taken as (tool_getparam.c). */
function proxyAs(type: number): Pick<Flag, "arg" | "apply"> {
  return text((c, v) => {
    c.op.proxy = v;
    c.op.proxyType = type;
  });
}

function version(n: number): Pick<Flag, "arg" | "apply"> {
  return {
    arg: false,
    apply: (c) => {
      c.op.httpVersion = n;
      return undefined;
    },
  };
}

/** -w @file reads the format from a file (@- from stdin), as curl. */
function writeOutFormat(v: string): string {
  if (!v.startsWith("@")) return v;
  const name = v.slice(1);
  try {
    return readFileSync(name === "-" ? 0 : name, "latin1");
  } catch {
    return "";
  }
}

export const FLAGS: Flag[] = [
  { long: "output", short: "o", ...text((c, v) => c.op.outputs.push(v)) },
  {
    long: "remote-name",
    short: "O",
    arg: false,
    apply: (c) => {
      c.op.outputs.push(REMOTE_NAME);
      return undefined;
    },
  },
  { long: "output-dir", ...text((c, v) => (c.op.outputDir = v)) },
  { long: "create-dirs", ...sw((c, v) => (c.op.createDirs = v)) },
  { long: "parallel", short: "Z", ...sw((c, v) => (c.global.parallel = v)) },
  {
    long: "parallel-max",
    arg: true,
    apply: count((c, n) => {
      c.global.parallelMax = n < 1 ? 1 : Math.min(n, PARALLEL_MAX_LIMIT);
    }),
  },
  { long: "location", short: "L", ...sw((c, v) => (c.op.followLocation = v)) },
  {
    long: "max-redirs",
    arg: true,
    apply: (c, v) => {
      if (v === "-1") {
        c.op.maxRedirs = -1;
        return undefined;
      }
      return count((c2, n) => (c2.op.maxRedirs = n))(c, v);
    },
  },
  { long: "header", short: "H", ...text((c, v) => c.op.headers.push(v)) },
  { long: "data", short: "d", ...text((c, v) => c.op.data.push({ flag: "data", value: v })) },
  { long: "data-ascii", ...text((c, v) => c.op.data.push({ flag: "data", value: v })) },
  { long: "data-raw", ...text((c, v) => c.op.data.push({ flag: "data-raw", value: v })) },
  {
    long: "data-binary",
    ...text((c, v) => c.op.data.push({ flag: "data-binary", value: v })),
  },
  { long: "request", short: "X", ...text((c, v) => (c.op.method = v)) },
  { long: "user", short: "u", ...text((c, v) => (c.op.user = v)) },
  // curl's togglebit(): --digest / --basic add their bit, --no-digest / --no-basic take it away.
  { long: "basic", ...sw((c, v) => (c.op.authType = toggled(c.op.authType, CURLAUTH_BASIC, v))) },
  { long: "digest", ...sw((c, v) => (c.op.authType = toggled(c.op.authType, CURLAUTH_DIGEST, v))) },
  {
    long: "anyauth",
    arg: false,
    apply: (c) => {
      c.op.authType = CURLAUTH_ANY;
      return undefined;
    },
  },
  { long: "head", short: "I", ...sw((c, v) => (c.op.head = v)) },
  { long: "include", short: "i", ...sw((c, v) => (c.op.include = v)) },
  { long: "fail", short: "f", ...sw((c, v) => (c.op.fail = v)) },
  { long: "silent", short: "s", ...sw((c, v) => (c.global.silent = v)) },
  { long: "show-error", short: "S", ...sw((c, v) => (c.global.showError = v)) },
  { long: "verbose", short: "v", ...sw((c, v) => (c.global.verbose = v)) },
  { long: "max-time", short: "m", arg: true, apply: seconds((c, ms) => (c.op.timeoutMs = ms)) },
  {
    long: "connect-timeout",
    arg: true,
    apply: seconds((c, ms) => (c.op.connectTimeoutMs = ms)),
  },
  { long: "compressed", ...sw((c, v) => (c.op.compressed = v)) },
  { long: "retry", arg: true, apply: count((c, n) => (c.op.retry = n)) },
  {
    long: "retry-delay",
    arg: true,
    apply: count((c, n) => (c.op.retryDelayMs = n * 1000)),
  },
  {
    long: "retry-max-time",
    arg: true,
    apply: count((c, n) => (c.op.retryMaxTimeMs = n * 1000)),
  },
  { long: "retry-connrefused", ...sw((c, v) => (c.op.retryConnRefused = v)) },
  { long: "retry-all-errors", ...sw((c, v) => (c.op.retryAllErrors = v)) },
  { long: "resolve", ...text((c, v) => c.op.resolve.push(v)) },
  { long: "connect-to", ...text((c, v) => c.op.connectTo.push(v)) },
  { long: "cacert", ...text((c, v) => (c.op.cacert = v)) },
  { long: "insecure", short: "k", ...sw((c, v) => (c.op.insecure = v)) },
  {
    long: "limit-rate",
    arg: true,
    apply: (c, v) => {
      const n = parseSize(v);
      if (n === undefined) return BADLY;
      c.op.limitRate = n;
      return undefined;
    },
  },
  { long: "write-out", short: "w", ...text((c, v) => (c.op.writeOut = writeOutFormat(v))) },
  { long: "http1.0", short: "0", ...version(CURL_HTTP_VERSION_1_0) },
  { long: "http1.1", ...version(CURL_HTTP_VERSION_1_1) },
  { long: "http2", ...version(CURL_HTTP_VERSION_2_0) },
  { long: "http2-prior-knowledge", ...version(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE) },
  { long: "user-agent", short: "A", ...text((c, v) => (c.op.userAgent = v)) },
  { long: "referer", short: "e", ...text((c, v) => (c.op.referer = v)) },
  // curl's '=' rule: a value with '=' is cookie data, else the name of a cookie file to read.
  {
    long: "cookie",
    short: "b",
    ...text((c, v) => (v.includes("=") ? c.op.cookies : c.op.cookieFiles).push(v)),
  },
  { long: "cookie-jar", short: "c", ...text((c, v) => (c.op.cookieJar = v)) },
  { long: "junk-session-cookies", short: "j", ...sw((c, v) => (c.op.junkSession = v)) },
  { long: "range", short: "r", ...text((c, v) => (c.op.range = v)) },
  { long: "url", ...text((c, v) => c.op.urls.push(v)) },
  // Proxies.
  { long: "proxy", short: "x", ...proxyAs(CURLPROXY_HTTP) },
  { long: "socks4", ...proxyAs(CURLPROXY_SOCKS4) },
  { long: "socks4a", ...proxyAs(CURLPROXY_SOCKS4A) },
  { long: "socks5", ...proxyAs(CURLPROXY_SOCKS5) },
  { long: "socks5-hostname", ...proxyAs(CURLPROXY_SOCKS5_HOSTNAME) },
  { long: "proxy-user", short: "U", ...text((c, v) => (c.op.proxyUser = v)) },
  { long: "proxytunnel", short: "p", ...sw((c, v) => (c.op.proxyTunnel = v)) },
  { long: "proxy-header", ...text((c, v) => c.op.proxyHeaders.push(v)) },
  { long: "proxy-cacert", ...text((c, v) => (c.op.proxyCacert = v)) },
  { long: "proxy-insecure", ...sw((c, v) => (c.op.proxyInsecure = v)) },
  { long: "proxy-anyauth", ...sw((c, v) => (c.op.proxyAnyAuth = v)) },
  { long: "proxy-digest", ...sw((c, v) => (c.op.proxyDigest = v)) },
  { long: "proxy-basic", ...sw((c, v) => (c.op.proxyBasic = v)) },
  { long: "preproxy", ...text((c, v) => (c.op.preProxy = v)) },
  { long: "noproxy", ...text((c, v) => (c.op.noProxy = v)) },
  {
    long: "next",
    short: ":",
    arg: false,
    apply: (c) => {
      c.next = true;
      return undefined;
    },
  },
  { long: "help", short: "h", ...sw((c, v) => (c.global.help = v)) },
  { long: "version", short: "V", ...sw((c, v) => (c.global.version = v)) },
];

export const BY_LONG = new Map(FLAGS.map((f) => [f.long, f]));
export const BY_SHORT = new Map(FLAGS.filter((f) => f.short).map((f) => [f.short!, f]));
