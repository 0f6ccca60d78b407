// Name resolution and connecting: CURLOPT_RESOLVE/CONNECT_TO, the DNS cache, the async lookup through an
// event socket, then the connect attempts: the first address's family first, the other family after the
// happy-eyeballs delay (or at once when the first runs out of addresses), the next address of a family
// when one fails, the first attempt to connect wins (libcurl's cf-happy-eyeballs in spirit).

import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_HOST,
  CURLE_COULDNT_RESOLVE_PROXY,
  CURLE_SETOPT_OPTION_SYNTAX,
} from "../constants/index.ts";
import {
  connectToError,
  connectToMatches,
  isIpLiteral,
  isLocalhostName,
  parseConnectTo,
  parseResolveEntry,
  resolveEntryFails,
} from "../dns/index.ts";
import type { DnsQuery } from "../dns/resolver.ts";
import { dnsFor } from "../share/pick.ts";
import { EXPIRE_HAPPY_EYEBALLS } from "../timer/index.ts";
import { SOCK_EOF, SOCK_ERROR, SOCK_OPEN } from "../transport/types.ts";
import { closeAttempts, fail, setState, since } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { ConnectAttempt } from "./records.ts";
import { ST_CONNECTING } from "./states.ts";
import type { Transfer } from "./transfer.ts";

const IPRESOLVE_V4 = 1;
const IPRESOLVE_V6 = 2;

/**
 * Loads the handle's CURLOPT_RESOLVE entries into the multi's DNS cache, once per setopt, at the start
 * of a transfer (libcurl's Curl_loadhostpairs). An entry libcurl cannot parse fails the transfer with
 * CURLE_SETOPT_OPTION_SYNTAX; the ones it skips are skipped. Returns false when the transfer failed.
 */
export function loadResolveEntries(m: Ports, t: Transfer): boolean {
  const list = t.opts.resolve;
  if (list === null || t.handle.resolveLoaded === list) return true;
  t.handle.resolveLoaded = list;
  const now = m.now();
  for (const line of list) {
    const r = parseResolveEntry(line);
    if (r === undefined) {
      if (resolveEntryFails(line)) {
        fail(m, t, CURLE_SETOPT_OPTION_SYNTAX, `Could not parse CURLOPT_RESOLVE entry '${line}'`);
        return false;
      }
      if (t.opts.verbose) m.guard.debug(t, `Couldn't parse CURLOPT_RESOLVE entry '${line}'`);
      continue;
    }
    if (r.remove) dnsFor(m, t).remove(r.host, r.port);
    else dnsFor(m, t).putOverride(r.host, r.port, r.addrs, r.permanent, now);
  }
  return true;
}

/**
 * Where to connect after CURLOPT_CONNECT_TO: the first entry that matches (libcurl's url_set_conn_peer).
 * A matching entry whose target libcurl cannot parse fails the transfer with CURLE_SETOPT_OPTION_SYNTAX
 * (a non-matching one is skipped). Returns false when the transfer failed.
 */
export function connectTarget(m: Ports, t: Transfer): boolean {
  let host = t.url.host;
  let port = t.url.port;
  const list = t.opts.connectTo;
  if (list !== null) {
    for (const line of list) {
      const c = parseConnectTo(line);
      if (c === undefined) {
        const err = connectToError(line, host, port);
        if (err !== "") {
          fail(m, t, CURLE_SETOPT_OPTION_SYNTAX, err);
          return false;
        }
        continue;
      }
      if (!connectToMatches(c, host, port)) continue;
      if (c.toHost !== "") host = c.toHost;
      if (c.toPort !== 0) port = c.toPort;
      break;
    }
  }
  t.connectHost = host;
  t.connectPort = port;
  return true;
}

/**
 * RESOLVING: answers from an IP literal, the DNS cache or the resolver. Returns true when the state
 * changed (connecting or failed), false while the lookup is still out.
 */
export function resolveStep(m: Ports, t: Transfer): boolean {
  const host = t.connectHost;
  let addrs: readonly string[] | null | undefined;
  let a = t.attempt;
  if (a === null) {
    a = new ConnectAttempt();
    t.attempt = a;
  }
  const q = a.dnsQuery;
  if (q !== null) {
    if (!q.done) return false;
    m.sockets.close(t, q.s);
    a.dnsQuery = null;
    addrs = answered(m, t, q);
  } else if (t.opts.unixSocketPath !== null || isIpLiteral(host)) {
    addrs = [host];
  } else {
    addrs = dnsFor(m, t).get(host, t.connectPort, m.now(), t.opts.dnsCacheTimeout);
    if (addrs !== undefined) {
      if (t.opts.verbose) m.guard.debug(t, `Hostname ${host} was found in DNS cache`);
    } else if (m.resolver === null) {
      addrs = isLocalhostName(host) ? ["127.0.0.1"] : null;
    } else {
      const nq = m.resolver.start(host, t.connectPort);
      if (!nq.done) {
        a.dnsQuery = nq;
        return false;
      }
      addrs = answered(m, t, nq);
    }
  }
  const usable = filterFamily(addrs ?? [], t.opts.ipResolve);
  if (usable.length === 0) {
    if (t.route !== null)
      fail(m, t, CURLE_COULDNT_RESOLVE_PROXY, `Could not resolve proxy: ${host}`);
    else fail(m, t, CURLE_COULDNT_RESOLVE_HOST, `Could not resolve host: ${host}`);
    return true;
  }
  if (t.hop.reconnect) t.hop.reconnect = false;
  else t.info.tNamelookup += since(t, m.now());
  startConnect(m, t, a, usable);
  setState(m, t, ST_CONNECTING);
  return true;
}

/** A resolver's answer, cached (a "does not exist" answer too, as current libcurl) and handed on. */
function answered(m: Ports, t: Transfer, q: DnsQuery): readonly string[] | null {
  const addrs = q.addrs;
  if (addrs !== null && addrs.length > 0)
    dnsFor(m, t).put(t.connectHost, t.connectPort, addrs, m.now());
  else if (q.negative) dnsFor(m, t).putNegative(t.connectHost, t.connectPort, m.now());
  return addrs;
}

function filterFamily(addrs: readonly string[], ipResolve: number): readonly string[] {
  if (ipResolve === IPRESOLVE_V4) return addrs.filter((a) => !a.includes(":"));
  if (ipResolve === IPRESOLVE_V6) return addrs.filter((a) => a.includes(":"));
  return addrs;
}

function isV6(a: string): boolean {
  return a.includes(":");
}

/** Index of the next address in `family` (0: same family as addrs[0]) at or after i, or -1. */
function nextOf(addrs: readonly string[], family: number, i: number): number {
  const v6first = isV6(addrs[0]!);
  for (; i < addrs.length; i++)
    if (isV6(addrs[i]!) === (family === 0 ? v6first : !v6first)) return i;
  return -1;
}

function startConnect(m: Ports, t: Transfer, a: ConnectAttempt, addrs: readonly string[]): void {
  a.addrs = addrs;
  a.next0 = nextOf(addrs, 0, 0);
  a.next1 = nextOf(addrs, 1, 0);
  a.error = "";
  a.code = CURLE_COULDNT_CONNECT;
  launch(m, t, a, 0);
  if (a.next1 >= 0) {
    a.heAt = m.now() + t.opts.happyEyeballsTimeoutMs;
    m.timers.expire(t, t.opts.happyEyeballsTimeoutMs, EXPIRE_HAPPY_EYEBALLS);
  } else a.heAt = Number.POSITIVE_INFINITY;
}

/** Opens the next address of `family`; false when it has none left. */
function launch(m: Ports, t: Transfer, a: ConnectAttempt, family: number): boolean {
  const i = family === 0 ? a.next0 : a.next1;
  if (i < 0) return false;
  const addr = a.addrs[i]!;
  const next = nextOf(a.addrs, family, i + 1);
  if (family === 0) a.next0 = next;
  else a.next1 = next;
  if (t.opts.verbose)
    m.guard.debug(t, `Trying ${isV6(addr) ? `[${addr}]` : addr}:${t.connectPort}...`);
  const s = m.sockets.open(t, addr);
  if (family === 0) a.att0 = s;
  else a.att1 = s;
  return true;
}

/**
 * CONNECTING: checks both attempts. The first open one wins (the other is closed); a failed one makes
 * way for the next address of its family; the second family starts when its delay passed or the first
 * family ran out. Returns true when the state changed.
 */
export function connectStep(m: Ports, t: Transfer): boolean {
  const a = t.attempt!;
  const now = m.now();
  if (a.heAt <= now) {
    a.heAt = Number.POSITIVE_INFINITY;
    if (a.att1 < 0) launch(m, t, a, 1);
  }
  for (let family = 0; family < 2; family++) {
    let s = family === 0 ? a.att0 : a.att1;
    while (s >= 0) {
      const st = m.transport.state(s);
      if (st === SOCK_OPEN || st === SOCK_EOF) {
        if (family === 0) a.att0 = -1;
        else a.att1 = -1;
        closeAttempts(m, t);
        m.sockets.adopt(t, s);
        return true;
      }
      if (st !== SOCK_ERROR) break;
      a.error = m.transport.errorDetail(s);
      // A TLS failure (60, 35, 77...) is the transfer's result; anything else is "couldn't connect".
      a.code = m.transport.error(s) || CURLE_COULDNT_CONNECT;
      m.sockets.close(t, s);
      if (family === 0) a.att0 = -1;
      else a.att1 = -1;
      launch(m, t, a, family);
      if (family === 0 && a.att0 < 0 && a.att1 < 0 && a.heAt !== Number.POSITIVE_INFINITY) {
        // The first family ran out: the second starts now instead of after the delay.
        a.heAt = Number.POSITIVE_INFINITY;
        m.timers.expireDone(t, EXPIRE_HAPPY_EYEBALLS);
        launch(m, t, a, 1);
      }
      s = family === 0 ? a.att0 : a.att1;
    }
  }
  if (a.att0 < 0 && a.att1 < 0 && a.heAt === Number.POSITIVE_INFINITY) {
    const detail =
      a.error || `Failed to connect to ${t.connectHost} port ${t.connectPort}: Connection refused`;
    fail(m, t, a.code, detail);
    return true;
  }
  return false;
}

/** The connect-phase part of the pollset: the lookup's event socket (IN) or the attempts (OUT). */
export function connectPollset(
  t: Transfer,
  outS: Int32Array,
  outW: Int32Array,
  want: number,
): number {
  const a = t.attempt;
  if (a === null) return 0;
  let n = 0;
  if (a.dnsQuery !== null && a.dnsQuery.s >= 0) {
    outS[n] = a.dnsQuery.s;
    outW[n++] = 1; // CURL_POLL_IN
  }
  if (a.att0 >= 0) {
    outS[n] = a.att0;
    outW[n++] = want;
  }
  if (a.att1 >= 0 && n < 2) {
    outS[n] = a.att1;
    outW[n++] = want;
  }
  return n;
}
