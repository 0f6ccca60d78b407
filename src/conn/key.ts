// The connection cache key: the origin, where it connects, every setting a connection is made with,
// and the protocols a transfer may speak over it (HTTP/1.1 only, h2 offered by ALPN, h2 with prior
// knowledge), so an HTTP/1.1-only transfer never gets an HTTP/2 connection nor the other way round.

import {
  CURL_HTTP_VERSION_1_0,
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
} from "../constants/index.ts";
import type { Transfer } from "../transfer/transfer.ts";

/** Makes keys; keeps the parts of the last one, since most transfers go where the one before went. */
export class KeyMaker {
  /** The parts of the last key made, and the key. */
  private readonly lastKey = {
    scheme: "",
    host: "",
    port: -1,
    connectHost: "",
    connectPort: -1,
    unix: null as string | null,
    verify: -1,
    ca: null as string | null,
    cls: "",
    route: "",
    key: "",
  };

  /** t's key, made once per request target (reuse, open and pipeWait ask for it in turn). */
  key(t: Transfer): string {
    if (t.keyOf === t.url) return t.key;
    const o = t.opts;
    const u = t.url;
    const last = this.lastKey;
    const cls = protocolClass(t);
    const route = routeKey(t);
    t.keyOf = u;
    // Most transfers go where the one before went: the same parts give the same string.
    if (
      last.scheme === u.scheme &&
      last.host === u.host &&
      last.port === u.port &&
      last.connectHost === t.connectHost &&
      last.connectPort === t.connectPort &&
      last.unix === o.unixSocketPath &&
      last.verify === o.sslVerifyPeer * 2 + o.sslVerifyHost &&
      last.ca === o.caInfo &&
      last.cls === cls &&
      last.route === route
    ) {
      t.key = last.key;
      return t.key;
    }
    // Through a forwarding HTTP proxy the connection is the proxy's: any http:// origin may use it.
    const origin = forwarding(t) ? "http://*" : `${u.scheme}://${u.host}:${u.port}`;
    t.key = `${origin}>${t.connectHost}:${t.connectPort}|${o.unixSocketPath ?? ""}|${o.sslVerifyPeer}${o.sslVerifyHost}${o.caInfo ?? ""}|${cls}${route}`;
    last.scheme = u.scheme;
    last.host = u.host;
    last.port = u.port;
    last.connectHost = t.connectHost;
    last.connectPort = t.connectPort;
    last.unix = o.unixSocketPath;
    last.verify = o.sslVerifyPeer * 2 + o.sslVerifyHost;
    last.ca = o.caInfo;
    last.cls = cls;
    last.route = route;
    last.key = t.key;
    return t.key;
  }
}

/** Whether t's request goes to a forwarding HTTP proxy (absolute-form, no tunnel). */
function forwarding(t: Transfer): boolean {
  const r = t.route;
  return r !== null && r.http !== null && !r.tunnel;
}

/**
 * The proxy part of t's key: the route (types, hosts, ports, credentials, tunnel) and the TLS
 * settings for the proxy; "" for a direct connection, so a proxied connection never serves a direct
 * request, nor one through another proxy.
 */
function routeKey(t: Transfer): string {
  const r = t.route;
  if (r === null) return "";
  const o = t.opts;
  return `|proxy ${r.key}|${o.proxySslVerifyPeer}${o.proxySslVerifyHost}${o.proxyCaInfo ?? ""}`;
}

/** Protocol classes of the cache key: HTTP/1.1 only, HTTP/2 offered by ALPN, HTTP/2 prior knowledge. */
export const CLASS_H1 = "1";
const CLASS_ALPN = "2";
const CLASS_PRIOR = "p";

/**
 * What t may speak, as CURLOPT_HTTP_VERSION and the scheme say: over https, HTTP/2 is offered by ALPN
 * unless 1.0 or 1.1 was asked for (prior knowledge offers only h2); over http only prior knowledge
 * speaks HTTP/2 (there is no Upgrade: h2c here).
 */
export function protocolClass(t: Transfer): string {
  const v = t.opts.httpVersion;
  if (v === CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE) return CLASS_PRIOR;
  if (t.url.scheme !== "https" || v === CURL_HTTP_VERSION_1_0 || v === CURL_HTTP_VERSION_1_1)
    return CLASS_H1;
  return CLASS_ALPN;
}

/** The ALPN list t's TLS handshake offers (libcurl: "h2,http/1.1", or one of them). */
export function alpnOffer(t: Transfer): readonly string[] | undefined {
  if (t.url.scheme !== "https") return undefined;
  const k = protocolClass(t);
  return k === CLASS_ALPN ? ALPN_BOTH : k === CLASS_PRIOR ? ALPN_H2 : ALPN_H1;
}
const ALPN_BOTH = ["h2", "http/1.1"] as const;
const ALPN_H2 = ["h2"] as const;
const ALPN_H1 = ["http/1.1"] as const;
