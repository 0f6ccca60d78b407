// What the command line asks for, after parsing: the global settings (curl's GlobalConfig) and one
// Operation per `--next` group (curl's OperationConfig), each with its URLs and the outputs paired
// with them in order. Plain records: the parser fills them, setup.ts and run.ts read them.

/** An output named by -O: the URL's last path segment. */
export const REMOTE_NAME = Symbol("remote-name");
export type OutputSpec = string | typeof REMOTE_NAME;

/** A piece of request body from -d / --data-raw / --data-binary, as written on the command line. */
export interface DataPart {
  flag: "data" | "data-raw" | "data-binary";
  value: string;
}

/** Options that apply to the URLs of one `--next` group. */
export interface Operation {
  urls: string[];
  /** -o / -O in command-line order; the i-th pairs with the i-th URL. */
  outputs: OutputSpec[];
  outputDir: string | null;
  createDirs: boolean;
  headers: string[];
  data: DataPart[];
  method: string | null;
  user: string | null;
  /** CURLAUTH_* bits of --basic, --digest, --anyauth; 0 = not set (the library's Basic). */
  authType: number;
  head: boolean;
  include: boolean;
  fail: boolean;
  followLocation: boolean;
  maxRedirs: number | null;
  timeoutMs: number;
  connectTimeoutMs: number;
  compressed: boolean;
  retry: number;
  retryDelayMs: number;
  retryMaxTimeMs: number;
  retryConnRefused: boolean;
  retryAllErrors: boolean;
  resolve: string[];
  connectTo: string[];
  cacert: string | null;
  insecure: boolean;
  limitRate: number;
  writeOut: string | null;
  /** CURL_HTTP_VERSION_*; 0 = the library's default. */
  httpVersion: number;
  userAgent: string | null;
  referer: string | null;
  /** -b strings (with a '='), sent joined as CURLOPT_COOKIE. */
  cookies: string[];
  /** -b names (without a '='): CURLOPT_COOKIEFILE each. */
  cookieFiles: string[];
  /** -c: CURLOPT_COOKIEJAR. */
  cookieJar: string | null;
  /** -j: CURLOPT_COOKIESESSION. */
  junkSession: boolean;
  range: string | null;
  /** -x / --socks5 and friends: the proxy and its CURLPROXY_* type; -U, -p, --preproxy, --noproxy. */
  proxy: string | null;
  proxyType: number;
  proxyUser: string | null;
  proxyTunnel: boolean;
  /** --proxy-anyauth, --proxy-digest, --proxy-basic (the first set wins, in that order). */
  proxyAnyAuth: boolean;
  proxyDigest: boolean;
  proxyBasic: boolean;
  preProxy: string | null;
  /** --proxy-header (CURLOPT_PROXYHEADER), --proxy-cacert, --proxy-insecure. */
  proxyHeaders: string[];
  proxyCacert: string | null;
  proxyInsecure: boolean;
  noProxy: string | null;
}

/** Settings for the whole run (curl keeps these in its GlobalConfig). */
export interface Global {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  parallel: boolean;
  parallelMax: number;
  /** -h / -V: print and exit 0 without transfers. */
  help: boolean;
  version: boolean;
}

/** --parallel-max when not given (curl's PARALLEL_DEFAULT). */
export const DEFAULT_PARALLEL_MAX = 50;
/** curl caps --parallel-max at 300. */
export const PARALLEL_MAX_LIMIT = 300;

export function newOperation(): Operation {
  return {
    urls: [],
    outputs: [],
    outputDir: null,
    createDirs: false,
    headers: [],
    data: [],
    method: null,
    user: null,
    authType: 0,
    head: false,
    include: false,
    fail: false,
    followLocation: false,
    maxRedirs: null,
    timeoutMs: 0,
    connectTimeoutMs: 0,
    compressed: false,
    retry: 0,
    retryDelayMs: 0,
    retryMaxTimeMs: 0,
    retryConnRefused: false,
    retryAllErrors: false,
    resolve: [],
    connectTo: [],
    cacert: null,
    insecure: false,
    limitRate: 0,
    writeOut: null,
    httpVersion: 0,
    userAgent: null,
    referer: null,
    cookies: [],
    cookieFiles: [],
    cookieJar: null,
    junkSession: false,
    range: null,
    proxy: null,
    proxyType: 0,
    proxyUser: null,
    proxyTunnel: false,
    proxyAnyAuth: false,
    proxyDigest: false,
    proxyBasic: false,
    preProxy: null,
    proxyHeaders: [],
    proxyCacert: null,
    proxyInsecure: false,
    noProxy: null,
  };
}

export function newGlobal(): Global {
  return {
    silent: false,
    showError: false,
    verbose: false,
    parallel: false,
    parallelMax: DEFAULT_PARALLEL_MAX,
    help: false,
    version: false,
  };
}
