// Number syntax of curl's command line (tool_paramhlp.c): whole numbers, seconds with a fraction
// (str2udouble) and byte sizes with a k/M/G/T suffix (--limit-rate). Each returns undefined for a
// value curl refuses, so the parser can print curl's message for the flag.

/** A non-negative whole number ("0", "12"), as str2unum; undefined otherwise. */
export function parseCount(s: string): number | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Seconds as a non-negative decimal ("2", "0.5"), returned in milliseconds; undefined otherwise. */
export function parseSecondsMs(s: string): number | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  return Math.round(Number(s) * 1000);
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A size with an optional unit ("100", "1k", "2.5M", "1G"; case-insensitive), in bytes. */
export function parseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]?)$/.exec(s);
  if (m === null) return undefined;
  const unit = m[2] === "" ? 1 : UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.floor(Number(m[1]) * unit);
}
