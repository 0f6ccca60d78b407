// Type-level test of the typed option API, checked by `tsc --noEmit -p .` and never run (the name has no
// `.test.`, so bun test skips it). Each `// @ts-expect-error` line is a mistake that must not compile:
// if the types stop catching it, tsc reports the directive as unused. The lines without one are
// correct uses that must keep compiling, with the types they are expected to have.

import {
  CURLAUTH_ANY,
  CURLAUTH_DIGEST,
  type CURLcode,
  CURLINFO_EFFECTIVE_URL,
  type CURLINFO_HTTP_CONNECTCODE,
  type CURLINFO_HTTPAUTH_AVAIL,
  CURLINFO_RESPONSE_CODE,
  type CURLMcode,
  CURLMOPT_MAX_TOTAL_CONNECTIONS,
  CURLMOPT_SOCKETFUNCTION,
  CURLOPT_HTTPAUTH,
  CURLOPT_HTTPHEADER,
  CURLOPT_PROXY,
  CURLOPT_PROXYAUTH,
  CURLOPT_TIMEOUT,
  CURLOPT_TIMEOUT_MS,
  CURLOPT_URL,
  CURLOPT_WRITEFUNCTION,
  CURLPROXY_SOCKS5,
  Easy,
  type EasyOptionName,
  type EasyOptionValue,
  type InfoName,
  type InfoValue,
  type LongValue,
  Multi,
  type MultiOptionName,
  type MultiOptionValue,
  type WriteCallback,
} from "../../src/index.ts";

/** true when A and B are the same type (not merely assignable). */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when its argument is `true`. */
function assertType<_T extends true>(): void {}

const easy = new Easy();
const multi = new Multi();

// ---- easy.setopt: correct uses, by constant and by camelCase name ----
const rc: CURLcode = easy.setopt(CURLOPT_URL, "http://127.0.0.1/");
easy.setopt("url", null);
easy.setopt("url", undefined); // not set: back to the default
easy.setopt(CURLOPT_TIMEOUT_MS, 5000);
easy.setopt("timeoutMs", 5000n);
easy.setopt("followLocation", true);
easy.setopt(CURLOPT_TIMEOUT, 2); // an alias takes its target's value (a long)
easy.setopt("postFieldSizeLarge", 10n);
easy.setopt(CURLOPT_HTTPHEADER, ["Accept: */*"]);
easy.setopt("resolve", Object.freeze(["a:80:127.0.0.1"]) as readonly string[]);
easy.setopt("postFields", new Uint8Array(3));
easy.setopt("copyPostFields", "a=1");
easy.setopt("private", { anything: true });
easy.setopt("writeData", 42);
easy.setopt(CURLOPT_PROXY, "socks5h://127.0.0.1:1080");
easy.setopt("proxyType", CURLPROXY_SOCKS5);
easy.setopt("proxyHeader", ["X-Proxy: 1"]);
// @ts-expect-error CURLOPT_PROXYHEADER is a list, not a string
easy.setopt("proxyHeader", "X-Proxy: 1");
assertType<Equal<ReturnType<typeof easy.getinfo<typeof CURLINFO_HTTP_CONNECTCODE>>, number>>();
// Callbacks get their parameter types from the option: no annotation needed.
easy.setopt(CURLOPT_WRITEFUNCTION, (data, _easy, _userdata) => data.byteLength);
easy.setopt("headerFunction", (data) => data.length);
easy.setopt("readFunction", (buf) => buf.fill(0).length);
easy.setopt("xferInfoFunction", (_u, dltotal, dlnow) => (dlnow > dltotal ? 1 : 0));
easy.setopt("debugFunction", (_e, type, text) => type + text.length);
easy.setopt("writeFunction", null);
// A name known only at run time goes to the run-time check.
const dynamicName: string = "timeoutMs";
easy.setopt(dynamicName, 1);
// A union of names takes any of their values.
const someName: "timeoutMs" | "url" = "url";
easy.setopt(someName, "http://x/");

// ---- easy.setopt: mistakes ----
// @ts-expect-error unknown option name (a typo of "url")
easy.setopt("ulr", "http://x/");
// @ts-expect-error libcurl's constant name is not the key: use CURLOPT_URL itself
easy.setopt("CURLOPT_URL", "http://x/");
// @ts-expect-error a long option takes no string
easy.setopt("timeoutMs", "5000");
// @ts-expect-error a long option takes no null (only undefined resets it)
easy.setopt(CURLOPT_TIMEOUT_MS, null);
// @ts-expect-error a string option takes no number
easy.setopt(CURLOPT_URL, 42);
// @ts-expect-error an slist option takes an array, not one string
easy.setopt(CURLOPT_HTTPHEADER, "Accept: */*");
// @ts-expect-error an slist holds strings only
easy.setopt("httpHeader", ["Accept: */*", 1]);
// @ts-expect-error a function option takes no string
easy.setopt(CURLOPT_WRITEFUNCTION, "onData");
// @ts-expect-error the write callback's data is a Uint8Array, not a string
easy.setopt("writeFunction", (data: string) => data.length);
// @ts-expect-error a write callback returns a number
easy.setopt("writeFunction", (data: Uint8Array) => data.toString());
// @ts-expect-error an alias takes its target's value (timeout is a long)
easy.setopt("timeout", "2");
// @ts-expect-error POSTFIELDS takes a string or bytes, not a number
easy.setopt("postFields", 1);
// @ts-expect-error a value is required
easy.setopt("url");
// Authentication: CURLAUTH_* masks are longs.
easy.setopt(CURLOPT_HTTPAUTH, CURLAUTH_DIGEST);
easy.setopt(CURLOPT_PROXYAUTH, CURLAUTH_ANY);
// @ts-expect-error the mask is a number, not a method name
easy.setopt("httpAuth", "digest");

// ---- easy.getinfo ----
const code: number = easy.getinfo("responseCode");
const code2 = easy.getinfo(CURLINFO_RESPONSE_CODE);
assertType<Equal<typeof code2, number>>();
const url = easy.getinfo(CURLINFO_EFFECTIVE_URL);
assertType<Equal<typeof url, string | null>>();
assertType<Equal<ReturnType<typeof easy.getinfo<"contentType">>, string | null>>();
// Cookies: the file options take a string (null resets), the list is string[] | null.
easy.setopt("cookieFile", "");
easy.setopt("cookieList", "FLUSH");
easy.setopt("cookieSession", true);
// @ts-expect-error a cookie file name is a string
easy.setopt("cookieJar", 1);
assertType<Equal<ReturnType<typeof easy.getinfo<"cookieList">>, string[] | null>>();
assertType<Equal<InfoValue<"primaryIp">, string>>();
assertType<Equal<InfoValue<"errorBuffer">, string>>();
assertType<Equal<InfoValue<"totalTime">, number>>();
assertType<Equal<InfoValue<"private">, unknown>>();
const total: number = easy.getinfo("totalTime") + easy.getinfo("totalTimeT") / 1e6;
const dynamicInfo: unknown = easy.getinfo(dynamicName);
const infoCode: CURLcode = easy.getinfoCode("responseCode");
assertType<Equal<InfoValue<typeof CURLINFO_HTTPAUTH_AVAIL>, number>>();
assertType<Equal<InfoValue<"httpAuthUsed">, number>>();
assertType<Equal<InfoValue<"proxyAuthAvail">, number>>();
assertType<Equal<InfoValue<"proxyAuthUsed">, number>>();
// @ts-expect-error unknown info name
easy.getinfo("responsCode");
// @ts-expect-error responseCode is a number
const codeText: string = easy.getinfo("responseCode");
// @ts-expect-error effectiveUrl may be null
const urlText: string = easy.getinfo("effectiveUrl");

// ---- multi.setopt ----
const mrc: CURLMcode = multi.setopt(CURLMOPT_SOCKETFUNCTION, (_e, s, what) => s + what);
multi.setopt("timerFunction", (_m, timeoutMs) => timeoutMs);
multi.setopt("socketData", { mine: 1 });
multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 10);
multi.setopt("pipelining", true);
multi.setopt("maxConnects", undefined); // back to the default
multi.setopt("socketFunction", null);
multi.setopt(dynamicName, 1);
const multiError: string = multi.lastSetoptError;
// @ts-expect-error unknown multi option (a typo)
multi.setopt("socketFuncton", () => 0);
// @ts-expect-error an easy option is not a multi option
multi.setopt("url", "http://x/");
// @ts-expect-error a long multi option takes no string
multi.setopt("maxConnects", "3");
// @ts-expect-error curl_multi_setopt has no curl_off_t option: no bigint
multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 3n);
// @ts-expect-error a function multi option takes no number
multi.setopt("timerFunction", 5);
// @ts-expect-error the timer callback's timeout is a number
multi.setopt("timerFunction", (_m: unknown, timeoutMs: string) => timeoutMs.length);

// ---- the derived types themselves ----
assertType<Equal<EasyOptionValue<"timeoutMs">, LongValue>>();
assertType<Equal<EasyOptionValue<"timeout">, number | boolean | bigint>>();
assertType<Equal<EasyOptionValue<"url">, string | null>>();
assertType<Equal<EasyOptionValue<"httpHeader">, readonly string[] | null>>();
assertType<Equal<EasyOptionValue<"writeFunction">, WriteCallback | null>>();
assertType<Equal<EasyOptionValue<"private">, unknown>>();
assertType<Equal<EasyOptionValue<"copyPostFields">, string | Uint8Array | null>>();
assertType<Equal<MultiOptionValue<"maxConnects">, number | boolean>>();
assertType<Equal<MultiOptionValue<"socketData">, unknown>>();
assertType<Equal<Extract<EasyOptionName, "ulr">, never>>();
assertType<Equal<Extract<InfoName, "responseCode">, "responseCode">>();
assertType<Equal<Extract<MultiOptionName, "timerFunction">, "timerFunction">>();

export const used = [rc, code, total, dynamicInfo, infoCode, codeText, urlText, mrc, multiError];

// ---- request() options and fetch() extras are typed from the same table ----
export async function requestAndFetchOptions(): Promise<void> {
  const { request, fetch } = await import("../../src/index.ts");
  await request("http://x/", { timeoutMs: 5000, followLocation: 1, httpHeader: ["A: 1"] });
  // @ts-expect-error: misspelt option name
  await request("http://x/", { ulr: "x" });
  // @ts-expect-error: a long option given a string
  await request("http://x/", { timeoutMs: "5000" });
  await fetch("http://x/", { multisock: { connectTimeoutMs: 1000, resolve: ["x:80:127.0.0.1"] } });
  // @ts-expect-error: a long option given a string, in fetch's extras
  await fetch("http://x/", { multisock: { timeoutMs: "5000" } });
  // @ts-expect-error the write callback is fetch()'s own (the Response's body is the data)
  await fetch("http://x/", { multisock: { writeFunction: (d: Uint8Array) => d.length } });
  // @ts-expect-error so is the read callback (init.body is the upload)
  await fetch("http://x/", { multisock: { readFunction: () => 0 } });
}
