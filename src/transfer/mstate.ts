// The one place a transfer changes state (libcurl's mstate): it traces the change for CURLOPT_VERBOSE,
// then runs what leaving the old state and entering the new one mean, from two tables. Whatever a
// state owns (a timer, the lookup, the connect attempts, the place in the pending queue, the decoder)
// is released here, so no path through the machine can leave it behind.

import type { CURLcode } from "../constants/index.ts";
import {
  EXPIRE_100_TIMEOUT,
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_HAPPY_EYEBALLS,
} from "../timer/index.ts";
import type { Ports } from "./ports.ts";
import {
  ST_COMPLETED,
  ST_CONNECTING,
  ST_DONE,
  ST_INIT,
  ST_MSGSENT,
  ST_PENDING,
  ST_RESOLVING,
  ST_SENDING,
  STATE_NAMES,
} from "./states.ts";
import type { Transfer } from "./transfer.ts";

type Action = (m: Ports, t: Transfer) => void;

/** Closes the lookup in flight, if any (its event socket gets REMOVE first). */
function closeLookup(m: Ports, t: Transfer): void {
  const a = t.attempt;
  const q = a?.dnsQuery ?? null;
  if (a === null || q === null) return;
  m.resolver?.cancel(q);
  if (q.s >= 0) m.sockets.close(t, q.s);
  a.dnsQuery = null;
}

/**
 * Closes every connect attempt and the lookup (the winner was adopted first); the delay timer goes,
 * and so does the record: a transfer in flight on its connection keeps no connect state.
 */
export function closeAttempts(m: Ports, t: Transfer): void {
  const a = t.attempt;
  if (a === null) return;
  if (a.att0 >= 0) m.sockets.close(t, a.att0);
  if (a.att1 >= 0) m.sockets.close(t, a.att1);
  closeLookup(m, t);
  t.attempt = null;
  m.timers.expireDone(t, EXPIRE_HAPPY_EYEBALLS);
}

/** What leaving a state releases. */
const LEAVE: (Action | null)[] = [];
/** What entering a state starts from. */
const ENTER: (Action | null)[] = [];
for (let s = ST_INIT; s <= ST_MSGSENT; s++) LEAVE[s] = ENTER[s] = null;

// A new request starts from clean records; a 100-continue wait of the previous one (a 417) is over.
ENTER[ST_INIT] = (m, t) => {
  t.beginRequest();
  m.timers.expireDone(t, EXPIRE_100_TIMEOUT);
};
// The place in the pending queue belongs to PENDING.
LEAVE[ST_PENDING] = (m, t) => m.pool.stopWaiting(t);
// The lookup belongs to RESOLVING, the attempts and the happy-eyeballs timer to CONNECTING.
LEAVE[ST_RESOLVING] = closeLookup;
// The proxy handshake of the connection belongs to CONNECTING too (its lookup with it).
LEAVE[ST_CONNECTING] = (m, t) => {
  closeAttempts(m, t);
  const q = t.tunnel?.dnsQuery ?? null;
  if (q !== null) {
    m.resolver?.cancel(q);
    if (q.s >= 0) m.sockets.close(t, q.s);
  }
  t.tunnel = null;
};
// A connection is there (new or reused): the connect timeout is over; after "100 Continue" (or its
// timeout) the wait for it is over too.
ENTER[ST_SENDING] = (m, t) => {
  t.hop.connected = true;
  m.timers.expireDone(t, EXPIRE_CONNECTTIMEOUT);
  if (t.req.expect100At !== Number.POSITIVE_INFINITY) {
    t.req.expect100At = Number.POSITIVE_INFINITY;
    m.timers.expireDone(t, EXPIRE_100_TIMEOUT);
  }
};
// libcurl's init_completed: the transfer is over; its timers and its response state go, and its
// result is posted.
ENTER[ST_COMPLETED] = (m, t) => {
  m.timers.clear(t);
  t.resp.reset();
  t.req.reset();
  m.post(t);
};

/** Moves t to state st (traced with CURLOPT_VERBOSE); nothing happens when it is there already. */
export function setState(m: Ports, t: Transfer, st: number): void {
  const old = t.state;
  if (old === st) return;
  // MSGSENT (curl_multi_info_read) is not traced: libcurl traces no move past COMPLETED, and
  // info_read calls no callback.
  if (t.opts.verbose && st !== ST_MSGSENT)
    m.guard.debug(t, `STATE: ${STATE_NAMES[old]} => ${STATE_NAMES[st]}`);
  t.state = st;
  LEAVE[old]?.(m, t);
  ENTER[st]?.(m, t);
}

/**
 * ms from the start of the current request (a redirect starts a new one) to now, at least 1 µs as
 * libcurl: the timings are sums of these over the redirect chain (Curl_pgrsTimeWas).
 */
export function since(t: Transfer, now: number): number {
  return Math.max(now - t.hop.start, 0.001);
}

/** Ends the transfer with `code` and libcurl's error-buffer text. */
export function fail(m: Ports, t: Transfer, code: CURLcode, detail: string): void {
  t.info.result = code;
  t.info.errorDetail = detail;
  if (t.opts.verbose && detail) m.guard.debug(t, detail);
  setState(m, t, ST_DONE);
}
