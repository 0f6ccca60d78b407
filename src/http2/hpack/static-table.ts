// The static table of RFC 7541 Appendix A: 61 fixed (name, value) entries, indexes 1..61, shared
// by every connection. Dynamic entries are numbered after it (62 is the newest).

/** Entries in the static table; the dynamic table's index 1 is index STATIC_LENGTH + 1. */
export const STATIC_LENGTH = 61;

/** [name, value] of indexes 1..61, in order. */
const ENTRIES: readonly (readonly [string, string])[] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ["accept-language", ""],
  ["accept-ranges", ""],
  ["accept", ""],
  ["access-control-allow-origin", ""],
  ["age", ""],
  ["allow", ""],
  ["authorization", ""],
  ["cache-control", ""],
  ["content-disposition", ""],
  ["content-encoding", ""],
  ["content-language", ""],
  ["content-length", ""],
  ["content-location", ""],
  ["content-range", ""],
  ["content-type", ""],
  ["cookie", ""],
  ["date", ""],
  ["etag", ""],
  ["expect", ""],
  ["expires", ""],
  ["from", ""],
  ["host", ""],
  ["if-match", ""],
  ["if-modified-since", ""],
  ["if-none-match", ""],
  ["if-range", ""],
  ["if-unmodified-since", ""],
  ["last-modified", ""],
  ["link", ""],
  ["location", ""],
  ["max-forwards", ""],
  ["proxy-authenticate", ""],
  ["proxy-authorization", ""],
  ["range", ""],
  ["referer", ""],
  ["refresh", ""],
  ["retry-after", ""],
  ["server", ""],
  ["set-cookie", ""],
  ["strict-transport-security", ""],
  ["transfer-encoding", ""],
  ["user-agent", ""],
  ["vary", ""],
  ["via", ""],
  ["www-authenticate", ""],
];

/** STATIC_NAMES[i] is the name of index i (1..61); [0] is unused. */
export const STATIC_NAMES: readonly string[] = ["", ...ENTRIES.map((e) => e[0])];
/** STATIC_VALUES[i] is the value of index i (1..61); [0] is unused. */
export const STATIC_VALUES: readonly string[] = ["", ...ENTRIES.map((e) => e[1])];

/** What the encoder needs to know about one name of the static table. */
export interface StaticName {
  /** The lowest index with this name (RFC 7541 does not say which one to use; any is valid). */
  readonly index: number;
  /** value -> index, for this name's entries (most have just one, with the empty value). */
  readonly values: ReadonlyMap<string, number>;
}

/** name -> its static entries: one Map lookup tells the encoder both the name and exact match. */
export const STATIC_BY_NAME: ReadonlyMap<string, StaticName> = (() => {
  const m = new Map<string, { index: number; values: Map<string, number> }>();
  for (let i = 1; i <= STATIC_LENGTH; i++) {
    const name = STATIC_NAMES[i]!;
    let e = m.get(name);
    if (e === undefined) {
      e = { index: i, values: new Map() };
      m.set(name, e);
    }
    e.values.set(STATIC_VALUES[i]!, i);
  }
  return m;
})();
