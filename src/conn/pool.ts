// The connection pool's policy, in one place: the cache key, reuse (CURLOPT_MAXAGE_CONN and
// CURLOPT_MAXLIFETIME_CONN, the protocol's say), the per-host and total limits with the closing of an
// idle connection to make room, the pending queue and its wake-up rule, parking and the cache size
// (CURLMOPT_MAXCONNECTS, else 4x the running transfers). Sockets stay the multi's: the pool tells its
// host what to close, disown or announce as removed.

import { CURLPIPE_MULTIPLEX, DEFAULT_MAX_CONCURRENT_STREAMS } from "../constants/index.ts";
import type { MultiOptions } from "../multi/options.ts";
import { lockConns, sharedConnCache, unlockConns } from "../share/pick.ts";
import type { PoolPort } from "../transfer/ports.ts";
import type { Transfer } from "../transfer/transfer.ts";
import type { Transport } from "../transport/types.ts";
import { ConnCache } from "./cache.ts";
import type { Conn } from "./conn.ts";
import { CLASS_H1, KeyMaker, protocolClass } from "./key.ts";
import { PendingQueue } from "./pending.ts";

/** How many waiting transfers one freed connection slot may wake in turn (see passWake). */
export const WAKE_CHAIN = 8;

/** What the pool needs of the multi it serves: time, tracing and the socket table. */
export interface PoolHost {
  /** An idle HTTP/2 connection's socket is no longer watched (its last stream ended). */
  connIdle(c: Conn, t: Transfer): void;
  /** An HTTP/2 connection about to close sends what it still has (a GOAWAY, RST_STREAMs). */
  lastWords(c: Conn): void;
  /** A socket or timer callback failed: nothing goes back to the cache. */
  readonly dead: boolean;
  /** Transfers added and not completed (the default cache size is 4x this). */
  readonly running: number;
  now(): number;
  debug(t: Transfer, text: string): void;
  /** Whether an idle connection is fit for a request: its socket open, with nothing unread on it
   *  (HTTP/2: what arrived while idle is read first; the session must still take streams). */
  idleAlive(c: Conn): boolean;
  /** Socket s now serves t (a reused connection). */
  claim(s: number, t: Transfer): void;
  /** Socket s serves nobody (its connection was parked). */
  disown(s: number): void;
  /** REMOVEs socket s if t announced it. */
  dropSocket(t: Transfer, s: number): void;
  /** REMOVEs every socket t announced. */
  dropSockets(t: Transfer): void;
  /** Closes socket s of a connection nobody announces any more. */
  closeSocket(s: number): void;
  /** t was taken out of the queue for a freed slot: it runs now (EXPIRE_MULTI_PENDING). */
  wake(t: Transfer): void;
}

export class ConnPool implements PoolPort {
  private readonly cache = new ConnCache();
  /** HTTP/2 connections with streams running, by key: more streams may join them. */
  private readonly shared = new Map<string, Conn[]>();
  /** Connections still connecting that may multiplex, by key (what PIPEWAIT waits for). */
  private readonly connecting = new Map<string, Conn[]>();
  /** Transfers waiting for a connection slot, in the order they were added. */
  private readonly pending = new PendingQueue<Transfer>();
  private readonly keys = new KeyMaker();
  /** Wake-ups left for the slot freed last (see passWake). */
  private wakeBudget = 0;

  constructor(
    private readonly host: PoolHost,
    private readonly limits: MultiOptions,
    /** The multi's transport: a Share's idle connections on it may serve this pool (null: never). */
    private readonly io: Transport | null = null,
  ) {}

  /**
   * The cache t's connections live in (libcurl's cpool_get_instance): its Share's for this
   * transport with CURL_LOCK_DATA_CONNECT (HTTP/1.1-only transfers), else this pool's own.
   */
  private cacheFor(t: Transfer): ConnCache {
    if (this.io === null) return this.cache;
    return sharedConnCache(t, this.io, protocolClass(t) !== CLASS_H1) ?? this.cache;
  }

  /** Connections in all (busy, connecting, idle). */
  get total(): number {
    return this.cache.total;
  }

  /** Transfers waiting for a slot. */
  get waiting(): number {
    return this.pending.length;
  }

  /** The cache key (key.ts): made once per request target. */
  private key(t: Transfer): string {
    return this.keys.key(t);
  }

  /** Multiplexing is on (CURLMOPT_PIPELINING has CURLPIPE_MULTIPLEX). */
  private get multiplex(): boolean {
    return (this.limits.pipelining & CURLPIPE_MULTIPLEX) !== 0;
  }

  /** A running HTTP/2 connection of t's key that takes one more stream. */
  private sharedFor(key: string): Conn | undefined {
    const list = this.shared.get(key);
    if (list === undefined) return undefined;
    const limit = this.limits.maxConcurrentStreams;
    for (const c of list) if (c.h2!.canStart(limit)) return c;
    return undefined;
  }

  reuse(t: Transfer): Conn | undefined {
    const key = this.key(t);
    if (this.multiplex) {
      const c = this.sharedFor(key);
      if (c !== undefined) {
        if (t.opts.verbose) this.host.debug(t, "Multiplexed connection found");
        return c;
      }
    }
    const host = this.host;
    const now = host.now();
    const maxIdle = t.opts.maxAgeConn * 1000;
    const maxAge = t.opts.maxLifetimeConn * 1000;
    const cache = this.cacheFor(t);
    if (cache !== this.cache) lockConns(t);
    const c = cache.take(
      key,
      (c) => {
        // libcurl's cpool_conn_maxage: too long idle, or too old, is closed instead of reused.
        if (maxIdle > 0 && now - c.idleSince > maxIdle) {
          if (t.opts.verbose)
            host.debug(
              t,
              `Too old connection (${now - c.idleSince} ms idle, max idle is ${maxIdle} ms), disconnect it`,
            );
          return false;
        }
        if (maxAge > 0 && now - c.createdAt > maxAge) {
          if (t.opts.verbose)
            host.debug(
              t,
              `Too old connection (created ${now - c.createdAt} ms ago, max lifetime is ${maxAge} ms), disconnect it`,
            );
          return false;
        }
        if (c.h2 !== null)
          return host.idleAlive(c) && c.h2.canStart(this.limits.maxConcurrentStreams);
        return c.proto?.canStart() === true && host.idleAlive(c);
      },
      (c) => this.closeConn(c),
    );
    if (cache !== this.cache) unlockConns(t);
    // An HTTP/2 connection's socket stays the connection's; an HTTP/1.1 one is t's now.
    if (c !== undefined && c.h2 === null) host.claim(c.s, t);
    return c;
  }

  attach(t: Transfer, c: Conn): void {
    t.conn = c;
    const h2 = c.h2;
    if (h2 === null) {
      t.proto = c.proto;
      return;
    }
    t.proto = h2.open(t);
    if (c.lead === null) c.lead = t;
    if (h2.active === 1) {
      const list = this.shared.get(c.key);
      if (list === undefined) this.shared.set(c.key, [c]);
      else list.push(c);
    }
  }

  pipeWaitFor(t: Transfer): Conn | undefined {
    if (t.opts.pipeWait === 0 || !this.multiplex || protocolClass(t) === CLASS_H1) return undefined;
    const list = this.connecting.get(this.key(t));
    if (list === undefined) return undefined;
    // Each connection in progress is counted on for as many streams as it may be allowed at first.
    const room = Math.min(this.limits.maxConcurrentStreams, DEFAULT_MAX_CONCURRENT_STREAMS);
    for (const c of list) if (1 + (c.waiters?.length ?? 0) < room) return c;
    return undefined;
  }

  pipeWait(t: Transfer, c: Conn): void {
    if (c.waiters === null) c.waiters = [];
    c.waiters.push(t);
    t.pipeOn = c;
  }

  connected(c: Conn): void {
    this.untrackConnecting(c);
    this.wakeWaiters(c);
    // A multiplexed connection has room for more than the transfer that opened it: as many
    // transfers queued for a slot may join it now (libcurl's process_pending_handles), less the
    // opener's stream.
    if (c.h2 !== null) this.wakeMany(this.room(c) - 1);
  }

  /** Streams c may still take (0 when it takes none). */
  private room(c: Conn): number {
    const h2 = c.h2!;
    if (!this.multiplex || !h2.canStart(this.limits.maxConcurrentStreams)) return 0;
    return Math.min(h2.remoteMaxStreams, this.limits.maxConcurrentStreams) - h2.active;
  }

  /** The server's SETTINGS let c take more streams: waiting transfers may join it. */
  wakeRoom(c: Conn): void {
    if (c.h2 !== null) this.wakeMany(this.room(c));
  }

  /** Takes up to n waiting transfers out of the queue to run now (each gets a connection or goes back). */
  private wakeMany(n: number): void {
    for (let i = 0; i < n && this.wakeOne(); i++);
  }

  /** Takes the next waiting transfer out of the queue to run now; false when none waits. */
  private wakeOne(): boolean {
    const t = this.pending.wake();
    if (t === undefined) return false;
    t.woken = true;
    this.host.wake(t);
    return true;
  }

  /** The transfers waiting for c go on (it connected, or it is gone): each looks again. */
  private wakeWaiters(c: Conn): void {
    const ws = c.waiters as Transfer[] | null;
    if (ws === null) return;
    c.waiters = null;
    for (const t of ws) {
      if (t.pipeOn !== c) continue;
      t.pipeOn = null;
      this.host.wake(t);
    }
  }

  private untrackConnecting(c: Conn): void {
    const list = this.connecting.get(c.key);
    if (list === undefined) return;
    const i = list.indexOf(c);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.connecting.delete(c.key);
  }

  mayConnect(t: Transfer): boolean {
    const o = this.limits;
    // The limits are this multi's; the counts are those of the cache t's connections live in.
    const cache = this.cacheFor(t);
    if (o.maxTotalConnections > 0 && cache.total >= o.maxTotalConnections) {
      const old = cache.oldestIdle();
      if (old === undefined) return false;
      cache.unidle(old);
      this.closeConn(old);
    }
    if (o.maxHostConnections > 0) {
      const hostKey = `${t.connectHost}:${t.connectPort}`;
      if (cache.hostCount(hostKey) >= o.maxHostConnections) {
        const idle = cache.idleConns().find((c) => c.hostKey === hostKey);
        if (idle === undefined) return false;
        cache.unidle(idle);
        this.closeConn(idle);
      }
    }
    return true;
  }

  open(t: Transfer): Conn {
    const c = this.cacheFor(t).add(
      this.key(t),
      `${t.connectHost}:${t.connectPort}`,
      this.host.now(),
    );
    if (this.multiplex && protocolClass(t) !== CLASS_H1) {
      const list = this.connecting.get(c.key);
      if (list === undefined) this.connecting.set(c.key, [c]);
      else list.push(c);
    }
    return c;
  }

  wait(t: Transfer): void {
    this.pending.add(t);
  }

  stopWaiting(t: Transfer): void {
    this.pending.remove(t);
    const c = t.pipeOn;
    if (c !== null) {
      t.pipeOn = null;
      const ws = c.waiters;
      const i = ws === null ? -1 : ws.indexOf(t);
      if (i >= 0) ws!.splice(i, 1);
    }
  }

  /** t leaves the multi: its place in the queue goes, and a wake-up it held is void. */
  forget(t: Transfer): void {
    this.pending.forget(t);
    this.stopWaiting(t);
    t.woken = false;
  }

  /**
   * A connection slot may have freed (libcurl's multi_done -> multi_schedule_pending): one waiting
   * transfer is taken out of the queue and runs now. It takes an idle connection or a new one, or
   * goes back to its place.
   */
  wakePending(): void {
    this.wakeBudget = WAKE_CHAIN;
    this.wakeNext();
  }

  private wakeNext(): void {
    if (this.wakeBudget > 0 && this.wakeOne()) this.wakeBudget--;
  }

  /**
   * A woken transfer found no room (the freed slot was for another host) and went back to its place:
   * the slot is offered to the next waiter, a few at most per freed slot, so waiters for one busy
   * host do not hold up those of a free one.
   */
  passWake(_t: Transfer): void {
    this.wakeNext();
  }

  release(t: Transfer): void {
    const host = this.host;
    const c = t.conn;
    if (c !== null && c.h2 !== null) {
      this.endStream(t, c);
      return;
    }
    if (c === null || c.s < 0 || c.proto === null || !c.proto.reusable || host.dead) {
      // A wake-up this transfer did not use (it ended before it ran) is passed on, as is the slot
      // of a connection it closes; a transfer that never had either frees nothing.
      const frees = c !== null || t.woken;
      t.woken = false;
      this.close(t);
      host.dropSockets(t);
      if (frees) this.wakePending();
      return;
    }
    host.dropSockets(t);
    host.disown(c.s);
    t.conn = null;
    t.proto = null;
    c.proto.done();
    const shared = c.home !== this.cache;
    if (shared) lockConns(t);
    this.park(c);
    if (shared) unlockConns(t);
    this.wakePending();
  }

  /** Parks an idle connection, then trims the cache to its size. */
  private park(c: Conn): void {
    const cache = c.home!;
    cache.park(c, this.host.now());
    // libcurl's default cache size: 4 x the transfers not yet completed (this one included).
    const limit = this.limits.maxConnects > 0 ? this.limits.maxConnects : 4 * this.host.running;
    while (cache.idleCount > limit) {
      const old = cache.oldestIdle()!;
      cache.unidle(old);
      this.closeConn(old);
    }
  }

  /**
   * t's HTTP/2 stream is over (complete, failed or cut short): the stream goes (reset if still
   * open); the connection stays for its other streams, is parked when it has none and may serve
   * more, or is closed. A slot for a waiting transfer has freed either way.
   */
  private endStream(t: Transfer, c: Conn): void {
    const host = this.host;
    const h2 = c.h2!;
    host.dropSockets(t);
    t.proto?.done();
    t.proto = null;
    t.conn = null;
    if (c.lead === t) c.lead = null;
    if (h2.active > 0) {
      if (c.lead === null) c.lead = h2.anyUser();
      this.wakePending();
      return;
    }
    const list = this.shared.get(c.key);
    if (list !== undefined) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.shared.delete(c.key);
    }
    host.connIdle(c, t);
    if (h2.reusable && !host.dead && c.s >= 0) this.park(c);
    else this.closeConn(c);
    this.wakePending();
  }

  close(t: Transfer): void {
    const c = t.conn;
    if (c === null) return;
    // An HTTP/2 stream goes alone: the connection serves the others.
    if (c.h2 !== null) {
      this.endStream(t, c);
      return;
    }
    if (c.s >= 0) this.host.dropSocket(t, c.s);
    t.conn = null;
    t.proto = null;
    this.closeConn(c);
  }

  /** Closes a connection no transfer announces any more; transfers waiting for it look again. */
  private closeConn(c: Conn): void {
    this.untrackConnecting(c);
    this.wakeWaiters(c);
    if (c.h2 !== null && c.s >= 0) this.host.lastWords(c);
    if (c.s >= 0) this.host.closeSocket(c.s);
    c.home!.drop(c);
  }

  /** Closes every idle connection and forgets every waiter (curl_multi_cleanup). */
  closeAll(): void {
    for (const c of this.cache.idleConns()) {
      this.cache.unidle(c);
      this.closeConn(c);
    }
    this.pending.clear();
  }

  /** Debug-only check of the cache and the queue. */
  assertInvariants(): void {
    this.cache.assertInvariants();
    this.pending.assertInvariants();
    // A shared connection is a busy HTTP/2 one with streams; one in progress has no protocol yet,
    // and each of its waiters waits for it.
    for (const [key, list] of this.shared)
      for (const c of list) {
        if (c.h2 === null || c.h2.active === 0 || !c.busy || c.key !== key)
          throw new Error(`ConnPool: conn ${c.id} shared without running streams`);
      }
    for (const [key, list] of this.connecting)
      for (const c of list) {
        if (c.h2 !== null || c.proto !== null || c.key !== key)
          throw new Error(`ConnPool: conn ${c.id} listed as connecting after it connected`);
        for (const t of (c.waiters ?? []) as Transfer[])
          if (t.pipeOn !== c) throw new Error(`ConnPool: a waiter of conn ${c.id} waits elsewhere`);
      }
  }
}
