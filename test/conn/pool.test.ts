// The connection pool's policy (src/conn/pool.ts) on its own, against a fake host that logs every call:
// the cache key, reuse and its refusals (CURLOPT_MAXAGE_CONN, CURLOPT_MAXLIFETIME_CONN, the protocol,
// a socket that is not idle-alive), the total and per-host limits with the idle connection closed to
// make room, parking and the cache size, and the pending queue's wake-up rule. Every pool call goes
// through a wrapper that checks the pool's invariants after it.

import { beforeEach, describe, expect, test } from "bun:test";
import { AuthSession } from "../../src/auth/session.ts";
import type { Conn } from "../../src/conn/conn.ts";
import { ConnPool, type PoolHost, WAKE_CHAIN } from "../../src/conn/pool.ts";
import type { Protocol, ResponseFacts } from "../../src/conn/protocol.ts";
import { Info } from "../../src/easy/info.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import { MultiOptions } from "../../src/multi/options.ts";
import { Transfer } from "../../src/transfer/transfer.ts";
import type { ParsedUrl } from "../../src/transfer/url.ts";

/** A host that answers from settable fields and logs every call, transfers named t<addSeq>. */
class FakeHost implements PoolHost {
  log: string[] = [];
  dead = false;
  running = 1;
  clock = 0;
  /** idleAlive's answer per socket (true when not set). */
  alive = new Map<number, boolean>();
  now(): number {
    return this.clock;
  }
  debug(t: Transfer, text: string): void {
    this.log.push(`debug ${name(t)} ${text}`);
  }
  lastWords(c: Conn): void {
    this.log.push(`lastWords ${c.s}`);
  }
  connIdle(c: Conn, t: Transfer): void {
    this.log.push(`connIdle ${c.s} ${name(t)}`);
  }
  idleAlive(c: Conn): boolean {
    const s = c.s;
    return this.alive.get(s) ?? true;
  }
  claim(s: number, t: Transfer): void {
    this.log.push(`claim ${s} ${name(t)}`);
  }
  disown(s: number): void {
    this.log.push(`disown ${s}`);
  }
  dropSocket(t: Transfer, s: number): void {
    this.log.push(`dropSocket ${name(t)} ${s}`);
  }
  dropSockets(t: Transfer): void {
    this.log.push(`dropSockets ${name(t)}`);
  }
  closeSocket(s: number): void {
    this.log.push(`closeSocket ${s}`);
  }
  wake(t: Transfer): void {
    this.log.push(`wake ${name(t)}`);
  }
  /** The log since the last call, emptied. */
  take(): string[] {
    return this.log.splice(0);
  }
}

const name = (t: Transfer) => `t${t.addSeq}`;

const NO_FACTS: ResponseFacts = {
  result: 0,
  detail: "",
  status: 0,
  version: 11,
  contentLength: -1,
  contentType: "",
  contentEncoding: "",
  location: "",
  newUrl: false,
  closing: false,
  complete: false,
  bodyBytes: 0,
};

/** The protocol as far as the pool asks: whether a request can start, whether it may be parked. */
class FakeProto implements Protocol {
  readonly name = "fake";
  readonly version = 11;
  readonly io = null;
  readonly headSize = 0;
  readonly facts = NO_FACTS;
  reusable = true;
  startable = true;
  dones = 0;
  canStart(): boolean {
    return this.startable;
  }
  mayRetry(): boolean {
    return false;
  }
  retireConnection(): void {}
  writeHead(): Uint8Array {
    return new Uint8Array(0);
  }
  frameBody(): void {}
  endBody(): Uint8Array | null {
    return null;
  }
  frameWhole(body: Uint8Array): Uint8Array {
    return body;
  }
  expect(): void {}
  receive(): number {
    return 0;
  }
  end(): number {
    return 0;
  }
  received(): number {
    return 0;
  }
  forbidReuse(): void {
    this.reusable = false;
  }
  done(): void {
    this.dones++;
  }
}

function url(scheme: string, host: string, port: number): ParsedUrl {
  return {
    code: 0,
    detail: "",
    scheme,
    host,
    port,
    target: "/",
    hostHeader: host,
    href: `${scheme}://${host}:${port}/`,
    user: null,
    pass: null,
  };
}

/** The pool with every call followed by assertInvariants(). */
function checked(pool: ConnPool): ConnPool {
  return new Proxy(pool, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver);
      if (typeof v !== "function" || key === "assertInvariants") return v;
      return (...args: unknown[]) => {
        const r = v.apply(target, args);
        target.assertInvariants();
        return r;
      };
    },
  });
}

let host: FakeHost;
let limits: MultiOptions;
let pool: ConnPool;
let nextSocket: number;

beforeEach(() => {
  host = new FakeHost();
  limits = new MultiOptions();
  pool = checked(new ConnPool(host, limits));
  nextSocket = 10;
});

/** A transfer for origin `where` ("http://a:80" style), connecting there unless told otherwise. */
function mk(
  addSeq: number,
  where = "http://a:80",
  setup: (o: EasyOptions) => void = () => {},
): Transfer {
  const m = /^(\w+):\/\/([^:]+):(\d+)$/.exec(where)!;
  const opts = new EasyOptions();
  setup(opts);
  const t = new Transfer(
    {
      easy: null,
      opts,
      info: new Info(),
      resolveLoaded: null,
      auth: new AuthSession(),
      headerSink: null,
    },
    addSeq,
    addSeq,
  );
  t.url = url(m[1]!, m[2]!, Number(m[3]));
  t.connectHost = m[2]!;
  t.connectPort = Number(m[3]);
  return t;
}

/** What the engine does after pool.open: the connect succeeded, the socket and protocol are set. */
function connected(t: Transfer, c: Conn): FakeProto {
  const p = new FakeProto();
  c.s = nextSocket++;
  c.proto = p;
  pool.connected(c);
  pool.attach(t, c);
  return p;
}

/** The engine's acquire (machine.ts): an idle connection, else a new one if allowed, else wait. */
function acquire(t: Transfer): "reused" | "new" | "wait" {
  const woken = t.woken;
  t.woken = false;
  const c = pool.reuse(t);
  if (c !== undefined) {
    t.conn = c;
    t.reused = true;
    pool.stopWaiting(t);
    return "reused";
  }
  if (!pool.mayConnect(t)) {
    pool.wait(t);
    if (woken) pool.passWake(t);
    return "wait";
  }
  pool.stopWaiting(t);
  connected(t, pool.open(t));
  return "new";
}

/** A transfer that got a new connection, finished it and parked it; returns the connection. */
function parked(addSeq: number, where?: string, setup?: (o: EasyOptions) => void): Conn {
  const t = mk(addSeq, where, setup);
  expect(acquire(t)).toBe("new");
  const c = t.conn!;
  pool.release(t);
  expect(c.busy).toBe(false);
  return c;
}

const proto = (c: Conn) => c.proto as FakeProto;

describe("reuse", () => {
  test("a parked connection is reused for the same origin, claimed for the new transfer", () => {
    const c = parked(1);
    host.take();
    const t = mk(2);
    expect(pool.reuse(t)).toBe(c);
    expect(host.take()).toEqual([`claim ${c.s} t2`]);
    expect(c.busy).toBe(true);
    expect(pool.total).toBe(1);
  });

  test("release parks: REMOVE, disown, protocol done, connection idle and counted", () => {
    const t = mk(1);
    acquire(t);
    const c = t.conn!;
    host.take();
    pool.release(t);
    expect(host.take()).toEqual(["dropSockets t1", `disown ${c.s}`]);
    expect(t.conn).toBeNull();
    expect(proto(c).dones).toBe(1);
    expect(c.busy).toBe(false);
    expect(c.idleSince).toBe(host.clock);
    expect(pool.total).toBe(1);
  });

  test("not for another scheme, host, port or connect target", () => {
    parked(1, "http://a:80");
    host.take();
    for (const [i, where] of ["https://a:80", "http://b:80", "http://a:8080"].entries())
      expect(pool.reuse(mk(10 + i, where))).toBeUndefined();
    const other = mk(20);
    other.connectHost = "elsewhere"; // CURLOPT_CONNECT_TO: same origin, another target
    expect(pool.reuse(other)).toBeUndefined();
    expect(host.take()).toEqual([]); // nothing claimed, nothing closed
    expect(pool.reuse(mk(30))).toBeDefined();
  });

  test.each<[string, (o: EasyOptions) => void]>([
    ["sslVerifyPeer", (o) => (o.sslVerifyPeer = 0)],
    ["sslVerifyHost", (o) => (o.sslVerifyHost = 0)],
    ["caInfo", (o) => (o.caInfo = "/tmp/ca.pem")],
    ["unixSocketPath", (o) => (o.unixSocketPath = "/tmp/sock")],
  ])("not with another %s (part of the key)", (_, setup) => {
    const c = parked(1, "https://a:443");
    host.take();
    expect(pool.reuse(mk(2, "https://a:443", setup))).toBeUndefined();
    expect(host.take()).toEqual([]);
    expect(c.busy).toBe(false);
    expect(pool.reuse(mk(3, "https://a:443"))).toBe(c);
  });

  test("the most recently parked connection of a key is taken first", () => {
    const t1 = mk(1);
    const t2 = mk(2);
    acquire(t1);
    acquire(t2);
    const c1 = t1.conn!;
    const c2 = t2.conn!;
    pool.release(t1);
    pool.release(t2);
    expect(pool.reuse(mk(3))).toBe(c2);
    expect(pool.reuse(mk(4))).toBe(c1);
    expect(pool.reuse(mk(5))).toBeUndefined();
  });

  test("too long idle (CURLOPT_MAXAGE_CONN): closed instead of reused, with the verbose text", () => {
    const c = parked(1, undefined, (o) => (o.maxAgeConn = 1));
    host.clock = 1001;
    host.take();
    const t = mk(2, undefined, (o) => {
      o.maxAgeConn = 1;
      o.verbose = 1;
    });
    expect(pool.reuse(t)).toBeUndefined();
    expect(host.take()).toEqual([
      "debug t2 Too old connection (1001 ms idle, max idle is 1000 ms), disconnect it",
      `closeSocket ${c.s}`,
    ]);
    expect(pool.total).toBe(0);
  });

  test("idle exactly maxAgeConn is still reused; maxAgeConn 0 is no limit", () => {
    const c = parked(1);
    host.clock = 1000;
    expect(pool.reuse(mk(2, undefined, (o) => (o.maxAgeConn = 1)))).toBe(c);
    const c2 = parked(3);
    host.clock += 10_000_000;
    host.take();
    expect(pool.reuse(mk(4, undefined, (o) => (o.maxAgeConn = 0)))).toBe(c2);
    expect(host.take()).toEqual([`claim ${c2.s} t4`]);
  });

  test("too old (CURLOPT_MAXLIFETIME_CONN): closed instead of reused, with the verbose text", () => {
    // Created at 0, parked at 1900: 101 ms idle, far below maxAgeConn's 118 s, but 2001 ms old.
    const t1 = mk(1);
    acquire(t1);
    const c = t1.conn!;
    host.clock = 1900;
    pool.release(t1);
    host.clock = 2001;
    host.take();
    const t = mk(2, undefined, (o) => {
      o.maxLifetimeConn = 2;
      o.verbose = 1;
    });
    expect(pool.reuse(t)).toBeUndefined();
    expect(host.take()).toEqual([
      "debug t2 Too old connection (created 2001 ms ago, max lifetime is 2000 ms), disconnect it",
      `closeSocket ${c.s}`,
    ]);
    expect(pool.total).toBe(0);
  });

  test("without verbose, a too old connection is closed silently", () => {
    const c = parked(1);
    host.clock = 5000;
    host.take();
    expect(pool.reuse(mk(2, undefined, (o) => (o.maxLifetimeConn = 1)))).toBeUndefined();
    expect(host.take()).toEqual([`closeSocket ${c.s}`]);
  });

  test("the protocol says it cannot start a request: closed, not reused", () => {
    const c = parked(1);
    proto(c).startable = false;
    host.take();
    expect(pool.reuse(mk(2))).toBeUndefined();
    expect(host.take()).toEqual([`closeSocket ${c.s}`]);
    expect(pool.total).toBe(0);
  });

  test("the socket is not idle-alive (closed or unread bytes): closed, the next one tried", () => {
    const t1 = mk(1);
    const t2 = mk(2);
    acquire(t1);
    acquire(t2);
    const older = t1.conn!;
    const newer = t2.conn!;
    pool.release(t1);
    pool.release(t2);
    host.alive.set(newer.s, false);
    host.take();
    expect(pool.reuse(mk(3))).toBe(older);
    expect(host.take()).toEqual([`closeSocket ${newer.s}`, `claim ${older.s} t3`]);
    expect(pool.total).toBe(1);
  });
});

describe("release", () => {
  test("a connection whose protocol says not reusable is closed, not parked", () => {
    const t = mk(1);
    acquire(t);
    const c = t.conn!;
    proto(c).reusable = false;
    host.take();
    pool.release(t);
    expect(host.take()).toEqual([`dropSocket t1 ${c.s}`, `closeSocket ${c.s}`, "dropSockets t1"]);
    expect(t.conn).toBeNull();
    expect(pool.total).toBe(0);
    expect(pool.reuse(mk(2))).toBeUndefined();
  });

  test("a dead multi parks nothing", () => {
    const t = mk(1);
    acquire(t);
    const c = t.conn!;
    host.dead = true;
    host.take();
    pool.release(t);
    expect(host.take()).toEqual([`dropSocket t1 ${c.s}`, `closeSocket ${c.s}`, "dropSockets t1"]);
    expect(pool.total).toBe(0);
  });

  test("a connection without a socket yet (still connecting) is dropped, no socket closed", () => {
    const t = mk(1);
    t.conn = pool.open(t);
    host.take();
    pool.release(t);
    expect(host.take()).toEqual(["dropSockets t1"]);
    expect(pool.total).toBe(0);
  });

  test("a closed connection frees a slot: the waiter is woken", () => {
    limits.maxTotalConnections = 1;
    const t1 = mk(1);
    acquire(t1);
    const w = mk(2, "http://b:80");
    expect(acquire(w)).toBe("wait");
    proto(t1.conn!).reusable = false;
    host.take();
    pool.release(t1);
    expect(host.take().at(-1)).toBe("wake t2");
    expect(w.woken).toBe(true);
  });

  test("a transfer with neither a connection nor a wake-up frees nothing: nobody is woken", () => {
    limits.maxTotalConnections = 1;
    acquire(mk(1));
    const w = mk(2);
    acquire(w);
    const x = mk(3); // ended before it had a connection (a bad URL, say)
    host.take();
    pool.release(x);
    expect(host.take()).toEqual(["dropSockets t3"]);
    expect(w.woken).toBe(false);
    expect(pool.waiting).toBe(1);
  });

  test("an unused wake-up is passed on when its transfer ends", () => {
    limits.maxTotalConnections = 1;
    const t1 = mk(1);
    acquire(t1);
    const w2 = mk(2);
    const w3 = mk(3);
    acquire(w2);
    acquire(w3);
    proto(t1.conn!).reusable = false;
    pool.release(t1);
    expect(w2.woken).toBe(true);
    host.take();
    pool.release(w2); // w2 ends before it runs
    expect(host.take()).toEqual(["dropSockets t2", "wake t3"]);
    expect(w2.woken).toBe(false);
    expect(w3.woken).toBe(true);
  });

  test("close() detaches and closes the connection, REMOVE first", () => {
    const t = mk(1);
    acquire(t);
    const c = t.conn!;
    host.take();
    pool.close(t);
    expect(host.take()).toEqual([`dropSocket t1 ${c.s}`, `closeSocket ${c.s}`]);
    expect(t.conn).toBeNull();
    expect(pool.total).toBe(0);
    pool.close(t); // nothing left: no-op
    expect(host.take()).toEqual([]);
  });
});

describe("connection limits", () => {
  test("maxTotalConnections: refused when every connection is busy", () => {
    limits.maxTotalConnections = 2;
    expect(acquire(mk(1, "http://a:80"))).toBe("new");
    expect(acquire(mk(2, "http://b:80"))).toBe("new");
    host.take();
    expect(pool.mayConnect(mk(3, "http://c:80"))).toBe(false);
    expect(host.take()).toEqual([]);
    expect(pool.total).toBe(2);
  });

  test("maxTotalConnections: the oldest idle connection is closed to make room", () => {
    limits.maxTotalConnections = 2;
    const old = parked(1, "http://a:80");
    const young = parked(2, "http://b:80");
    host.take();
    expect(pool.mayConnect(mk(3, "http://c:80"))).toBe(true);
    expect(host.take()).toEqual([`closeSocket ${old.s}`]);
    expect(pool.total).toBe(1);
    expect(young.busy).toBe(false);
    expect(pool.reuse(mk(4, "http://b:80"))).toBe(young);
  });

  test("maxHostConnections: refused for a busy host, allowed for another", () => {
    limits.maxHostConnections = 1;
    expect(acquire(mk(1, "http://a:80"))).toBe("new");
    host.take();
    expect(pool.mayConnect(mk(2, "http://a:80"))).toBe(false);
    expect(pool.mayConnect(mk(3, "http://b:80"))).toBe(true);
    expect(host.take()).toEqual([]);
  });

  test("maxHostConnections: an idle connection of that host is closed, not another host's", () => {
    limits.maxHostConnections = 1;
    const b = parked(1, "http://b:80");
    const a = parked(2, "http://a:80"); // the same host, another key: not reusable for t3
    host.take();
    const t3 = mk(3, "http://a:80", (o) => (o.sslVerifyPeer = 0));
    expect(pool.reuse(t3)).toBeUndefined();
    expect(pool.mayConnect(t3)).toBe(true);
    expect(host.take()).toEqual([`closeSocket ${a.s}`]);
    expect(b.busy).toBe(false);
    expect(pool.total).toBe(1);
  });

  test("maxHostConnections: refused when only another host has an idle connection (kept)", () => {
    limits.maxHostConnections = 1;
    const b = parked(1, "http://b:80");
    expect(acquire(mk(2, "http://a:80"))).toBe("new");
    host.take();
    expect(pool.mayConnect(mk(3, "http://a:80"))).toBe(false);
    expect(host.take()).toEqual([]);
    expect(b.busy).toBe(false);
  });
});

describe("cache size", () => {
  test("maxConnects 2: parking a third closes the oldest idle connection", () => {
    limits.maxConnects = 2;
    host.running = 10;
    const ts = [mk(1), mk(2), mk(3)];
    for (const t of ts) acquire(t);
    const [c1, c2, c3] = ts.map((t) => t.conn!);
    pool.release(ts[0]!);
    pool.release(ts[1]!);
    host.take();
    pool.release(ts[2]!);
    expect(host.take()).toEqual(["dropSockets t3", `disown ${c3!.s}`, `closeSocket ${c1!.s}`]);
    expect(pool.total).toBe(2);
    expect(c2!.busy).toBe(false);
    expect(c3!.busy).toBe(false);
  });

  test("without maxConnects the limit is 4 x running", () => {
    host.running = 1;
    const ts = Array.from({ length: 5 }, (_, i) => mk(i + 1));
    for (const t of ts) acquire(t);
    const conns = ts.map((t) => t.conn!);
    for (const t of ts.slice(0, 4)) pool.release(t);
    expect(host.log.filter((l) => l.startsWith("closeSocket"))).toEqual([]);
    host.take();
    pool.release(ts[4]!);
    expect(host.take()).toContain(`closeSocket ${conns[0]!.s}`);
    expect(pool.total).toBe(4);
  });

  test("with 2 running, 5 idle connections fit (limit 8)", () => {
    host.running = 2;
    const ts = Array.from({ length: 5 }, (_, i) => mk(i + 1));
    for (const t of ts) acquire(t);
    for (const t of ts) pool.release(t);
    expect(host.log.filter((l) => l.startsWith("closeSocket"))).toEqual([]);
    expect(pool.total).toBe(5);
  });

  test("closeAll closes every idle connection and forgets every waiter", () => {
    limits.maxHostConnections = 1;
    const a = parked(1, "http://a:80");
    const b = parked(2, "http://b:80");
    const busy = mk(3, "http://c:80");
    expect(acquire(busy)).toBe("new");
    const w = mk(4, "http://c:80");
    expect(acquire(w)).toBe("wait");
    host.take();
    pool.closeAll();
    expect(host.take()).toEqual([`closeSocket ${a.s}`, `closeSocket ${b.s}`]);
    expect(pool.total).toBe(1); // the busy one stays its transfer's
    expect(pool.waiting).toBe(0);
    expect(w.queued).toBe(false);
    expect(w.listed).toBe(false);
  });
});

describe("pending queue", () => {
  /** One busy connection (t0 on a), maxTotalConnections 1, and waiters with these addSeqs. */
  function queue(...seqs: number[]): { holder: Transfer; waiters: Transfer[] } {
    limits.maxTotalConnections = 1;
    const holder = mk(0);
    expect(acquire(holder)).toBe("new");
    const waiters = seqs.map((s) => {
      const t = mk(s, "http://b:80");
      expect(acquire(t)).toBe("wait");
      return t;
    });
    expect(pool.waiting).toBe(seqs.length);
    host.take();
    return { holder, waiters };
  }

  /** The holder's connection is closed (a slot frees) and the holder starts again on a new one. */
  function freeSlot(holder: Transfer): string[] {
    proto(holder.conn!).reusable = false;
    pool.release(holder);
    return host.take().filter((l) => l.startsWith("wake"));
  }

  test("one waiter woken per freed slot, in addSeq order, with woken set and host.wake called", () => {
    const { holder, waiters } = queue(5, 2, 9);
    expect(freeSlot(holder)).toEqual(["wake t2"]);
    const byName = new Map(waiters.map((t) => [name(t), t]));
    expect(byName.get("t2")!.woken).toBe(true);
    expect(byName.get("t2")!.queued).toBe(false);
    expect(byName.get("t5")!.woken).toBe(false);
    expect(pool.waiting).toBe(2);
  });

  test("round robin: the next wake-up starts after the one woken last, wrapping around", () => {
    const { waiters } = queue(1, 2, 3);
    const [w1, w2, w3] = waiters as [Transfer, Transfer, Transfer];
    const order: string[] = [];
    // Each freed slot goes to a waiter who finds none (its host is busy) and goes back to its place.
    for (let i = 0; i < 5; i++) {
      const x = mk(100 + i, "http://z:80");
      x.woken = true; // a transfer holding a wake-up it does not use: release passes it on
      pool.release(x);
      const line = host.take().find((l) => l.startsWith("wake"));
      order.push(line!);
      const t = [w1, w2, w3].find((w) => w.woken)!;
      t.woken = false;
      pool.wait(t); // back to its place, without passWake: one wake-up per freed slot here
    }
    expect(order).toEqual(["wake t1", "wake t2", "wake t3", "wake t1", "wake t2"]);
  });

  test("a woken waiter that finds no room goes back to its old place and passes the slot on", () => {
    const { holder, waiters } = queue(1, 2, 3);
    const [w1, w2] = waiters as [Transfer, Transfer];
    expect(freeSlot(holder)).toEqual(["wake t1"]);
    // Meanwhile another transfer took the free slot: t1 runs, finds no room, waits again.
    expect(acquire(mk(50, "http://c:80"))).toBe("new");
    host.take();
    expect(acquire(w1)).toBe("wait");
    expect(host.take()).toEqual(["wake t2"]);
    expect(w1.queued).toBe(true);
    expect(w2.woken).toBe(true);
    expect(pool.waiting).toBe(2);
  });

  test(`passWake wakes at most WAKE_CHAIN (${WAKE_CHAIN}) waiters per freed slot`, () => {
    expect(WAKE_CHAIN).toBe(8);
    const { holder, waiters } = queue(...Array.from({ length: 12 }, (_, i) => i + 1));
    expect(freeSlot(holder)).toEqual(["wake t1"]);
    // Another transfer took the slot: every woken waiter finds no room and passes it on.
    expect(acquire(mk(50, "http://c:80"))).toBe("new");
    const woken: string[] = ["wake t1"];
    for (let i = 0; i < 12; i++) {
      const t = waiters.find((w) => w.woken);
      if (t === undefined) break;
      expect(acquire(t)).toBe("wait");
      woken.push(...host.take().filter((l) => l.startsWith("wake")));
    }
    expect(woken).toEqual(Array.from({ length: WAKE_CHAIN }, (_, i) => `wake t${i + 1}`));
    expect(waiters.filter((w) => w.woken)).toEqual([]);
    expect(pool.waiting).toBe(12);
    // The next freed slot starts a new chain, after the one woken last.
    const x = mk(60, "http://z:80");
    x.woken = true;
    pool.release(x);
    expect(host.take()).toContain(`wake t${WAKE_CHAIN + 1}`);
  });

  test("a waiter that gets a connection leaves the queue", () => {
    const { holder, waiters } = queue(1, 2);
    const [w1, w2] = waiters as [Transfer, Transfer];
    freeSlot(holder);
    expect(acquire(w1)).toBe("new");
    expect(w1.queued).toBe(false);
    expect(pool.waiting).toBe(1);
    proto(w1.conn!).reusable = false;
    expect(freeSlot(w1)).toEqual(["wake t2"]);
    expect(w2.woken).toBe(true);
  });

  test("forget() removes a waiter for good and voids its wake-up", () => {
    const { holder, waiters } = queue(1, 2, 3);
    const [w1, w2, w3] = waiters as [Transfer, Transfer, Transfer];
    pool.forget(w2);
    expect(w2.queued).toBe(false);
    expect(w2.listed).toBe(false);
    expect(pool.waiting).toBe(2);
    expect(freeSlot(holder)).toEqual(["wake t1"]);
    // t1 leaves the multi with its wake-up unused: forget voids it, so releasing it wakes nobody.
    pool.forget(w1);
    expect(w1.woken).toBe(false);
    host.take();
    pool.release(w1);
    expect(host.take()).toEqual(["dropSockets t1"]);
    const x = mk(60, "http://z:80");
    x.woken = true;
    pool.release(x);
    expect(host.take()).toEqual(["dropSockets t60", "wake t3"]);
    expect(w3.woken).toBe(true);
    // Nobody left: a further freed slot wakes nobody, and t2 never comes back.
    const y = mk(61, "http://z:80");
    y.woken = true;
    pool.release(y);
    expect(host.take()).toEqual(["dropSockets t61"]);
    expect(w2.woken).toBe(false);
  });

  test("wait() twice keeps one place; stopWaiting takes a waiter out", () => {
    const { waiters } = queue(1);
    const [w1] = waiters as [Transfer];
    pool.wait(w1);
    expect(pool.waiting).toBe(1);
    pool.stopWaiting(w1);
    expect(pool.waiting).toBe(0);
    expect(w1.queued).toBe(false);
  });
});
