// The transfer state machine (libcurl's multi_runsingle): one function per state, every change through
// setState() (mstate.ts). The multi calls runTransfer() when one of the transfer's sockets is ready or
// one of its timers expired; each state checks its own conditions and moves on or waits.

import {
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_OK,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import { Http1 } from "../http/connection.ts";
import { ALL_ENCODINGS } from "../http/decode.ts";
import { newSession } from "../http2/connection.ts";
import { dnsFor, keepTlsSession } from "../share/pick.ts";
import { beginAuth } from "./auth.ts";
import {
  connectPollset,
  connectStep,
  connectTarget,
  loadResolveEntries,
  resolveStep,
} from "./connect.ts";
import { cookiesPretransfer } from "./cookies.ts";
import { fail, setState, since } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { chooseRoute } from "./proxy.ts";
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
  progressCheck,
  progressDone,
  speedCheck,
  THROTTLE_RECV,
  THROTTLE_SEND,
} from "./timeouts.ts";
import type { Transfer } from "./transfer.ts";
import { startTunnel, tunnelPollset, tunnelStep } from "./tunnel.ts";
import { parseUrl } from "./url.ts";

/**
 * The transfer's pollset (libcurl's multi_getsock): up to two sockets and what it wants on each
 * (CURL_POLL_* bits), written into outS/outW; returns how many.
 */
export function pollset(t: Transfer, outS: Int32Array, outW: Int32Array): number {
  switch (t.state) {
    case ST_RESOLVING:
    case ST_CONNECTING:
      // The proxy handshake runs on the connection's socket.
      if (t.tunnel !== null) return tunnelPollset(t, outS, outW);
      return connectPollset(t, outS, outW, CURL_POLL_OUT);
    case ST_SENDING:
      // An HTTP/2 stream has no socket of its own: its connection is watched for all its streams.
      if (t.conn!.h2 !== null) return 0;
      if (t.speed.throttled & THROTTLE_SEND || t.paused & CURLPAUSE_SEND) return 0;
      outS[0] = t.conn!.s;
      outW[0] = CURL_POLL_OUT;
      return 1;
    case ST_WAITING:
    case ST_HEADERS:
    case ST_BODY:
      if (t.conn!.h2 !== null) return 0;
      if (t.paused & CURLPAUSE_RECV || t.speed.throttled & THROTTLE_RECV) return 0;
      outS[0] = t.conn!.s;
      outW[0] = CURL_POLL_IN;
      return 1;
    default:
      return 0;
  }
}

/** The Accept-Encoding header: none by default, every supported coding for "" (CURLOPT_ACCEPT_ENCODING). */
function acceptEncoding(t: Transfer): string | undefined {
  const a = t.opts.acceptEncoding;
  if (a === null) return undefined;
  return a === "" ? ALL_ENCODINGS : a;
}

/** Runs the transfer until it has to wait for a socket or a timer, or is completed. */
export function runTransfer(m: Ports, t: Transfer): void {
  if (t.state < ST_DONE) {
    if (m.dead) {
      // A socket or timer callback failed: every transfer of the multi ends (libcurl: multi->dead).
      fail(m, t, CURLE_ABORTED_BY_CALLBACK, "Operation was aborted by an application callback");
    } else if (t.state !== ST_INIT) checkTimeout(m, t, m.now());
  }
  for (;;) {
    switch (t.state) {
      case ST_INIT:
        stateInit(m, t);
        break;
      case ST_PENDING:
        if (!statePending(m, t)) return;
        break;
      case ST_RESOLVING:
        if (!resolveStep(m, t)) return;
        break;
      case ST_CONNECTING:
        if (!stateConnecting(m, t)) return;
        break;
      case ST_SENDING:
        if (stateSending(m, t, acceptEncoding(t))) break;
        if (!progressCheck(m, t, m.now())) return;
        break;
      case ST_WAITING:
      case ST_HEADERS:
      case ST_BODY:
        if (stateReceiving(m, t)) break;
        // Waiting for data: the low-speed check runs whenever the transfer runs (libcurl's pgrsCheck).
        if (!speedCheck(m, t, m.now()) && !progressCheck(m, t, m.now())) return;
        break;
      case ST_DONE:
        stateDone(m, t);
        return;
      default:
        return;
    }
  }
}

function stateInit(m: Ports, t: Transfer): void {
  const now = m.now();
  if (t.tStart === 0) {
    t.tStart = now;
    t.hop.start = now;
    beginAuth(t);
    armTimeouts(m, t);
    if (!cookiesPretransfer(m, t)) return;
  }
  const u = parseUrl(t.curUrl ?? t.opts.url);
  t.info.effectiveUrl = u.href;
  if (u.code !== CURLE_OK) {
    fail(m, t, u.code, u.detail);
    return;
  }
  t.url = u;
  if (t.info.redirectCount === 0) {
    t.firstScheme = u.scheme;
    t.firstHost = u.host;
    t.firstPort = u.port;
  } else armConnectTimeout(m, t);
  if (!loadResolveEntries(m, t)) return;
  if (!connectTarget(m, t)) return;
  if (!chooseRoute(m, t)) return;
  acquire(m, t);
}

/**
 * Gets t a connection: an idle one of its origin first (also for a transfer woken from the pending
 * queue), else a new one when the limits allow it, else t waits in PENDING at its place in the queue
 * (libcurl: CONNECT tries the cache, then the limits, then goes PENDING). Leaving PENDING gives up
 * the place in the queue (mstate.ts).
 */
function acquire(m: Ports, t: Transfer): void {
  // A wake-up is used here, whatever comes of it.
  const woken = t.woken;
  t.woken = false;
  if (!t.opts.freshConnect) {
    const c = m.pool.reuse(t);
    if (c) {
      m.pool.attach(t, c);
      t.reused = true;
      // libcurl reports no name lookup or connect time for a reused connection: they stay 0.
      noteAddresses(m, t);
      if (t.opts.verbose) m.guard.debug(t, `Re-using existing connection with host ${t.url.host}`);
      setState(m, t, ST_SENDING);
      return;
    }
  }
  t.reused = false;
  // CURLOPT_PIPEWAIT: a connection in progress that may multiplex is waited for, not doubled.
  const pending = t.opts.freshConnect ? undefined : m.pool.pipeWaitFor(t);
  if (pending !== undefined) {
    if (t.opts.verbose) m.guard.debug(t, "Waiting on a connection in progress that may multiplex");
    m.pool.pipeWait(t, pending);
    setState(m, t, ST_PENDING);
    if (woken) m.pool.passWake(t);
    return;
  }
  if (!m.pool.mayConnect(t)) {
    if (t.state !== ST_PENDING) {
      if (t.opts.verbose) m.guard.debug(t, "No connections available.");
      setState(m, t, ST_PENDING);
    }
    m.pool.wait(t);
    if (woken) m.pool.passWake(t);
    return;
  }
  t.conn = m.pool.open(t);
  setState(m, t, ST_RESOLVING);
}

/** Waiting for a connection slot; woken (taken out of the queue) by EXPIRE_MULTI_PENDING when one frees. */
function statePending(m: Ports, t: Transfer): boolean {
  // Still queued, or still waiting for a connection in progress: it ran for another reason (a
  // timeout check, perform()); its turn has not come.
  if (t.queued || t.pipeOn !== null) return false;
  acquire(m, t);
  return t.state !== ST_PENDING;
}

function stateConnecting(m: Ports, t: Transfer): boolean {
  const info = t.info;
  if (t.tunnel === null) {
    if (!connectStep(m, t)) return false;
    if (t.state !== ST_CONNECTING) return true; // failed
    // CURLINFO_NUM_CONNECTS counts connections made: a refused or failed connect is none (curl -w
    // %{num_connects} says 0 there).
    info.numConnects++;
    startTunnel(t);
  }
  // Through proxies: their handshake first (SOCKS, CONNECT, the TLS inside).
  // A 407 on a connection the proxy closes goes back to RESOLVING for a new one: a state change.
  if (t.tunnel !== null && !tunnelStep(m, t)) return t.state !== ST_CONNECTING;
  if (t.state !== ST_CONNECTING) return true; // failed
  const c = t.conn!;
  const now = m.now();
  const d = since(t, now);
  if (t.url.scheme === "https") {
    // TCP connect, then the handshake: connect time is the first part, appconnect the whole.
    info.tConnect += Math.max(d - m.transport.handshakeTime(c.s), 0.001);
    info.tAppconnect += d;
  } else info.tConnect += d;
  // The protocol is known once connected: HTTP/2 when ALPN agreed on it (or with prior knowledge),
  // else HTTP/1.1.
  const alpn = m.transport.alpnProtocol(c.s);
  if (alpn === "h2" || t.opts.httpVersion === CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE) {
    c.h2 = newSession({ scheme: t.url.scheme }, () => m.connDirty(c));
    m.sockets.share(t, c);
    if (t.opts.verbose) m.guard.debug(t, "using HTTP/2");
  } else c.proto = new Http1();
  m.pool.connected(c);
  m.pool.attach(t, c);
  noteAddresses(m, t);
  if (t.opts.verbose)
    m.guard.debug(t, `Connected to ${t.url.host} (${info.primaryIp}) port ${info.primaryPort}`);
  setState(m, t, ST_SENDING);
  return true;
}

/** Copies the connection's addresses into the info. */
function noteAddresses(m: Ports, t: Transfer): void {
  const io = m.transport;
  const s = t.conn!.s;
  const info = t.info;
  info.primaryIp = io.remoteAddress(s);
  info.primaryPort = io.remotePort(s);
  info.localIp = io.localAddress(s);
  info.localPort = io.localPort(s);
}

/** DONE (libcurl's multi_done): the last progress call, the total time, the connection back or closed. */
function stateDone(m: Ports, t: Transfer): void {
  progressDone(m, t);
  const now = m.now();
  const info = t.info;
  info.tTotal = Math.max(now - t.tStart, 0.001);
  if (!t.req.built) {
    // Failed before the request went out: libcurl stamps these at the failure time.
    const d = since(t, now);
    info.tPretransfer += d;
    info.tStarttransfer += d;
  }
  dnsFor(m, t).prune(now, t.opts.dnsCacheTimeout);
  // CURLOPT_FORBID_REUSE (multi_done's reuse_forbid): the connection closes when this transfer
  // leaves it (over HTTP/2, once its other streams are done).
  if (t.opts.forbidReuse !== 0) t.proto?.retireConnection();
  if (t.conn !== null && t.opts.share !== null) keepTlsSession(t, m.transport, t.conn.s);
  m.pool.release(t);
  setState(m, t, ST_COMPLETED);
}
