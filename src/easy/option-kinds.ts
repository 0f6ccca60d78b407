// The kinds of easy option values (libcurl's long, char *, function pointer, curl_slist, ...) and
// the check setopt makes of a value against its option's kind, with the message that names the
// value and its type.

import { describeValue } from "../core/explain.ts";
import { validateHeaderValue } from "../http/index.ts";
import { isShare } from "../share/share.ts";

/**
 * The value kinds setopt checks, after libcurl's argument types: "string" (char *, or null to reset),
 * "long" (long / curl_off_t: an integer; a boolean or bigint is converted), "function" (or null),
 * "pointer" (a void *: any value, handed back untouched), "slist" (curl_slist: string[] or null),
 * "data" (POSTFIELDS: a string or Uint8Array, or null), "share" (a CURLSH *: a Share, or null).
 */
export type OptionKind = "string" | "long" | "function" | "pointer" | "slist" | "data" | "share";

/** Why `value` is not of `kind` (the value and its type), or undefined when it is. */
export function wrongKind(kind: OptionKind, value: unknown): string | undefined {
  switch (kind) {
    case "string":
      if (value === null || typeof value === "string") return undefined;
      return `expected a string or null, got ${describeValue(value)}`;
    case "long":
      if (typeof value === "number" && Number.isInteger(value)) return undefined;
      return `expected an integer, got ${describeValue(value)}`;
    case "function":
      if (value === null || typeof value === "function") return undefined;
      return `expected a function or null, got ${describeValue(value)}`;
    case "slist": {
      if (value === null) return undefined;
      if (!Array.isArray(value))
        return `expected an array of strings or null, got ${describeValue(value)}`;
      const i = value.findIndex((v) => typeof v !== "string");
      if (i >= 0) return `expected an array of strings, item ${i} is ${describeValue(value[i])}`;
      const bad = (value as string[]).find((h) => !validateHeaderValue(h));
      return bad === undefined
        ? undefined
        : `header contains CR, LF or NUL: ${JSON.stringify(bad)}`;
    }
    case "data":
      if (value === null || typeof value === "string" || value instanceof Uint8Array)
        return undefined;
      return `expected a string, Uint8Array or null, got ${describeValue(value)}`;
    case "pointer":
      return undefined;
    case "share":
      if (value === null || isShare(value)) return undefined;
      return `expected a Share or null, got ${describeValue(value)}`;
  }
}
