// A FrameHandler that records the compact event log the frame tests compare, checks the callback
// contract as it goes (throwing on a breach), and a feeder that replays input cut at given points.

import { h2ErrorName } from "../../src/http2/constants.ts";
import { type FrameHandler, FrameParser } from "../../src/http2/frame-parser.ts";

/** Bytes as text: printable ASCII as is, anything else (and `"`, `\`) as \xNN. */
export function show(b: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    out +=
      c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c
        ? String.fromCharCode(c)
        : `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `"${out}"`;
}

function hex(b: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) out += b[i]!.toString(16).padStart(2, "0");
  return out;
}

export interface RecorderOptions {
  /** Streams whose DATA frames onDataFrame refuses (their payload is then skipped). */
  refuse?: readonly number[];
}

/**
 * Event log entries: `data-frame <sid> len=<n>[ end]`, `data <sid> "<bytes>"` (the pieces of one
 * frame joined), `data-end <sid>[ end]`, `headers <sid> "<block>"[ end]`, `rst <sid> <CODE>`,
 * `settings[ ack][ id=value]...`, `ping[ ack] <hex>`, `goaway last=<n> <CODE> "<debug>"`,
 * `window <sid> +<n>`, `stream-error <sid> <CODE>: <detail>`, `conn-error <CODE>: <detail>`.
 */
export class Recorder implements FrameHandler {
  events: string[] = [];
  /** The buffer being fed: DATA pieces must be views of it (never copies). */
  fed: Uint8Array | null = null;
  /** How many callbacks handed out a view of the fed buffer (onData, onHeaders, onPing). */
  views = 0;
  /** The index of the feed() call during which onConnectionError came, or -1. */
  errorAtFeed = -1;
  feeds = 0;
  private readonly refuse: ReadonlySet<number>;
  // The DATA frame being delivered: its stream (-1: none), bytes promised and seen so far.
  private dataSid = -1;
  private dataLen = 0;
  private dataSeen = 0;
  private dataEnd = false;
  private dataEvent = -1;
  private dead = false;

  constructor(opts: RecorderOptions = {}) {
    this.refuse = new Set(opts.refuse ?? []);
  }

  /** Every callback but onData and onDataEnd: none may come after a connection error or inside
   *  a DATA frame. */
  private enter(what: string): void {
    if (this.dead) throw new Error(`${what} after the connection error`);
    if (this.dataSid !== -1) throw new Error(`${what} inside the DATA frame of ${this.dataSid}`);
  }

  private seenView(buf: Uint8Array): void {
    if (buf === this.fed) this.views++;
  }

  onDataFrame(sid: number, payloadLength: number, endStream: boolean): boolean {
    this.enter("onDataFrame");
    this.events.push(`data-frame ${sid} len=${payloadLength}${endStream ? " end" : ""}`);
    if (this.refuse.has(sid)) return false;
    this.dataSid = sid;
    this.dataLen = payloadLength;
    this.dataSeen = 0;
    this.dataEnd = endStream;
    this.dataEvent = -1;
    return true;
  }

  onData(sid: number, buf: Uint8Array, start: number, end: number): void {
    if (sid !== this.dataSid) throw new Error(`onData(${sid}) outside its DATA frame`);
    if (!(start < end && start >= 0 && end <= buf.length)) {
      throw new Error(`onData piece [${start}, ${end}) of a ${buf.length}-byte buffer`);
    }
    if (buf !== this.fed) throw new Error("onData got a copy, not a view of the fed buffer");
    this.views++;
    this.dataSeen += end - start;
    if (this.dataSeen > this.dataLen) throw new Error(`onData past the payload of ${this.dataLen}`);
    const text = show(buf, start, end);
    if (this.dataEvent === -1) {
      this.dataEvent = this.events.length;
      this.events.push(`data ${sid} ${text}`);
    } else {
      // Join the pieces of one frame: drop the closing quote, append the new text's inside.
      const prev = this.events[this.dataEvent]!;
      this.events[this.dataEvent] = prev.slice(0, -1) + text.slice(1);
    }
  }

  onDataEnd(sid: number, endStream: boolean): void {
    if (sid !== this.dataSid) throw new Error(`onDataEnd(${sid}) outside its DATA frame`);
    if (endStream !== this.dataEnd) throw new Error("onDataEnd's endStream differs");
    this.dataSid = -1;
    this.events.push(`data-end ${sid}${endStream ? " end" : ""}`);
  }

  onHeaders(sid: number, block: Uint8Array, start: number, end: number, endStream: boolean): void {
    this.enter("onHeaders");
    if (!(start <= end && start >= 0 && end <= block.length)) {
      throw new Error(`onHeaders block [${start}, ${end}) of a ${block.length}-byte buffer`);
    }
    this.seenView(block);
    this.events.push(`headers ${sid} ${show(block, start, end)}${endStream ? " end" : ""}`);
  }

  onRstStream(sid: number, code: number): void {
    this.enter("onRstStream");
    this.events.push(`rst ${sid} ${h2ErrorName(code)}`);
  }

  onSettings(ack: boolean, pairs: Uint32Array | number[], n: number): void {
    this.enter("onSettings");
    if (ack && n !== 0) throw new Error("settings ack with pairs");
    if (2 * n > pairs.length) throw new Error(`settings n=${n} beyond the pairs array`);
    let s = ack ? "settings ack" : "settings";
    for (let i = 0; i < n; i++) s += ` ${pairs[2 * i]}=${pairs[2 * i + 1]}`;
    this.events.push(s);
  }

  onPing(ack: boolean, payload: Uint8Array, start: number): void {
    this.enter("onPing");
    if (start + 8 > payload.length) throw new Error("ping payload out of bounds");
    this.seenView(payload);
    this.events.push(`ping${ack ? " ack" : ""} ${hex(payload, start, start + 8)}`);
  }

  onGoaway(lastStreamId: number, code: number, debug: Uint8Array): void {
    this.enter("onGoaway");
    this.events.push(
      `goaway last=${lastStreamId} ${h2ErrorName(code)} ${show(debug, 0, debug.length)}`,
    );
  }

  onWindowUpdate(sid: number, increment: number): void {
    this.enter("onWindowUpdate");
    this.events.push(`window ${sid} +${increment}`);
  }

  onStreamError(sid: number, code: number, detail: string): void {
    this.enter("onStreamError");
    this.events.push(`stream-error ${sid} ${h2ErrorName(code)}: ${detail}`);
  }

  onConnectionError(code: number, detail: string): void {
    this.enter("onConnectionError");
    this.dead = true;
    this.errorAtFeed = this.feeds;
    this.events.push(`conn-error ${h2ErrorName(code)}: ${detail}`);
  }
}

export interface ParserOptions extends RecorderOptions {
  maxFrameSize?: number;
  maxHeaderBlock?: number;
}

export interface Replay {
  events: string[];
  rec: Recorder;
  parser: FrameParser;
}

/** Space around every fed piece: a parser reading outside [start, end) sees these, not input. */
const GUARD = 3;

/**
 * Feeds `input` cut at `cuts` (sorted offsets inside it), each piece copied into its own buffer
 * between guard bytes, and checks every feed's return: the piece's length, or -1 from the feed in
 * which the connection error came on.
 */
export function replay(
  input: Uint8Array,
  cuts: readonly number[],
  opts: ParserOptions = {},
): Replay {
  const rec = new Recorder(opts);
  const parser = new FrameParser(rec);
  if (opts.maxFrameSize !== undefined) parser.maxFrameSize = opts.maxFrameSize;
  if (opts.maxHeaderBlock !== undefined) parser.maxHeaderBlock = opts.maxHeaderBlock;
  let from = 0;
  const bounds = [...cuts, input.length];
  for (let k = 0; k < bounds.length; k++) {
    const to = bounds[k]!;
    const n = to - from;
    const piece = new Uint8Array(n + 2 * GUARD).fill(0xee);
    piece.set(input.subarray(from, to), GUARD);
    rec.fed = piece;
    rec.feeds = k;
    const got = parser.feed(piece, GUARD, GUARD + n);
    const want = rec.errorAtFeed !== -1 ? -1 : n;
    if (got !== want)
      throw new Error(`feed #${k} of [${from}, ${to}) returned ${got}, not ${want}`);
    if (parser.failed !== (rec.errorAtFeed !== -1)) throw new Error("failed disagrees");
    from = to;
  }
  return { events: rec.events, rec, parser };
}

/** Cuts for feeding `len` bytes in pieces of `step` bytes. */
export function everyCut(len: number, step = 1): number[] {
  const cuts: number[] = [];
  for (let i = step; i < len; i += step) cuts.push(i);
  return cuts;
}
