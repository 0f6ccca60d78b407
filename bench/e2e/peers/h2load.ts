// e2e peer: nghttp2's h2load (Debian's nghttp2-client), the ceiling of the h2 rows: a C load generator
// that does nothing with a reply but count it. CONCURRENCY streams in flight as C connections x M
// streams each: M = min(CONCURRENCY, 100), C = ceil(CONCURRENCY / 100) (1 x 100 for 100, 10 x 100 for
// 1,000), one thread. h2load does not verify the server's certificate (it has no CA option).
//   bun bench/e2e/peers/h2load.ts URL TOTAL CONCURRENCY
// Prints the one JSON line of the other peers, parsed from h2load's report: its own clock ("finished
// in"), 2xx replies as ok, DATA payload bytes as body bytes, its peak RSS as the child's.

import { peerArgs, refuse, report } from "./common.ts";

const { url, total, concurrency } = peerArgs();
const bin = Bun.which("h2load");
if (bin === null) refuse("h2load not installed (nghttp2-client)");
const streams = Math.min(concurrency, 100);
const conns = Math.ceil(concurrency / streams);
const proc = Bun.spawn(
  [bin, "-n", String(total), "-c", String(conns), "-m", String(streams), url],
  {
    stdout: "pipe",
    stderr: "pipe",
  },
);
const [out, err] = await Promise.all([
  new Response(proc.stdout).text(),
  new Response(proc.stderr).text(),
]);
await proc.exited;

/** The first capture of `re` in h2load's report, or a refusal naming what was missing. */
function field(re: RegExp, what: string): string {
  const m = re.exec(out);
  if (m?.[1] === undefined)
    refuse(
      `h2load exit ${proc.exitCode}, no ${what} in its report: ${(err || out).trim().slice(0, 200)}`,
    );
  return m[1];
}
const UNIT: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1 };
const time = field(/finished in ([\d.]+(?:us|ms|s)),/, "'finished in' time");
const secs = Number.parseFloat(time) * UNIT[/[a-z]+$/.exec(time)![0]]!;
const ok = Number(field(/status codes: (\d+) 2xx/, "status codes"));
const bytes = Number(field(/\((\d+)\) data/, "data bytes"));
const alpn = field(/Application protocol: (\S+)/, "application protocol");
report({
  ok,
  failed: total - ok,
  bytes,
  secs,
  rss: proc.resourceUsage()?.maxRSS ?? 0,
  heap: 0,
  heapBase: 0,
  otherProto: alpn === "h2" ? 0 : ok,
});
process.exit(0);
