// Transfer speed as libcurl measures it for CURLOPT_LOW_SPEED_LIMIT/TIME: one (time, bytes) record per
// second in a ring of six, the current speed over the oldest-to-newest span (the overall average until
// there are two records). Times are ms since the transfer's start.
//
// The ring is one Float64Array (amounts, times, count): one allocation, adjacent in memory. The caller
// keeps the newest record's time and the speed on the handle and calls record() only once a second has
// passed (libcurl makes a record only then), so the per-event path touches none of this.

const RECORDS = 6;
const TIME = RECORDS;
const COUNT = 2 * RECORDS;

/** A fresh, empty ring. */
export function newSpeedRing(): Float64Array {
  return new Float64Array(COUNT + 1);
}

/** Forgets the records (a pause ended): the speed is measured afresh. */
export function resetSpeedRing(ring: Float64Array): void {
  ring[COUNT] = 0;
}

/** Takes a record of `bytes` at `elapsedMs`; returns the current speed in bytes per second. */
export function recordSpeed(ring: Float64Array, elapsedMs: number, bytes: number): number {
  const count = ring[COUNT]!;
  if (count === 0) {
    ring[0] = bytes;
    ring[TIME] = elapsedMs;
    ring[COUNT] = 1;
    return elapsedMs > 0 ? (bytes * 1000) / elapsedMs : bytes * 1000;
  }
  const next = count % RECORDS;
  ring[next] = bytes;
  ring[TIME + next] = elapsedMs;
  ring[COUNT] = count + 1;
  const oldest = count + 1 < RECORDS ? 0 : (next + 1) % RECORDS;
  const span = Math.max(elapsedMs - ring[TIME + oldest]!, 0.001);
  return ((bytes - ring[oldest]!) * 1000) / span;
}
