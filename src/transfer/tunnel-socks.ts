// The SOCKS step of the proxy handshake (libcurl's SOCKS connection filter, lib/socks.c): the
// destination resolved here first for socks4:// and socks5:// (socks4a:// and socks5h:// leave the
// name to the proxy), then the SOCKS exchange from src/proxy/socks.ts on the connection's socket. A
// failure is CURLE_PROXY with the CURLPX_* code in getinfo("proxyError").

import {
  CURLE_OK,
  CURLE_SEND_ERROR,
  CURLPROXY_SOCKS4,
  CURLPROXY_SOCKS4A,
  CURLPROXY_SOCKS5_HOSTNAME,
} from "../constants/index.ts";
import { isLocalhostName } from "../dns/index.ts";
import { isAddress } from "../proxy/noproxy.ts";
import { SocksHandshake } from "../proxy/socks.ts";
import { dnsFor } from "../share/pick.ts";
import { SOCK_EOF, SOCK_ERROR } from "../transport/types.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import type { Transfer } from "./transfer.ts";
import type { Tunnel } from "./tunnel-state.ts";

const IPRESOLVE_V4 = 1;

/** Where the SOCKS proxy is asked to connect: the HTTP proxy behind it, or the origin. */
function destination(t: Transfer): { host: string; port: number } {
  const http = t.route!.http;
  return http !== null
    ? { host: http.host, port: http.port }
    : { host: t.originHost, port: t.originPort };
}

/**
 * The destination's address when this SOCKS type resolves locally: undefined while the lookup is
 * out, null when there is none (the handshake then fails with libcurl's text for it), or the name
 * itself when the proxy resolves it or it is an address already.
 */
function localAddress(m: Ports, t: Transfer, tun: Tunnel): string | null | undefined {
  const type = t.route!.socks!.type;
  const { host, port } = destination(t);
  if (type === CURLPROXY_SOCKS4A || type === CURLPROXY_SOCKS5_HOSTNAME || isAddress(host))
    return host;
  let addrs: readonly string[] | null | undefined;
  const q = tun.dnsQuery;
  if (q !== null) {
    if (!q.done) return undefined;
    m.sockets.close(t, q.s);
    tun.dnsQuery = null;
    addrs = q.addrs;
    // The transfer's DNS cache: its share's when the share shares DNS, else its multi's.
    if (addrs !== null && addrs.length > 0) dnsFor(m, t).put(host, port, addrs, m.now());
  } else {
    addrs = dnsFor(m, t).get(host, port, m.now(), t.opts.dnsCacheTimeout);
    if (addrs === undefined) {
      if (m.resolver === null) addrs = isLocalhostName(host) ? ["127.0.0.1"] : null;
      else {
        const nq = m.resolver.start(host, port);
        if (!nq.done) {
          tun.dnsQuery = nq;
          return undefined;
        }
        addrs = nq.addrs;
      }
    }
  }
  const list = addrs ?? [];
  const v4 = list.find((a) => !a.includes(":"));
  // SOCKS4 carries IPv4 only; SOCKS5 takes IPv6 first unless CURLOPT_IPRESOLVE asks for IPv4.
  if (type === CURLPROXY_SOCKS4) return v4 ?? null;
  const v6 = t.opts.ipResolve === IPRESOLVE_V4 ? undefined : list.find((a) => a.includes(":"));
  return v6 ?? v4 ?? null;
}

/** The SOCKS lookup's event socket while it is out (for the pollset), else -1. */
export function socksLookupSocket(t: Transfer): number {
  return t.tunnel?.dnsQuery?.s ?? -1;
}

function failed(m: Ports, t: Transfer, hs: SocksHandshake): void {
  t.info.proxyError = hs.proxyCode;
  fail(m, t, hs.code, hs.message);
}

/**
 * Runs the SOCKS step as far as it goes: true when the tunnel is up (the caller moves on), false
 * while it waits or when the transfer failed.
 */
export function socksStep(m: Ports, t: Transfer): boolean {
  const tun = t.tunnel!;
  let hs = tun.socks as SocksHandshake | null;
  if (hs === null) {
    const addr = localAddress(m, t, tun);
    if (addr === undefined) return false;
    const socks = t.route!.socks!;
    const dest = destination(t);
    const v4 = socks.type === CURLPROXY_SOCKS4 || socks.type === CURLPROXY_SOCKS4A;
    if (t.opts.verbose) m.guard.debug(t, `SOCKS${v4 ? 4 : 5} connect to ${dest.host}:${dest.port}`);
    hs = new SocksHandshake({
      version: v4 ? 4 : 5,
      // lib/socks.c: SOCKS4A always hands the proxy the name, an address's text included; the
      // others send an address as one.
      remoteResolve:
        socks.type === CURLPROXY_SOCKS4A || (addr === dest.host && !isAddress(dest.host)),
      host: addr ?? dest.host,
      port: dest.port,
      user: socks.user ?? "",
      password: socks.pass,
      hostName: dest.host,
    });
    tun.socks = hs;
  }
  const io = m.transport;
  const s = t.conn!.s;
  for (;;) {
    if (hs.code !== CURLE_OK) {
      failed(m, t, hs);
      return false;
    }
    const out = hs.output();
    if (out !== null) {
      tun.out = out;
      tun.outPos = 0;
    }
    if (tun.out !== null) {
      const n = io.send(s, tun.out, tun.outPos, tun.out.length);
      if (n < 0) {
        hs.sendFailed(CURLE_SEND_ERROR);
        continue;
      }
      tun.outPos += n;
      if (tun.outPos < tun.out.length) return false;
      tun.out = null;
    }
    if (hs.done) {
      if (t.opts.verbose) m.guard.debug(t, "SOCKS connect done, tunnel established");
      return true;
    }
    const chunk = io.recvChunk(s);
    if (chunk === undefined) {
      const st = io.state(s);
      if (st === SOCK_EOF) hs.peerClosed();
      else if (st === SOCK_ERROR) hs.recvFailed(io.error(s));
      else return false;
      continue;
    }
    const off = io.recvOffset(s);
    const n = hs.input(chunk, off, chunk.length);
    if (n > 0) io.consume(s, n);
    else if (!hs.done && hs.code === CURLE_OK) return false; // nothing taken: wait for more
  }
}
