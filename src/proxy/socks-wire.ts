// What the SOCKS4 and SOCKS5 codecs share: the failure record, the field limits lib/socks.c
// enforces, C-string bytes (strlen semantics) and address literals parsed as curlx_inet_pton does.

/** A handshake failure: the CURLPX_* detail and the text libcurl's failf() puts in the error buffer. */
export interface SocksFailure {
  proxyCode: number;
  message: string;
}

/** The longest SOCKS user name lib/socks.c sends (RFC 1929's one-byte ULEN; SOCKS4 uses it too). */
export const SOCKS_MAX_USER = 255;
/** The longest SOCKS5 password lib/socks.c sends (RFC 1929's one-byte PLEN). */
export const SOCKS_MAX_PASSWORD = 255;
/** The longest host name a SOCKS4a request carries: 255 bytes with its NUL (socks4_connect). */
export const SOCKS4A_MAX_HOSTNAME = 254;
/** The longest host name a SOCKS5h request carries: RFC 1928's one-byte length (socks5_req0_init). */
export const SOCKS5_MAX_HOSTNAME = 255;

const utf8 = new TextEncoder();

/** The UTF-8 bytes of s up to its first NUL: what strlen() sees of the C string libcurl holds. */
export function cBytes(s: string): Uint8Array {
  const b = utf8.encode(s);
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}

/** s without the brackets of a URL's IPv6 host ("[::1]" -> "::1"); libcurl holds hosts bare. */
export function bareHost(s: string): string {
  return s.length > 1 && s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1) : s;
}

/**
 * The four bytes of a dotted quad, or null (inet_pton4): exactly four decimal parts 0..255, no
 * leading zeros, nothing else.
 */
export function parseIpv4(s: string): Uint8Array | null {
  const out = new Uint8Array(4);
  return ipv4Into(s, 0, out, 0) ? out : null;
}

function ipv4Into(s: string, i: number, out: Uint8Array, at: number): boolean {
  let parts = 0;
  while (parts < 4) {
    let n = 0;
    let v = 0;
    while (i + n < s.length) {
      const c = s.charCodeAt(i + n) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      n++;
    }
    if (n === 0 || n > 3 || v > 255 || (n > 1 && s.charCodeAt(i) === 48)) return false;
    out[at + parts++] = v;
    i += n;
    if (i === s.length) return parts === 4;
    if (s[i] !== "." || parts === 4) return false;
    i++;
  }
  return false;
}

/**
 * The sixteen bytes of an IPv6 literal, or null (inet_pton6): groups of one to four hex digits, at
 * most one "::", an optional dotted quad in the last 32 bits, no zone id.
 */
export function parseIpv6(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let i = 0;
  if (s[0] === ":") {
    if (s[1] !== ":") return null;
    i = 1;
  }
  let at = 0;
  let gap = -1;
  let tokenStart = i;
  let digits = 0;
  let v = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const h = hexValue(c);
    if (h >= 0) {
      if (++digits > 4) return null;
      v = (v << 4) | h;
      continue;
    }
    if (c === 58 /* : */) {
      tokenStart = i + 1;
      if (digits === 0) {
        if (gap >= 0) return null;
        gap = at;
        continue;
      }
      if (at + 2 > 16) return null;
      out[at++] = v >> 8;
      out[at++] = v & 0xff;
      digits = 0;
      v = 0;
      continue;
    }
    if (c === 46 /* . */ && at + 4 <= 16 && ipv4Into(s, tokenStart, out, at)) {
      at += 4;
      digits = 0;
      i = s.length;
      break;
    }
    return null;
  }
  if (digits > 0) {
    if (at + 2 > 16) return null;
    out[at++] = v >> 8;
    out[at++] = v & 0xff;
  }
  if (gap >= 0) {
    if (at === 16) return null;
    const n = at - gap;
    out.copyWithin(16 - n, gap, at);
    out.fill(0, gap, 16 - n);
    at = 16;
  }
  return at === 16 ? out : null;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/** a followed by b, as one new array. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
