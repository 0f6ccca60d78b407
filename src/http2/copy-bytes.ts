// The byte copy the frame layer uses on its hot paths: short spans (frame heads' neighbours, small
// header blocks, PING payloads) by a loop, which beats set(subarray()) and allocates no view.

/** Below this many bytes a loop is faster than set(subarray()) (and allocates nothing). */
const SMALL_COPY = 64;

/** Copies src[s..e) into dst at `at`. src may be dst (copyWithin then, which handles overlap). */
export function copyBytes(
  dst: Uint8Array,
  at: number,
  src: Uint8Array,
  s: number,
  e: number,
): void {
  const n = e - s;
  if (src === dst) {
    if (at !== s) dst.copyWithin(at, s, e);
  } else if (n <= SMALL_COPY) {
    for (let k = 0; k < n; k++) dst[at + k] = src[s + k]!;
  } else {
    dst.set(src.subarray(s, e), at);
  }
}
