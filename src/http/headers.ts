// Small byte helpers shared by the HTTP/1 response parser and request writer: ASCII case-insensitive
// name matching, decimal/hex digits from bytes, token lists, CR/LF/NUL checks. Pure, allocation-free.

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
export const COMMA = 0x2c;

/** ISBLANK in libcurl: space or horizontal tab. */
export function isBlank(b: number): boolean {
  return b === SP || b === HTAB;
}

/** CR or LF: where a line ends. */
export function isNewline(b: number): boolean {
  return b === CR || b === LF;
}

/** Lower-case an ASCII letter, leave any other byte alone. */
export function lowerByte(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
}

/** Bytes of an ASCII string, for constant patterns built once at module load. */
export function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/**
 * True when buf[start..end) begins with `pattern`, ASCII case-insensitively (curl_strnequal on
 * the pattern's length). `pattern` must be lower case, e.g. "content-length:".
 */
export function startsWithCI(
  buf: Uint8Array,
  start: number,
  end: number,
  pattern: Uint8Array,
): boolean {
  const n = pattern.length;
  if (end - start < n) return false;
  for (let i = 0; i < n; i++) {
    if (lowerByte(buf[start + i]!) !== pattern[i]) return false;
  }
  return true;
}

/**
 * Compares at most min(pattern.length, end - start) bytes case-insensitively: libcurl's
 * checkprefixmax(), used to reject a non-HTTP first line as soon as its first bytes differ.
 */
export function prefixMatchesCI(
  buf: Uint8Array,
  start: number,
  end: number,
  pattern: Uint8Array,
): boolean {
  const n = Math.min(pattern.length, end - start);
  for (let i = 0; i < n; i++) {
    if (lowerByte(buf[start + i]!) !== pattern[i]) return false;
  }
  return true;
}

/** Index of the first `byte` in buf[start..end), or -1. */
export function indexOfByte(buf: Uint8Array, byte: number, start: number, end: number): number {
  // a plain loop: TypedArray.indexOf cannot stop at `end` and would scan the caller's whole buffer
  for (let i = start; i < end; i++) if (buf[i] === byte) return i;
  return -1;
}

/** Hex value of an ASCII hex digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

export function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** Result of parseDecimal(): the value, and where parsing stopped (`numEnd`) or why it failed. */
export const NUM_OK = 0;
export const NUM_NONE = 1; // no digit at the start (STRE_NO_NUM)
export const NUM_OVERFLOW = 2; // larger than 2^63-1 (STRE_OVERFLOW for CURL_OFF_T_MAX)

// 9223372036854775807 = CURL_OFF_T_MAX, digit by digit: a float cannot tell 2^63-1 from 2^63.
const OFF_T_MAX_DIGITS = asciiBytes("9223372036854775807");

/**
 * Scratch output of parseDecimal/parseHex, so callers get two values without an allocation.
 * `value` is exact up to 2^53 and approximate above (only reachable for sizes no transfer ends).
 */
export const num = { value: 0, end: 0 };

/**
 * Parses an unsigned decimal number at buf[start..end) like curlx_str_number(.., CURL_OFF_T_MAX):
 * at least one digit, leading zeros allowed, no sign. Sets `num.value`/`num.end`; returns NUM_*.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  if (i >= end || !isDigit(buf[i]!)) return NUM_NONE;
  while (i < end && buf[i] === 0x30) i++; // leading zeros do not count toward the width
  const sig = i;
  let value = 0;
  while (i < end && isDigit(buf[i]!)) {
    value = value * 10 + (buf[i]! - 0x30);
    i++;
  }
  const width = i - sig;
  if (width > 19) return NUM_OVERFLOW;
  // past 15 digits the running sum above loses bits; let the engine round the digits once
  if (width > 15) value = Number(latin1(buf, sig, i));
  if (width === 19) {
    for (let k = 0; k < 19; k++) {
      const d = buf[sig + k]!;
      const m = OFF_T_MAX_DIGITS[k]!;
      if (d < m) break;
      if (d > m) return NUM_OVERFLOW;
    }
  }
  num.value = value;
  num.end = i;
  return NUM_OK;
}

/**
 * Parses hex digits buf[start..end) (all must be hex digits, at most 16 of them) like
 * curlx_str_hex(.., CURL_OFF_T_MAX). Returns NUM_OK with `num.value`, or NUM_OVERFLOW.
 */
export function parseHex(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end && buf[i] === 0x30) i++;
  if (end - i === 16 && hexValue(buf[i]!) >= 8) return NUM_OVERFLOW;
  if (end - i > 16) return NUM_OVERFLOW;
  let value = 0;
  for (; i < end; i++) value = value * 16 + hexValue(buf[i]!);
  num.value = value;
  num.end = end;
  return NUM_OK;
}

/**
 * The value of a header line buf[start..end) whose name (with colon) is `nameLen` bytes long:
 * leading and trailing blanks and the line ending removed (Curl_copy_header_value). The string
 * maps bytes 1:1 to code points (latin1), so no byte is lost whatever the server sent.
 */
export function headerValue(buf: Uint8Array, start: number, end: number, nameLen: number): string {
  let s = start + nameLen;
  let e = end;
  while (e > s && (buf[e - 1] === LF || buf[e - 1] === CR)) e--;
  while (s < e && isBlank(buf[s]!)) s++;
  while (e > s && isBlank(buf[e - 1]!)) e--;
  return latin1(buf, s, e);
}

/**
 * Remembers the last string made from bytes, so a value every response repeats (a server's
 * Content-Type) is not built again: comparing a few bytes is cheaper than a new string.
 */
export class Latin1Memo {
  private bytes = new Uint8Array(64);
  private len = -1;
  private str = "";

  /** The trimmed header value after `nameLen` bytes, as headerValue(), reusing the last string. */
  value(buf: Uint8Array, start: number, end: number, nameLen: number): string {
    let s = start + nameLen;
    let e = end;
    while (e > s && (buf[e - 1] === LF || buf[e - 1] === CR)) e--;
    while (s < e && isBlank(buf[s]!)) s++;
    while (e > s && isBlank(buf[e - 1]!)) e--;
    const n = e - s;
    if (n === this.len) {
      let i = 0;
      while (i < n && this.bytes[i] === buf[s + i]) i++;
      if (i === n) return this.str;
    }
    this.str = latin1(buf, s, e);
    if (n <= this.bytes.length) {
      this.bytes.set(buf.subarray(s, e));
      this.len = n;
    } else this.len = -1;
    return this.str;
  }
}

/** buf[start..end) as a string of code points 0..255. */
export function latin1(buf: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCharCode(buf[i]!);
  return out;
}

/**
 * True when the header line's value (after `nameLen` bytes) holds `token` as one element of a
 * comma-separated list, ASCII case-insensitively: libcurl's Curl_compareheader(). `token` is lower
 * case; after it must come a comma, a blank, the line end or the end of the value.
 */
export function valueHasToken(
  buf: Uint8Array,
  start: number,
  end: number,
  nameLen: number,
  token: Uint8Array,
): boolean {
  let p = start + nameLen;
  let e = p;
  while (e < end && buf[e] !== CR && buf[e] !== LF) e++;
  while (p < e && isBlank(buf[p]!)) p++;
  while (e > p && isBlank(buf[e - 1]!)) e--;
  const n = token.length;
  while (e - p >= n) {
    let match = true;
    for (let i = 0; i < n; i++) {
      if (lowerByte(buf[p + i]!) !== token[i]) {
        match = false;
        break;
      }
    }
    if (match) {
      const after = p + n < e ? buf[p + n]! : 0;
      if (after === 0 || after === COMMA || isBlank(after)) return true;
    }
    // libcurl's curlx_str_until() refuses an empty word, so a value that starts with a comma
    // ends the search right here
    const from = p;
    while (p < e && buf[p] !== COMMA) p++;
    if (p === from || p >= e) return false;
    // pass the comma, then any blanks and further commas
    while (p < e && (buf[p] === COMMA || isBlank(buf[p]!))) p++;
  }
  return false;
}

/** True when `s` contains CR, LF or NUL: such a string must never reach a request head. */
export function hasCtlBreak(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0) return true;
  }
  return false;
}

/** RFC 9110 tchar: ALPHA / DIGIT / "!#$%&'*+-.^_`|~". */
export function isTchar(c: number): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return true;
  switch (c) {
    case 0x21: // !
    case 0x23: // #
    case 0x24: // $
    case 0x25: // %
    case 0x26: // &
    case 0x27: // '
    case 0x2a: // *
    case 0x2b: // +
    case 0x2d: // -
    case 0x2e: // .
    case 0x5e: // ^
    case 0x5f: // _
    case 0x60: // `
    case 0x7c: // |
    case 0x7e: // ~
      return true;
    default:
      return false;
  }
}
