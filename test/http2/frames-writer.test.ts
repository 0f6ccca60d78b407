// The frame writer: byte-exact output against hand-built frames, argument checks, and round trips
// through the parser (every split point for the small ones; large frames up to 1 MiB in chunks).

import { describe, expect, test } from "bun:test";
import { H2_CANCEL, H2_INTERNAL_ERROR, H2_NO_ERROR } from "../../src/http2/constants.ts";
import { type FrameHandler, FrameParser } from "../../src/http2/frame-parser.ts";
import {
  writeData,
  writeDataHead,
  writeFrameHead,
  writeGoaway,
  writeHeaders,
  writePing,
  writePreface,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "../../src/http2/frame-writer.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { bytes, frame, head, setting, u32 } from "./frame-bytes.ts";
import { everyCut, replay } from "./frame-recorder.ts";

function written(f: (out: OutBuf) => void): Uint8Array {
  const out = new OutBuf(16);
  f(out);
  return out.view().slice();
}

const ping8 = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);

describe("frame writer bytes", () => {
  test("preface", () => {
    expect(Buffer.from(written(writePreface)).toString("latin1")).toBe(
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    );
  });

  test("frame head: big-endian fields, reserved bit written as 0", () => {
    expect(written((o) => writeFrameHead(o, 0x123456, 0xab, 0xcd, 0xffffffff))).toEqual(
      bytes([0x12, 0x34, 0x56, 0xab, 0xcd, 0x7f, 0xff, 0xff, 0xff]),
    );
  });

  test("each frame kind matches the hand-built frame", () => {
    expect(written((o) => writeSettings(o, [1, 4096, 2, 0, 4, 0x7fffffff]))).toEqual(
      frame(4, 0, 0, setting(1, 4096), setting(2, 0), setting(4, 0x7fffffff)),
    );
    expect(written((o) => writeSettings(o, []))).toEqual(frame(4, 0, 0));
    expect(written(writeSettingsAck)).toEqual(frame(4, 1, 0));
    expect(written((o) => writePing(o, false, ping8))).toEqual(frame(6, 0, 0, ping8));
    const at2 = new Uint8Array([9, 9, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(written((o) => writePing(o, true, at2, 2))).toEqual(frame(6, 1, 0, ping8));
    expect(written((o) => writeWindowUpdate(o, 3, 0x7fffffff))).toEqual(
      frame(8, 0, 3, u32(0x7fffffff)),
    );
    expect(written((o) => writeRstStream(o, 5, H2_CANCEL))).toEqual(frame(3, 0, 5, u32(8)));
    expect(written((o) => writeGoaway(o, 7, H2_NO_ERROR))).toEqual(frame(7, 0, 0, u32(7), u32(0)));
    expect(written((o) => writeGoaway(o, 7, H2_INTERNAL_ERROR, "bye"))).toEqual(
      frame(7, 0, 0, u32(7), u32(2), "bye"),
    );
    expect(written((o) => writeDataHead(o, 1, 300, true))).toEqual(bytes(head(300, 0, 1, 1)));
    const body = new Uint8Array([0, 1, 2, 3, 4, 5]);
    expect(written((o) => writeData(o, 9, body, 1, 4, false))).toEqual(frame(0, 0, 9, [1, 2, 3]));
  });

  test("GOAWAY debug text is UTF-8 and the length covers it", () => {
    const w = written((o) => writeGoaway(o, 1, 0, "größe ✓"));
    expect(w).toEqual(frame(7, 0, 0, u32(1), u32(0), new TextEncoder().encode("größe ✓")));
  });

  test("writeHeaders splits into HEADERS + CONTINUATION, END_HEADERS on the last", () => {
    const block = bytes("0123456789");
    expect(written((o) => writeHeaders(o, 3, block, 0, 10, true, 4))).toEqual(
      bytes(frame(1, 1, 3, "0123"), frame(9, 0, 3, "4567"), frame(9, 4, 3, "89")),
    );
    expect(written((o) => writeHeaders(o, 3, block, 2, 10, false, 4))).toEqual(
      bytes(frame(1, 0, 3, "2345"), frame(9, 4, 3, "6789")),
    );
    expect(written((o) => writeHeaders(o, 3, block, 0, 4, false, 4))).toEqual(
      frame(1, 4, 3, "0123"),
    );
    expect(written((o) => writeHeaders(o, 3, block, 5, 5, true, 4))).toEqual(frame(1, 5, 3));
  });

  test("misuse throws with the bad value", () => {
    const o = new OutBuf(16);
    expect(() => writeFrameHead(o, 1 << 24, 0, 0, 1)).toThrow("frame length 16777216");
    expect(() => writeFrameHead(o, -1, 0, 0, 1)).toThrow("frame length -1");
    expect(() => writeWindowUpdate(o, 0, 0)).toThrow("increment 0");
    expect(() => writeWindowUpdate(o, 0, 2 ** 31)).toThrow("increment 2147483648");
    expect(() => writeSettings(o, [1])).toThrow("odd length 1");
    expect(() => writePing(o, false, ping8, 1)).toThrow("has 7");
    expect(() => writeHeaders(o, 1, ping8, 0, 8, false, 0)).toThrow("maxFrameSize 0");
  });
});

describe("round trips through the parser", () => {
  test("every writer function parses back to its events, at every split point", () => {
    const out = new OutBuf(64);
    writeSettings(out, [3, 100, 4, 1 << 20, 5, 1 << 20, 9, 1]);
    writeSettingsAck(out);
    writePing(out, false, ping8);
    writePing(out, true, ping8);
    writeWindowUpdate(out, 0, 1 << 30);
    writeWindowUpdate(out, 7, 1);
    writeRstStream(out, 7, H2_CANCEL);
    writeHeaders(out, 1, bytes("header-block"), 0, 12, false, 5);
    writeDataHead(out, 1, 3, false);
    out.bytes(bytes("abc"));
    writeData(out, 1, bytes("xdefx"), 1, 4, true);
    writeData(out, 3, bytes(""), 0, 0, true);
    writeHeaders(out, 3, bytes(""), 0, 0, true, 16384);
    writeGoaway(out, 3, H2_NO_ERROR, "done");
    const input = out.view().slice();
    const want = [
      "settings 3=100 4=1048576 5=1048576",
      "settings ack",
      "ping 0102030405060708",
      "ping ack 0102030405060708",
      "window 0 +1073741824",
      "window 7 +1",
      "rst 7 CANCEL",
      'headers 1 "header-block"',
      "data-frame 1 len=3",
      'data 1 "abc"',
      "data-end 1",
      "data-frame 1 len=3 end",
      'data 1 "def"',
      "data-end 1 end",
      "data-frame 3 len=0 end",
      "data-end 3 end",
      'headers 3 "" end',
      'goaway last=3 NO_ERROR "done"',
    ];
    expect(replay(input, []).events).toEqual(want);
    for (const cut of everyCut(input.length)) expect(replay(input, [cut]).events).toEqual(want);
    expect(replay(input, everyCut(input.length)).events).toEqual(want);
  });
});

/** Collects payloads without string conversion, for megabyte frames. */
class Collector implements FrameHandler {
  data: number[] = [];
  blocks: Uint8Array[] = [];
  frames = 0;
  errors: string[] = [];
  onDataFrame(): boolean {
    this.frames++;
    return true;
  }
  onData(_sid: number, buf: Uint8Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.data.push(buf[i]!);
  }
  onDataEnd(): void {}
  onHeaders(_sid: number, block: Uint8Array, start: number, end: number): void {
    this.blocks.push(block.slice(start, end));
  }
  onRstStream(): void {}
  onSettings(): void {}
  onPing(): void {}
  onGoaway(): void {}
  onWindowUpdate(): void {}
  onStreamError(_sid: number, _code: number, detail: string): void {
    this.errors.push(detail);
  }
  onConnectionError(_code: number, detail: string): void {
    this.errors.push(detail);
  }
}

/** Random bytes from a fixed seed. */
function noise(n: number, seed: number): Uint8Array {
  const r = mulberry32(seed);
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (r() * 256) | 0;
  return b;
}

/** Feeds `input` to a fresh parser in `step`-byte pieces. */
function feedChunks(input: Uint8Array, step: number, setup: (p: FrameParser) => void): Collector {
  const c = new Collector();
  const p = new FrameParser(c);
  setup(p);
  for (let i = 0; i < input.length; i += step) {
    const e = Math.min(input.length, i + step);
    // -1 only once the connection error has been reported.
    expect(p.feed(input, i, e)).toBe(c.errors.length > 0 ? -1 : e - i);
  }
  return c;
}

describe("large frames", () => {
  const MiB = 1 << 20;

  test("1 MiB DATA and a 1 MiB HEADERS frame with max frame size raised to 1 MiB", () => {
    const body = noise(MiB, 1);
    const block = noise(MiB, 2);
    const out = new OutBuf();
    writeHeaders(out, 1, block, 0, MiB, false, MiB);
    writeData(out, 1, body, 0, MiB, true);
    const input = out.view().slice();
    expect(input.length).toBe(2 * (MiB + 9)); // one HEADERS frame, one DATA frame
    for (const step of [input.length, 16384, 1000, 65537]) {
      const c = feedChunks(input, step, (p) => {
        p.maxFrameSize = MiB;
        p.maxHeaderBlock = MiB;
      });
      expect(c.errors).toEqual([]);
      expect(c.blocks.length).toBe(1);
      expect(c.blocks[0]!).toEqual(block);
      expect(c.frames).toBe(1);
      expect(c.data.length).toBe(MiB);
      expect(new Uint8Array(c.data) as Uint8Array).toEqual(body);
    }
  });

  test("a 1 MiB DATA frame is refused at the default max frame size", () => {
    const out = new OutBuf();
    writeDataHead(out, 1, MiB, true);
    const c = feedChunks(out.view(), 9, () => {});
    expect(c.errors).toEqual([
      "DATA frame with length 1048576 above SETTINGS_MAX_FRAME_SIZE 16384",
    ]);
  });

  test("a 200 KiB block split into 13 frames by writeHeaders and reassembled", () => {
    const n = 200 * 1024;
    const block = noise(n, 3);
    const out = new OutBuf();
    writeHeaders(out, 5, block, 0, n, true, 16384);
    const input = out.view().slice();
    expect(input.length).toBe(n + 13 * 9);
    for (const step of [input.length, 16393, 4096, 777]) {
      const c = feedChunks(input, step, () => {});
      expect(c.errors).toEqual([]);
      expect(c.blocks.length).toBe(1);
      expect(c.blocks[0]!).toEqual(block);
    }
    // Past the default cap of 262144 bytes: refused.
    const big = new OutBuf();
    writeHeaders(big, 5, noise(262145, 4), 0, 262145, true, 16384);
    const c = feedChunks(big.view(), 5000, () => {});
    expect(c.errors).toEqual([
      "header block on stream 5 of more than 262144 bytes (262145 so far)",
    ]);
  });
});
