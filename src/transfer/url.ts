// Splits CURLOPT_URL into what a transfer needs, with libcurl's result codes and error-buffer texts.

import { CURLE_OK, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT } from "../constants/index.ts";

export interface ParsedUrl {
  code: number;
  detail: string;
  scheme: string; // "http" | "https"
  host: string; // name or address, IPv6 without brackets
  port: number;
  target: string; // origin-form: path + query, fragment dropped
  hostHeader: string; // Host header value: port only when not the scheme's default
  href: string; // the normalised URL (CURLINFO_EFFECTIVE_URL)
  user: string | null; // credentials in the URL, percent-decoded; null when absent
  pass: string | null;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
/** "scheme:" then at least one slash: libcurl's Curl_is_absolute_url with CURLU_GUESS_SCHEME. */
const SCHEME_RE = /^([a-zA-Z][a-zA-Z0-9+.-]*):(\/+)/;

/** Recently parsed URLs: applications fetch the same URLs over and over, and a parse is not cheap. */
const memo = new Map<string, ParsedUrl>();
const MEMO_SIZE = 256;

/**
 * Parses url as libcurl would for HTTP(S). A URL without a scheme is taken as http://, as libcurl
 * guesses. The result is shared and must not be changed.
 */
export function parseUrl(url: string | null): Readonly<ParsedUrl> {
  if (url === null) return parse(url);
  let p = memo.get(url);
  if (p === undefined) {
    p = parse(url);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
    memo.set(url, p);
  }
  return p;
}

function parse(url: string | null): ParsedUrl {
  const out: ParsedUrl = {
    code: CURLE_OK,
    detail: "",
    scheme: "",
    host: "",
    port: 0,
    target: "/",
    hostHeader: "",
    href: url ?? "",
    user: null,
    pass: null,
  };
  if (url === null || url === "") {
    out.code = CURLE_URL_MALFORMAT;
    out.detail = "No URL set";
    return out;
  }
  if (hasControlOrSpace(url)) {
    out.code = CURLE_URL_MALFORMAT;
    out.detail = "URL rejected: Malformed input to a URL function";
    return out;
  }
  const m = SCHEME_RE.exec(url);
  const scheme = m ? m[1]!.toLowerCase() : "http";
  if (!m) url = `http://${url}`;
  if (DEFAULT_PORT[scheme] === undefined) {
    out.code = CURLE_UNSUPPORTED_PROTOCOL;
    out.detail = `Protocol "${scheme}" not supported`;
    return out;
  }
  if (m) {
    // urlapi.c parseurl: one to three slashes after the scheme all mean "://"; more is refused.
    const slashes = m[2]!.length;
    if (slashes > 3) {
      out.code = CURLE_URL_MALFORMAT;
      out.detail = "URL rejected: Unsupported number of slashes following scheme";
      return out;
    }
    if (slashes !== 2) url = `${m[1]}://${url.slice(m[0].length)}`;
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    out.code = CURLE_URL_MALFORMAT;
    out.detail = /:\/\/[^/]*:[^/\d]/.test(url)
      ? "URL rejected: Port number was not a decimal number between 0 and 65535"
      : "URL rejected: Malformed input to a URL function";
    return out;
  }
  if (u.hostname === "") {
    out.code = CURLE_URL_MALFORMAT;
    out.detail = "URL rejected: No host part in the URL";
    return out;
  }
  out.scheme = scheme;
  out.host = u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname;
  out.port = u.port === "" ? DEFAULT_PORT[scheme]! : Number(u.port);
  out.target = (u.pathname || "/") + u.search;
  out.hostHeader = u.port === "" ? u.hostname : `${u.hostname}:${u.port}`;
  if (u.username !== "" || u.password !== "") {
    out.user = safeDecode(u.username);
    out.pass = safeDecode(u.password);
  }
  u.hash = "";
  out.href = u.href;
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * A Location value resolved against the URL it came from (relative or absolute; the fragment is
 * dropped). Returns null when it cannot be parsed.
 */
export function resolveLocation(location: string, base: string): string | null {
  // urlapi's junkscan: a control byte (or DEL) anywhere is CURLUE_MALFORMED_INPUT, encoded or not.
  for (let i = 0; i < location.length; i++) {
    const c = location.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return null;
  }
  try {
    const u = new URL(encodeLocation(location), base);
    u.hash = "";
    return u.href;
  } catch {
    return null;
  }
}

/**
 * A Location value (no control bytes) as libcurl's follow sets it (CURLU_URLENCODE |
 * CURLU_ALLOW_SPACE, urlencode_str): each byte from 0x80 up becomes %XX of that byte (the value is the
 * header's bytes as latin1, so not UTF-8 of it), a space %20 before the query and "+" in it.
 */
function encodeLocation(loc: string): string {
  let plain = true;
  for (let i = 0; i < loc.length && plain; i++) {
    const c = loc.charCodeAt(i);
    if (c === 0x20 || c >= 0x80) plain = false;
  }
  if (plain) return loc;
  let out = "";
  let query = false;
  for (let i = 0; i < loc.length; i++) {
    const c = loc.charCodeAt(i);
    if (c === 0x20) out += query ? "+" : "%20";
    else if (c >= 0x80) out += `%${(c & 0xff).toString(16).toUpperCase().padStart(2, "0")}`;
    else {
      if (c === 0x3f) query = true;
      out += loc[i];
    }
  }
  return out;
}

/** libcurl refuses URLs with control characters or spaces (CURLUE_MALFORMED_INPUT). */
function hasControlOrSpace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}
