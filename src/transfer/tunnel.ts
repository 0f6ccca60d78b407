// The proxy handshake on a new connection, step by step, inside CONNECTING (libcurl runs its proxy
// connection filters there too, so CURLOPT_CONNECTTIMEOUT covers all of it): SOCKS, the TLS to an
// HTTPS proxy behind it, CONNECT and its answer (lib/cf-h1-proxy.c), the TLS to the origin inside the
// tunnel. Each step says what it waits for (the pollset) and moves on when it can.

import { AUTH_AGAIN, AUTH_FAIL } from "../auth/act.ts";
import { alpnOffer } from "../conn/key.ts";
import {
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURLE_COULDNT_CONNECT,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_OK,
  CURLE_RECV_ERROR,
  CURLE_SEND_ERROR,
  CURLE_WRITE_ERROR,
  CURLPROXY_HTTP_1_0,
} from "../constants/index.ts";
import { ConnectResponse, connectRequest } from "../proxy/connect.ts";
import { isHttpsProxy } from "../proxy/route.ts";
import {
  SOCK_CONNECTING,
  SOCK_EOF,
  SOCK_ERROR,
  SOCK_OPEN,
  type TlsRequest,
} from "../transport/types.ts";
import { authenticateLine, authVerdict, connectAuthorization } from "./auth.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import { fail, setState } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { ST_RESOLVING } from "./states.ts";
import type { Transfer } from "./transfer.ts";
import { socksLookupSocket, socksStep } from "./tunnel-socks.ts";
import {
  TUN_CONNECT,
  TUN_CONNECT_READ,
  TUN_DONE,
  TUN_ORIGIN_TLS,
  TUN_PROXY_TLS,
  TUN_SOCKS,
  Tunnel,
} from "./tunnel-state.ts";

/** "host:port" for CONNECT and SOCKS, an IPv6 address in brackets. */
function authority(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The step after `step` that t's route needs (TUN_DONE when none is left). */
function nextStep(t: Transfer, step: number): number {
  const r = t.route!;
  for (let s = step + 1; s < TUN_DONE; s++) {
    if (s === TUN_SOCKS && r.socks !== null) return s;
    if (s === TUN_PROXY_TLS && r.socks !== null && r.http !== null && isHttpsProxy(r.http.type))
      return s;
    if (s === TUN_CONNECT && r.tunnel) return s;
    // TLS to the origin when something sits between: a tunnel or a SOCKS proxy.
    if (s === TUN_ORIGIN_TLS && t.url.scheme === "https" && (r.tunnel || r.http === null)) return s;
  }
  return TUN_DONE;
}

/** After the socket connected: whether t has a proxy handshake to do (then t.tunnel holds it). */
export function startTunnel(t: Transfer): boolean {
  if (t.route === null) return false;
  const step = nextStep(t, 0);
  if (step === TUN_DONE) return false;
  const tun = new Tunnel();
  tun.step = step;
  t.tunnel = tun;
  return true;
}

/**
 * The handshake's pollset: the SOCKS lookup's event socket (IN) while it is out, else the
 * connection's socket with what the current step waits for. Returns how many (1).
 */
export function tunnelPollset(t: Transfer, outS: Int32Array, outW: Int32Array): number {
  const tun = t.tunnel!;
  const q = socksLookupSocket(t);
  if (q >= 0) {
    outS[0] = q;
    outW[0] = CURL_POLL_IN;
    return 1;
  }
  outS[0] = t.conn!.s;
  if (tun.step === TUN_CONNECT_READ) outW[0] = CURL_POLL_IN;
  else if (tun.step === TUN_SOCKS) outW[0] = tun.out !== null ? CURL_POLL_OUT : CURL_POLL_IN;
  else outW[0] = CURL_POLL_OUT;
  return 1;
}

/**
 * Runs the handshake as far as it goes now. Returns true when it is over (t.tunnel.step is TUN_DONE)
 * or the transfer failed, false while it waits.
 */
export function tunnelStep(m: Ports, t: Transfer): boolean {
  const tun = t.tunnel!;
  for (;;) {
    let go: boolean;
    switch (tun.step) {
      case TUN_PROXY_TLS:
        go = tlsStep(m, t, proxyTls(t));
        break;
      case TUN_CONNECT:
        go = sendConnect(m, t);
        break;
      case TUN_CONNECT_READ:
        go = readAnswer(m, t);
        break;
      case TUN_ORIGIN_TLS:
        go = tlsStep(m, t, originTls(t));
        break;
      case TUN_SOCKS:
        go = socksStep(m, t);
        if (go) {
          tun.socks = null;
          tun.step = nextStep(t, TUN_SOCKS);
        }
        break;
      default:
        return true;
    }
    if (t.info.result !== CURLE_OK) return true;
    if (!go) return false;
  }
}

function proxyTls(t: Transfer): TlsRequest {
  const o = t.opts;
  return {
    servername: t.route!.http!.host,
    verifyPeer: o.proxySslVerifyPeer !== 0,
    verifyHost: o.proxySslVerifyHost !== 0,
    caInfo: o.proxyCaInfo ?? undefined,
    alpn: ["http/1.1"],
  };
}

function originTls(t: Transfer): TlsRequest {
  const o = t.opts;
  return {
    servername: t.url.host,
    verifyPeer: o.sslVerifyPeer !== 0,
    verifyHost: o.sslVerifyHost !== 0,
    caInfo: o.caInfo ?? undefined,
    alpn: alpnOffer(t),
  };
}

/** A TLS step: started once, then done when the socket is open again. */
function tlsStep(m: Ports, t: Transfer, req: TlsRequest): boolean {
  const tun = t.tunnel!;
  const s = t.conn!.s;
  if (!tun.tlsStarted) {
    tun.tlsStarted = true;
    m.transport.startTls(s, req);
  }
  const st = m.transport.state(s);
  if (st === SOCK_CONNECTING) return false;
  if (st !== SOCK_OPEN) {
    transportFailed(m, t, CURLE_COULDNT_CONNECT);
    return false;
  }
  tun.tlsStarted = false;
  tun.step = nextStep(t, tun.step);
  return true;
}

/** The socket failed or closed: its code and text, or `fallback` with libcurl's text. */
function transportFailed(m: Ports, t: Transfer, fallback: number, text = ""): void {
  const s = t.conn!.s;
  const io = m.transport;
  if (io.state(s) === SOCK_ERROR) fail(m, t, io.error(s) || fallback, io.errorDetail(s));
  else fail(m, t, fallback, text || "Connection died during the proxy handshake");
}

/** Sends the CONNECT request (made on the first call); true once all of it went. */
function sendConnect(m: Ports, t: Transfer): boolean {
  const tun = t.tunnel!;
  const http = t.route!.http!;
  if (tun.out === null) {
    const where = authority(t.originHost, t.originPort);
    if (t.opts.verbose) m.guard.debug(t, `Establish HTTP proxy tunnel to ${where}`);
    tun.out = connectRequest({
      authority: where,
      http10: http.type === CURLPROXY_HTTP_1_0,
      // Basic up front, or the answer to the last 407's challenge (Digest), from the auth session.
      proxyAuthorization: connectAuthorization(t, where) ?? undefined,
      userAgent: t.opts.userAgent ?? undefined,
      headers: t.opts.proxyHeader,
    });
    tun.outPos = 0;
    t.info.requestSize += tun.out.length;
  }
  const out = tun.out;
  const n = m.transport.send(t.conn!.s, out, tun.outPos, out.length);
  if (n < 0) {
    fail(m, t, CURLE_SEND_ERROR, "Failed sending CONNECT to proxy");
    return false;
  }
  tun.outPos += n;
  if (tun.outPos < out.length) return false;
  tun.out = null;
  tun.resp = new ConnectResponse((buf, start, end) => connectHeader(m, t, buf, start, end));
  tun.step = TUN_CONNECT_READ;
  return true;
}

/**
 * A header line of the proxy's answer goes to the auth session (a 407's Proxy-Authenticate) and to
 * the header callback, as libcurl's CLIENTWRITE_CONNECT.
 */
function connectHeader(m: Ports, t: Transfer, buf: Uint8Array, start: number, end: number): number {
  authenticateLine(t, t.tunnel!.resp!.status, buf, start, end);
  const len = end - start;
  t.info.headerSize += len;
  const fn = t.opts.headerFunction;
  if (fn === null) return CURLE_OK;
  const rc = m.guard.write(fn, buf, start, end, t, t.opts.headerData, "header");
  if (rc !== len) {
    t.info.errorDetail =
      rc === CALLBACK_FAILED
        ? `Failed writing header: ${t.info.errorDetail}`
        : "Failed writing header";
    return CURLE_WRITE_ERROR;
  }
  return CURLE_OK;
}

/** Reads the answer to CONNECT; true when the step moved on. */
function readAnswer(m: Ports, t: Transfer): boolean {
  const tun = t.tunnel!;
  const resp = tun.resp!;
  const io = m.transport;
  const s = t.conn!.s;
  while (!resp.done) {
    const chunk = io.recvChunk(s);
    if (chunk === undefined) {
      const st = io.state(s);
      if (st === SOCK_EOF) {
        // The proxy closed before its answer ended (libcurl: "Proxy CONNECT aborted").
        fail(m, t, CURLE_RECV_ERROR, "Proxy CONNECT aborted");
      } else if (st === SOCK_ERROR) transportFailed(m, t, CURLE_RECV_ERROR);
      return false;
    }
    const off = io.recvOffset(s);
    const n = resp.feed(chunk, off, chunk.length);
    if (n > 0) io.consume(s, n);
    if (resp.result !== 0) {
      fail(m, t, resp.result, resp.detail || t.info.errorDetail);
      return false;
    }
  }
  const status = resp.status;
  t.info.connectCode = status;
  if (t.opts.verbose) m.guard.debug(t, `CONNECT Response Status ${status}`);
  if (status < 200 || status > 299) return refused(m, t, status, resp.closes);
  if (t.opts.verbose) m.guard.debug(t, `CONNECT tunnel established, response ${status}`);
  tun.resp = null;
  tun.step = nextStep(t, TUN_CONNECT_READ);
  return true;
}

/**
 * The proxy did not open the tunnel (cf-h1-proxy.c after Curl_http_auth_act): a 407 answered with
 * credentials sends CONNECT again, on this connection or, when the proxy closes it, on a new one
 * ("Connect me again please"); CURLOPT_FAILONERROR makes a refusal CURLE_HTTP_RETURNED_ERROR; else
 * the tunnel failed (current curl: 7; 7.88 said 56). Returns true when the step moved on.
 */
function refused(m: Ports, t: Transfer, status: number, closes: boolean): boolean {
  const tun = t.tunnel!;
  const verdict = authVerdict(t, status);
  if (verdict === AUTH_AGAIN) {
    tun.resp = null;
    if (!closes) {
      tun.step = TUN_CONNECT;
      return true;
    }
    if (t.opts.verbose) m.guard.debug(t, "Connect me again please");
    const c = t.conn!;
    m.sockets.close(t, c.s);
    c.s = -1;
    // Leaving CONNECTING drops this handshake; the proxy's address comes from the DNS cache, and
    // libcurl reconnects without a new name lookup: its time stays as it was.
    t.hop.reconnect = true;
    setState(m, t, ST_RESOLVING);
    return false;
  }
  if (verdict === AUTH_FAIL) {
    fail(m, t, CURLE_HTTP_RETURNED_ERROR, `The requested URL returned error: ${status}`);
    return false;
  }
  fail(m, t, CURLE_COULDNT_CONNECT, `CONNECT tunnel failed, response ${status}`);
  return false;
}
