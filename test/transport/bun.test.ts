// The transport contract suite on real loopback sockets (BunTransport), plus what only real I/O has:
// TLS verification, Unix sockets, backpressure through pause(), resets mid-stream.

import { afterEach, describe, expect, test } from "bun:test";
import {
  CURL_CSELECT_ERR,
  CURL_CSELECT_IN,
  CURL_CSELECT_OUT,
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURL_POLL_REMOVE,
  CURLE_COULDNT_CONNECT,
  CURLE_PEER_FAILED_VERIFICATION,
  CURLE_RECV_ERROR,
  CURLE_SSL_CACERT_BADFILE,
  CURLE_SSL_CONNECT_ERROR,
} from "../../src/constants/index.ts";
import { BunTransport } from "../../src/transport/bun/transport.ts";
import {
  type ConnectRequest,
  SOCK_CONNECTING,
  SOCK_EOF,
  SOCK_ERROR,
  SOCK_OPEN,
} from "../../src/transport/types.ts";
import {
  type LoopbackServer,
  type Peer,
  refusedPort,
  type ServerScript,
  startTcpServer,
  startTlsServer,
  startUnixServer,
  TEST_CA,
  until,
} from "../helpers/loopback.ts";
import { type Harness, type TestPeer, transportSuite } from "./suite.ts";

const latin1 = (b: Uint8Array, from = 0) => {
  let s = "";
  for (let i = from; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
};
const enc = new TextEncoder();

function bunHarness(): Harness {
  const t = new BunTransport();
  const servers: LoopbackServer[] = [];
  const wrap = (p: Peer): TestPeer => ({
    write: (d) => void p.sock.write(d),
    end: () => void p.sock.end(),
    reset: () => p.sock.terminate(),
    text: () => p.text(),
  });
  return {
    transport: t,
    listen(script) {
      const srv = startTcpServer({
        open: (p) => script.open?.(wrap(p)),
        data: (p) => script.data?.(wrap(p)),
      });
      servers.push(srv);
      return { host: "127.0.0.1", port: srv.port, tls: false };
    },
    refused: () => ({ host: "127.0.0.1", port: refusedPort(), tls: false }),
    queuedBytes: (s) => t.queuedBytes(s),
    until: (cond, what) => until(cond, what),
    settle: () => Bun.sleep(10),
    dispose() {
      // Sockets left watched for OUT would keep reporting (level-triggered): close them all.
      for (let s = 0; s < t.opened; s++) t.close(s);
      for (const srv of servers) srv.stop();
    },
  };
}

transportSuite("bun", bunHarness);

describe("bun only", () => {
  let t: BunTransport;
  let servers: LoopbackServer[] = [];
  let events: [number, number][] = [];
  const serve = (srv: LoopbackServer) => {
    servers.push(srv);
    return srv;
  };
  const fresh = () => {
    t = new BunTransport();
    events = [];
    t.poller.onReady = (s, ev) => events.push([s, ev]);
    return t;
  };
  const sawEvent = (s: number, bit: number) => events.some(([x, ev]) => x === s && ev & bit);
  afterEach(() => {
    for (let s = 0; s < t.opened; s++) t.close(s);
    for (const s of servers) s.stop();
    servers = [];
  });
  /** Connects, waits until open or failed; returns s. */
  const connectAndWait = async (req: ConnectRequest): Promise<number> => {
    const s = t.connect(req);
    t.poller.watch(s, CURL_POLL_OUT);
    await until(() => t.state(s) !== SOCK_CONNECTING && events.some(([x]) => x === s), "connect");
    return s;
  };
  const readAll = (s: number): string => {
    let out = "";
    for (let c = t.recvChunk(s); c !== undefined; c = t.recvChunk(s)) {
      const off = t.recvOffset(s);
      out += latin1(c, off);
      t.consume(s, c.length - off);
    }
    return out;
  };
  const echo: ServerScript = { data: (p, b) => void p.sock.write(b) };

  /** Sends "hi" and expects it back: the connection really works. */
  const roundTrip = async (s: number) => {
    expect(t.state(s)).toBe(SOCK_OPEN);
    expect(t.send(s, enc.encode("hi"), 0, 2)).toBe(2);
    t.poller.watch(s, CURL_POLL_IN);
    let got = "";
    await until(() => {
      got += readAll(s);
      return got === "hi";
    }, "echo");
  };

  const tlsReq = (srv: LoopbackServer, extra: Partial<ConnectRequest>): ConnectRequest => ({
    host: "127.0.0.1",
    port: srv.port,
    tls: true,
    servername: "localhost",
    ...extra,
  });

  test("TLS with caInfo: verified, works; OUT only after the handshake", async () => {
    fresh();
    const srv = serve(startTlsServer(echo));
    const s = await connectAndWait(tlsReq(srv, { caInfo: TEST_CA }));
    expect(t.error(s)).toBe(0);
    expect(sawEvent(s, CURL_CSELECT_OUT)).toBe(true);
    expect(t.remotePort(s)).toBe(srv.port);
    await roundTrip(s);
    t.close(s);
    expect(t.open).toBe(0);
  });

  test("TLS over ::1 checks the IPv6 SAN", async () => {
    fresh();
    const srv = serve(startTlsServer(echo, "::1"));
    const s = await connectAndWait({ host: "::1", port: srv.port, tls: true, caInfo: TEST_CA });
    expect(t.errorDetail(s)).toBe("");
    expect(t.remoteAddress(s)).toBe("::1");
    await roundTrip(s);
  });

  test("TLS without caInfo: CURLE_PEER_FAILED_VERIFICATION", async () => {
    fresh();
    const srv = serve(startTlsServer(echo));
    const s = await connectAndWait(tlsReq(srv, {}));
    expect(t.state(s)).toBe(SOCK_ERROR);
    expect(t.error(s)).toBe(CURLE_PEER_FAILED_VERIFICATION);
    expect(t.errorDetail(s)).toBe(
      "SSL certificate problem: unable to verify the first certificate",
    );
    expect(sawEvent(s, CURL_CSELECT_ERR)).toBe(true);
  });

  test("TLS with verifyPeer false accepts an unknown CA", async () => {
    fresh();
    const srv = serve(startTlsServer(echo));
    const s = await connectAndWait(tlsReq(srv, { verifyPeer: false, verifyHost: false }));
    await roundTrip(s);
  });

  test("TLS name mismatch: 60, unless verifyHost is false", async () => {
    fresh();
    const srv = serve(startTlsServer(echo));
    const bad = await connectAndWait(tlsReq(srv, { caInfo: TEST_CA, servername: "wrong.example" }));
    expect(t.error(bad)).toBe(CURLE_PEER_FAILED_VERIFICATION);
    expect(t.errorDetail(bad)).toBe(
      "SSL: no alternative certificate subject name matches target hostname 'wrong.example'",
    );
    const ok = await connectAndWait(
      tlsReq(srv, { caInfo: TEST_CA, servername: "wrong.example", verifyHost: false }),
    );
    await roundTrip(ok);
    // Chain still verified with verifyHost off.
    const chain = await connectAndWait(tlsReq(srv, { verifyHost: false }));
    expect(t.error(chain)).toBe(CURLE_PEER_FAILED_VERIFICATION);
    // verifyPeer off but verifyHost on: the name is still checked (libcurl does), though Bun only
    // reports the chain error.
    const name = await connectAndWait(
      tlsReq(srv, { verifyPeer: false, servername: "wrong.example" }),
    );
    expect(t.error(name)).toBe(CURLE_PEER_FAILED_VERIFICATION);
    expect(t.errorDetail(name)).toContain("no alternative certificate subject name");
    const nameOk = await connectAndWait(tlsReq(srv, { verifyPeer: false }));
    await roundTrip(nameOk);
  });

  test("TLS to a plain server: CURLE_SSL_CONNECT_ERROR", async () => {
    fresh();
    const srv = serve(
      startTcpServer({ data: (p) => void p.sock.write("HTTP/1.1 400 Bad\r\n\r\n") }),
    );
    const s = await connectAndWait(tlsReq(srv, { caInfo: TEST_CA }));
    expect(t.error(s)).toBe(CURLE_SSL_CONNECT_ERROR);
    expect(t.errorDetail(s)).toStartWith("TLS connect error: ");
  });

  test("a caInfo file that is missing or not PEM: CURLE_SSL_CACERT_BADFILE", async () => {
    fresh();
    const srv = serve(startTlsServer(echo));
    const missing = await connectAndWait(tlsReq(srv, { caInfo: "/nonexistent/ca.pem" }));
    expect(t.error(missing)).toBe(CURLE_SSL_CACERT_BADFILE);
    expect(t.errorDetail(missing)).toBe("error setting certificate file: /nonexistent/ca.pem");
    const notPem = await connectAndWait(tlsReq(srv, { caInfo: import.meta.path }));
    expect(t.error(notPem)).toBe(CURLE_SSL_CACERT_BADFILE);
  });

  test("Unix socket: works; the path is the remote address; a missing path is 7", async () => {
    fresh();
    const srv = serve(startUnixServer(echo));
    const s = await connectAndWait({
      host: "localhost",
      port: 80,
      tls: false,
      unixPath: srv.unix!,
    });
    expect(t.remoteAddress(s)).toBe(srv.unix!);
    expect(t.remotePort(s)).toBe(0);
    await roundTrip(s);
    const gone = await connectAndWait({
      host: "localhost",
      port: 80,
      tls: false,
      unixPath: `${srv.unix}.missing`,
    });
    expect(t.error(gone)).toBe(CURLE_COULDNT_CONNECT);
    expect(t.errorDetail(gone)).toMatch(
      /^Failed to connect to .*\.missing after \d+ ms: No such file or directory$/,
    );
  });

  test("backpressure: 64 MiB with IN unwatched for 200 ms stays paused, then arrives intact", async () => {
    fresh();
    const total = 64 << 20;
    const block = new Uint8Array(1 << 20);
    let sent = 0;
    let blockNo = 0;
    const pump = (p: Peer) => {
      // Block k is filled with k & 255, so the client can check order and that buffers are not reused.
      while (sent < total) {
        const off = sent & (block.length - 1);
        if (off === 0) block.fill(blockNo++ & 255);
        const n = p.sock.write(block, off, block.length - off);
        if (n <= 0) return;
        sent += n;
      }
      p.sock.end();
    };
    const srv = serve(startTcpServer({ open: pump, drain: pump }));
    const s = await connectAndWait({ host: "127.0.0.1", port: srv.port, tls: false });
    t.poller.watch(s, CURL_POLL_REMOVE);
    await Bun.sleep(200);
    const queued = t.queuedBytes(s);
    expect(t.isPaused(s)).toBe(true);
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBeLessThanOrEqual(1 << 20); // one Bun read (at most 512 KiB) before pause()
    expect(sent).toBeLessThan(total / 2); // the sender is blocked by TCP flow control
    const kept = t.recvChunk(s)!; // the first chunk, held across later reads
    const keptCopy = kept.slice();
    // Read everything, checking block numbers.
    let pos = 0;
    let bad = 0;
    t.poller.onReady = (x) => {
      for (let c = t.recvChunk(x); c !== undefined; c = t.recvChunk(x)) {
        for (let i = t.recvOffset(x); i < c.length; i += 4096) {
          if (c[i] !== ((pos + i - t.recvOffset(x)) >>> 20) % 256) bad++;
        }
        pos += c.length - t.recvOffset(x);
        t.consume(x, c.length - t.recvOffset(x));
      }
    };
    t.poller.watch(s, CURL_POLL_IN);
    await until(() => t.state(s) === SOCK_EOF && t.recvChunk(s) === undefined, "64 MiB", 5000);
    expect(pos).toBe(total);
    expect(bad).toBe(0);
    expect(kept).toEqual(keptCopy); // Bun did not reuse the data buffer
    t.close(s);
  });

  test("a peer that resets mid-stream: SOCK_ERROR 56 after the data already queued", async () => {
    fresh();
    const srv = serve(
      startTcpServer({
        open: (p) => {
          p.sock.write(new Uint8Array(256 << 10));
          setTimeout(() => p.sock.terminate(), 20);
        },
      }),
    );
    const s = await connectAndWait({ host: "127.0.0.1", port: srv.port, tls: false });
    t.poller.watch(s, CURL_POLL_IN);
    let got = 0;
    await until(() => {
      for (let c = t.recvChunk(s); c !== undefined; c = t.recvChunk(s)) {
        got += c.length - t.recvOffset(s);
        t.consume(s, c.length - t.recvOffset(s));
      }
      return t.state(s) === SOCK_ERROR;
    }, "reset");
    expect(got).toBe(256 << 10);
    expect(t.error(s)).toBe(CURLE_RECV_ERROR);
    expect(t.errorDetail(s)).toBe("Connection reset by peer");
    const last = events.filter(([x]) => x === s).at(-1)!;
    expect(last[1]).toBe(CURL_CSELECT_ERR | CURL_CSELECT_IN);
  });

  test("an idle unwatched socket still sees its peer close; a paused one does not until watched", async () => {
    fresh();
    let peers: Peer[] = [];
    const srv = serve(startTcpServer({ open: (p) => peers.push(p) }));
    const idle = await connectAndWait({ host: "127.0.0.1", port: srv.port, tls: false });
    const chatty = await connectAndWait({ host: "127.0.0.1", port: srv.port, tls: false });
    t.poller.watch(idle, CURL_POLL_REMOVE);
    t.poller.watch(chatty, CURL_POLL_REMOVE);
    await until(() => peers.length === 2, "peers");
    peers[1]!.sock.write("unsolicited");
    await until(() => t.isPaused(chatty), "paused");
    const n = events.length;
    for (const p of peers) p.sock.end();
    // Not paused (nothing arrived): EOF is seen while nobody watches, so the engine will not reuse it.
    await until(() => t.state(idle) === SOCK_EOF, "idle EOF");
    await Bun.sleep(20);
    expect(t.state(chatty)).toBe(SOCK_OPEN); // Bun reports nothing for a paused socket
    expect(events.length).toBe(n); // and neither socket is watched
    t.poller.watch(chatty, CURL_POLL_IN);
    await until(() => t.state(chatty) === SOCK_EOF, "EOF after resume");
    expect(readAll(chatty)).toBe("unsolicited");
    peers = [];
  });

  test("send backpressure: a short write clears OUT until drain", async () => {
    fresh();
    let peer: Peer | undefined;
    const srv = serve(
      startTcpServer({
        open: (p) => {
          peer = p;
          p.sock.pause();
        },
      }),
    );
    const s = await connectAndWait({ host: "127.0.0.1", port: srv.port, tls: false });
    await until(() => peer !== undefined, "peer");
    const big = new Uint8Array(32 << 20); // more than any loopback socket buffer
    let pos = 0;
    let short = false;
    while (pos < big.length) {
      const n = t.send(s, big, pos, big.length);
      expect(n).toBeGreaterThanOrEqual(0);
      if (n < big.length - pos) short = true;
      pos += n;
      if (n === 0) break;
    }
    expect(short).toBe(true);
    expect(pos).toBeLessThan(big.length);
    const n0 = events.filter(([x, ev]) => x === s && ev & CURL_CSELECT_OUT).length;
    await Bun.sleep(20);
    expect(events.filter(([x, ev]) => x === s && ev & CURL_CSELECT_OUT).length).toBe(n0);
    t.poller.watch(s, CURL_POLL_OUT);
    await Bun.sleep(20);
    expect(events.filter(([x, ev]) => x === s && ev & CURL_CSELECT_OUT).length).toBe(n0);
    peer!.sock.resume();
    await until(
      () => events.filter(([x, ev]) => x === s && ev & CURL_CSELECT_OUT).length > n0,
      "OUT after drain",
    );
    expect(t.send(s, big, pos, big.length)).toBeGreaterThan(0);
  });

  test("fire() and watch() on a closed number do not touch the socket that reuses it", async () => {
    fresh();
    const srv = serve(startTcpServer({}));
    const sig = t.openSignal();
    expect(t.send(sig, enc.encode("x"), 0, 1)).toBe(-1);
    t.poller.watch(sig, CURL_POLL_IN);
    t.close(sig);
    t.poller.watch(sig, CURL_POLL_IN | CURL_POLL_OUT); // stale: ignored
    const s = t.connect({ host: "127.0.0.1", port: srv.port, tls: false });
    expect(s).toBe(sig);
    await until(() => t.state(s) === SOCK_OPEN, "open");
    t.fire(sig); // stale: ignored
    await Bun.sleep(10);
    expect(t.state(s)).toBe(SOCK_OPEN);
    expect(events.length).toBe(0); // the new socket was never watched
  });

  test("connect failures from inside connect() are still delivered later, not re-entrantly", async () => {
    fresh();
    let inside = false;
    let reentrant = 0;
    t.poller.onReady = (s, ev) => {
      if (inside) reentrant++;
      events.push([s, ev]);
    };
    inside = true;
    // Bun calls connectError synchronously for a missing Unix path.
    const s = t.connect({
      host: "localhost",
      port: 80,
      tls: false,
      unixPath: "/nonexistent/x.sock",
    });
    t.poller.watch(s, CURL_POLL_OUT);
    inside = false;
    expect(t.state(s)).toBe(SOCK_ERROR);
    await until(() => events.length > 0, "ERR");
    expect(reentrant).toBe(0);
    expect(events[0]).toEqual([s, CURL_CSELECT_ERR]);
  });

  test("an event handler may close its socket and connect another one", async () => {
    fresh();
    const srv = serve(startTcpServer({ open: (p) => void p.sock.write("x") }));
    const req = { host: "127.0.0.1", port: srv.port, tls: false };
    let second = -1;
    t.poller.onReady = (s, ev) => {
      events.push([s, ev]);
      if (ev & CURL_CSELECT_IN && second < 0) {
        t.close(s);
        second = t.connect(req);
        t.poller.watch(second, CURL_POLL_IN);
      }
    };
    const first = t.connect(req);
    t.poller.watch(first, CURL_POLL_IN);
    await until(() => second >= 0 && t.queuedBytes(second) === 1, "second socket data");
    expect(second).toBe(first); // number reused after close
    expect(t.open).toBe(1);
    expect(t.opened).toBe(2);
  });
});
