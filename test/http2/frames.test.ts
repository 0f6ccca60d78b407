// Replays every frame parser case whole, at every split point (two feeds) and byte by byte, and
// checks the parser's contract beyond the event log: views instead of copies, the dead state.

import { describe, expect, test } from "bun:test";
import { FrameParser } from "../../src/http2/frame-parser.ts";
import { bytes, frame, u32 } from "./frame-bytes.ts";
import { frameCases } from "./frame-cases.ts";
import { everyCut, Recorder, replay } from "./frame-recorder.ts";

/** Split points of a big case: the first and last 40 bytes and 60 in between, evenly spread. */
function sampleCuts(len: number): number[] {
  const cuts = new Set<number>();
  for (let i = 1; i < Math.min(40, len); i++) cuts.add(i);
  for (let i = Math.max(1, len - 40); i < len; i++) cuts.add(i);
  for (let k = 1; k <= 60; k++) cuts.add(Math.floor((len * k) / 61));
  return [...cuts].filter((c) => c > 0 && c < len).sort((a, b) => a - b);
}

describe("frame parser cases", () => {
  for (const c of frameCases) {
    test(c.name, () => {
      const n = c.input.length;
      const whole = replay(c.input, [], c.opts);
      expect({ mode: "whole", events: whole.events }).toEqual({ mode: "whole", events: c.events });
      const splits = c.big ? sampleCuts(n) : everyCut(n);
      for (const cut of splits) {
        const r = replay(c.input, [cut], c.opts);
        expect({ mode: `split at ${cut}`, events: r.events }).toEqual({
          mode: `split at ${cut}`,
          events: c.events,
        });
      }
      const bytewise = replay(c.input, everyCut(n), c.opts);
      expect({ mode: "byte by byte", events: bytewise.events }).toEqual({
        mode: "byte by byte",
        events: c.events,
      });
    });
  }
});

describe("frame parser contract", () => {
  test("a frame wholly in the fed buffer is handed out as a view of it", () => {
    const input = bytes(
      frame(1, 4, 1, "abc"),
      frame(0, 1, 1, "hello"),
      frame(6, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]),
    );
    const r = replay(input, []);
    expect(r.events.length).toBe(5);
    expect(r.rec.views).toBe(3); // onHeaders, onData, onPing all got the fed buffer
  });

  test("a split DATA payload is still streamed as views of each fed buffer", () => {
    // The recorder throws if an onData buffer is not the one being fed.
    const input = frame(0, 1, 1, "0123456789");
    const r = replay(input, everyCut(input.length, 3));
    expect(r.events).toEqual(["data-frame 1 len=10 end", 'data 1 "0123456789"', "data-end 1 end"]);
    expect(r.rec.views).toBe(4); // payload [9, 19) cut at 12, 15, 18: pieces of 3, 3, 3 and 1
  });

  test("after a connection error every feed returns -1 and calls nothing", () => {
    const rec = new Recorder();
    const p = new FrameParser(rec);
    const bad = frame(0, 0, 0, "x");
    expect(p.feed(bad, 0, bad.length)).toBe(-1);
    expect(p.failed).toBe(true);
    const good = frame(6, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.feed(good, 0, good.length)).toBe(-1);
    expect(p.feed(good, 0, 0)).toBe(-1);
    expect(rec.events).toEqual(["conn-error PROTOCOL_ERROR: DATA frame on stream 0"]);
  });

  test("feed consumes everything and honours start and end", () => {
    const rec = new Recorder();
    const p = new FrameParser(rec);
    const f = frame(8, 0, 0, u32(7));
    const buf = bytes([0xff, 0xff], f, [0xff]);
    expect(p.feed(buf, 2, 2)).toBe(0);
    expect(p.feed(buf, 2, 6)).toBe(4);
    expect(p.feed(buf, 6, 2 + f.length)).toBe(f.length - 4);
    expect(rec.events).toEqual(["window 0 +7"]);
    expect(p.failed).toBe(false);
  });

  test("maxFrameSize changed from a callback applies from the next frame head", () => {
    const rec = new Recorder();
    const p = new FrameParser(rec);
    const onSettings = rec.onSettings.bind(rec);
    // As the session does: our raised SETTINGS_MAX_FRAME_SIZE takes effect when the peer acks it.
    rec.onSettings = (ack, pairs, n) => {
      if (ack) p.maxFrameSize = 20000;
      onSettings(ack, pairs, n);
    };
    const input = bytes(frame(4, 1, 0), frame(0, 1, 1, new Uint8Array(20000)));
    rec.fed = input;
    expect(p.feed(input, 0, input.length)).toBe(input.length);
    expect(rec.events[0]).toBe("settings ack");
    expect(rec.events[1]).toBe("data-frame 1 len=20000 end");
    expect(rec.events[3]).toBe("data-end 1 end");
  });
});
