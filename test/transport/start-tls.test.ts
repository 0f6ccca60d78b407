// Transport.startTls, TLS started on an open plain socket (the tunnel through a proxy), on both
// transports: Bun's upgradeTLS through a plain forwarder to a TLS server on loopback, and the memory
// network's make-believe handshake. Once TLS, a second startTls is CURLE_NOT_BUILT_IN on both.

import { describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import {
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURLE_NOT_BUILT_IN,
  CURLE_PEER_FAILED_VERIFICATION,
  CURLE_SSL_CONNECT_ERROR,
} from "../../src/constants/index.ts";
import { BunTransport } from "../../src/transport/bun/transport.ts";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork } from "../../src/transport/memory/network.ts";
import {
  SOCK_CONNECTING,
  SOCK_ERROR,
  SOCK_OPEN,
  type Transport,
} from "../../src/transport/types.ts";
import { startTcpServer, startTlsServer, TEST_CA, until } from "../helpers/loopback.ts";

const enc = new TextEncoder();

function readAll(t: Transport, s: number): string {
  let out = "";
  for (let c = t.recvChunk(s); c !== undefined; c = t.recvChunk(s)) {
    const off = t.recvOffset(s);
    out += Buffer.from(c.subarray(off)).toString("latin1");
    t.consume(s, c.length - off);
  }
  return out;
}

/** A plain TCP forwarder to port `to`: what a proxy's tunnel is, byte for byte. */
function forwarder(to: number) {
  return startTcpServer({
    open(peer) {
      const q: Uint8Array[] = [];
      let up: Socket<undefined> | undefined;
      Bun.connect({
        hostname: "127.0.0.1",
        port: to,
        socket: {
          open(u) {
            up = u;
            for (const c of q) u.write(c);
          },
          data(_u, d) {
            peer.sock.write(d);
          },
          close() {
            peer.sock.end();
          },
        },
      });
      (peer as unknown as { up: () => Socket<undefined> | undefined; q: Uint8Array[] }).up = () =>
        up;
      (peer as unknown as { q: Uint8Array[] }).q = q;
    },
    data(peer, bytes) {
      const p = peer as unknown as { up: () => Socket<undefined> | undefined; q: Uint8Array[] };
      const u = p.up();
      if (u) u.write(bytes);
      else p.q.push(bytes.slice());
    },
  });
}

describe("Bun transport", () => {
  async function openPlain(t: BunTransport, port: number): Promise<number> {
    const s = t.connect({ host: "127.0.0.1", port, tls: false });
    t.poller.watch(s, CURL_POLL_OUT);
    await until(() => t.state(s) === SOCK_OPEN, "plain open");
    return s;
  }
  test("TLS through a plain tunnel: handshake, ALPN, bytes both ways; a second TLS is not built in", async () => {
    using origin = startTlsServer({
      data(peer, b) {
        peer.sock.write(`echo:${Buffer.from(b).toString()}`);
      },
    });
    using fwd = forwarder(origin.port);
    const t = new BunTransport();
    t.poller.onReady = () => {};
    const s = await openPlain(t, fwd.port);
    t.startTls(s, { servername: "localhost", caInfo: TEST_CA, alpn: ["http/1.1"] });
    expect(t.state(s)).toBe(SOCK_CONNECTING);
    await until(() => t.state(s) !== SOCK_CONNECTING, "handshake");
    expect(t.state(s)).toBe(SOCK_OPEN);
    expect(t.send(s, enc.encode("hi"), 0, 2)).toBe(2);
    t.poller.watch(s, CURL_POLL_IN);
    let got = "";
    await until(() => {
      got += readAll(t, s);
      return got === "echo:hi";
    }, "echo");
    t.startTls(s, { servername: "localhost" });
    expect([t.state(s), t.error(s)]).toEqual([SOCK_ERROR, CURLE_NOT_BUILT_IN]);
    t.close(s);
  });
  test("the certificate is judged as at connect: an unknown CA is 60, a peer that is not TLS 35", async () => {
    using origin = startTlsServer({});
    using fwd = forwarder(origin.port);
    const t = new BunTransport();
    t.poller.onReady = () => {};
    const s = await openPlain(t, fwd.port);
    t.startTls(s, { servername: "localhost" });
    await until(() => t.state(s) !== SOCK_CONNECTING, "handshake");
    expect([t.state(s), t.error(s)]).toEqual([SOCK_ERROR, CURLE_PEER_FAILED_VERIFICATION]);
    t.close(s);
    using plain = startTcpServer({ data: (peer) => peer.sock.end() });
    const s2 = await openPlain(t, plain.port);
    t.startTls(s2, { servername: "localhost", caInfo: TEST_CA });
    await until(() => t.state(s2) !== SOCK_CONNECTING, "handshake");
    expect([t.state(s2), t.error(s2)]).toEqual([SOCK_ERROR, CURLE_SSL_CONNECT_ERROR]);
    t.close(s2);
  });
});

describe("memory transport", () => {
  test("connecting until the next turn, then open; the peer sees the request or refuses it", () => {
    const clock = new ManualClock(0);
    const sched = new Scheduler(clock);
    const net = new MemoryNetwork(clock, sched);
    let refuse: string | undefined;
    net.listen("10.0.0.1", 80, (peer) => {
      peer.onTls = () => refuse;
    });
    const t = net.transport;
    const open = () => {
      const s = t.connect({ host: "10.0.0.1", port: 80, tls: false });
      sched.runDue();
      expect(t.state(s)).toBe(SOCK_OPEN);
      return s;
    };
    const s = open();
    t.startTls(s, { servername: "a.test", alpn: ["h2"] });
    expect(t.state(s)).toBe(SOCK_CONNECTING);
    sched.runDue();
    expect(t.state(s)).toBe(SOCK_OPEN);
    expect(net.peers[0]!.tls).toEqual({ servername: "a.test", alpn: ["h2"] });
    t.startTls(s, { servername: "a.test" });
    expect([t.state(s), t.error(s)]).toEqual([SOCK_ERROR, CURLE_NOT_BUILT_IN]);
    refuse = "SSL certificate problem: make-believe";
    const s2 = open();
    t.startTls(s2, { servername: "a.test" });
    sched.runDue();
    expect([t.state(s2), t.error(s2), t.errorDetail(s2)]).toEqual([
      SOCK_ERROR,
      CURLE_SSL_CONNECT_ERROR,
      "SSL certificate problem: make-believe",
    ]);
  });
});
