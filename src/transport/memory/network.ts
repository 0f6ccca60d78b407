// An in-memory network with scripted peers, on virtual time: the transport the engine's tests run on.
// A client socket (MemoryTransport) talks to a PeerSocket that a listener's handler scripts.

import {
  CURL_CSELECT_ERR,
  CURL_CSELECT_IN,
  CURL_CSELECT_OUT,
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURL_POLL_REMOVE,
  CURLE_COULDNT_CONNECT,
  CURLE_NOT_BUILT_IN,
  CURLE_RECV_ERROR,
  CURLE_SSL_CONNECT_ERROR,
} from "../../constants/index.ts";
import { RecvQueue } from "../recv-queue.ts";
import { SocketTable } from "../socket-table.ts";
import {
  type ConnectRequest,
  type Poller,
  SOCK_CLOSED,
  SOCK_CONNECTING,
  SOCK_EOF,
  SOCK_ERROR,
  SOCK_OPEN,
  type TlsRequest,
  type Transport,
} from "../types.ts";
import type { ManualClock, Scheduler } from "./clock.ts";

const encoder = new TextEncoder();

/** Server side of one in-memory connection, scripted by a test. */
export class PeerSocket {
  /** Called with each piece of bytes the client sent, at the virtual time it arrives. */
  onData: ((bytes: Uint8Array) => void) | undefined;
  /** Called when the client closed its socket. */
  onClose: (() => void) | undefined;
  /** Everything the client sent so far, concatenated. */
  received: Uint8Array = new Uint8Array(0);
  /** The client closed its socket (onClose has run). */
  clientClosed = false;
  /** What the client's startTls asked for (null: no TLS started on this connection). */
  tls: TlsRequest | null = null;
  /**
   * How the peer answers a startTls: undefined accepts, a string fails the handshake with
   * CURLE_SSL_CONNECT_ERROR and that text. The TLS is make-believe: bytes stay as they are.
   */
  onTls: ((req: TlsRequest) => string | undefined) | undefined;
  /** Made by the network when a client's connect to a listener completes. */
  constructor(
    private readonly net: MemoryNetwork,
    /** The client side of this connection (tests tune its send window). */
    readonly client: ClientSocket,
  ) {}

  /** The received bytes as latin1 text (for assertions). */
  receivedText(): string {
    let s = "";
    for (let i = 0; i < this.received.length; i++) s += String.fromCharCode(this.received[i]!);
    return s;
  }

  /** Sends bytes to the client after delayMs of virtual time (in order with earlier writes). */
  write(data: Uint8Array | string, delayMs = 0): void {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    this.net.deliver(this.client, delayMs, () => this.client.receive(bytes));
  }

  /** Sends data split into pieces of `size` bytes, one every `everyMs`. */
  drip(data: Uint8Array | string, size: number, everyMs: number, startMs = 0): void {
    const bytes = typeof data === "string" ? encoder.encode(data) : data;
    let t = startMs;
    for (let i = 0; i < bytes.length; i += size) {
      this.write(bytes.subarray(i, Math.min(bytes.length, i + size)), t);
      t += everyMs;
    }
  }

  /** Ends the server side (client sees EOF after queued data) after delayMs. */
  end(delayMs = 0): void {
    this.net.deliver(this.client, delayMs, () => this.client.eof());
  }

  /** Resets the connection (client sees an error) after delayMs. */
  reset(delayMs = 0): void {
    this.net.deliver(this.client, delayMs, () =>
      this.client.fail(CURLE_RECV_ERROR, "Connection reset by peer"),
    );
  }

  /** @internal */
  gotData(bytes: Uint8Array): void {
    const all = new Uint8Array(this.received.length + bytes.length);
    all.set(this.received);
    all.set(bytes, this.received.length);
    this.received = all;
    this.onData?.(bytes);
  }
}

/** How a listener treats a connection attempt. */
export interface ListenOptions {
  /** Virtual ms before the connect completes (default 0). */
  connectDelayMs?: number;
  /** Never complete the connect (a black hole). */
  blackhole?: boolean;
  /** Refuse the connect (CURLE_COULDNT_CONNECT). */
  refuse?: boolean;
}

/** @internal One client-side socket. */
export class ClientSocket extends RecvQueue {
  state = SOCK_CONNECTING;
  err = 0;
  detail = "";
  peer: PeerSocket | undefined;
  /** Bytes the client may still send before it would block (window), refilled by the test. */
  sendWindow = Number.POSITIVE_INFINITY;
  /** Deliveries to this socket are ordered in time. */
  lastDeliveryAt = 0;
  /** An event socket (openSignal): no peer, readable once fired. */
  signal = false;
  constructor(
    readonly s: number,
    readonly net: MemoryNetwork,
    readonly req: ConnectRequest,
    readonly localPort: number,
  ) {
    super();
  }
  /** Bytes from the peer arrive (ignored once the socket saw EOF or an error). */
  receive(bytes: Uint8Array): void {
    if (this.state >= SOCK_EOF) return;
    if (bytes.length > 0) this.push(bytes);
    this.net.transport.touch(this.s);
  }
  eof(): void {
    if (this.state >= SOCK_EOF) return;
    this.state = SOCK_EOF;
    this.net.transport.touch(this.s);
  }
  fail(code: number, detail: string): void {
    if (this.state >= SOCK_ERROR) return;
    this.state = SOCK_ERROR;
    this.err = code;
    this.detail = detail;
    this.net.transport.touch(this.s);
  }
}

type Handler = (peer: PeerSocket) => void;

/**
 * The whole in-memory world: listeners by "host:port", a scheduler on the manual clock, and the client
 * transport the engine uses. Deterministic: events run in (time, order) sequence.
 */
export class MemoryNetwork {
  /** The client transport: pass it as the `transport` of a Multi's environment. */
  readonly transport: MemoryTransport;
  private listeners = new Map<string, { handler: Handler; opts: ListenOptions }>();
  /** Every peer ever accepted, in order (for assertions). */
  readonly peers: PeerSocket[] = [];
  /** Virtual ms a client write takes to reach the peer. */
  latencyMs = 0;

  /** A network with no listener on `clock`, its events run by `scheduler`. */
  constructor(
    /** The virtual clock the network's events are timed on. */
    readonly clock: ManualClock,
    /** Runs the network's deliveries and connects. */
    readonly scheduler: Scheduler,
  ) {
    this.transport = new MemoryTransport(this);
  }

  /** Registers a scripted server at host:port (or a Unix path as host with port 0). */
  listen(host: string, port: number, handler: Handler, opts: ListenOptions = {}): void {
    this.listeners.set(`${host}:${port}`, { handler, opts });
  }

  /** Removes the server at host:port: later connects there are refused. */
  unlisten(host: string, port: number): void {
    this.listeners.delete(`${host}:${port}`);
  }

  /** @internal Schedules fn for a socket after delayMs, never before an earlier delivery to it. */
  deliver(c: ClientSocket, delayMs: number, fn: () => void): void {
    const at = Math.max(this.clock.t + delayMs, c.lastDeliveryAt);
    c.lastDeliveryAt = at;
    this.scheduler.at(at, fn);
  }

  /** @internal */
  startConnect(c: ClientSocket): void {
    const key =
      c.req.unixPath !== undefined ? `${c.req.unixPath}:0` : `${c.req.host}:${c.req.port}`;
    const l = this.listeners.get(key);
    if (!l || l.opts.refuse) {
      this.scheduler.after(0, () =>
        c.fail(
          CURLE_COULDNT_CONNECT,
          `Failed to connect to ${c.req.host} port ${c.req.port}: Connection refused`,
        ),
      );
      return;
    }
    if (l.opts.blackhole) return;
    this.scheduler.after(l.opts.connectDelayMs ?? 0, () => {
      if (c.state !== SOCK_CONNECTING) return;
      c.state = SOCK_OPEN;
      const peer = new PeerSocket(this, c);
      c.peer = peer;
      this.peers.push(peer);
      this.transport.touch(c.s);
      l.handler(peer);
    });
  }
}

/** The client side of the in-memory network, as the engine sees it. */
export class MemoryTransport extends SocketTable<ClientSocket> implements Transport {
  /** The readiness source (level-triggered: a socket with queued data stays readable). */
  readonly poller: MemoryPoller;
  private nextPort = 40000;

  /** The transport of `net` (made by the network; use `net.transport`). */
  constructor(
    /** The network this transport's sockets connect into. */
    readonly net: MemoryNetwork,
  ) {
    super();
    this.poller = new MemoryPoller(this);
  }

  /** Transport.connect: to the listener at host:port; refused when none, as `ListenOptions` say. */
  connect(req: ConnectRequest): number {
    const s = this.nextNumber();
    const c = new ClientSocket(s, this.net, req, this.nextPort++);
    this.register(s, c);
    this.net.startConnect(c);
    return s;
  }

  /** Transport.openSignal: an event socket that becomes readable on `fire(s)`. */
  openSignal(): number {
    const s = this.nextNumber();
    const c = new ClientSocket(s, this.net, { host: "", port: 0, tls: false }, 0);
    c.state = SOCK_OPEN;
    c.signal = true;
    this.register(s, c);
    return s;
  }

  /** Transport.fire: makes the event socket s readable (nothing once closed). */
  fire(s: number): void {
    const c = this.socks[s];
    if (c?.signal) c.eof();
  }

  /** The client socket object (tests use it to tune windows). */
  socket(s: number): ClientSocket | undefined {
    return this.socks[s];
  }

  /**
   * Transport.send: takes up to the socket's send window (0 while connecting or when the window is
   * spent, -1 once failed or closed); the peer gets the bytes after the network's `latencyMs`.
   */
  send(s: number, buf: Uint8Array, start: number, end: number): number {
    const c = this.socks[s];
    if (!c || c.state === SOCK_ERROR || c.state === SOCK_CLOSED) return -1;
    if (c.state === SOCK_CONNECTING) return 0;
    if (c.peer === undefined) return -1;
    const n = Math.min(end - start, c.sendWindow);
    if (n <= 0) return 0;
    c.sendWindow -= n;
    const copy = buf.slice(start, start + n);
    const peer = c.peer!;
    this.net.scheduler.after(this.net.latencyMs, () => {
      if (!peer.clientClosed) peer.gotData(copy);
    });
    return n;
  }

  /**
   * Transport.startTls: the socket is connecting until the next turn of the scheduler, then open, or
   * failed as the peer's `onTls` says; a second TLS on one socket is CURLE_NOT_BUILT_IN as on Bun.
   */
  startTls(s: number, tls: TlsRequest): void {
    const c = this.socks[s];
    if (!c || c.state !== SOCK_OPEN || c.peer === undefined) return;
    if (c.req.tls || c.peer.tls !== null) {
      c.fail(CURLE_NOT_BUILT_IN, "TLS inside a TLS connection is not supported by Bun");
      return;
    }
    const peer = c.peer;
    peer.tls = tls;
    c.state = SOCK_CONNECTING;
    this.net.scheduler.after(this.net.latencyMs, () => {
      if (c.state !== SOCK_CONNECTING) return;
      const refused = peer.onTls?.(tls);
      if (refused !== undefined) c.fail(CURLE_SSL_CONNECT_ERROR, refused);
      else {
        c.state = SOCK_OPEN;
        this.touch(s);
      }
    });
  }

  /** Transport.close: the peer's onClose runs after `latencyMs`; the number may be reused. */
  close(s: number): void {
    const c = this.socks[s];
    if (!c) return;
    c.state = SOCK_CLOSED;
    this.release(s);
    this.poller.forget(s);
    const peer = c.peer;
    if (peer && !peer.clientClosed) {
      this.net.scheduler.after(this.net.latencyMs, () => {
        peer.clientClosed = true;
        peer.onClose?.();
      });
    }
  }

  /** The host the socket connected to (already an address: the resolver ran first). */
  remoteAddress(s: number): string {
    return this.socks[s]?.req.host ?? "";
  }
  /** The port the socket connected to. */
  remotePort(s: number): number {
    return this.socks[s]?.req.port ?? 0;
  }
  /** Always "127.0.0.1" for an open socket. */
  localAddress(s: number): string {
    return this.socks[s] ? "127.0.0.1" : "";
  }
  /** A local port counted up from 40000, one per connect. */
  localPort(s: number): number {
    return this.socks[s]?.localPort ?? 0;
  }

  /** No TLS handshake is simulated: the connect is all of it. */
  handshakeTime(_s: number): number {
    return 0;
  }

  /** Memory sockets have no TLS: prior knowledge is the way to HTTP/2 here. */
  alpnProtocol(_s: number): string {
    return "";
  }

  /** @internal Something changed on s: it may have become ready. */
  touch(s: number): void {
    this.poller.mark(s);
  }

  /** @internal readiness of s for what is watched */
  readiness(s: number, what: number): number {
    const c = this.socks[s];
    if (!c) return 0;
    let ev = 0;
    if (c.state === SOCK_ERROR)
      return CURL_CSELECT_ERR | (what & CURL_POLL_IN ? CURL_CSELECT_IN : 0);
    if (what & CURL_POLL_IN && (c.queued() || c.state === SOCK_EOF)) ev |= CURL_CSELECT_IN;
    if (what & CURL_POLL_OUT && c.state === SOCK_OPEN && c.peer !== undefined && c.sendWindow > 0)
      ev |= CURL_CSELECT_OUT;
    return ev;
  }
}

/**
 * Level-triggered readiness for the in-memory transport. `dispatch()` (called by the test's driver loop)
 * reports every watched socket whose condition holds; a socket still ready after its event is reported
 * again on the next dispatch.
 */
export class MemoryPoller implements Poller {
  onReady: ((s: number, ev: number) => void) | undefined;
  private want: number[] = [];
  private marked = new Set<number>();
  constructor(private readonly t: MemoryTransport) {}

  watch(s: number, what: number): void {
    if (this.t.socket(s) === undefined) return; // closed: nothing to watch
    if (what === CURL_POLL_REMOVE || what === 0) {
      this.want[s] = 0;
      this.marked.delete(s);
      return;
    }
    this.want[s] = what;
    this.marked.add(s);
  }

  /** What is watched on s (0 = nothing). */
  watching(s: number): number {
    return this.want[s] ?? 0;
  }

  /** @internal */
  mark(s: number): void {
    if ((this.want[s] ?? 0) !== 0) this.marked.add(s);
  }

  /** @internal */
  forget(s: number): void {
    this.want[s] = 0;
    this.marked.delete(s);
  }

  /** Delivers one round of readiness events; returns how many were delivered. */
  dispatch(): number {
    if (this.marked.size === 0) return 0;
    const round = [...this.marked];
    this.marked.clear();
    let n = 0;
    for (const s of round) {
      const w = this.want[s] ?? 0;
      if (w === 0) continue;
      const ev = this.t.readiness(s, w);
      if (ev === 0) continue;
      n++;
      this.onReady?.(s, ev);
      // Level-triggered: still ready after the event -> report again next round.
      const w2 = this.want[s] ?? 0;
      if (w2 !== 0 && this.t.readiness(s, w2) !== 0) this.marked.add(s);
    }
    return n;
  }
}
