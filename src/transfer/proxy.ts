// The proxy side of a request in the transfer: its route (which proxies, tunnel or not), where the
// first connect goes, and what the request to a forwarding proxy adds (the absolute-form target,
// Proxy-Connection and CURLOPT_PROXYHEADER), and the proxy's side of authentication (its
// credentials, answered by src/auth as the server's are: Basic, Digest, ANY).

import { byteString } from "../auth/digest-response.ts";
import type { ProxyAuth } from "../auth/session.ts";
import { CURLE_NOT_BUILT_IN } from "../constants/index.ts";
import { checkheaders } from "../http/index.ts";
import { isHttpsProxy, type ProxyRoute, proxyRoute } from "../proxy/route.ts";
import type { ConnectRequest } from "../transport/types.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import type { Transfer } from "./transfer.ts";

/** The ALPN an HTTPS proxy is offered: HTTP/1.1 (there is no HTTP/2 proxy support). */
const ALPN_PROXY = ["http/1.1"] as const;

/**
 * Decides t's route for this request (after CONNECT_TO set where it goes) and points the connect at
 * the first proxy. Returns false when the transfer failed (a bad proxy string, a SOCKS pre-proxy with
 * a SOCKS proxy, TLS inside TLS).
 */
export function chooseRoute(m: Ports, t: Transfer): boolean {
  const o = t.opts;
  t.originHost = t.connectHost;
  t.originPort = t.connectPort;
  t.route = null;
  t.proxyAuth = null;
  // A Unix socket is where the connection goes, whatever proxy is set.
  if (o.unixSocketPath !== null) return true;
  const connectTo = t.connectHost !== t.url.host || t.connectPort !== t.url.port;
  const r = proxyRoute(o, t.url.scheme, t.url.host, connectTo, m.getenv ?? null);
  if (r === null) return true;
  if ("code" in r) {
    fail(m, t, r.code, r.detail);
    return false;
  }
  const http = r.http;
  if (http !== null && t.url.scheme === "https" && isHttpsProxy(http.type)) {
    // Bun's upgradeTLS does not run on a TLS socket: no TLS session inside another.
    fail(
      m,
      t,
      CURLE_NOT_BUILT_IN,
      "TLS to an https:// target through an HTTPS proxy (TLS inside TLS) is not supported",
    );
    return false;
  }
  t.route = r;
  t.proxyAuth = proxyAuthOf(r, o.proxyHeader);
  t.info.usedProxy = 1;
  const first = r.socks ?? http!;
  t.connectHost = first.host;
  t.connectPort = first.port;
  return true;
}

/**
 * The HTTP proxy's side of authentication for route r (libcurl's conn->http_proxy.creds), or null
 * when there is no HTTP proxy or it has no credentials (a SOCKS proxy's go in its own handshake).
 */
function proxyAuthOf(r: ProxyRoute, proxyHeader: readonly string[] | null): ProxyAuth | null {
  const p = r.http;
  if (p === null || p.user === null) return null;
  return {
    creds: { user: byteString(p.user), pass: byteString(p.pass), bearer: null },
    origin: `${isHttpsProxy(p.type) ? "https" : "http"}://${p.host}:${p.port}`,
    tunnel: r.tunnel,
    // Curl_checkProxyheaders: the application's own Proxy-Authorization among CURLOPT_PROXYHEADER.
    userHeader: checkheaders(proxyHeader ?? undefined, "proxy-authorization") !== undefined,
  };
}

/** What the first connect of t's new connection asks the transport for (to addr, t's connect port). */
export function firstHop(
  t: Transfer,
  addr: string,
  alpn: readonly string[] | undefined,
  session: Uint8Array | undefined,
): ConnectRequest {
  const o = t.opts;
  const r = t.route;
  if (r === null)
    return {
      host: addr,
      port: t.connectPort,
      tls: t.url.scheme === "https",
      servername: t.url.host,
      verifyPeer: o.sslVerifyPeer !== 0,
      verifyHost: o.sslVerifyHost !== 0,
      caInfo: o.caInfo ?? undefined,
      unixPath: o.unixSocketPath ?? undefined,
      alpn,
      session,
    };
  // TLS at connect only to an HTTPS proxy reached directly; after a SOCKS proxy it starts later.
  const tls = r.socks === null && r.http !== null && isHttpsProxy(r.http.type);
  return {
    host: addr,
    port: t.connectPort,
    tls,
    servername: t.connectHost,
    verifyPeer: o.proxySslVerifyPeer !== 0,
    verifyHost: o.proxySslVerifyHost !== 0,
    caInfo: o.proxyCaInfo ?? undefined,
    alpn: tls ? ALPN_PROXY : undefined,
  };
}

/** What a request sent to a forwarding HTTP proxy adds to its head; undefined when not forwarded. */
export interface ForwardParts {
  /** The absolute-form target: the URL without fragment and credentials, no default port. */
  target: string;
  proxyHeaders: readonly string[] | undefined;
}

/** The forwarding parts of t's request, or undefined when it goes to the origin (or a tunnel). */
export function forwardParts(t: Transfer): ForwardParts | undefined {
  const r = t.route;
  if (r === null || r.http === null || r.tunnel) return undefined;
  const u = t.url;
  return {
    target: `${u.scheme}://${u.hostHeader}${u.target}`,
    proxyHeaders: t.opts.proxyHeader ?? undefined,
  };
}
