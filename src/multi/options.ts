// Multi-handle options (curl_multi_setopt): the CURLMOPT_* names and the one table that gives each its
// value kind, libcurl's default and what an out-of-range number does. MultiOptions and setMultiOption's
// checks are derived from the table, as the easy options are (easy/options.ts).

import {
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_OK,
  CURLM_UNKNOWN_OPTION,
  type CURLMcode,
  CURLPIPE_MULTIPLEX,
  DEFAULT_MAX_CONCURRENT_STREAMS,
} from "../constants/index.ts";
import { describeValue, unknownName } from "../core/explain.ts";
import { fieldsClass } from "../core/fields.ts";

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

// The public names; each value is the option's key in the table and its field in MultiOptions.
/** `CURLMOPT_SOCKETFUNCTION`, the curl_multi_setopt option; its value is the camelCase key `"socketFunction"`. */
export const CURLMOPT_SOCKETFUNCTION = "socketFunction";
/** `CURLMOPT_SOCKETDATA`, the curl_multi_setopt option; its value is the camelCase key `"socketData"`. */
export const CURLMOPT_SOCKETDATA = "socketData";
/** `CURLMOPT_TIMERFUNCTION`, the curl_multi_setopt option; its value is the camelCase key `"timerFunction"`. */
export const CURLMOPT_TIMERFUNCTION = "timerFunction";
/** `CURLMOPT_TIMERDATA`, the curl_multi_setopt option; its value is the camelCase key `"timerData"`. */
export const CURLMOPT_TIMERDATA = "timerData";
/** `CURLMOPT_MAXCONNECTS`, the curl_multi_setopt option; its value is the camelCase key `"maxConnects"`. */
export const CURLMOPT_MAXCONNECTS = "maxConnects";
/** `CURLMOPT_MAX_HOST_CONNECTIONS`, the curl_multi_setopt option; its value is the camelCase key `"maxHostConnections"`. */
export const CURLMOPT_MAX_HOST_CONNECTIONS = "maxHostConnections";
/** `CURLMOPT_MAX_TOTAL_CONNECTIONS`, the curl_multi_setopt option; its value is the camelCase key `"maxTotalConnections"`. */
export const CURLMOPT_MAX_TOTAL_CONNECTIONS = "maxTotalConnections";
/** `CURLMOPT_PIPELINING`, the curl_multi_setopt option; its value is the camelCase key `"pipelining"`. */
export const CURLMOPT_PIPELINING = "pipelining";
/** `CURLMOPT_MAX_CONCURRENT_STREAMS`, the curl_multi_setopt option; its value is the camelCase key `"maxConcurrentStreams"`. */
export const CURLMOPT_MAX_CONCURRENT_STREAMS = "maxConcurrentStreams";

/**
 * "function" (or null), "pointer" (any value, handed back untouched), "long" (an integer; a boolean is
 * converted, a bigint is not: curl_multi_setopt has no curl_off_t option).
 */
export type MultiOptionKind = "function" | "pointer" | "long";

/** One option's row: a field of MultiOptions holding a T that starts as `def`. */
interface MultiRow<T, K extends MultiOptionKind = MultiOptionKind> {
  readonly kind: K;
  readonly def: T;
  /** What an integer outside the option's range does: left as it was, refused, or the default set. */
  readonly outOfRange?: (v: number) => "ignore" | "refuse" | "default" | undefined;
}

const func = <F>(): MultiRow<F | null, "function"> => ({ kind: "function", def: null });
const pointer = (): MultiRow<unknown, "pointer"> => ({ kind: "pointer", def: undefined });
/**
 * The connection limits go through curlx_sltouz in multi.c, which refuses a negative value (and so
 * does the CURLPIPE_* bitmask here).
 */
const count = (): MultiRow<number, "long"> => ({
  kind: "long",
  def: 0,
  outOfRange: (v) => (v < 0 ? "refuse" : undefined),
});

/** Every option, in field order. Internal; exported for the table's own tests. */
export const MULTI_OPTION_TABLE = {
  [CURLMOPT_SOCKETFUNCTION]: func<SocketCallback>(),
  [CURLMOPT_SOCKETDATA]: pointer(),
  [CURLMOPT_TIMERFUNCTION]: func<TimerCallback>(),
  [CURLMOPT_TIMERDATA]: pointer(),
  /**
   * Idle connection cache size; 0 = libcurl's automatic size. multi.c takes an unsigned long and
   * ignores one past UINT_MAX, so -1 (ULONG_MAX) leaves the value as it was.
   */
  [CURLMOPT_MAXCONNECTS]: {
    ...count(),
    outOfRange: (v: number) => (v < 0 || v > 0xffffffff ? "ignore" : undefined),
  } satisfies MultiRow<number>,
  [CURLMOPT_MAX_HOST_CONNECTIONS]: count(),
  [CURLMOPT_MAX_TOTAL_CONNECTIONS]: count(),
  /** CURLPIPE_* bits: CURLPIPE_MULTIPLEX (libcurl's default since 7.62) lets HTTP/2 share connections;
   *  HTTP/1.1 never pipelines (CURLPIPE_HTTP1 is accepted and does nothing, as in current libcurl). */
  [CURLMOPT_PIPELINING]: { ...count(), def: CURLPIPE_MULTIPLEX } satisfies MultiRow<number>,
  /** Streams per HTTP/2 connection at most (also capped by the server's SETTINGS); multi.c takes 1 to
   *  INT_MAX and sets anything else to its default of 100. */
  [CURLMOPT_MAX_CONCURRENT_STREAMS]: {
    kind: "long",
    def: DEFAULT_MAX_CONCURRENT_STREAMS,
    outOfRange: (v: number) => (v < 1 || v > 0x7fffffff ? "default" : undefined),
  } satisfies MultiRow<number>,
};

type Table = typeof MULTI_OPTION_TABLE;

/** Every multi option's name: the CURLMOPT_* constants' values ("socketFunction", "maxConnects"...). */
export type MultiOptionName = keyof Table;

/**
 * The value multi.setopt takes for option K, read from its row: a long `number | boolean` (no bigint:
 * curl_multi_setopt has no curl_off_t option), a function its callback type or null, a pointer anything.
 */
export type MultiOptionValue<K extends MultiOptionName> =
  Table[K] extends MultiRow<infer T, infer Kind>
    ? Kind extends "long"
      ? number | boolean
      : T
    : never;

/** Each option's field, typed by its row. */
type MultiOptionFields = {
  [K in keyof Table]: Table[K] extends MultiRow<infer T> ? T : never;
};

/** Every option's current value, with libcurl's defaults; plain fields in table order. */
export class MultiOptions extends fieldsClass<MultiOptionFields>(
  Object.entries(MULTI_OPTION_TABLE).map(([name, row]) => [name, row.def]),
) {}

/** Name -> row. A Map, so names inherited from Object.prototype ("toString") are unknown. */
const ROWS = new Map<string, MultiRow<unknown>>(Object.entries(MULTI_OPTION_TABLE));

/** Why `value` is not of `kind` (the value and its type), or undefined when it is. */
function wrongKind(kind: MultiOptionKind, value: unknown): string | undefined {
  if (kind === "function" && value !== null && typeof value !== "function")
    return `expected a function or null, got ${describeValue(value)}`;
  if (kind === "long" && !(typeof value === "number" && Number.isInteger(value)))
    return `expected an integer, got ${describeValue(value)}`;
  return undefined;
}

/**
 * curl_multi_setopt's checks: unknown name -> CURLM_UNKNOWN_OPTION (the detail names the nearest one),
 * wrong kind or a refused number -> CURLM_BAD_FUNCTION_ARGUMENT (the detail shows the value and its
 * type). `undefined` means "not set": the option goes back to its default. Untyped: for names known
 * only at run time.
 */
export function setMultiOption(
  o: MultiOptions,
  name: string,
  value: unknown,
  detail: { text: string },
): CURLMcode {
  const row = typeof name === "string" ? ROWS.get(name) : undefined;
  if (row === undefined) {
    detail.text = unknownName("option", name, ROWS.keys(), "CURLMOPT_");
    return CURLM_UNKNOWN_OPTION;
  }
  if (value === undefined) value = row.def;
  else if (row.kind === "long" && typeof value === "boolean") value = value ? 1 : 0;
  const wrong = wrongKind(row.kind, value);
  if (wrong !== undefined) {
    detail.text = `Bad value for ${name}: ${wrong}`;
    return CURLM_BAD_FUNCTION_ARGUMENT;
  }
  if (row.kind === "long") {
    const out = row.outOfRange?.(value as number);
    if (out === "ignore") return CURLM_OK;
    if (out === "refuse") {
      detail.text = `Bad value for ${name}: out of range, got ${describeValue(value)}`;
      return CURLM_BAD_FUNCTION_ARGUMENT;
    }
    if (out === "default") value = row.def;
  }
  (o as unknown as Record<string, unknown>)[name] = value;
  return CURLM_OK;
}
