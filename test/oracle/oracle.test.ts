// libcurl as the oracle: every hand-picked case and a bounded set of seeded mutations run through the
// system libcurl (child processes) and through multisock against the same scripted loopback server;
// result code, response code, body and redirect count must agree, modulo known-differences.ts.
// Skipped, with the reason, only when libcurl.so.4 cannot be loaded.

import { afterAll, beforeAll, expect, describe as group, test } from "bun:test";
import { handCases } from "./cases.ts";
import { CurlPool, describe, libcurlLoadError, runCase, type Verdict } from "./compare.ts";
import { baseCases, earlyCloseSweep, type OracleCase, seededCase } from "./mutations.ts";
import { RawServer } from "./raw-server.ts";

const SEED = Number(process.env.ORACLE_SEED ?? 1);
const SEEDED = Number(process.env.ORACLE_CASES ?? 180);
const CONCURRENCY = 8;

const loadError = libcurlLoadError();
const cases: OracleCase[] = [
  ...baseCases(),
  ...handCases(),
  ...earlyCloseSweep(17),
  ...Array.from({ length: SEEDED }, (_, i) => seededCase(SEED, i)),
];

if (loadError !== undefined) {
  console.warn(`oracle: skipped, libcurl.so.4 cannot be loaded (${loadError})`);
  test.skip(`oracle (libcurl.so.4 not loadable: ${loadError})`, () => {});
} else {
  const verdicts = new Map<string, Verdict>();
  let pool: CurlPool | undefined;
  let server: RawServer | undefined;

  beforeAll(async () => {
    const started = await CurlPool.start(2);
    if (!started.pool) throw new Error(`libcurl child failed to start: ${started.reason}`);
    pool = started.pool;
    server = new RawServer();
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        verdicts.set(c.name, await runCase(pool!, server!, c));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 120_000);

  afterAll(() => {
    pool?.close();
    server?.stop();
  });

  group("oracle: multisock agrees with libcurl", () => {
    test.each(cases.map((c) => [c.name]))("%s", (name) => {
      const v = verdicts.get(name)!;
      expect(v).toBeDefined();
      if (v.diffs.length) console.log(describe(v));
      expect({ diffs: v.diffs, category: v.category }).toEqual({
        diffs: [],
        category: v.skip ? "unverified" : "agree",
      });
    });
  });
}
