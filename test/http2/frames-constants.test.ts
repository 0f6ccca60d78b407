// HTTP/2 constants and the SETTINGS value rules: names for every code, the preface bytes, and the
// table of which received values are legal.

import { describe, expect, test } from "bun:test";
import {
  FRAME_CONTINUATION,
  FRAME_DATA,
  frameTypeName,
  H2_FLOW_CONTROL_ERROR,
  H2_HTTP_1_1_REQUIRED,
  H2_NO_ERROR,
  H2_PROTOCOL_ERROR,
  h2ErrorName,
  PREFACE,
} from "../../src/http2/constants.ts";
import {
  isKnownSetting,
  settingError,
  settingErrorDetail,
  settingName,
} from "../../src/http2/settings.ts";

describe("constants", () => {
  test("h2ErrorName covers §7 and names unknown codes in hex", () => {
    const names = [];
    for (let c = H2_NO_ERROR; c <= H2_HTTP_1_1_REQUIRED; c++) names.push(h2ErrorName(c));
    expect(names).toEqual([
      "NO_ERROR",
      "PROTOCOL_ERROR",
      "INTERNAL_ERROR",
      "FLOW_CONTROL_ERROR",
      "SETTINGS_TIMEOUT",
      "STREAM_CLOSED",
      "FRAME_SIZE_ERROR",
      "REFUSED_STREAM",
      "CANCEL",
      "COMPRESSION_ERROR",
      "CONNECT_ERROR",
      "ENHANCE_YOUR_CALM",
      "INADEQUATE_SECURITY",
      "HTTP_1_1_REQUIRED",
    ]);
    expect(h2ErrorName(0x1f)).toBe("unknown (0x1f)");
    expect(h2ErrorName(0xe)).toBe("unknown (0xe)");
    expect(h2ErrorName(0xffffffff)).toBe("unknown (0xffffffff)");
  });

  test("frameTypeName", () => {
    expect(frameTypeName(FRAME_DATA)).toBe("DATA");
    expect(frameTypeName(FRAME_CONTINUATION)).toBe("CONTINUATION");
    expect(frameTypeName(0xa)).toBe("type 0xa");
  });

  test("PREFACE is the 24 bytes of §3.4", () => {
    expect(PREFACE.length).toBe(24);
    expect(Buffer.from(PREFACE).toString("latin1")).toBe("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  });
});

describe("settings values (§6.5.2)", () => {
  test("known ids are 1 to 6", () => {
    expect([0, 1, 6, 7, 8, 0xffff].map(isKnownSetting)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(settingName(4)).toBe("SETTINGS_INITIAL_WINDOW_SIZE");
    expect(settingName(8)).toBe("setting 0x8");
    expect(settingName(0)).toBe("setting 0x0");
  });

  test("which values a client accepts", () => {
    const cases: [number, number, number][] = [
      [1, 0, 0],
      [1, 0xffffffff, 0],
      [2, 0, 0],
      [2, 1, H2_PROTOCOL_ERROR],
      [2, 2, H2_PROTOCOL_ERROR],
      [3, 0, 0],
      [4, 0x7fffffff, 0],
      [4, 0x80000000, H2_FLOW_CONTROL_ERROR],
      [4, 0xffffffff, H2_FLOW_CONTROL_ERROR],
      [5, 16383, H2_PROTOCOL_ERROR],
      [5, 16384, 0],
      [5, 16777215, 0],
      [5, 16777216, H2_PROTOCOL_ERROR],
      [5, 0, H2_PROTOCOL_ERROR],
      [6, 0xffffffff, 0],
    ];
    for (const [id, v, code] of cases) expect([id, v, settingError(id, v)]).toEqual([id, v, code]);
    expect(settingErrorDetail(5, 0)).toBe("SETTINGS_MAX_FRAME_SIZE 0 outside [16384, 16777215]");
    expect(settingErrorDetail(1, 5)).toBe("SETTINGS_HEADER_TABLE_SIZE 5"); // the fallback text
  });
});
