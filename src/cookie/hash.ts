// Which of the jar's 63 lists a cookie lives in (cookiehash of lib/cookie.c): its domain's last two
// labels, hashed case-insensitively; IP addresses and cookies without a domain are in list 0. Only
// the request host's list is searched, so the lists decide which cookies can match, as in libcurl.

import { isIpNum } from "./domain.ts";

/** COOKIE_HASH_SIZE. */
export const COOKIE_HASH_SIZE = 63;

const MASK = (1n << 64n) - 1n;
const memo = new Map<string, number>();

/** get_top_domain: from the second-to-last dot on ("www.example.com" -> "example.com"). */
export function topDomain(domain: string): string {
  const last = domain.lastIndexOf(".");
  if (last < 0) return domain;
  const first = domain.lastIndexOf(".", last - 1);
  return first < 0 ? domain : domain.slice(first + 1);
}

/** cookie_hash_domain: djb2 over the upper-cased bytes in 64-bit size_t arithmetic, mod 63. */
function hashTop(top: string): number {
  let h = 5381n;
  for (let i = 0; i < top.length; i++) {
    let c = top.charCodeAt(i) & 0xff;
    if (c >= 0x61 && c <= 0x7a) c -= 0x20;
    // A byte over 0x7f is a negative char in C: sign-extended to size_t.
    const j = c >= 0x80 ? (MASK + 1n - BigInt(256 - c)) & MASK : BigInt(c);
    h = (h + (h << 5n)) & MASK;
    h ^= j;
  }
  return Number(h % BigInt(COOKIE_HASH_SIZE));
}

/** cookiehash: the list of a domain (or of a request host). */
export function cookieHash(domain: string | null): number {
  if (domain === null || isIpNum(domain)) return 0;
  let h = memo.get(domain);
  if (h === undefined) {
    h = hashTop(topDomain(domain));
    if (memo.size > 4096) memo.clear();
    memo.set(domain, h);
  }
  return h;
}
