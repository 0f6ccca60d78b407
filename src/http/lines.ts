// The lines of a response head, assembled from chunks cut anywhere: the line scratch buffer, obs-fold
// unfolding (Curl_http_to_fold) and the line limit. What a line says is head.ts's business.

import { P_HTTP } from "./head.ts";
import { asciiBytes, CR, indexOfByte, isBlank, isNewline, LF, lowerByte } from "./headers.ts";

/** One header line may hold at most this many bytes incl. its line ending: the dynbuf limit
 *  CURL_MAX_HTTP_HEADER (100 KiB) minus the byte dynbuf keeps for a terminating zero. */
export const MAX_HEADER_LINE = 100 * 1024 - 1;

// What take() stopped for.
/** Input used up, or a line waits for the next byte to tell whether it continues (obs-fold). */
export const LINE_MORE = 0;
/** A complete line, a view of the input: buf[start..end). */
export const LINE_VIEW = 1;
/** A complete line that was assembled across chunks: all of `copy`. */
export const LINE_COPY = 2;
/** The line passes MAX_HEADER_LINE (CURLE_TOO_LARGE, no text of libcurl's own). */
export const LINE_TOO_LONG = 3;
/** The first line of a head cannot start with "HTTP/" (checkprotoprefix() said STATUS_BAD). */
export const LINE_NOT_HTTP = 4;

const NO_BYTES = new Uint8Array(0);
const SPACE = asciiBytes(" ");

export class HeadLines {
  /** What the last take() stopped for (LINE_*). */
  got = LINE_MORE;
  /** LINE_VIEW: where the line is in the input. */
  start = 0;
  end = 0;
  /** LINE_COPY: the line. A copy, as the next line overwrites the scratch and a chunk handed to user
   *  code must never change afterwards (lines inside a chunk are views of it). */
  copy = NO_BYTES;
  /**
   * Line under construction. Empty until a line spans two chunks: tens of thousands of parsers live
   * at once and most never need it. It doubles up to the line limit and is reused.
   */
  private scratch = NO_BYTES;
  private scratchLen = 0;
  /** A complete header line waits in scratch for the next byte: it may continue (folding). */
  private held = false;
  /** Folding: drop the continuation's leading blanks, then insert one space. */
  private leadingUnfold = false;

  /** Ready for a new response. */
  reset(): void {
    this.got = LINE_MORE;
    this.scratchLen = 0;
    this.held = false;
    this.leadingUnfold = false;
  }

  /** A partial (or held) line at the peer's close, as a copy; null when there is none. */
  rest(): Uint8Array | null {
    if (this.scratchLen === 0) return null;
    const line = this.scratch.slice(0, this.scratchLen);
    this.scratchLen = 0;
    this.held = false;
    return line;
  }

  /**
   * Consumes head bytes from buf[p..end) up to one complete line (or a stop in `got`); returns the
   * new position. first: this is the head's first line, which must start with "HTTP/"; a later line
   * followed by a blank continues on the next line.
   */
  take(buf: Uint8Array, p: number, end: number, first: boolean): number {
    this.got = LINE_MORE;
    if (this.held) {
      // the first byte after a complete header line tells whether it continues (obs-fold)
      if (isBlank(buf[p]!)) this.unfold();
      else {
        this.held = false;
        this.copyOut();
      }
      return p;
    }
    if (this.leadingUnfold) {
      while (p < end && isBlank(buf[p]!)) p++;
      if (p === end) return p;
      this.leadingUnfold = false;
      if (!this.append(SPACE, 0, 1)) return p;
    }
    const lf = indexOfByte(buf, LF, p, end);
    // The first line of a head is checked against "HTTP/" as its bytes arrive (checkprotoprefix),
    // before any size limit: junk is junk however long it is.
    const lineEnd = lf < 0 ? end : lf + 1;
    if (first && !this.maybeHttp(buf, p, lineEnd)) {
      this.got = LINE_NOT_HTTP;
      return lineEnd;
    }
    if (lf < 0) {
      if (!this.append(buf, p, end)) return p;
      return end;
    }
    const next = lf + 1;
    const inScratch = this.scratchLen > 0;
    if (inScratch) {
      if (!this.append(buf, p, next)) return p;
    } else if (next - p > MAX_HEADER_LINE) {
      this.got = LINE_TOO_LONG;
      return p;
    }
    const lead = inScratch ? this.scratch[0]! : buf[p]!;
    if (!first && !isNewline(lead)) {
      // a header line: it may be folded, so its fate depends on the next byte
      if (next === end || isBlank(buf[next]!)) {
        if (!inScratch && !this.append(buf, p, next)) return p;
        if (next === end) this.held = true;
        else this.unfold();
        return next;
      }
    }
    if (inScratch) this.copyOut();
    else {
      this.got = LINE_VIEW;
      this.start = p;
      this.end = next;
    }
    return next;
  }

  /** The line in scratch is complete: hand out a copy, empty the scratch. */
  private copyOut(): void {
    this.copy = this.scratch.slice(0, this.scratchLen);
    this.scratchLen = 0;
    this.got = LINE_COPY;
  }

  /** Appends bytes to the scratch; false (got = LINE_TOO_LONG) past the line limit. */
  private append(buf: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    const need = this.scratchLen + n;
    if (need > MAX_HEADER_LINE) {
      this.got = LINE_TOO_LONG;
      return false;
    }
    if (need > this.scratch.length) {
      let cap = Math.max(this.scratch.length * 2, 256);
      while (cap < need) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.scratch.subarray(0, this.scratchLen));
      this.scratch = next;
    }
    if (n === 1) this.scratch[this.scratchLen] = buf[start]!;
    else this.scratch.set(buf.subarray(start, end), this.scratchLen);
    this.scratchLen = need;
    return true;
  }

  /** Whether the status line so far (scratch, then buf[p..end)) can still start with "HTTP/". */
  private maybeHttp(buf: Uint8Array, p: number, end: number): boolean {
    const have = this.scratchLen;
    const n = Math.min(P_HTTP.length, have + end - p);
    for (let i = 0; i < n; i++) {
      const b = i < have ? this.scratch[i]! : buf[p + i - have]!;
      if (lowerByte(b) !== P_HTTP[i]) return false;
    }
    return true;
  }

  /** Curl_http_to_fold(): drop the held line's ending and trailing blanks; the continuation's
   *  leading blanks will become one space. */
  private unfold(): void {
    let len = this.scratchLen;
    const s = this.scratch;
    if (len > 0 && s[len - 1] === LF) len--;
    if (len > 0 && s[len - 1] === CR) len--;
    while (len > 0 && isBlank(s[len - 1]!)) len--;
    this.scratchLen = len;
    this.held = false;
    this.leadingUnfold = true;
  }
}
