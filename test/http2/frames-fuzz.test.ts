// Seeded fuzz of the frame layer (fixed seeds: a failure replays as is). Valid random frame
// sequences written by the writer must parse back to the events a model predicts, at random split
// points; random garbage, random frames of random types and mutated valid streams must never
// throw, must keep the callback contract (the Recorder checks it), and must give the same events
// however they are split.

import { describe, expect, test } from "bun:test";
import { h2ErrorName } from "../../src/http2/constants.ts";
import {
  writeData,
  writeGoaway,
  writeHeaders,
  writePing,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "../../src/http2/frame-writer.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { frame, u32 } from "./frame-bytes.ts";
import { replay, show } from "./frame-recorder.ts";

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

function randBytes(r: Rand, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

/** Sorted distinct cut points inside [1, len). */
function randCuts(r: Rand, len: number, count: number): number[] {
  if (len < 2) return [];
  const s = new Set<number>();
  for (let i = 0; i < count; i++) s.add(1 + int(r, len - 1));
  return [...s].sort((a, b) => a - b);
}

/** Stream 9's DATA is refused by the recorder: its payload must be skipped. */
const REFUSED = 9;

/** Appends one random valid frame (or header block) to `out`; returns the events it must give. */
function randomFrame(r: Rand, out: OutBuf): string[] {
  const sid = 1 + 2 * int(r, 5); // 1, 3, 5, 7, 9
  switch (int(r, 11)) {
    case 0: {
      const pairs: number[] = [];
      let ev = "settings";
      for (let k = int(r, 5); k > 0; k--) {
        const id = int(r, 9); // 0, 7, 8 unknown: dropped
        const v =
          id === 2
            ? 0
            : id === 4
              ? int(r, 2 ** 31)
              : id === 5
                ? 16384 + int(r, 16760000)
                : int(r, 2 ** 32);
        pairs.push(id, v);
        if (id >= 1 && id <= 6) ev += ` ${id}=${v}`;
      }
      writeSettings(out, pairs);
      return [ev];
    }
    case 1:
      writeSettingsAck(out);
      return ["settings ack"];
    case 2: {
      const p = randBytes(r, 8);
      const ack = r() < 0.5;
      writePing(out, ack, p);
      return [`ping${ack ? " ack" : ""} ${Buffer.from(p).toString("hex")}`];
    }
    case 3: {
      const s = int(r, 2) ? 0 : sid;
      const inc = 1 + int(r, 2 ** 31 - 1);
      writeWindowUpdate(out, s, inc);
      return [`window ${s} +${inc}`];
    }
    case 4: {
      const code = int(r, 20);
      writeRstStream(out, sid, code);
      return [`rst ${sid} ${h2ErrorName(code)}`];
    }
    case 5:
    case 6: {
      const block = randBytes(r, int(r, 120));
      const es = r() < 0.5;
      writeHeaders(out, sid, block, 0, block.length, es, 1 + int(r, 40));
      return [`headers ${sid} ${show(block, 0, block.length)}${es ? " end" : ""}`];
    }
    case 7: {
      // Padded HEADERS with PRIORITY (the writer never pads): built by hand.
      const block = randBytes(r, int(r, 30));
      const pad = int(r, 20);
      out.bytes(frame(1, 0x4 | 0x8 | 0x20, sid, [pad], u32(3), [7], block, new Uint8Array(pad)));
      return [`headers ${sid} ${show(block, 0, block.length)}`];
    }
    case 8: {
      const body = randBytes(r, int(r, 300));
      const es = r() < 0.3;
      const padded = r() < 0.3;
      const pad = int(r, 10);
      if (padded) out.bytes(frame(0, 0x8 | (es ? 1 : 0), sid, [pad], body, new Uint8Array(pad)));
      else writeData(out, sid, body, 0, body.length, es);
      const len = body.length + (padded ? 1 + pad : 0);
      const ev = [`data-frame ${sid} len=${len}${es ? " end" : ""}`];
      if (sid === REFUSED) return ev;
      if (body.length > 0) ev.push(`data ${sid} ${show(body, 0, body.length)}`);
      ev.push(`data-end ${sid}${es ? " end" : ""}`);
      return ev;
    }
    case 9: {
      // Ignored frames: an extension type, or PRIORITY.
      if (r() < 0.5)
        out.bytes(frame(10 + int(r, 246), int(r, 256), int(r, 4), randBytes(r, int(r, 40))));
      else out.bytes(frame(2, 0, sid, u32(int(r, 2 ** 32)), [int(r, 256)]));
      return [];
    }
    default: {
      const debug = "x".repeat(int(r, 20));
      const last = int(r, 2 ** 31);
      writeGoaway(out, last, 0, debug);
      return [`goaway last=${last} NO_ERROR "${debug}"`];
    }
  }
}

describe("frame fuzz (seeded)", () => {
  test("random valid sequences parse to the model's events at random splits", () => {
    const r = mulberry32(0x48324652);
    const opts = { refuse: [REFUSED] };
    for (let round = 0; round < 250; round++) {
      const out = new OutBuf(256);
      const want: string[] = [];
      for (let k = 1 + int(r, 25); k > 0; k--) want.push(...randomFrame(r, out));
      const input = out.view().slice();
      expect(replay(input, [], opts).events).toEqual(want);
      const cuts = randCuts(r, input.length, 1 + int(r, 30));
      expect({ round, events: replay(input, cuts, opts).events }).toEqual({ round, events: want });
      const step = 1 + int(r, 50);
      const chunks: number[] = [];
      for (let i = step; i < input.length; i += step) chunks.push(i);
      expect({ round, step, events: replay(input, chunks, opts).events }).toEqual({
        round,
        step,
        events: want,
      });
    }
  });

  /** Whole and split feeds of `input` must agree; nothing may throw. */
  function splitInvariant(r: Rand, input: Uint8Array, what: string, n: number): void {
    const whole = replay(input, []).events;
    for (let k = 0; k < n; k++) {
      const cuts = randCuts(r, input.length, 1 + int(r, 12));
      expect({ what, cuts, events: replay(input, cuts).events }).toEqual({
        what,
        cuts,
        events: whole,
      });
    }
  }

  test("random garbage never throws and splits do not change the events", () => {
    const r = mulberry32(0x9a7ba9e);
    for (let round = 0; round < 300; round++) {
      splitInvariant(r, randBytes(r, int(r, 300)), `garbage ${round}`, 3);
    }
  });

  test("random frames of random types, flags, streams and short payloads", () => {
    // Garbage that gets past the frame head: every rule's error path is reached at random.
    const r = mulberry32(0x5eed);
    for (let round = 0; round < 400; round++) {
      const parts: Uint8Array[] = [];
      for (let k = 1 + int(r, 8); k > 0; k--) {
        parts.push(frame(int(r, 12), int(r, 256), int(r, 4), randBytes(r, int(r, 14))));
      }
      const input = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        input.set(p, at);
        at += p.length;
      }
      splitInvariant(r, input, `random frames ${round}`, 2);
    }
  });

  test("valid sequences with flipped bytes", () => {
    const r = mulberry32(0xf11b);
    for (let round = 0; round < 200; round++) {
      const out = new OutBuf(256);
      for (let k = 1 + int(r, 10); k > 0; k--) randomFrame(r, out);
      const input = out.view().slice();
      for (let k = 1 + int(r, 3); k > 0; k--) input[int(r, input.length)] = int(r, 256);
      splitInvariant(r, input, `mutated ${round}`, 2);
    }
  });
});
