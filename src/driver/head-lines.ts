// What the promise helpers keep of a response head, from the header callback's lines (libcurl hands
// over every head: interim 1xx ones and those of followed redirects too, each starting with its
// status line, so a status line starts the record afresh). The field lines are copied into one
// buffer as they come and turned into strings once, when asked: a line costs a copy, no string.

import { asciiBytes, startsWithCI } from "../http/index.ts";
import { fieldHeaders, reasonPhrase } from "./field-cache.ts";

const latin1 = new TextDecoder("latin1");
const EMPTY: Uint8Array = new Uint8Array(0);
/**
 * Head buffers given back by release(), for the next head: a typed array per request is the
 * costliest allocation of a small transfer (external memory the GC accounts for).
 */
const spare: Uint8Array[] = [];
const SPARE_MAX = 256;

const LOCATION = asciiBytes("location:");

export class HeadLines {
  /** The status code of the current head (0 before its status line). */
  status = 0;
  /** The head has a Location field. */
  location = false;
  /** The current head as received: its status line at [0, fieldsAt), its field lines to `size`. */
  private buf: Uint8Array = EMPTY;
  private fieldsAt = 0;
  private size = 0;
  private parsed: [string, string][] | null = null;

  /** Takes one header line; true when it is the blank line that ends a head. */
  line(d: Uint8Array): boolean {
    return this.lineAt(d, 0, d.length);
  }

  /** line() for the header line d[start, end) (a HeaderSink's range: copied, never kept). */
  lineAt(d: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (n <= 2 && (n === 0 || d[start] === 0x0d || d[start] === 0x0a)) return true;
    // "HTTP/1.1 200 OK\r\n", "HTTP/2 200 \r\n": a new head; the code follows the first space.
    if (
      n > 12 &&
      d[start] === 0x48 &&
      d[start + 1] === 0x54 &&
      d[start + 2] === 0x54 &&
      d[start + 3] === 0x50 &&
      d[start + 4] === 0x2f
    ) {
      const sp = d.indexOf(0x20, start);
      this.status = (d[sp + 1]! - 48) * 100 + (d[sp + 2]! - 48) * 10 + (d[sp + 3]! - 48);
      this.size = 0;
      this.append(d, start, end);
      this.fieldsAt = n;
      this.location = false;
      return false;
    }
    // "l" or "L" first: most lines are not Location.
    if ((d[start]! | 0x20) === 0x6c && startsWithCI(d, start, end, LOCATION)) this.location = true;
    this.append(d, start, end);
    return false;
  }

  private append(d: Uint8Array, start: number, end: number): void {
    const need = this.size + (end - start);
    if (need > this.buf.length) {
      const reuse = this.buf.length === 0 && need <= 1024 ? spare.pop() : undefined;
      const grown = reuse ?? new Uint8Array(Math.max(need, this.buf.length * 2, 1024));
      if (this.size > 0) grown.set(this.buf.subarray(0, this.size));
      this.buf = grown;
    }
    const b = this.buf;
    let at = this.size;
    for (let i = start; i < end; i++) b[at++] = d[i]!;
    this.size = need;
    this.parsed = null;
  }

  /** The reason phrase of the status line ("" over HTTP/2, which has none). */
  get statusText(): string {
    return this.fieldsAt === 0 ? "" : reasonPhrase(this.buf, this.fieldsAt);
  }

  /** The current head's fields in order, names as received (trailers after the body too). */
  get headers(): [string, string][] {
    if (this.parsed !== null) return this.parsed;
    const out: [string, string][] = [];
    const text = latin1.decode(this.buf.subarray(this.fieldsAt, this.size));
    let at = 0;
    while (at < text.length) {
      let end = text.indexOf("\n", at);
      if (end < 0) end = text.length;
      const colon = text.indexOf(":", at);
      if (colon > at && colon < end)
        out.push([text.slice(at, colon), text.slice(colon + 1, end).trim()]);
      at = end + 1;
    }
    this.parsed = out;
    return out;
  }

  /**
   * The fields as a HeadersInit for a Response (which copies it): a Headers object that may be
   * shared with other heads (field-cache.ts), so never handed to the user.
   */
  headersInit(): Headers {
    return fieldHeaders(this.buf, this.fieldsAt, this.size);
  }

  /** Done with this head (its strings were taken): the buffer goes back for another head. */
  release(): void {
    if (this.buf.length === 1024 && spare.length < SPARE_MAX) spare.push(this.buf);
    this.buf = EMPTY;
    this.size = 0;
    this.fieldsAt = 0;
  }

  /**
   * The head just ended is the final one: not interim (1xx), and not a redirect the engine follows
   * (with CURLOPT_FOLLOWLOCATION, any 3xx with a Location: transfer/redirect.ts). A 401 or 407 may be
   * asked again with credentials (transfer/auth.ts): not known here, so not final; its first body
   * byte or the transfer's end says it was.
   */
  final(follow: boolean): boolean {
    const s = this.status;
    if (s < 200 || s === 401 || s === 407) return false;
    return !(follow && s >= 300 && s < 400 && this.location);
  }
}
