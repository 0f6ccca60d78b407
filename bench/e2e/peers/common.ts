// Shared by every e2e peer: argument parsing and the one-line JSON result each peer prints.
//   bun bench/e2e/peers/<peer>.ts URL TOTAL CONCURRENCY

export interface PeerArgs {
  url: string;
  total: number;
  concurrency: number;
}

export function peerArgs(): PeerArgs {
  const [url, total, concurrency] = process.argv.slice(2);
  if (!url || !total || !concurrency) {
    console.error("usage: PEER URL TOTAL CONCURRENCY");
    process.exit(2);
  }
  return { url, total: Number(total), concurrency: Number(concurrency) };
}

export interface PeerResult {
  ok: number;
  failed: number;
  bytes: number;
  secs: number;
  /** Peak resident set size seen while running, bytes. */
  rss: number;
  /** JS heap used at the peak of concurrency, bytes. */
  heap: number;
}

/** Samples RSS and heap every 50 ms while work runs; returns a stop function with the peaks. */
export function sampler(): () => { rss: number; heap: number } {
  let rss = 0;
  let heap = 0;
  const take = () => {
    const m = process.memoryUsage();
    if (m.rss > rss) rss = m.rss;
    if (m.heapUsed > heap) heap = m.heapUsed;
  };
  const t = setInterval(take, 50);
  return () => {
    take();
    clearInterval(t);
    return { rss, heap };
  };
}

export function report(r: PeerResult): void {
  console.log(JSON.stringify(r));
}
