// How setopt and getinfo put a refused value or an unknown name into words: the value with its type
// ("string \"1000\""), and the nearest known name for a typo. Pure; used by the easy and multi option
// tables and by getinfo, only on the failure path.

/** Longest rendering of a value's content before it is cut with "...". */
const MAX_SHOWN = 40;

function cut(s: string): string {
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}...` : s;
}

/** JSON when it can be, else String(): a cycle or a bigint inside must not throw from an error path. */
function shown(v: unknown): string {
  try {
    const j = JSON.stringify(v);
    if (j !== undefined) return cut(j);
  } catch {}
  return cut(String(v));
}

/**
 * A value as an error message shows it, its type first: `string "1000"`, `number 1.5`, `bigint 1n`,
 * `boolean true`, `null`, `undefined`, `function onData`, `array ["a: b",2]`, `Uint16Array(2)`,
 * `object {"a":1}`, `symbol Symbol(s)`.
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      return `string ${cut(JSON.stringify(v))}`;
    case "number":
    case "boolean":
      return `${typeof v} ${String(v)}`;
    case "bigint":
      return `bigint ${v}n`;
    case "symbol":
      return `symbol ${String(v)}`;
    case "undefined":
      return "undefined";
    case "function":
      return v.name === "" ? "function (anonymous)" : `function ${v.name}`;
  }
  if (v === null) return "null";
  if (Array.isArray(v)) return `array ${shown(v)}`;
  if (ArrayBuffer.isView(v)) {
    const n = "length" in v ? (v as { length: number }).length : v.byteLength;
    return `${v.constructor.name}(${n})`;
  }
  const ctor = (v as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === "string" && ctor !== "Object" ? `object ${ctor}` : `object ${shown(v)}`;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), so "ulr" is 1 from "url".
 * Gives up past `limit` and returns limit + 1.
 */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const w = b.length + 1;
  // Three rows: the one before last (for transpositions), the last and this one.
  let prev2 = new Array<number>(w).fill(0);
  let prev = Array.from({ length: w }, (_, j) => j);
  let row = new Array<number>(w).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length]!;
}

/** "CURLOPT_TIMEOUT_MS", "TIMEOUT_MS", "timeout_ms" and "timeoutms" all become "timeoutms". */
function folded(name: string, prefix: string): string {
  const upper = name.toUpperCase();
  const bare = upper.startsWith(prefix) ? name.slice(prefix.length) : name;
  return bare.replaceAll("_", "").toLowerCase();
}

/**
 * The known name a mistyped `name` most likely meant, or undefined when none is close: the same name
 * in another case or in libcurl's CURLOPT_ONE_STYLE spelling (`prefix` is "CURLOPT_", "CURLMOPT_" or
 * "CURLINFO_"), else the nearest by edit distance, at most about one edit in three letters. Ties go to
 * the first in `names`.
 */
export function nearestName(
  name: string,
  names: Iterable<string>,
  prefix: string,
): string | undefined {
  const want = folded(name, prefix);
  const limit = Math.min(4, Math.max(1, Math.floor(want.length / 3)));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const n of names) {
    const d = distance(want, n.toLowerCase(), bestD - 1);
    if (d === 0) return n;
    if (d < bestD) {
      best = n;
      bestD = d;
    }
  }
  return best;
}

/** `unknown option "ulr" (did you mean "url"?)`: what an unknown name's error says. */
export function unknownName(what: string, name: unknown, names: Iterable<string>, prefix: string) {
  if (typeof name !== "string") return `${what} name must be a string, got ${describeValue(name)}`;
  const near = nearestName(name, names, prefix);
  const base = `unknown ${what} ${cut(JSON.stringify(name))}`;
  return near === undefined ? base : `${base} (did you mean ${JSON.stringify(near)}?)`;
}
