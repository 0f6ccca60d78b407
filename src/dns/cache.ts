// The per-multi DNS cache (libcurl's hostcache, lib/vdns/dnscache.c): addresses by "host:port", aged by a
// timeout that each lookup passes in (CURLOPT_DNS_CACHE_TIMEOUT is per easy handle). Pure: `now` comes in.
//
// Invariants: every entry is in `entries` under its key; a timed positive entry is also in `pos`, a timed
// negative one in `neg`, a permanent one (CURLOPT_RESOLVE without "+") in neither. `pos` and `neg` keep
// insertion order, which is timestamp order while `now` never goes backwards, so pruning stops at the
// first fresh entry: O(expired + 1).

const PERMANENT = 0;
const POSITIVE = 1;
const NEGATIVE = 2;

interface Entry {
  readonly key: string;
  /** Empty for a negative entry. */
  readonly addrs: readonly string[];
  /** When it was stored (ms, the caller's clock); unused for permanent entries. */
  readonly at: number;
  readonly kind: number;
}

/** libcurl prunes harder once the cache holds more than this many entries (MAX_DNS_CACHE_SIZE). */
export const MAX_DNS_CACHE_SIZE = 29999;

/** What `get` returns for a cached negative answer: no addresses (libcurl: "Negative DNS entry"). */
const NO_ADDRS: readonly string[] = Object.freeze([]);

/** The cache key: names compare case-insensitively, as in libcurl (dnsc_id2key lower-cases). */
function cacheKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/**
 * libcurl's DNS cache (`struct Curl_dnscache`). Timeouts are in seconds as CURLOPT_DNS_CACHE_TIMEOUT
 * takes them: 60 by default, 0 = every entry is stale at once (no caching), negative (-1) = forever.
 * An entry is stale when its age in ms is >= the timeout; negative entries age twice as fast.
 */
export class DnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pos = new Map<string, Entry>();
  private readonly neg = new Map<string, Entry>();

  /** `maxSize`: the size above which `prune` cuts deeper (libcurl: 29999; smaller in tests). */
  constructor(readonly maxSize = MAX_DNS_CACHE_SIZE) {}

  /**
   * Addresses for host:port if cached and not expired under `timeoutSec` (60 default; 0 = off; -1 = forever).
   * A stale entry is dropped ("Hostname in DNS cache was stale, zapped"). An empty array is a cached
   * negative answer: the name is known not to exist. Without an entry for `host`, a CURLOPT_RESOLVE
   * wildcard entry "*:port" answers when `wildcard` is true (libcurl uses it only for handles whose own
   * RESOLVE list had a "*" entry; pass false for the others). Mirrors fetch_addr in dnscache.c.
   */
  get(
    host: string,
    port: number,
    now: number,
    timeoutSec: number,
    wildcard = true,
  ): readonly string[] | undefined {
    let e = this.entries.get(cacheKey(host, port));
    if (e === undefined && wildcard) e = this.entries.get(`*:${port}`);
    if (e === undefined) return undefined;
    if (e.kind !== PERMANENT && timeoutSec >= 0 && isStale(e, now, timeoutSec * 1000)) {
      this.drop(e);
      return undefined;
    }
    return e.addrs;
  }

  /** Stores a resolver's answer, replacing any entry for host:port (Curl_dnscache_add). */
  put(host: string, port: number, addrs: readonly string[], now: number): void {
    this.store(cacheKey(host, port), addrs.length > 0 ? addrs : NO_ADDRS, now, POSITIVE);
  }

  /**
   * Remembers that the name does not exist (Curl_dnscache_add_negative, curl >= 8.16): `get` returns an
   * empty array until the entry is stale, which happens at half the timeout. Only for authoritative
   * "no such name" answers (DnsQuery.negative), never for transient failures.
   */
  putNegative(host: string, port: number, now: number): void {
    this.store(cacheKey(host, port), NO_ADDRS, now, NEGATIVE);
  }

  /**
   * CURLOPT_RESOLVE entries: permanent (never expire) unless `permanent` false ("+" prefix). Replaces an
   * existing entry and, when not permanent, starts its age now (Curl_loadhostpairs).
   */
  putOverride(
    host: string,
    port: number,
    addrs: readonly string[],
    permanent: boolean,
    now: number,
  ): void {
    this.store(cacheKey(host, port), addrs, now, permanent ? PERMANENT : POSITIVE);
  }

  /** Forgets host:port ("-HOST:PORT" in CURLOPT_RESOLVE); no-op when absent. */
  remove(host: string, port: number): void {
    const e = this.entries.get(cacheKey(host, port));
    if (e !== undefined) this.drop(e);
  }

  /**
   * Drops expired entries (Curl_dnscache_prune, run when a transfer is done). Nothing expires with a
   * negative timeout. Above `maxSize` entries it prunes again at half the age of the oldest entry kept,
   * until the size fits or that age reaches 0, as libcurl does. Permanent entries are never pruned.
   */
  prune(now: number, timeoutSec: number): void {
    if (timeoutSec < 0) return;
    let maxAgeMs = timeoutSec * 1000;
    for (;;) {
      const oldest = Math.max(
        this.pruneList(this.pos, now, maxAgeMs, 1),
        this.pruneList(this.neg, now, maxAgeMs, 2),
      );
      if (this.entries.size <= this.maxSize) return;
      maxAgeMs = Math.floor(oldest / 2);
      if (maxAgeMs <= 0) return;
    }
  }

  /** Empties the cache (Curl_dnscache_clear). */
  clear(): void {
    this.entries.clear();
    this.pos.clear();
    this.neg.clear();
  }

  /** Number of entries, stale ones not yet pruned included. */
  get size(): number {
    return this.entries.size;
  }

  /** Test helper: throws when the invariants at the top of this file do not hold. */
  assertInvariants(): void {
    let permanent = 0;
    for (const [key, e] of this.entries) {
      if (e.key !== key) throw new Error(`DnsCache: entry under ${key} has key ${e.key}`);
      const inPos = this.pos.get(key) === e;
      const inNeg = this.neg.get(key) === e;
      const want = [e.kind === POSITIVE, e.kind === NEGATIVE];
      if (inPos !== want[0] || inNeg !== want[1])
        throw new Error(
          `DnsCache: ${key} (kind ${e.kind}) listed wrongly: pos ${inPos} neg ${inNeg}`,
        );
      if (e.kind === PERMANENT) permanent++;
    }
    if (permanent + this.pos.size + this.neg.size !== this.entries.size)
      throw new Error("DnsCache: timed lists hold entries that are not in the cache");
    for (const list of [this.pos, this.neg]) {
      let last = Number.NEGATIVE_INFINITY;
      for (const e of list.values()) {
        if (e.at < last) throw new Error(`DnsCache: ${e.key} at ${e.at} is out of order`);
        last = e.at;
      }
    }
  }

  private store(key: string, addrs: readonly string[], now: number, kind: number): void {
    const old = this.entries.get(key);
    // Delete first: Map.set on an existing key keeps its old place in the timed order.
    if (old !== undefined) this.drop(old);
    const e: Entry = { key, addrs, at: now, kind };
    this.entries.set(key, e);
    if (kind === POSITIVE) this.pos.set(key, e);
    else if (kind === NEGATIVE) this.neg.set(key, e);
  }

  private drop(e: Entry): void {
    this.entries.delete(e.key);
    if (e.kind === POSITIVE) this.pos.delete(e.key);
    else if (e.kind === NEGATIVE) this.neg.delete(e.key);
  }

  /** Drops the stale head of a timed list; returns the (scaled) age of the oldest entry kept, 0 if none. */
  private pruneList(
    list: Map<string, Entry>,
    now: number,
    maxAgeMs: number,
    scale: number,
  ): number {
    for (const e of list.values()) {
      const age = (now - e.at) * scale;
      if (age < maxAgeMs) return age;
      this.drop(e);
    }
    return 0;
  }
}

function isStale(e: Entry, now: number, maxAgeMs: number): boolean {
  const age = (now - e.at) * (e.kind === NEGATIVE ? 2 : 1);
  return age >= maxAgeMs;
}
