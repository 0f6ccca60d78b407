// The scheduler: every URL of every --next group as a Job on one Multi with BunDriver. Without -Z
// one runs at a time, in order (curl's serial_transfers); with -Z up to --parallel-max at once
// (parallel_transfers). It prints each failure as curl does, retries by curl's rules, writes -w,
// and returns curl's exit code: serial, the last transfer's result; parallel, the last failure's.

import { CURLE_COULDNT_CONNECT, CURLE_WRITE_ERROR } from "../constants/curle.ts";
import { CookieStore } from "../cookie/store.ts";
import { BunDriver } from "../driver/bun-driver.ts";
import { type Easy, handleOf } from "../easy/easy.ts";
import { Multi } from "../multi/multi.ts";
import type { Parsed } from "./args.ts";
import type { Operation } from "./config.ts";
import { buildBody, stdinReader } from "./data.ts";
import type { CliIo } from "./io.ts";
import { Job } from "./job.ts";
import { transferError, warning } from "./messages.ts";
import { fileOutput, type Output, outputPath, stdoutOutput } from "./output.ts";
import { Meter, type Progress } from "./progress.ts";
import { nextRetry, retryReason } from "./retry.ts";
import { writeOut } from "./writeout.ts";

/** A URL waiting to start: its group and its place in the group (for the i-th -o). */
interface Planned {
  op: Operation;
  index: number;
}

export class Runner {
  private readonly multi = new Multi();
  private readonly driver: BunDriver;
  private readonly planned: Planned[] = [];
  private readonly jobs = new Map<Easy, Job>();
  /** The cookie jar all transfers of the run share. */
  private readonly cookies = new CookieStore();
  private readonly bodies = new Map<Operation, Uint8Array | null>();
  private readonly readStdin = stdinReader();
  private readonly meter: Meter | null;
  private next = 0;
  private active = 0;
  private result = 0;
  private readonly max: number;
  private finished: () => void = () => {};

  constructor(
    private readonly parsed: Parsed,
    private readonly io: CliIo,
  ) {
    const g = parsed.global;
    this.max = g.parallel ? g.parallelMax : 1;
    for (const op of parsed.ops)
      for (let index = 0; index < op.urls.length; index++) this.planned.push({ op, index });
    const allFiles = this.planned.every((p) => p.op.outputs[p.index] !== undefined);
    const meterWanted = io.isTTY === true && !g.silent && !g.verbose && (g.parallel || allFiles);
    this.meter = meterWanted ? new Meter(io.stderr, () => performance.now()) : null;
    this.driver = new BunDriver(this.multi, { onDone: (e, rc) => this.done(e, rc) });
  }

  /** Runs everything; resolves with the exit code. */
  async run(): Promise<number> {
    const all = new Promise<void>((resolve) => {
      this.finished = resolve;
    });
    this.fill();
    if (this.active === 0) this.finished();
    else void this.driver.run();
    await all;
    this.meter?.finish();
    this.driver.close();
    this.multi.close();
    return this.result;
  }

  private warn(text: string): void {
    if (!this.parsed.global.silent) this.io.stderr.write(warning(text));
  }

  /** Prints "multisock: (code) text" unless -s without -S. */
  private report(code: number, detail: string): void {
    const g = this.parsed.global;
    if (!g.silent || g.showError) this.io.stderr.write(transferError(code, detail));
  }

  private bodyOf(op: Operation): Uint8Array | null {
    if (!this.bodies.has(op))
      this.bodies.set(
        op,
        buildBody(op.data, this.readStdin, (m) => this.warn(m)),
      );
    return this.bodies.get(op)!;
  }

  /** Starts planned URLs until the limit is reached or none are left. */
  private fill(): void {
    while (this.active < this.max && this.next < this.planned.length) {
      const { op, index } = this.planned[this.next++]!;
      const url = op.urls[index]!;
      const path = outputPath(op.outputs[index], url, op.outputDir);
      if (path === undefined) {
        this.report(CURLE_WRITE_ERROR, "Remote file name has no length!");
        this.settle(CURLE_WRITE_ERROR);
        continue;
      }
      const out: Output =
        path === null ? stdoutOutput(this.io.stdout) : fileOutput(path, op.createDirs);
      const progress: Progress | null = this.meter?.track() ?? null;
      const job = new Job(
        op,
        url,
        out,
        this.parsed.global,
        this.io,
        this.bodyOf(op),
        progress,
        performance.now(),
      );
      if (job.setupError !== undefined) {
        const [code, detail] = job.setupError;
        this.report(code, detail);
        out.close(false);
        this.settle(code);
        continue;
      }
      // curl's tool shares one jar between all its transfers (CURLSHOPT_SHARE CURL_LOCK_DATA_COOKIE):
      // each handle points at the run's store; its cookie options decide whether it uses it.
      const use = handleOf(job.easy).cookie;
      use.store = this.cookies;
      use.shared = true;
      this.jobs.set(job.easy, job);
      this.active++;
      if (this.meter !== null) this.meter.live++;
      this.multi.addHandle(job.easy);
    }
  }

  /** A job is over for good with `code`: curl's exit code rule. */
  private settle(code: number): void {
    if (!this.parsed.global.parallel) this.result = code;
    else if (code !== 0) this.result = code;
  }

  private done(easy: Easy, code: number): void {
    const job = this.jobs.get(easy)!;
    this.multi.removeHandle(easy);
    const outcome = job.outcome(code);
    if (code !== 0) this.report(code, outcome.errormsg);
    const reason = retryReason(
      job.op,
      code,
      Number(easy.getinfo("responseCode" as never) ?? 0),
      job.isHttp(),
      code === CURLE_COULDNT_CONNECT && /refused/i.test(outcome.errormsg),
    );
    const again = nextRetry(job.retry, reason, job.retryAfterMs, performance.now());
    if (again !== undefined) {
      this.warn(again.warning);
      job.out.reset();
      setTimeout(() => this.multi.addHandle(easy), again.delayMs);
      return;
    }
    job.out.close(code === 0);
    if (job.op.writeOut !== null)
      writeOut(job.op.writeOut, outcome, this.io, (m) => this.io.stderr.write(`multisock: ${m}\n`));
    // curl_easy_cleanup: the jar (-c) is written with what the shared store holds now.
    easy.cleanup();
    this.jobs.delete(easy);
    this.active--;
    if (this.meter !== null) this.meter.live--;
    this.settle(code);
    this.fill();
    if (this.active === 0 && this.next >= this.planned.length) this.finished();
  }
}
