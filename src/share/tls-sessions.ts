// The share's TLS session cache (CURL_LOCK_DATA_SSL_SESSION, libcurl's vtls_scache): the last
// session of each peer, by the connection's cache key (origin, where it connects, the verify
// settings and CA, the protocols offered), so a session is offered only to a connect made the same
// way. Bounded like current curl's shared cache (25 peers); the oldest peer goes first.

/** Peers a share keeps sessions for (Curl_ssl_scache_create(25, ...) in curl_share_setopt). */
export const MAX_TLS_PEERS = 25;

export class TlsSessionCache {
  /** Insertion order is age order: a peer stored again moves to the end. */
  private readonly byPeer = new Map<string, Uint8Array>();

  get size(): number {
    return this.byPeer.size;
  }

  /** The session to offer for `peer`, or undefined. */
  get(peer: string): Uint8Array | undefined {
    return this.byPeer.get(peer);
  }

  /** Keeps `session` as peer's latest, dropping the oldest peer past MAX_TLS_PEERS. */
  put(peer: string, session: Uint8Array): void {
    this.byPeer.delete(peer);
    this.byPeer.set(peer, session);
    if (this.byPeer.size > MAX_TLS_PEERS) {
      for (const oldest of this.byPeer.keys()) {
        this.byPeer.delete(oldest);
        break;
      }
    }
  }
}
