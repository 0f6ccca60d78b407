// The soak run shared by scripts/soak.ts and test/soak/soak.test.ts: N transfers at C in flight through
// ONE Multi + BunDriver against test/soak/fault-server.ts (own process), a seeded mix of fault paths.
// Checks: every transfer ends exactly once with libcurl's code for its fault, bodies are the right
// length and bytes, open fds return to the baseline, heap growth per 1,000 transfers, no throw escapes
// the event loop, and nothing hangs (a watchdog ends the run and lists what never finished).

import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  BunDriver,
  CURL_WRITEFUNC_PAUSE,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
  CURLE_WRITE_ERROR,
  CURLPAUSE_CONT,
  Easy,
  easyStrerror,
  Multi,
} from "../../src/index.ts";
import { mulberry32 as rng } from "../helpers/prng.ts";

/** The client timeout of the stall cases (each costs that long). */
export const STALL_TIMEOUT_MS = 1500;

export interface FaultServer {
  ports: [number, number];
  /** The server's counters (requests, connections accepted, kills at reuse, per fault). */
  stats(): Promise<Record<string, number>>;
  /** Restarts the server's most-connections-at-once counters (maxOpen0, maxOpen1, maxOpenBoth). */
  resetMax(): void;
  stop(): Promise<void>;
}

/** Starts the fault server in a child process and waits for its ports. */
export async function startFaultServer(): Promise<FaultServer> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "fault-server.ts")], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = proc.stdout.getReader();
  const dec = new TextDecoder();
  let text = "";
  const readLine = async (prefix: string): Promise<string> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const at = text.indexOf(prefix);
      const nl = at >= 0 ? text.indexOf("\n", at) : -1;
      if (nl >= 0) {
        const line = text.slice(at + prefix.length, nl);
        text = text.slice(nl + 1);
        return line;
      }
      if (Date.now() > deadline) throw new Error(`fault server: no ${prefix} line: ${text}`);
      const { value, done } = await reader.read();
      if (done) throw new Error(`fault server exited: ${text}`);
      text += dec.decode(value);
    }
  };
  const ports = (await readLine("PORTS ")).split(" ").map(Number) as [number, number];
  return {
    ports,
    async stats() {
      proc.stdin.write("stats\n");
      proc.stdin.flush();
      return JSON.parse(await readLine("STATS "));
    },
    resetMax() {
      proc.stdin.write("resetmax\n");
      proc.stdin.flush();
    },
    async stop() {
      reader.releaseLock();
      proc.stdin.end();
      const t = setTimeout(() => proc.kill(), 2000);
      await proc.exited;
      clearTimeout(t);
    },
  };
}

/** One fault kind: its path (n = body size), libcurl's result, the body bytes expected (-1: any prefix). */
interface Kind {
  name: string;
  weight: number;
  path(n: number): string;
  code: number;
  bodyLen(n: number): number;
  /** Needs a fresh connection: the fault hits before any byte, which libcurl retries on a reused one. */
  fresh?: boolean;
  timeoutMs?: number;
  /** The write callback refuses the body: "short" takes one byte less, "throw" throws (both 23). */
  writeFault?: "short" | "throw";
  /** A POST of n pattern bytes (postFields); the server answers with as many. */
  post?: boolean;
  /**
   * A race: the transfer may also end complete (CURLE_OK, the whole body, 200) before its fault
   * (timeout, removal) hits; with the fault's code the body is a prefix.
   */
  race?: boolean;
  /** timeoutMs (when set) and abortMs are drawn per transfer from 0..value. */
  jitter?: boolean;
  /** The application removes the transfer (curl_multi_remove_handle) this many ms after adding it. */
  abortMs?: number;
}

/** The result recorded for a transfer the application removed before it ended. */
export const REMOVED = -2;

const half = (n: number) => n >> 1;
const all = (n: number) => n;
const zero = () => 0;
/**
 * The fault table (weights per 10,000: about 85% end with 0). libcurl's rules: a reset after some response bytes is
 * CURLE_RECV_ERROR (56); an EOF before the body is complete is CURLE_PARTIAL_FILE (18); on a FRESH
 * connection a reset before any byte is 56 and a clean close before any byte is CURLE_GOT_NOTHING (52);
 * on a REUSED connection either of those is retried on a fresh connection (Curl_retry_request), so the
 * "then" variants of ok (the server closes a kept-alive connection after answering, or when the next
 * request arrives) must cost the next transfer nothing: it ends with its own path's code.
 * soak.test.ts checks the server-side rows against the curl tool (libcurl), fresh and on a reused
 * connection.
 */
export const KINDS: Kind[] = [
  { name: "ok", weight: 6810, path: (n) => `/ok/${n}`, code: CURLE_OK, bodyLen: all },
  { name: "ok/closeafter", weight: 300, path: (n) => `/ok/${n}/closeafter`, code: 0, bodyLen: all },
  { name: "ok/halfafter", weight: 150, path: (n) => `/ok/${n}/halfafter`, code: 0, bodyLen: all },
  { name: "ok/killnext", weight: 300, path: (n) => `/ok/${n}/killnext`, code: 0, bodyLen: all },
  {
    name: "ok/killnextrst",
    weight: 200,
    path: (n) => `/ok/${n}/killnextrst`,
    code: 0,
    bodyLen: all,
  },
  { name: "chunked", weight: 400, path: (n) => `/chunked/${n}`, code: CURLE_OK, bodyLen: all },
  {
    name: "drip",
    weight: 60,
    path: (n) => `/drip/${n}`,
    code: CURLE_OK,
    bodyLen: all,
    timeoutMs: 30_000,
  },
  {
    name: "reset/head",
    weight: 150,
    path: (n) => `/reset/head/${n}`,
    code: CURLE_RECV_ERROR,
    bodyLen: zero,
  },
  {
    name: "reset/body",
    weight: 150,
    path: (n) => `/reset/body/${n}`,
    code: CURLE_RECV_ERROR,
    bodyLen: half,
  },
  {
    name: "reset/none",
    weight: 50,
    path: () => "/reset/none",
    code: CURLE_RECV_ERROR,
    bodyLen: zero,
    fresh: true,
  },
  {
    name: "close/none",
    weight: 50,
    path: () => "/close/none",
    code: CURLE_GOT_NOTHING,
    bodyLen: zero,
    fresh: true,
  },
  {
    name: "truncate",
    weight: 200,
    path: (n) => `/truncate/${n}`,
    code: CURLE_PARTIAL_FILE,
    bodyLen: half,
  },
  {
    name: "truncchunk",
    weight: 100,
    path: (n) => `/truncchunk/${n}`,
    code: CURLE_PARTIAL_FILE,
    bodyLen: half,
  },
  {
    name: "halfclose",
    weight: 150,
    path: (n) => `/halfclose/${n}`,
    code: CURLE_PARTIAL_FILE,
    bodyLen: half,
  },
  {
    name: "stall",
    weight: 7,
    path: () => "/stall",
    code: CURLE_OPERATION_TIMEDOUT,
    bodyLen: zero,
    timeoutMs: STALL_TIMEOUT_MS,
  },
  {
    name: "stall/head",
    weight: 3,
    path: (n) => `/stall/head/${n}`,
    code: CURLE_OPERATION_TIMEDOUT,
    bodyLen: half,
    timeoutMs: STALL_TIMEOUT_MS,
  },
  { name: "post", weight: 300, path: () => "/post", code: CURLE_OK, bodyLen: all, post: true },
  // Removed by the application while in flight: no onDone may follow, the connection must be closed.
  {
    name: "abort/stall",
    weight: 10,
    path: () => "/stall",
    code: REMOVED,
    bodyLen: zero,
    abortMs: 200,
  },
  {
    name: "abort/drip",
    weight: 10,
    path: (n) => `/drip/${n}`,
    code: REMOVED,
    bodyLen: () => -1,
    abortMs: 40,
    race: true,
  },
  // Removed at a random moment (connecting, sending, mid-body): its connection must never serve the
  // rest of that response to a later transfer (the pattern check would see it).
  {
    name: "abort/ok",
    weight: 100,
    path: (n) => `/ok/${n}`,
    code: REMOVED,
    bodyLen: () => -1,
    abortMs: 60,
    race: true,
    jitter: true,
  },
  // A timeout that races the end of the body: 28 with a prefix, or 0 complete, never both.
  {
    name: "race/timeout",
    weight: 100,
    path: (n) => `/ok/${n}`,
    code: CURLE_OPERATION_TIMEDOUT,
    bodyLen: (n) => n,
    timeoutMs: 120,
    race: true,
    jitter: true,
  },
  // The application's write callback fails: CURLE_WRITE_ERROR, and nothing escapes the event loop.
  {
    name: "write/short",
    weight: 50,
    path: (n) => `/ok/${n}`,
    code: CURLE_WRITE_ERROR,
    bodyLen: zero,
    writeFault: "short",
  },
  {
    name: "write/throw",
    weight: 50,
    path: (n) => `/ok/${n}`,
    code: CURLE_WRITE_ERROR,
    bodyLen: zero,
    writeFault: "throw",
  },
  { name: "eof", weight: 100, path: (n) => `/eof/${n}`, code: CURLE_OK, bodyLen: all },
  { name: "connclose", weight: 100, path: (n) => `/connclose/${n}`, code: CURLE_OK, bodyLen: all },
  { name: "info100", weight: 100, path: (n) => `/info100/${n}`, code: CURLE_OK, bodyLen: all },
];
/** Body sizes (a fault needs n >= 2 for its half). Mostly small; a few that exceed the socket buffers. */
const SIZES = [2, 100, 1024, 1024, 1024, 4096, 4096, 16384, 65536, 300000];
const SIZE_WEIGHTS = [10, 10, 40, 20, 10, 4, 3, 2, 0.7, 0.3];

/** What a POST sends: the pattern (byte i = i % 251), which the server checks. */
const POST_BODY = new Uint8Array(SIZES[SIZES.length - 1]!);
for (let i = 0; i < POST_BODY.length; i++) POST_BODY[i] = i % 251;

function pick(r: number, weights: number[]): number {
  let sum = 0;
  for (const w of weights) sum += w;
  let x = r * sum;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

export interface SoakOptions {
  transfers: number;
  concurrency: number;
  seed: number;
  /** Connection limits on the multi (undefined: none). */
  limits?: { maxHostConnections: number; maxTotalConnections: number; maxConnects: number };
  /** No transfer ended for this long while some are in flight: a hang (default 15 s). */
  hangMs?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  label: string;
  transfers: number;
  concurrency: number;
  done: number;
  seconds: number;
  perSecond: number;
  fdBaseline: number;
  fdAfter: number;
  /** Time from addHandle to the end (ms), stall and removed kinds excluded: quantiles, and the slowest. */
  durations: { p50: number; p99: number; p999: number; max: number };
  slowest: string[];
  /** The most fds open at once (sampled every 100 ms, and at every transfer's end with limits). */
  fdMax: number;
  /** Heap (after a full GC) growth while running, from 10% to 90% of the transfers, per 1,000. */
  heapGrowthPer1000: number;
  /** Heap after the multi is closed minus before it was made (bytes). */
  heapAfterClose: number;
  /** Per kind: transfers, their results, the longest one (ms from addHandle to its end). */
  byKind: Record<string, { count: number; codes: Record<number, number>; maxMs: number }>;
  server: Record<string, number>;
  violations: string[];
  violationCount: number;
  hung: string[];
  /** Transfers that ran on an Easy handle used before. */
  handlesReused: number;
  /** Transfers whose write callback paused them once. */
  paused: number;
}

const fdCount = () => readdirSync("/proc/self/fd").length;
function heapNow(): number {
  Bun.gc(true);
  return process.memoryUsage().heapUsed;
}

/** Runs one soak phase against a running fault server. */
export async function runSoak(server: FaultServer, o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const label = o.limits
    ? `limits (host ${o.limits.maxHostConnections}, total ${o.limits.maxTotalConnections}, cache ${o.limits.maxConnects})`
    : "no limits";
  const N = o.transfers;
  const random = rng(o.seed);
  const weights = KINDS.map((k) => k.weight);
  const kindOf = new Uint8Array(N);
  const sizeOf = new Int32Array(N);
  const hostOf = new Uint8Array(N);
  /** The write callback pauses this transfer once (CURL_WRITEFUNC_PAUSE), unpaused this many ms later. */
  const pauseMs = new Int8Array(N);
  const jitterOf = new Uint16Array(N);
  /** CURLOPT_FORBID_REUSE: the connection is closed after this transfer. */
  const forbidOf = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    kindOf[i] = pick(random(), weights);
    sizeOf[i] = SIZES[pick(random(), SIZE_WEIGHTS)]!;
    const h = random();
    hostOf[i] = h < 0.45 ? 0 : h < 0.9 ? 1 : 2;
    forbidOf[i] = random() < 0.03 ? 1 : 0;
    pauseMs[i] = random() < 0.05 ? 1 + Math.floor(random() * 20) : 0;
    jitterOf[i] = Math.floor(random() * 65536);
  }
  // Every kind at least once, spread over the run, even in a short one.
  for (let k = 0; k < KINDS.length && KINDS.length * 2 < N; k++)
    kindOf[Math.floor(((k + 0.5) * N) / KINDS.length)] = k;

  const violations: string[] = [];
  let violationCount = 0;
  const violate = (s: string) => {
    violationCount++;
    if (violations.length < 40) violations.push(s);
    log(`VIOLATION ${s}`);
  };
  const onUncaught = (e: unknown) => violate(`uncaught: ${(e as Error)?.stack ?? e}`);
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);

  server.resetMax();
  const serverBefore = await server.stats();
  const doneCount = new Uint8Array(N);
  const received = new Int32Array(N);
  const startedAt = new Float64Array(N);
  const took = new Float64Array(N);
  const results = new Int16Array(N).fill(-1);
  const inFlight = new Map<Easy, number>();
  const byKind: SoakReport["byKind"] = {};
  for (const k of KINDS) byKind[k.name] = { count: 0, codes: {}, maxMs: 0 };

  // Baselines once the run's own per-transfer arrays exist: what remains above them is the engine's.
  const fdBaseline = fdCount();
  const heapBefore = heapNow();
  const multi = new Multi();
  if (o.limits) {
    multi.setopt("maxHostConnections", o.limits.maxHostConnections);
    multi.setopt("maxTotalConnections", o.limits.maxTotalConnections);
    multi.setopt("maxConnects", o.limits.maxConnects);
  }
  let next = 0;
  let done = 0;
  let lastDoneAt = performance.now();
  let heapAt10 = -1;
  let doneAt10 = 0;
  let heapAt90 = -1;
  let fdMax = 0;
  let doneAt90 = 0;
  // Two hosts by address, and the first again by name (Bun.dns, the DNS cache, a third host key).
  const bases = [
    ...server.ports.map((p) => `http://127.0.0.1:${p}`),
    `http://localhost:${server.ports[0]}`,
  ];

  // Finished handles are used again for later transfers (as libcurl applications do), half of them
  // after curl_easy_reset and half with their old options overwritten.
  const free: Easy[] = [];
  let reused = 0;
  let paused = 0;
  const add = (): void => {
    const i = next++;
    const kind = KINDS[kindOf[i]!]!;
    let e: Easy;
    if (free.length > 0 && (i & 1) === 0) {
      e = free.pop()!;
      reused++;
      if ((i & 2) === 0) e.reset();
    } else e = new Easy();
    e.setopt("url", bases[hostOf[i]!]! + kind.path(sizeOf[i]!));
    e.setopt("private", i);
    let pauseOnce = pauseMs[i]! > 0;
    e.setopt("writeFunction", (d: Uint8Array) => {
      if (doneCount[i] !== 0)
        violate(`#${i} ${kind.name}: write callback after the transfer ended`);
      if (kind.writeFault !== undefined && d.length > 0) {
        if (kind.writeFault === "throw") throw new Error(`soak: write callback of #${i} throws`);
        return d.length - 1;
      }
      if (pauseOnce && d.length > 0) {
        // Not taken: libcurl delivers the same bytes again after the unpause.
        pauseOnce = false;
        paused++;
        setTimeout(unpause, pauseMs[i]!, e, i);
        return CURL_WRITEFUNC_PAUSE;
      }
      // Spot-check the pattern at both ends of each chunk: bytes in order, none lost or doubled.
      const off = received[i]!;
      if (d.length > 0 && (d[0] !== off % 251 || d[d.length - 1] !== (off + d.length - 1) % 251))
        violate(`#${i} ${kind.name}: body bytes out of pattern at offset ${off}`);
      received[i] = off + d.length;
      return d.length;
    });
    e.setopt(
      "timeoutMs",
      kind.jitter && kind.timeoutMs ? 1 + (jitterOf[i]! % kind.timeoutMs) : (kind.timeoutMs ?? 0),
    );
    e.setopt("freshConnect", kind.fresh ? 1 : 0);
    e.setopt("forbidReuse", forbidOf[i]!);
    // A used handle keeps its postFields unless reset: HTTPGET makes it a GET again (libcurl ignores the
    // stale postFields then; the server answers 400 to a GET with a body).
    if (kind.post) e.setopt("postFields", POST_BODY.subarray(0, sizeOf[i]!));
    else e.setopt("httpGet", 1);
    inFlight.set(e, i);
    startedAt[i] = performance.now();
    const rc = multi.addHandle(e);
    if (rc !== 0) violate(`#${i}: addHandle returned ${rc}`);
    if (kind.abortMs !== undefined)
      setTimeout(abort, kind.jitter ? jitterOf[i]! % (kind.abortMs + 1) : kind.abortMs, e, i);
  };
  const unpause = (e: Easy, i: number): void => {
    if (inFlight.get(e) !== i) return; // ended (or removed) while paused
    const rc = e.pause(CURLPAUSE_CONT);
    if (rc !== CURLE_OK) violate(`#${i}: pause(CURLPAUSE_CONT) returned ${rc}`);
  };
  const abort = (e: Easy, i: number): void => {
    if (doneCount[i] !== 0) return; // it ended first (a drip can): fine
    const rc = multi.removeHandle(e);
    if (rc !== 0) violate(`#${i}: removeHandle of a running transfer returned ${rc}`);
    finish(e, i, REMOVED);
  };
  /** Counts the end of transfer i; false when it had ended before (a violation). */
  const finish = (e: Easy, i: number, result: number): boolean => {
    doneCount[i]!++;
    if (doneCount[i]! > 1) {
      violate(
        `#${i} ${KINDS[kindOf[i]!]!.name}: ended ${doneCount[i]} times (now ${result}, first ${results[i]})`,
      );
      return false;
    }
    if (!inFlight.delete(e)) violate(`#${i}: ended but not in flight`);
    results[i] = result;
    done++;
    lastDoneAt = performance.now();
    const bk = byKind[KINDS[kindOf[i]!]!.name]!;
    bk.count++;
    const ms = lastDoneAt - startedAt[i]!;
    bk.maxMs = Math.max(bk.maxMs, ms);
    took[i] = ms;
    bk.codes[result] = (bk.codes[result] ?? 0) + 1;
    if (result === REMOVED) {
      if (free.length < 64) free.push(e);
      if (next < N) add();
    }
    return true;
  };

  const driver = new BunDriver(multi, {
    onDone(e, result) {
      const i = e.getinfo("private") as number;
      if (typeof i !== "number" || i < 0 || i >= N) {
        violate(`onDone for an unknown handle (private ${String(i)}) result ${result}`);
        return;
      }
      if (!finish(e, i, result)) return;
      if (o.limits) fdMax = Math.max(fdMax, fdCount());
      const kind = KINDS[kindOf[i]!]!;
      const n = sizeOf[i]!;
      if (kind.race && result === CURLE_OK) {
        // It ended before its fault hit: a complete transfer.
        if (received[i] !== n)
          violate(`#${i} ${kind.name} n=${n}: ended 0 with ${received[i]} body bytes`);
        if (e.getinfo("responseCode") !== 200)
          violate(`#${i} ${kind.name}: response code ${e.getinfo("responseCode")}`);
      } else if (result !== kind.code)
        violate(
          `#${i} ${kind.name} n=${n}: result ${result} (${easyStrerror(result)}: ${e.getinfo("errorBuffer")}), expected ${kind.code}; got ${received[i]} body bytes, connects ${e.getinfo("numConnects")}`,
        );
      else {
        const want = kind.bodyLen(n);
        const got = received[i]!;
        // A prefix: after a reset (Linux drops unread data on RST), and after a timeout (under load the
        // timeout may hit before the bytes were sent or read).
        const prefix =
          kind.code === CURLE_RECV_ERROR || kind.code === CURLE_OPERATION_TIMEDOUT || kind.race;
        const ok = want < 0 || (prefix ? got <= want : got === want);
        if (!ok) violate(`#${i} ${kind.name} n=${n}: ${got} body bytes, expected ${want}`);
        if (kind.code === CURLE_OK && e.getinfo("responseCode") !== 200)
          violate(`#${i} ${kind.name}: response code ${e.getinfo("responseCode")}`);
      }
      const rc = multi.removeHandle(e);
      if (rc !== 0) violate(`#${i}: removeHandle returned ${rc}`);
      if (free.length < 64) free.push(e);
      if (N >= 1000) {
        // Two points in the steady state (all slots in flight): the heap between them must not grow
        // with the number of transfers.
        if (heapAt10 < 0 && done >= Math.floor(N / 10)) {
          heapAt10 = heapNow();
          doneAt10 = done;
        } else if (heapAt90 < 0 && done >= Math.floor((N * 9) / 10)) {
          heapAt90 = heapNow();
          doneAt90 = done;
        }
      }
      if (next < N) add();
    },
  });

  const t0 = performance.now();
  for (let k = 0; k < Math.min(o.concurrency, N); k++) add();
  const ran = driver.run();
  const hangMs = o.hangMs ?? 15_000;
  let hung: string[] = [];
  let lastLog = t0;
  await new Promise<void>((resolve) => {
    let finished = false;
    ran.then(() => {
      finished = true;
    });
    const tick = setInterval(() => {
      const now = performance.now();
      fdMax = Math.max(fdMax, fdCount());
      if (now - lastLog > 5000) {
        lastLog = now;
        log(
          `  ${done}/${N} done, ${inFlight.size} in flight, running ${multi.running}, ${((now - t0) / 1000).toFixed(1)} s`,
        );
        if (inFlight.size <= 5)
          for (const [e, i] of inFlight)
            log(
              `    in flight: #${i} ${e.getinfo("effectiveUrl")} for ${Math.round(now - startedAt[i]!)} ms, ${received[i]} bytes`,
            );
      }
      if (finished || done === N) {
        // run() must resolve once everything ended; allow it one more tick.
        if (!finished) {
          if (now - lastDoneAt > 2000) {
            violate(
              `all ${N} transfers ended but BunDriver.run() did not resolve (running ${multi.running})`,
            );
            clearInterval(tick);
            resolve();
          }
          return;
        }
        clearInterval(tick);
        resolve();
      } else if (now - lastDoneAt > hangMs) {
        clearInterval(tick);
        hung = [...inFlight].map(
          ([e, i]) =>
            `#${i} ${KINDS[kindOf[i]!]!.name} ${e.getinfo("effectiveUrl")} (${received[i]} bytes, connects ${e.getinfo("numConnects")})`,
        );
        violate(
          `hang: ${inFlight.size} transfers never ended (no onDone for ${hangMs} ms; running ${multi.running}, ${N - next} not yet added)`,
        );
        resolve();
      }
    }, 100);
  });
  const seconds = (performance.now() - t0) / 1000;
  if (done === N && multi.running !== 0)
    violate(`multi.running is ${multi.running} after every transfer ended`);
  if (multi.msgsInQueue !== 0) violate(`${multi.msgsInQueue} messages left in the queue`);
  if (driver.lastError !== 0) violate(`socketAction returned ${driver.lastError}`);
  for (let i = 0; i < next; i++)
    if (doneCount[i] === 0 && hung.length === 0) violate(`#${i}: never ended`);
  for (const e of inFlight.keys()) multi.removeHandle(e);
  inFlight.clear();
  free.length = 0;
  driver.close();
  multi.close();
  // Bun closes the sockets' fds on a later loop turn: wait for them (bounded).
  let fdAfter = fdCount();
  for (let k = 0; k < 60 && fdAfter > fdBaseline; k++) {
    await Bun.sleep(50);
    fdAfter = fdCount();
  }
  const FD_SLACK = 2;
  if (fdAfter > fdBaseline + FD_SLACK)
    violate(`fd leak: ${fdAfter} open after, ${fdBaseline} before`);
  const heapAfterClose = heapNow() - heapBefore;
  // How long transfers took from addHandle to their end (the stall kinds excluded): a transfer that
  // waits far longer than the others was passed over (a fair pending queue serves them in order).
  const order: number[] = [];
  for (let i = 0; i < next; i++)
    if (
      doneCount[i] === 1 &&
      KINDS[kindOf[i]!]!.timeoutMs !== STALL_TIMEOUT_MS &&
      KINDS[kindOf[i]!]!.code !== REMOVED
    )
      order.push(i);
  order.sort((a, b) => took[a]! - took[b]!);
  const q = (f: number) =>
    order.length === 0
      ? 0
      : took[order[Math.min(order.length - 1, Math.floor(f * order.length))]!]!;
  const durations = { p50: q(0.5), p99: q(0.99), p999: q(0.999), max: q(1) };
  const slowest = order
    .slice(-8)
    .reverse()
    .map((i) => `#${i} ${KINDS[kindOf[i]!]!.name} host ${hostOf[i]} ${Math.round(took[i]!)} ms`);
  const serverAfter = diffStats(serverBefore, await server.stats());
  if (o.limits) {
    // The client's own fds (sampled at every end of a transfer): its sockets, whose fds Bun may close
    // a loop turn after the engine did (so a small slack). The server's counts (maxOpen*) are printed
    // only: it sees a close later than the client made it, and may accept the next connect first.
    const slack = (n: number) => n + Math.max(2, Math.ceil(n / 20));
    const total = o.limits.maxTotalConnections;
    if (fdMax - fdBaseline > slack(total))
      violate(
        `total limit ${total} exceeded: ${fdMax - fdBaseline} fds above the baseline at once`,
      );
  }
  const heapGrowthPer1000 =
    heapAt90 < 0 ? Number.NaN : ((heapAt90 - heapAt10) * 1000) / (doneAt90 - doneAt10);
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  return {
    label,
    transfers: N,
    concurrency: o.concurrency,
    done,
    seconds,
    perSecond: done / seconds,
    fdBaseline,
    fdAfter,
    heapGrowthPer1000,
    heapAfterClose,
    byKind,
    server: serverAfter,
    durations,
    slowest,
    fdMax,
    violations,
    violationCount,
    hung: hung.slice(0, 40),
    handlesReused: reused,
    paused,
  };
}

function diffStats(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(b)) {
    if (k.startsWith("max")) out[k] = v;
    else if (v - (a[k] ?? 0) !== 0) out[k] = v - (a[k] ?? 0);
  }
  return out;
}

/** The report as text lines. */
export function formatReport(r: SoakReport): string[] {
  const lines = [
    `== ${r.label}: ${r.done}/${r.transfers} transfers at ${r.concurrency} concurrent`,
    `   time ${r.seconds.toFixed(2)} s, ${Math.round(r.perSecond).toLocaleString("en-US")} transfers/s`,
    `   easy handles used again: ${r.handlesReused}; transfers paused once by their write callback: ${r.paused}`,
    `   fds: baseline ${r.fdBaseline}, after ${r.fdAfter} (most at once while running: ${r.fdMax})`,
    `   heap growth per 1,000 transfers (10%..90%, after full GC): ${Number.isNaN(r.heapGrowthPer1000) ? "n/a" : `${Math.round(r.heapGrowthPer1000).toLocaleString("en-US")} B`}; after close vs before: ${Math.round(r.heapAfterClose / 1024).toLocaleString("en-US")} KiB`,
    `   server: ${Object.entries(r.server)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}`,
    `   transfer time (ms, stalls excluded): p50 ${r.durations.p50.toFixed(1)}, p99 ${r.durations.p99.toFixed(1)}, p99.9 ${r.durations.p999.toFixed(1)}, max ${r.durations.max.toFixed(1)}`,
    `   slowest: ${r.slowest.join("; ")}`,
    "   by kind: transfers, longest (ms), [result:count]",
    ...Object.entries(r.byKind).map(
      ([k, v]) =>
        `     ${k.padEnd(15)} ${String(v.count).padStart(7)} ${String(Math.round(v.maxMs)).padStart(6)} ms  [${Object.entries(
          v.codes,
        )
          .map(([c, n]) => `${c}:${n}`)
          .join(", ")}]`,
    ),
    `   violations: ${r.violationCount}`,
  ];
  for (const v of r.violations) lines.push(`     - ${v}`);
  if (r.hung.length > 0) {
    lines.push("   never ended (first 40):");
    for (const h of r.hung) lines.push(`     - ${h}`);
  }
  return lines;
}
