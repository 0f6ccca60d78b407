// The connection cache: idle keep-alive connections by key, counts per host and in total for the limits,
// and the oldest-idle eviction order. Pure bookkeeping: the multi closes what this hands back.
//
// Invariants: every Conn is counted once in `perHost` and `total` from `add` until `drop`; an idle Conn is
// in exactly one `idle` list and in `idleOrder`; a busy Conn is in neither.

import { Conn, type ConnHome } from "./conn.ts";

export class ConnCache implements ConnHome {
  private idle = new Map<string, Conn[]>();
  /** Idle connections, oldest first (Set keeps insertion order). */
  private idleOrder = new Set<Conn>();
  private perHost = new Map<string, number>();
  private nextId = 0;
  private interned = new Map<string, string>();
  /** All connections (busy, connecting or idle). */
  total = 0;

  /** Registers a new (busy) connection. */
  add(key: string, hostKey: string, now: number): Conn {
    const c = new Conn(this.nextId++, this.intern(key), this.intern(hostKey), now);
    c.home = this;
    this.total++;
    this.perHost.set(hostKey, (this.perHost.get(hostKey) ?? 0) + 1);
    return c;
  }

  /**
   * One string per distinct key: ten thousand connections to one origin share it instead of each
   * keeping an equal copy (bounded by the distinct origins seen; cleared when it grows past 10,000).
   */
  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    if (this.interned.size >= 10_000) this.interned.clear();
    this.interned.set(s, s);
    return s;
  }

  /** Forgets a connection (closed); it must not be idle. */
  drop(c: Conn): void {
    if (!c.busy) this.unidle(c);
    this.total--;
    const n = (this.perHost.get(c.hostKey) ?? 1) - 1;
    if (n === 0) this.perHost.delete(c.hostKey);
    else this.perHost.set(c.hostKey, n);
  }

  /** Connections (any state) to this host. */
  hostCount(hostKey: string): number {
    return this.perHost.get(hostKey) ?? 0;
  }

  get idleCount(): number {
    return this.idleOrder.size;
  }

  /** Parks a finished connection as idle. */
  park(c: Conn, now: number): void {
    c.busy = false;
    c.idleSince = now;
    let list = this.idle.get(c.key);
    if (!list) {
      list = [];
      this.idle.set(c.key, list);
    }
    list.push(c);
    this.idleOrder.add(c);
  }

  /**
   * Takes an idle connection for key, most recently parked first, skipping (and handing to `dead`) the
   * ones `alive` rejects. Returns undefined when none is usable.
   */
  take(key: string, alive: (c: Conn) => boolean, dead: (c: Conn) => void): Conn | undefined {
    const list = this.idle.get(key);
    while (list && list.length > 0) {
      const c = list.pop()!;
      this.idleOrder.delete(c);
      if (list.length === 0) this.idle.delete(key);
      c.busy = true;
      if (alive(c)) return c;
      dead(c);
    }
    return undefined;
  }

  /** The oldest idle connection (to close when the cache is over its size), or undefined. */
  oldestIdle(): Conn | undefined {
    for (const c of this.idleOrder) return c;
    return undefined;
  }

  /** Takes a specific idle connection out (to close it). */
  unidle(c: Conn): void {
    if (c.busy) return;
    this.idleOrder.delete(c);
    const list = this.idle.get(c.key);
    if (list) {
      const i = list.indexOf(c);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.idle.delete(c.key);
    }
    c.busy = true;
  }

  /** All idle connections, oldest first (a copy: callers close them). */
  idleConns(): Conn[] {
    return [...this.idleOrder];
  }

  /** Debug-only consistency check. */
  assertInvariants(): void {
    let n = 0;
    for (const [key, list] of this.idle) {
      if (list.length === 0) throw new Error(`ConnCache: empty idle list for ${key}`);
      for (const c of list) {
        if (c.busy) throw new Error(`ConnCache: busy conn ${c.id} in idle list`);
        if (c.key !== key) throw new Error(`ConnCache: conn ${c.id} under wrong key`);
        if (!this.idleOrder.has(c))
          throw new Error(`ConnCache: conn ${c.id} missing from idle order`);
        n++;
      }
    }
    if (n !== this.idleOrder.size)
      throw new Error(`ConnCache: idle order ${this.idleOrder.size} != ${n}`);
    let sum = 0;
    for (const v of this.perHost.values()) {
      if (v <= 0) throw new Error("ConnCache: non-positive host count");
      sum += v;
    }
    if (sum !== this.total) throw new Error(`ConnCache: host counts ${sum} != total ${this.total}`);
  }
}
