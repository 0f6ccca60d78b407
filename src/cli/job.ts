// One URL's transfer: its Easy handle with the CLI's callbacks (body to its Output, -i headers, -v
// trace, Retry-After, progress counts), its retry budget, and what it reports when it ends. The
// scheduler (run.ts) adds and removes it; a retry re-adds the same handle.

import { easyStrerror } from "../constants/strerror.ts";
import { Easy } from "../easy/easy.ts";
import type { Global, Operation } from "./config.ts";
import type { CliIo } from "./io.ts";
import type { Output } from "./output.ts";
import type { Progress } from "./progress.ts";
import { parseRetryAfter, RetryState } from "./retry.ts";
import { applyOptions, transferOptions } from "./setup.ts";
import { debugTo, traceHeaderIn } from "./verbose.ts";
import type { Outcome } from "./writeout.ts";

const latin1 = new TextDecoder("latin1");
const RETRY_AFTER = /^retry-after:/i;

export class Job {
  readonly easy = new Easy();
  readonly retry: RetryState;
  /** The last response's Retry-After in ms, -1 when it had none. */
  retryAfterMs = -1;
  /** A setopt refusal: the job fails with it without being added. */
  setupError: [number, string] | undefined;

  constructor(
    readonly op: Operation,
    readonly url: string,
    readonly out: Output,
    global: Global,
    io: CliIo,
    body: Uint8Array | null,
    progress: Progress | null,
    now: number,
  ) {
    this.retry = new RetryState(op, now);
    const e = this.easy;
    this.setupError = applyOptions(e, transferOptions(op, url, body));
    // curl -Z waits for a connection in progress, so parallel HTTP/2 transfers share one.
    if (global.parallel) e.setopt("pipeWait", 1);
    const headersOut = op.include || op.head;
    e.setopt("writeFunction", (d: Uint8Array) => (out.write(d) ? d.length : 0));
    e.setopt("headerFunction", (d: Uint8Array) => {
      if (d[0] === 0x48 && latin1.decode(d.subarray(0, 5)) === "HTTP/") this.retryAfterMs = -1;
      else if (d.length > 12 && RETRY_AFTER.test(latin1.decode(d.subarray(0, 12)))) {
        const v = latin1.decode(d.subarray(12));
        this.retryAfterMs = parseRetryAfter(v, Date.now());
      }
      if (global.verbose) traceHeaderIn(io.stderr, d);
      if (headersOut && !out.write(d)) return 0;
      return d.length;
    });
    if (global.verbose) {
      e.setopt("verbose", 1);
      e.setopt("debugFunction", debugTo(io.stderr));
    }
    if (progress !== null) {
      e.setopt("noProgress", 0);
      e.setopt(
        "xferInfoFunction",
        (_u: unknown, dt: number, dn: number, ut: number, un: number) => {
          progress.dltotal = dt;
          progress.dlnow = dn;
          progress.ultotal = ut;
          progress.ulnow = un;
          return 0;
        },
      );
    }
  }

  /** What -w and the exit code see of an attempt that ended with `code`. */
  outcome(code: number): Outcome {
    const detail = String(this.easy.getinfo("errorBuffer" as never) ?? "");
    return {
      easy: this.easy,
      exitcode: code,
      errormsg: code === 0 ? "" : detail !== "" ? detail : easyStrerror(code),
      url: this.url,
      filename: this.out.path,
    };
  }

  /** The transfer spoke HTTP (retries on a transient status apply). */
  isHttp(): boolean {
    const u = String(this.easy.getinfo("effectiveUrl" as never) ?? this.url);
    return /^https?:/i.test(u);
  }
}
