// The public suffix check of lib/cookie.c (is_public_suffix), which libcurl does with libpsl: a
// server may not set a cookie for a public suffix ("com", "co.uk", "github.io"), nor for a domain
// shorter than its host's public suffix. The list comes from tldts (the Public Suffix List, private
// section included, with the "*" rule for unknown top-level domains, as libpsl's psl_latest).

import { getPublicSuffix } from "tldts";
import { isIpNum } from "./domain.ts";

const OPTS = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHosts: false,
  detectIp: false,
  mixedInputs: false,
} as const;

/** libpsl's psl_unregistrable_domain: the public suffix of a lowercase host, or null. */
function suffixOf(host: string): string | null {
  return getPublicSuffix(host, OPTS);
}

/** psl_is_public_suffix: whether the lowercase `domain` is itself a public suffix. */
export function isPublicSuffix(domain: string): boolean {
  return suffixOf(domain) === domain;
}

/**
 * psl_is_cookie_domain_acceptable: `host` may set a cookie for `cookieDomain` (both lowercase): the
 * same name, or a parent of host longer than host's public suffix.
 */
export function cookieDomainAcceptable(host: string, cookieDomain: string): boolean {
  let d = cookieDomain;
  while (d[0] === ".") d = d.slice(1);
  if (host === d) return true;
  if (d.length >= host.length) return false;
  const p = host.length - d.length;
  if (host.slice(p) !== d || host[p - 1] !== ".") return false;
  const suffix = suffixOf(host);
  return suffix === null || d.length > suffix.length;
}

/**
 * is_public_suffix of lib/cookie.c: whether the cookie must be dropped because its domain is a public
 * suffix for `host` (the request's host, or null for a cookie from a file). An IP address or a cookie
 * without a domain is never refused; trailing dots are ignored; a name of 256 bytes or more is refused
 * (libcurl's buffers), as libcurl does.
 */
export function refusedByPsl(cookieDomain: string | null, host: string | null): boolean {
  if (cookieDomain === null || isIpNum(cookieDomain)) return false;
  let h = host ?? "";
  let c = cookieDomain;
  if (h.endsWith(".")) h = h.slice(0, -1);
  if (c.endsWith(".")) c = c.slice(0, -1);
  if (h.length >= 256 || c.length >= 256) return true;
  c = c.toLowerCase();
  if (host !== null) return !cookieDomainAcceptable(h.toLowerCase(), c);
  // From a file: libpsl calls "localhost" a public suffix, curl does not (curl PR #22646).
  return c !== "localhost" && isPublicSuffix(c);
}
