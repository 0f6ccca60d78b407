// The oracle fuzzer: `bun run fuzz -- N SEED` runs N seeded mutation cases (default 1000, seed 1)
// through libcurl and multisock and summarises agreements, disagreements by category, exceptions and
// hangs; disagreements are written to a JSON-lines file under /tmp for replay with
// `bun run fuzz -- --replay SEED:INDEX` (several comma-separated are fine).

import { writeFileSync } from "node:fs";
import { CurlPool, describe, runCase, type Verdict } from "../test/oracle/compare.ts";
import { seededCase } from "../test/oracle/mutations.ts";
import { RawServer } from "../test/oracle/raw-server.ts";

const args = process.argv.slice(2).filter((a) => a !== "--");
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const CHILDREN = Number(process.env.FUZZ_CHILDREN ?? 2);

const uncaught: string[] = [];
process.on("uncaughtException", (e) => {
  uncaught.push(e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e));
});
process.on("unhandledRejection", (e) => {
  uncaught.push(
    `unhandled rejection: ${e instanceof Error ? `${e.message}\n${e.stack ?? ""}` : String(e)}`,
  );
});

async function main(): Promise<number> {
  const started = await CurlPool.start(CHILDREN);
  if (!started.pool) {
    console.error(`fuzz: libcurl.so.4 cannot be loaded: ${started.reason}`);
    return 2;
  }
  const pool = started.pool;
  const server = new RawServer();
  console.log(`fuzz: oracle ${pool.version}`);
  try {
    if (args[0] === "--replay") return await replay(pool, server, args[1] ?? "");
    const n = Number(args[0] ?? 1000);
    const seed = Number(args[1] ?? 1);
    return await fuzz(pool, server, n, seed);
  } finally {
    pool.close();
    server.stop();
  }
}

async function replay(pool: CurlPool, server: RawServer, spec: string): Promise<number> {
  let bad = 0;
  for (const one of spec.split(",")) {
    const [s, i] = one.split(":").map(Number);
    if (!Number.isFinite(s) || !Number.isFinite(i)) {
      console.error(`fuzz: --replay wants SEED:INDEX, got ${JSON.stringify(one)}`);
      return 2;
    }
    const c = seededCase(s!, i!);
    const v = await runCase(pool, server, c);
    console.log(`${v.category}\n${describe(v)}`);
    for (const [p, script] of Object.entries(c.scripts)) {
      const raw = script.chunks.map((b) => Buffer.from(b).toString("latin1")).join("");
      console.log(
        `  response ${p} (${script.end}): ${JSON.stringify(raw.length > 600 ? `${raw.slice(0, 600)}...` : raw)}`,
      );
    }
    if (v.diffs.length) bad++;
  }
  return bad ? 1 : 0;
}

async function fuzz(pool: CurlPool, server: RawServer, n: number, seed: number): Promise<number> {
  const t0 = performance.now();
  const byCategory = new Map<string, number[]>();
  const bad: Verdict[] = [];
  let agree = 0;
  let unverified = 0;
  const ruleCount = new Map<string, number>();
  let exceptions = 0;
  let hangs = 0;
  let done = 0;
  let next = 0;
  let lastPrint = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const v = await runCase(pool, server, seededCase(seed, i));
      done++;
      for (const r of v.rules) ruleCount.set(r, (ruleCount.get(r) ?? 0) + 1);
      if (v.diffs.length === 0) {
        agree++;
        if (v.skip) unverified++;
      } else {
        bad.push(v);
        if (v.ms.exception) exceptions++;
        if (v.ms.hang || v.curl.hang) hangs++;
        const list = byCategory.get(v.category) ?? [];
        list.push(i);
        byCategory.set(v.category, list);
      }
      const now = performance.now();
      if (now - lastPrint > 2000 || done === n) {
        lastPrint = now;
        console.log(
          `  ${done}/${n} cases, ${done - agree} disagreements, ${((now - t0) / 1000).toFixed(1)} s`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const file = `/tmp/multisock-fuzz-seed${seed}-n${n}-${Date.now()}.jsonl`;
  writeFileSync(
    file,
    bad
      .map((v) =>
        JSON.stringify({
          seed,
          index: Number(v.case.name.split("#")[1]),
          replay: `bun run fuzz -- --replay ${v.case.name.replace("seed ", "").replace("#", ":")}`,
          category: v.category,
          base: v.case.base,
          mutation: v.case.mutation,
          options: v.case.options,
          rules: v.rules,
          libcurl: v.curl,
          expected: v.expected,
          multisock: v.ms,
        }),
      )
      .join("\n") + (bad.length ? "\n" : ""),
  );
  console.log(`\nfuzz summary (seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`  cases:         ${n}`);
  console.log(
    `  agreements:    ${agree} (${unverified} without an oracle answer, see known-differences.ts)`,
  );
  console.log(`  disagreements: ${n - agree}`);
  console.log(
    `  exceptions:    ${exceptions} (thrown out of multisock's API), uncaught: ${uncaught.length}`,
  );
  console.log(`  hangs:         ${hangs}`);
  const cats = [...byCategory.entries()].sort((a, b) => b[1].length - a[1].length);
  for (const [cat, idx] of cats) {
    console.log(
      `  ${String(idx.length).padStart(5)}  ${cat}   e.g. --replay ${seed}:${idx.slice(0, 3).join(`,${seed}:`)}`,
    );
  }
  if (ruleCount.size) {
    const list = [...ruleCount.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    console.log(`  known-difference rules applied: ${list.join(", ")}`);
  }
  for (const u of uncaught.slice(0, 5))
    console.log(`  uncaught: ${u.split("\n").slice(0, 4).join(" | ")}`);
  console.log(`  disagreeing cases: ${file}`);
  return bad.length || uncaught.length ? 1 : 0;
}

process.exitCode = await main();
