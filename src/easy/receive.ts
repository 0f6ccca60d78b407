// WAITING / HEADERS / BODY: what is queued on the socket goes through the response parser to the header
// and write callbacks, under the receive rate limit; EOF and socket errors end the response as libcurl.

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
import { PARSE_DONE, PARSE_PAUSE, type ResponseHandler, ResponseParser } from "../http/index.ts";
import { SOCK_EOF, SOCK_ERROR } from "../transport/types.ts";
import { CALLBACK_FAILED } from "./callback-result.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, retry, retryable, setState, since } from "./mstate.ts";
import { follow, locationTarget } from "./redirect.ts";
import { expect100Check } from "./send.ts";
import { ST_BODY, ST_DONE, ST_HEADERS, ST_WAITING } from "./states.ts";
import { progressDone, rateCheck, THROTTLE_RECV } from "./timeouts.ts";

/** The parser glue: response events to the header and write callbacks. One per easy handle. */
class Receiver implements ResponseHandler {
  /** Where a content decoder delivers decoded bytes: made on first use, then kept (none per chunk). */
  private sinkFn: ((decoded: Uint8Array) => number) | null = null;

  constructor(
    private readonly m: Engine,
    private readonly e: Easy,
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
    const e = this.e;
    if (e.held !== null) {
      e.held.push(d);
      return CURLE_OK;
    }
    if (e.paused & CURLPAUSE_RECV) {
      // Paused by easy.pause() from inside an earlier write of this same push: nothing more is written.
      e.held = [d];
      return CURLE_OK;
    }
    const rc = this.write(d, 0, d.length);
    if (rc === PARSE_PAUSE) {
      // Not taken: libcurl keeps it and delivers it again after curl_easy_pause(CONT).
      e.held = [d];
      return CURLE_OK;
    }
    return rc;
  }

  /** Hands buf[start..end) to the write callback: CURLE_OK, PARSE_PAUSE or CURLE_WRITE_ERROR. */
  write(buf: Uint8Array, start: number, end: number): number {
    const e = this.e;
    const fn = e.opts.writeFunction;
    if (fn === null) return CURLE_OK;
    const len = end - start;
    const rc = this.m.callWrite(fn, buf, start, end, e, e.opts.writeData, "write");
    if (rc === CALLBACK_FAILED) {
      e.errorDetail = `Failure writing output to destination: ${e.errorDetail}`;
      return CURLE_WRITE_ERROR;
    }
    if (rc === CURL_WRITEFUNC_PAUSE) {
      e.paused |= CURLPAUSE_RECV;
      return PARSE_PAUSE;
    }
    if (rc !== len) {
      e.errorDetail = `Failure writing output to destination, passed ${len} returned ${rc}`;
      return CURLE_WRITE_ERROR;
    }
    return CURLE_OK;
  }

  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    const e = this.e;
    const len = end - start;
    e.headerSize += len;
    const fn = e.opts.headerFunction;
    if (fn === null) return CURLE_OK;
    const rc = this.m.callWrite(fn, buf, start, end, e, e.opts.headerData, "header");
    if (rc === CALLBACK_FAILED) {
      e.errorDetail = `Failed writing header: ${e.errorDetail}`;
      return CURLE_WRITE_ERROR;
    }
    if (rc !== len) {
      e.errorDetail = "Failed writing header";
      return CURLE_WRITE_ERROR;
    }
    return CURLE_OK;
  }

  onStatus(status: number, version: number): void {
    const e = this.e;
    e.responseCode = status;
    e.httpVersionSeen = version === 10 ? 1 : 2; // CURL_HTTP_VERSION_1_0 / _1_1
  }

  onContentEncoding(all: string): number {
    const o = this.e.opts;
    if (o.acceptEncoding === null || o.httpContentDecoding === 0) return CURLE_OK;
    const err = checkContentCodings(all);
    if (err === "") return CURLE_OK;
    this.e.errorDetail = err;
    this.e.noReuse = true;
    return CURLE_BAD_CONTENT_ENCODING;
  }

  onInterim(status: number): number {
    if (status === 100) this.e.got100 = true;
    return CURLE_OK;
  }

  onHeadersDone(): number {
    const e = this.e;
    const m = this.m;
    const p = e.parser!;
    e.contentType = p.contentType;
    if (e.body !== null) {
      // A final answer before the body went: it is not sent, and the connection cannot be reused.
      e.body = null;
      e.expect100At = Number.POSITIVE_INFINITY;
      e.conn!.reusable = false;
      e.noReuse = true;
    }
    const o = e.opts;
    const status = p.status;
    e.following = p.newUrl;
    if (status === 417 && e.expect100 && !p.closing) {
      // "Expectation Failed" (http_handle_send_error): libcurl asks again without Expect:
      // 100-continue, through its redirect machinery (the same URL as req.newurl).
      e.noExpect = true;
      e.retryRequest = true;
    }
    if (e.following || e.retryRequest) {
      // http_firstwrite: this body is not the answer. On a connection that closes anyway the
      // response ends here; otherwise libcurl reads past the body without delivering it.
      setState(m, e, ST_BODY);
      return p.closing ? PARSE_DONE : CURLE_OK;
    }
    if (o.failOnError !== 0 && status >= 400) {
      e.errorDetail = `The requested URL returned error: ${status}`;
      e.conn!.reusable = false;
      e.noReuse = true;
      return CURLE_HTTP_RETURNED_ERROR;
    }
    if (o.maxFileSize > 0 && p.contentLength > o.maxFileSize) {
      e.errorDetail = "Maximum file size exceeded";
      e.noReuse = true;
      return CURLE_FILESIZE_EXCEEDED;
    }
    e.decoder = null;
    if (
      o.acceptEncoding !== null &&
      o.httpContentDecoding !== 0 &&
      p.contentEncoding !== "" &&
      !o.noBody
    ) {
      const d = ContentDecoder.create(p.contentEncoding);
      if (!(d instanceof ContentDecoder)) {
        e.errorDetail = d.detail;
        e.noReuse = true;
        return d.error;
      }
      e.decoder = d;
    }
    e.rlRecv?.start(m.now(), p.contentLength);
    setState(m, e, ST_BODY);
    return CURLE_OK;
  }

  onBody(buf: Uint8Array, start: number, end: number): number {
    const e = this.e;
    if (e.following || e.retryRequest) return CURLE_OK;
    if (e.paused & CURLPAUSE_RECV) return PARSE_PAUSE;
    // cw_download_write: CURLOPT_MAXFILESIZE counts the bytes of the body as they came (de-chunked,
    // before content decoding); the bytes up to the limit are delivered, then 63.
    const max = e.opts.maxFileSize;
    let stop = end;
    if (max > 0 && e.sizeDownload + (end - start) > max)
      stop = start + Math.max(max - e.sizeDownload, 0);
    const d = e.decoder;
    let rc: number = CURLE_OK;
    if (stop > start) {
      if (d !== null) {
        // CURLINFO_SIZE_DOWNLOAD counts what came over the wire, as libcurl.
        e.sizeDownload += stop - start;
        rc = d.push(buf, start, stop, this.sink);
        if (rc !== CURLE_OK && d.detail !== "" && e.errorDetail === "") e.errorDetail = d.detail;
      } else {
        rc = this.write(buf, start, stop);
        if (rc === CURLE_OK) e.sizeDownload += stop - start;
      }
    }
    if (rc !== CURLE_OK || stop === end) return rc;
    e.errorDetail = `Exceeded the maximum allowed file size (${max}) with ${e.sizeDownload} bytes`;
    return CURLE_FILESIZE_EXCEEDED;
  }

  onComplete(): void {}
}

const receivers = new WeakMap<ResponseParser, Receiver>();

/** The handle's parser, made on first use and kept for every later transfer of the handle. */
export function parserOf(m: Engine, e: Easy): ResponseParser {
  if (e.parser === null) {
    const r = new Receiver(m, e);
    e.parser = new ResponseParser(r);
    receivers.set(e.parser, r);
  }
  return e.parser;
}

function receiverOf(m: Engine, e: Easy): Receiver {
  return receivers.get(parserOf(m, e))!;
}

/** Reads what is queued on the socket into the parser; false when it has to wait for more. */
export function stateReceiving(m: Engine, e: Easy): boolean {
  const t = m.transport;
  const s = e.conn!.s;
  const p = e.parser!;
  const rl = e.rlRecv;
  if (expect100Check(m, e, m.now())) return true;
  if (e.held !== null) {
    // Held bytes go out only once the pause ended: a paused transfer gets no write call.
    if (e.paused & CURLPAUSE_RECV) return false;
    if (!flushHeld(m, e)) return e.state === ST_DONE;
    // The response was complete while decoded bytes waited for the pause to end.
    if (p.complete) return responseDone(m, e);
  }
  if (e.throttled & THROTTLE_RECV) {
    rateCheck(m, e, m.now());
    if (e.throttled & THROTTLE_RECV) return false;
  }
  for (;;) {
    if (e.paused & CURLPAUSE_RECV) return false;
    const chunk = t.recvChunk(s);
    if (chunk === undefined) {
      const st = t.state(s);
      if (st === SOCK_EOF) return receiveEof(m, e);
      if (st === SOCK_ERROR) {
        if (retryable(e)) return retry(m, e, "Connection died");
        fail(m, e, t.error(s), `Recv failure: ${t.errorDetail(s) || "Connection reset by peer"}`);
        return true;
      }
      if (rl !== null) rateCheck(m, e, m.now());
      return false;
    }
    const off = t.recvOffset(s);
    if (e.state === ST_WAITING) {
      e.tStarttransfer += since(e, m.now());
      setState(m, e, ST_HEADERS);
    }
    let end = chunk.length;
    if (rl !== null && e.state === ST_BODY) {
      const avail = rl.avail(m.now());
      if (avail <= 0) {
        rateCheck(m, e, m.now());
        if (e.throttled & THROTTLE_RECV) return false;
      } else end = Math.min(end, off + avail);
    }
    const before = p.bodyBytes;
    const n = p.execute(chunk, off, end);
    if (n > 0) t.consume(s, n);
    if (rl !== null) rl.drain(p.bodyBytes - before, m.now());
    if (p.result !== CURLE_OK) {
      fail(m, e, p.result, p.detail !== "" ? p.detail : e.errorDetail);
      return true;
    }
    if (p.complete) {
      // Bytes after the end of the response: libcurl discards them and will not reuse the connection
      // (cw_download_write), unless the body was being ignored (a redirect to follow, a 417 repeat):
      // then the rest of that read is dropped and the connection stays.
      const rest = chunk.length - off - n;
      let excess = rest > 0;
      if (excess && (e.following || e.retryRequest)) {
        t.consume(s, rest);
        excess = false;
      }
      excess ||= t.recvChunk(s) !== undefined;
      if (excess && e.opts.verbose) m.debug(e, "Excess found in a read: closing connection");
      e.conn!.reusable = p.keepAlive && !excess && !e.noReuse && e.opts.forbidReuse === 0;
      // Decoded bytes held by a pause go out first: finish when the pause ends.
      if (e.held !== null) return false;
      return responseDone(m, e);
    }
    if (e.state === ST_DONE) return true;
    if (expect100Check(m, e, m.now())) return true;
  }
}

function receiveEof(m: Engine, e: Easy): boolean {
  const p = e.parser!;
  const code = p.eof();
  if (e.reused && p.eofRetryable) return retry(m, e, "Connection died");
  if (code !== CURLE_OK) {
    fail(m, e, code, p.detail);
    return true;
  }
  e.conn!.reusable = false;
  return responseDone(m, e);
}

/** Delivers decoded bytes held during a pause; false while paused again or failed. */
function flushHeld(m: Engine, e: Easy): boolean {
  const held = e.held!;
  const r = receiverOf(m, e);
  e.held = null;
  // A new pause makes the sink hold the rest again, in order.
  for (let i = 0; i < held.length; i++) {
    const rc = r.sink(held[i]!);
    if (rc !== CURLE_OK) {
      fail(m, e, rc, e.errorDetail);
      return false;
    }
  }
  return !holding(e);
}

function holding(e: Easy): boolean {
  return e.held !== null;
}

/** A whole response arrived: follow its redirect, ask again without Expect, or finish. */
function responseDone(m: Engine, e: Easy): boolean {
  const d = e.decoder;
  if (d !== null) {
    e.decoder = null;
    const rc = d.finish(receiverOf(m, e).sink);
    d.close();
    if (rc !== CURLE_OK) {
      fail(m, e, rc, e.errorDetail !== "" ? e.errorDetail : d.detail);
      return true;
    }
    if (e.held !== null) return false; // the last decoded bytes wait for the pause to end
  }
  const p = e.parser!;
  // A head cut short after its Location still follows (libcurl set req.newurl at that line).
  if (e.following || p.newUrl) {
    e.following = false;
    if (!progressDone(m, e)) return true;
    m.releaseConnection(e);
    return follow(m, e, p.location, p.status);
  }
  if (e.retryRequest) {
    e.retryRequest = false;
    if (!progressDone(m, e)) return true;
    m.releaseConnection(e);
    if (e.opts.verbose) m.debug(e, "Got 417 while waiting for a 100");
    // The same URL again, counted as a redirect (libcurl follows req.newurl with FOLLOW_REDIR).
    return follow(m, e, e.effectiveUrl ?? e.opts.url ?? "", p.status);
  }
  // Not followed: where it would have gone (CURLINFO_REDIRECT_URL, libcurl's FOLLOW_FAKE at done).
  if (p.location !== "") e.redirectUrl = locationTarget(e, p.location);
  setState(m, e, ST_DONE);
  return true;
}
