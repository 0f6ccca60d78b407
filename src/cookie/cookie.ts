// One cookie as libcurl keeps it (struct Cookie in lib/cookie.h). Plain data: the store owns the
// records and never hands them out for change.

/** A stored cookie. `domain` and `path` are null only for cookies added without any (a file's
 * Set-Cookie: line with no Domain or Path): such a cookie matches every host or every path. */
export interface Cookie {
  name: string;
  value: string;
  /** The canonical path (no trailing slash but "/"), or null. */
  path: string | null;
  /** The domain, without a leading dot, or null. */
  domain: string | null;
  /** Expiry in seconds since the epoch; 0n is a session cookie (curl_off_t, hence a bigint). */
  expires: bigint;
  /** The jar's order of creation: unique, kept by a replacement. */
  creationtime: number;
  /** Also for subdomains of `domain` (a Domain attribute was given). */
  tailmatch: boolean;
  secure: boolean;
  /** Set by a server (a response or after the engine started), not read from a file. */
  livecookie: boolean;
  httponly: boolean;
  /** The name starts with "__Secure-" / "__Host-" (case-sensitive, as RFC 6265bis). */
  prefixSecure: boolean;
  prefixHost: boolean;
}

/** A cookie with every field at its empty value (the parsers fill it in). */
export function blankCookie(): Cookie {
  return {
    name: "",
    value: "",
    path: null,
    domain: null,
    expires: 0n,
    creationtime: 0,
    tailmatch: false,
    secure: false,
    livecookie: false,
    httponly: false,
    prefixSecure: false,
    prefixHost: false,
  };
}
