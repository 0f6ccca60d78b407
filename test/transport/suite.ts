// The transport contract (src/transport/types.ts) as ONE suite, run against every implementation:
// the in-memory one on virtual time and the Bun one on real loopback sockets.

import { afterEach, expect, test } from "bun:test";
import {
  CURL_CSELECT_ERR,
  CURL_CSELECT_IN,
  CURL_CSELECT_OUT,
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURL_POLL_REMOVE,
  CURLE_COULDNT_CONNECT,
  CURLE_RECV_ERROR,
} from "../../src/constants/index.ts";
import {
  type ConnectRequest,
  SOCK_CLOSED,
  SOCK_CONNECTING,
  SOCK_EOF,
  SOCK_ERROR,
  SOCK_OPEN,
  type Transport,
} from "../../src/transport/types.ts";

/** The server side of one test connection, whatever the implementation. */
export interface TestPeer {
  write(data: string): void;
  end(): void;
  /** Aborts the connection (the client sees a reset). */
  reset(): void;
  /** Everything received so far, as latin1 text. */
  text(): string;
}

/** What a test server does with each connection. */
export interface TestScript {
  open?(peer: TestPeer): void;
  data?(peer: TestPeer): void;
}

/** One implementation's world: its transport, scripted servers, and a way to let time/events pass. */
export interface Harness {
  readonly transport: Transport & { open: number; opened: number };
  /** Starts a scripted server; returns a request that reaches it. */
  listen(script: TestScript): ConnectRequest;
  /** A request whose connect is refused. */
  refused(): ConnectRequest;
  /** Unconsumed bytes queued on s. */
  queuedBytes(s: number): number;
  /** Runs events until cond() holds; throws when it cannot (stuck, or a time cap). */
  until(cond: () => boolean, what: string): Promise<void>;
  /** Lets already-due deliveries and network events run (a few poller rounds), without waiting for more. */
  settle(): Promise<void>;
  dispose(): void;
}

const enc = new TextEncoder();
const latin1 = (b: Uint8Array, from = 0) => {
  let s = "";
  for (let i = from; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
};

/** Registers the contract tests for one implementation. */
export function transportSuite(name: string, makeHarness: () => Harness): void {
  let h: Harness | undefined;
  /** Every readiness event, in order. */
  let log: [number, number][] = [];
  /** Set while the test is inside a transport/poller call: an event then is a contract violation. */
  let inCall = false;
  let violations = 0;

  const setup = (): Harness => {
    h = makeHarness();
    log = [];
    violations = 0;
    h.transport.poller.onReady = (s, ev) => {
      if (inCall) violations++;
      log.push([s, ev]);
    };
    return h;
  };
  afterEach(() => {
    h?.dispose();
    h = undefined;
  });
  const eventsFor = (s: number, bit: number) => log.filter(([x, ev]) => x === s && ev & bit).length;
  /** Reads everything queued on s into text. */
  const drain = (t: Transport, s: number): string => {
    let out = "";
    for (let c = t.recvChunk(s); c !== undefined; c = t.recvChunk(s)) {
      const off = t.recvOffset(s);
      out += latin1(c, off);
      t.consume(s, c.length - off);
    }
    return out;
  };
  const watch = (t: Transport, s: number, what: number) => {
    inCall = true;
    t.poller.watch(s, what);
    inCall = false;
  };

  test(`${name}: connect, send, receive and EOF`, async () => {
    const w = setup();
    const t = w.transport;
    const open0 = t.open;
    const req = w.listen({
      data(p) {
        if (p.text() === "ping") {
          p.write("pong");
          p.end();
        }
      },
    });
    const s = t.connect(req);
    expect(Number.isInteger(s) && s >= 0).toBe(true);
    expect(t.state(s)).toBe(SOCK_CONNECTING);
    expect(t.open).toBe(open0 + 1);
    watch(t, s, CURL_POLL_OUT);
    await w.until(() => eventsFor(s, CURL_CSELECT_OUT) > 0, "OUT after connect");
    expect(t.state(s)).toBe(SOCK_OPEN);
    expect(t.remoteAddress(s)).toBe(req.host);
    expect(t.remotePort(s)).toBe(req.port);
    expect(t.localPort(s)).toBeGreaterThan(0);
    expect(t.send(s, enc.encode("xpingx"), 1, 5)).toBe(4);
    watch(t, s, CURL_POLL_IN);
    let got = "";
    await w.until(() => {
      // Read like the engine: only after an IN event said so.
      if (eventsFor(s, CURL_CSELECT_IN) === 0) return false;
      got += drain(t, s);
      return t.state(s) === SOCK_EOF;
    }, "pong + EOF");
    got += drain(t, s);
    expect(got).toBe("pong");
    expect(eventsFor(s, CURL_CSELECT_IN)).toBeGreaterThan(0);
    expect(t.recvChunk(s)).toBeUndefined();
    t.close(s);
    expect(t.state(s)).toBe(SOCK_CLOSED);
    expect(t.open).toBe(open0);
    expect(violations).toBe(0);
  });

  test(`${name}: a refused connect is SOCK_ERROR with CURLE_COULDNT_CONNECT`, async () => {
    const w = setup();
    const t = w.transport;
    const req = w.refused();
    const s = t.connect(req);
    watch(t, s, CURL_POLL_OUT);
    await w.until(() => eventsFor(s, CURL_CSELECT_ERR) > 0, "ERR");
    expect(t.state(s)).toBe(SOCK_ERROR);
    expect(t.error(s)).toBe(CURLE_COULDNT_CONNECT);
    expect(t.errorDetail(s)).toMatch(
      new RegExp(
        `^Failed to connect to ${req.host} port ${req.port}( after \\d+ ms)?: Connection refused$`,
      ),
    );
    expect(t.send(s, enc.encode("x"), 0, 1)).toBe(-1);
    t.close(s);
    expect(violations).toBe(0);
  });

  test(`${name}: no event is delivered synchronously inside watch()`, async () => {
    const w = setup();
    const t = w.transport;
    const s = t.connect(w.listen({ open: (p) => p.write("abc") }));
    watch(t, s, CURL_POLL_OUT);
    await w.until(() => eventsFor(s, CURL_CSELECT_OUT) > 0, "OUT");
    await w.until(() => w.queuedBytes(s) === 3, "data queued");
    watch(t, s, CURL_POLL_REMOVE);
    await w.settle();
    const n = log.length;
    watch(t, s, CURL_POLL_IN | CURL_POLL_OUT); // ready for both at once: still not from inside watch
    expect(log.length).toBe(n);
    await w.until(() => log.length > n, "event after watch");
    const ev = log[n]!;
    expect(ev[0]).toBe(s);
    expect(ev[1] & (CURL_CSELECT_IN | CURL_CSELECT_OUT)).toBe(CURL_CSELECT_IN | CURL_CSELECT_OUT);
    expect(violations).toBe(0);
  });

  test(`${name}: readiness is level-triggered`, async () => {
    const w = setup();
    const t = w.transport;
    const s = t.connect(w.listen({ open: (p) => p.write("abc") }));
    watch(t, s, CURL_POLL_IN);
    await w.until(() => eventsFor(s, CURL_CSELECT_IN) > 0, "IN");
    // Not consumed: reported again without any new network event.
    const n1 = eventsFor(s, CURL_CSELECT_IN);
    await w.settle();
    expect(eventsFor(s, CURL_CSELECT_IN)).toBeGreaterThan(n1);
    // Unwatched: silent; watched again: reported again.
    watch(t, s, CURL_POLL_REMOVE);
    await w.settle();
    const n2 = eventsFor(s, CURL_CSELECT_IN);
    await w.settle();
    expect(eventsFor(s, CURL_CSELECT_IN)).toBe(n2);
    watch(t, s, CURL_POLL_IN);
    await w.until(() => eventsFor(s, CURL_CSELECT_IN) > n2, "IN after re-watch");
    // Consumed: no more IN.
    expect(drain(t, s)).toBe("abc");
    await w.settle();
    const n3 = eventsFor(s, CURL_CSELECT_IN);
    await w.settle();
    expect(eventsFor(s, CURL_CSELECT_IN)).toBe(n3);
    expect(violations).toBe(0);
  });

  test(`${name}: numbers are small, never -1, reused only after close`, async () => {
    const w = setup();
    const t = w.transport;
    const opened0 = t.opened;
    const open0 = t.open;
    const req = w.listen({});
    const a = t.openSignal();
    const b = t.connect(req);
    const c = t.openSignal();
    const all = [a, b, c];
    for (const x of all) expect(Number.isInteger(x) && x >= 0 && x < 16).toBe(true);
    expect(new Set(all).size).toBe(3);
    expect(t.open).toBe(open0 + 3);
    t.close(b);
    expect(t.open).toBe(open0 + 2);
    const d = t.connect(req);
    expect(d).toBe(b); // the freed number, from the free list
    const e = t.openSignal();
    expect(all).not.toContain(e);
    expect(t.opened).toBe(opened0 + 5);
    for (const x of [a, c, d, e]) t.close(x);
    t.close(a); // twice: harmless
    expect(t.open).toBe(open0);
  });

  test(`${name}: signal sockets become readable (EOF) when fired`, async () => {
    const w = setup();
    const t = w.transport;
    const s = t.openSignal();
    expect(t.state(s)).toBe(SOCK_OPEN);
    watch(t, s, CURL_POLL_IN);
    await w.settle();
    expect(log.length).toBe(0);
    inCall = true;
    t.fire(s);
    inCall = false;
    await w.until(() => eventsFor(s, CURL_CSELECT_IN) > 0, "IN after fire");
    expect(t.state(s)).toBe(SOCK_EOF);
    expect(log.every(([x, ev]) => x === s && ev === CURL_CSELECT_IN)).toBe(true);
    expect(t.recvChunk(s)).toBeUndefined();
    t.close(s);
    t.fire(s); // after close: nothing
    await w.settle();
    const n = log.length;
    await w.settle();
    expect(log.length).toBe(n);
    expect(violations).toBe(0);
  });

  test(`${name}: partial consume walks head chunk and offset across chunks`, async () => {
    const w = setup();
    const t = w.transport;
    let peer: TestPeer | undefined;
    const s = t.connect(
      w.listen({
        open: (p) => {
          peer = p;
          p.write("hello");
        },
      }),
    );
    watch(t, s, CURL_POLL_IN);
    await w.until(() => w.queuedBytes(s) === 5, "first chunk");
    peer!.write("world");
    await w.until(() => w.queuedBytes(s) === 10, "second chunk");
    expect(latin1(t.recvChunk(s)!)).toBe("hello");
    expect(t.recvOffset(s)).toBe(0);
    t.consume(s, 2);
    expect(latin1(t.recvChunk(s)!)).toBe("hello");
    expect(t.recvOffset(s)).toBe(2);
    t.consume(s, 2);
    expect(t.recvOffset(s)).toBe(4);
    expect(w.queuedBytes(s)).toBe(6);
    t.consume(s, 1);
    expect(latin1(t.recvChunk(s)!)).toBe("world");
    expect(t.recvOffset(s)).toBe(0);
    t.consume(s, 5);
    expect(t.recvChunk(s)).toBeUndefined();
    expect(w.queuedBytes(s)).toBe(0);
  });

  test(`${name}: EOF keeps queued data readable`, async () => {
    const w = setup();
    const t = w.transport;
    const req = w.listen({
      open: (p) => {
        p.write("tail");
        p.end();
      },
    });
    const s = t.connect(req);
    watch(t, s, CURL_POLL_IN);
    await w.until(() => t.state(s) === SOCK_EOF, "EOF");
    expect(drain(t, s)).toBe("tail");
    expect(t.state(s)).toBe(SOCK_EOF);
    // Addresses outlive the peer's close (getinfo may ask after the response ended).
    expect(t.remotePort(s)).toBe(req.port);
    expect(t.localPort(s)).toBeGreaterThan(0);
  });

  test(`${name}: a reset is SOCK_ERROR with CURLE_RECV_ERROR and ERR|IN`, async () => {
    const w = setup();
    const t = w.transport;
    const s = t.connect(w.listen({ open: (p) => p.reset() }));
    watch(t, s, CURL_POLL_IN);
    await w.until(() => eventsFor(s, CURL_CSELECT_ERR) > 0, "ERR");
    expect(t.state(s)).toBe(SOCK_ERROR);
    expect(t.error(s)).toBe(CURLE_RECV_ERROR);
    expect(t.errorDetail(s)).toMatch(/reset by peer/i);
    const ev = log.find(([x, e]) => x === s && e & CURL_CSELECT_ERR)![1];
    expect(ev).toBe(CURL_CSELECT_ERR | CURL_CSELECT_IN);
    expect(t.send(s, enc.encode("x"), 0, 1)).toBe(-1);
  });

  test(`${name}: send before connect completes takes nothing; closed sockets refuse`, async () => {
    const w = setup();
    const t = w.transport;
    const req = w.listen({});
    const s = t.connect(req);
    expect(t.send(s, enc.encode("early"), 0, 5)).toBe(0);
    watch(t, s, CURL_POLL_OUT);
    await w.until(() => eventsFor(s, CURL_CSELECT_OUT) > 0, "OUT");
    expect(t.send(s, enc.encode("late"), 0, 4)).toBe(4);
    t.close(s);
    expect(t.send(s, enc.encode("x"), 0, 1)).toBe(-1);
    expect(t.recvChunk(s)).toBeUndefined();
    expect(t.state(s)).toBe(SOCK_CLOSED);
  });

  test(`${name}: close stops events, even with data queued and a delivery pending`, async () => {
    const w = setup();
    const t = w.transport;
    const s = t.connect(w.listen({ open: (p) => p.write("abc") }));
    watch(t, s, CURL_POLL_IN);
    await w.until(() => eventsFor(s, CURL_CSELECT_IN) > 0, "IN");
    watch(t, s, CURL_POLL_REMOVE);
    watch(t, s, CURL_POLL_IN); // schedules a delivery...
    t.close(s); // ...that must not happen
    const n = log.length;
    await w.settle();
    await w.settle();
    expect(log.length).toBe(n);
  });
}
