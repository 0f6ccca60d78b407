// The two line formats of Curl_cookie_add (lib/cookie.c): a Set-Cookie header value
// (parse_cookie_header) and a Netscape cookie-file line (parse_netscape). Each gives a filled-in
// Cookie or null (the line is dropped), and `why` tells the reason for CURLOPT_VERBOSE. Pure: the
// caller passes `now` (seconds since the epoch).

import { blankCookie, type Cookie } from "./cookie.ts";
import { parseDate } from "./date.ts";
import { caseEqual, defaultPath, isIpNum, sanitizePath, tailMatch } from "./domain.ts";
import {
  COOKIES_MAXAGE,
  EXPIRES_MAX,
  MAX_COOKIE_LINE,
  MAX_DATE_LENGTH,
  MAX_NAME,
} from "./limits.ts";

/** Why the last line was dropped (libcurl's infof text), or "" when it was not. */
export const why = { text: "" };

function drop(text: string): null {
  why.text = text;
  return null;
}

/** invalid_octets: a control byte (0x01-0x1f, 0x7f) in a name or value. */
export function invalidOctets(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return false; // a C string ends here
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";

function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isBlank(s[a])) a++;
  while (b > a && isBlank(s[b - 1])) b--;
  return s.slice(a, b);
}

/** The index of the first char of `set` in s from i, or s.length (strcspn). */
function cspn(s: string, i: number, set: string): number {
  let j = i;
  while (j < s.length && !set.includes(s[j]!)) j++;
  return j;
}

/**
 * cap_expires: an expiry more than 400 days away is cut to now + 400 days, rounded to a whole
 * minute (libcurl rounds so that tests can compare).
 */
function capExpires(now: number, co: Cookie): void {
  if (co.expires === 0n) return;
  const cap = BigInt(now + COOKIES_MAXAGE);
  if (co.expires > cap) co.expires = ((cap + 30n) / 60n) * 60n;
}

/** parse_maxage: seconds from now; 0, negative or junk expire at once (1); overflow is the max. */
function parseMaxAge(co: Cookie, v: string, now: number): void {
  let s = v[0] === '"' ? v.slice(1) : v;
  let n = 0;
  while (n < s.length && s.charCodeAt(n) >= 0x30 && s.charCodeAt(n) <= 0x39) n++;
  s = s.slice(0, n);
  if (s === "") co.expires = 1n;
  else {
    const x = BigInt(s);
    if (x > EXPIRES_MAX) co.expires = EXPIRES_MAX;
    else if (x === 0n) co.expires = 1n;
    else if (EXPIRES_MAX - BigInt(now) < x) co.expires = EXPIRES_MAX;
    else co.expires = x + BigInt(now);
  }
  capExpires(now, co);
}

/** parse_expires: only when no Max-Age (nor earlier Expires) set it; a bad date is a session cookie. */
function parseExpires(co: Cookie, v: string, now: number): void {
  if (co.expires !== 0n || v.length >= MAX_DATE_LENGTH) return;
  const d = parseDate(v);
  co.expires = d === null ? 0n : d === 0 ? 1n : BigInt(d);
  capExpires(now, co);
}

/** What a Set-Cookie line is parsed against. */
export interface HeaderContext {
  /** The request's host (or the custom Host header's), or null for a file or CURLOPT_COOKIELIST. */
  domain: string | null;
  /** The request's path, or null likewise. */
  path: string | null;
  /** The origin is secure (COOKIE_SECURE). */
  secure: boolean;
  /** The engine is running (transfers started), so a `secure` flag needs a secure origin. */
  running: boolean;
  now: number;
}

/**
 * parse_cookie_header: the Cookie of a Set-Cookie value (after "Set-Cookie:"), or null. A line over
 * MAX_COOKIE_LINE, a name with no "=", a name + value over MAX_NAME, control bytes in a name or value,
 * `secure` from an insecure origin once running, or a Domain the host is not in, drop the line.
 */
export function parseSetCookie(line: string, ctx: HeaderContext): Cookie | null {
  why.text = "";
  if (line.length > MAX_COOKIE_LINE) return drop("oversized cookie line dropped");
  const co = blankCookie();
  let name = "";
  let value = "";
  let pathAttr = "";
  let domainAttr = "";
  const domain = ctx.domain;
  let haveName = false;
  let i = 0;
  do {
    const ne = cspn(line, i, ";\t\r\n=");
    if (ne > i) {
      const n = trimBlanks(line.slice(i, ne));
      i = ne;
      if (invalidOctets(n)) return drop("invalid octets in name, cookie dropped");
      let v = "";
      let sep = false;
      if (line[i] === "=") {
        sep = true;
        i++;
        const ve = cspn(line, i, ";\r\n");
        if (ve > i) v = trimBlanks(line.slice(i, ve));
        i = ve;
        if (invalidOctets(v)) return drop("invalid octets in value, cookie dropped");
      }
      if (!haveName) {
        // parse_first_pair
        if (!sep || n.length === 0) return drop("invalid cookie, dropped");
        if (n.length + v.length > MAX_NAME)
          return drop(`oversized cookie dropped, name/val ${n.length} + ${v.length} bytes`);
        if (n.startsWith("__Secure-")) co.prefixSecure = true;
        else if (n.startsWith("__Host-")) co.prefixHost = true;
        name = n;
        value = v;
        haveName = true;
      } else if (!sep) {
        // parse_flag
        if (caseEqual(n, "secure")) {
          if (ctx.secure || !ctx.running) co.secure = true;
          else return drop("skipped cookie because not 'secure'");
        } else if (caseEqual(n, "httponly")) co.httponly = true;
      } else if (caseEqual(n, "path")) pathAttr = v;
      else if (caseEqual(n, "domain") && v.length > 0) {
        // parse_domain: the host must be in the Domain (an IP address only as itself)
        const d = v[0] === "." ? v.slice(1) : v;
        const ip = isIpNum(domain ?? d);
        if (domain === null || (ip && d === domain) || (!ip && tailMatch(d, domain))) {
          domainAttr = d;
          if (!ip) co.tailmatch = true;
        } else return drop(`skipped cookie with bad tailmatch domain: ${d}`);
      } else if (caseEqual(n, "max-age") && v.length > 0) parseMaxAge(co, v, ctx.now);
      else if (caseEqual(n, "expires") && v.length > 0) parseExpires(co, v, ctx.now);
    }
  } while (line[i] === ";" && ++i);
  if (!haveName) return drop("invalid cookie, dropped");
  // storecookie
  co.name = name;
  co.value = value;
  if (pathAttr.length > 0) co.path = sanitizePath(pathAttr);
  else if (ctx.path !== null) co.path = defaultPath(ctx.path);
  if (domainAttr.length > 0) co.domain = domainAttr;
  else if (domain !== null) co.domain = domain;
  return co;
}

/** The leading decimal digits of s as a curl_off_t, or null (none, or an overflow). */
function offT(s: string): bigint | null {
  let n = 0;
  while (n < s.length && s.charCodeAt(n) >= 0x30 && s.charCodeAt(n) <= 0x39) n++;
  if (n === 0) return null;
  const x = BigInt(s.slice(0, n));
  return x > EXPIRES_MAX ? null : x;
}

/**
 * parse_netscape: the Cookie of a cookie-file line (domain, tailmatch, path, secure, expires, name,
 * value, tab-separated; "#HttpOnly_" before the domain marks an HttpOnly cookie; other "#" lines are
 * comments), or null. A missing path field (a TRUE/FALSE in its place) means "/"; a missing value
 * means "". A secure cookie needs a secure origin or a running engine.
 */
export function parseNetscape(input: string, secure: boolean, running: boolean): Cookie | null {
  why.text = "";
  const co = blankCookie();
  let line = input;
  if (line.startsWith("#HttpOnly_")) {
    line = line.slice(10);
    co.httponly = true;
  }
  if (line[0] === "#") return null;
  let fields = 0;
  let next: number | null = 0;
  while (next !== null) {
    const start: number = next;
    const end = cspn(line, start, "\t\r\n");
    next = line[end] === "\t" ? end + 1 : null;
    const f = line.slice(start, end);
    switch (fields) {
      case 0:
        co.domain = f[0] === "." ? f.slice(1) : f;
        break;
      case 1:
        // curl_strnequal(ptr, "TRUE", len): a prefix of "TRUE" counts (an empty field too)
        co.tailmatch = f.length <= 4 && caseEqual(f, "TRUE".slice(0, f.length));
        break;
      case 2:
        if (!"TRUE".startsWith(f) && !"FALSE".startsWith(f)) {
          co.path = sanitizePath(f);
          break;
        }
        co.path = "/";
        fields++;
        if (!secureField(co, f, secure, running)) return null;
        break;
      case 3:
        if (!secureField(co, f, secure, running)) return null;
        break;
      case 4: {
        const x = offT(f);
        if (x === null) return null;
        co.expires = x;
        break;
      }
      case 5:
        co.name = f;
        if (f.startsWith("__Secure-")) co.prefixSecure = true;
        else if (f.startsWith("__Host-")) co.prefixHost = true;
        break;
      case 6:
        co.value = f;
        break;
    }
    fields++;
  }
  if (fields === 6) fields++; // no value: an empty one
  if (fields !== 7) return null;
  if (invalidOctets(co.name) || invalidOctets(co.value)) return null;
  return co;
}

/** The secure field: TRUE (or a prefix of it) sets secure, allowed from a secure origin or when running. */
function secureField(co: Cookie, f: string, secure: boolean, running: boolean): boolean {
  co.secure = false;
  if (f.length <= 4 && caseEqual(f, "TRUE".slice(0, f.length))) {
    if (!(secure || running)) return false;
    co.secure = true;
  }
  return true;
}
