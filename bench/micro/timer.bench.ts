// Micro benchmark of the timer core: re-arming one handle's timeout per data event, with N live
// handles, against a bare SplayTree, the `splaytree` npm package and Bun's own timers.
// Run: bun run bench/micro/timer.bench.ts   (prints mitata's report, an ns/op table, heap delta)
//
// Workload, identical for every peer (all random input precomputed before timing):
// - op i re-arms handle SLOTS[i] to now + ms (libcurl: Curl_expire(data, 1000, EXPIRE_SPEEDCHECK)
//   from pgrs_speedcheck in lib/progress.c, on every progress update); virtual `now` advances by
//   DT per op. Two delay tables: libcurl's constant 1000 ms (each new deadline is the latest),
//   and a random delay in [1000, 5096) ms (new deadlines land anywhere: the worst case);
// - every 8th op is a timer firing instead: now jumps to the nearest deadline, the expired
//   minimum is taken and re-armed (socketAction(CURL_SOCKET_TIMEOUT) + add_next_timeout).
//   Bun's timers cannot report or take their minimum, so their 8th op is one more re-arm.

import { bench, do_not_optimize, group, run, summary } from "mitata";
import SplayTreeLib from "splaytree";
import { EXPIRE_SPEEDCHECK, EXPIRE_TIMEOUT } from "../../src/timer/expire-ids.ts";
import { TimerQueue } from "../../src/timer/queue.ts";
import { SplayTree } from "../../src/timer/splay.ts";
import { heapDelta } from "./heap-delta.ts";

/** Ops per benchmark call; mitata's per-call time / BATCH = ns per op. */
const BATCH = 1024;
/** Length of the precomputed random sequences (power of two: indexed with `& MASK`). */
const SEQ = 1 << 20;
const MASK = SEQ - 1;
const DT = 0.001;
/** Bun timer delays: long enough that nothing fires during the run, below 2^31-1. */
const LONG = 1e8;
const SIZES = [1_000, 50_000] as const;

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Per-N random handle sequence; delay tables: libcurl's constant 1000 ms, random [1000, 5096). */
const SLOTS = new Map<number, Int32Array>();
const MS_CONST = new Float64Array(SEQ).fill(1000);
const MS_RAND = new Float64Array(SEQ);
const DELAYS = [
  { name: "ms=1000", ms: MS_CONST },
  { name: "ms=rand", ms: MS_RAND },
] as const;
{
  const r = xorshift(0x9e3779b9);
  for (let i = 0; i < SEQ; i++) MS_RAND[i] = 1000 + (r() & 4095);
  for (const n of SIZES) {
    const a = new Int32Array(SEQ);
    for (let i = 0; i < SEQ; i++) a[i] = r() % n;
    SLOTS.set(n, a);
  }
}

/** First deadline of handle s: staggered so that the start is not one ring of equal keys. */
function initial(ms: Float64Array, s: number): number {
  return ms[s]! + s * 0.001;
}

function slotsFor(n: number): Int32Array {
  return SLOTS.get(n)!;
}

/**
 * TimerQueue: Curl_expire per event, takeExpired per firing. With `withTimeout`, every handle also
 * has EXPIRE_TIMEOUT set an hour out (a transfer with CURLOPT_TIMEOUT): two IDs, so the row is live
 * and a later speed-check deadline is re-keyed through the row's minimum.
 */
function queuePeer(
  n: number,
  ms: Float64Array,
  q = new TimerQueue(n),
  withTimeout = false,
): () => number {
  const slots = slotsFor(n);
  let now = 0;
  let c = 0;
  for (let s = 0; s < n; s++) q.expireAt(s, initial(ms, s), EXPIRE_SPEEDCHECK);
  if (withTimeout) for (let s = 0; s < n; s++) q.expireAt(s, 3_600_000, EXPIRE_TIMEOUT);
  return () => {
    for (let k = 0; k < BATCH; k++) {
      const i = c++ & MASK;
      now += DT;
      if ((i & 7) === 7) {
        const t = q.peek();
        if (t > now) now = t;
        const s = q.takeExpired(now);
        q.expire(s, now, ms[i]!, EXPIRE_SPEEDCHECK);
      } else {
        q.expire(slots[i]!, now, ms[i]!, EXPIRE_SPEEDCHECK);
      }
    }
    return now;
  };
}

/** Our SplayTree alone: re-arm = remove + insert (what TimerQueue does to the tree). */
function splayPeer(n: number, ms: Float64Array): () => number {
  const slots = slotsFor(n);
  const tree = new SplayTree(n);
  let now = 0;
  let c = 0;
  for (let s = 0; s < n; s++) tree.insert(s, initial(ms, s));
  return () => {
    for (let k = 0; k < BATCH; k++) {
      const i = c++ & MASK;
      now += DT;
      if ((i & 7) === 7) {
        const t = tree.peekKey();
        if (t > now) now = t;
        const s = tree.getBest(now);
        tree.insert(s, now + ms[i]!);
      } else {
        const s = slots[i]!;
        tree.remove(s);
        tree.insert(s, now + ms[i]!);
      }
    }
    return now;
  };
}

/**
 * `splaytree` v3 needs unique keys to remove the right node: the deadline in 1/16 ms steps
 * times 2^16 plus the slot (exact in a double up to deadlines of ~8.5e9 ms).
 */
function libPeer(n: number, ms: Float64Array): () => number {
  const slots = slotsFor(n);
  const tree = new SplayTreeLib<number, number>();
  const keyOf = new Float64Array(n);
  const enc = (deadline: number, slot: number) => Math.round(deadline * 16) * 65536 + slot;
  let now = 0;
  let c = 0;
  for (let s = 0; s < n; s++) {
    keyOf[s] = enc(initial(ms, s), s);
    tree.insert(keyOf[s]!, s);
  }
  return () => {
    for (let k = 0; k < BATCH; k++) {
      const i = c++ & MASK;
      now += DT;
      if ((i & 7) === 7) {
        const t = Math.floor(tree.min()! / 65536) / 16;
        if (t > now) now = t;
        const top = tree.pop()!;
        const s = top.data;
        keyOf[s] = enc(now + ms[i]!, s);
        tree.insert(keyOf[s]!, s);
      } else {
        const s = slots[i]!;
        tree.remove(keyOf[s]!);
        keyOf[s] = enc(now + ms[i]!, s);
        tree.insert(keyOf[s]!, s);
      }
    }
    return now;
  };
}

function noop(): void {}

function clearAll(timers: ReturnType<typeof setTimeout>[]): void {
  for (const t of timers) clearTimeout(t);
}

/** Bun setTimeout/clearTimeout per handle: re-arm = clear + set (allocates a Timeout). */
function setTimeoutPeer(n: number, ms: Float64Array): { fn: () => number; done: () => void } {
  const slots = slotsFor(n);
  const timers: ReturnType<typeof setTimeout>[] = [];
  let c = 0;
  for (let s = 0; s < n; s++) timers.push(setTimeout(noop, LONG + ms[s]!));
  const fn = () => {
    for (let k = 0; k < BATCH; k++) {
      const i = c++ & MASK;
      const s = slots[i]!;
      clearTimeout(timers[s]);
      timers[s] = setTimeout(noop, LONG + ms[i]!);
    }
    return c;
  };
  return { fn, done: () => clearAll(timers) };
}

/** Node-style `timeout.refresh()` on one Timeout per handle (same delay every time). */
function refreshPeer(n: number, ms: Float64Array): { fn: () => number; done: () => void } {
  const slots = slotsFor(n);
  const timers: ReturnType<typeof setTimeout>[] = [];
  let c = 0;
  for (let s = 0; s < n; s++) timers.push(setTimeout(noop, LONG + ms[s]!));
  const fn = () => {
    for (let k = 0; k < BATCH; k++) timers[slots[c++ & MASK]!]!.refresh();
    return c;
  };
  return { fn, done: () => clearAll(timers) };
}

const PEERS = [
  "TimerQueue",
  "TimerQueue+TIMEOUT",
  "SplayTree",
  "splaytree (npm)",
  "setTimeout+clear",
  "refresh()",
];

for (const d of DELAYS) {
  for (const n of SIZES) {
    const tag = `N=${n} ${d.name}`;
    group(tag, () => {
      summary(() => {
        bench(`TimerQueue ${tag}`, function* () {
          const f = queuePeer(n, d.ms);
          yield () => do_not_optimize(f());
        }).baseline(true);
        bench(`TimerQueue+TIMEOUT ${tag}`, function* () {
          const f = queuePeer(n, d.ms, new TimerQueue(n), true);
          yield () => do_not_optimize(f());
        });
        bench(`SplayTree ${tag}`, function* () {
          const f = splayPeer(n, d.ms);
          yield () => do_not_optimize(f());
        });
        bench(`splaytree (npm) ${tag}`, function* () {
          const f = libPeer(n, d.ms);
          yield () => do_not_optimize(f());
        });
        bench(`setTimeout+clear ${tag}`, function* () {
          const p = setTimeoutPeer(n, d.ms);
          yield () => do_not_optimize(p.fn());
          p.done();
        });
        bench(`refresh() ${tag}`, function* () {
          const p = refreshPeer(n, d.ms);
          yield () => do_not_optimize(p.fn());
          p.done();
        });
      });
    });
  }
}

/** Heap growth of `ops` more operations of the warmed-up peer `f` (heap-delta.ts). */
const heapOps = (f: () => number, ops: number) => heapDelta(f, Math.ceil(ops / BATCH));

if (import.meta.main) {
  const res = await run();
  const nsPerOp = new Map<string, number>();
  const p50PerOp = new Map<string, number>();
  for (const t of res.benchmarks) {
    const st = t.runs[0]?.stats;
    if (st) {
      nsPerOp.set(t.alias, st.avg / BATCH);
      p50PerOp.set(t.alias, st.p50 / BATCH);
    }
  }
  console.log(`\nns per operation: mitata avg (p50) per call / ${BATCH}`);
  console.log(
    "\nTimerQueue avg / SplayTree avg (remove + insert), same run: the issue's 1.5x bound",
  );
  for (const d of DELAYS) {
    for (const n of SIZES) {
      const q = nsPerOp.get(`TimerQueue N=${n} ${d.name}`) ?? Number.NaN;
      const t = nsPerOp.get(`SplayTree N=${n} ${d.name}`) ?? Number.NaN;
      console.log(
        `${d.name} N=${n}: TimerQueue ${q.toFixed(1)} ns, ${(q / t).toFixed(2)}x SplayTree`,
      );
    }
  }
  for (const d of DELAYS) {
    console.log(`\n${d.name}\n| peer | N=1,000 | N=50,000 | avg / TimerQueue avg, N=50,000 |`);
    console.log("|---|---:|---:|---:|");
    const base = nsPerOp.get(`TimerQueue N=50000 ${d.name}`) ?? Number.NaN;
    for (const p of PEERS) {
      const cell = (n: number) => {
        const k = `${p} N=${n} ${d.name}`;
        return `${(nsPerOp.get(k) ?? Number.NaN).toFixed(1)} (${(p50PerOp.get(k) ?? Number.NaN).toFixed(1)})`;
      };
      const b = nsPerOp.get(`${p} N=50000 ${d.name}`) ?? Number.NaN;
      console.log(`| ${p} | ${cell(1000)} | ${cell(50000)} | ${(b / base).toFixed(2)} |`);
    }
  }
  for (const d of DELAYS) {
    const f = queuePeer(50_000, d.ms);
    for (let k = 0; k < 200; k++) f(); // warm-up: JIT tiers, and steady-state tree shape
    const base0 = heapOps(f, 0);
    const h = heapOps(f, 2_000_000);
    console.log(
      `\nheap ${d.name} (N=50,000, between full GCs): 2,000,000 TimerQueue ops: ${h.bytes} bytes, ` +
        `${h.objects} objects; 0 ops (measurement baseline): ${base0.bytes} bytes, ` +
        `${base0.objects} objects; net ${h.bytes - base0.bytes} bytes`,
    );
  }
}
