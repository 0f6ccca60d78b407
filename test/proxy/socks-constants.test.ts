// The CURLPX_* values against include/curl/curl.h (enum CURLproxycode, curl 8.22.0-DEV, 5c61e16):
// the enum counts from 0 in this order. Also the name lookup and the package entry's exports.

import { describe, expect, test } from "bun:test";
import * as C from "../../src/constants/index.ts";
import * as entry from "../../src/index.ts";

const CURLPX_ORDER = [
  "CURLPX_OK",
  "CURLPX_BAD_ADDRESS_TYPE",
  "CURLPX_BAD_VERSION",
  "CURLPX_CLOSED",
  "CURLPX_GSSAPI",
  "CURLPX_GSSAPI_PERMSG",
  "CURLPX_GSSAPI_PROTECTION",
  "CURLPX_IDENTD",
  "CURLPX_IDENTD_DIFFER",
  "CURLPX_LONG_HOSTNAME",
  "CURLPX_LONG_PASSWD",
  "CURLPX_LONG_USER",
  "CURLPX_NO_AUTH",
  "CURLPX_RECV_ADDRESS",
  "CURLPX_RECV_AUTH",
  "CURLPX_RECV_CONNECT",
  "CURLPX_RECV_REQACK",
  "CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED",
  "CURLPX_REPLY_COMMAND_NOT_SUPPORTED",
  "CURLPX_REPLY_CONNECTION_REFUSED",
  "CURLPX_REPLY_GENERAL_SERVER_FAILURE",
  "CURLPX_REPLY_HOST_UNREACHABLE",
  "CURLPX_REPLY_NETWORK_UNREACHABLE",
  "CURLPX_REPLY_NOT_ALLOWED",
  "CURLPX_REPLY_TTL_EXPIRED",
  "CURLPX_REPLY_UNASSIGNED",
  "CURLPX_REQUEST_FAILED",
  "CURLPX_RESOLVE_HOST",
  "CURLPX_SEND_AUTH",
  "CURLPX_SEND_CONNECT",
  "CURLPX_SEND_REQUEST",
  "CURLPX_UNKNOWN_FAIL",
  "CURLPX_UNKNOWN_MODE",
  "CURLPX_USER_REJECTED",
  "CURLPX_LAST",
];

const lookup = (m: object, name: string) => (m as Record<string, unknown>)[name];

describe("CURLproxycode", () => {
  test("each CURLPX_* has its enum value", () => {
    for (const [value, name] of CURLPX_ORDER.entries())
      expect([name, lookup(C, name)]).toEqual([name, value]);
  });

  test("no CURLPX_* beyond the enum", () => {
    const extra = Object.keys(C).filter(
      (k) => k.startsWith("CURLPX_") && !CURLPX_ORDER.includes(k),
    );
    expect(extra).toEqual([]);
  });

  test("the package entry exports every one with the same value", () => {
    for (const name of CURLPX_ORDER)
      expect([name, lookup(entry, name)]).toEqual([name, lookup(C, name)]);
  });

  test("proxyCodeName names each code and nothing past the enum", () => {
    for (const [value, name] of CURLPX_ORDER.slice(0, -1).entries())
      expect(C.proxyCodeName(value)).toBe(name);
    expect(C.proxyCodeName(C.CURLPX_LAST)).toBeUndefined();
    expect(C.proxyCodeName(-1)).toBeUndefined();
  });
});
