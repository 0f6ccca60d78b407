// Multi-handle options: CURLMOPT_* names (constants whose value is the camelCase key), kinds and defaults.

import {
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_OK,
  CURLM_UNKNOWN_OPTION,
  type CURLMcode,
} from "../constants/index.ts";

/** CURLMOPT_SOCKETFUNCTION: (easy, s, what, userp, socketp) => 0, or -1 to fail the multi. */
export type SocketCallback = (
  easy: unknown,
  s: number,
  what: number,
  userp: unknown,
  socketp: unknown,
) => unknown;
/** CURLMOPT_TIMERFUNCTION: (multi, timeoutMs, userp) => 0, or -1 to fail the multi. */
export type TimerCallback = (multi: unknown, timeoutMs: number, userp: unknown) => unknown;

export const CURLMOPT_SOCKETFUNCTION = "socketFunction";
export const CURLMOPT_SOCKETDATA = "socketData";
export const CURLMOPT_TIMERFUNCTION = "timerFunction";
export const CURLMOPT_TIMERDATA = "timerData";
export const CURLMOPT_MAXCONNECTS = "maxConnects";
export const CURLMOPT_MAX_HOST_CONNECTIONS = "maxHostConnections";
export const CURLMOPT_MAX_TOTAL_CONNECTIONS = "maxTotalConnections";
export const CURLMOPT_PIPELINING = "pipelining";

const FUNC = 1;
const ANY = 2;
const LONG = 3;

const KINDS: Record<string, number> = {
  socketFunction: FUNC,
  socketData: ANY,
  timerFunction: FUNC,
  timerData: ANY,
  maxConnects: LONG,
  maxHostConnections: LONG,
  maxTotalConnections: LONG,
  pipelining: LONG,
};

export class MultiOptions {
  socketFunction: SocketCallback | null = null;
  socketData: unknown = undefined;
  timerFunction: TimerCallback | null = null;
  timerData: unknown = undefined;
  /** Idle connection cache size; 0 = libcurl's automatic size. */
  maxConnects = 0;
  maxHostConnections = 0;
  maxTotalConnections = 0;
  /** CURLPIPE_* bits; accepted, HTTP/1.1 never pipelines here. */
  pipelining = 0;
}

/**
 * What current libcurl's curl_multi_setopt makes of a numeric value (multi.c): MAXCONNECTS takes an
 * unsigned long and ignores one past UINT_MAX, so -1 (ULONG_MAX) leaves the value as it was (undefined
 * here); the connection limits go through curlx_sltouz, which refuses a negative value (null here).
 */
function longOption(name: string, v: number): number | null | undefined {
  if (name === "maxConnects") return v < 0 || v > 0xffffffff ? undefined : v;
  return v < 0 ? null : v;
}

/** curl_multi_setopt's checks: unknown name -> CURLM_UNKNOWN_OPTION, wrong kind -> CURLM_BAD_FUNCTION_ARGUMENT. */
export function setMultiOption(o: MultiOptions, name: string, value: unknown): CURLMcode {
  // Own keys only: "toString" or "__proto__" are not options.
  const kind = typeof name === "string" && Object.hasOwn(KINDS, name) ? KINDS[name] : undefined;
  if (kind === undefined) return CURLM_UNKNOWN_OPTION;
  if (kind === FUNC && value !== null && typeof value !== "function")
    return CURLM_BAD_FUNCTION_ARGUMENT;
  if (kind === LONG) {
    if (typeof value === "boolean") value = value ? 1 : 0;
    if (typeof value !== "number" || !Number.isInteger(value)) return CURLM_BAD_FUNCTION_ARGUMENT;
    value = longOption(name, value);
    if (value === undefined) return CURLM_OK;
    if (value === null) return CURLM_BAD_FUNCTION_ARGUMENT;
  }
  (o as unknown as Record<string, unknown>)[name] = value;
  return CURLM_OK;
}
