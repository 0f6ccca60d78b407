// The connection pool's policy, in one place: the cache key, reuse (CURLOPT_MAXAGE_CONN and
// CURLOPT_MAXLIFETIME_CONN, the protocol's say), the per-host and total limits with the closing of an
// idle connection to make room, the pending queue and its wake-up rule, parking and the cache size
// (CURLMOPT_MAXCONNECTS, else 4x the running transfers). Sockets stay the multi's: the pool tells its
// host what to close, disown or announce as removed.

import type { MultiOptions } from "../multi/options.ts";
import type { PoolPort } from "../transfer/ports.ts";
import type { Transfer } from "../transfer/transfer.ts";
import { ConnCache } from "./cache.ts";
import type { Conn } from "./conn.ts";
import { PendingQueue } from "./pending.ts";

/** How many waiting transfers one freed connection slot may wake in turn (see passWake). */
export const WAKE_CHAIN = 8;

/** What the pool needs of the multi it serves: time, tracing and the socket table. */
export interface PoolHost {
  /** A socket or timer callback failed: nothing goes back to the cache. */
  readonly dead: boolean;
  /** Transfers added and not completed (the default cache size is 4x this). */
  readonly running: number;
  now(): number;
  debug(t: Transfer, text: string): void;
  /** Whether an idle connection's socket is fit for a request: open, with nothing unread on it. */
  idleAlive(s: number): boolean;
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
  /** Transfers waiting for a connection slot, in the order they were added. */
  private readonly pending = new PendingQueue<Transfer>();
  /** Wake-ups left for the slot freed last (see passWake). */
  private wakeBudget = 0;

  constructor(
    private readonly host: PoolHost,
    private readonly limits: MultiOptions,
  ) {}

  /** Connections in all (busy, connecting, idle). */
  get total(): number {
    return this.cache.total;
  }

  /** Transfers waiting for a slot. */
  get waiting(): number {
    return this.pending.length;
  }

  /** The cache key: origin, where it connects, and every setting a connection is made with. */
  private key(t: Transfer): string {
    const o = t.opts;
    const u = t.url;
    return `${u.scheme}://${u.host}:${u.port}>${t.connectHost}:${t.connectPort}|${o.unixSocketPath ?? ""}|${o.sslVerifyPeer}${o.sslVerifyHost}${o.caInfo ?? ""}`;
  }

  reuse(t: Transfer): Conn | undefined {
    const host = this.host;
    const now = host.now();
    const maxIdle = t.opts.maxAgeConn * 1000;
    const maxAge = t.opts.maxLifetimeConn * 1000;
    const c = this.cache.take(
      this.key(t),
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
        return c.proto?.canStart() === true && host.idleAlive(c.s);
      },
      (c) => this.closeConn(c),
    );
    if (c !== undefined) host.claim(c.s, t);
    return c;
  }

  mayConnect(t: Transfer): boolean {
    const o = this.limits;
    const cache = this.cache;
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
    return this.cache.add(this.key(t), `${t.connectHost}:${t.connectPort}`, this.host.now());
  }

  wait(t: Transfer): void {
    this.pending.add(t);
  }

  stopWaiting(t: Transfer): void {
    this.pending.remove(t);
  }

  /** t leaves the multi: its place in the queue goes, and a wake-up it held is void. */
  forget(t: Transfer): void {
    this.pending.forget(t);
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
    if (this.wakeBudget <= 0) return;
    const t = this.pending.wake();
    if (t === undefined) return;
    this.wakeBudget--;
    t.woken = true;
    this.host.wake(t);
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
    c.proto.done();
    const cache = this.cache;
    cache.park(c, host.now());
    // libcurl's default cache size: 4 x the transfers not yet completed (this one included).
    const limit = this.limits.maxConnects > 0 ? this.limits.maxConnects : 4 * host.running;
    while (cache.idleCount > limit) {
      const old = cache.oldestIdle()!;
      cache.unidle(old);
      this.closeConn(old);
    }
    this.wakePending();
  }

  close(t: Transfer): void {
    const c = t.conn;
    if (c === null) return;
    if (c.s >= 0) this.host.dropSocket(t, c.s);
    t.conn = null;
    this.closeConn(c);
  }

  /** Closes a connection no transfer announces any more. */
  private closeConn(c: Conn): void {
    if (c.s >= 0) this.host.closeSocket(c.s);
    this.cache.drop(c);
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
  }
}
