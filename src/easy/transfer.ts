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
import {
  connectPollset,
  connectStep,
  connectTarget,
  loadResolveEntries,
  resolveStep,
} from "./connect.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, setState } from "./mstate.ts";
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
  armTimeouts,
  checkTimeout,
  connected,
  speedCheck,
  THROTTLE_RECV,
  THROTTLE_SEND,
} from "./timeouts.ts";
import { parseUrl } from "./url.ts";

export { fail, setState };

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
        if (!stateSending(m, e)) return;
        break;
      case ST_WAITING:
      case ST_HEADERS:
      case ST_BODY:
        if (stateReceiving(m, e)) break;
        // Waiting for data: the low-speed check runs whenever the transfer runs (libcurl's pgrsCheck).
        if (!speedCheck(m, e, m.now())) return;
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
    armTimeouts(m, e);
  }
  const u = parseUrl(e.opts.url);
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
  e.parserReady = false;
  e.noReuse = false;
  e.got100 = false;
  if (!loadResolveEntries(m, e)) return;
  connectTarget(e);
  if (!e.opts.freshConnect) {
    const c = m.reuseConnection(e);
    if (c) {
      e.conn = c;
      e.reused = true;
      c.uses++;
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
    if (e.opts.verbose) m.debug(e, "No connections available.");
    setState(m, e, ST_PENDING);
    m.addPending(e);
    return;
  }
  m.newConnection(e);
  setState(m, e, ST_RESOLVING);
}

/** Waiting for a connection slot; woken by EXPIRE_MULTI_PENDING when one frees. */
function statePending(m: Engine, e: Easy): boolean {
  if (!m.mayConnect(e)) return false;
  m.removePending(e);
  m.newConnection(e);
  setState(m, e, ST_RESOLVING);
  return true;
}

function stateConnecting(m: Engine, e: Easy): boolean {
  if (!connectStep(m, e)) return false;
  if (e.state !== ST_CONNECTING) return true; // failed
  const now = m.now();
  e.tConnect = now;
  if (e.scheme === "https") e.tAppconnect = now;
  m.noteAddresses(e);
  connected(m, e);
  if (e.opts.verbose) m.debug(e, `Connected to ${e.host} (${e.primaryIp}) port ${e.primaryPort}`);
  setState(m, e, ST_SENDING);
  return true;
}

function stateDone(m: Engine, e: Easy): void {
  const now = m.now();
  e.tTotal = now;
  if (e.tPretransfer === 0) {
    // Failed before the request went out: libcurl stamps these at the failure time.
    e.tPretransfer = now;
    e.tStarttransfer = now;
  }
  m.transferDone(e);
  setState(m, e, ST_COMPLETED);
  m.postMessage(e);
}
