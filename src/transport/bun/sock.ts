// One Bun socket's record (BunSock, the `data` of its Bun socket) and the one handler object every Bun
// socket shares: each handler finds its record through socket.data and reports to the transport
// through the few calls of SockHost. A record marked `closed` ignores every event; after startTls the
// plain side's events (`raw`) are ignored too.

import type { Socket, SocketHandler } from "bun";
import { CURLE_RECV_ERROR } from "../../constants/index.ts";
import { RecvQueue } from "../recv-queue.ts";
import { type ConnectRequest, SOCK_CONNECTING, SOCK_EOF, SOCK_ERROR, SOCK_OPEN } from "../types.ts";
import { errMessage } from "./errors.ts";

/** What the handlers report to: the transport (transport.ts's BunTransport). */
export interface SockHost {
  readonly poller: { watching(s: number): number };
  becameOpen(r: BunSock): void;
  handshakeDone(r: BunSock, authError: Error | null): void;
  gotData(r: BunSock, chunk: Uint8Array): void;
  notify(r: BunSock): void;
  gotClose(r: BunSock, error: Error | undefined): void;
  fail(r: BunSock, code: number, detail: string): void;
  connectFailed(r: BunSock, error: unknown): void;
}

/** @internal One socket (or event socket) of the table; a Bun socket's `data`. */
/** Inbound chunks are kept as Bun handed them (a fresh buffer per `data` event: no copy). */
export class BunSock extends RecvQueue {
  sock: Socket<BunSock> | undefined = undefined;
  state = SOCK_CONNECTING;
  err = 0;
  detail = "";
  /** Open and the last write was not short (cleared by a short write, set again by `drain`). */
  writable = false;
  /** We called pause(): Bun reads nothing, and reports neither EOF nor reset, until resume(). */
  paused = false;
  /** close(s) was called: every later Bun event for this record is ignored. */
  closed = false;
  /** The Bun socket keeps the event loop alive (it does while someone watches it). */
  reffed = true;
  /** Addresses, read once at TCP connect (Bun's getters are gone once the socket closed). */
  remoteAddr = "";
  remotePort = 0;
  localAddr = "";
  localPort = 0;
  /** TLS: when TCP connected (performance.now()), and how long the handshake took after it. */
  tcpAt = 0;
  handshakeMs = 0;
  /** What ALPN agreed on, read at the handshake. */
  alpn = "";
  /** startTls: the plain socket under the TLS one, whose own events are ignored from then on. */
  raw: Socket<BunSock> | undefined = undefined;
  constructor(
    readonly s: number,
    readonly t: SockHost,
    /** undefined for an event socket (openSignal); startTls makes it the TLS request it runs. */
    public req: ConnectRequest | undefined,
    readonly startedAt: number,
  ) {
    super();
  }
}

// The one handler object every Bun socket shares: each function finds its record via socket.data.
const handlers: SocketHandler<BunSock, "uint8array"> = {
  binaryType: "uint8array",
  open(sock) {
    const r = sock.data;
    if (r.raw !== undefined) return; // the TLS socket of startTls: its handshake says when it is open
    if (r.closed) {
      sock.end();
      return;
    }
    r.sock = sock;
    if (r.t.poller.watching(r.s) === 0) {
      // Unwatched already (REMOVEd while connecting): it must not hold the process open.
      r.reffed = false;
      sock.unref();
    }
    r.remoteAddr = sock.remoteAddress ?? "";
    r.remotePort = sock.remotePort ?? 0;
    r.localAddr = sock.localAddress ?? "";
    r.localPort = sock.localPort ?? 0;
    // TLS: with a `handshake` handler Bun calls open at TCP connect; OUT waits for the handshake.
    if (r.req?.tls) {
      r.tcpAt = performance.now();
      // Bun takes a session to resume only here: in open, before any write, with a handshake handler.
      if (r.req.session !== undefined) sock.setSession(r.req.session);
      return;
    }
    r.t.becameOpen(r);
  },
  handshake(sock, _success, authError) {
    const r = sock.data;
    if (r.closed || sock === r.raw) return;
    r.sock = sock;
    r.t.handshakeDone(r, authError);
  },
  data(sock, chunk) {
    const r = sock.data;
    if (sock === r.raw) return;
    if (r.closed || r.state >= SOCK_ERROR) return;
    r.t.gotData(r, chunk);
  },
  drain(sock) {
    const r = sock.data;
    if (sock === r.raw) return;
    if (r.closed || r.state !== SOCK_OPEN) return;
    r.writable = true;
    r.t.notify(r);
  },
  end(sock) {
    const r = sock.data;
    if (sock === r.raw) return;
    if (r.closed || r.state !== SOCK_OPEN) return;
    r.state = SOCK_EOF;
    r.writable = false;
    r.t.notify(r);
  },
  close(sock, error) {
    const r = sock.data;
    if (sock === r.raw) return;
    if (r.closed) return;
    r.t.gotClose(r, error);
  },
  error(sock, error) {
    // An established TLS session failed (or one of our handlers threw); Bun closes the socket next.
    const r = sock.data;
    if (r.closed || r.state >= SOCK_ERROR) return;
    if (r.state === SOCK_CONNECTING) r.t.gotClose(r, error);
    else r.t.fail(r, CURLE_RECV_ERROR, errMessage(error));
  },
  connectError(sock, error) {
    const r = sock.data;
    if (r.closed) return;
    r.t.connectFailed(r, error);
  },
};
// bun-types types SocketOptions.socket with the default binaryType ("buffer") only.
export const socketHandlers = handlers as unknown as SocketHandler<BunSock>;

/** ALPN's wire list: each protocol name after its length byte ("\x02h2\x08http/1.1"). */
export function alpnWire(names: readonly string[]): Uint8Array {
  let n = 0;
  for (const p of names) n += 1 + p.length;
  const out = new Uint8Array(n);
  let i = 0;
  for (const p of names) {
    out[i++] = p.length;
    for (let k = 0; k < p.length; k++) out[i++] = p.charCodeAt(k);
  }
  return out;
}
