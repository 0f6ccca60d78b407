// The cookie jar (libcurl's struct CookieInfo): every cookie an easy handle (or a share) knows, in
// COOKIE_HASH_SIZE lists, and the verbs of lib/cookie.c on them: add a line (Curl_cookie_add),
// the cookies for a request (Curl_cookie_getlist), clear all or the session ones, drop the expired,
// the jar file and the getinfo list. The store's whole state is this one object, so several handles
// can point at the same store (CURLSH's CURL_LOCK_DATA_COOKIE). Pure: callers pass `now` (seconds
// since the epoch) and get text back; reading and writing files is the caller's.

import type { Cookie } from "./cookie.ts";
import { caseEqual, isIpNum, pathMatch, tailMatch } from "./domain.ts";
import { COOKIE_HASH_SIZE, cookieHash } from "./hash.ts";
import {
  COOKIE_HTTPHEADER,
  COOKIE_NOEXPIRE,
  COOKIE_NOPSL,
  COOKIE_SECURE,
  EXPIRES_MAX,
  MAX_COOKIE_SEND_AMOUNT,
  MAX_SET_COOKIE_AMOUNT,
} from "./limits.ts";
import { jarText, netscapeLine } from "./netscape.ts";
import { parseNetscape, parseSetCookie, why } from "./parse.ts";
import { refusedByPsl } from "./psl.ts";

/** What Curl_cookie_add is told about a line besides its text. */
export interface AddContext {
  /** COOKIE_* flags (limits.ts). */
  flags: number;
  /** The request host for a Set-Cookie from a response, else null. */
  domain: string | null;
  /** The request path likewise, else null. */
  path: string | null;
  now: number;
}

/**
 * The Set-Cookie count of one easy handle (libcurl's data->req.setcookies): at MAX_SET_COOKIE_AMOUNT
 * every further add is ignored. Reset only by curl_easy_reset.
 */
export interface SetCookieCount {
  setCookies: number;
}

/** A cookie jar. `running` and `newsession` are libcurl's flags of the same names. */
export class CookieStore {
  private readonly lists: Cookie[][] = Array.from({ length: COOKIE_HASH_SIZE }, () => []);
  /** The number of cookies (numcookies). */
  count = 0;
  /** The last creation number given out (lastct). */
  private lastct = 0;
  /** The earliest expiry in the jar, or the max when unknown (next_expiration). */
  private nextExpiration = EXPIRES_MAX;
  /** Transfers started: cookies now come from servers (the engine's `running`). */
  running = false;
  /** Session cookies from files are dropped (CURLOPT_COOKIESESSION while loading). */
  newsession = false;
  /** Why the last add dropped its line (libcurl's infof), or "". */
  dropped = "";
  /** The last add replaced a cookie (libcurl's "Replaced" rather than "Added"). */
  replaced = false;

  /**
   * Curl_cookie_add: parses one line (a Set-Cookie value with COOKIE_HTTPHEADER, else a Netscape
   * line) and stores it, replacing a cookie of the same name, domain and path. Returns the cookie
   * stored, or null when the line was dropped (the reason is in `dropped`).
   */
  add(line: string, ctx: AddContext, count: SetCookieCount): Cookie | null {
    this.dropped = "";
    if (count.setCookies >= MAX_SET_COOKIE_AMOUNT) return this.drop("too many Set-Cookie");
    const secure = (ctx.flags & COOKIE_SECURE) !== 0;
    const header = (ctx.flags & COOKIE_HTTPHEADER) !== 0;
    const co = header
      ? parseSetCookie(line, {
          domain: ctx.domain,
          path: ctx.path,
          secure,
          running: this.running,
          now: ctx.now,
        })
      : parseNetscape(line, secure, this.running);
    if (co === null) return this.drop(why.text);
    if (co.prefixSecure && !co.secure) return this.drop("__Secure- cookie without secure");
    if (co.prefixHost && !(co.secure && co.path === "/" && !co.tailmatch))
      return this.drop("__Host- cookie not secure, with a path or a domain");
    if (!this.running && this.newsession && co.expires === 0n)
      return this.drop("session cookie from a file");
    co.livecookie = this.running;
    co.creationtime = ++this.lastct;
    if ((ctx.flags & COOKIE_NOEXPIRE) === 0) this.removeExpired(ctx.now);
    if ((ctx.flags & COOKIE_NOPSL) === 0 && refusedByPsl(co.domain, ctx.domain))
      return this.drop(
        `cookie '${co.name}' dropped, domain '${ctx.domain ?? "[file]"}' must not set cookies for '${co.domain}'`,
      );
    const replaced = this.replaceExisting(co, secure);
    if (replaced === null) return null;
    this.replaced = replaced;
    this.lists[cookieHash(co.domain)]!.push(co);
    if (!replaced) this.count++;
    if (co.expires !== 0n && co.expires < this.nextExpiration) this.nextExpiration = co.expires;
    if (header) count.setCookies++;
    return co;
  }

  private drop(text: string): null {
    this.dropped = text;
    return null;
  }

  /**
   * replace_existing: null when co must not be stored (a non-secure cookie over a secure one of the
   * same name and domain whose path it falls under, from an insecure origin; or a file's cookie over a
   * live one); else whether it replaced one (the old is removed, its creation number kept).
   */
  private replaceExisting(co: Cookie, secure: boolean): boolean | null {
    const list = this.lists[cookieHash(co.domain)]!;
    let replaceAt = -1;
    for (let i = 0; i < list.length; i++) {
      const old = list[i]!;
      if (old.name !== co.name) continue;
      const domainsMatch =
        old.domain !== null && co.domain !== null
          ? tailMatch(old.domain, co.domain) || tailMatch(co.domain, old.domain)
          : old.domain === null && co.domain === null;
      if (
        domainsMatch &&
        old.path !== null &&
        co.path !== null &&
        old.secure &&
        !co.secure &&
        !secure
      ) {
        // "/login" guards "/login/en" (its first path segment), not "/loginhelper".
        const sep = old.path.indexOf("/", 1);
        const guard = sep >= 0 ? old.path.slice(0, sep) : old.path;
        if (co.path.startsWith(guard)) {
          this.dropped = `cookie '${co.name}' for domain '${co.domain}' dropped, would overlay an existing cookie`;
          return null;
        }
      }
      if (replaceAt < 0) {
        let same =
          old.domain !== null && co.domain !== null
            ? caseEqual(old.domain, co.domain) && old.tailmatch === co.tailmatch
            : old.domain === null && co.domain === null;
        if (same)
          same =
            old.path !== null && co.path !== null ? old.path === co.path : old.path === co.path;
        if (same && !co.livecookie && old.livecookie) {
          this.dropped = "a live cookie is not replaced from a file";
          return null;
        }
        if (same) replaceAt = i;
      }
    }
    if (replaceAt < 0) return false;
    co.creationtime = list[replaceAt]!.creationtime;
    list.splice(replaceAt, 1);
    return true;
  }

  /** remove_expired: drops every cookie whose expiry (not 0, a session cookie) is before `now`. */
  removeExpired(now: number): void {
    const n = BigInt(now);
    if (n < this.nextExpiration && this.nextExpiration !== EXPIRES_MAX) return;
    this.nextExpiration = EXPIRES_MAX;
    for (const list of this.lists) {
      let w = 0;
      for (const co of list) {
        if (co.expires !== 0n && co.expires < n) {
          this.count--;
          continue;
        }
        if (co.expires !== 0n && co.expires < this.nextExpiration) this.nextExpiration = co.expires;
        list[w++] = co;
      }
      list.length = w;
    }
  }

  /**
   * Curl_cookie_getlist: the cookies to send to `host` for `path`, unexpired, secure ones only over a
   * secure context, at most MAX_COOKIE_SEND_AMOUNT, longest path first, then longest domain, longest
   * name, newest.
   */
  forRequest(host: string, path: string, secure: boolean, now: number): Cookie[] {
    const list = this.lists[cookieHash(host)]!;
    if (list.length === 0) return [];
    this.removeExpired(now);
    const ip = isIpNum(host);
    const out: Cookie[] = [];
    for (const co of list) {
      if (co.secure && !secure) continue;
      const domainOk =
        co.domain === null ||
        (co.tailmatch && !ip && tailMatch(co.domain, host)) ||
        ((!co.tailmatch || ip) && caseEqual(host, co.domain));
      if (!domainOk || (co.path !== null && !pathMatch(co.path, path))) continue;
      out.push(co);
      if (out.length >= MAX_COOKIE_SEND_AMOUNT) break;
    }
    out.sort(sendOrder);
    return out;
  }

  /** Curl_cookie_clearall. */
  clearAll(): void {
    for (const list of this.lists) list.length = 0;
    this.count = 0;
  }

  /** Curl_cookie_clearsess: drops the session cookies (expiry 0). */
  clearSession(): void {
    for (const list of this.lists) {
      const keep = list.filter((c) => c.expires !== 0n);
      this.count -= list.length - keep.length;
      list.length = 0;
      list.push(...keep);
    }
  }

  /** Every cookie, list by list (the getinfo order). */
  all(): Cookie[] {
    return this.lists.flat();
  }

  /** CURLINFO_COOKIELIST (cookie_list): a Netscape line per cookie with a domain, unexpired; null if none. */
  list(now: number): string[] | null {
    if (this.count === 0) return null;
    this.removeExpired(now);
    const out: string[] = [];
    for (const list of this.lists)
      for (const c of list) if (c.domain !== null) out.push(netscapeLine(c));
    // The slist stays NULL when nothing was appended (all expired, or none with a domain).
    return out.length === 0 ? null : out;
  }

  /** The cookie jar file's text (cookie_output), expired cookies dropped first. */
  jar(now: number): string {
    this.removeExpired(now);
    return jarText(this.all());
  }

  /** Checks the counts and lists (tests only). */
  assertInvariants(): void {
    let n = 0;
    const seen = new Set<number>();
    for (let i = 0; i < this.lists.length; i++) {
      for (const c of this.lists[i]!) {
        n++;
        if (cookieHash(c.domain) !== i) throw new Error(`cookie ${c.name} in list ${i}`);
        if (seen.has(c.creationtime)) throw new Error(`creation time ${c.creationtime} twice`);
        seen.add(c.creationtime);
      }
    }
    if (n !== this.count) throw new Error(`count ${this.count}, holds ${n}`);
  }
}

/** cookie_sort: path length, domain length, name length (all longest first), then the newest. */
function sendOrder(a: Cookie, b: Cookie): number {
  const pa = a.path?.length ?? 0;
  const pb = b.path?.length ?? 0;
  if (pa !== pb) return pb - pa;
  const da = a.domain?.length ?? 0;
  const db = b.domain?.length ?? 0;
  if (da !== db) return db - da;
  if (a.name.length !== b.name.length) return b.name.length - a.name.length;
  return b.creationtime - a.creationtime;
}
