// A scripted HTTP/2 server on the in-memory network (virtual time): it reads the client's preface,
// SETTINGS and requests with the project's own frame parser and HPACK decoder, and lets a test answer
// each request frame by frame: HEADERS, DATA, RST_STREAM, GOAWAY, SETTINGS, PING, WINDOW_UPDATE, or
// raw bytes. Every frame the client sent is logged ("HEADERS 1 es", "DATA 3 16384", ...).

import {
  FLAG_END_STREAM,
  FRAME_HEADERS,
  H2_NO_ERROR,
  PREFACE,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
} from "../../src/http2/constants.ts";
import { type FrameHandler, FrameParser } from "../../src/http2/frame-parser.ts";
import {
  writeData,
  writeFrameHead,
  writeGoaway,
  writeHeaders,
  writePing,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "../../src/http2/frame-writer.ts";
import { HpackDecoder } from "../../src/http2/hpack/decoder.ts";
import { HpackEncoder } from "../../src/http2/hpack/encoder.ts";
import { OutBuf } from "../../src/http2/out-buf.ts";
import type { MemoryNetwork, PeerSocket } from "../../src/transport/memory/network.ts";

/** One request as the peer saw it. */
export interface H2Request {
  sid: number;
  headers: [string, string][];
  header(name: string): string | undefined;
  /** Body bytes so far, and whether END_STREAM came. */
  body: number[];
  ended: boolean;
}

/** The server side of one connection. */
export class H2PeerConn implements FrameHandler {
  readonly log: string[] = [];
  readonly requests: H2Request[] = [];
  private readonly parser = new FrameParser(this);
  private readonly dec = new HpackDecoder();
  private readonly enc = new HpackEncoder();
  private prefaceLeft = PREFACE.length;
  /** What the client's WINDOW_UPDATEs gave, per stream (0: the connection). */
  readonly windowGiven = new Map<number, number>();
  /** The client's SETTINGS as received (id -> value). */
  readonly clientSettings = new Map<number, number>();

  constructor(
    readonly peer: PeerSocket,
    private readonly onRequest: (req: H2Request, conn: H2PeerConn) => void,
    private readonly onBody?: (req: H2Request, conn: H2PeerConn) => void,
  ) {
    peer.onData = (bytes) => this.data(bytes);
  }

  private data(bytes: Uint8Array): void {
    let p = 0;
    if (this.prefaceLeft > 0) {
      const n = Math.min(this.prefaceLeft, bytes.length);
      this.prefaceLeft -= n;
      p = n;
    }
    if (p < bytes.length) this.parser.feed(bytes, p, bytes.length);
  }

  /** Sends frames built by fn into a fresh buffer, after delayMs. */
  send(fn: (out: OutBuf) => void, delayMs = 0): void {
    const out = new OutBuf(256);
    fn(out);
    this.peer.write(out.buf.slice(0, out.len), delayMs);
  }

  settings(pairs: number[], delayMs = 0): void {
    this.send((o) => writeSettings(o, pairs), delayMs);
  }

  /** A HEADERS frame with these fields (":status" first), END_STREAM when asked. */
  headers(sid: number, fields: [string, string][], endStream: boolean, delayMs = 0): void {
    const block = new OutBuf(256);
    this.enc.begin(block);
    for (const [n, v] of fields) this.enc.field(block, n, v);
    this.send((o) => writeHeaders(o, sid, block.buf, 0, block.len, endStream, 16384), delayMs);
  }

  dataFrame(sid: number, body: Uint8Array | string, endStream: boolean, delayMs = 0): void {
    const b = typeof body === "string" ? new TextEncoder().encode(body) : body;
    this.send((o) => {
      for (let i = 0; i < b.length || i === 0; i += 16384) {
        const end = Math.min(b.length, i + 16384);
        writeData(o, sid, b, i, end, endStream && end === b.length);
        if (end === b.length) break;
      }
    }, delayMs);
  }

  /** A whole response: HEADERS (:status, content-length unless told) then DATA with END_STREAM. */
  respond(
    sid: number,
    status: number,
    body: string | Uint8Array = "",
    extra: [string, string][] = [],
    delayMs = 0,
  ): void {
    const len = typeof body === "string" ? body.length : body.length;
    const fields: [string, string][] = [[":status", String(status)], ...extra];
    if (!extra.some(([n]) => n === "content-length")) fields.push(["content-length", String(len)]);
    if (len === 0) this.headers(sid, fields, true, delayMs);
    else {
      this.headers(sid, fields, false, delayMs);
      this.dataFrame(sid, body, true, delayMs);
    }
  }

  rst(sid: number, code: number, delayMs = 0): void {
    this.send((o) => writeRstStream(o, sid, code), delayMs);
  }

  goaway(lastSid: number, code = H2_NO_ERROR, delayMs = 0): void {
    this.send((o) => writeGoaway(o, lastSid, code, "bye"), delayMs);
  }

  ping(delayMs = 0): void {
    this.send((o) => writePing(o, false, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), delayMs);
  }

  windowUpdate(sid: number, inc: number, delayMs = 0): void {
    this.send((o) => writeWindowUpdate(o, sid, inc), delayMs);
  }

  /** A frame head with a raw payload (for malformed frames). */
  raw(type: number, flags: number, sid: number, payload: number[], delayMs = 0): void {
    this.send((o) => {
      writeFrameHead(o, payload.length, type, flags, sid);
      o.bytes(Uint8Array.from(payload));
    }, delayMs);
  }

  // ---- what the client sent ----

  onDataFrame(sid: number, len: number, endStream: boolean): boolean {
    this.log.push(`DATA ${sid} ${len}${endStream ? " es" : ""}`);
    return true;
  }
  onData(sid: number, buf: Uint8Array, start: number, end: number): void {
    const r = this.requests.find((q) => q.sid === sid);
    if (r !== undefined) for (let i = start; i < end; i++) r.body.push(buf[i]!);
  }
  onDataEnd(sid: number, endStream: boolean): void {
    const r = this.requests.find((q) => q.sid === sid);
    if (r === undefined) return;
    if (endStream) r.ended = true;
    this.onBody?.(r, this);
  }
  onHeaders(sid: number, block: Uint8Array, start: number, end: number, endStream: boolean): void {
    const headers: [string, string][] = [];
    const bad = this.dec.decode(block, start, end, (n, v) => headers.push([n, v]));
    this.log.push(
      `${bad === "" ? "HEADERS" : `BAD HEADERS ${bad}`} ${sid}${endStream ? " es" : ""}`,
    );
    const req: H2Request = {
      sid,
      headers,
      header: (n) => headers.find(([k]) => k === n)?.[1],
      body: [],
      ended: endStream,
    };
    this.requests.push(req);
    this.onRequest(req, this);
  }
  onRstStream(sid: number, code: number): void {
    this.log.push(`RST_STREAM ${sid} ${code}`);
  }
  onSettings(ack: boolean, pairs: Uint32Array | number[], n: number): void {
    this.log.push(ack ? "SETTINGS ack" : "SETTINGS");
    if (ack) return;
    for (let i = 0; i < n; i++) this.clientSettings.set(pairs[2 * i]!, pairs[2 * i + 1]!);
    this.send((o) => writeSettingsAck(o));
  }
  onPing(ack: boolean): void {
    this.log.push(ack ? "PING ack" : "PING");
  }
  onGoaway(last: number, code: number): void {
    this.log.push(`GOAWAY ${last} ${code}`);
  }
  onWindowUpdate(sid: number, inc: number): void {
    this.log.push(`WINDOW_UPDATE ${sid}`);
    this.windowGiven.set(sid, (this.windowGiven.get(sid) ?? 0) + inc);
  }
  onStreamError(sid: number, code: number, detail: string): void {
    this.log.push(`stream error ${sid} ${code} ${detail}`);
  }
  onConnectionError(code: number, detail: string): void {
    this.log.push(`connection error ${code} ${detail}`);
  }
}

/**
 * Listens at host:port as an HTTP/2 server (prior knowledge: no TLS in memory). Each connection sends
 * its SETTINGS first (`settings`, default MAX_CONCURRENT_STREAMS 100), then every request goes to
 * onRequest. Returns the connections, in order.
 */
export function h2Server(
  net: MemoryNetwork,
  host: string,
  port: number,
  onRequest: (req: H2Request, conn: H2PeerConn) => void,
  opts: { settings?: number[]; onBody?: (req: H2Request, conn: H2PeerConn) => void } = {},
): H2PeerConn[] {
  const conns: H2PeerConn[] = [];
  net.listen(host, port, (peer) => {
    const c = new H2PeerConn(peer, onRequest, opts.onBody);
    conns.push(c);
    c.settings(opts.settings ?? [SETTINGS_MAX_CONCURRENT_STREAMS, 100]);
  });
  return conns;
}

export {
  FLAG_END_STREAM,
  FRAME_HEADERS,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
};
