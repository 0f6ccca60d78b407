// The package entry's exports: the documented public names are there (every libcurl constant of the
// modules it draws from, the classes, the helpers), and the engine's internals (option records, setopt
// and getinfo machinery, lookup tables) are not. Fails when a new internal leaks through src/index.ts
// or a new public constant is left out of it.

import { describe, expect, test } from "bun:test";
import * as curle from "../src/constants/curle.ts";
import * as curlm from "../src/constants/curlm.ts";
import * as curlproxy from "../src/constants/curlproxy.ts";
import * as curlpx from "../src/constants/curlpx.ts";
import * as curlshe from "../src/constants/curlshe.ts";
import * as misc from "../src/constants/misc.ts";
import * as info from "../src/easy/info.ts";
import * as easyOptions from "../src/easy/option-names.ts";
import type {
  BunDriverOptions,
  Clock,
  ConnectRequest,
  CURLcode,
  CURLMcode,
  CURLMSG,
  CURLMsg,
  CurlResponse,
  CurlTimings,
  DebugCallback,
  EasyOptionName,
  EasyOptionValue,
  InfoName,
  InfoValue,
  LongValue,
  MultiEnv,
  MultiOptionName,
  MultiOptionValue,
  Poller,
  ReadCallback,
  RequestOptions,
  ShareLockCallback,
  ShareOptionName,
  ShareOptionValues,
  ShareUnlockCallback,
  SocketCallback,
  TimerCallback,
  Transport,
  WriteCallback,
  XferInfoCallback,
} from "../src/index.ts";
import * as entry from "../src/index.ts";
import * as multiOptions from "../src/multi/options.ts";

// The public types: this file does not compile if one of them stops being exported.
type PublicTypes = [
  BunDriverOptions,
  Clock,
  ConnectRequest,
  CURLcode,
  CURLMcode,
  CURLMSG,
  CURLMsg,
  CurlResponse,
  CurlTimings,
  DebugCallback,
  EasyOptionName,
  EasyOptionValue<"url">,
  InfoName,
  InfoValue<"responseCode">,
  LongValue,
  MultiEnv,
  MultiOptionName,
  MultiOptionValue<"maxConnects">,
  Poller,
  ReadCallback,
  RequestOptions,
  ShareLockCallback,
  ShareOptionName,
  ShareOptionValues,
  ShareUnlockCallback,
  SocketCallback,
  TimerCallback,
  Transport,
  WriteCallback,
  XferInfoCallback,
];
const publicTypesExist: PublicTypes | undefined = undefined;

/** Internal values the engine uses across its modules; none of them is part of the package. */
const INTERNAL = [
  "ShareState",
  "shareState",
  "isShare",
  "EasyOptions",
  "setOption",
  "EASY_OPTION_TABLE",
  "fieldsClass",
  "readInfo",
  "MultiOptions",
  "setMultiOption",
  "MULTI_OPTION_TABLE",
  // The [name, value, message] tables strerror is built from, and the code -> name lookups the tests
  // and verbose traces use: no libcurl equivalent.
  "CURLE_TABLE",
  "CURLM_TABLE",
  "curlECodeName",
  "curlMCodeName",
] as const;

// Compile time too: none of the internal values is a member of the entry's namespace.
type Leaked = Extract<keyof typeof entry, (typeof INTERNAL)[number]>;
const nothingLeaked: [Leaked] extends [never] ? true : false = true;

/** Non-constant values the README documents. */
const DOCUMENTED = [
  "Multi",
  "Easy",
  "BunDriver",
  "request",
  "requestAll",
  "fetch",
  "FetchResponse",
  "CurlError",
  "CurlMultiError",
  "defaultBunEnv",
  "setDefaultMultiEnv",
  "easyStrerror",
  "multiStrerror",
  "Share",
  "shareStrerror",
];

/** The modules whose libcurl constants the entry re-exports. */
const SOURCES: object[] = [
  curle,
  curlm,
  curlpx,
  curlshe,
  misc,
  curlproxy,
  info,
  easyOptions,
  multiOptions,
];

/** Every libcurl-named constant (CURL*) of those modules, less the internal ones. */
function libcurlConstants(): string[] {
  const internal: readonly string[] = INTERNAL;
  return SOURCES.flatMap((m) => Object.keys(m)).filter(
    (k) => k.startsWith("CURL") && !internal.includes(k),
  );
}

describe("package entry (src/index.ts)", () => {
  test("the public types are exported (checked by tsc)", () => {
    expect(publicTypesExist).toBeUndefined();
    expect(nothingLeaked).toBe(true);
  });

  test("no internal is exported", () => {
    for (const name of INTERNAL) expect(Object.hasOwn(entry, name), name).toBe(false);
  });

  test("the documented classes and functions are exported", () => {
    for (const name of DOCUMENTED) {
      expect(Object.hasOwn(entry, name), name).toBe(true);
      expect(typeof (entry as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  test("every libcurl constant is exported, with its module's value", () => {
    const all = libcurlConstants();
    // Spot checks that each family is in the list at all.
    for (const name of [
      "CURLE_OK",
      "CURLE_UNKNOWN_OPTION",
      "CURL_LAST",
      "CURLM_OK",
      "CURLM_LAST",
      "CURLMSG_DONE",
      "CURL_POLL_INOUT",
      "CURL_CSELECT_ERR",
      "CURL_SOCKET_TIMEOUT",
      "CURLPAUSE_CONT",
      "CURL_WRITEFUNC_PAUSE",
      "CURL_READFUNC_ABORT",
      "CURLAUTH_ANY",
      "CURLPIPE_MULTIPLEX",
      "CURL_REDIR_POST_ALL",
      "CURL_HTTP_VERSION_1_1",
      "CURLOPT_URL",
      "CURLOPT_TIMEOUT_MS",
      "CURLINFO_RESPONSE_CODE",
      "CURLINFO_ERROR_BUFFER",
      "CURLMOPT_SOCKETFUNCTION",
      "CURLMOPT_TIMERFUNCTION",
    ])
      expect(all, name).toContain(name);
    const sourceValue = (name: string) =>
      (SOURCES.find((m) => Object.hasOwn(m, name)) as Record<string, unknown>)[name];
    for (const name of all)
      expect((entry as Record<string, unknown>)[name], name).toBe(sourceValue(name));
  });

  test("nothing else is exported: every value is a libcurl constant or a documented name", () => {
    const allowed = new Set([...libcurlConstants(), ...DOCUMENTED]);
    const extra = Object.keys(entry).filter((k) => !allowed.has(k));
    expect(extra).toEqual([]);
  });
});

describe("package entry multisock/workers (src/workers/index.ts)", () => {
  /** The pool, its error, and the wire-format classes a custom worker or a test can use. */
  const WORKERS = [
    "WorkerPool",
    "WorkerPoolError",
    "ResultBatch",
    "ResultWriter",
    "RequestEncoder",
    "RequestView",
    "mergeByIndex",
  ];

  test("exports the pool and its formats by name, and nothing else", async () => {
    const w = await import("../src/workers/index.ts");
    expect(Object.keys(w).sort()).toEqual([...WORKERS].sort());
    for (const name of WORKERS)
      expect(typeof (w as Record<string, unknown>)[name], name).toBe("function");
  });

  test("package.json maps ./workers like the other entries: types, bun, the Node guard, default", async () => {
    const pkg = await Bun.file(new URL("../package.json", import.meta.url)).json();
    const dot = pkg.exports["."];
    const workers = pkg.exports["./workers"];
    expect(Object.keys(workers)).toEqual(Object.keys(dot));
    expect(workers).toEqual({
      types: "./dist/types/workers/index.d.ts",
      bun: "./dist/workers/index.js",
      node: dot.node,
      default: "./dist/workers/index.js",
    });
  });
});
