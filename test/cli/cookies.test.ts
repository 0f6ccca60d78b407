// The CLI's cookie flags as options (tool_getparam.c's C_COOKIE, config2setopts.c's cookie_setopts):
// the '=' rule that tells data from a file name, how -b strings are joined, -c and -j.

import { expect, test } from "bun:test";
import { parseArgs } from "../../src/cli/args.ts";
import { transferOptions } from "../../src/cli/setup.ts";

const cookieOpts = (...args: string[]) =>
  transferOptions(
    parseArgs([...args, "http://127.0.0.1/"]).ops[0]!,
    "http://127.0.0.1/",
    null,
  ).filter(([k]) => k.startsWith("cookie"));

test("-b with '=' is data, joined with '; ' unless the next one leads with a blank", () => {
  expect(cookieOpts("-b", "a=1", "-b", "b=2", "-b", " c=3")).toEqual([["cookie", "a=1; b=2; c=3"]]);
});

test("-b without '=' is a cookie file ('' too), each its own CURLOPT_COOKIEFILE", () => {
  expect(cookieOpts("-b", "jar.txt", "--cookie", "")).toEqual([
    ["cookieFile", "jar.txt"],
    ["cookieFile", ""],
  ]);
});

test("-c is the jar, -j the session flag", () => {
  expect(cookieOpts("-c", "out.txt", "-j")).toEqual([
    ["cookieJar", "out.txt"],
    ["cookieSession", 1],
  ]);
  expect(cookieOpts("-j", "--no-junk-session-cookies")).toEqual([]);
});
