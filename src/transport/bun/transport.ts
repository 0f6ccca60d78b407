// Real sockets for the engine: Bun.connect (TCP, TLS, Unix) behind the OS-like Transport face. The
// readiness side is BunPoller (poller.ts); error texts and codes come from errors.ts.
//
// Invariants: one shared handler object for every Bun socket; `socket.data` is the socket's BunSock
// record (not its number, so a late event from a closed socket can never touch a reused number); a record
// marked `closed` ignores every event; readiness reaches `onReady` either straight from a Bun event
// handler (when no transport or poller call is on the stack) or from the pending list, flushed in one
// microtask per batch, never from inside `watch()`.

import { readFileSync } from "node:fs";
import {
  CURL_CSELECT_ERR,
  CURL_CSELECT_IN,
  CURL_CSELECT_OUT,
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURLE_COULDNT_CONNECT,
  CURLE_NOT_BUILT_IN,
  CURLE_RECV_ERROR,
  CURLE_SSL_CACERT_BADFILE,
  CURLE_SSL_CONNECT_ERROR,
} from "../../constants/index.ts";
import { SocketTable } from "../socket-table.ts";
import {
  type ConnectRequest,
  SOCK_CLOSED,
  SOCK_CONNECTING,
  SOCK_EOF,
  SOCK_ERROR,
  SOCK_OPEN,
  type TlsRequest,
  type Transport,
} from "../types.ts";
import {
  caFileText,
  certProblem,
  certProblemCode,
  connectErrorText,
  errMessage,
  handshakeCloseText,
  isCaFileError,
  recvErrorText,
} from "./errors.ts";
import { BunPoller } from "./poller.ts";
import { alpnWire, BunSock, socketHandlers } from "./sock.ts";

export { BunSock } from "./sock.ts";

/** Where the transport reads time (for "after N ms" in connect errors). */
export interface BunTransportOptions {
  clock?: { now(): number };
}

const defaultClock = { now: () => performance.now() };

/**
 * The socket table on Bun: `connect` wraps `Bun.connect` (TCP, TLS, Unix), numbers are small integers
 * from a free list. In libcurl terms this is the socket layer under the connection filters
 * (lib/cf-socket.c, lib/vtls/openssl.c): connect, send, recv and close on a curl_socket_t.
 */
export class BunTransport extends SocketTable<BunSock> implements Transport {
  readonly poller: BunPoller;
  /** @internal > 0 while a transport/poller call is inside Bun: events then go to the pending list. */
  depth = 0;
  private caCache = new Map<string, string | null>();
  private readonly clock: { now(): number };

  constructor(opts: BunTransportOptions = {}) {
    super();
    this.clock = opts.clock ?? defaultClock;
    this.poller = new BunPoller(this);
  }

  private alloc(req: ConnectRequest | undefined): BunSock {
    const s = this.nextNumber();
    const r = new BunSock(s, this, req, req === undefined ? 0 : this.clock.now());
    this.register(s, r);
    this.poller.reset(s);
    return r;
  }

  /** Starts Bun.connect and returns at once (libcurl: socket() + non-blocking connect()). */
  connect(req: ConnectRequest): number {
    const r = this.alloc(req);
    let tls: object | undefined;
    if (req.tls) {
      let ca: string | undefined;
      if (req.caInfo !== undefined) {
        const c = this.readCa(req.caInfo);
        if (c === null) {
          this.fail(r, CURLE_SSL_CACERT_BADFILE, caFileText(req.caInfo));
          return r.s;
        }
        ca = c;
      }
      // Bun.connect ignores checkServerIdentity: without the name check (or without any check) we
      // accept everything in Bun and judge the handshake's authorizationError ourselves.
      tls = {
        serverName: req.servername ?? req.host,
        rejectUnauthorized: req.verifyPeer !== false && req.verifyHost !== false,
        ca,
        ALPNProtocols: req.alpn === undefined ? undefined : alpnWire(req.alpn),
      };
    }
    this.depth++;
    try {
      // connectError can run synchronously in here (a missing Unix path): depth defers its event.
      if (req.unixPath !== undefined)
        Bun.connect<BunSock>({ unix: req.unixPath, socket: socketHandlers, data: r, tls });
      else
        Bun.connect<BunSock>({
          hostname: req.host,
          port: req.port,
          socket: socketHandlers,
          data: r,
          tls,
        });
    } catch (e) {
      // Bad options throw synchronously (port out of range, a CA file that is not PEM).
      if (req.tls && isCaFileError(e))
        this.fail(r, CURLE_SSL_CACERT_BADFILE, caFileText(req.caInfo));
      else this.connectFailed(r, e);
    } finally {
      this.depth--;
    }
    return r.s;
  }

  private readCa(path: string): string | null {
    let ca = this.caCache.get(path);
    if (ca === undefined) {
      try {
        ca = readFileSync(path, "utf8");
      } catch {
        ca = null;
      }
      this.caCache.set(path, ca);
    }
    return ca;
  }

  /** An event socket with no Bun object (libcurl's socketpair/eventfd wakeup). */
  openSignal(): number {
    const r = this.alloc(undefined);
    r.state = SOCK_OPEN;
    return r.s;
  }

  fire(s: number): void {
    const r = this.socks[s];
    if (r === undefined || r.req !== undefined || r.state !== SOCK_OPEN) return;
    r.state = SOCK_EOF;
    this.poller.schedule(s);
  }

  /** socket.write without a subarray: Bun takes (buf, byteOffset, byteLength) relative to the view. */
  send(s: number, buf: Uint8Array, start: number, end: number): number {
    const r = this.socks[s];
    if (r === undefined || r.state === SOCK_ERROR || r.req === undefined) return -1;
    if (r.state === SOCK_CONNECTING || r.sock === undefined) return 0;
    const len = end - start;
    if (len <= 0) return 0;
    this.depth++;
    let n: number;
    try {
      // The whole view needs no offset arguments (Bun validates them on every call).
      n = start === 0 && end === buf.length ? r.sock.write(buf) : r.sock.write(buf, start, len);
    } finally {
      this.depth--;
    }
    // Bun does not buffer the rest: the socket is writable again only after `drain`.
    if (n < len) r.writable = false;
    return n;
  }

  /**
   * TLS on the open socket s (Bun's upgradeTLS): SOCK_CONNECTING until the handshake, judged as at
   * connect. A socket that is TLS already fails with CURLE_NOT_BUILT_IN: Bun cannot layer TLS twice.
   */
  startTls(s: number, tls: TlsRequest): void {
    const r = this.socks[s];
    if (r === undefined || r.req === undefined || r.state !== SOCK_OPEN) return;
    const raw = r.sock;
    if (raw === undefined) return;
    if (r.req.tls) {
      this.fail(r, CURLE_NOT_BUILT_IN, "TLS inside a TLS connection is not supported by Bun");
      return;
    }
    let ca: string | undefined;
    if (tls.caInfo !== undefined) {
      const c = this.readCa(tls.caInfo);
      if (c === null) {
        this.fail(r, CURLE_SSL_CACERT_BADFILE, caFileText(tls.caInfo));
        return;
      }
      ca = c;
    }
    r.req = { ...r.req, ...tls, tls: true };
    r.state = SOCK_CONNECTING;
    r.writable = false;
    r.tcpAt = performance.now();
    r.raw = raw;
    this.depth++;
    try {
      const pair = raw.upgradeTLS<BunSock>({
        data: r,
        socket: socketHandlers,
        tls: {
          serverName: tls.servername ?? r.req.host,
          rejectUnauthorized: tls.verifyPeer !== false && tls.verifyHost !== false,
          ca,
          ALPNProtocols: tls.alpn === undefined ? undefined : alpnWire(tls.alpn),
        },
      });
      // Bun hands the plain side's later events to a new object, pair[0]: those are ignored.
      r.raw = pair[0];
      r.sock = pair[1];
    } catch (e) {
      this.fail(r, CURLE_SSL_CONNECT_ERROR, `TLS connect error: ${errMessage(e)}`);
    } finally {
      this.depth--;
    }
  }

  /** Frees the number at once; the Bun socket gets end() (FIN, like close(2) on an fd). */
  close(s: number): void {
    const r = this.socks[s];
    if (r === undefined) return;
    r.closed = true;
    r.state = SOCK_CLOSED;
    r.clear();
    this.release(s);
    this.poller.forget(s);
    const sock = r.sock;
    r.sock = undefined;
    if (sock !== undefined) this.endInside(sock);
  }

  /** The peer's address; for a Unix socket its path and port 0 (libcurl's Curl_addr2string). */
  remoteAddress(s: number): string {
    const r = this.socks[s];
    if (r?.req === undefined) return "";
    if (r.req.unixPath !== undefined) return r.req.unixPath;
    return r.remoteAddr;
  }
  remotePort(s: number): number {
    const r = this.socks[s];
    if (r?.req === undefined || r.req.unixPath !== undefined) return 0;
    return r.remotePort;
  }
  localAddress(s: number): string {
    const r = this.socks[s];
    if (r?.req === undefined || r.req.unixPath !== undefined) return "";
    return r.localAddr;
  }
  handshakeTime(s: number): number {
    return this.socks[s]?.handshakeMs ?? 0;
  }

  alpnProtocol(s: number): string {
    return this.socks[s]?.alpn ?? "";
  }

  /** The TLS session (Bun's getSession; bun-types says void, Bun 1.4.5 gives a Buffer). */
  tlsSession(s: number): Uint8Array | undefined {
    const r = this.socks[s];
    if (r?.req?.tls !== true || r.sock === undefined) return undefined;
    const got = (r.sock as unknown as { getSession(): unknown }).getSession();
    return got instanceof Uint8Array && got.length > 0 ? got : undefined;
  }

  localPort(s: number): number {
    const r = this.socks[s];
    if (r?.req === undefined || r.req.unixPath !== undefined) return 0;
    return r.localPort;
  }

  /** Bytes queued and not yet consumed on s (tests and backpressure checks). */
  queuedBytes(s: number): number {
    return this.socks[s]?.queuedBytes() ?? 0;
  }

  /** Whether s is paused in Bun (tests). */
  isPaused(s: number): boolean {
    return this.socks[s]?.paused ?? false;
  }

  /** @internal */
  rec(s: number): BunSock | undefined {
    return this.socks[s];
  }

  /** @internal Readiness of s for the interest `want` (CURL_POLL_* bits) as CURL_CSELECT_* bits. */
  readiness(s: number, want: number): number {
    const r = this.socks[s];
    if (r === undefined) return 0;
    if (r.state === SOCK_ERROR)
      return CURL_CSELECT_ERR | (want & CURL_POLL_IN ? CURL_CSELECT_IN : 0);
    let ev = 0;
    if (want & CURL_POLL_IN && (r.queued() || r.state === SOCK_EOF)) ev |= CURL_CSELECT_IN;
    if (want & CURL_POLL_OUT && r.state === SOCK_OPEN && r.writable) ev |= CURL_CSELECT_OUT;
    return ev;
  }

  /** @internal Something changed on r: deliver now from the event handler, or via the pending list. */
  notify(r: BunSock): void {
    if (this.poller.watching(r.s) === 0) return;
    if (this.depth === 0) this.poller.deliver(r.s);
    else this.poller.schedule(r.s);
  }

  /** @internal */
  becameOpen(r: BunSock): void {
    r.state = SOCK_OPEN;
    r.writable = true;
    this.notify(r);
  }

  /** @internal Judges the certificate like libcurl (lib/vtls/openssl.c, ossl_check_peer_cert). */
  handshakeDone(r: BunSock, authError: Error | null): void {
    if (r.tcpAt > 0) r.handshakeMs = performance.now() - r.tcpAt;
    const agreed = r.sock?.alpnProtocol;
    r.alpn = typeof agreed === "string" ? agreed : "";
    const detail = authError ? certProblem(r.req!, authError, r.sock) : "";
    if (detail === "") {
      this.becameOpen(r);
      return;
    }
    this.fail(r, certProblemCode(detail), detail);
    const sock = r.sock;
    if (sock !== undefined) this.endInside(sock);
  }

  /**
   * Ends a Bun socket from inside the transport: Bun calls our close handler synchronously in there,
   * so events it raises go to the pending list (depth) and a closed record makes the handler a no-op.
   */
  private endInside(sock: { end(): unknown }): void {
    this.depth++;
    try {
      sock.end();
    } finally {
      this.depth--;
    }
  }

  /** @internal */
  gotData(r: BunSock, chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    r.push(chunk);
    if (this.poller.watching(r.s) & CURL_POLL_IN) {
      this.notify(r);
      return;
    }
    // Nobody reads: stop Bun reading (backpressure). Lazily, on the first unwanted chunk, so an idle
    // unwatched socket still sees its peer's FIN or RST (the engine checks state() before reuse).
    if (!r.paused && r.sock !== undefined) {
      r.paused = true;
      r.sock.pause();
    }
  }

  /** @internal */
  gotClose(r: BunSock, error: Error | undefined): void {
    r.writable = false;
    if (r.state === SOCK_CONNECTING) {
      // Closed before open/handshake finished (connectError normally comes first).
      if (r.req?.tls) this.fail(r, CURLE_SSL_CONNECT_ERROR, handshakeCloseText(error));
      else this.connectFailed(r, error);
      return;
    }
    if (r.state !== SOCK_OPEN) return;
    if (error) {
      this.fail(r, CURLE_RECV_ERROR, recvErrorText(error));
      return;
    }
    r.state = SOCK_EOF;
    this.notify(r);
  }

  /** @internal A failed connect: CURLE_COULDNT_CONNECT with libcurl's text. */
  connectFailed(r: BunSock, error: unknown): void {
    const ms = Math.max(0, Math.floor(this.clock.now() - r.startedAt));
    this.fail(r, CURLE_COULDNT_CONNECT, connectErrorText(r.req!, ms, error));
  }

  /** @internal */
  fail(r: BunSock, code: number, detail: string): void {
    if (r.state >= SOCK_ERROR) return;
    r.state = SOCK_ERROR;
    r.err = code;
    r.detail = detail;
    r.writable = false;
    this.notify(r);
  }
}
