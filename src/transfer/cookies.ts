// The cookie engine in a transfer (lib/http.c and lib/transfer.c): the cookie files are loaded when
// the transfer starts (Curl_pretransfer), every request carries the jar's cookies for its host and
// path with CURLOPT_COOKIE in one Cookie header (http_cookies), and every response header line
// "Set-Cookie:" is stored (http_header_s), 1xx and redirect responses included, trailers not.

import { CURLE_OK } from "../constants/index.ts";
import { targetPath } from "../cookie/domain.ts";
import {
  COOKIE_HTTPHEADER,
  COOKIE_NOSESSION,
  COOKIE_SECURE,
  cookieFiles,
  cookieHeaderValue,
} from "../cookie/index.ts";
import { loadCookieFiles } from "../cookie/load.ts";
import { asciiBytes, checkheaders, startsWithCI } from "../http/index.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { authAllowed } from "./redirect.ts";
import type { Transfer } from "./transfer.ts";

/**
 * Curl_pretransfer's cookie part: loads the CURLOPT_COOKIEFILE list (again at every transfer, as
 * libcurl does; live cookies win over a file's) and marks the jar running. A load error fails the
 * transfer. Returns false when it did.
 */
export function cookiesPretransfer(m: Ports, t: Transfer): boolean {
  const use = t.handle.cookieIfAny ?? undefined;
  if (use === undefined) return true;
  const rc = loadCookieFiles(use, t.opts.cookieSession ? COOKIE_NOSESSION : 0, cookieFiles());
  if (rc !== CURLE_OK) {
    fail(m, t, rc, "");
    return false;
  }
  if (use.store !== null) use.store.running = true;
  return true;
}

/**
 * The host cookies are matched and set for: a custom Host header's name while the request goes to
 * the first origin (http_set_aptr_host's cookiehost: brackets and port dropped), else the URL's.
 */
function cookieHost(t: Transfer): string {
  const u = t.url;
  const custom = checkheaders(t.opts.httpHeader ?? undefined, "host");
  if (
    custom !== undefined &&
    u.scheme === t.firstScheme &&
    u.host === t.firstHost &&
    u.port === t.firstPort
  ) {
    let v = custom.slice(custom.indexOf(":") + 1).trim();
    if (v.startsWith("[")) {
      v = v.slice(1);
      const b = v.indexOf("]");
      if (b >= 0) v = v.slice(0, b);
    } else {
      const c = v.indexOf(":");
      if (c >= 0) v = v.slice(0, c);
    }
    if (v !== "") return v;
  }
  return u.host;
}

/** Curl_secure_context: https, or a host that is this machine by name. */
function secureContext(t: Transfer, host: string): boolean {
  return (
    t.url.scheme === "https" ||
    host.toLowerCase() === "localhost" ||
    host === "127.0.0.1" ||
    host === "::1"
  );
}

/**
 * http_cookies: the Cookie header value of this request, or undefined. The jar's cookies come first
 * (when the engine is on), then CURLOPT_COOKIE, unless the user set a Cookie header or the request
 * went to another origin after a redirect.
 */
export function requestCookie(t: Transfer): string | undefined {
  const o = t.opts;
  const use = t.handle.cookieIfAny ?? undefined;
  // CURLOPT_COOKIE goes out as its UTF-8 bytes; the jar's cookies are bytes already.
  const extra =
    o.cookie !== null &&
    checkheaders(o.httpHeader ?? undefined, "cookie") === undefined &&
    authAllowed(t)
      ? Buffer.from(o.cookie, "utf8").toString("latin1")
      : undefined;
  const store = use?.engine ? use.store : null;
  if (store === null) return extra;
  const host = cookieHost(t);
  return cookieHeaderValue(
    store,
    host,
    targetPath(t.url.target),
    secureContext(t, host),
    cookieFiles().now(),
    extra,
  );
}

const SET_COOKIE = asciiBytes("set-cookie:");

/**
 * http_header_s: a response header line (with its CRLF) that is a Set-Cookie goes to the jar, when
 * the engine is on, for the request's host and path. The value is read as bytes (latin1) up to a NUL,
 * as libcurl reads a C string.
 */
export function storeSetCookie(
  m: Ports,
  t: Transfer,
  buf: Uint8Array,
  start: number,
  end: number,
): void {
  const use = t.handle.cookieIfAny ?? undefined;
  if (
    use === undefined ||
    !use.engine ||
    use.store === null ||
    !startsWithCI(buf, start, end, SET_COOKIE)
  )
    return;
  let stop = start + SET_COOKIE.length;
  while (stop < end && buf[stop] !== 0) stop++;
  const value = Buffer.from(
    buf.buffer,
    buf.byteOffset + start + SET_COOKIE.length,
    stop - start - SET_COOKIE.length,
  ).toString("latin1");
  const host = cookieHost(t);
  const co = use.store.add(
    value,
    {
      flags: COOKIE_HTTPHEADER | (secureContext(t, host) ? COOKIE_SECURE : 0),
      domain: host,
      path: targetPath(t.url.target),
      now: cookieFiles().now(),
    },
    use,
  );
  if (!t.opts.verbose) return;
  if (co !== null)
    m.guard.debug(
      t,
      `${use.store.replaced ? "Replaced" : "Added"} cookie ${co.name}="${co.value}" for domain ${co.domain}, path ${co.path}, expire ${co.expires}`,
    );
  else if (use.store.dropped !== "") m.guard.debug(t, use.store.dropped);
}
