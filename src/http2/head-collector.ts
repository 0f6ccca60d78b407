// Collects one decoded HTTP/2 header block of a response: checks it as RFC 9113 section 8 asks
// (pseudo headers first, only :status, lower-case names, no connection-specific fields, a
// content-length that is a number) and turns it into the HTTP/1.1-style lines libcurl hands to its
// header code: "HTTP/2 200 \r\n", "name: value\r\n" per field, the blank line. Trailers become one
// line each. One collector per session; its buffers are reused, what it hands out is a copy.

import { fieldProblem, writeFieldLine, writeStatusLine } from "./fields.ts";
import { OutBuf } from "./out-buf.ts";

export class HeadCollector {
  /** The block is a trailer section (the final head came before). */
  trailerMode = false;
  /** :status (-1: none yet), content-length (-1: none). */
  status = -1;
  contentLength = -1;
  private problem = "";
  private regular = false;
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** Bound once: the HPACK decoder calls it per field. */
  readonly onField: (name: string, value: string) => void;
  private readonly lines = new OutBuf(1024);
  /** The last head made, and the fields it was made of. */
  private prev: Uint8Array | null = null;
  private prevStatus = -1;
  private readonly prevNames: string[] = [];
  private readonly prevValues: string[] = [];

  constructor() {
    this.onField = (name, value) => this.field(name, value);
  }

  begin(trailers: boolean): void {
    this.trailerMode = trailers;
    this.status = -1;
    this.contentLength = -1;
    this.problem = "";
    this.regular = false;
    this.names.length = 0;
    this.values.length = 0;
  }

  private field(name: string, value: string): void {
    if (this.problem !== "") return;
    const i = this.names.length;
    // The same strings at the same place as in the last head were checked then (the decoder hands
    // out the same strings for the same bytes): only new ones are looked at.
    const known =
      !this.trailerMode &&
      this.regular &&
      name === this.prevNames[i] &&
      value === this.prevValues[i];
    if (!known) {
      const bad = fieldProblem(name, value, !this.regular && !this.trailerMode);
      if (bad !== "") {
        this.problem = bad;
        return;
      }
    }
    if (name.charCodeAt(0) === 0x3a) {
      const code = value.length === 3 ? digits(value) : -1;
      if (this.status >= 0) this.problem = "duplicate :status";
      else if (code < 0) this.problem = `invalid :status "${value}"`;
      else this.status = code;
      return;
    }
    this.regular = true;
    if (name === "content-length" && !this.trailerMode) {
      const n = value.length <= 15 ? digits(value) : -1;
      if (n < 0) {
        this.problem = `invalid content-length "${value}"`;
        return;
      }
      if (this.contentLength >= 0 && this.contentLength !== n) {
        this.problem = "conflicting content-length values";
        return;
      }
      this.contentLength = n;
    }
    this.names.push(name);
    this.values.push(value);
  }

  /** What makes the block malformed ("" when it is fine); endStream: it ended the stream. */
  finish(endStream: boolean): string {
    if (this.problem !== "") return this.problem;
    if (this.trailerMode) return endStream ? "" : "trailers without END_STREAM";
    if (this.status < 0) return "response without :status";
    if (this.status === 101) return "101 Switching Protocols is not allowed in HTTP/2";
    if (this.status < 200 && endStream) return "a 1xx response ended the stream";
    return "";
  }

  /**
   * The head as lines: status line, fields, blank line. A head equal to the previous one (the same
   * strings: the HPACK decoder hands out the same ones for the same bytes) gets the same array,
   * which is never written to after it was made.
   */
  headBytes(): Uint8Array {
    const names = this.names;
    const values = this.values;
    const pn = this.prevNames;
    const pv = this.prevValues;
    if (this.prev !== null && this.status === this.prevStatus && names.length === pn.length) {
      let same = true;
      for (let i = 0; i < names.length; i++)
        if (names[i] !== pn[i] || values[i] !== pv[i]) {
          same = false;
          break;
        }
      if (same) return this.prev;
    }
    const bytes = this.makeHead();
    this.prev = bytes;
    this.prevStatus = this.status;
    pn.length = 0;
    pv.length = 0;
    for (let i = 0; i < names.length; i++) {
      pn.push(names[i]!);
      pv.push(values[i]!);
    }
    return bytes;
  }

  private makeHead(): Uint8Array {
    const out = this.lines;
    out.reset();
    writeStatusLine(out, this.status);
    for (let i = 0; i < this.names.length; i++)
      writeFieldLine(out, this.names[i]!, this.values[i]!);
    out.u16(0x0d0a);
    return out.buf.slice(0, out.len);
  }

  /** Each trailer as its own line (new arrays). */
  trailerLines(): Uint8Array[] {
    const lines: Uint8Array[] = [];
    const out = this.lines;
    for (let i = 0; i < this.names.length; i++) {
      out.reset();
      writeFieldLine(out, this.names[i]!, this.values[i]!);
      lines.push(out.buf.slice(0, out.len));
    }
    return lines;
  }
}

/** The decimal number a string of digits spells, -1 when it is empty or has another character. */
function digits(s: string): number {
  if (s.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
