// What setopt and getinfo say when they refuse (lastSetoptError): the refused value with its type, the
// nearest option name for a typo (case-insensitive, libcurl's CURLOPT_ONE_STYLE spelling too), and
// undefined taken as "not set" (the default) rather than refused. Easy and Multi alike. The names and
// values are wrong on purpose, so they reach the run-time check through `as never` or a plain string.

import { describe, expect, test } from "bun:test";
import {
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLE_UNKNOWN_OPTION,
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_OK,
  CURLM_UNKNOWN_OPTION,
} from "../../src/constants/index.ts";
import { describeValue, nearestName } from "../../src/core/explain.ts";
import { Easy, handleOf } from "../../src/easy/easy.ts";
import { type Multi, multiCore } from "../../src/multi/multi.ts";
import { makeWorld } from "../helpers/virtual.ts";

/** setopt with a name or value the types refuse: the run-time check is what is under test. */
function easySet(e: Easy, name: string, value: unknown): number {
  return e.setopt(name, value);
}
function multiSet(m: Multi, name: string, value: unknown): number {
  return m.setopt(name, value);
}

describe("describeValue: the value and its type", () => {
  const cases: [unknown, string][] = [
    ["1000", 'string "1000"'],
    ["", 'string ""'],
    [1.5, "number 1.5"],
    [Number.NaN, "number NaN"],
    [Number.POSITIVE_INFINITY, "number Infinity"],
    [7n, "bigint 7n"],
    [true, "boolean true"],
    [null, "null"],
    [undefined, "undefined"],
    [Symbol("s"), "symbol Symbol(s)"],
    [function onData() {}, "function onData"],
    [["a: b", 2], 'array ["a: b",2]'],
    [{ a: 1 }, 'object {"a":1}'],
    [new Uint16Array(2), "Uint16Array(2)"],
    [new Map(), "object Map"],
    ["x".repeat(100), `string "${"x".repeat(39)}...`],
  ];
  for (const [value, text] of cases)
    test(text, () => {
      expect(describeValue(value)).toBe(text);
    });

  test("a value that JSON cannot show (a cycle, a bigint inside) does not throw", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe("object [object Object]");
    expect(describeValue([1n])).toBe("array 1");
  });
});

describe("nearestName", () => {
  const names = ["url", "timeout", "timeoutMs", "connectTimeoutMs", "httpHeader", "writeFunction"];
  const cases: [string, string | undefined][] = [
    ["ulr", "url"], // a transposition is one edit
    ["URL", "url"],
    ["CURLOPT_URL", "url"],
    ["CURLOPT_TIMEOUT_MS", "timeoutMs"],
    ["curlopt_connecttimeout_ms", "connectTimeoutMs"],
    ["TIMEOUT_MS", "timeoutMs"],
    ["writefunction", "writeFunction"],
    ["writeFuncton", "writeFunction"],
    ["timout", "timeout"],
    ["httpHeaders", "httpHeader"],
    ["nope", undefined],
    ["", undefined],
    ["toString", undefined],
  ];
  for (const [name, near] of cases)
    test(`${JSON.stringify(name)} -> ${String(near)}`, () => {
      expect(nearestName(name, names, "CURLOPT_")).toBe(near);
    });
});

describe("easy.setopt messages", () => {
  test("an unknown name names the nearest option", () => {
    const e = new Easy();
    expect(easySet(e, "ulr", "http://x/")).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe('unknown option "ulr" (did you mean "url"?)');
    expect(easySet(e, "CURLOPT_FOLLOWLOCATION", 1)).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe(
      'unknown option "CURLOPT_FOLLOWLOCATION" (did you mean "followLocation"?)',
    );
    expect(easySet(e, "WriteFunction", () => 0)).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe(
      'unknown option "WriteFunction" (did you mean "writeFunction"?)',
    );
    expect(easySet(e, "nothingLikeIt", 1)).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe('unknown option "nothingLikeIt"');
    expect(e.setopt(42 as never, 1 as never)).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe("option name must be a string, got number 42");
  });

  test("a value of the wrong kind: what was expected, and the value with its type", () => {
    const e = new Easy();
    const cases: [string, unknown, string][] = [
      ["timeoutMs", "1000", 'expected an integer, got string "1000"'],
      ["timeoutMs", 1.5, "expected an integer, got number 1.5"],
      ["timeoutMs", null, "expected an integer, got null"],
      ["timeout", "2", 'expected an integer, got string "2"'],
      ["url", 42, "expected a string or null, got number 42"],
      ["url", new URL("http://x/"), "expected a string or null, got object URL"],
      ["writeFunction", "onData", 'expected a function or null, got string "onData"'],
      [
        "httpHeader",
        "Accept: */*",
        'expected an array of strings or null, got string "Accept: */*"',
      ],
      ["httpHeader", ["A: b", 2], "expected an array of strings, item 1 is number 2"],
      ["postFields", 5, "expected a string, Uint8Array or null, got number 5"],
    ];
    for (const [name, value, why] of cases) {
      expect(easySet(e, name, value), name).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
      expect(e.lastSetoptError).toBe(`Bad value for ${name}: ${why}`);
    }
    // A success clears the last error.
    expect(e.setopt("timeoutMs", 1000)).toBe(CURLE_OK);
    expect(e.lastSetoptError).toBe("");
  });

  test("undefined is 'not set': the option goes back to its default, CURLE_OK", () => {
    const e = new Easy();
    const opts = () => handleOf(e).opts;
    expect(e.setopt("url", "http://x/")).toBe(CURLE_OK);
    expect(e.setopt("url", undefined)).toBe(CURLE_OK);
    expect(opts().url).toBeNull();
    expect(e.setopt("timeoutMs", 5000)).toBe(CURLE_OK);
    expect(e.setopt("timeoutMs", undefined)).toBe(CURLE_OK);
    expect(opts().timeoutMs).toBe(0);
    // A long with another default: back to libcurl's, not 0.
    expect(e.setopt("maxRedirs", 3)).toBe(CURLE_OK);
    expect(e.setopt("maxRedirs", undefined)).toBe(CURLE_OK);
    expect(opts().maxRedirs).toBe(30);
    // An alias resets its target (CURLOPT_TIMEOUT is in seconds, stored as timeoutMs).
    expect(e.setopt("timeout", 2)).toBe(CURLE_OK);
    expect(e.setopt("timeout", undefined)).toBe(CURLE_OK);
    expect(opts().timeoutMs).toBe(0);
    expect(e.setopt("writeFunction", () => 0)).toBe(CURLE_OK);
    expect(e.setopt("writeFunction", undefined)).toBe(CURLE_OK);
    expect(opts().writeFunction).toBeNull();
    expect(e.setopt("httpHeader", ["A: b"])).toBe(CURLE_OK);
    expect(e.setopt("httpHeader", undefined)).toBe(CURLE_OK);
    expect(opts().httpHeader).toBeNull();
    expect(e.lastSetoptError).toBe("");
  });

  test("getinfo of an unknown name: undefined, the code, and the nearest name", () => {
    const e = new Easy();
    const name: string = "responsCode";
    expect(e.getinfo(name)).toBeUndefined();
    expect(e.getinfoCode(name)).toBe(CURLE_UNKNOWN_OPTION);
    expect(e.lastSetoptError).toBe('unknown info "responsCode" (did you mean "responseCode"?)');
    expect(e.getinfo("CURLINFO_TOTAL_TIME" as string)).toBeUndefined();
    expect(e.lastSetoptError).toBe(
      'unknown info "CURLINFO_TOTAL_TIME" (did you mean "totalTime"?)',
    );
    expect(e.getinfo("responseCode")).toBe(0);
  });
});

describe("multi.setopt messages", () => {
  test("unknown name, wrong kind, out of range, undefined", () => {
    const { multi } = makeWorld();
    expect(multiSet(multi, "socketFuncton", () => 0)).toBe(CURLM_UNKNOWN_OPTION);
    expect(multi.lastSetoptError).toBe(
      'unknown option "socketFuncton" (did you mean "socketFunction"?)',
    );
    expect(multiSet(multi, "CURLMOPT_MAX_TOTAL_CONNECTIONS", 1)).toBe(CURLM_UNKNOWN_OPTION);
    expect(multi.lastSetoptError).toBe(
      'unknown option "CURLMOPT_MAX_TOTAL_CONNECTIONS" (did you mean "maxTotalConnections"?)',
    );
    expect(multiSet(multi, "maxConnects", "3")).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.lastSetoptError).toBe(
      'Bad value for maxConnects: expected an integer, got string "3"',
    );
    expect(multiSet(multi, "maxConnects", 3n)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.lastSetoptError).toBe(
      "Bad value for maxConnects: expected an integer, got bigint 3n",
    );
    expect(multiSet(multi, "timerFunction", 5)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.lastSetoptError).toBe(
      "Bad value for timerFunction: expected a function or null, got number 5",
    );
    expect(multi.setopt("maxTotalConnections", -1)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.lastSetoptError).toBe(
      "Bad value for maxTotalConnections: out of range, got number -1",
    );
    // The record is private to the engine; read it to see the default come back.
    const opts = (multiCore(multi) as unknown as { opts: Record<string, unknown> }).opts;
    expect(multi.setopt("maxTotalConnections", 4)).toBe(CURLM_OK);
    expect(multi.lastSetoptError).toBe("");
    expect(multi.setopt("maxTotalConnections", undefined)).toBe(CURLM_OK);
    expect(opts.maxTotalConnections).toBe(0);
    expect(multi.setopt("maxConcurrentStreams", 7)).toBe(CURLM_OK);
    expect(multi.setopt("maxConcurrentStreams", undefined)).toBe(CURLM_OK);
    expect(opts.maxConcurrentStreams).toBe(100);
  });

  test("a closed multi says so", () => {
    const { multi } = makeWorld();
    multi.close();
    expect(multi.setopt("maxConnects", 1)).not.toBe(CURLM_OK);
    expect(multi.lastSetoptError).toBe("the multi handle is closed");
  });
});
