// One HTTP/2 connection, client side (RFC 9113): the preface and SETTINGS, HPACK both ways, the
// connection's and each stream's flow-control windows, PING, GOAWAY and RST_STREAM, and the stream
// table. Pure: received bytes in (receive), bytes to send out (`out`, which the engine writes to the
// socket), streams told what arrived (stream.ts). It never calls the user: a stream that got
// something is put on `touched`, and the engine runs its transfer.
//
// Invariants: a stream is in `streams` from its HEADERS until close(); `active` counts the streams
// handed out and not closed (those not yet submitted too); the receive windows only grow by what
// was consumed: the connection's as DATA arrives (a paused stream must not stall the others), a
// stream's as its transfer reads.

import { SEND_FORGONE } from "../conn/protocol.ts";
import {
  CURLE_HTTP2,
  CURLE_HTTP2_STREAM,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
  DEFAULT_MAX_CONCURRENT_STREAMS,
} from "../constants/index.ts";
import { type RequestHead, requestWriter } from "../http/request.ts";
import {
  DEFAULT_MAX_FRAME_SIZE,
  DEFAULT_WINDOW,
  H2_CANCEL,
  H2_NO_ERROR,
  H2_PROTOCOL_ERROR,
  h2ErrorName,
  SETTINGS_ENABLE_PUSH,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
} from "./constants.ts";
import { RequestFieldCache } from "./fields.ts";
import type { FrameParser } from "./frame-parser.ts";
import {
  writeDataHead,
  writeGoaway,
  writeHeaders,
  writePreface,
  writeRstStream,
  writeSettings,
  writeWindowUpdate,
} from "./frame-writer.ts";
import { HpackEncoder } from "./hpack/encoder.ts";
import { OutBuf } from "./out-buf.ts";
import { H2Stream, type StreamOwner } from "./stream.ts";

/** The receive window we give each stream (SETTINGS_INITIAL_WINDOW_SIZE): what a paused one may hold. */
export const STREAM_WINDOW = 1024 * 1024;
/** The connection's receive window (raised by a WINDOW_UPDATE right after the preface). */
export const CONN_WINDOW = 32 * 1024 * 1024;
/** Pending output past which a stream's DATA waits for the socket (bounds what a slow socket holds). */
const OUT_HIGH_WATER = 1024 * 1024;
const MAX_STREAM_ID = 0x7fffffff;

/** What a session is made with. */
export interface SessionOptions {
  /** "https" or "http": the :scheme of every request. */
  scheme: string;
}

export class H2Session implements StreamOwner {
  /** Bytes to send, in order: the engine writes them to the socket and shifts what went. */
  readonly out = new OutBuf(32 * 1024);
  /** Set by newSession (connection.ts): the frame parser whose events go to this session. */
  parser: FrameParser | null = null;
  /** @internal The HPACK encoder (inbound.ts applies the peer's table size to it). */
  readonly enc = new HpackEncoder();
  /** The last request's fields (most requests repeat it). */
  private readonly fields = new RequestFieldCache();
  /** Where a request's header block is encoded before it is framed. */
  private readonly block = new OutBuf(1024);
  /** @internal Open streams by id. */
  readonly streams = new Map<number, H2Stream>();
  private readonly free: H2Stream[] = [];
  /** Streams handed out and not closed. */
  active = 0;
  /** Some stream waited for window or for room in `out` since the last outputSent(). */
  private anyBlocked = false;
  /** @internal The id the next stream gets (odd, client-initiated). */
  nextId = 1;
  /** The peer's settings (as far as the client cares). */
  remoteMaxStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
  /** @internal The peer's SETTINGS_INITIAL_WINDOW_SIZE and SETTINGS_MAX_FRAME_SIZE. */
  peerWindow = DEFAULT_WINDOW;
  /** @internal */
  peerMaxFrame = DEFAULT_MAX_FRAME_SIZE;
  /** The server's SETTINGS arrived (it speaks HTTP/2 for sure). */
  settled = false;
  /** @internal Connection flow control: what we may send; what the peer may send, and what to give back. */
  sendWindow = DEFAULT_WINDOW;
  /** @internal */
  recvWindow = CONN_WINDOW;
  /** @internal */
  recvUnacked = 0;
  /** No new streams (retire()). */
  private retired = false;
  /** GOAWAY received (no new streams), and its last stream id and error code. */
  goaway = false;
  goawayLast = MAX_STREAM_ID;
  goawayCode = H2_NO_ERROR;
  /** The connection failed (a connection error either way, or the socket ended): CURLE code, text. */
  dead = 0;
  deadDetail = "";
  /** Streams that got something since the engine last looked. */
  touched: H2Stream[] = [];
  /** The peer's limit or the stream count changed so that waiting transfers may start now. */
  roomChanged = false;

  constructor(
    readonly opts: SessionOptions,
    /** Called when there is output to send (the engine flushes once per event). */
    readonly onOutput: () => void,
  ) {
    writePreface(this.out);
    writeSettings(this.out, [
      SETTINGS_ENABLE_PUSH,
      0,
      SETTINGS_MAX_CONCURRENT_STREAMS,
      100,
      SETTINGS_INITIAL_WINDOW_SIZE,
      STREAM_WINDOW,
    ]);
    writeWindowUpdate(this.out, 0, CONN_WINDOW - DEFAULT_WINDOW);
  }

  /**
   * The connection takes no new streams and closes once its streams are done (libcurl's connclose):
   * a refused stream, CURLOPT_FORBID_REUSE.
   */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    this.roomChanged = true;
  }

  /** Whether a new stream may start now, given the multi's own per-connection limit. */
  canStart(limit: number): boolean {
    return (
      this.dead === 0 &&
      !this.goaway &&
      !this.retired &&
      this.nextId + 2 * this.active <= MAX_STREAM_ID &&
      this.active < Math.min(this.remoteMaxStreams, limit)
    );
  }

  /** Whether the connection may serve more requests later (no GOAWAY, no failure). */
  get reusable(): boolean {
    return this.dead === 0 && !this.goaway && !this.retired;
  }

  /** A stream for a new request (its HEADERS go out at submit()). */
  open(user: unknown): H2Stream {
    const st = this.free.pop() ?? new H2Stream(this);
    st.user = user;
    this.active++;
    return st;
  }

  /** The user of some open stream (the socket callback names one transfer), or null. */
  anyUser(): unknown {
    for (const st of this.streams.values()) return st.user;
    return null;
  }

  /** Sends the request's HEADERS; END_STREAM on them when no body follows. */
  submit(st: H2Stream, head: RequestHead): number {
    if (this.dead !== 0 || this.goaway) {
      st.fail(CURLE_HTTP2, "HTTP/2 connection is closing", this.goaway);
      return 0;
    }
    const id = this.nextId;
    this.nextId += 2;
    st.id = id;
    st.sendWindow = this.peerWindow;
    st.recvWindow = STREAM_WINDOW;
    st.bodyLeft = head.contentLength;
    this.streams.set(id, st);
    const endStream = head.bodyFollows !== true;
    const scratch = this.block;
    scratch.reset();
    const enc = this.enc;
    enc.begin(scratch);
    const f = this.fields;
    // libcurl makes the HTTP/1.1 head and converts it (Curl_http_req_to_h2): every header rule of
    // the writer holds for HTTP/2 too. A head like the last one is neither written nor converted.
    if (!f.same(head)) f.load(requestWriter.write(head), this.opts.scheme, head);
    const names = f.names;
    const values = f.values;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const value = values[i]!;
      enc.field(scratch, name, value, neverIndexed(name, value));
    }
    writeHeaders(this.out, id, scratch.buf, 0, scratch.len, endStream, this.peerMaxFrame);
    if (endStream) st.localClosed = true;
    this.onOutput();
    return f.headSize;
  }

  /** Sends up to end-start body bytes as DATA, as the windows allow: how many went (0: wait). */
  sendData(st: H2Stream, buf: Uint8Array, start: number, end: number): number {
    if (st.err !== 0 || this.dead !== 0) return -1;
    // The server answered and ended its side: the rest of the body is not wanted.
    if (st.remoteClosed || st.reset) return SEND_FORGONE;
    let n = Math.min(end - start, st.sendWindow, this.sendWindow, OUT_HIGH_WATER - this.out.len);
    if (n <= 0) {
      st.sendBlocked = true;
      this.anyBlocked = true;
      return 0;
    }
    st.sendBlocked = false;
    let p = start;
    const out = this.out;
    while (n > 0) {
      const k = Math.min(n, this.peerMaxFrame);
      n -= k;
      if (st.bodyLeft > 0) st.bodyLeft -= k;
      const last = st.bodyLeft === 0;
      writeDataHead(out, st.id, k, last);
      out.bytes(buf, p, p + k);
      p += k;
      if (last) {
        st.localClosed = true;
        break;
      }
    }
    const sent = p - start;
    st.sendWindow -= sent;
    this.sendWindow -= sent;
    this.onOutput();
    return sent;
  }

  /** Ends the request body (an empty DATA with END_STREAM). */
  endStream(st: H2Stream): void {
    if (st.id === 0 || st.localClosed || st.reset || this.dead !== 0) return;
    st.localClosed = true;
    writeDataHead(this.out, st.id, 0, true);
    this.onOutput();
  }

  /** The transfer read n data bytes of st: its window is given back once half of it was used. */
  consumed(st: H2Stream, n: number): void {
    st.recvUnacked += n;
    this.ackStream(st);
  }

  /** @internal Gives st's receive window back once half of it was read. */
  ackStream(st: H2Stream): void {
    if (st.recvUnacked < STREAM_WINDOW / 2 || st.remoteClosed || st.reset || this.dead !== 0)
      return;
    writeWindowUpdate(this.out, st.id, st.recvUnacked);
    st.recvWindow += st.recvUnacked;
    st.recvUnacked = 0;
    this.onOutput();
  }

  /** The request is over: a stream still open is reset (CANCEL, or NO_ERROR once answered). */
  close(st: H2Stream): void {
    if (st.user === null) return;
    if (st.id !== 0) {
      if (!st.reset && !(st.localClosed && st.remoteClosed) && this.dead === 0) {
        writeRstStream(this.out, st.id, st.remoteClosed ? H2_NO_ERROR : H2_CANCEL);
        this.onOutput();
      }
      this.streams.delete(st.id);
    }
    this.active--;
    this.roomChanged = true;
    st.clear();
    if (this.free.length < 128) this.free.push(st);
  }

  /** Feeds received bytes: everything is taken (false once the connection failed). */
  receive(buf: Uint8Array, start: number, end: number): boolean {
    if (this.dead !== 0) return false;
    this.parser!.feed(buf, start, end);
    if (this.recvUnacked >= CONN_WINDOW / 2 && this.dead === 0) {
      writeWindowUpdate(this.out, 0, this.recvUnacked);
      this.recvWindow += this.recvUnacked;
      this.recvUnacked = 0;
      this.onOutput();
    }
    return this.dead === 0;
  }

  /**
   * The socket ended or failed: every stream not finished fails as libcurl's stream_recv says
   * (CURLE_PARTIAL_FILE once body bytes came, else CURLE_HTTP2, with no text of its own); one on a
   * reused connection that got nothing may start again.
   */
  lost(detail: string): void {
    if (this.dead !== 0) return;
    this.dead = CURLE_RECV_ERROR;
    this.deadDetail = detail;
    for (const st of this.streams.values()) {
      if (st.remoteClosed) continue;
      st.fail(st.dataBytes > 0 ? CURLE_PARTIAL_FILE : CURLE_HTTP2, "");
      this.touch(st);
    }
  }

  /** Some output went to the socket: streams that waited for room in it may send again. */
  outputSent(): void {
    if (!this.anyBlocked || this.out.len >= OUT_HIGH_WATER / 2) return;
    this.anyBlocked = false;
    for (const st of this.streams.values()) if (st.sendBlocked) this.touch(st);
  }

  /** Hands over the streams that got something (the engine runs their transfers). */
  takeTouched(): H2Stream[] {
    const list = this.touched;
    if (list.length === 0) return list;
    this.touched = [];
    for (const st of list) st.touched = false;
    return list;
  }

  /** @internal Puts st on `touched` (once). */
  touch(st: H2Stream): void {
    if (st.touched || st.user === null) return;
    st.touched = true;
    this.touched.push(st);
  }

  /** @internal Our own connection error: GOAWAY with its code, and every stream fails with CURLE_HTTP2. */
  connError(code: number, detail: string): void {
    if (this.dead !== 0) return;
    writeGoaway(this.out, 0, code, detail);
    this.onOutput();
    this.dead = CURLE_HTTP2;
    this.deadDetail = `HTTP/2 shuts down connection with error ${code}: ${h2ErrorName(code)} (${detail})`;
    for (const st of this.streams.values()) {
      // A stream whose answer came whole keeps it (the transfer reads what is queued).
      if (st.remoteClosed && st.err === 0) continue;
      st.fail(CURLE_HTTP2, this.deadDetail);
      this.touch(st);
    }
  }

  /** @internal A stream error: RST_STREAM with its code; the stream fails with CURLE_HTTP2_STREAM. */
  streamError(st: H2Stream, code: number, detail: string): void {
    if (st.reset) return;
    st.reset = true;
    writeRstStream(this.out, st.id, code);
    this.onOutput();
    st.fail(
      CURLE_HTTP2_STREAM,
      `[HTTP2] [${st.id}] received invalid frame: ${detail}, error ${code}: ${h2ErrorName(code)}`,
    );
    this.touch(st);
  }

  /** @internal A frame for a stream not in the table: one we closed (ignored) or one never opened (error). */
  unknownStream(sid: number, what: string): void {
    if ((sid & 1) === 0 || sid >= this.nextId)
      this.connError(H2_PROTOCOL_ERROR, `${what} on stream ${sid}, which was never opened`);
  }

  /** @internal END_STREAM from the peer: the response is complete if it had a final head and the right size. */
  remoteEnd(st: H2Stream): void {
    st.remoteClosed = true;
    if (!st.finalHead) {
      st.fail(
        CURLE_HTTP2_STREAM,
        `HTTP/2 stream ${st.id} was closed cleanly, but before getting all response header fields, treated as error`,
      );
      this.touch(st);
      return;
    }
    const cl = st.contentLength;
    if (cl >= 0 && !st.noBody && st.dataBytes !== cl)
      this.streamError(
        st,
        H2_PROTOCOL_ERROR,
        `content-length ${cl} but ${st.dataBytes} data bytes arrived`,
      );
    this.touch(st);
  }
}

/** RFC 7541 section 7.1.3: credentials are never put in a table (nor short cookies, guessable). */
function neverIndexed(name: string, value: string): boolean {
  return (
    name === "authorization" ||
    name === "proxy-authorization" ||
    (name === "cookie" && value.length < 20)
  );
}
