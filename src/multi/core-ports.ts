// The ports a multi hands to its transfers and its pool (transfer/ports.ts, conn/pool.ts's PoolHost),
// made over the multi's timer queue, socket table and transport.

import type { Conn } from "../conn/conn.ts";
import { alpnOffer } from "../conn/key.ts";
import type { PoolHost } from "../conn/pool.ts";
import type { Clock } from "../core/clock.ts";
import { tlsSessionFor } from "../share/pick.ts";
import { EXPIRE_MULTI_PENDING, type TimerQueue } from "../timer/index.ts";
import type { SocketPort, TimerPort } from "../transfer/ports.ts";
import { firstHop } from "../transfer/proxy.ts";
import type { Transfer } from "../transfer/transfer.ts";
import type { Transport } from "../transport/types.ts";
import { SOCK_OPEN } from "../transport/types.ts";
import { readInto } from "./mux.ts";
import type { SocketTable } from "./sockets.ts";

/** What the ports need of the multi (core.ts's MultiCore). */
interface PortHost {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly timerQueue: TimerQueue;
  readonly dead: boolean;
  readonly running: number;
  readonly guard: { debug(t: Transfer, text: string): void };
  now(): number;
  connDirty(c: Conn): void;
}

/** The timer port: a transfer's timers are its slot's entries in the one queue. */
export function timerPort(q: TimerQueue, clock: Clock): TimerPort {
  return {
    expire: (t, ms, id) => q.expire(t.slot, clock.now(), ms, id),
    expireAt: (t, deadline, id) => q.expireAt(t.slot, deadline, id),
    expireDone: (t, id) => q.expireDone(t.slot, id),
    clear: (t) => q.expireClear(t.slot),
  };
}

/** The socket port: connect attempts and lookups, owned by their transfer in the socket table. */
export function socketPort(m: PortHost, socks: SocketTable): SocketPort {
  const io = m.transport;
  return {
    open(t, addr) {
      // Directly to the origin, or to the first proxy of t's route.
      const s = io.connect(firstHop(t, addr, alpnOffer(t), tlsSessionFor(t)));
      socks.owner[s] = t;
      return s;
    },
    close(t, s) {
      socks.drop(t, s);
      socks.owner[s] = undefined;
      io.close(s);
    },
    adopt(t, s) {
      t.conn!.s = s;
      socks.owner[s] = t;
    },
    share(t, c) {
      socks.share(t, c.s, c);
      m.connDirty(c);
    },
  };
}

/** What the pool asks of the multi: its time, tracing, and the socket table's bookkeeping. */
export function poolHost(m: PortHost, socks: SocketTable): PoolHost {
  const io = m.transport;
  return {
    get dead() {
      return m.dead;
    },
    get running() {
      return m.running;
    },
    now: () => m.now(),
    debug: (t, text) => m.guard.debug(t, text),
    idleAlive: (c) => {
      const s = c.s;
      if (c.h2 !== null) {
        // Frames that came while idle (a PING, SETTINGS, a GOAWAY) are read now.
        readInto(io, s, c.h2);
        if (c.h2.out.len > 0) m.connDirty(c);
        return io.state(s) === SOCK_OPEN && c.h2.reusable;
      }
      return io.state(s) === SOCK_OPEN && io.recvChunk(s) === undefined;
    },
    connIdle: (c, t) => socks.announceConn(c, t, 0),
    lastWords: (c) => {
      const out = c.h2!.out;
      if (out.len > 0 && io.state(c.s) === SOCK_OPEN) io.send(c.s, out.buf, 0, out.len);
      out.reset();
    },
    claim: (s, t) => {
      socks.owner[s] = t;
    },
    disown: (s) => {
      socks.owner[s] = undefined;
    },
    dropSocket: (t, s) => socks.drop(t, s),
    dropSockets: (t) => socks.dropAll(t),
    closeSocket: (s) => {
      socks.closed(s);
      io.close(s);
    },
    wake: (t) => m.timerQueue.expire(t.slot, m.clock.now(), 0, EXPIRE_MULTI_PENDING),
  };
}
