// WAITING / HEADERS / BODY: what is queued on the socket goes through the connection's protocol, whose
// events (the Receiver below) reach the header and write callbacks, under the receive rate limit. The
// end of the head is judged by verdict.ts and acted on here; EOF and socket errors end the response as
// libcurl does.

import type { Protocol } from "../conn/protocol.ts";
import {
  CURL_WRITEFUNC_PAUSE,
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_FILESIZE_EXCEEDED,
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_OK,
  CURLE_WRITE_ERROR,
  CURLPAUSE_RECV,
} from "../constants/index.ts";
import { ContentDecoder, checkContentCodings } from "../http/decode.ts";
import { PARSE_DONE, PARSE_PAUSE, type ResponseHandler } from "../http/parser.ts";
import { SOCK_EOF, SOCK_ERROR } from "../transport/types.ts";
import { authenticateLine, authVerdict } from "./auth.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import { storeSetCookie } from "./cookies.ts";
import { expect100Check, forgoBody } from "./expect.ts";
import { fail, setState, since } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { follow, locationTarget } from "./redirect.ts";
import { retry, retryable } from "./retry.ts";
import { ST_BODY, ST_DONE, ST_HEADERS, ST_WAITING } from "./states.ts";
import { progressDone, rateCheck, THROTTLE_RECV } from "./timeouts.ts";
import type { Transfer } from "./transfer.ts";
import {
  HEAD_AUTH,
  HEAD_DECODE,
  HEAD_FAIL_SIZE,
  HEAD_FAIL_STATUS,
  HEAD_FOLLOW,
  HEAD_NONE,
  HEAD_REPEAT,
  headVerdict,
  skipsBody,
} from "./verdict.ts";

/** The response events of one transfer, to its header and write callbacks. */
export class Receiver implements ResponseHandler {
  /** Where a content decoder delivers decoded bytes: made on first use, then kept (none per chunk). */
  private sinkFn: ((decoded: Uint8Array) => number) | null = null;

  constructor(
    private readonly m: Ports,
    private readonly t: Transfer,
  ) {}

  get sink(): (decoded: Uint8Array) => number {
    if (this.sinkFn === null) this.sinkFn = (d) => this.decoded(d);
    return this.sinkFn;
  }

  /**
   * Decoded bytes (the decoder's own copy, or a view of a received chunk: neither changes later) to
   * the write callback; while paused, or behind bytes already held, they are held for later in order.
   */
  private decoded(d: Uint8Array): number {
    const r = this.t.resp;
    if (r.held !== null) {
      r.held.push(d);
      return CURLE_OK;
    }
    if (this.t.paused & CURLPAUSE_RECV) {
      // Paused by easy.pause() from inside an earlier write of this same push: nothing more is written.
      r.held = [d];
      return CURLE_OK;
    }
    const rc = this.write(d, 0, d.length);
    if (rc === PARSE_PAUSE) {
      // Not taken: libcurl keeps it and delivers it again after curl_easy_pause(CONT).
      r.held = [d];
      return CURLE_OK;
    }
    return rc;
  }

  /** Hands buf[start..end) to the write callback: CURLE_OK, PARSE_PAUSE or CURLE_WRITE_ERROR. */
  write(buf: Uint8Array, start: number, end: number): number {
    const t = this.t;
    const fn = t.opts.writeFunction;
    if (fn === null) return CURLE_OK;
    const len = end - start;
    const rc = this.m.guard.write(fn, buf, start, end, t, t.opts.writeData, "write");
    if (rc === CALLBACK_FAILED) {
      t.info.errorDetail = `Failure writing output to destination: ${t.info.errorDetail}`;
      return CURLE_WRITE_ERROR;
    }
    if (rc === CURL_WRITEFUNC_PAUSE) {
      t.paused |= CURLPAUSE_RECV;
      return PARSE_PAUSE;
    }
    if (rc !== len) {
      t.info.errorDetail = `Failure writing output to destination, passed ${len} returned ${rc}`;
      return CURLE_WRITE_ERROR;
    }
    return CURLE_OK;
  }

  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    const t = this.t;
    const len = end - start;
    t.info.headerSize += len;
    authenticateLine(t, t.proto!.facts.status, buf, start, end);
    // CURLINFO_CONTENT_LENGTH_DOWNLOAD_T as the head says so far, for a getinfo inside the callback.
    t.info.contentLengthDownload = t.proto!.facts.contentLength;
    const sink = t.handle.headerSink;
    // http_header_s: Set-Cookie of every response head (1xx, redirects), not of trailers.
    if (t.resp.verdict === HEAD_NONE) storeSetCookie(this.m, t, buf, start, end);
    const fn = t.opts.headerFunction;
    let rc: number;
    if (sink !== null) rc = this.m.guard.headerSink(sink, buf, start, end, t);
    else if (fn === null) return CURLE_OK;
    else rc = this.m.guard.write(fn, buf, start, end, t, t.opts.headerData, "header");
    if (rc === CALLBACK_FAILED) {
      t.info.errorDetail = `Failed writing header: ${t.info.errorDetail}`;
      return CURLE_WRITE_ERROR;
    }
    if (rc !== len) {
      t.info.errorDetail = "Failed writing header";
      return CURLE_WRITE_ERROR;
    }
    return CURLE_OK;
  }

  onStatus(status: number, version: number): void {
    const i = this.t.info;
    i.responseCode = status;
    i.httpVersion = version === 10 ? 1 : version === 20 ? 3 : 2; // CURL_HTTP_VERSION_1_0 / _2_0 / _1_1
  }

  onContentEncoding(all: string): number {
    const t = this.t;
    const o = t.opts;
    if (o.acceptEncoding === null || o.httpContentDecoding === 0) return CURLE_OK;
    const err = checkContentCodings(all);
    if (err === "") return CURLE_OK;
    t.info.errorDetail = err;
    t.proto!.forbidReuse();
    return CURLE_BAD_CONTENT_ENCODING;
  }

  onInterim(status: number): number {
    if (status === 100) this.t.req.got100 = true;
    return CURLE_OK;
  }

  /** The head ended: its verdict is taken (verdict.ts) and acted on; the state moves in the read loop. */
  onHeadersDone(): number {
    const t = this.t;
    const proto = t.proto!;
    const f = proto.facts;
    t.info.contentType = f.contentType;
    t.info.contentLengthDownload = f.contentLength;
    if (t.req.body !== null) {
      // A final answer before the body went: it is not sent, and the connection cannot be reused.
      forgoBody(this.m, t);
      proto.forbidReuse();
    }
    const v = headVerdict(f, t.opts, t.req.expect100, authVerdict(t, f.status));
    t.resp.verdict = v;
    if (v === HEAD_REPEAT) t.noExpect = true;
    // http_firstwrite: this body is not the answer. On a connection that closes anyway the response
    // ends here; otherwise libcurl reads past the body without delivering it.
    if (skipsBody(v)) return f.closing ? PARSE_DONE : CURLE_OK;
    if (v === HEAD_FAIL_STATUS) {
      t.info.errorDetail = `The requested URL returned error: ${f.status}`;
      proto.forbidReuse();
      return CURLE_HTTP_RETURNED_ERROR;
    }
    if (v === HEAD_FAIL_SIZE) {
      t.info.errorDetail = "Maximum file size exceeded";
      proto.forbidReuse();
      return CURLE_FILESIZE_EXCEEDED;
    }
    if (v === HEAD_DECODE) {
      const d = ContentDecoder.create(f.contentEncoding);
      if (!(d instanceof ContentDecoder)) {
        t.info.errorDetail = d.detail;
        proto.forbidReuse();
        return d.error;
      }
      t.resp.decoder = d;
    }
    t.speed.recv?.start(this.m.now(), f.contentLength);
    return CURLE_OK;
  }

  onBody(buf: Uint8Array, start: number, end: number): number {
    const t = this.t;
    if (skipsBody(t.resp.verdict)) return CURLE_OK;
    if (t.paused & CURLPAUSE_RECV) return PARSE_PAUSE;
    // cw_download_write: CURLOPT_MAXFILESIZE counts the bytes of the body as they came (de-chunked,
    // before content decoding); the bytes up to the limit are delivered, then 63.
    const info = t.info;
    const max = t.opts.maxFileSize;
    let stop = end;
    if (max > 0 && info.sizeDownload + (end - start) > max)
      stop = start + Math.max(max - info.sizeDownload, 0);
    const d = t.resp.decoder;
    let rc: number = CURLE_OK;
    if (stop > start) {
      if (d !== null) {
        // CURLINFO_SIZE_DOWNLOAD counts what came over the wire, as libcurl.
        info.sizeDownload += stop - start;
        rc = d.push(buf, start, stop, this.sink);
        if (rc !== CURLE_OK && d.detail !== "" && info.errorDetail === "")
          info.errorDetail = d.detail;
      } else {
        rc = this.write(buf, start, stop);
        if (rc === CURLE_OK) info.sizeDownload += stop - start;
      }
    }
    if (rc !== CURLE_OK || stop === end) return rc;
    info.errorDetail = `Exceeded the maximum allowed file size (${max}) with ${info.sizeDownload} bytes`;
    return CURLE_FILESIZE_EXCEEDED;
  }

  onComplete(): void {}
}

/** The transfer's receiver, made on its first response. */
export function receiverOf(m: Ports, t: Transfer): Receiver {
  if (t.events === null) t.events = new Receiver(m, t);
  // Only this file makes a transfer's events: they are a Receiver.
  return t.events as Receiver;
}

/** The head ended during the last read: the transfer moves to BODY (the parser never moves it). */
function headEnded(m: Ports, t: Transfer): void {
  if (t.state === ST_HEADERS && t.resp.verdict !== HEAD_NONE) setState(m, t, ST_BODY);
}

/** Reads what is queued on the socket into the protocol; false when it has to wait for more. */
export function stateReceiving(m: Ports, t: Transfer): boolean {
  const proto = t.proto!;
  // The socket itself, or the HTTP/2 stream's own queue.
  const io = proto.io ?? m.transport;
  const s = t.conn!.s;
  const facts = proto.facts;
  const rl = t.speed.recv;
  if (expect100Check(m, t, m.now())) return true;
  if (t.resp.held !== null) {
    // Held bytes go out only once the pause ended: a paused transfer gets no write call.
    if (t.paused & CURLPAUSE_RECV) return false;
    if (!flushHeld(m, t)) return t.state === ST_DONE;
    // The response was complete while decoded bytes waited for the pause to end.
    if (facts.complete) return responseDone(m, t, proto);
  }
  if (t.speed.throttled & THROTTLE_RECV) {
    rateCheck(m, t, m.now());
    if (t.speed.throttled & THROTTLE_RECV) return false;
  }
  for (;;) {
    if (t.paused & CURLPAUSE_RECV) return false;
    const chunk = io.recvChunk(s);
    if (chunk === undefined) {
      const st = io.state(s);
      if (st === SOCK_EOF) return receiveEof(m, t, proto);
      if (st === SOCK_ERROR) {
        if (retryable(t)) return retry(m, t, "Connection died");
        const why = io.errorDetail(s);
        fail(
          m,
          t,
          io.error(s),
          proto.io !== null ? why : `Recv failure: ${why || "Connection reset by peer"}`,
        );
        return true;
      }
      if (rl !== null) rateCheck(m, t, m.now());
      return false;
    }
    const off = io.recvOffset(s);
    if (t.state === ST_WAITING) {
      t.info.tStarttransfer += since(t, m.now());
      setState(m, t, ST_HEADERS);
    }
    let end = chunk.length;
    if (rl !== null && t.state === ST_BODY) {
      const avail = rl.avail(m.now());
      if (avail <= 0) {
        rateCheck(m, t, m.now());
        if (t.speed.throttled & THROTTLE_RECV) return false;
      } else end = Math.min(end, off + avail);
    }
    const before = facts.bodyBytes;
    const n = proto.receive(chunk, off, end);
    if (n > 0) io.consume(s, n);
    if (rl !== null) rl.drain(facts.bodyBytes - before, m.now());
    if (facts.result !== CURLE_OK) {
      fail(m, t, facts.result, facts.detail !== "" ? facts.detail : t.info.errorDetail);
      return true;
    }
    headEnded(m, t);
    if (facts.complete) {
      // Bytes after the end of the response: libcurl discards them and will not reuse the connection
      // (cw_download_write), unless the body was being ignored (a redirect to follow, a 417 repeat):
      // then the rest of that read is dropped and the connection stays.
      const rest = chunk.length - off - n;
      let excess = rest > 0;
      if (excess && skipsBody(t.resp.verdict)) {
        io.consume(s, rest);
        excess = false;
      }
      excess ||= io.recvChunk(s) !== undefined;
      if (excess) {
        if (t.opts.verbose) m.guard.debug(t, "Excess found in a read: closing connection");
        proto.forbidReuse();
      }
      // Decoded bytes held by a pause go out first: finish when the pause ends.
      if (t.resp.held !== null) return false;
      return responseDone(m, t, proto);
    }
    if (t.state === ST_DONE) return true;
    if (expect100Check(m, t, m.now())) return true;
  }
}

function receiveEof(m: Ports, t: Transfer, proto: Protocol): boolean {
  // Judged before the protocol counts what the close left unfinished (a partial header line).
  const again = retryable(t);
  const code = proto.end();
  if (again) return retry(m, t, "Connection died");
  if (code !== CURLE_OK) {
    fail(m, t, code, proto.facts.detail);
    return true;
  }
  headEnded(m, t);
  return responseDone(m, t, proto);
}

/** Delivers decoded bytes held during a pause; false while paused again or failed. */
function flushHeld(m: Ports, t: Transfer): boolean {
  const held = t.resp.held!;
  const r = receiverOf(m, t);
  t.resp.held = null;
  // A new pause makes the sink hold the rest again, in order.
  for (let i = 0; i < held.length; i++) {
    const rc = r.sink(held[i]!);
    if (rc !== CURLE_OK) {
      fail(m, t, rc, t.info.errorDetail);
      return false;
    }
  }
  return t.resp.held === null;
}

/** A whole response arrived: follow its redirect, ask again without Expect, or finish. */
function responseDone(m: Ports, t: Transfer, proto: Protocol): boolean {
  const resp = t.resp;
  const d = resp.decoder;
  if (d !== null) {
    resp.decoder = null;
    const rc = d.finish(receiverOf(m, t).sink);
    d.close();
    if (rc !== CURLE_OK) {
      fail(m, t, rc, t.info.errorDetail !== "" ? t.info.errorDetail : d.detail);
      return true;
    }
    if (resp.held !== null) return false; // the last decoded bytes wait for the pause to end
  }
  const f = proto.facts;
  // A head cut short after its Location still follows (libcurl set req.newurl at that line).
  if (resp.verdict === HEAD_FOLLOW || f.newUrl) {
    if (!progressDone(m, t)) return true;
    const location = f.location;
    const status = f.status;
    m.pool.release(t);
    return follow(m, t, location, status);
  }
  if (resp.verdict === HEAD_REPEAT) {
    if (!progressDone(m, t)) return true;
    const status = f.status;
    m.pool.release(t);
    if (t.opts.verbose) m.guard.debug(t, "Got 417 while waiting for a 100");
    // The same URL again, counted as a redirect (libcurl follows req.newurl with FOLLOW_REDIR).
    return follow(m, t, t.info.effectiveUrl ?? t.opts.url ?? "", status);
  }
  if (resp.verdict === HEAD_AUTH) {
    if (!progressDone(m, t)) return true;
    const status = f.status;
    m.pool.release(t);
    // Curl_http_auth_act set req.newurl to the same URL: libcurl follows it as a redirect (counted).
    return follow(m, t, t.info.effectiveUrl ?? t.opts.url ?? "", status);
  }
  // Not followed: where it would have gone (CURLINFO_REDIRECT_URL, libcurl's FOLLOW_FAKE at done).
  if (f.location !== "") t.info.redirectUrl = locationTarget(t, f.location);
  setState(m, t, ST_DONE);
  return true;
}
