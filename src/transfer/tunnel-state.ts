// The proxy handshake of one new connection, after its socket connected (libcurl's proxy connection
// filters: cf-socks, the TLS to an HTTPS proxy, cf-h1-proxy's CONNECT, then the TLS to the origin):
// which step it is at and what that step holds. One record per connection attempt; the CONNECTING
// state owns it (mstate.ts drops it when the transfer leaves CONNECTING).

import type { DnsQuery } from "../dns/resolver.ts";
import type { ConnectResponse } from "../proxy/connect.ts";

/** Steps, in the order a handshake goes through those it needs. */
export const TUN_SOCKS = 1; // the SOCKS exchange (after resolving the target when resolved locally)
export const TUN_PROXY_TLS = 2; // TLS to an HTTPS proxy reached through SOCKS
export const TUN_CONNECT = 3; // sending CONNECT
export const TUN_CONNECT_READ = 4; // reading the proxy's answer
export const TUN_ORIGIN_TLS = 5; // TLS to the origin, inside the tunnel
export const TUN_DONE = 6;

export class Tunnel {
  step = TUN_DONE;
  /** Bytes to send for the current step and how far they went. */
  out: Uint8Array | null = null;
  outPos = 0;
  /** The TLS handshake of the current step was started. */
  tlsStarted = false;
  /** The answer to CONNECT being read. */
  resp: ConnectResponse | null = null;
  /** The local lookup of the SOCKS target (SOCKS4 and SOCKS5 resolve names themselves). */
  dnsQuery: DnsQuery | null = null;
  /** The SOCKS handshake in progress (src/proxy/socks.ts), typed loosely until it is wired. */
  socks: unknown = null;
}
