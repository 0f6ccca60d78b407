// WAITING / HEADERS / BODY: what is queued on the socket goes through the response parser to the header
// and write callbacks, under the receive rate limit; EOF and socket errors end the response as libcurl.

import {
  CURL_WRITEFUNC_PAUSE,
  CURLE_OK,
  CURLE_WRITE_ERROR,
  CURLPAUSE_RECV,
} from "../constants/index.ts";
import { PARSE_PAUSE, type ResponseHandler, ResponseParser } from "../http/index.ts";
import { SOCK_EOF, SOCK_ERROR } from "../transport/types.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, retry, retryable, setState } from "./mstate.ts";
import { expect100Check } from "./send.ts";
import { ST_BODY, ST_DONE, ST_HEADERS, ST_WAITING } from "./states.ts";
import { rateCheck, THROTTLE_RECV } from "./timeouts.ts";

/** The parser glue: response events to the header and write callbacks. One per easy handle. */
class Receiver implements ResponseHandler {
  constructor(
    private readonly m: Engine,
    private readonly e: Easy,
  ) {}

  onHeaderLine(buf: Uint8Array, start: number, end: number): number {
    const e = this.e;
    const len = end - start;
    e.headerSize += len;
    const fn = e.opts.headerFunction;
    if (fn === null) return CURLE_OK;
    const rc = this.m.callWrite(fn, buf, start, end, e, e.opts.headerData);
    if (rc !== len) {
      e.errorDetail = "Failed writing header";
      return CURLE_WRITE_ERROR;
    }
    return CURLE_OK;
  }

  onInterim(status: number): number {
    if (status === 100) this.e.got100 = true;
    return CURLE_OK;
  }

  onHeadersDone(): number {
    const e = this.e;
    const m = this.m;
    const p = e.parser!;
    e.responseCode = p.status;
    e.httpVersionSeen = p.version === 10 ? 1 : 2; // CURL_HTTP_VERSION_1_0 / _1_1
    e.contentType = p.contentType;
    if (e.body !== null) {
      // A final answer before the body went: it is not sent, and the connection cannot be reused.
      e.body = null;
      e.expect100At = Number.POSITIVE_INFINITY;
      e.conn!.reusable = false;
      e.noReuse = true;
    }
    e.rlRecv?.start(m.now(), p.contentLength);
    setState(m, e, ST_BODY);
    return CURLE_OK;
  }

  onBody(buf: Uint8Array, start: number, end: number): number {
    const e = this.e;
    if (e.paused & CURLPAUSE_RECV) return PARSE_PAUSE;
    const len = end - start;
    const fn = e.opts.writeFunction;
    if (fn !== null) {
      const rc = this.m.callWrite(fn, buf, start, end, e, e.opts.writeData);
      if (rc === CURL_WRITEFUNC_PAUSE) {
        e.paused |= CURLPAUSE_RECV;
        return PARSE_PAUSE;
      }
      if (rc !== len) {
        e.errorDetail = `Failure writing output to destination, passed ${len} returned ${rc}`;
        return CURLE_WRITE_ERROR;
      }
    }
    e.sizeDownload += len;
    return CURLE_OK;
  }

  onComplete(): void {}
}

/** The handle's parser, made on first use and kept for every later transfer of the handle. */
export function parserOf(m: Engine, e: Easy): ResponseParser {
  if (e.parser === null) e.parser = new ResponseParser(new Receiver(m, e));
  return e.parser;
}

/** Reads what is queued on the socket into the parser; false when it has to wait for more. */
export function stateReceiving(m: Engine, e: Easy): boolean {
  const t = m.transport;
  const s = e.conn!.s;
  const p = e.parser!;
  const rl = e.rlRecv;
  if (expect100Check(m, e, m.now())) return true;
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
      e.tStarttransfer = m.now();
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
      // Bytes after the end of the response: libcurl discards them and will not reuse the connection.
      const excess = n < end - off || t.recvChunk(s) !== undefined;
      if (excess && e.opts.verbose) m.debug(e, "Excess found in a read: closing connection");
      e.conn!.reusable = p.keepAlive && !excess && !e.noReuse && e.opts.forbidReuse === 0;
      setState(m, e, ST_DONE);
      return true;
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
  setState(m, e, ST_DONE);
  return true;
}
