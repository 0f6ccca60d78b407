// Frame parser cases as data (llhttp style): wire bytes in, the expected event log out, one line
// of prose per rule (RFC 9113 section). frames.test.ts replays each whole, at every split point
// and byte by byte. Event formats: see Recorder in frame-recorder.ts.

import { bytes, frame, head, setting, u32, zeros } from "./frame-bytes.ts";
import type { ParserOptions } from "./frame-recorder.ts";

export interface FrameCase {
  name: string;
  /** The rule the case pins, with its section. */
  rule: string;
  input: Uint8Array;
  events: string[];
  opts?: ParserOptions;
  /** Too long to replay at every split point: the test samples split points instead. */
  big?: boolean;
}

// Frame types and flags spelled out here rather than imported: the cases state the wire format.
const DATA = 0;
const HEADERS = 1;
const PRIORITY = 2;
const RST = 3;
const SETTINGS = 4;
const PUSH = 5;
const PING = 6;
const GOAWAY = 7;
const WINDOW = 8;
const CONT = 9;
const ES = 0x1; // END_STREAM, ACK
const EH = 0x4;
const PAD = 0x8;
const PRIO = 0x20;

const ping8 = [1, 2, 3, 4, 5, 6, 7, 8];
const pingFrame = frame(PING, 0, 0, ping8);
const pingEvent = "ping 0102030405060708";
const inBlock = (what: string, blockSid: number) =>
  `conn-error PROTOCOL_ERROR: ${what} inside the header block of stream ${blockSid} (only its CONTINUATION may follow)`;

export const frameCases: FrameCase[] = [
  // ---- DATA (§6.1) ----
  {
    name: "DATA with END_STREAM",
    rule: "payload delivered, then the end with END_STREAM",
    input: frame(DATA, ES, 1, "hello"),
    events: ["data-frame 1 len=5 end", 'data 1 "hello"', "data-end 1 end"],
  },
  {
    name: "two DATA frames on two streams",
    rule: "each frame has its own begin and end",
    input: bytes(frame(DATA, 0, 1, "ab"), frame(DATA, ES, 3, "cde")),
    events: [
      "data-frame 1 len=2",
      'data 1 "ab"',
      "data-end 1",
      "data-frame 3 len=3 end",
      'data 3 "cde"',
      "data-end 3 end",
    ],
  },
  {
    name: "empty DATA with END_STREAM",
    rule: "a zero-length DATA frame still begins and ends (no empty piece)",
    input: frame(DATA, ES, 1),
    events: ["data-frame 1 len=0 end", "data-end 1 end"],
  },
  {
    name: "padded DATA",
    rule: "§6.1: padding is stripped; payloadLength counts pad length byte and padding",
    input: frame(DATA, PAD | ES, 1, [3], "abc", zeros(3)),
    events: ["data-frame 1 len=7 end", 'data 1 "abc"', "data-end 1 end"],
  },
  {
    name: "padded DATA that is all padding",
    rule: "§6.1: pad length = payload length - 1 is legal (no data)",
    input: bytes(frame(DATA, PAD, 1, [4], zeros(4)), pingFrame),
    events: ["data-frame 1 len=5", "data-end 1", pingEvent],
  },
  {
    name: "padded DATA, pad length = payload length",
    rule: "§6.1: padding as long as the payload is a connection PROTOCOL_ERROR",
    input: frame(DATA, PAD, 1, [5], zeros(4)),
    events: [
      "conn-error PROTOCOL_ERROR: DATA frame on stream 1 with padding length 5 in a payload of 5 bytes",
    ],
  },
  {
    name: "padded DATA, pad length > payload length",
    rule: "§6.1: padding longer than the payload is a connection PROTOCOL_ERROR",
    input: bytes(frame(DATA, PAD, 1, [200], "ab"), pingFrame),
    events: [
      "conn-error PROTOCOL_ERROR: DATA frame on stream 1 with padding length 200 in a payload of 3 bytes",
    ],
  },
  {
    name: "padded DATA of length 0",
    rule: "§4.2: too small to hold its pad length field: FRAME_SIZE_ERROR",
    input: frame(DATA, PAD, 1),
    events: ["conn-error FRAME_SIZE_ERROR: padded DATA frame on stream 1 with length 0"],
  },
  {
    name: "DATA on stream 0",
    rule: "§6.1: connection PROTOCOL_ERROR",
    input: frame(DATA, 0, 0, "x"),
    events: ["conn-error PROTOCOL_ERROR: DATA frame on stream 0"],
  },
  {
    name: "refused DATA is skipped, padding included",
    rule: "onDataFrame returning false: no onData, no onDataEnd; the next frame parses",
    input: bytes(frame(DATA, PAD, 3, [2], "abc", zeros(2)), frame(DATA, ES, 1, "ok")),
    opts: { refuse: [3] },
    events: ["data-frame 3 len=6", "data-frame 1 len=2 end", 'data 1 "ok"', "data-end 1 end"],
  },
  {
    name: "unknown flags ignored",
    rule: "§4.1: flags a type does not define are ignored (0xf6: all but PADDED, END_STREAM)",
    input: frame(DATA, 0xf6, 1, "x"),
    events: ["data-frame 1 len=1", 'data 1 "x"', "data-end 1"],
  },
  {
    name: "reserved bit of the stream id",
    rule: "§4.1: the reserved bit is ignored on receipt",
    input: frame(DATA, ES, 0x80000001, "x"),
    events: ["data-frame 1 len=1 end", 'data 1 "x"', "data-end 1 end"],
  },
  {
    name: "reserved bit alone is stream 0",
    rule: "§4.1: 0x80000000 is stream 0 once the reserved bit is dropped",
    input: frame(DATA, 0, 0x80000000, "x"),
    events: ["conn-error PROTOCOL_ERROR: DATA frame on stream 0"],
  },

  // ---- HEADERS and CONTINUATION (§6.2, §6.10) ----
  {
    name: "HEADERS with END_HEADERS and END_STREAM",
    rule: "one frame, one block",
    input: frame(HEADERS, EH | ES, 1, "abc"),
    events: ['headers 1 "abc" end'],
  },
  {
    name: "HEADERS with an empty block",
    rule: "an empty block is delivered",
    input: frame(HEADERS, EH, 1),
    events: ['headers 1 ""'],
  },
  {
    name: "padded HEADERS",
    rule: "§6.2: pad length and padding stripped",
    input: frame(HEADERS, EH | PAD, 1, [2], "abc", zeros(2)),
    events: ['headers 1 "abc"'],
  },
  {
    name: "HEADERS with PRIORITY",
    rule: "§6.2: the 5-byte dependency and weight are stripped",
    input: frame(HEADERS, EH | PRIO, 1, u32(3), [15], "abc"),
    events: ['headers 1 "abc"'],
  },
  {
    name: "HEADERS padded with PRIORITY",
    rule: "§6.2: pad length, then priority, then fragment, then padding",
    input: frame(HEADERS, EH | PAD | PRIO | ES, 1, [1], u32(0x80000003), [200], "ab", [0]),
    events: ['headers 1 "ab" end'],
  },
  {
    name: "HEADERS padding fills the rest",
    rule: "§6.2: an empty fragment with padding is legal",
    input: frame(HEADERS, EH | PAD, 1, [3], zeros(3)),
    events: ['headers 1 ""'],
  },
  {
    name: "HEADERS padding too long",
    rule: "§6.2: padding beyond what follows the fixed fields is a PROTOCOL_ERROR",
    input: frame(HEADERS, EH | PAD | PRIO, 1, [3], u32(0), [0], "ab"),
    events: [
      "conn-error PROTOCOL_ERROR: HEADERS frame on stream 1 with padding length 3 but 2 bytes after its pad length and priority fields",
    ],
  },
  {
    name: "HEADERS with PRIORITY too short",
    rule: "§4.2: too small for its priority fields: FRAME_SIZE_ERROR",
    input: frame(HEADERS, EH | PRIO, 1, [0, 0, 0, 0]),
    events: [
      "conn-error FRAME_SIZE_ERROR: HEADERS frame on stream 1 with length 4 (its pad length and priority fields need 5)",
    ],
  },
  {
    name: "padded HEADERS of length 0",
    rule: "§4.2: too small for its pad length: FRAME_SIZE_ERROR",
    input: frame(HEADERS, EH | PAD, 1),
    events: [
      "conn-error FRAME_SIZE_ERROR: HEADERS frame on stream 1 with length 0 (its pad length and priority fields need 1)",
    ],
  },
  {
    name: "HEADERS on stream 0",
    rule: "§6.2: connection PROTOCOL_ERROR",
    input: frame(HEADERS, EH, 0, "a"),
    events: ["conn-error PROTOCOL_ERROR: HEADERS frame on stream 0"],
  },
  {
    name: "HEADERS + 2 CONTINUATION",
    rule: "§6.10: fragments joined; END_STREAM comes from the HEADERS frame",
    input: bytes(frame(HEADERS, ES, 1, "ab"), frame(CONT, 0, 1, "cd"), frame(CONT, EH, 1, "ef")),
    events: ['headers 1 "abcdef" end'],
  },
  {
    name: "padded HEADERS + CONTINUATION",
    rule: "§6.2: the first fragment's padding is stripped before joining",
    input: bytes(frame(HEADERS, PAD, 1, [1], "ab", [0]), frame(CONT, EH, 1, "cd")),
    events: ['headers 1 "abcd"'],
  },
  {
    name: "HEADERS with empty fragment + CONTINUATION",
    rule: "§6.10: a block may begin with an empty HEADERS fragment",
    input: bytes(frame(HEADERS, 0, 5, ""), frame(CONT, EH, 5, "xyz"), pingFrame),
    events: ['headers 5 "xyz"', pingEvent],
  },
  {
    name: "CONTINUATION's other flags ignored",
    rule: "§6.10: CONTINUATION defines only END_HEADERS (no padding, no END_STREAM)",
    input: bytes(frame(HEADERS, 0, 1, "ab"), frame(CONT, EH | PAD | PRIO | ES, 1, [2], "cd")),
    events: ['headers 1 "ab\\x02cd"'],
  },
  {
    name: "DATA inside a header block",
    rule: "§6.2: after HEADERS without END_HEADERS only CONTINUATION may follow",
    input: bytes(frame(HEADERS, 0, 1, "ab"), frame(DATA, ES, 1, "x")),
    events: [inBlock("DATA frame on stream 1", 1)],
  },
  {
    name: "another stream's CONTINUATION inside a block",
    rule: "§6.10: the CONTINUATION must be on the block's stream",
    input: bytes(frame(HEADERS, 0, 1, "ab"), frame(CONT, EH, 3, "cd")),
    events: [inBlock("CONTINUATION frame on stream 3", 1)],
  },
  {
    name: "CONTINUATION on stream 0 inside a block",
    rule: "§6.10: stream 0 is another stream",
    input: bytes(frame(HEADERS, 0, 1, "a"), frame(CONT, EH, 0, "b")),
    events: [inBlock("CONTINUATION frame on stream 0", 1)],
  },
  {
    name: "unknown frame type inside a header block",
    rule: "§5.5: extension frames are not allowed in the middle of a field block",
    input: bytes(frame(HEADERS, 0, 1, "ab"), frame(0x42, 0, 1, "zz")),
    events: [inBlock("type 0x42 frame on stream 1", 1)],
  },
  {
    name: "PING inside a header block",
    rule: "§6.2: not even connection control frames may interleave",
    input: bytes(frame(HEADERS, 0, 1, "ab"), pingFrame),
    events: [inBlock("PING frame on stream 0", 1)],
  },
  {
    name: "HEADERS inside a header block",
    rule: "§6.2: a second block cannot start before the first ends",
    input: bytes(frame(HEADERS, 0, 1, "ab"), frame(HEADERS, EH, 3, "cd")),
    events: [inBlock("HEADERS frame on stream 3", 1)],
  },
  {
    name: "CONTINUATION without HEADERS",
    rule: "§6.10: CONTINUATION outside a block is a PROTOCOL_ERROR",
    input: frame(CONT, EH, 1, "ab"),
    events: [
      "conn-error PROTOCOL_ERROR: CONTINUATION frame on stream 1 without a HEADERS frame before it",
    ],
  },
  {
    name: "CONTINUATION after a complete block",
    rule: "§6.10: END_HEADERS closed the block",
    input: bytes(frame(HEADERS, EH, 1, "ab"), frame(CONT, EH, 1, "cd")),
    events: [
      'headers 1 "ab"',
      "conn-error PROTOCOL_ERROR: CONTINUATION frame on stream 1 without a HEADERS frame before it",
    ],
  },
  {
    name: "header block at the cap",
    rule: "maxHeaderBlock: a block of exactly the cap passes",
    input: bytes(frame(HEADERS, 0, 1, "abc"), frame(CONT, EH, 1, "def")),
    opts: { maxHeaderBlock: 6 },
    events: ['headers 1 "abcdef"'],
  },
  {
    name: "header block past the cap",
    rule: "maxHeaderBlock: one byte more is ENHANCE_YOUR_CALM (§10.5.1)",
    input: bytes(frame(HEADERS, 0, 1, "abc"), frame(CONT, EH, 1, "def")),
    opts: { maxHeaderBlock: 5 },
    events: [
      "conn-error ENHANCE_YOUR_CALM: header block on stream 1 of more than 5 bytes (6 so far)",
    ],
  },
  {
    name: "single HEADERS past the cap",
    rule: "maxHeaderBlock applies to a one-frame block too",
    input: frame(HEADERS, EH, 1, "abc"),
    opts: { maxHeaderBlock: 2 },
    events: [
      "conn-error ENHANCE_YOUR_CALM: header block on stream 1 of more than 2 bytes (3 so far)",
    ],
  },
  {
    name: "padding does not count toward the cap",
    rule: "maxHeaderBlock counts block bytes, not frame bytes",
    input: frame(HEADERS, EH | PAD, 1, [10], "abc", zeros(10)),
    opts: { maxHeaderBlock: 3 },
    events: ['headers 1 "abc"'],
  },

  // ---- PRIORITY (§6.3) ----
  {
    name: "PRIORITY ignored",
    rule: "§5.3.2: priority signals are parsed and ignored",
    input: bytes(frame(PRIORITY, 0, 1, u32(3), [16]), frame(DATA, ES, 1, "x")),
    events: ["data-frame 1 len=1 end", 'data 1 "x"', "data-end 1 end"],
  },
  {
    name: "PRIORITY on stream 0",
    rule: "§6.3: connection PROTOCOL_ERROR",
    input: frame(PRIORITY, 0, 0, u32(3), [16]),
    events: ["conn-error PROTOCOL_ERROR: PRIORITY frame on stream 0"],
  },
  {
    name: "PRIORITY of length 4",
    rule: "§6.3: a stream FRAME_SIZE_ERROR; parsing goes on",
    input: bytes(frame(PRIORITY, 0, 3, [0, 0, 0, 1]), pingFrame),
    events: [
      "stream-error 3 FRAME_SIZE_ERROR: PRIORITY frame on stream 3 with length 4 (must be 5)",
      pingEvent,
    ],
  },
  {
    name: "PRIORITY of length 6 and 0",
    rule: "§6.3: a stream FRAME_SIZE_ERROR for any length but 5",
    input: bytes(frame(PRIORITY, 0, 3, zeros(6)), frame(PRIORITY, 0, 5), pingFrame),
    events: [
      "stream-error 3 FRAME_SIZE_ERROR: PRIORITY frame on stream 3 with length 6 (must be 5)",
      "stream-error 5 FRAME_SIZE_ERROR: PRIORITY frame on stream 5 with length 0 (must be 5)",
      pingEvent,
    ],
  },

  // ---- RST_STREAM (§6.4) ----
  {
    name: "RST_STREAM",
    rule: "§6.4: the error code is delivered, unknown codes too",
    input: bytes(frame(RST, 0, 1, u32(8)), frame(RST, 0, 3, u32(0x1f))),
    events: ["rst 1 CANCEL", "rst 3 unknown (0x1f)"],
  },
  {
    name: "RST_STREAM on stream 0",
    rule: "§6.4: connection PROTOCOL_ERROR",
    input: frame(RST, 0, 0, u32(8)),
    events: ["conn-error PROTOCOL_ERROR: RST_STREAM frame on stream 0"],
  },
  {
    name: "RST_STREAM of length 3",
    rule: "§6.4: connection FRAME_SIZE_ERROR",
    input: frame(RST, 0, 1, [0, 0, 8]),
    events: ["conn-error FRAME_SIZE_ERROR: RST_STREAM frame on stream 1 with length 3 (must be 4)"],
  },
  {
    name: "RST_STREAM of length 5",
    rule: "§6.4: connection FRAME_SIZE_ERROR",
    input: frame(RST, 0, 1, u32(8), [0]),
    events: ["conn-error FRAME_SIZE_ERROR: RST_STREAM frame on stream 1 with length 5 (must be 4)"],
  },

  // ---- SETTINGS (§6.5) ----
  {
    name: "SETTINGS with every known id",
    rule: "§6.5.2: pairs in frame order; table size, concurrency, list size take any value",
    input: frame(
      SETTINGS,
      0,
      0,
      setting(1, 4096),
      setting(3, 100),
      setting(4, 65535),
      setting(5, 16384),
      setting(6, 0xffffffff),
      setting(2, 0),
      setting(3, 0),
    ),
    events: ["settings 1=4096 3=100 4=65535 5=16384 6=4294967295 2=0 3=0"],
  },
  {
    name: "empty SETTINGS and SETTINGS ack",
    rule: "§6.5: an empty SETTINGS is legal; an ack has no pairs",
    input: bytes(frame(SETTINGS, 0, 0), frame(SETTINGS, ES, 0)),
    events: ["settings", "settings ack"],
  },
  {
    name: "SETTINGS ack with a payload",
    rule: "§6.5: connection FRAME_SIZE_ERROR",
    input: frame(SETTINGS, ES, 0, setting(1, 1)),
    events: ["conn-error FRAME_SIZE_ERROR: SETTINGS ack with length 6 (must be 0)"],
  },
  {
    name: "SETTINGS of length 7",
    rule: "§6.5: a length not a multiple of 6 is a connection FRAME_SIZE_ERROR",
    input: frame(SETTINGS, 0, 0, setting(1, 1), [0]),
    events: ["conn-error FRAME_SIZE_ERROR: SETTINGS frame with length 7 (not a multiple of 6)"],
  },
  {
    name: "SETTINGS on stream 1",
    rule: "§6.5: connection PROTOCOL_ERROR (an ack too)",
    input: frame(SETTINGS, ES, 1),
    events: ["conn-error PROTOCOL_ERROR: SETTINGS frame on stream 1"],
  },
  {
    name: "SETTINGS_ENABLE_PUSH 2",
    rule: "§6.5.2: a value other than 0 or 1 is a PROTOCOL_ERROR",
    input: frame(SETTINGS, 0, 0, setting(2, 2)),
    events: ["conn-error PROTOCOL_ERROR: SETTINGS_ENABLE_PUSH 2 (must be 0 or 1)"],
  },
  {
    name: "SETTINGS_ENABLE_PUSH 1 from a server",
    rule: "§6.5.2: a client MUST treat ENABLE_PUSH 1 as a PROTOCOL_ERROR",
    input: frame(SETTINGS, 0, 0, setting(2, 1)),
    events: [
      "conn-error PROTOCOL_ERROR: SETTINGS_ENABLE_PUSH 1 from the server (a server cannot enable push)",
    ],
  },
  {
    name: "SETTINGS_INITIAL_WINDOW_SIZE 2^31-1",
    rule: "§6.5.2: the largest window is legal",
    input: frame(SETTINGS, 0, 0, setting(4, 0x7fffffff), setting(4, 0)),
    events: ["settings 4=2147483647 4=0"],
  },
  {
    name: "SETTINGS_INITIAL_WINDOW_SIZE 2^31",
    rule: "§6.5.2: above 2^31-1 is a FLOW_CONTROL_ERROR",
    input: frame(SETTINGS, 0, 0, setting(4, 0x80000000)),
    events: [
      "conn-error FLOW_CONTROL_ERROR: SETTINGS_INITIAL_WINDOW_SIZE 2147483648 above the maximum window 2147483647",
    ],
  },
  {
    name: "SETTINGS_MAX_FRAME_SIZE at its bounds",
    rule: "§6.5.2: 16384 and 16777215 are legal",
    input: frame(SETTINGS, 0, 0, setting(5, 16384), setting(5, 16777215)),
    events: ["settings 5=16384 5=16777215"],
  },
  {
    name: "SETTINGS_MAX_FRAME_SIZE 16383",
    rule: "§6.5.2: below 16384 is a PROTOCOL_ERROR",
    input: frame(SETTINGS, 0, 0, setting(5, 16383)),
    events: ["conn-error PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE 16383 outside [16384, 16777215]"],
  },
  {
    name: "SETTINGS_MAX_FRAME_SIZE 2^24",
    rule: "§6.5.2: above 16777215 is a PROTOCOL_ERROR",
    input: frame(SETTINGS, 0, 0, setting(5, 16777216)),
    events: [
      "conn-error PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE 16777216 outside [16384, 16777215]",
    ],
  },
  {
    name: "SETTINGS with unknown ids",
    rule: "§6.5.2: unknown ids are ignored, whatever their value",
    input: frame(
      SETTINGS,
      0,
      0,
      setting(0, 5),
      setting(7, 1),
      setting(8, 1),
      setting(9, 0xffffffff),
      setting(0xffff, 9),
      setting(1, 10),
    ),
    events: ["settings 1=10"],
  },
  {
    name: "SETTINGS with a bad value after good ones",
    rule: "values are checked before the handler sees any pair",
    input: frame(SETTINGS, 0, 0, setting(1, 10), setting(3, 5), setting(5, 100)),
    events: ["conn-error PROTOCOL_ERROR: SETTINGS_MAX_FRAME_SIZE 100 outside [16384, 16777215]"],
  },

  // ---- PUSH_PROMISE (§6.6, §8.4) ----
  {
    name: "PUSH_PROMISE",
    rule: "§8.4: we send ENABLE_PUSH 0, so a promise is a connection PROTOCOL_ERROR",
    input: frame(PUSH, EH, 1, u32(2), "ab"),
    events: [
      "conn-error PROTOCOL_ERROR: PUSH_PROMISE frame on stream 1 (push is disabled: SETTINGS_ENABLE_PUSH 0)",
    ],
  },

  // ---- PING (§6.7) ----
  {
    name: "PING and PING ack",
    rule: "§6.7: the 8 opaque bytes are delivered",
    input: bytes(pingFrame, frame(PING, ES, 0, [9, 10, 11, 12, 13, 14, 15, 255])),
    events: [pingEvent, "ping ack 090a0b0c0d0e0fff"],
  },
  {
    name: "PING of length 7",
    rule: "§6.7: connection FRAME_SIZE_ERROR",
    input: frame(PING, 0, 0, [1, 2, 3, 4, 5, 6, 7]),
    events: ["conn-error FRAME_SIZE_ERROR: PING frame with length 7 (must be 8)"],
  },
  {
    name: "PING of length 9",
    rule: "§6.7: connection FRAME_SIZE_ERROR",
    input: frame(PING, 0, 0, ping8, [9]),
    events: ["conn-error FRAME_SIZE_ERROR: PING frame with length 9 (must be 8)"],
  },
  {
    name: "PING on stream 1",
    rule: "§6.7: connection PROTOCOL_ERROR",
    input: frame(PING, 0, 1, ping8),
    events: ["conn-error PROTOCOL_ERROR: PING frame on stream 1"],
  },

  // ---- GOAWAY (§6.8) ----
  {
    name: "GOAWAY with debug data",
    rule: "§6.8: last stream id (reserved bit ignored), code, debug bytes",
    input: frame(GOAWAY, 0, 0, u32(0x80000005), u32(2), "bye"),
    events: ['goaway last=5 INTERNAL_ERROR "bye"'],
  },
  {
    name: "GOAWAY without debug data",
    rule: "§6.8: 8 bytes is the whole frame",
    input: frame(GOAWAY, 0, 0, u32(0), u32(0)),
    events: ['goaway last=0 NO_ERROR ""'],
  },
  {
    name: "GOAWAY of length 7",
    rule: "§6.8: shorter than 8 is a connection FRAME_SIZE_ERROR",
    input: frame(GOAWAY, 0, 0, u32(0), [0, 0, 0]),
    events: ["conn-error FRAME_SIZE_ERROR: GOAWAY frame with length 7 (at least 8)"],
  },
  {
    name: "GOAWAY on stream 1",
    rule: "§6.8: connection PROTOCOL_ERROR",
    input: frame(GOAWAY, 0, 1, u32(0), u32(0)),
    events: ["conn-error PROTOCOL_ERROR: GOAWAY frame on stream 1"],
  },

  // ---- WINDOW_UPDATE (§6.9) ----
  {
    name: "WINDOW_UPDATE on the connection and a stream",
    rule: "§6.9: the increment's reserved bit is ignored",
    input: bytes(frame(WINDOW, 0, 0, u32(1000)), frame(WINDOW, 0, 5, u32(0xffffffff))),
    events: ["window 0 +1000", "window 5 +2147483647"],
  },
  {
    name: "WINDOW_UPDATE of 0 on the connection",
    rule: "§6.9: a connection PROTOCOL_ERROR on stream 0",
    input: frame(WINDOW, 0, 0, u32(0)),
    events: ["conn-error PROTOCOL_ERROR: WINDOW_UPDATE frame on stream 0 with increment 0"],
  },
  {
    name: "WINDOW_UPDATE of 0x80000000 on the connection",
    rule: "§6.9: the reserved bit alone is an increment of 0",
    input: frame(WINDOW, 0, 0, u32(0x80000000)),
    events: ["conn-error PROTOCOL_ERROR: WINDOW_UPDATE frame on stream 0 with increment 0"],
  },
  {
    name: "WINDOW_UPDATE of 0 on a stream",
    rule: "§6.9: a stream PROTOCOL_ERROR; parsing goes on",
    input: bytes(frame(WINDOW, 0, 3, u32(0)), frame(WINDOW, 0, 3, u32(1))),
    events: [
      "stream-error 3 PROTOCOL_ERROR: WINDOW_UPDATE frame on stream 3 with increment 0",
      "window 3 +1",
    ],
  },
  {
    name: "WINDOW_UPDATE of length 3",
    rule: "§6.9: a length other than 4 is a connection FRAME_SIZE_ERROR",
    input: frame(WINDOW, 0, 0, [0, 0, 1]),
    events: [
      "conn-error FRAME_SIZE_ERROR: WINDOW_UPDATE frame on stream 0 with length 3 (must be 4)",
    ],
  },
  {
    name: "WINDOW_UPDATE of length 5 on a stream",
    rule: "§6.9: a connection FRAME_SIZE_ERROR even on a stream",
    input: frame(WINDOW, 0, 1, u32(1), [0]),
    events: [
      "conn-error FRAME_SIZE_ERROR: WINDOW_UPDATE frame on stream 1 with length 5 (must be 4)",
    ],
  },

  // ---- unknown types, sizes, the end of parsing ----
  {
    name: "unknown frame types",
    rule: "§5.5: ignored, with any flags, stream and payload",
    input: bytes(frame(0x0a, 0xff, 0, "whatever"), frame(0xff, 0, 7), pingFrame),
    events: [pingEvent],
  },
  {
    name: "frame longer than maxFrameSize",
    rule: "§4.2: a connection FRAME_SIZE_ERROR as soon as the head is read",
    input: bytes(head(16385, DATA, 0, 1), "abc"),
    events: [
      "conn-error FRAME_SIZE_ERROR: DATA frame with length 16385 above SETTINGS_MAX_FRAME_SIZE 16384",
    ],
  },
  {
    name: "frame longer than a lowered maxFrameSize",
    rule: "§4.2: the check uses the limit set on the parser, unknown types included",
    input: bytes(frame(0x0a, 0, 0, "12345"), frame(0x0a, 0, 0, "123456")),
    opts: { maxFrameSize: 5 },
    events: [
      "conn-error FRAME_SIZE_ERROR: type 0xa frame with length 6 above SETTINGS_MAX_FRAME_SIZE 5",
    ],
  },
  {
    name: "frame of exactly 16384 bytes",
    rule: "§4.2: the default maximum is inclusive",
    input: bytes(frame(0x0a, 0, 0, zeros(16384)), frame(HEADERS, EH, 1, zeros(16384)), pingFrame),
    events: [`headers 1 "${"\\x00".repeat(16384)}"`, pingEvent],
    big: true,
  },
  {
    name: "nothing after a connection error",
    rule: "the parser stops for good: later frames are not delivered",
    input: bytes(frame(DATA, 0, 0, "x"), pingFrame, frame(DATA, ES, 1, "y")),
    events: ["conn-error PROTOCOL_ERROR: DATA frame on stream 0"],
  },
  {
    name: "a server's first flight",
    rule: "a mix of frame kinds in order",
    input: bytes(
      frame(SETTINGS, 0, 0, setting(3, 100), setting(4, 1 << 20)),
      frame(WINDOW, 0, 0, u32(1 << 24)),
      frame(SETTINGS, ES, 0),
      frame(HEADERS, EH, 1, "\x88"),
      frame(DATA, 0, 1, "hello "),
      frame(DATA, ES, 1, "world"),
      frame(GOAWAY, 0, 0, u32(1), u32(0)),
    ),
    events: [
      "settings 3=100 4=1048576",
      "window 0 +16777216",
      "settings ack",
      'headers 1 "\\x88"',
      "data-frame 1 len=6",
      'data 1 "hello "',
      "data-end 1",
      "data-frame 1 len=5 end",
      'data 1 "world"',
      "data-end 1 end",
      'goaway last=1 NO_ERROR ""',
    ],
  },
];
