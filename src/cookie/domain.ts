// Host and path matching of lib/cookie.c: the domain tail match, IP address literals
// (Curl_host_is_ipnum), the path match of RFC 6265 5.1.4 and the stored path's canonical form.

/** ASCII case-insensitive equality (curl_strequal). */
export function caseEqual(a: string, b: string): boolean {
  return a.length === b.length && (a === b || a.toLowerCase() === b.toLowerCase());
}

/**
 * cookie_tailmatch: whether `host` is `domain` or ends with "." + `domain` (ASCII case-insensitive).
 */
export function tailMatch(domain: string, host: string): boolean {
  const hl = host.length;
  const dl = domain.length;
  if (hl < dl) return false;
  if (!caseEqual(domain, host.slice(hl - dl))) return false;
  return hl === dl || host.charCodeAt(hl - dl - 1) === 0x2e;
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Curl_host_is_ipnum: a dotted-quad IPv4 address or an IPv6 address (inet_pton's syntax). */
export function isIpNum(host: string): boolean {
  if (IPV4.test(host)) return true;
  return host.includes(":") && isIpv6(host);
}

function isIpv6(s: string): boolean {
  // inet_pton(AF_INET6): 8 hex groups of 1-4 digits, one "::" for a run of zeros, and the last two
  // groups may be written as an IPv4 address.
  let body = s;
  const lastColon = s.lastIndexOf(":");
  const tail = s.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!IPV4.test(tail)) return false;
    body = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const dbl = body.indexOf("::");
  if (dbl >= 0 && body.indexOf("::", dbl + 1) >= 0) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  if (dbl < 0) {
    const parts = body.split(":");
    return parts.length === 8 && parts.every((p) => hex.test(p));
  }
  const left = body.slice(0, dbl);
  const right = body.slice(dbl + 2);
  const l = left === "" ? [] : left.split(":");
  const r = right === "" ? [] : right.split(":");
  return l.length + r.length <= 7 && [...l, ...r].every((p) => hex.test(p));
}

/**
 * pathmatch: whether a request for `uriPath` may carry a cookie of `cookiePath` ("/" matches all;
 * else equal, or a prefix followed by "/"). Case-sensitive. An empty or relative path counts as "/".
 */
export function pathMatch(cookiePath: string, uriPath: string): boolean {
  if (cookiePath.length === 1) return true;
  const u = uriPath.length === 0 || uriPath[0] !== "/" ? "/" : uriPath;
  if (u.length < cookiePath.length || !u.startsWith(cookiePath)) return false;
  return u.length === cookiePath.length || u[cookiePath.length] === "/";
}

/**
 * sanitize_cookie_path: the stored form of a Path: surrounding double quotes dropped, "/" for an
 * empty or relative one, one trailing slash removed (but not from "/").
 */
export function sanitizePath(p: string): string {
  let s = p;
  if (s.length > 0 && s[0] === '"') {
    s = s.slice(1);
    if (s.length > 0 && s[s.length - 1] === '"') s = s.slice(0, -1);
  }
  if (s.length === 0 || s[0] !== "/") return "/";
  if (s.length > 1 && s[s.length - 1] === "/") s = s.slice(0, -1);
  return s;
}

/** The default path of a cookie set by a request for `path`: up to and with its last "/". */
export function defaultPath(path: string): string {
  const i = path.lastIndexOf("/");
  return sanitizePath(i >= 0 ? path.slice(0, i + 1) : path);
}

/** The path of a request target (origin-form): what precedes "?" (libcurl's up.path). */
export function targetPath(target: string): string {
  const q = target.indexOf("?");
  const p = q >= 0 ? target.slice(0, q) : target;
  return p === "" ? "/" : p;
}
