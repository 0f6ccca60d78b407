// The share interface against Debian's libcurl: every step of share-script.ts's scenarios gives the
// same CURLSHcode / CURLcode and the same lock calls, and curl_share_strerror the same texts. Where
// libcurl 7.88 and current curl differ, or this build lacks what Debian's has, the expected answer
// is rewritten first, each rule with its reason (docs/differences.md, "Share").

import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { libcurlLoadError } from "./compare.ts";
import { ourStrerrors, runOurs, SCENARIOS, type StepResult } from "./share-script.ts";

const CURLSHE_NOT_BUILT_IN = 5;

interface ChildAnswer {
  version: string;
  results: Record<string, StepResult[]>;
  strerror: string[];
}

/** Rewrites of libcurl 7.88's answer into what multisock (following current curl) answers. */
const KNOWN: Record<string, { why: string; fix: (r: StepResult[]) => void }> = {
  "share then unshare kind 7": {
    why: "multisock has no HSTS (CURLSHE_NOT_BUILT_IN, as libcurl with CURL_DISABLE_HSTS)",
    fix: (r) => {
      for (const i of [1, 2, 3]) r[i]!.rc = CURLSHE_NOT_BUILT_IN;
    },
  },
  "lock callbacks: a share never joined": {
    why: "current curl's curl_share_cleanup locks only a share that was ever joined (share_lock_acquire)",
    fix: (r) => {
      r[2]!.locks = [];
    },
  },
  "lock callbacks: a lock function without an unlock function": {
    why: "current curl takes the share's own lock only with both callbacks set (share_lock_acquire)",
    fix: (r) => {
      for (const s of r) s.locks = [];
    },
  },
};

const skip = libcurlLoadError();

async function askLibcurl(url: string): Promise<ChildAnswer> {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "share-child.ts"), url], {
    stdout: "pipe",
    stderr: "inherit",
  });
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  if (text.startsWith("unavailable")) throw new Error(text);
  return JSON.parse(text) as ChildAnswer;
}

describe.skipIf(skip !== undefined)("share interface vs libcurl", () => {
  let answer: ChildAnswer;
  // A keep-alive server on loopback for the scenarios that transfer (both sides use it in turn).
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("ok") });
  const url = `http://127.0.0.1:${server.port}/`;
  afterAll(() => server.stop(true));

  test("libcurl ran every scenario", async () => {
    answer = await askLibcurl(url);
    expect(answer.version).toStartWith("libcurl/");
    expect(Object.keys(answer.results)).toEqual(Object.keys(SCENARIOS));
  });

  for (const [title, steps] of Object.entries(SCENARIOS))
    test(title, async () => {
      const theirs = structuredClone(answer.results[title]!);
      KNOWN[title]?.fix(theirs);
      const ours = await runOurs(steps, url);
      const show = (r: StepResult[]) =>
        r.map(
          (x, i) =>
            `${i} ${steps[i]!.op} rc=${x.rc} ${x.locks.join(",")}` +
            (x.connects === undefined ? "" : ` connects=${x.connects} samePort=${x.samePort}`),
        );
      expect(show(ours)).toEqual(show(theirs));
    });

  test("every known difference still differs before its rewrite (none is stale)", () => {
    for (const [title, rule] of Object.entries(KNOWN)) {
      const raw = answer.results[title]!;
      const fixed = structuredClone(raw);
      rule.fix(fixed);
      expect(JSON.stringify(fixed) === JSON.stringify(raw), `${title}: ${rule.why}`).toBe(false);
    }
  });

  test("curl_share_strerror gives the same texts", () => {
    expect(ourStrerrors()).toEqual(answer.strerror);
  });
});
