// Inside one worker: ONE Multi and its BunDriver (libcurl's "one multi per thread") run the requests
// the pool sends, at most `maxConcurrent` at a time, and hand the results back in batches. Easy handles
// are reused per slot (plain GETs change only CURLOPT_URL; a request with its own method, headers or
// body resets its handle first). A slot's state lives in typed arrays indexed by the slot number, which
// is also the handle's CURLOPT_PRIVATE and CURLOPT_WRITEDATA.
// Invariant: every request received is answered by exactly one result (messages.ts).

import { easyStrerror } from "../constants/strerror.ts";
import { BunDriver } from "../driver/bun-driver.ts";
import { Easy } from "../easy/easy.ts";
import { Multi } from "../multi/multi.ts";
import type { FromWorker, WorkerStart } from "./messages.ts";
import { RequestView } from "./requests.ts";
import { ResultWriter } from "./results.ts";

const CURLE_OK = 0;
const CURLE_FAILED_INIT = 2;
const CURLE_ABORTED_BY_CALLBACK = 42;
const CURLM_OK = 0;
const EMPTY = new Uint8Array(0);

/** How the runner talks to its pool: postMessage with a transfer list, and the thread's exit. */
export interface RunnerPort {
  post(msg: FromWorker, transfer: ArrayBuffer[]): void;
  exit(): void;
}

/** A received request buffer of one job and the next request of it to start. */
interface Pending {
  job: number;
  view: RequestView;
  next: number;
}

export class WorkerRunner {
  private readonly multi = new Multi();
  private readonly driver: BunDriver;
  private readonly queue: Pending[] = [];
  private readonly easies: Easy[] = [];
  private readonly idle: number[] = [];
  private slotJob = new Int32Array(0);
  private slotId = new Int32Array(0);
  /** 1 when the slot's handle carries per-request options (reset before the next request). */
  private slotCustom = new Uint8Array(0);
  /** 1 while the slot's handle is in the multi. */
  private slotBusy = new Uint8Array(0);
  private slotLen = new Int32Array(0);
  private slotBody: Uint8Array[] = [];
  private running = 0;
  private readonly writers = new Map<number, ResultWriter>();
  private flushQueued = false;
  private closing = false;
  private closed = false;

  constructor(
    private readonly cfg: WorkerStart,
    private readonly port: RunnerPort,
  ) {
    for (const k in cfg.multiOptions) this.multi.setopt(k, cfg.multiOptions[k]);
    this.onWrite = this.onWrite.bind(this);
    this.flushAll = this.flushAll.bind(this);
    this.driver = new BunDriver(this.multi, { onDone: (e, code) => this.done(e, code) });
  }

  /** A request buffer of `job` arrived: queue it and start what the limit allows. */
  requests(job: number, buf: ArrayBuffer): void {
    const view = new RequestView(buf);
    if (view.length === 0) return;
    if (this.closed) {
      for (let i = 0; i < view.length; i++) this.abortResult(job, view.id(i), "worker closed");
      return;
    }
    this.queue.push({ job, view, next: 0 });
    this.startMore();
  }

  /** Ends `job` now: its queued and running requests come back as CURLE_ABORTED_BY_CALLBACK. */
  cancel(job: number, why = "the job was cancelled"): void {
    for (let q = 0; q < this.queue.length; q++) {
      const p = this.queue[q]!;
      if (p.job !== job) continue;
      for (let i = p.next; i < p.view.length; i++) this.abortResult(job, p.view.id(i), why);
      p.next = p.view.length;
    }
    this.compact();
    for (let s = 0; s < this.easies.length; s++) {
      if (this.slotBusy[s] === 0 || this.slotJob[s] !== job) continue;
      this.multi.removeHandle(this.easies[s]!);
      this.slotBusy[s] = 0;
      this.running--;
      this.abortResult(job, this.slotId[s]!, why);
      this.idle.push(s);
    }
    this.startMore();
    this.maybeExit();
  }

  /** close: finish what was sent, then exit. abort: end every job now, then exit. */
  stop(abort: boolean): void {
    this.closing = true;
    if (abort) {
      const jobs = new Set<number>(this.queue.map((p) => p.job));
      for (let s = 0; s < this.easies.length; s++)
        if (this.slotBusy[s] === 1) jobs.add(this.slotJob[s]!);
      for (const j of jobs) this.cancel(j, "the pool was destroyed");
    }
    this.maybeExit();
  }

  private startMore(): void {
    while (this.running < this.cfg.maxConcurrent && this.queue.length > 0) {
      const p = this.queue[0]!;
      if (p.next >= p.view.length) {
        this.queue.shift();
        continue;
      }
      const i = p.next++;
      this.start(p.job, p.view, i);
    }
  }

  /** Starts request i of `view`, or answers it at once with the CURLcode its setup failed with. */
  private start(job: number, view: RequestView, i: number): void {
    const s = this.idle.pop() ?? this.newSlot();
    const e = this.easies[s]!;
    const id = view.id(i);
    let rc = CURLE_OK;
    let why = "";
    try {
      if (this.slotCustom[s] === 1) {
        e.reset();
        this.setBase(e, s);
        this.slotCustom[s] = 0;
      }
      rc = e.setopt("url", view.url(i));
      if (rc === CURLE_OK && !view.plain(i)) {
        this.slotCustom[s] = 1;
        rc = perRequest(e, view, i);
      }
      if (rc !== CURLE_OK) why = e.lastSetoptError;
    } catch (err) {
      rc = CURLE_FAILED_INIT;
      why = `request setup threw: ${String(err)}`;
      this.slotCustom[s] = 1;
    }
    if (rc === CURLE_OK) {
      this.slotJob[s] = job;
      this.slotId[s] = id;
      this.slotLen[s] = 0;
      const m = this.multi.addHandle(e);
      if (m === CURLM_OK) {
        this.slotBusy[s] = 1;
        this.running++;
        return;
      }
      rc = CURLE_FAILED_INIT;
      why = `curl_multi_add_handle returned CURLMcode ${m}`;
    }
    this.idle.push(s);
    this.result(job, id, rc, 0, 0, 0, null, why);
  }

  /** A transfer ended (CURLMSG_DONE): its result goes into its job's batch, the next one starts. */
  private done(e: Easy, code: number): void {
    const s = e.getinfo("private") as number;
    this.multi.removeHandle(e);
    this.slotBusy[s] = 0;
    this.running--;
    const body = this.cfg.bodies ? this.slotBody[s]!.subarray(0, this.slotLen[s]) : null;
    const why = code === CURLE_OK ? "" : (e.getinfo("errorBuffer") as string);
    this.result(
      this.slotJob[s]!,
      this.slotId[s]!,
      code,
      e.getinfo("responseCode") as number,
      e.getinfo("sizeDownload") as number,
      e.getinfo("totalTime") as number,
      body,
      why,
    );
    this.idle.push(s);
    this.startMore();
    this.maybeExit();
  }

  private onWrite(d: Uint8Array, _e: unknown, slot: unknown): number {
    if (!this.cfg.bodies) return d.length;
    const s = slot as number;
    const len = this.slotLen[s]!;
    let b = this.slotBody[s]!;
    if (len + d.length > b.length) {
      let n = Math.max(1024, b.length);
      while (n < len + d.length) n *= 2;
      const g = new Uint8Array(n);
      g.set(b.subarray(0, len));
      this.slotBody[s] = b = g;
    }
    b.set(d, len);
    this.slotLen[s] = len + d.length;
    return d.length;
  }

  private newSlot(): number {
    const s = this.easies.length;
    if (s === this.slotJob.length) {
      const n = Math.max(16, 2 * s);
      this.slotJob = grow32(this.slotJob, n);
      this.slotId = grow32(this.slotId, n);
      this.slotLen = grow32(this.slotLen, n);
      const c = new Uint8Array(n);
      c.set(this.slotCustom);
      this.slotCustom = c;
      const b = new Uint8Array(n);
      b.set(this.slotBusy);
      this.slotBusy = b;
    }
    const e = new Easy();
    this.setBase(e, s);
    this.easies.push(e);
    this.slotBody.push(EMPTY);
    return s;
  }

  /** The pool's options, validated by the pool, and the slot's own callback data. */
  private setBase(e: Easy, s: number): void {
    const o = this.cfg.options;
    for (const k in o) e.setopt(k, o[k]);
    e.setopt("writeFunction", this.onWrite);
    e.setopt("writeData", s);
    e.setopt("private", s);
  }

  private abortResult(job: number, id: number, why: string): void {
    this.result(job, id, CURLE_ABORTED_BY_CALLBACK, 0, 0, 0, null, why);
  }

  private result(
    job: number,
    id: number,
    code: number,
    responseCode: number,
    size: number,
    time: number,
    body: Uint8Array | null,
    why: string,
  ): void {
    let w = this.writers.get(job);
    if (w === undefined) {
      w = new ResultWriter();
      this.writers.set(job, w);
    }
    w.add(
      id,
      code,
      responseCode,
      size,
      time,
      body,
      code !== CURLE_OK && why === "" ? easyStrerror(code) : why,
    );
    if (w.length >= this.cfg.maxBatch) this.flush(job, w);
    else if (!this.flushQueued) {
      // Everything that finished in this loop turn goes in one batch.
      this.flushQueued = true;
      setImmediate(this.flushAll);
    }
  }

  private flush(job: number, w: ResultWriter): void {
    if (w.length === 0) return;
    const buf = w.finish();
    this.port.post({ t: "results", job, buf }, [buf]);
  }

  private flushAll(): void {
    this.flushQueued = false;
    for (const [job, w] of this.writers) this.flush(job, w);
  }

  /** Drops the request buffers whose requests have all started. */
  private compact(): void {
    let k = 0;
    for (const p of this.queue) if (p.next < p.view.length) this.queue[k++] = p;
    this.queue.length = k;
  }

  /** Closing and nothing left: the multi is cleaned up, the last batches sent, the thread exits. */
  private maybeExit(): void {
    if (!this.closing || this.closed || this.running > 0) return;
    this.compact();
    if (this.queue.length > 0) return;
    this.closed = true;
    this.driver.close();
    for (const e of this.easies) e.cleanup();
    this.multi.close();
    this.flushAll();
    this.port.post({ t: "closed" }, []);
    this.port.exit();
  }
}

/** Sets request i's method, headers and body the way curl's command line does (-X, -H, -d, -I). */
function perRequest(e: Easy, view: RequestView, i: number): number {
  const method = view.method(i);
  const body = view.body(i);
  let rc = CURLE_OK;
  if (method === "HEAD") rc = e.setopt("noBody", 1);
  else if (method !== "" && method !== "POST") rc = e.setopt("customRequest", method);
  if (rc === CURLE_OK && (body !== null || method === "POST"))
    rc = e.setopt("postFields", body ?? "");
  const headers = view.headers(i);
  if (rc === CURLE_OK && headers.length > 0) rc = e.setopt("httpHeader", headers);
  return rc;
}

function grow32(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}
