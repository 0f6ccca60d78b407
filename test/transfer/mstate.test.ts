// The state-change function and its entry/exit actions (src/transfer/mstate.ts), on a transfer with
// recording ports: each action the table promises is pinned here, so removing one fails a test.

import { describe, expect, test } from "bun:test";
import { AuthSession } from "../../src/auth/session.ts";
import { Info } from "../../src/easy/info.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import {
  EXPIRE_100_TIMEOUT,
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_HAPPY_EYEBALLS,
} from "../../src/timer/index.ts";
import { closeAttempts, fail, setState } from "../../src/transfer/mstate.ts";
import type { Ports } from "../../src/transfer/ports.ts";
import { ConnectAttempt } from "../../src/transfer/records.ts";
import {
  ST_COMPLETED,
  ST_CONNECTING,
  ST_DONE,
  ST_INIT,
  ST_MSGSENT,
  ST_PENDING,
  ST_RESOLVING,
  ST_SENDING,
  ST_WAITING,
} from "../../src/transfer/states.ts";
import { Transfer } from "../../src/transfer/transfer.ts";

function world() {
  const log: string[] = [];
  const ports = {
    dead: false,
    resolver: { start: () => null, cancel: () => log.push("resolver.cancel") },
    now: () => 5000,
    post: (t: Transfer) => log.push(`post ${t.slot}`),
    timers: {
      expire: (_t: Transfer, ms: number, id: number) => log.push(`expire ${id} ${ms}`),
      expireAt: (_t: Transfer, at: number, id: number) => log.push(`expireAt ${id} ${at}`),
      expireDone: (_t: Transfer, id: number) => log.push(`done ${id}`),
      clear: () => log.push("clear"),
    },
    sockets: {
      open: () => 0,
      close: (_t: Transfer, s: number) => log.push(`close ${s}`),
      adopt: () => {},
    },
    pool: {
      stopWaiting: () => log.push("stopWaiting"),
    },
    guard: { debug: (_t: Transfer, text: string) => log.push(`debug ${text}`) },
  } as unknown as Ports;
  const t = new Transfer(
    {
      easy: null,
      opts: new EasyOptions(),
      info: new Info(),
      resolveLoaded: null,
      auth: new AuthSession(),
      headerSink: null,
    },
    3,
    0,
  );
  return { log, ports, t };
}

/** Moves t to `st` by hand (no actions), as if it had got there. */
function put(t: Transfer, st: number): void {
  t.state = st;
}

describe("setState", () => {
  test("the same state again: nothing happens, no trace", () => {
    const { log, ports, t } = world();
    t.opts.verbose = 1;
    setState(ports, t, ST_INIT);
    expect(log).toEqual([]);
  });

  test("a change is traced with both names when verbose, before the actions", () => {
    const { log, ports, t } = world();
    t.opts.verbose = 1;
    put(t, ST_DONE);
    setState(ports, t, ST_COMPLETED);
    expect(log[0]).toBe("debug STATE: DONE => COMPLETED");
    expect(t.state).toBe(ST_COMPLETED);
  });

  test("entering INIT starts a clean request and ends a 100-continue wait", () => {
    const { log, ports, t } = world();
    put(t, ST_WAITING);
    t.req.expect100At = 9000;
    t.req.head = new Uint8Array(4);
    t.req.built = true;
    t.resp.ready = true;
    t.hop.connected = true;
    t.info.contentLengthDownload = 10;
    setState(ports, t, ST_INIT);
    expect(log).toEqual([`done ${EXPIRE_100_TIMEOUT}`]);
    expect(t.req.expect100At).toBe(Number.POSITIVE_INFINITY);
    expect(t.req.head).toBeNull();
    expect(t.req.built).toBe(false);
    expect(t.resp.ready).toBe(false);
    expect(t.hop.connected).toBe(false);
    expect(t.info.contentLengthDownload).toBe(-1);
  });

  test("leaving PENDING gives up the place in the queue, whatever comes next", () => {
    for (const next of [ST_RESOLVING, ST_SENDING, ST_DONE]) {
      const { log, ports, t } = world();
      put(t, ST_PENDING);
      setState(ports, t, next);
      expect(log).toContain("stopWaiting");
    }
  });

  test("leaving RESOLVING cancels and closes the lookup", () => {
    const { log, ports, t } = world();
    put(t, ST_RESOLVING);
    t.attempt = new ConnectAttempt();
    t.attempt.dnsQuery = { s: 7, done: false } as never;
    setState(ports, t, ST_DONE);
    expect(log).toEqual(["resolver.cancel", "close 7"]);
    expect(t.attempt.dnsQuery).toBeNull();
  });

  test("leaving CONNECTING closes both attempts, ends the happy-eyeballs delay and drops the record", () => {
    const { log, ports, t } = world();
    put(t, ST_CONNECTING);
    const a = new ConnectAttempt();
    a.att0 = 11;
    a.att1 = 12;
    a.heAt = 6000;
    t.attempt = a;
    setState(ports, t, ST_DONE);
    expect(log).toEqual(["close 11", "close 12", `done ${EXPIRE_HAPPY_EYEBALLS}`]);
    // The record goes with them: a transfer on its connection keeps no connect state.
    expect(t.attempt).toBeNull();
  });

  test("entering SENDING: connected, the connect timeout is over", () => {
    const { log, ports, t } = world();
    put(t, ST_CONNECTING);
    setState(ports, t, ST_SENDING);
    expect(t.hop.connected).toBe(true);
    expect(log).toContain(`done ${EXPIRE_CONNECTTIMEOUT}`);
    expect(log).not.toContain(`done ${EXPIRE_100_TIMEOUT}`);
  });

  test("entering SENDING after a 100-continue wait ends the wait and its timer", () => {
    const { log, ports, t } = world();
    put(t, ST_WAITING);
    t.req.expect100At = 9000;
    setState(ports, t, ST_SENDING);
    expect(t.req.expect100At).toBe(Number.POSITIVE_INFINITY);
    expect(log).toContain(`done ${EXPIRE_100_TIMEOUT}`);
  });

  test("entering COMPLETED clears every timer and the response, then posts the message", () => {
    const { log, ports, t } = world();
    put(t, ST_DONE);
    let closed = 0;
    t.resp.decoder = { close: () => closed++ } as never;
    t.resp.held = [new Uint8Array(1)];
    setState(ports, t, ST_COMPLETED);
    expect(log).toEqual(["clear", "post 3"]);
    expect(closed).toBe(1);
    expect(t.resp.decoder).toBeNull();
    expect(t.resp.held).toBeNull();
  });

  test("MSGSENT has no action", () => {
    const { log, ports, t } = world();
    put(t, ST_COMPLETED);
    setState(ports, t, ST_MSGSENT);
    expect(log).toEqual([]);
    expect(t.state).toBe(ST_MSGSENT);
  });

  test("fail() sets the result and text, then goes to DONE through the table", () => {
    const { log, ports, t } = world();
    put(t, ST_PENDING);
    fail(ports, t, 28, "Connection timed out after 10 milliseconds");
    expect(t.info.result).toBe(28);
    expect(t.info.errorDetail).toBe("Connection timed out after 10 milliseconds");
    expect(t.state).toBe(ST_DONE);
    expect(log).toEqual(["stopWaiting"]);
  });

  test("closeAttempts without an attempt record does nothing", () => {
    const { log, ports, t } = world();
    closeAttempts(ports, t);
    expect(log).toEqual([]);
  });
});
