// Micro benchmark of the low-speed check as transfers run it on every data event (issue: the cost per
// update with 50,000 transfers stays within 2x of the timer re-arm). Side by side in one run, on a
// real Multi with 50,000 easy handles (CURLOPT_LOW_SPEED_LIMIT/TIME set), a random handle per event:
//   - timer re-arm alone: TimerQueue.expire(slot, now, 1000, EXPIRE_SPEEDCHECK), the timer core's
//     figure (bench/micro/timer.bench.ts), on its own queue;
//   - data event + re-arm: the event touches its handle (byte count) and re-arms the speed check;
//   - data event + speedCheck(): the same event running the engine's whole check (speed records,
//     slow-since mark, the re-arm). The target compares these two: the check may cost at most as
//     much again as the bare re-arm on the same event. A random handle out of 50,000 is a cache
//     miss in both (a real data event finds its handle warm: it just parsed into it).
// Run: bun run bench/micro/speedcheck.bench.ts

import { bench, do_not_optimize, run, summary } from "mitata";
import { Easy, handleOf } from "../../src/easy/easy.ts";
import { Multi, multiCore } from "../../src/multi/multi.ts";
import { EXPIRE_SPEEDCHECK } from "../../src/timer/expire-ids.ts";
import { TimerQueue } from "../../src/timer/queue.ts";
import { speedCheck } from "../../src/transfer/timeouts.ts";
import type { Transfer } from "../../src/transfer/transfer.ts";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork } from "../../src/transport/memory/network.ts";

const N = 50_000;
const BATCH = 1024;
const SEQ = 1 << 20;
const MASK = SEQ - 1;

const slots = new Int32Array(SEQ);
{
  let s = 0x2545f491;
  for (let i = 0; i < SEQ; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    slots[i] = (s >>> 0) % N;
  }
}

// Peer 1: the bare timer queue.
const q = new TimerQueue();
let qi = 0;
let qnow = 0;
for (let i = 0; i < N; i++) q.expire(i, 0, 1000, EXPIRE_SPEEDCHECK);

// Peer 2: the engine's speed check on a Multi of N live handles.
const clock = new ManualClock(1000);
const net = new MemoryNetwork(clock, new Scheduler(clock));
const multi = new Multi({ clock, transport: net.transport });
const core = multiCore(multi);
const easies: Transfer[] = [];
for (let i = 0; i < N; i++) {
  const e = new Easy();
  e.setopt("url", "http://10.0.0.1/");
  e.setopt("lowSpeedLimit", 1);
  e.setopt("lowSpeedTime", 30);
  multi.addHandle(e);
  // As in a running transfer: the kick-start consumed the "run now" timer; the speed check is the
  // handle's only deadline (no CURLOPT_TIMEOUT set), as in the timer benchmark.
  const t = handleOf(e).transfer!;
  core.timerQueue.expireClear(t.slot);
  t.tStart = 1000;
  t.speed.lowLimit = 1; // what armTimeouts() copies from the options when the transfer starts
  t.speed.lowMs = 30_000;
  easies.push(t);
}
let ei = 0;
for (const e of easies) speedCheck(core, e, clock.t); // make each handle's speed records once

summary(() => {
  bench(`timer re-arm (TimerQueue.expire), N=${N}`, () => {
    for (let k = 0; k < BATCH; k++) {
      qnow += 0.001;
      q.expire(slots[qi++ & MASK]!, qnow, 1000, EXPIRE_SPEEDCHECK);
    }
    do_not_optimize(q);
  });
  bench(`data event + re-arm, N=${N}`, () => {
    for (let k = 0; k < BATCH; k++) {
      clock.t += 0.001;
      const e = easies[slots[ei++ & MASK]!]!;
      e.info.sizeDownload += 1400;
      core.timers.expireAt(e, clock.t + 1000, EXPIRE_SPEEDCHECK);
    }
    do_not_optimize(core);
  });
  bench(`data event + speedCheck(), N=${N}`, () => {
    for (let k = 0; k < BATCH; k++) {
      clock.t += 0.001;
      const e = easies[slots[ei++ & MASK]!]!;
      e.info.sizeDownload += 1400;
      speedCheck(core, e, clock.t);
    }
    do_not_optimize(core);
  });
});

const res = await run({ format: "quiet" });
const avg = (name: string) => {
  const b = res.benchmarks.find((x) => x.alias.startsWith(name));
  return (b?.runs[0]?.stats?.avg ?? Number.NaN) / BATCH;
};
const t = avg("timer re-arm");
const r = avg("data event + re-arm");
const s = avg("data event + speedCheck()");
console.log(`| peer | ns per update (N=${N}) |`);
console.log("| --- | ---: |");
console.log(`| timer re-arm alone (TimerQueue.expire) | ${t.toFixed(1)} |`);
console.log(`| data event + re-arm | ${r.toFixed(1)} |`);
console.log(`| data event + speedCheck() | ${s.toFixed(1)} |`);
console.log(
  `ratio (data event + speedCheck) / (data event + re-arm): ${(s / r).toFixed(2)}x (target <= 2x)`,
);
