// HTTP/2 connections' socket I/O for the multi: one socket serves many transfers. A ready socket is
// read into its session, which files what each stream got; the transfers of those streams then run,
// each once. What the sessions have to send is written once per API call (many requests' frames in
// one write), and each connection's interest is announced for all its streams.

import type { Conn } from "../conn/conn.ts";
import { CURL_POLL_IN, CURL_POLL_OUT } from "../constants/index.ts";
import type { H2Session } from "../http2/session.ts";
import type { Transfer } from "../transfer/transfer.ts";
import { SOCK_EOF, SOCK_ERROR, SOCK_OPEN, type Transport } from "../transport/types.ts";
import type { SocketTable } from "./sockets.ts";

/** What the connections' I/O needs of the multi. */
export interface MuxHost {
  readonly transport: Transport;
  readonly pool: { wakeRoom(c: Conn): void };
  /** Runs t if it is still a live transfer of the multi. */
  runLive(t: Transfer): void;
  /** Makes t due at once (it runs at the next action). */
  runSoon(t: Transfer): void;
  /** Runs between these share one clock read. */
  beginBatch(): void;
  endBatch(): void;
}

/** Feeds everything queued on socket s to the session (until it fails). */
export function readInto(io: Transport, s: number, h2: H2Session): void {
  for (;;) {
    const chunk = io.recvChunk(s);
    if (chunk === undefined) return;
    const off = io.recvOffset(s);
    const ok = h2.receive(chunk, off, chunk.length);
    io.consume(s, chunk.length - off);
    if (!ok) return;
  }
}

export class MuxIo {
  /** Connections with output to send or an interest to announce. */
  private readonly pending: Conn[] = [];
  /** flush() may run transfers (not from inside removeHandle: no other transfer's callbacks there). */
  private runNow = true;

  constructor(
    private readonly host: MuxHost,
    private readonly socks: SocketTable,
  ) {}

  /**
   * An HTTP/2 connection's socket is ready: everything queued on it goes through the session (which
   * answers PINGs and SETTINGS and files what each stream got), then the transfers of the streams
   * that got something run, each once.
   */
  pump(c: Conn): void {
    const h2 = c.h2;
    if (h2 === null || c.s < 0) return;
    const io = this.host.transport;
    const s = c.s;
    readInto(io, s, h2);
    const st = io.state(s);
    if (st === SOCK_EOF) h2.lost("Connection closed by the server");
    else if (st === SOCK_ERROR) h2.lost(io.errorDetail(s) || "Connection reset by peer");
    this.dirty(c);
    this.runTouched(c);
  }

  /** Runs the transfer of every stream of c that got something (each once per pass). */
  private runTouched(c: Conn): void {
    const h2 = c.h2!;
    if (h2.roomChanged) {
      // The server allows more streams now: transfers waiting for a connection may get one.
      h2.roomChanged = false;
      this.host.pool.wakeRoom(c);
    }
    if (h2.touched.length === 0) return;
    const host = this.host;
    host.beginBatch();
    for (let pass = 0; pass < 4 && h2.touched.length > 0; pass++) {
      for (const stream of h2.takeTouched()) {
        const t = stream.user as Transfer | null;
        if (t !== null) host.runLive(t);
      }
    }
    host.endBatch();
  }

  /** The transfers of c's touched streams run at the next action (a 0 ms timer each). */
  private runLater(c: Conn): void {
    for (const stream of c.h2!.takeTouched()) {
      const t = stream.user as Transfer | null;
      if (t !== null) this.host.runSoon(t);
    }
  }

  /** Output of an HTTP/2 connection waits: sent at the end of the current API call. */
  dirty(c: Conn): void {
    if (c.dirty) return;
    c.dirty = true;
    this.pending.push(c);
  }

  /**
   * Writes what each HTTP/2 connection has to send (many requests' frames in one write), then
   * tells the socket callback what it waits for: IN while it has streams, OUT too while output waits.
   */
  flush(runNow = true): void {
    this.runNow = runNow;
    const io = this.host.transport;
    for (let i = 0; i < this.pending.length; i++) {
      const c = this.pending[i]!;
      c.dirty = false;
      const h2 = c.h2;
      if (h2 === null || c.s < 0) continue;
      const out = h2.out;
      if (out.len > 0 && io.state(c.s) === SOCK_OPEN) {
        const n = io.send(c.s, out.buf, 0, out.len);
        if (n > 0) out.shift(n);
        else if (n < 0) h2.lost(io.errorDetail(c.s) || "Broken pipe");
        if (n !== 0) h2.outputSent();
        if (this.runNow) this.runTouched(c);
        else this.runLater(c);
      }
      const lead = (c.lead ?? h2.anyUser()) as Transfer | null;
      // IN while the socket may still bring something (after its end or error nothing will:
      // announcing IN then would wake the application for nothing, over and over).
      const open = h2.dead === 0 && io.state(c.s) === SOCK_OPEN;
      if (h2.active > 0 && lead !== null)
        this.socks.announceConn(
          c,
          lead,
          (open ? CURL_POLL_IN : 0) | (out.len > 0 && open ? CURL_POLL_OUT : 0),
        );
    }
    this.pending.length = 0;
  }
}
