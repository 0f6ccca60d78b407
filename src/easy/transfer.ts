// The transfer state machine (libcurl's multi_runsingle): one function per state, every change through
// setState() (mstate.ts). The multi handle calls runTransfer() when one of the transfer's sockets is
// ready or one of its timers expired; each state checks its own conditions and moves on or waits.

import {
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_OK,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import { ALL_ENCODINGS } from "../http/decode.ts";
import { EXPIRE_100_TIMEOUT } from "../timer/index.ts";
import {
  connectPollset,
  connectStep,
  connectTarget,
  loadResolveEntries,
  resolveStep,
} from "./connect.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, setState, since } from "./mstate.ts";
import { stateReceiving } from "./receive.ts";
import { stateSending } from "./send.ts";
import {
  ST_BODY,
  ST_COMPLETED,
  ST_CONNECTING,
  ST_DONE,
  ST_HEADERS,
  ST_INIT,
  ST_PENDING,
  ST_RESOLVING,
  ST_SENDING,
  ST_WAITING,
} from "./states.ts";
import {
  armConnectTimeout,
  armTimeouts,
  checkTimeout,
  connected,
  progressCheck,
  progressDone,
  speedCheck,
  THROTTLE_RECV,
  THROTTLE_SEND,
} from "./timeouts.ts";
import { parseUrl } from "./url.ts";

/**
 * The transfer's pollset (libcurl's multi_getsock): up to two sockets and what it wants on each
 * (CURL_POLL_* bits), written into outS/outW; returns how many.
 */
export function pollset(e: Easy, outS: Int32Array, outW: Int32Array): number {
  switch (e.state) {
    case ST_RESOLVING:
    case ST_CONNECTING:
      return connectPollset(e, outS, outW, CURL_POLL_OUT);
    case ST_SENDING:
      if (e.throttled & THROTTLE_SEND || e.paused & CURLPAUSE_SEND) return 0;
      outS[0] = e.conn!.s;
      outW[0] = CURL_POLL_OUT;
      return 1;
    case ST_WAITING:
    case ST_HEADERS:
    case ST_BODY:
      if (e.paused & CURLPAUSE_RECV || e.throttled & THROTTLE_RECV) return 0;
      outS[0] = e.conn!.s;
      outW[0] = CURL_POLL_IN;
      return 1;
    default:
      return 0;
  }
}

/** The Accept-Encoding header: none by default, every supported coding for "" (CURLOPT_ACCEPT_ENCODING). */
function acceptEncoding(e: Easy): string | undefined {
  const a = e.opts.acceptEncoding;
  if (a === null) return undefined;
  return a === "" ? ALL_ENCODINGS : a;
}

/** Runs the transfer until it has to wait for a socket or a timer, or is completed. */
export function runTransfer(m: Engine, e: Easy): void {
  if (e.state < ST_DONE) {
    if (m.dead) {
      // A socket or timer callback failed: every transfer of the multi ends (libcurl: multi->dead).
      fail(m, e, CURLE_ABORTED_BY_CALLBACK, "Operation was aborted by an application callback");
    } else if (e.state !== ST_INIT) checkTimeout(m, e, m.now());
  }
  for (;;) {
    switch (e.state) {
      case ST_INIT:
        stateInit(m, e);
        break;
      case ST_PENDING:
        if (!statePending(m, e)) return;
        break;
      case ST_RESOLVING:
        if (!resolveStep(m, e)) return;
        break;
      case ST_CONNECTING:
        if (!stateConnecting(m, e)) return;
        break;
      case ST_SENDING:
        if (stateSending(m, e, acceptEncoding(e))) break;
        if (!progressCheck(m, e, m.now())) return;
        break;
      case ST_WAITING:
      case ST_HEADERS:
      case ST_BODY:
        if (stateReceiving(m, e)) break;
        // Waiting for data: the low-speed check runs whenever the transfer runs (libcurl's pgrsCheck).
        if (!speedCheck(m, e, m.now()) && !progressCheck(m, e, m.now())) return;
        break;
      case ST_DONE:
        stateDone(m, e);
        return;
      default:
        return;
    }
  }
}

function stateInit(m: Engine, e: Easy): void {
  const now = m.now();
  if (e.tStart === 0) {
    e.tStart = now;
    e.hopStart = now;
    armTimeouts(m, e);
  }
  const u = parseUrl(e.curUrl ?? e.opts.url);
  e.effectiveUrl = u.href;
  if (u.code !== CURLE_OK) {
    fail(m, e, u.code, u.detail);
    return;
  }
  e.scheme = u.scheme;
  e.host = u.host;
  e.port = u.port;
  e.target = u.target;
  e.hostHeader = u.hostHeader;
  e.urlUser = u.user;
  e.urlPass = u.pass;
  if (e.redirectCount === 0) {
    e.firstScheme = u.scheme;
    e.firstHost = u.host;
    e.firstPort = u.port;
  } else armConnectTimeout(m, e);
  e.beginRequest();
  // A 100-continue wait of the previous request (a 417 repeat) is over.
  m.expireDone(e, EXPIRE_100_TIMEOUT);
  if (!loadResolveEntries(m, e)) return;
  if (!connectTarget(m, e)) return;
  acquire(m, e);
}

/**
 * Gets e a connection: an idle one of its origin first (also for a transfer woken from the pending
 * queue), else a new one when the limits allow it, else e waits in PENDING at its place in the queue
 * (libcurl: CONNECT tries the cache, then the limits, then goes PENDING).
 */
function acquire(m: Engine, e: Easy): void {
  // A wake-up is used here, whatever comes of it.
  const woken = e.woken;
  e.woken = false;
  if (!e.opts.freshConnect) {
    const c = m.reuseConnection(e);
    if (c) {
      m.removePending(e);
      e.conn = c;
      e.reused = true;
      // libcurl reports no name lookup or connect time for a reused connection: they stay 0.
      m.noteAddresses(e);
      connected(m, e);
      if (e.opts.verbose) m.debug(e, `Re-using existing connection with host ${e.host}`);
      setState(m, e, ST_SENDING);
      return;
    }
  }
  e.reused = false;
  if (!m.mayConnect(e)) {
    if (e.state !== ST_PENDING) {
      if (e.opts.verbose) m.debug(e, "No connections available.");
      setState(m, e, ST_PENDING);
    }
    m.addPending(e);
    if (woken) m.passWake(e);
    return;
  }
  m.removePending(e);
  m.newConnection(e);
  setState(m, e, ST_RESOLVING);
}

/** Waiting for a connection slot; woken (taken out of the queue) by EXPIRE_MULTI_PENDING when one frees. */
function statePending(m: Engine, e: Easy): boolean {
  // Still queued: it ran for another reason (a timeout check, perform()); its turn has not come.
  if (e.queued) return false;
  acquire(m, e);
  return e.state !== ST_PENDING;
}

function stateConnecting(m: Engine, e: Easy): boolean {
  if (!connectStep(m, e)) return false;
  if (e.state !== ST_CONNECTING) return true; // failed
  const now = m.now();
  const d = since(e, now);
  if (e.scheme === "https") {
    // TCP connect, then the handshake: connect time is the first part, appconnect the whole.
    e.tConnect += Math.max(d - m.transport.handshakeTime(e.conn!.s), 0.001);
    e.tAppconnect += d;
  } else e.tConnect += d;
  m.noteAddresses(e);
  connected(m, e);
  if (e.opts.verbose) m.debug(e, `Connected to ${e.host} (${e.primaryIp}) port ${e.primaryPort}`);
  setState(m, e, ST_SENDING);
  return true;
}

function stateDone(m: Engine, e: Easy): void {
  progressDone(m, e);
  const now = m.now();
  e.tTotal = Math.max(now - e.tStart, 0.001);
  if (!e.pretransferDone) {
    // Failed before the request went out: libcurl stamps these at the failure time.
    const d = since(e, now);
    e.tPretransfer += d;
    e.tStarttransfer += d;
  }
  m.transferDone(e);
  setState(m, e, ST_COMPLETED);
  m.postMessage(e);
}
