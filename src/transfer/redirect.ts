// Following Location (libcurl's Curl_http_follow): the redirect limit, the schemes a redirect may use,
// the method rules of 301/302/303 (POST becomes GET unless CURLOPT_POSTREDIR keeps it) and 307/308
// (method and body kept, a read-callback body rewound by CURLOPT_SEEKFUNCTION or CURLE_SEND_FAIL_REWIND),
// and where credentials may go.

import {
  CURL_REDIR_POST_301,
  CURL_REDIR_POST_302,
  CURL_REDIR_POST_303,
  CURL_SEEKFUNC_OK,
  CURLE_OK,
  CURLE_SEND_FAIL_REWIND,
  CURLE_TOO_MANY_REDIRECTS,
  CURLE_UNSUPPORTED_PROTOCOL,
  CURLE_URL_MALFORMAT,
} from "../constants/index.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import { fail, setState } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { ST_INIT } from "./states.ts";
import type { Transfer } from "./transfer.ts";
import { parseUrl, resolveLocation } from "./url.ts";

const SUPPORTED = new Set(["http", "https"]);

/** The request is a POST in libcurl's sense (CURLOPT_POST / POSTFIELDS, not PUT or a custom method body). */
export function isPost(t: Transfer): boolean {
  return t.opts.post !== 0 && t.opts.upload === 0 && !t.followGet;
}

/** Whether credentials may go to the current request's origin (libcurl's Curl_auth_allowed_to_host). */
export function authAllowed(t: Transfer): boolean {
  if (t.info.redirectCount === 0 || t.opts.unrestrictedAuth !== 0) return true;
  const u = t.url;
  return u.scheme === t.firstScheme && u.host === t.firstHost && u.port === t.firstPort;
}

/** Schemes allowed as redirect targets (CURLOPT_REDIR_PROTOCOLS_STR; default http,https). */
function allowedSchemes(t: Transfer): Set<string> | null {
  const s = t.opts.redirProtocolsStr;
  if (s === null) return null;
  const set = new Set<string>();
  for (const p of s.split(",")) {
    const name = p.trim().toLowerCase();
    if (name === "all") return null;
    if (name !== "") set.add(name);
  }
  return set;
}

/** The absolute target of a Location value from the current request, or null if it does not parse. */
export function locationTarget(t: Transfer, location: string): string | null {
  return resolveLocation(location, t.info.effectiveUrl ?? "");
}

/**
 * cr_in_rewind: part of the body came from the read callback; CURLOPT_SEEKFUNCTION takes it back to
 * the start, or the transfer fails with CURLE_SEND_FAIL_REWIND (false).
 */
function rewound(m: Ports, t: Transfer): boolean {
  const fn = t.opts.seekFunction;
  if (fn === null) {
    fail(m, t, CURLE_SEND_FAIL_REWIND, "necessary data rewind wasn't possible");
    return false;
  }
  const rc = m.guard.seek(fn, t);
  if (rc === CURL_SEEKFUNC_OK) return true;
  const why = rc === CALLBACK_FAILED ? t.info.errorDetail : `seek callback returned error ${rc}`;
  fail(m, t, CURLE_SEND_FAIL_REWIND, why);
  return false;
}

/**
 * The response asked to go elsewhere and CURLOPT_FOLLOWLOCATION is on: checks the limit, the target and
 * its scheme, applies the method rules and starts the next request (state INIT). The connection was
 * already released. Returns true (the state changed: INIT, or DONE on failure).
 */
export function follow(m: Ports, t: Transfer, location: string, status: number): boolean {
  const target = locationTarget(t, location);
  const o = t.opts;
  const info = t.info;
  if (o.maxRedirs !== -1 && info.redirectCount >= o.maxRedirs) {
    info.redirectUrl = target;
    fail(m, t, CURLE_TOO_MANY_REDIRECTS, `Maximum (${o.maxRedirs}) redirects followed`);
    return true;
  }
  // Counted before anything else can fail (Curl_http_follow): a follow that then fails still counts.
  info.redirectCount++;
  if (target === null) {
    fail(
      m,
      t,
      CURLE_URL_MALFORMAT,
      "The redirect target URL could not be parsed: Malformed input to a URL function",
    );
    return true;
  }
  const now = m.now();
  info.tRedirect = now - t.tStart;
  t.hop.start = now;
  info.sizeDownload = 0;
  info.sizeUpload = 0;
  const scheme = target.slice(0, target.indexOf(":")).toLowerCase();
  const allowed = allowedSchemes(t);
  if (!SUPPORTED.has(scheme) || (allowed !== null && !allowed.has(scheme))) {
    const why = SUPPORTED.has(scheme) ? "disabled" : "not supported";
    fail(m, t, CURLE_UNSUPPORTED_PROTOCOL, `Protocol "${scheme}" ${why} (in redirect)`);
    return true;
  }
  const u = parseUrl(target);
  if (u.code !== CURLE_OK) {
    fail(m, t, u.code, u.detail);
    return true;
  }
  // 301/302: a POST becomes a GET unless CURLOPT_POSTREDIR keeps it; 303: anything but a kept POST.
  const post = isPost(t);
  let toGet = false;
  if (status === 301) toGet = post && (o.postRedir & CURL_REDIR_POST_301) === 0;
  else if (status === 302) toGet = post && (o.postRedir & CURL_REDIR_POST_302) === 0;
  else if (status === 303) toGet = !(post && (o.postRedir & CURL_REDIR_POST_303) !== 0);
  if (toGet) {
    if (o.verbose) m.guard.debug(t, `Switch to GET because of ${status} response`);
    t.followGet = true;
  } else if (t.req.hasBody && o.postFields === null && t.req.streamRead > 0 && !rewound(m, t)) {
    return true;
  }
  t.curUrl = target;
  if (o.verbose) m.guard.debug(t, `Issue another request to this URL: '${target}'`);
  setState(m, t, ST_INIT);
  return true;
}
