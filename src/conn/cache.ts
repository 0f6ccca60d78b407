// The connection cache: idle keep-alive connections by key, counts per host and in total for the limits,
// and the oldest-idle eviction order. Pure bookkeeping: the multi closes what this hands back.
//
// Invariants: every Conn is counted once in `perHost` and `total` from `add` until `drop`; an idle Conn is
// in exactly one key's idle list and in the idle order; a busy Conn is in neither. Both are intrusive
// doubly linked lists through the Conn's own fields, oldest first: parking, taking the newest of a
// key and evicting the oldest are O(1) with 50,000 idle connections (a Set used as a FIFO costs a
// scan over the entries deleted at its front, an array a splice).

import { Conn, type ConnHome } from "./conn.ts";

/** An intrusive list of idle connections through one pair of Conn fields, oldest first. */
interface IdleList {
  head: Conn | null;
  tail: Conn | null;
}

export class ConnCache implements ConnHome {
  /** Per key: its idle connections (keyPrev / keyNext), oldest first. */
  private idle = new Map<string, IdleList>();
  /** Every idle connection (idlePrev / idleNext), oldest first. */
  private order: IdleList = { head: null, tail: null };
  private idleN = 0;
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
    return this.idleN;
  }

  /** Parks a finished connection as idle. */
  park(c: Conn, now: number): void {
    c.busy = false;
    c.idleSince = now;
    let list = this.idle.get(c.key);
    if (!list) {
      list = { head: null, tail: null };
      this.idle.set(c.key, list);
    }
    c.keyPrev = list.tail;
    c.keyNext = null;
    if (list.tail) list.tail.keyNext = c;
    else list.head = c;
    list.tail = c;
    const o = this.order;
    c.idlePrev = o.tail;
    c.idleNext = null;
    if (o.tail) o.tail.idleNext = c;
    else o.head = c;
    o.tail = c;
    this.idleN++;
  }

  /**
   * Takes an idle connection for key, most recently parked first, skipping (and handing to `dead`) the
   * ones `alive` rejects. Returns undefined when none is usable.
   */
  take(key: string, alive: (c: Conn) => boolean, dead: (c: Conn) => void): Conn | undefined {
    const list = this.idle.get(key);
    while (list?.tail) {
      const c = list.tail;
      this.unlink(c, list);
      c.busy = true;
      if (alive(c)) return c;
      dead(c);
    }
    return undefined;
  }

  /** The oldest idle connection (to close when the cache is over its size), or undefined. */
  oldestIdle(): Conn | undefined {
    return this.order.head ?? undefined;
  }

  /** Takes a specific idle connection out (to close it). */
  unidle(c: Conn): void {
    if (c.busy) return;
    const list = this.idle.get(c.key);
    if (list) this.unlink(c, list);
    c.busy = true;
  }

  /** All idle connections, oldest first (a copy: callers close them). */
  idleConns(): Conn[] {
    const out: Conn[] = [];
    for (let c = this.order.head; c !== null; c = c.idleNext) out.push(c);
    return out;
  }

  /** Takes idle `c` out of its key's list (dropped when empty) and out of the idle order. */
  private unlink(c: Conn, list: IdleList): void {
    if (c.keyPrev) c.keyPrev.keyNext = c.keyNext;
    else list.head = c.keyNext;
    if (c.keyNext) c.keyNext.keyPrev = c.keyPrev;
    else list.tail = c.keyPrev;
    c.keyPrev = null;
    c.keyNext = null;
    if (list.head === null) this.idle.delete(c.key);
    const o = this.order;
    if (c.idlePrev) c.idlePrev.idleNext = c.idleNext;
    else o.head = c.idleNext;
    if (c.idleNext) c.idleNext.idlePrev = c.idlePrev;
    else o.tail = c.idlePrev;
    c.idlePrev = null;
    c.idleNext = null;
    this.idleN--;
  }

  /** Debug-only consistency check. */
  assertInvariants(): void {
    let n = 0;
    const inLists = new Set<Conn>();
    for (const [key, list] of this.idle) {
      if (list.head === null) throw new Error(`ConnCache: empty idle list for ${key}`);
      let prev: Conn | null = null;
      for (let c: Conn | null = list.head; c !== null; c = c.keyNext) {
        if (c.busy) throw new Error(`ConnCache: busy conn ${c.id} in idle list`);
        if (c.key !== key) throw new Error(`ConnCache: conn ${c.id} under wrong key`);
        if (c.keyPrev !== prev) throw new Error(`ConnCache: conn ${c.id} has a wrong keyPrev`);
        if (inLists.has(c)) throw new Error(`ConnCache: conn ${c.id} twice in idle lists`);
        inLists.add(c);
        prev = c;
        n++;
      }
      if (list.tail !== prev) throw new Error(`ConnCache: idle list tail of ${key} is wrong`);
    }
    let m = 0;
    let prev: Conn | null = null;
    for (let c = this.order.head; c !== null; c = c.idleNext) {
      if (c.idlePrev !== prev) throw new Error(`ConnCache: conn ${c.id} has a wrong idlePrev`);
      if (!inLists.has(c)) throw new Error(`ConnCache: conn ${c.id} in idle order, not in a list`);
      prev = c;
      if (++m > n) throw new Error("ConnCache: idle order longer than the idle lists");
    }
    if (this.order.tail !== prev) throw new Error("ConnCache: idle order tail is wrong");
    if (m !== n || n !== this.idleN) {
      throw new Error(`ConnCache: idle order ${m}, idle lists ${n}, count ${this.idleN}`);
    }
    let sum = 0;
    for (const v of this.perHost.values()) {
      if (v <= 0) throw new Error("ConnCache: non-positive host count");
      sum += v;
    }
    if (sum !== this.total) throw new Error(`ConnCache: host counts ${sum} != total ${this.total}`);
  }
}
