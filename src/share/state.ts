// What a share holds (libcurl's struct Curl_share, lib/curl_share.h): the kinds it shares (the
// specifier bits), how many easy handles use it, the application's lock callbacks, and the shared
// data itself: the DNS cache, the cookie store, and a connection cache per transport.
//
// Invariants: `users` counts the handles linked to the share (libcurl's ref_count less its own
// reference); the share's options change only while it is 0. `cookies` is set exactly while the
// COOKIE bit is, `sessions` while the SSL_SESSION bit is. A connection cache holds only connections made on its transport.

import { ConnCache } from "../conn/cache.ts";
import {
  CURL_LOCK_ACCESS_SINGLE,
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_COOKIE,
  CURL_LOCK_DATA_SHARE,
  CURL_LOCK_DATA_SSL_SESSION,
} from "../constants/index.ts";
import type { Transport } from "../transport/types.ts";
import type { ShareCookieStore } from "./cookies.ts";
import { LockedDnsCache, type ShareLocker } from "./locked-dns.ts";
import type { TlsSessionCache } from "./tls-sessions.ts";

/** CURLSHOPT_LOCKFUNC: (easy, data, access, userData); easy is null for the share's own calls. */
export type ShareLockCallback = (
  easy: unknown,
  data: number,
  access: number,
  userData: unknown,
) => void;
/** CURLSHOPT_UNLOCKFUNC: (easy, data, userData). */
export type ShareUnlockCallback = (easy: unknown, data: number, userData: unknown) => void;

export class ShareState implements ShareLocker {
  /** 1 << CURL_LOCK_DATA_* for each kind shared; the SHARE bit is always set (curl_share_init). */
  specifier = 1 << CURL_LOCK_DATA_SHARE;
  /** Easy handles linked (CURLOPT_SHARE). */
  users = 0;
  /** A handle was ever linked: from then on curl_share_cleanup takes the share's lock. */
  hasBeenShared = false;
  /** curl_share_cleanup succeeded: every call answers CURLSHE_INVALID. */
  closed = false;
  lockFunc: ShareLockCallback | null = null;
  unlockFunc: ShareUnlockCallback | null = null;
  userData: unknown = undefined;
  /** The DNS cache, used by handles while the DNS bit is set (current curl keeps one always). */
  readonly dns = new LockedDnsCache(this);
  /** The cookie store while COOKIE is shared. */
  cookies: ShareCookieStore | null = null;
  /** TLS sessions while SSL_SESSION is shared. */
  sessions: TlsSessionCache | null = null;
  /** CONNECT: one idle-connection cache per transport (a connection lives on its transport). */
  private conns: Map<Transport, ConnCache> | null = null;

  has(kind: number): boolean {
    return (this.specifier & (1 << kind)) !== 0;
  }

  /** Curl_share_lock: the lock callback, for a kind the share shares. */
  lock(easy: unknown, kind: number): void {
    if (this.has(kind)) this.callLock(easy, kind);
  }

  /** Curl_share_unlock. */
  unlock(easy: unknown, kind: number): void {
    if (this.has(kind)) this.callUnlock(easy, kind);
  }

  /**
   * share_lock_acquire: the lock on the share itself, taken only when both callbacks are set, and
   * for the share's own calls (easy null) only once a handle was linked. Returns whether it was taken.
   */
  lockShare(easy: unknown): boolean {
    if (this.lockFunc === null || this.unlockFunc === null) return false;
    if (easy === null && !this.hasBeenShared) return false;
    this.callLock(easy, CURL_LOCK_DATA_SHARE);
    return true;
  }

  /** share_lock_release. */
  unlockShare(easy: unknown, locked: boolean): void {
    if (locked) this.callUnlock(easy, CURL_LOCK_DATA_SHARE);
  }

  // libcurl's lock callbacks return nothing and cannot fail: a throw is dropped, so that it cannot
  // break the engine half-way through an update (as the debug callback's).
  private callLock(easy: unknown, kind: number): void {
    const fn = this.lockFunc;
    if (fn === null) return;
    try {
      fn(easy, kind, CURL_LOCK_ACCESS_SINGLE, this.userData);
    } catch {
      // ignored
    }
  }

  private callUnlock(easy: unknown, kind: number): void {
    const fn = this.unlockFunc;
    if (fn === null) return;
    try {
      fn(easy, kind, this.userData);
    } catch {
      // ignored
    }
  }

  /** The connection cache for connections on `transport`, while CONNECT is shared; else null. */
  connCache(transport: Transport): ConnCache | null {
    if (!this.has(CURL_LOCK_DATA_CONNECT)) return null;
    if (this.conns === null) this.conns = new Map();
    let c = this.conns.get(transport);
    if (c === undefined) {
      c = new ConnCache();
      this.conns.set(transport, c);
    }
    return c;
  }

  /** Closes every idle connection the share holds (curl_share_cleanup's Curl_cpool_destroy). */
  closeConnections(): void {
    if (this.conns === null) return;
    for (const [io, cache] of this.conns) {
      for (const c of cache.idleConns()) {
        cache.unidle(c);
        if (c.s >= 0) io.close(c.s);
        cache.drop(c);
      }
    }
    this.conns = null;
  }

  /** Debug-only check of the share's caches. */
  assertInvariants(): void {
    this.dns.assertInvariants();
    if (this.conns !== null) for (const c of this.conns.values()) c.assertInvariants();
    if ((this.cookies !== null) !== this.has(CURL_LOCK_DATA_COOKIE))
      throw new Error("Share: cookie store and COOKIE bit disagree");
    if ((this.sessions !== null) !== this.has(CURL_LOCK_DATA_SSL_SESSION))
      throw new Error("Share: session cache and SSL_SESSION bit disagree");
  }
}
