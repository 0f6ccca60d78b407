// Transfer speed as libcurl measures it for CURLOPT_LOW_SPEED_LIMIT/TIME: one (time, bytes) record per
// second in a ring of six, the current speed over the oldest-to-newest span (the overall average until
// the first second has passed), and the "below the limit since" mark. Times are ms on the engine's clock.

const RECORDS = 6;

export class Progress {
  /** Ring of records: amount and time (ms since the transfer's start), `count` taken so far. */
  private amount = new Float64Array(RECORDS);
  private time = new Float64Array(RECORDS);
  private count = 0;
  /** Bytes per second (libcurl's progress.current_speed). */
  speed = 0;
  /** When the speed first went under the limit (0 = not under it now). */
  slowSince = 0;

  /** Forgets the records (a pause ended): speed is measured afresh. */
  reset(): void {
    this.count = 0;
    this.slowSince = 0;
  }

  /** Takes a record if a second passed since the last one, and recomputes the speed. */
  update(elapsedMs: number, bytes: number): void {
    if (this.count === 0) {
      this.amount[0] = bytes;
      this.time[0] = elapsedMs;
      this.count = 1;
      this.speed = elapsedMs > 0 ? (bytes * 1000) / elapsedMs : bytes * 1000;
      return;
    }
    const next = this.count % RECORDS;
    const latest = next > 0 ? next - 1 : RECORDS - 1;
    if (elapsedMs - this.time[latest]! < 1000) return;
    this.count++;
    this.amount[next] = bytes;
    this.time[next] = elapsedMs;
    const oldest = this.count < RECORDS ? 0 : (next + 1) % RECORDS;
    const span = Math.max(this.time[next]! - this.time[oldest]!, 0.001);
    this.speed = ((this.amount[next]! - this.amount[oldest]!) * 1000) / span;
  }
}
