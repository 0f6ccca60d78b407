// The receive side of an HTTP/2 session: the frame parser's events (RFC 9113 section 6) applied to
// the session's state: flow-control accounting, each stream's heads (through HPACK and the head
// collector), data, end and errors, SETTINGS, PING, GOAWAY and WINDOW_UPDATE.

import {
  CURLE_HTTP2,
  CURLE_HTTP2_STREAM,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
} from "../constants/index.ts";
import {
  H2_COMPRESSION_ERROR,
  H2_ENHANCE_YOUR_CALM,
  H2_FLOW_CONTROL_ERROR,
  H2_NO_ERROR,
  H2_PROTOCOL_ERROR,
  H2_REFUSED_STREAM,
  h2ErrorName,
  MAX_WINDOW,
  SETTINGS_HEADER_TABLE_SIZE,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
  SETTINGS_MAX_FRAME_SIZE,
} from "./constants.ts";
import type { FrameHandler } from "./frame-parser.ts";
import { writePing, writeRstStream, writeSettingsAck } from "./frame-writer.ts";
import { HeadCollector } from "./head-collector.ts";
import { HpackDecoder } from "./hpack/decoder.ts";
import type { H2Session } from "./session.ts";
import type { H2Stream } from "./stream.ts";

/** Output past which acks to the peer's PINGs and SETTINGS count as a flood (see flooded()). */
const CONTROL_FLOOD = 2 * 1024 * 1024;

export class Inbound implements FrameHandler {
  private readonly dec = new HpackDecoder();
  private readonly heads = new HeadCollector();
  /** The DATA frame being received (set in onDataFrame for its pieces), and its bytes not yet seen. */
  private cur: H2Stream | null = null;
  private curLeft = 0;

  constructor(private readonly s: H2Session) {}

  onDataFrame(sid: number, payloadLength: number, _endStream: boolean): boolean {
    if (payloadLength > this.s.recvWindow) {
      this.s.connError(H2_FLOW_CONTROL_ERROR, "DATA beyond the connection window");
      return false;
    }
    this.s.recvWindow -= payloadLength;
    // Given back as it arrives: only a stream's own window holds a paused stream's bytes.
    this.s.recvUnacked += payloadLength;
    const st = this.s.streams.get(sid);
    this.cur = null;
    if (st === undefined) {
      this.s.unknownStream(sid, "DATA");
      return false;
    }
    if (st.reset || st.err !== 0) return false;
    if (!st.finalHead || st.remoteClosed) {
      this.s.streamError(st, H2_PROTOCOL_ERROR, "DATA before a final response or after the end");
      return false;
    }
    if (payloadLength > st.recvWindow) {
      this.s.streamError(st, H2_FLOW_CONTROL_ERROR, "DATA beyond the stream window");
      return false;
    }
    st.recvWindow -= payloadLength;
    this.cur = st;
    this.curLeft = payloadLength;
    return true;
  }

  /** The stream the current DATA frame is for, or null: gone (its transfer ended in the middle of
   *  the frame: the object may already serve another request) or reset. */
  private current(sid: number): H2Stream | null {
    const st = this.cur;
    if (st === null || st.id !== sid || st.reset) return null;
    return st;
  }

  onData(sid: number, buf: Uint8Array, start: number, end: number): void {
    const st = this.current(sid);
    if (st === null) return;
    const n = end - start;
    this.curLeft -= n;
    st.dataBytes += n;
    if (st.contentLength >= 0 && !st.noBody && st.dataBytes > st.contentLength) {
      this.s.streamError(
        st,
        H2_PROTOCOL_ERROR,
        `more data than content-length ${st.contentLength}`,
      );
      return;
    }
    st.enqueue(buf.subarray(start, end), true);
    this.s.touch(st);
  }

  onDataEnd(sid: number, endStream: boolean): void {
    const st = this.current(sid);
    this.cur = null;
    if (st === null) return;
    // Padding is flow-controlled but never read: it is consumed at once.
    if (this.curLeft > 0) {
      st.recvUnacked += this.curLeft;
      this.s.ackStream(st);
    }
    if (endStream) this.s.remoteEnd(st);
  }

  onHeaders(sid: number, block: Uint8Array, start: number, end: number, endStream: boolean): void {
    const st = this.s.streams.get(sid);
    const live = st !== undefined && !st.reset && st.err === 0;
    const hc = this.heads;
    hc.begin(live && st.finalHead);
    // The block is decoded whatever becomes of it: the decoder's table must follow the peer's.
    const bad = this.dec.decode(block, start, end, hc.onField);
    if (bad !== "") {
      this.s.connError(H2_COMPRESSION_ERROR, bad);
      return;
    }
    if (st === undefined) {
      this.s.unknownStream(sid, "HEADERS");
      return;
    }
    if (!live) return;
    if (st.remoteClosed) {
      this.s.streamError(st, H2_PROTOCOL_ERROR, "HEADERS after the end of the stream");
      return;
    }
    const problem = hc.finish(endStream);
    if (problem !== "") {
      this.s.streamError(st, H2_PROTOCOL_ERROR, problem);
      return;
    }
    if (hc.trailerMode) st.trailers = hc.trailerLines();
    else {
      st.enqueue(hc.headBytes(), false);
      if (hc.status >= 200) {
        st.finalHead = true;
        st.contentLength = hc.status === 204 || hc.status === 304 ? -1 : hc.contentLength;
      }
    }
    this.s.touch(st);
    if (endStream) this.s.remoteEnd(st);
  }

  onRstStream(sid: number, code: number): void {
    const st = this.s.streams.get(sid);
    if (st === undefined) {
      this.s.unknownStream(sid, "RST_STREAM");
      return;
    }
    if (st.reset) return;
    st.reset = true;
    // After a complete response, NO_ERROR only says the server wants no more of the request.
    if (code === H2_NO_ERROR && st.remoteClosed) return;
    if (code === H2_NO_ERROR && st.finalHead && st.noBody) {
      // A HEAD's answer is complete with its head (libcurl ignores the reset then).
      st.remoteClosed = true;
    } else if (code === H2_REFUSED_STREAM) {
      // libcurl closes such a connection (connclose "REFUSED_STREAM"): it takes no new streams,
      // so the retry goes to another one.
      this.s.retire();
      st.fail(
        CURLE_RECV_ERROR,
        `HTTP/2 stream ${sid} refused by server, try again on a new connection`,
        true,
      );
    } else if (code === H2_NO_ERROR)
      st.fail(st.dataBytes > 0 ? CURLE_PARTIAL_FILE : CURLE_HTTP2, "");
    else
      st.fail(
        CURLE_HTTP2_STREAM,
        `HTTP/2 stream ${sid} reset by server (error 0x${code.toString(16)} ${h2ErrorName(code)})`,
      );
    this.s.touch(st);
  }

  onSettings(ack: boolean, pairs: Uint32Array | number[], n: number): void {
    if (ack) return;
    for (let i = 0; i < n; i++) {
      const id = pairs[2 * i]!;
      const v = pairs[2 * i + 1]!;
      if (id === SETTINGS_HEADER_TABLE_SIZE) this.s.enc.setPeerMaxTableSize(v);
      else if (id === SETTINGS_MAX_CONCURRENT_STREAMS) {
        if (v > this.s.remoteMaxStreams) this.s.roomChanged = true;
        this.s.remoteMaxStreams = v;
      } else if (id === SETTINGS_INITIAL_WINDOW_SIZE) {
        const delta = v - this.s.peerWindow;
        this.s.peerWindow = v;
        for (const st of this.s.streams.values()) {
          st.sendWindow += delta;
          if (st.sendWindow > MAX_WINDOW) {
            this.s.connError(
              H2_FLOW_CONTROL_ERROR,
              "SETTINGS_INITIAL_WINDOW_SIZE overflows a window",
            );
            return;
          }
          if (delta > 0 && st.sendBlocked) this.s.touch(st);
        }
      } else if (id === SETTINGS_MAX_FRAME_SIZE) this.s.peerMaxFrame = v;
    }
    this.s.settled = true;
    if (this.flooded()) return;
    writeSettingsAck(this.s.out);
    this.s.onOutput();
  }

  onPing(ack: boolean, payload: Uint8Array, start: number): void {
    if (ack || this.flooded()) return;
    writePing(this.s.out, true, payload, start);
    this.s.onOutput();
  }

  onGoaway(lastStreamId: number, code: number, _debug: Uint8Array): void {
    this.s.goaway = true;
    this.s.goawayLast = lastStreamId;
    this.s.goawayCode = code;
    this.s.roomChanged = true;
    // Streams the server never processed may start again on a new connection.
    for (const st of this.s.streams.values()) {
      if (st.id <= lastStreamId || st.reset) continue;
      st.reset = true;
      st.fail(
        CURLE_RECV_ERROR,
        `HTTP/2 stream ${st.id} refused by server, try again on a new connection (GOAWAY ${h2ErrorName(code)}, last stream ${lastStreamId})`,
        true,
      );
      this.s.touch(st);
    }
  }

  onWindowUpdate(sid: number, increment: number): void {
    if (sid === 0) {
      this.s.sendWindow += increment;
      if (this.s.sendWindow > MAX_WINDOW) {
        this.s.connError(H2_FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the connection window");
        return;
      }
      for (const st of this.s.streams.values()) if (st.sendBlocked) this.s.touch(st);
      return;
    }
    const st = this.s.streams.get(sid);
    if (st === undefined) {
      this.s.unknownStream(sid, "WINDOW_UPDATE");
      return;
    }
    st.sendWindow += increment;
    if (st.sendWindow > MAX_WINDOW) {
      this.s.streamError(st, H2_FLOW_CONTROL_ERROR, "WINDOW_UPDATE overflows the stream window");
      return;
    }
    if (st.sendBlocked) this.s.touch(st);
  }

  onStreamError(sid: number, code: number, detail: string): void {
    const st = this.s.streams.get(sid);
    if (st !== undefined) this.s.streamError(st, code, detail);
    else {
      writeRstStream(this.s.out, sid, code);
      this.s.onOutput();
    }
  }

  /** A peer that sends PINGs or SETTINGS and reads none of our answers: the connection ends
   *  (ENHANCE_YOUR_CALM) before they pile up without bound (nghttp2 stops at 1,000 queued frames). */
  private flooded(): boolean {
    if (this.s.out.len <= CONTROL_FLOOD) return false;
    this.s.connError(H2_ENHANCE_YOUR_CALM, "PING or SETTINGS flood while our output is not read");
    return true;
  }

  onConnectionError(code: number, detail: string): void {
    this.s.connError(code, detail);
  }
}
