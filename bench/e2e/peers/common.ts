import { heapStats } from "bun:jsc";

// Shared by the Bun e2e peers: argument parsing, the clock and memory meter, the one-line JSON result.
//   bun bench/e2e/peers/<peer>.ts URL TOTAL CONCURRENCY [heap] [--http 1.1|2] [--ca FILE] [--warmup N]
// With "heap", the peer measures the live JS heap once in steady state (a full GC at half the total,
// when every slot is in flight) against an idle baseline taken the same way before any transfer.
// --http asks for that HTTP version (over TLS: the h2 rows) and --ca trusts that CA file; without them
// a peer runs exactly as in the plain HTTP/1.1 rows. --warmup N: the first N of the TOTAL transfers
// warm the peer up (JIT tiers, heap growth, connections) and the `timed` figures cover the rest.

export interface PeerArgs {
  url: string;
  total: number;
  concurrency: number;
  /** Measure the heap at peak concurrency (costs one full GC, excluded from the timing). */
  heap: boolean;
  /** --http: the HTTP version to ask for; undefined = the peer's default (the plain h1 rows). */
  http: "1.1" | "2" | undefined;
  /** --ca: a PEM file of CA certificates to trust (the test CA for the TLS origin). */
  ca: string | undefined;
  /** --warmup: transfers finished before the timed window opens (0: the whole run is timed). */
  warmup: number;
}

/** Exits with the usage line (a bad command line is the bench's bug, not a result). */
function usage(why: string): never {
  console.error(`${why}\nusage: PEER URL TOTAL CONCURRENCY [heap] [--http 1.1|2] [--ca FILE]`);
  process.exit(2);
}

export function peerArgs(): PeerArgs {
  const argv = process.argv.slice(2);
  const pos: string[] = [];
  let http: PeerArgs["http"];
  let ca: string | undefined;
  let warmup = 0;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--http") {
      const v = argv[++i];
      if (v !== "1.1" && v !== "2") usage(`--http wants 1.1 or 2, not ${v}`);
      http = v;
    } else if (a === "--ca") {
      ca = argv[++i];
      if (ca === undefined) usage("--ca wants a file");
    } else if (a === "--warmup") {
      warmup = Number(argv[++i]);
      if (!Number.isInteger(warmup) || warmup < 0) usage("--warmup wants a count");
    } else pos.push(a);
  }
  const [url, total, concurrency, heap] = pos;
  if (!url || !total || !concurrency) usage("missing arguments");
  return {
    url,
    total: Number(total),
    concurrency: Number(concurrency),
    heap: heap === "heap",
    http,
    ca,
    warmup,
  };
}

/** The run after its warm-up: what finished in the timed window, and how long the window took. */
export interface TimedWindow {
  ok: number;
  failed: number;
  bytes: number;
  secs: number;
}

export interface PeerResult {
  ok: number;
  failed: number;
  /** Body bytes received. */
  bytes: number;
  /** Wall time of the transfers (any heap-measurement pause taken out). */
  secs: number;
  /** Peak resident set size of the process, bytes. */
  rss: number;
  /** Live JS heap at peak concurrency (after a full GC), bytes; 0 when not measured. */
  heap: number;
  /** Live JS heap of the idle process before any transfer (after a full GC), bytes; 0 when not measured. */
  heapBase: number;
  /**
   * Replies that came over another HTTP version than --http asked for (run.ts fails such a row: an
   * "h2" number measured over HTTP/1.1 would be a fake). Absent when the peer cannot tell.
   */
  otherProto?: number;
  /** With --warmup: the transfers after the first N and their time (the bench's req/s). */
  timed?: TimedWindow;
}

/**
 * A peer that cannot run as asked (the engine refuses an option, say): one "failed: ..." line on
 * stderr, which run.ts puts into the row as it is, and exit 3. Never a made-up number.
 */
export function refuse(why: string): never {
  console.error(`failed: ${why}`);
  process.exit(3);
}

function liveHeap(): number {
  Bun.gc(true);
  return process.memoryUsage().heapUsed;
}

/** HEAP_TYPES=1: live objects per type (JSC's heapStats), to print what grows per transfer. */
const heapTypes = process.env.HEAP_TYPES === "1";
function objectCounts(): Record<string, number> {
  return heapTypes ? heapStats().objectTypeCounts : {};
}

/**
 * Times a run and measures memory. Call `begin()` right before the first transfer, `completed(n)` with
 * the running count of finished transfers (cheap: one comparison), and `end(...)` when all are done.
 */
export class Meter {
  private t0 = 0;
  private pause = 0;
  private heapBase = 0;
  private heapPeak = 0;
  private rss = 0;
  private readonly mid: number;
  private typesBase: Record<string, number> = {};
  private timer: ReturnType<typeof setInterval> | undefined;
  /** When the warm-up ended, and the counts and pause time at that moment (-1: not yet). */
  private warmAt = -1;
  private warmOk = 0;
  private warmFailed = 0;
  private warmBytes = 0;
  private warmPause = 0;

  constructor(private readonly args: PeerArgs) {
    this.mid = args.heap ? Math.floor(args.total / 2) : -1;
  }

  begin(): void {
    if (this.args.heap) {
      this.heapBase = liveHeap();
      this.typesBase = objectCounts();
    }
    this.sample();
    this.timer = setInterval(() => this.sample(), 50);
    this.t0 = performance.now();
  }

  /**
   * n = transfers finished so far (ok + failed; the last two only for the warm-up's end). At half the
   * total every slot is busy: measure the heap there. The first call with n >= --warmup opens the
   * timed window (a peer that counts in batches may pass the exact number).
   */
  completed(n: number, ok = n, bytes = 0): void {
    if (this.warmAt < 0 && n >= this.args.warmup && this.args.warmup > 0) {
      this.warmAt = performance.now();
      this.warmOk = ok;
      this.warmFailed = n - ok;
      this.warmBytes = bytes;
      this.warmPause = this.pause;
    }
    if (n !== this.mid) return;
    const t = performance.now();
    this.heapPeak = liveHeap();
    if (heapTypes) this.printTypes();
    this.pause += performance.now() - t;
  }

  end(ok: number, failed: number, bytes: number): PeerResult {
    const t = performance.now();
    const secs = (t - this.t0 - this.pause) / 1000;
    const timed: TimedWindow | undefined =
      this.warmAt < 0
        ? undefined
        : {
            ok: ok - this.warmOk,
            failed: failed - this.warmFailed,
            bytes: bytes - this.warmBytes,
            secs: (t - this.warmAt - (this.pause - this.warmPause)) / 1000,
          };
    clearInterval(this.timer);
    this.sample();
    // maxRSS is in KiB and covers the whole life of the process, between samples too.
    const maxRss = process.resourceUsage().maxRSS * 1024;
    return {
      ok,
      failed,
      bytes,
      secs,
      rss: Math.max(this.rss, maxRss),
      heap: this.heapPeak,
      heapBase: this.heapBase,
      ...(timed !== undefined ? { timed } : {}),
    };
  }

  /** Object types that grew most between the idle baseline and peak, per in-flight transfer (stderr). */
  private printTypes(): void {
    const now = objectCounts();
    const grew = Object.entries(now)
      .map(([k, v]) => [k, (v - (this.typesBase[k] ?? 0)) / this.args.concurrency] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15);
    for (const [k, v] of grew) console.error(`heap type ${k}: ${v.toFixed(2)} per transfer`);
  }

  private sample(): void {
    const r = process.memoryUsage.rss();
    if (r > this.rss) this.rss = r;
  }
}

export function report(r: PeerResult): void {
  console.log(JSON.stringify(r));
}
