// A byte rate limit as libcurl keeps one (CURLOPT_MAX_RECV/SEND_SPEED_LARGE): a bucket that gains
// `ratePerStep` tokens per step (a second to start with), capped by a burst size, drained by the bytes
// moved. When the expected total is known, the steps are stretched so the last one is short and the
// average over the whole transfer stays at the cap. Times are ms on the engine's clock.

const MIN_STEP_RATE = 4 * 1024; // the last step carries at most this many tokens
const MIN_STEP_MS = 2;

export class RateLimit {
  private ratePerStep: number;
  private burstPerStep: number;
  private stepMs = 1000;
  private spareMs = 0;
  private tokens: number;
  private ts: number;

  /** `rate` bytes per second; the burst is at least 32 KiB as libcurl (protocols batch their I/O). */
  constructor(
    readonly rate: number,
    now: number,
  ) {
    this.ratePerStep = rate;
    this.burstPerStep = Math.max(rate, 32 * 1024);
    this.tokens = rate;
    this.ts = now;
  }

  /** Restarts the bucket full, tuned for `total` bytes when known (>= 0). */
  start(now: number, total: number): void {
    this.ratePerStep = this.rate;
    this.burstPerStep = Math.max(this.rate, 32 * 1024);
    this.stepMs = 1000;
    this.spareMs = 0;
    this.tokens = this.rate;
    this.ts = now;
    if (total > 1) this.tune(total);
  }

  /** Tokens available now (may be negative after an overdraft). */
  avail(now: number): number {
    this.update(now);
    return this.tokens;
  }

  /** n bytes were moved. */
  drain(n: number, now: number): void {
    this.update(now);
    this.tokens -= n;
  }

  /** ms until tokens are positive again (0 when there are some now). */
  waitMs(now: number): number {
    this.update(now);
    if (this.tokens > 0) return 0;
    let wait = this.stepMs - this.spareMs;
    if (this.tokens < 0) {
      const debtPct = Math.floor((-this.tokens * 100) / this.ratePerStep);
      wait += (this.stepMs * debtPct) / 100;
    }
    const elapsed = now - this.ts;
    return elapsed >= wait ? 0 : Math.ceil(wait - elapsed);
  }

  /** ms until the next step adds tokens (0 when due). */
  nextStepMs(now: number): number {
    const elapsed = now - this.ts + this.spareMs;
    return this.stepMs > elapsed ? Math.ceil(this.stepMs - elapsed) : 0;
  }

  private update(now: number): void {
    if (now === this.ts) return;
    let elapsed = now - this.ts;
    if (elapsed < 0) return;
    elapsed += this.spareMs;
    if (elapsed < this.stepMs) return;
    this.ts = now;
    const steps = Math.floor(elapsed / this.stepMs);
    this.spareMs = elapsed - steps * this.stepMs;
    this.tokens += this.ratePerStep * steps;
    if (this.burstPerStep > 0 && this.tokens > this.burstPerStep) this.tokens = this.burstPerStep;
  }

  /** Spreads all but the last ~1% of `total` evenly over stretched steps (libcurl's tuning). */
  private tune(total: number): void {
    let last = Math.floor(total / 100);
    if (last === 0) last = 1;
    else if (last > MIN_STEP_RATE) last = MIN_STEP_RATE;
    const main = total - last;
    const msteps = Math.floor((main * 1000) / this.ratePerStep);
    if (msteps < MIN_STEP_MS) return;
    if (msteps < 1000) {
      this.stepMs = msteps;
      this.ratePerStep = main;
      this.tokens = main;
      return;
    }
    const inc = Math.floor((msteps % 1000) / Math.floor(msteps / 1000));
    if (inc === 0) return;
    const rateInc = Math.floor((this.ratePerStep * inc) / 1000);
    if (rateInc === 0) return;
    this.stepMs = 1000 + inc;
    this.ratePerStep += rateInc;
    this.tokens = this.ratePerStep;
    const burstInc = Math.floor((this.burstPerStep * inc) / 1000);
    this.burstPerStep += burstInc;
  }
}
