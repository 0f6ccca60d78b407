// Which cache a transfer uses (lib/vdns/dnscache.c's dnscache_get, lib/conncache.c's
// cpool_get_instance): its share's while the share shares that kind, else its multi's own.

import type { ConnCache } from "../conn/cache.ts";
import {
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_DNS,
  CURL_LOCK_DATA_SSL_SESSION,
} from "../constants/index.ts";
import type { DnsCache } from "../dns/cache.ts";
import type { Transport } from "../transport/types.ts";
import { type Share, shareState } from "./share.ts";

/** What the choice needs of a transfer: its options' share and its public handle. */
interface ShareTaker {
  readonly opts: { readonly share: Share | null };
  readonly handle: { readonly easy: unknown };
}

/** The DNS cache t reads and fills: its share's with CURL_LOCK_DATA_DNS, else `own` (the multi's). */
export function dnsFor(own: { readonly dns: DnsCache }, t: ShareTaker): DnsCache {
  const share = t.opts.share;
  if (share === null) return own.dns;
  const st = shareState(share);
  if (!st.has(CURL_LOCK_DATA_DNS)) return own.dns;
  st.dns.user = t.handle.easy;
  return st.dns;
}

/**
 * The share's connection cache for t's connections on `transport` (CURL_LOCK_DATA_CONNECT), or
 * null for the multi's own: no share, CONNECT not shared, or a transfer that may speak HTTP/2 (an
 * HTTP/2 connection's socket is served by the multi that reads its session, so it stays there).
 */
export function sharedConnCache(
  t: ShareTaker,
  transport: Transport,
  mayMultiplex: boolean,
): ConnCache | null {
  const share = t.opts.share;
  if (share === null || mayMultiplex) return null;
  return shareState(share).connCache(transport);
}

/** The lock callback for CURL_LOCK_DATA_CONNECT around a use of t's share's connection cache. */
export function lockConns(t: ShareTaker): void {
  const share = t.opts.share;
  if (share !== null) shareState(share).lock(t.handle.easy, CURL_LOCK_DATA_CONNECT);
}

/** The unlock callback after lockConns. */
export function unlockConns(t: ShareTaker): void {
  const share = t.opts.share;
  if (share !== null) shareState(share).unlock(t.handle.easy, CURL_LOCK_DATA_CONNECT);
}

/** What the TLS session choice needs of a transfer: its share, handle, scheme and cache key. */
interface SessionTaker extends ShareTaker {
  readonly url: { readonly scheme: string };
  /** The connection cache key (conn/key.ts): the peer and how it is connected to. */
  readonly key: string;
}

/** The TLS session t's connect offers: its share's for this peer (CURL_LOCK_DATA_SSL_SESSION). */
export function tlsSessionFor(t: SessionTaker): Uint8Array | undefined {
  const share = t.opts.share;
  if (share === null || t.url.scheme !== "https") return undefined;
  const st = shareState(share);
  if (st.sessions === null) return undefined;
  st.lock(t.handle.easy, CURL_LOCK_DATA_SSL_SESSION);
  const s = st.sessions.get(t.key);
  st.unlock(t.handle.easy, CURL_LOCK_DATA_SSL_SESSION);
  return s;
}

/**
 * Keeps the TLS session of t's connection (socket s on `io`) in its share for the next connect to
 * the same peer. Called when the transfer is done: by then a TLS 1.3 server's ticket has arrived.
 */
export function keepTlsSession(
  t: SessionTaker,
  io: { tlsSession?(s: number): Uint8Array | undefined },
  s: number,
): void {
  const share = t.opts.share;
  if (share === null || s < 0 || t.url.scheme !== "https") return;
  const st = shareState(share);
  if (st.sessions === null) return;
  const session = io.tlsSession?.(s);
  if (session === undefined) return;
  st.lock(t.handle.easy, CURL_LOCK_DATA_SSL_SESSION);
  st.sessions.put(t.key, session);
  st.unlock(t.handle.easy, CURL_LOCK_DATA_SSL_SESSION);
}
