// The share's DNS cache (CURL_LOCK_DATA_DNS): libcurl's DNS cache with the share's lock callback
// called around every access, as lib/vdns/dnscache.c's dnscache_lock/unlock do for a shared cache.
// JS runs one thing at a time, so `user` (the easy handle the lock callback is told) is set by
// dnsFor() right before the access it belongs to.

import { CURL_LOCK_DATA_DNS } from "../constants/index.ts";
import { DnsCache } from "../dns/cache.ts";

/** What the cache needs of its share: the lock and unlock calls for one kind of data. */
export interface ShareLocker {
  lock(easy: unknown, kind: number): void;
  unlock(easy: unknown, kind: number): void;
}

export class LockedDnsCache extends DnsCache {
  /** The easy handle of the access in progress (handed to the lock callback). */
  user: unknown = null;

  constructor(private readonly locker: ShareLocker) {
    super();
  }

  override get(
    host: string,
    port: number,
    now: number,
    timeoutSec: number,
    wildcard = true,
  ): readonly string[] | undefined {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    try {
      return super.get(host, port, now, timeoutSec, wildcard);
    } finally {
      this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
    }
  }

  override put(host: string, port: number, addrs: readonly string[], now: number): void {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    super.put(host, port, addrs, now);
    this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
  }

  override putNegative(host: string, port: number, now: number): void {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    super.putNegative(host, port, now);
    this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
  }

  override putOverride(
    host: string,
    port: number,
    addrs: readonly string[],
    permanent: boolean,
    now: number,
  ): void {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    super.putOverride(host, port, addrs, permanent, now);
    this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
  }

  override remove(host: string, port: number): void {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    super.remove(host, port);
    this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
  }

  override prune(now: number, timeoutSec: number): void {
    this.locker.lock(this.user, CURL_LOCK_DATA_DNS);
    super.prune(now, timeoutSec);
    this.locker.unlock(this.user, CURL_LOCK_DATA_DNS);
  }
}
