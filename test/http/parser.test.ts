// Replays every parser case at every split point, byte by byte, with pauses and at seeded random
// splits, and checks the callback contract (errors from callbacks, views, retry state, reuse).

import { describe, expect, test } from "bun:test";
import { CURLE_GOT_NOTHING, CURLE_OK, CURLE_WRITE_ERROR } from "../../src/constants/index.ts";
import { PARSE_PAUSE, type ResponseHandler, ResponseParser } from "../../src/http/parser.ts";
import { mulberry32 as prng } from "../helpers/prng.ts";
import { type ParserCase, parserCases } from "./parser-cases.ts";

function toBytes(input: string | Uint8Array): Uint8Array {
  if (input instanceof Uint8Array) return input;
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input.charCodeAt(i) & 0xff;
  return out;
}

function latin1(buf: Uint8Array, s: number, e: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString("latin1");
}

/** Records the compact event log; `pause` makes onBody refuse every other offer. */
class Recorder implements ResponseHandler {
  events: string[] = [];
  pause = false;
  private refusedLast = false;
  views = 0;
  current: Uint8Array | null = null;

  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    this.events.push(`header:${latin1(buf, start, end)}`);
    return 0;
  }
  onInterim(status: number): number {
    this.events.push(`interim:${status}`);
    return 0;
  }
  onHeadersDone(): number {
    this.events.push("done");
    return 0;
  }
  onBody(buf: Uint8Array, start: number, end: number): number {
    if (end <= start) throw new Error("empty body piece offered");
    if (this.pause && !this.refusedLast) {
      this.refusedLast = true;
      return PARSE_PAUSE;
    }
    this.refusedLast = false;
    if (buf === this.current) this.views++;
    const text = latin1(buf, start, end);
    const last = this.events.length - 1;
    if (last >= 0 && this.events[last]!.startsWith("body:")) this.events[last] += text;
    else this.events.push(`body:${text}`);
    return 0;
  }
  onComplete(): void {
    this.events.push("complete");
  }
}

interface Outcome {
  events: string[];
  result: number;
  consumed: number;
  parser: ResponseParser;
}

/**
 * Feeds `input` cut at `cuts` (sorted offsets), each piece copied into its own buffer between
 * garbage bytes so that reading outside [start, end) shows.
 */
function run(c: ParserCase, cuts: readonly number[], pause = false): Outcome {
  const input = toBytes(c.input);
  const rec = new Recorder();
  rec.pause = pause;
  const parser = new ResponseParser(rec);
  parser.reset(c.noBody === true, c.reused === true);
  let consumed = 0;
  let from = 0;
  let stopped = false;
  const bounds = [...cuts, input.length];
  // one buffer per run; each piece sits at offset 4 with garbage right before and after it
  const buf = new Uint8Array(input.length + 8);
  for (const to of bounds) {
    if (stopped) break;
    if (to <= from) continue;
    const len = to - from;
    buf.fill(0x5a, 0, 4);
    buf.set(input.subarray(from, to), 4);
    buf.fill(0x5a, 4 + len, 8 + len);
    rec.current = buf;
    let off = 4;
    while (off < 4 + len) {
      const n = parser.execute(buf, off, 4 + len);
      off += n;
      consumed += n;
      if (parser.result !== 0 || parser.complete) {
        stopped = true;
        break;
      }
      if (n === 0 && !pause) throw new Error(`no progress at ${from + off - 4} in "${c.name}"`);
    }
    from = to;
  }
  const result = c.eof ? parser.eof() : parser.result;
  return { events: rec.events, result, consumed, parser };
}

function check(c: ParserCase, o: Outcome, how: string): void {
  const x = c.expect;
  const where = `${c.name} [${how}]`;
  expect({ where, events: o.events }).toEqual({ where, events: x.events });
  expect({ where, result: o.result }).toEqual({ where, result: x.result });
  const p = o.parser;
  expect(p.result).toBe(x.result);
  if (x.detail !== undefined) {
    if (typeof x.detail === "string") expect(p.detail).toBe(x.detail);
    else expect(p.detail).toMatch(x.detail);
  }
  // A failing case that names no text is one where libcurl sets none (the caller then says
  // easyStrerror(result)): the parser must not invent one.
  if (x.result !== CURLE_OK && x.detail === undefined)
    expect({ where, detail: p.detail }).toEqual({ where, detail: "" });
  if (x.status !== undefined) expect(p.status).toBe(x.status);
  if (x.version !== undefined) expect(p.version).toBe(x.version);
  if (x.keepAlive !== undefined)
    expect({ where, keepAlive: p.keepAlive }).toEqual({ where, keepAlive: x.keepAlive });
  if (x.contentLength !== undefined) expect(p.contentLength).toBe(x.contentLength);
  if (x.chunked !== undefined) expect(p.chunked).toBe(x.chunked);
  if (x.consumed !== undefined)
    expect({ where, consumed: o.consumed }).toEqual({ where, consumed: x.consumed });
  if (x.headerBytes !== undefined) expect(p.headerBytes).toBe(x.headerBytes);
  if (x.bodyBytes !== undefined) expect(p.bodyBytes).toBe(x.bodyBytes);
  if (x.contentType !== undefined) expect(p.contentType).toBe(x.contentType);
  if (x.location !== undefined) expect(p.location).toBe(x.location);
  if (x.contentEncoding !== undefined) expect(p.contentEncoding).toBe(x.contentEncoding);
  if (x.transferEncoding !== undefined) expect(p.transferEncoding).toBe(x.transferEncoding);
  expect(p.bytesSeen).toBe(o.consumed);
  const complete = x.events.length > 0 && x.events[x.events.length - 1] === "complete";
  expect(p.complete).toBe(complete);
}

function splitPoints(c: ParserCase): number[] {
  const n = toBytes(c.input).length;
  if (!c.big) return Array.from({ length: n + 1 }, (_, i) => i);
  // big inputs: both ends densely, the middle sampled
  const pts = new Set<number>();
  for (let i = 0; i <= Math.min(n, 40); i++) pts.add(i);
  for (let i = Math.max(0, n - 40); i <= n; i++) pts.add(i);
  const rnd = prng(n);
  for (let i = 0; i < 16; i++) pts.add(Math.floor(rnd() * (n + 1)));
  return [...pts].sort((a, b) => a - b);
}

describe("parser cases", () => {
  test("there are enough cases and their names are unique", () => {
    expect(parserCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(parserCases.map((c) => c.name)).size).toBe(parserCases.length);
  });

  for (const c of parserCases) {
    test(c.name, () => {
      check(c, run(c, []), "whole");
      for (const at of splitPoints(c)) check(c, run(c, [at]), `split ${at}`);
      const n = toBytes(c.input).length;
      const bytes = Array.from({ length: n }, (_, i) => i);
      check(c, run(c, bytes), "byte by byte");
      check(c, run(c, [], true), "pause");
      if (!c.big) check(c, run(c, bytes, true), "byte by byte with pause");
    });
  }

  test("seeded random multi-split fuzz over all cases", () => {
    const rnd = prng(0x5eed);
    let runs = 0;
    for (const c of parserCases) {
      const n = toBytes(c.input).length;
      const rounds = c.big ? 3 : 25;
      for (let r = 0; r < rounds; r++) {
        const cuts: number[] = [];
        const maxPiece = 1 + Math.floor(rnd() * (c.big ? 4096 : 24));
        for (let at = 0; at < n; ) {
          at += 1 + Math.floor(rnd() * maxPiece);
          if (at < n) cuts.push(at);
        }
        const pause = rnd() < 0.3;
        check(c, run(c, cuts, pause), `fuzz seed-round ${r} pause=${pause}`);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(1000);
  });
});

function bytes(s: string): Uint8Array {
  return toBytes(s);
}

describe("callback contract", () => {
  const ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

  test("a PAUSE from onBody stops right before the piece; nothing lost or repeated", () => {
    const rec = new Recorder();
    const p = new ResponseParser(rec);
    p.reset(false, false);
    const buf = bytes(ok);
    rec.pause = true;
    rec.current = buf;
    const n1 = p.execute(buf, 0, buf.length);
    expect(n1).toBe(buf.length - 5);
    expect(rec.events).toEqual([
      "header:HTTP/1.1 200 OK\r\n",
      "header:Content-Length: 5\r\n",
      "header:\r\n",
      "done",
    ]);
    expect(p.bodyBytes).toBe(0);
    const n2 = p.execute(buf, n1, buf.length);
    expect(n2).toBe(5);
    expect(rec.events.slice(4)).toEqual(["body:hello", "complete"]);
    expect(p.bodyBytes).toBe(5);
    expect(rec.views).toBe(1); // the piece was a view into our buffer, not a copy
  });

  test("callback error codes fail the parse with that code", () => {
    const mk = (over: Partial<ResponseHandler>) => {
      const rec = new Recorder();
      Object.assign(rec, over);
      const p = new ResponseParser(rec);
      p.reset(false, false);
      const buf = bytes(ok);
      const n = p.execute(buf, 0, buf.length);
      return { p, n };
    };
    let r = mk({ onHeaderLine: () => CURLE_WRITE_ERROR });
    expect(r.p.result).toBe(CURLE_WRITE_ERROR);
    expect(r.n).toBeLessThan(ok.length);
    expect(r.p.headerBytes).toBe(0); // the refused line is not counted
    r = mk({ onHeadersDone: () => 22 });
    expect(r.p.result).toBe(22);
    r = mk({ onBody: () => CURLE_WRITE_ERROR });
    expect(r.p.result).toBe(CURLE_WRITE_ERROR);
    expect(r.p.bodyBytes).toBe(0);
    expect(r.p.keepAlive).toBe(false);
    // later input is refused once failed
    expect(r.p.execute(bytes("more"), 0, 4)).toBe(0);
    const rec = new Recorder();
    rec.onInterim = () => 42;
    const p = new ResponseParser(rec);
    p.reset(false, false);
    const b = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    p.execute(b, 0, b.length);
    expect(p.result).toBe(42);
  });

  test("what counts as something received (retry.ts's rule reads it before eof)", () => {
    const p = new ResponseParser(new Recorder());
    p.reset(false, true);
    expect(p.headerBytes + p.bodyBytes).toBe(0);
    expect(p.eof()).toBe(CURLE_GOT_NOTHING);
    // a partial first line does not count yet (libcurl counts whole header lines)
    p.reset(false, true);
    const b = bytes("HTT");
    p.execute(b, 0, 3);
    expect(p.headerBytes + p.bodyBytes).toBe(0);
    p.reset(false, true);
    const full = bytes("HTTP/1.1 200 OK\r\n\r\n");
    p.execute(full, 0, full.length);
    expect(p.headerBytes + p.bodyBytes).toBe(full.length);
    expect(p.eof()).toBe(CURLE_OK);
  });

  test("one parser reused across keep-alive responses, surplus handed back", () => {
    const rec = new Recorder();
    const p = new ResponseParser(rec);
    const two = bytes(
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n",
    );
    let off = 0;
    const bodies: string[] = [];
    for (let i = 0; i < 3; i++) {
      p.reset(false, i > 0);
      off += p.execute(two, off, two.length);
      expect(p.complete).toBe(true);
      expect(p.keepAlive).toBe(true);
      bodies.push(rec.events.filter((e) => e.startsWith("body:")).join(""));
      rec.events = [];
    }
    expect(off).toBe(two.length);
    expect(bodies).toEqual(["body:a", "", "body:b"]);
  });

  test("execute after completion consumes nothing; eof after completion is OK", () => {
    const p = new ResponseParser(new Recorder());
    p.reset(false, false);
    const b = bytes(ok);
    expect(p.execute(b, 0, b.length)).toBe(b.length);
    expect(p.execute(b, 0, b.length)).toBe(0);
    expect(p.eof()).toBe(CURLE_OK);
  });

  test("never throws on random input (seeded)", () => {
    const rnd = prng(1234);
    const alphabet = bytes(
      "HTTP/1.01 2009\r\n\r\n:;, \t\0chunkedContent-Length: Transfer-Encoding0aF",
    );
    const p = new ResponseParser(new Recorder());
    let failed = 0;
    for (let r = 0; r < 3000; r++) {
      const len = 1 + Math.floor(rnd() * 120);
      const b = new Uint8Array(len);
      for (let i = 0; i < len; i++) {
        b[i] =
          rnd() < 0.9 ? alphabet[Math.floor(rnd() * alphabet.length)]! : Math.floor(rnd() * 256);
      }
      p.reset(rnd() < 0.2, rnd() < 0.5);
      const prefix = bytes(rnd() < 0.7 ? "HTTP/1.1 200 OK\r\n" : "");
      let off = 0;
      while (off < prefix.length) {
        const n = p.execute(prefix, off, prefix.length);
        if (n === 0) break;
        off += n;
      }
      let pos = 0;
      while (pos < len && p.result === 0 && !p.complete) {
        const step = 1 + Math.floor(rnd() * 16);
        const n = p.execute(b, pos, Math.min(len, pos + step));
        if (n === 0) break;
        pos += n;
      }
      const code = p.eof();
      expect(Number.isInteger(code)).toBe(true);
      if (code !== 0) failed++;
    }
    expect(failed).toBeGreaterThan(0);
  });
});
