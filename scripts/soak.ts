// The soak test under faults: `bun run soak -- [--transfers N] [--concurrency C] [--limits] [--seed S]`.
// Runs N transfers (default 200,000) at C in flight (default 1,000) through one Multi + BunDriver against
// the loopback fault server (test/soak/fault-server.ts, own process), first without connection limits,
// then with them (--limits: only the run with limits; --no-limits: only the one without). Prints the
// figures of each run and exits 1 on any violation (see test/soak/run.ts for the checks). --hang-ms M:
// no transfer ended for M ms (default 15,000) while some are in flight counts as a hang.

import { formatReport, runSoak, type SoakReport, startFaultServer } from "../test/soak/run.ts";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0)
    throw new Error(`${name} needs a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

const transfers = arg("--transfers", 200_000);
const concurrency = arg("--concurrency", 1_000);
const seed = arg("--seed", 1);
const hangMs = arg("--hang-ms", 15_000);
const onlyLimits = process.argv.includes("--limits");
const onlyNoLimits = process.argv.includes("--no-limits");
const limits = { maxHostConnections: 48, maxTotalConnections: 80, maxConnects: 32 };

console.log(
  `soak: ${transfers.toLocaleString("en-US")} transfers at ${concurrency.toLocaleString("en-US")} concurrent, seed ${seed}, Bun ${Bun.version}`,
);
const server = await startFaultServer();
const reports: SoakReport[] = [];
const t0 = performance.now();
try {
  for (const withLimits of [false, true]) {
    if ((withLimits && onlyNoLimits) || (!withLimits && onlyLimits)) continue;
    const r = await runSoak(server, {
      transfers,
      concurrency,
      seed,
      hangMs,
      ...(withLimits ? { limits } : {}),
      log: (l) => console.log(l),
    });
    for (const line of formatReport(r)) console.log(line);
    reports.push(r);
  }
} finally {
  await server.stop();
}
const bad = reports.reduce((n, r) => n + r.violationCount, 0);
console.log(`soak: ${((performance.now() - t0) / 1000).toFixed(1)} s in all, ${bad} violations`);
process.exit(bad === 0 ? 0 : 1);
