// main() in process with captured streams: what the spawned suite cannot see (the progress meter on
// a terminal, -s keeping it off, -h and -V), and the small parsers the flags use.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { parseArgs, UsageError } from "../../src/cli/args.ts";
import { REMOTE_NAME } from "../../src/cli/config.ts";
import type { CliIo } from "../../src/cli/io.ts";
import { main } from "../../src/cli/main.ts";
import { remoteName } from "../../src/cli/output.ts";
import { hms, max5 } from "../../src/cli/progress.ts";
import { nextRetry, RetryState, retryReason } from "../../src/cli/retry.ts";
import { transferOptions } from "../../src/cli/setup.ts";
import { parseSecondsMs, parseSize } from "../../src/cli/units.ts";
import { CURLAUTH_ANY, CURLAUTH_DIGEST } from "../../src/index.ts";
import { type Origins, startOrigins } from "./servers.ts";

function capture(isTTY: boolean): CliIo & { out: () => string; err: () => string } {
  const o: string[] = [];
  const e: string[] = [];
  const dec = new TextDecoder();
  const sink = (a: string[]) => ({
    write: (c: Uint8Array | string) => {
      a.push(typeof c === "string" ? c : dec.decode(c));
    },
  });
  return { stdout: sink(o), stderr: sink(e), isTTY, out: () => o.join(""), err: () => e.join("") };
}

let origins: Origins;
beforeAll(() => {
  origins = startOrigins();
});
afterAll(() => origins.stop());

test("-Z on a terminal draws curl's parallel meter on stderr, -s keeps it off", async () => {
  const urls = ["a", "b"].flatMap((n) => ["-o", "/dev/null", `${origins.http}/files/${n}.txt`]);
  const tty = capture(true);
  expect(await main(["-Z", ...urls], tty)).toBe(0);
  expect(tty.err()).toStartWith(
    "DL% UL%  Dled  Uled  Xfers  Live Total     Current  Left    Speed\n",
  );
  expect(tty.err()).toMatch(/\r100 -- {3}1100 {5}0 {5}2 {5}0 {2}/);
  expect(tty.err()).toEndWith("\n");
  const silent = capture(true);
  expect(await main(["-s", "-Z", ...urls], silent)).toBe(0);
  expect(silent.err()).toBe("");
  const pipe = capture(false);
  expect(await main(["-Z", ...urls], pipe)).toBe(0);
  expect(pipe.err()).toBe("");
});

test("-h and -V print to stdout and exit 0; no URL is curl's usage error (2)", async () => {
  const h = capture(false);
  expect(await main(["-h"], h)).toBe(0);
  expect(h.out()).toContain("--parallel-max <num>");
  const v = capture(false);
  expect(await main(["-V"], v)).toBe(0);
  expect(v.out()).toStartWith("multisock ");
  const none = capture(false);
  expect(await main([], none)).toBe(2);
  expect(none.err()).toStartWith("multisock: no URL specified!\n");
});

test("-v traces with curl's prefixes", async () => {
  const lines = capture(false);
  expect(await main(["-v", "-o", "/dev/null", `${origins.http}/hello`], lines)).toBe(0);
  const err = lines.err().split("\n");
  expect(err).toContain("> GET /hello HTTP/1.1");
  expect(err).toContain("> ");
  expect(err).toContain("< HTTP/1.1 200 OK");
  expect(err.some((l) => l.startsWith("* "))).toBe(true);
  expect(err.some((l) => l.includes("STATE:"))).toBe(false);
});

test("the parser: grouped short flags, attached values, prefixes, --no-, outputs in order", () => {
  const p = parseArgs([
    "-sSLo",
    "f1",
    "-O",
    "u1",
    "u2",
    "--verb",
    "--no-verbose",
    "--max-time",
    "1.5",
  ]);
  expect(p.global.silent && p.global.showError && !p.global.verbose).toBe(true);
  const op = p.ops[0]!;
  expect(op.followLocation).toBe(true);
  expect(op.outputs).toEqual(["f1", REMOTE_NAME]);
  expect(op.urls).toEqual(["u1", "u2"]);
  expect(op.timeoutMs).toBe(1500);
  expect(() => parseArgs(["--ver"])).toThrow(new UsageError("option --ver: is ambiguous"));
  expect(() => parseArgs(["--no-data", "x"])).toThrow(UsageError);
  expect(() => parseArgs(["--retry", "-1"])).toThrow(
    new UsageError("option --retry: expected a positive numerical parameter"),
  );
  expect(parseArgs(["a", "-:", "-d", "x", "b"]).ops.map((o) => o.data.length)).toEqual([0, 1]);
});

test("units, names and meter fields", () => {
  expect([parseSize("100"), parseSize("1k"), parseSize("2M"), parseSize("1G")]).toEqual([
    100,
    1024,
    2 * 1024 ** 2,
    1024 ** 3,
  ]);
  expect(parseSize("1X")).toBeUndefined();
  expect(parseSecondsMs(".25")).toBe(250);
  expect(parseSecondsMs("-1")).toBeUndefined();
  expect(remoteName("http://h/a/b.txt?q=1")).toBe("b.txt");
  expect(remoteName("http://h/")).toBeUndefined();
  expect([max5(99999), max5(100000), max5(20 * 1024 * 1024)]).toEqual(["99999", "  97k", "20.0M"]);
  expect([hms(0), hms(61), hms(3600 * 100)]).toEqual(["--:--:--", " 0:01:01", "  4d 04h"]);
});

test("retry: curl's transient set, the budget and the doubling backoff", () => {
  const op = parseArgs(["--retry", "3", "u"]).ops[0]!;
  expect(retryReason(op, 0, 503, true, false)).toBe(": HTTP error");
  expect(retryReason(op, 0, 404, true, false)).toBeUndefined();
  expect(retryReason(op, 22, 503, true, false)).toBeUndefined(); // 22 only counts under -f
  expect(retryReason(op, 28, 0, true, false)).toBe(": timeout");
  expect(retryReason(op, 7, 0, true, true)).toBeUndefined(); // needs --retry-connrefused
  const s = new RetryState(op, 0);
  const delays = [0, 1, 2, 3].map(() => nextRetry(s, ": timeout", -1, 0)?.delayMs);
  expect(delays).toEqual([1000, 2000, 4000, undefined]);
  const t = new RetryState(op, 0);
  expect(nextRetry(t, ": HTTP error", 5000, 0)?.warning).toBe(
    "Problem : HTTP error. Will retry in 5 seconds. 3 retries left.",
  );
});

test("the proxy flags become the proxy options, as config2setopts.c sets them", () => {
  const opts = (args: string[]) =>
    Object.fromEntries(
      transferOptions(parseArgs([...args, "http://h/"]).ops[0]!, "http://h/", null),
    );
  const o = opts([
    "-x",
    "https://p:3129",
    "--proxy-header",
    "X-A: 1",
    "--proxy-header",
    "X-B: 2",
    "--proxy-cacert",
    "/ca.pem",
    "--proxy-insecure",
    "--proxy-digest",
    "--proxy-basic",
  ]);
  expect([o.proxy, o.proxyHeader, o.proxyCaInfo]).toEqual([
    "https://p:3129",
    ["X-A: 1", "X-B: 2"],
    "/ca.pem",
  ]);
  expect([o.proxySslVerifyPeer, o.proxySslVerifyHost]).toEqual([0, 0]);
  // Digest wins over Basic; ANY over both.
  expect(o.proxyAuth).toBe(CURLAUTH_DIGEST);
  expect(opts(["--proxy-basic", "--proxy-anyauth"]).proxyAuth).toBe(CURLAUTH_ANY);
  const none = opts([]);
  for (const k of ["proxyHeader", "proxyCaInfo", "proxySslVerifyPeer", "proxyAuth"])
    expect(k in none).toBe(false);
});
