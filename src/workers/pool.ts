// WorkerPool: N Bun Workers, each with its own Multi and BunDriver (libcurl's "one multi per thread"),
// fed request buffers by the main thread and answering with result batches (requests.ts, results.ts).
// Distribution follows the in-flight count: each worker holds at most 4x its limit of requests sent
// and not answered (work queued for the round trip of results and requests), and is refilled (the one
// with the fewest first) once half a limit is free, so a worker that finishes early takes more. A crash fails every job and stops the pool; close() drains,
// destroy() aborts (CURLE_ABORTED_BY_CALLBACK results), both resolve once every thread has exited.

import { type PoolConfig, poolConfig, startMessage, type WorkerPoolOptions } from "./config.ts";
import { WorkerPoolError } from "./errors.ts";
import type { FromWorker, ToWorker } from "./messages.ts";
import { type PoolInput, RequestEncoder } from "./requests.ts";
import { mergeByIndex, ResultBatch, ResultWriter } from "./results.ts";

const CURLE_ABORTED_BY_CALLBACK = 42;
/** Requests a worker may hold, sent and not answered, in multiples of maxConcurrentPerWorker. */
const DISPATCH_WINDOW = 4;

/** The worker script next to this module: worker.ts from source, worker.js in dist/workers/. */
function defaultScript(): URL {
  const file = import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js";
  return new URL(file, import.meta.url);
}

/** One run() or stream() call: its requests, how many are sent and answered, where results go. */
interface Job {
  id: number;
  inputs: readonly PoolInput[];
  /** Next input to send. */
  next: number;
  received: number;
  sink(batch: ResultBatch): void;
  /** Called once: undefined when every result arrived, else the error that ended the job. */
  end(err?: Error): void;
  /** A stream whose reader lags: send it nothing more for now. */
  paused(): boolean;
}

class Thread {
  /** Requests sent and not answered yet. */
  outstanding = 0;
  /** close or abort was sent: the exit that follows is expected. */
  stopping = false;
  exited = false;
  readonly gone: Promise<void>;
  private resolveGone!: () => void;
  /** Resolved by the worker's "ready", or by its exit (then the crash report says why). */
  readonly started: Promise<void>;
  resolveStarted!: () => void;

  constructor(
    readonly id: number,
    readonly worker: Worker,
  ) {
    this.gone = new Promise((r) => {
      this.resolveGone = r;
    });
    this.started = new Promise((r) => {
      this.resolveStarted = r;
    });
  }

  markExited(): void {
    this.exited = true;
    this.resolveStarted();
    this.resolveGone();
  }

  post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (!this.exited) this.worker.postMessage(m, transfer);
  }
}

/**
 * A pool of worker threads, each running its own Multi and BunDriver: libcurl's advice of one multi
 * handle per thread, for work that one thread cannot keep up with (a single Multi already drives
 * thousands of transfers). Requests go to the workers as transferred buffers, results come back in
 * batches of typed arrays; a request's failure is its CURLcode in the result, never an exception.
 *
 *     await using pool = new WorkerPool({ workers: 2, maxConcurrentPerWorker: 500, options: { timeoutMs: 5000 } });
 *     const r = await pool.run(urls);          // r.code[i], r.responseCode[i] for urls[i]
 */
export class WorkerPool {
  /** Worker threads. */
  readonly size: number;
  private readonly cfg: PoolConfig;
  private readonly threads: Thread[] = [];
  private readonly jobs = new Map<number, Job>();
  private readonly encoder = new RequestEncoder();
  private nextJob = 1;
  private state: "open" | "closing" | "closed" = "open";
  private failure: WorkerPoolError | null = null;
  private stopped: Promise<void> | null = null;
  private idleWaiters: (() => void)[] = [];
  private referenced = true;

  /** Starts the workers. Throws on a bad option (see WorkerPoolOptions); requests never throw later. */
  constructor(options: WorkerPoolOptions = {}) {
    this.cfg = poolConfig(options);
    this.size = this.cfg.workers;
    const script = this.cfg.script ?? defaultScript();
    for (let id = 0; id < this.size; id++) {
      const t = new Thread(id, new Worker(script));
      t.worker.addEventListener("message", (ev: MessageEvent<FromWorker>) =>
        this.onMessage(t, ev.data),
      );
      t.worker.addEventListener("error", (ev: Event) =>
        this.crash(t, (ev as ErrorEvent).message || "uncaught error"),
      );
      t.worker.addEventListener("close", (ev: Event) => {
        const code = (ev as CloseEvent).code;
        t.markExited();
        if (!t.stopping) this.crash(t, `exited on its own (exit code ${code})`);
      });
      t.post(startMessage(this.cfg, id));
      this.threads.push(t);
    }
    this.setRef(false);
  }

  /**
   * Runs every request and resolves with all results in request order (`index[i] === i`): one
   * ResultBatch of `requests.length`. Rejects only for the pool itself (WorkerPoolError: closed,
   * crashed) or a request that is not a URL or PoolRequest (TypeError).
   */
  async run(requests: Iterable<PoolInput>): Promise<ResultBatch> {
    const list = Array.isArray(requests) ? (requests as PoolInput[]) : Array.from(requests);
    const batches: ResultBatch[] = [];
    await new Promise<void>((resolve, reject) => {
      this.addJob(list, {
        sink: (b) => batches.push(b),
        end: (err) => (err === undefined ? resolve() : reject(err)),
        paused: () => false,
      });
    });
    return mergeByIndex(batches, list.length);
  }

  /**
   * The results as they come: an async iterator of ResultBatch (`index` says which requests), each a
   * worker's batch, the first ones long before the last request ends. Work starts at once; past
   * `highWaterMark` unread batches the pool stops feeding this stream until it is read. Leaving the
   * loop early (break) cancels the rest.
   */
  stream(requests: Iterable<PoolInput>): AsyncIterableIterator<ResultBatch> {
    const list = Array.isArray(requests) ? (requests as PoolInput[]) : Array.from(requests);
    const queue: ResultBatch[] = [];
    let waiter: { resolve(r: IteratorResult<ResultBatch>): void; reject(e: unknown): void } | null =
      null;
    let finished = false;
    let error: Error | undefined;
    const hw = this.cfg.highWaterMark;
    const job = this.addJob(list, {
      sink: (b) => {
        if (waiter === null) queue.push(b);
        else {
          const w = waiter;
          waiter = null;
          w.resolve({ value: b, done: false });
        }
      },
      end: (err) => {
        finished = true;
        error = err;
        if (waiter === null) return;
        const w = waiter;
        waiter = null;
        if (err === undefined) w.resolve({ value: undefined, done: true });
        else w.reject(err);
      },
      paused: () => queue.length >= hw,
    });
    const iter: AsyncIterableIterator<ResultBatch> = {
      next: () => {
        const b = queue.shift();
        if (b !== undefined) {
          if (queue.length === hw - 1) this.dispatch();
          return Promise.resolve({ value: b, done: false });
        }
        if (finished) {
          if (error !== undefined) {
            const e = error;
            error = undefined;
            return Promise.reject(e);
          }
          return Promise.resolve({ value: undefined, done: true });
        }
        return new Promise((resolve, reject) => {
          waiter = { resolve, reject };
        });
      },
      return: () => {
        if (!finished && job !== undefined) this.cancel(job);
        finished = true;
        queue.length = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return iter;
      },
    };
    return iter;
  }

  /**
   * Stops taking work, lets every running job finish, then stops each worker's multi
   * (curl_multi_cleanup in each thread) and resolves once every thread has exited.
   */
  close(): Promise<void> {
    if (this.stopped !== null) return this.stopped;
    this.state = "closing";
    this.stopped = (async () => {
      if (this.jobs.size > 0)
        await new Promise<void>((r) => {
          this.idleWaiters.push(r);
        });
      this.stopThreads("close");
      await Promise.all(this.threads.map((t) => t.gone));
      this.state = "closed";
    })();
    return this.stopped;
  }

  /**
   * Aborts: every request not finished comes back as CURLE_ABORTED_BY_CALLBACK (so run() still
   * resolves, with those codes), each worker's multi is cleaned up, and this resolves once every
   * thread has exited (undici's destroy()).
   */
  destroy(): Promise<void> {
    this.state = "closing";
    for (const job of [...this.jobs.values()]) this.abortUnsent(job, "the pool was destroyed");
    this.stopThreads("abort");
    const all = Promise.all(this.threads.map((t) => t.gone)).then(() => {
      this.state = "closed";
    });
    this.stopped ??= all;
    return all;
  }

  /** `await using pool = new WorkerPool()`: close() at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Resolves once every worker has loaded its script and made its multi (requests sent before are
   * queued, so this is only for timing work without the threads' start-up, as the benchmark does).
   * Rejects with WORKER_CRASHED when a worker died starting.
   */
  async ready(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.started));
    if (this.failure !== null) throw this.failure;
  }

  /** Requests sent to each worker and not answered yet (the number the pool balances on). */
  outstanding(): number[] {
    return this.threads.map((t) => t.outstanding);
  }

  private addJob(
    inputs: readonly PoolInput[],
    how: Pick<Job, "sink" | "end" | "paused">,
  ): Job | undefined {
    if (this.state !== "open" || this.failure !== null) {
      how.end(this.failure ?? new WorkerPoolError("POOL_CLOSED", "WorkerPool: the pool is closed"));
      return undefined;
    }
    const job: Job = { id: this.nextJob++, inputs, next: 0, received: 0, ...how };
    if (inputs.length === 0) {
      job.end();
      return undefined;
    }
    this.jobs.set(job.id, job);
    this.setRef(true);
    this.dispatch();
    return job;
  }

  /**
   * Sends requests while some worker has room: to the one with the fewest outstanding first. A
   * worker holds up to DISPATCH_WINDOW times its limit, so it has work queued for the time a batch
   * of results takes to reach this thread and the next requests to reach it back (with 1.5x, one
   * worker at 100 in flight idled on that round trip: 20,000 req/s where its Multi alone does 90,000).
   */
  private dispatch(): void {
    const limit = this.cfg.maxConcurrent;
    const window = limit * DISPATCH_WINDOW;
    const refill = Math.ceil(limit / 2);
    for (const job of this.jobs.values()) {
      while (job.next < job.inputs.length && !job.paused()) {
        const left = job.inputs.length - job.next;
        let best: Thread | undefined;
        for (const t of this.threads)
          if (!t.exited && !t.stopping && (best === undefined || t.outstanding < best.outstanding))
            best = t;
        if (best === undefined) return;
        const room = window - best.outstanding;
        if (room < Math.min(refill, left)) return;
        const n = Math.min(room, left);
        let buf: ArrayBuffer;
        try {
          buf = this.encoder.encode(job.inputs, job.next, job.next + n);
        } catch (err) {
          this.fail(job, err as Error);
          break;
        }
        job.next += n;
        best.outstanding += n;
        best.post({ t: "requests", job: job.id, buf }, [buf]);
      }
    }
  }

  private onMessage(t: Thread, m: FromWorker): void {
    if (m.t === "ready") t.resolveStarted();
    if (m.t !== "results") return;
    const batch = new ResultBatch(m.buf);
    t.outstanding -= batch.length;
    const job = this.jobs.get(m.job);
    if (job !== undefined) {
      job.received += batch.length;
      job.sink(batch);
      if (job.received === job.inputs.length) this.finish(job);
    }
    this.dispatch();
  }

  /** A job ends for good: out of the table, its caller told, close() told when it was the last. */
  private finish(job: Job, err?: Error, tell = true): void {
    if (!this.jobs.delete(job.id)) return;
    if (tell) job.end(err);
    if (this.jobs.size > 0) return;
    this.setRef(false);
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  /** A job that cannot go on (a bad request in its list): the workers drop the rest, the caller hears. */
  private fail(job: Job, err: Error): void {
    this.cancel(job);
    job.end(err);
  }

  /** Cancels a job: the workers answer its requests as aborted; those results are dropped. */
  private cancel(job: Job): void {
    if (!this.jobs.has(job.id)) return;
    job.next = job.inputs.length;
    for (const t of this.threads) t.post({ t: "cancel", job: job.id });
    this.finish(job, undefined, false);
  }

  /** destroy(): the requests of `job` never sent are answered here, as aborted. */
  private abortUnsent(job: Job, why: string): void {
    if (job.next >= job.inputs.length) return;
    const w = new ResultWriter();
    for (let i = job.next; i < job.inputs.length; i++)
      w.add(i, CURLE_ABORTED_BY_CALLBACK, 0, 0, 0, null, why);
    job.received += job.inputs.length - job.next;
    job.next = job.inputs.length;
    job.sink(new ResultBatch(w.finish()));
    if (job.received === job.inputs.length) this.finish(job);
  }

  private stopThreads(how: "close" | "abort"): void {
    for (const t of this.threads) {
      if (t.stopping) continue;
      t.stopping = true;
      t.post({ t: how });
    }
    this.setRef(true);
  }

  /** A worker died: every job fails with one WORKER_CRASHED error, the other workers are stopped. */
  private crash(t: Thread, why: string): void {
    if (this.failure !== null || this.state === "closed") return;
    const err = new WorkerPoolError("WORKER_CRASHED", `WorkerPool: worker ${t.id} ${why}`, t.id);
    this.failure = err;
    this.state = "closing";
    for (const job of [...this.jobs.values()]) this.finish(job, err);
    for (const other of this.threads) {
      other.stopping = true;
      if (!other.exited) other.worker.terminate();
    }
    this.stopped ??= Promise.all(this.threads.map((x) => x.gone)).then(() => {
      this.state = "closed";
    });
  }

  /** An idle pool does not keep the process alive; one with work (or stopping) does. */
  private setRef(on: boolean): void {
    if (on === this.referenced) return;
    this.referenced = on;
    for (const t of this.threads)
      if (on) t.worker.ref();
      else t.worker.unref();
  }
}
