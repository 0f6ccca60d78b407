// HTTP/2 connections' socket I/O for the multi: one socket serves many transfers. A ready socket is
// read into its session, which files what each stream got; the transfers of those streams then run,
// each once. What the sessions have to send is written once per API call (many requests' frames in
// one write), and each connection's interest is announced for all its streams.

import type { Conn } from "../conn/conn.ts";
import { CURL_POLL_IN, CURL_POLL_OUT } from "../constants/index.ts";
import type { Transfer } from "../transfer/transfer.ts";
import { SOCK_EOF, SOCK_ERROR, SOCK_OPEN, type Transport } from "../transport/types.ts";
import type { SocketTable } from "./sockets.ts";

/** What the connections' I/O needs of the multi. */
export interface MuxHost {
  readonly transport: Transport;
  readonly pool: { wakePending(): void };
  /** Runs t if it is still a live transfer of the multi. */
  runLive(t: Transfer): void;
  /** Runs between these share one clock read. */
  beginBatch(): void;
  endBatch(): void;
}

export class MuxIo {
  /** Connections with output to send or an interest to announce. */
  private readonly pending: Conn[] = [];

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
    for (;;) {
      const chunk = io.recvChunk(s);
      if (chunk === undefined) break;
      const off = io.recvOffset(s);
      const ok = h2.receive(chunk, off, chunk.length);
      io.consume(s, chunk.length - off);
      if (!ok) break;
    }
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
      this.host.pool.wakePending();
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
  flush(): void {
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
        this.runTouched(c);
      }
      const lead = (c.lead ?? h2.anyUser()) as Transfer | null;
      if (h2.active > 0 && lead !== null)
        this.socks.announceConn(c, lead, CURL_POLL_IN | (out.len > 0 ? CURL_POLL_OUT : 0));
    }
    this.pending.length = 0;
  }
}
