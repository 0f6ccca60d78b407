// Name resolution and connecting: CURLOPT_RESOLVE/CONNECT_TO, the DNS cache, the async lookup through an
// event socket, then the connect attempts: the first address's family first, the other family after the
// happy-eyeballs delay (or at once when the first runs out of addresses), the next address of a family
// when one fails, the first attempt to connect wins (libcurl's cf-happy-eyeballs in spirit).

import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_HOST,
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
import { EXPIRE_HAPPY_EYEBALLS } from "../timer/index.ts";
import { SOCK_EOF, SOCK_ERROR, SOCK_OPEN } from "../transport/types.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, setState, since } from "./mstate.ts";
import { ST_CONNECTING } from "./states.ts";

const IPRESOLVE_V4 = 1;
const IPRESOLVE_V6 = 2;

/**
 * Loads the handle's CURLOPT_RESOLVE entries into the multi's DNS cache, once per setopt, at the start
 * of a transfer (libcurl's Curl_loadhostpairs). An entry libcurl cannot parse fails the transfer with
 * CURLE_SETOPT_OPTION_SYNTAX; the ones it skips are skipped. Returns false when the transfer failed.
 */
export function loadResolveEntries(m: Engine, e: Easy): boolean {
  const list = e.opts.resolve;
  if (list === null || e.resolveLoaded === list) return true;
  e.resolveLoaded = list;
  const now = m.now();
  for (const line of list) {
    const r = parseResolveEntry(line);
    if (r === undefined) {
      if (resolveEntryFails(line)) {
        fail(m, e, CURLE_SETOPT_OPTION_SYNTAX, `Could not parse CURLOPT_RESOLVE entry '${line}'`);
        return false;
      }
      if (e.opts.verbose) m.debug(e, `Couldn't parse CURLOPT_RESOLVE entry '${line}'`);
      continue;
    }
    if (r.remove) m.dns.remove(r.host, r.port);
    else m.dns.putOverride(r.host, r.port, r.addrs, r.permanent, now);
  }
  return true;
}

/**
 * Where to connect after CURLOPT_CONNECT_TO: the first entry that matches (libcurl's url_set_conn_peer).
 * A matching entry whose target libcurl cannot parse fails the transfer with CURLE_SETOPT_OPTION_SYNTAX
 * (a non-matching one is skipped). Returns false when the transfer failed.
 */
export function connectTarget(m: Engine, e: Easy): boolean {
  let host = e.host;
  let port = e.port;
  const list = e.opts.connectTo;
  if (list !== null) {
    for (const line of list) {
      const c = parseConnectTo(line);
      if (c === undefined) {
        const err = connectToError(line, host, port);
        if (err !== "") {
          fail(m, e, CURLE_SETOPT_OPTION_SYNTAX, err);
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
  e.connectHost = host;
  e.connectPort = port;
  return true;
}

/**
 * RESOLVING: answers from an IP literal, the DNS cache or the resolver. Returns true when the state
 * changed (connecting or failed), false while the lookup is still out.
 */
export function resolveStep(m: Engine, e: Easy): boolean {
  const host = e.connectHost;
  let addrs: readonly string[] | null | undefined;
  const q = e.dnsQuery;
  if (q !== null) {
    if (!q.done) return false;
    m.closeSocket(e, q.s);
    e.dnsQuery = null;
    addrs = answered(m, e, q);
  } else if (e.opts.unixSocketPath !== null || isIpLiteral(host)) {
    addrs = [host];
  } else {
    addrs = m.dns.get(host, e.connectPort, m.now(), e.opts.dnsCacheTimeout);
    if (addrs !== undefined) {
      if (e.opts.verbose) m.debug(e, `Hostname ${host} was found in DNS cache`);
    } else if (m.resolver === null) {
      addrs = isLocalhostName(host) ? ["127.0.0.1"] : null;
    } else {
      const nq = m.resolver.start(host, e.connectPort);
      if (!nq.done) {
        e.dnsQuery = nq;
        return false;
      }
      addrs = answered(m, e, nq);
    }
  }
  const usable = filterFamily(addrs ?? [], e.opts.ipResolve);
  if (usable.length === 0) {
    fail(m, e, CURLE_COULDNT_RESOLVE_HOST, `Could not resolve host: ${host}`);
    return true;
  }
  e.tNamelookup += since(e, m.now());
  startConnect(m, e, usable);
  setState(m, e, ST_CONNECTING);
  return true;
}

/** A resolver's answer, cached (a "does not exist" answer too, as current libcurl) and handed on. */
function answered(m: Engine, e: Easy, q: DnsQuery): readonly string[] | null {
  const addrs = q.addrs;
  if (addrs !== null && addrs.length > 0) m.dns.put(e.connectHost, e.connectPort, addrs, m.now());
  else if (q.negative) m.dns.putNegative(e.connectHost, e.connectPort, m.now());
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

function startConnect(m: Engine, e: Easy, addrs: readonly string[]): void {
  e.addrs = addrs;
  e.next0 = nextOf(addrs, 0, 0);
  e.next1 = nextOf(addrs, 1, 0);
  e.connectError = "";
  e.connectCode = CURLE_COULDNT_CONNECT;
  launch(m, e, 0);
  if (e.next1 >= 0) {
    e.heAt = m.now() + e.opts.happyEyeballsTimeoutMs;
    m.expire(e, e.opts.happyEyeballsTimeoutMs, EXPIRE_HAPPY_EYEBALLS);
  } else e.heAt = Number.POSITIVE_INFINITY;
}

/** Opens the next address of `family`; false when it has none left. */
function launch(m: Engine, e: Easy, family: number): boolean {
  const i = family === 0 ? e.next0 : e.next1;
  if (i < 0) return false;
  const addr = e.addrs[i]!;
  const next = nextOf(e.addrs, family, i + 1);
  if (family === 0) e.next0 = next;
  else e.next1 = next;
  if (e.opts.verbose) m.debug(e, `Trying ${isV6(addr) ? `[${addr}]` : addr}:${e.connectPort}...`);
  const s = m.openSocket(e, addr);
  if (family === 0) e.att0 = s;
  else e.att1 = s;
  return true;
}

/**
 * CONNECTING: checks both attempts. The first open one wins (the other is closed); a failed one makes
 * way for the next address of its family; the second family starts when its delay passed or the first
 * family ran out. Returns true when the state changed.
 */
export function connectStep(m: Engine, e: Easy): boolean {
  const now = m.now();
  if (e.heAt <= now) {
    e.heAt = Number.POSITIVE_INFINITY;
    if (e.att1 < 0) launch(m, e, 1);
  }
  for (let family = 0; family < 2; family++) {
    let s = family === 0 ? e.att0 : e.att1;
    while (s >= 0) {
      const st = m.transport.state(s);
      if (st === SOCK_OPEN || st === SOCK_EOF) {
        if (family === 0) e.att0 = -1;
        else e.att1 = -1;
        closeAttempts(m, e);
        m.adoptSocket(e, s);
        return true;
      }
      if (st !== SOCK_ERROR) break;
      e.connectError = m.transport.errorDetail(s);
      // A TLS failure (60, 35, 77...) is the transfer's result; anything else is "couldn't connect".
      e.connectCode = m.transport.error(s) || CURLE_COULDNT_CONNECT;
      m.closeSocket(e, s);
      if (family === 0) e.att0 = -1;
      else e.att1 = -1;
      launch(m, e, family);
      if (family === 0 && e.att0 < 0 && e.att1 < 0 && e.heAt !== Number.POSITIVE_INFINITY) {
        // The first family ran out: the second starts now instead of after the delay.
        e.heAt = Number.POSITIVE_INFINITY;
        m.expireDone(e, EXPIRE_HAPPY_EYEBALLS);
        launch(m, e, 1);
      }
      s = family === 0 ? e.att0 : e.att1;
    }
  }
  if (e.att0 < 0 && e.att1 < 0 && e.heAt === Number.POSITIVE_INFINITY) {
    const detail =
      e.connectError ||
      `Failed to connect to ${e.connectHost} port ${e.connectPort}: Connection refused`;
    fail(m, e, e.connectCode, detail);
    return true;
  }
  return false;
}

/** Closes every connect attempt and the lookup in flight (transfer done, removed or failed). */
export function closeAttempts(m: Engine, e: Easy): void {
  if (e.att0 >= 0) m.closeSocket(e, e.att0);
  if (e.att1 >= 0) m.closeSocket(e, e.att1);
  e.att0 = e.att1 = -1;
  const q = e.dnsQuery;
  if (q !== null) {
    m.resolver?.cancel(q);
    if (q.s >= 0) m.closeSocket(e, q.s);
    e.dnsQuery = null;
  }
  e.heAt = Number.POSITIVE_INFINITY;
}

/** The connect-phase part of the pollset: the lookup's event socket (IN) or the attempts (OUT). */
export function connectPollset(e: Easy, outS: Int32Array, outW: Int32Array, want: number): number {
  let n = 0;
  if (e.dnsQuery !== null && e.dnsQuery.s >= 0) {
    outS[n] = e.dnsQuery.s;
    outW[n++] = 1; // CURL_POLL_IN
  }
  if (e.att0 >= 0) {
    outS[n] = e.att0;
    outW[n++] = want;
  }
  if (e.att1 >= 0 && n < 2) {
    outS[n] = e.att1;
    outW[n++] = want;
  }
  return n;
}
