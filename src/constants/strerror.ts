// Code -> message and code -> name lookups for CURLcode and CURLMcode, built once at load from the
// tables in curle.ts and curlm.ts so names, values and texts have a single source.

import { CURL_LAST, CURLE_TABLE } from "./curle.ts";
import { CURLM_CALL_MULTI_PERFORM, CURLM_LAST, CURLM_TABLE } from "./curlm.ts";

/** libcurl's answer for a code its switch has no case for (lib/strerror.c). */
const UNKNOWN = "Unknown error";

// Dense arrays indexed by code. CURLMcode starts at -1, so its arrays are shifted by that offset.
const MULTI_BASE = CURLM_CALL_MULTI_PERFORM;

const easyMessages: string[] = new Array<string>(CURL_LAST).fill(UNKNOWN);
const easyNames: (string | undefined)[] = new Array<string | undefined>(CURL_LAST).fill(undefined);
for (const [name, value, message] of CURLE_TABLE) {
  easyNames[value] = name;
  if (message !== null) easyMessages[value] = message;
}

const MULTI_SLOTS = CURLM_LAST - MULTI_BASE;
const multiMessages: string[] = new Array<string>(MULTI_SLOTS).fill(UNKNOWN);
const multiNames: (string | undefined)[] = new Array<string | undefined>(MULTI_SLOTS).fill(
  undefined,
);
for (const [name, value, message] of CURLM_TABLE) {
  multiNames[value - MULTI_BASE] = name;
  multiMessages[value - MULTI_BASE] = message;
}

/**
 * The text for a transfer result code, as `curl_easy_strerror()` of a libcurl built with
 * verbose strings. Obsolete slots, `CURL_LAST`, negative, fractional and out-of-range codes
 * all give "Unknown error", as libcurl's `default:` branch does.
 */
export function easyStrerror(code: number): string {
  // A fractional or NaN index reads undefined, which also lands on the fallback.
  return easyMessages[code] ?? UNKNOWN;
}

/**
 * The text for a multi result code, as `curl_multi_strerror()`; unknown codes (including
 * `CURLM_LAST`) give "Unknown error".
 */
export function multiStrerror(code: number): string {
  return multiMessages[code - MULTI_BASE] ?? UNKNOWN;
}

/**
 * The constant's name for a CURLcode ("CURLE_COULDNT_CONNECT"), or undefined when the value is
 * not in the enum. Obsolete slots answer their enum name ("CURLE_OBSOLETE20"). No libcurl
 * equivalent; used for tests and verbose traces.
 */
export function curlECodeName(code: number): string | undefined {
  return easyNames[code];
}

/** The constant's name for a CURLMcode ("CURLM_BAD_SOCKET"), or undefined when unknown. */
export function curlMCodeName(code: number): string | undefined {
  return multiNames[code - MULTI_BASE];
}
