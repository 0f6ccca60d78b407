// Strings for response field lines that repeat. A server sends the same lines again and again
// (Server, Content-Type, Connection: only Date changes, once a second), and turning each into a
// name and a value per response is the largest allocation of a small fetch(). The cache keeps, for
// each line position of a head, the last line's bytes and its [name, value] pair: a line equal to
// the one cached at its position costs a byte compare and no string.
//
// The pairs are shared between responses, so they are only handed to code that copies them (the
// Response constructor's HeadersInit), never to the user. So is the Headers object a whole head
// equal to a recent one gets (a Response copies a Headers natively, about three times faster than
// it reads pairs).

const latin1 = new TextDecoder("latin1");

/** Line positions cached (a head with more lines decodes the rest each time). */
const SLOTS = 32;
/** Lines longer than this are decoded each time (a long Set-Cookie rarely repeats). */
const LINE_MAX = 256;

/** A [name, value] pair that must not be changed (it may be in the cache). */
export type SharedPair = readonly [string, string];

const lines: (Uint8Array | undefined)[] = new Array(SLOTS).fill(undefined);
const pairs: (SharedPair | null | undefined)[] = new Array(SLOTS).fill(undefined);

function same(cached: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (cached.length !== end - start) return false;
  for (let i = cached.length - 1; i >= 0; i--) if (cached[i] !== buf[start + i]) return false;
  return true;
}

/** The pair of one line (CRLF or LF at its end excluded), or null when it has no colon. */
function decodePair(buf: Uint8Array, start: number, end: number): SharedPair | null {
  const text = latin1.decode(buf.subarray(start, end));
  const colon = text.indexOf(":");
  if (colon <= 0) return null;
  return [text.slice(0, colon), text.slice(colon + 1).trim()];
}

let statusBytes: Uint8Array | undefined;
let statusReason = "";

/** The reason phrase of the status line buf[0, end) ("" when it has none), cached like a field. */
export function reasonPhrase(buf: Uint8Array, end: number): string {
  if (end <= LINE_MAX && statusBytes !== undefined && same(statusBytes, buf, 0, end))
    return statusReason;
  const line = latin1.decode(buf.subarray(0, end));
  const sp = line.indexOf(" ");
  const sp2 = line.indexOf(" ", sp + 1);
  const reason = sp2 < 0 ? "" : line.slice(sp2 + 1).trim();
  if (end <= LINE_MAX) {
    statusBytes = buf.slice(0, end);
    statusReason = reason;
  }
  return reason;
}

/**
 * The field lines of buf[start, end) (each ending in LF) as pairs, in order; a line without a
 * colon is skipped. Lines equal to the cached line at their position reuse its pair.
 */
export function fieldPairs(buf: Uint8Array, start: number, end: number): SharedPair[] {
  const out: SharedPair[] = [];
  let slot = 0;
  let at = start;
  while (at < end) {
    let lf = buf.indexOf(0x0a, at);
    if (lf < 0 || lf >= end) lf = end;
    let pair: SharedPair | null;
    if (slot < SLOTS && lf - at <= LINE_MAX) {
      const cached = lines[slot];
      if (cached !== undefined && same(cached, buf, at, lf))
        pair = pairs[slot] as SharedPair | null;
      else {
        pair = decodePair(buf, at, lf);
        lines[slot] = buf.slice(at, lf);
        pairs[slot] = pair;
      }
    } else pair = decodePair(buf, at, lf);
    if (pair !== null) out.push(pair);
    slot++;
    at = lf + 1;
  }
  return out;
}

/** Whole heads cached as Headers, by their length modulo the slot count. */
const HEAD_SLOTS = 8;
const HEAD_MAX = 4096;
const heads: (Uint8Array | undefined)[] = new Array(HEAD_SLOTS).fill(undefined);
const headers: (Headers | undefined)[] = new Array(HEAD_SLOTS).fill(undefined);

/**
 * The field lines of buf[start, end) as a Headers object for a Response's init (which copies it):
 * the one made for an equal head when one of the last few was, else a new one (kept for the next).
 * Throws as `new Headers()` does for a field it refuses.
 */
export function fieldHeaders(buf: Uint8Array, start: number, end: number): Headers {
  const n = end - start;
  if (n > HEAD_MAX) return new Headers(fieldPairs(buf, start, end) as [string, string][]);
  const slot = n % HEAD_SLOTS;
  const cached = heads[slot];
  if (cached !== undefined && same(cached, buf, start, end)) return headers[slot]!;
  const h = new Headers(fieldPairs(buf, start, end) as [string, string][]);
  heads[slot] = buf.slice(start, end);
  headers[slot] = h;
  return h;
}
