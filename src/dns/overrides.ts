// Parsers for CURLOPT_RESOLVE and CURLOPT_CONNECT_TO entries, the CONNECT_TO matcher, and the IP-literal
// test (libcurl: Curl_loadhostpairs in lib/vdns/dnscache.c, parse_connect_to_string in lib/url.c,
// Curl_peer_from_connect_to in lib/peer.c, curlx_inet_pton). Pure string work.

/** One CURLOPT_RESOLVE entry: "[+]HOST:PORT:ADDR[,ADDR]..." or "-HOST:PORT". */
export interface ResolveEntry {
  remove: boolean;
  permanent: boolean;
  host: string;
  port: number;
  addrs: string[];
}

/** Longest text libcurl takes between brackets (MAX_IPADR_LEN, an IPv6 address with a zone). */
const MAX_IPADR_LEN = 46;
const MAX_HOST_LEN = 4096;

const SKIP = 0;
const SYNTAX = 1;

/**
 * Parses one CURLOPT_RESOLVE string; returns undefined for malformed input. libcurl skips some of those
 * silently and fails the transfer on others: see `resolveEntryFails`.
 */
export function parseResolveEntry(s: string): ResolveEntry | undefined {
  const r = parseResolve(s);
  return typeof r === "number" ? undefined : r;
}

/**
 * True when libcurl fails the transfer on this entry with CURLE_SETOPT_OPTION_SYNTAX and the error text
 * "Could not parse CURLOPT_RESOLVE entry '<s>'": an add entry whose port or address list is bad. Entries
 * with an empty or unterminated host, and malformed "-" entries, are skipped silently instead.
 */
export function resolveEntryFails(s: string): boolean {
  return parseResolve(s) === SYNTAX;
}

function parseResolve(s: string): ResolveEntry | typeof SKIP | typeof SYNTAX {
  const remove = s.startsWith("-");
  const permanent = !s.startsWith("+");
  let i = remove || !permanent ? 1 : 0;
  let host: string;
  if (s[i] === "[") {
    const end = s.indexOf("]", i + 1);
    if (end < 0 || end === i + 1 || end - i - 1 > MAX_IPADR_LEN) return SKIP;
    host = s.slice(i + 1, end);
    i = end + 1;
  } else {
    const end = s.indexOf(":", i);
    const stop = end < 0 ? s.length : end;
    if (stop === i || stop - i > MAX_HOST_LEN) return SKIP;
    host = s.slice(i, stop);
    i = stop;
  }
  if (s[i] !== ":") return remove ? SKIP : SYNTAX;
  const port = leadingNumber(s, i + 1);
  if (port < 0) return remove ? SKIP : SYNTAX;
  const afterPort = i + 1 + digitsLen(s, i + 1);
  // libcurl ignores whatever follows the port of a "-" entry.
  if (remove) return { remove: true, permanent: false, host, port, addrs: [] };
  if (s[afterPort] !== ":") return SYNTAX;
  i = afterPort + 1;
  const addrs: string[] = [];
  while (i < s.length) {
    let target: string;
    if (s[i] === "[") {
      const end = s.indexOf("]", i + 1);
      if (end < 0 || end === i + 1 || end - i - 1 > MAX_IPADR_LEN) return SYNTAX;
      target = s.slice(i + 1, end);
      i = end + 1;
    } else {
      const end = s.indexOf(",", i);
      const stop = end < 0 ? s.length : end;
      // An empty item between commas is tolerated ("survive nothing but a comma").
      if (stop === i) {
        i++;
        continue;
      }
      target = s.slice(i, stop);
      i = stop;
    }
    if (!isIpLiteral(target)) return SYNTAX;
    addrs.push(target);
    if (s[i] !== ",") break; // libcurl stops at the first item not followed by a comma
    i++;
  }
  if (addrs.length === 0) return SYNTAX;
  return { remove: false, permanent, host, port, addrs };
}

/** The decimal number (0..65535) starting at s[i], or -1 when there is none or it is too big. */
function leadingNumber(s: string, i: number): number {
  const n = digitsLen(s, i);
  if (n === 0) return -1;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    v = v * 10 + (s.charCodeAt(k) - 48);
    if (v > 0xffff) return -1;
  }
  return v;
}

function digitsLen(s: string, i: number): number {
  let k = i;
  while (k < s.length) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) break;
    k++;
  }
  return k - i;
}

/** One CURLOPT_CONNECT_TO entry. `host` "" / `port` 0 match any; `toHost` "" / `toPort` 0 keep the request's. */
export interface ConnectToEntry {
  host: string;
  port: number;
  toHost: string;
  toPort: number;
}

/**
 * Parses one CURLOPT_CONNECT_TO string "HOST:PORT:CONNECT-TO-HOST:CONNECT-TO-PORT" (IPv6 addresses in
 * brackets, any field may be empty). `host` is lower-cased and both hosts lose their brackets. Returns
 * undefined for an entry that can never apply: no second colon or a non-numeric PORT (libcurl: never
 * matches), an empty target as in "HOST:PORT:" (libcurl: a match changes nothing and the search goes on
 * to the next entry; a target of ":" instead matches, keeps host and port, and ends the search),
 * and a bad target, an unclosed "[" or a non-numeric CONNECT-TO-PORT (libcurl fails the transfer with
 * CURLE_SETOPT_OPTION_SYNTAX, but only once the entry matches).
 */
export function parseConnectTo(s: string): ConnectToEntry | undefined {
  let i: number;
  let host: string;
  if (s.startsWith("[")) {
    const end = s.indexOf("]");
    if (end < 0 || s[end + 1] !== ":") return undefined;
    host = s.slice(1, end).toLowerCase();
    i = end + 2;
  } else {
    const end = s.indexOf(":");
    if (end < 0) return undefined;
    host = s.slice(0, end).toLowerCase();
    i = end + 1;
  }
  const portEnd = s.indexOf(":", i);
  if (portEnd < 0) return undefined;
  let port = 0;
  if (portEnd > i) {
    if (digitsLen(s, i) !== portEnd - i) return undefined;
    port = leadingNumber(s, i);
    if (port < 0) return undefined;
  }
  i = portEnd + 1;
  if (i >= s.length) return undefined;
  let toHost: string;
  let colon: number;
  if (s[i] === "[") {
    const end = s.indexOf("]", i + 1);
    if (end < 0 || end === i + 1) return undefined;
    toHost = s.slice(i + 1, end);
    colon = end + 1;
    if (colon < s.length && s[colon] !== ":") return undefined;
  } else {
    colon = s.indexOf(":", i);
    if (colon < 0) colon = s.length;
    toHost = s.slice(i, colon);
  }
  let toPort = 0;
  if (colon + 1 < s.length) {
    if (digitsLen(s, colon + 1) !== s.length - colon - 1) return undefined;
    toPort = leadingNumber(s, colon + 1);
    if (toPort < 0) return undefined;
  }
  return { host, port, toHost, toPort };
}

/**
 * Applies the first matching CONNECT_TO entry: returns the host and port to connect to instead
 * (url_set_conn_peer in lib/url.c). Hosts match case-insensitively; a bracketed IPv6 `host` matches the
 * entry's address without brackets. Without a match, the request's own host and port.
 */
export function applyConnectTo(
  list: readonly ConnectToEntry[],
  host: string,
  port: number,
): { host: string; port: number } {
  for (const e of list) {
    if (!connectToMatches(e, host, port)) continue;
    return { host: e.toHost !== "" ? e.toHost : host, port: e.toPort !== 0 ? e.toPort : port };
  }
  return { host, port };
}

/** Whether a parsed entry applies to a transfer for host:port. */
export function connectToMatches(e: ConnectToEntry, host: string, port: number): boolean {
  if (e.port !== 0 && e.port !== port) return false;
  return e.host === "" || e.host === unbracket(host).toLowerCase();
}

/**
 * For an entry parseConnectTo refused: libcurl's error text when its HOST:PORT part matches host:port
 * (parse_connect_to_string) and what follows is no valid CONNECT-TO-HOST:PORT
 * (Curl_peer_from_connect_to): that fails the transfer with CURLE_SETOPT_OPTION_SYNTAX. "" when the
 * entry does not match (libcurl then skips it) or nothing follows.
 */
export function connectToError(line: string, host: string, port: number): string {
  let p = 0;
  if (line[0] === ":") p = 1;
  else {
    const names = [
      unbracket(host),
      host.includes(":") && !host.startsWith("[") ? `[${host}]` : host,
    ];
    let hit = false;
    for (const n of names) {
      if (line.slice(0, n.length).toLowerCase() === n.toLowerCase() && line[n.length] === ":") {
        p = n.length + 1;
        hit = true;
        break;
      }
    }
    if (!hit) return "";
  }
  if (line[p] === ":") p++;
  else {
    const next = line.indexOf(":", p);
    if (next < 0) return "";
    // curlx_str_number: leading digits, at most 0xffff
    const d = digitsLen(line, p);
    if (d === 0 || leadingNumber(line, p) !== port) return "";
    p = next + 1;
  }
  const to = line.slice(p);
  if (to === "") return "";
  let portStr: string | undefined;
  if (to[0] === "[") {
    const close = to.indexOf("]", 1);
    if (close < 0) return `Invalid IPv6 address format in '${to}'`;
    const c = to.indexOf(":", close);
    portStr = c < 0 ? undefined : to.slice(c + 1);
  } else {
    const c = to.indexOf(":");
    portStr = c < 0 ? undefined : to.slice(c + 1);
  }
  if (portStr !== undefined && portStr !== "") {
    if (leadingNumber(portStr, 0) < 0) return `No valid port number in '${to}'`;
  }
  return "";
}

function unbracket(h: string): string {
  return h.length > 1 && h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

/**
 * True for "localhost", "localhost." and names under ".localhost": libcurl answers those itself with
 * the loopback addresses (hostip_resolv_start, RFC 6761 section 6.3) and never asks a resolver.
 */
export function isLocalhostName(host: string): boolean {
  const h = host.endsWith(".") ? host.slice(0, -1).toLowerCase() : host.toLowerCase();
  return h === "localhost" || h.endsWith(".localhost");
}

/** True when s is an IPv4 or IPv6 literal (no brackets). Same grammar as curlx_inet_pton (no zone ids). */
export function isIpLiteral(s: string): boolean {
  return isIpv4(s, 0) || isIpv6(s);
}

/** Dotted quad from s[i] to the end: four decimal parts 0..255 without leading zeros (inet_pton4). */
function isIpv4(s: string, i: number): boolean {
  let parts = 0;
  for (;;) {
    const n = digitsLen(s, i);
    if (n === 0 || n > 3 || (n > 1 && s.charCodeAt(i) === 48)) return false;
    let v = 0;
    for (let k = i; k < i + n; k++) v = v * 10 + (s.charCodeAt(k) - 48);
    if (v > 255) return false;
    parts++;
    i += n;
    if (i === s.length) return parts === 4;
    if (s[i] !== "." || parts === 4) return false;
    i++;
  }
}

function hexLen(s: string, i: number, max: number): number {
  let k = i;
  while (k < s.length && k - i < max) {
    const c = s.charCodeAt(k);
    const lower = c | 0x20; // folds A-F onto a-f
    if (!((c >= 48 && c <= 57) || (lower >= 97 && lower <= 102))) break;
    k++;
  }
  return k - i;
}

/** RFC 4291 text form: 1-4 hex digit groups, one "::" at most, an optional dotted-quad tail (inet_pton6). */
function isIpv6(s: string): boolean {
  const len = s.length;
  if (len < 2 || len > 45) return false;
  let i = 0;
  let groups = 0;
  let gap = false;
  if (s.startsWith("::")) {
    gap = true;
    i = 2;
    if (i === len) return true;
  } else if (s[0] === ":") return false;
  for (;;) {
    const n = hexLen(s, i, 5);
    if (n === 0) return false;
    const j = i + n;
    if (s[j] === ".") {
      if (groups > 6 || !isIpv4(s, i)) return false;
      groups += 2;
      break;
    }
    if (n > 4) return false;
    groups++;
    if (j === len) break;
    if (s[j] !== ":") return false;
    i = j + 1;
    if (s[i] === ":") {
      if (gap) return false;
      gap = true;
      i++;
      if (i === len) break;
    } else if (i === len) return false;
  }
  return gap ? groups < 8 : groups === 8;
}
