// The transfer state machine: one function per state and setState() for every change (libcurl's
// multi_runsingle and mstate). The multi handle calls runTransfer() when the transfer's socket is ready or
// one of its timers expired; each state checks its own conditions and either moves on or waits.

import {
  CURL_POLL_IN,
  CURL_POLL_OUT,
  CURL_WRITEFUNC_PAUSE,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_OK,
  CURLE_SEND_ERROR,
  CURLE_WRITE_ERROR,
  CURLPAUSE_RECV,
} from "../constants/index.ts";
import { PARSE_PAUSE, type ResponseHandler, ResponseParser } from "../http/index.ts";
import { SOCK_EOF, SOCK_ERROR } from "../transport/types.ts";
import {
  connectPollset,
  connectStep,
  connectTarget,
  loadResolveEntries,
  resolveStep,
} from "./connect.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { fail, setState } from "./mstate.ts";
import { buildRequest } from "./request.ts";
import {
  ST_BODY,
  ST_COMPLETED,
  ST_CONNECTING,
  ST_DONE,
  ST_HEADERS,
  ST_INIT,
  ST_PENDING,
  ST_RESOLVING,
  ST_SENDING,
  ST_WAITING,
} from "./states.ts";
import { parseUrl } from "./url.ts";

export { fail, setState };

/** libcurl's CONN_MAX_RETRIES: fresh connects tried after a reused connection died before any byte. */
export const CONN_MAX_RETRIES = 5;

/**
 * The transfer's pollset (libcurl's multi_getsock): up to two sockets and what it wants on each
 * (CURL_POLL_* bits), written into outS/outW; returns how many.
 */
export function pollset(e: Easy, outS: Int32Array, outW: Int32Array): number {
  switch (e.state) {
    case ST_RESOLVING:
    case ST_CONNECTING:
      return connectPollset(e, outS, outW, CURL_POLL_OUT);
    case ST_SENDING:
      outS[0] = e.conn!.s;
      outW[0] = CURL_POLL_OUT;
      return 1;
    case ST_WAITING:
    case ST_HEADERS:
    case ST_BODY:
      if (e.paused & CURLPAUSE_RECV) return 0;
      outS[0] = e.conn!.s;
      outW[0] = CURL_POLL_IN;
      return 1;
    default:
      return 0;
  }
}

/** Runs the transfer until it has to wait for its socket or a timer, or is completed. */
export function runTransfer(m: Engine, e: Easy): void {
  if (m.dead && e.state < ST_DONE) {
    // A socket or timer callback failed: every transfer of the multi ends (libcurl: multi->dead).
    fail(m, e, CURLE_ABORTED_BY_CALLBACK, "Operation was aborted by an application callback");
  }
  for (;;) {
    switch (e.state) {
      case ST_INIT:
        stateInit(m, e);
        break;
      case ST_PENDING:
        if (!statePending(m, e)) return;
        break;
      case ST_RESOLVING:
        if (!resolveStep(m, e)) return;
        break;
      case ST_CONNECTING:
        if (!stateConnecting(m, e)) return;
        break;
      case ST_SENDING:
        if (!stateSending(m, e)) return;
        break;
      case ST_WAITING:
      case ST_HEADERS:
      case ST_BODY:
        if (!stateReceiving(m, e)) return;
        break;
      case ST_DONE:
        stateDone(m, e);
        return;
      default:
        return;
    }
  }
}

function stateInit(m: Engine, e: Easy): void {
  const now = m.now();
  if (e.tStart === 0) e.tStart = now;
  const u = parseUrl(e.opts.url);
  e.effectiveUrl = u.href;
  if (u.code !== CURLE_OK) {
    fail(m, e, u.code, u.detail);
    return;
  }
  e.scheme = u.scheme;
  e.host = u.host;
  e.port = u.port;
  e.target = u.target;
  e.hostHeader = u.hostHeader;
  if (!loadResolveEntries(m, e)) return;
  connectTarget(e);
  if (!e.opts.freshConnect) {
    const c = m.reuseConnection(e);
    if (c) {
      e.conn = c;
      e.reused = true;
      c.uses++;
      // libcurl reports no name lookup or connect time for a reused connection: they stay 0.
      m.noteAddresses(e);
      if (e.opts.verbose) m.debug(e, `Re-using existing connection with host ${e.host}`);
      setState(m, e, ST_SENDING);
      return;
    }
  }
  e.reused = false;
  if (!m.mayConnect(e)) {
    if (e.opts.verbose) m.debug(e, "No connections available.");
    setState(m, e, ST_PENDING);
    m.addPending(e);
    return;
  }
  m.newConnection(e);
  setState(m, e, ST_RESOLVING);
}

/** Waiting for a connection slot; woken by the multi-pending timer when one frees. */
function statePending(m: Engine, e: Easy): boolean {
  if (!m.mayConnect(e)) return false;
  m.removePending(e);
  m.newConnection(e);
  setState(m, e, ST_RESOLVING);
  return true;
}

function stateConnecting(m: Engine, e: Easy): boolean {
  if (!connectStep(m, e)) return false;
  if (e.state !== ST_CONNECTING) return true; // failed
  const now = m.now();
  e.tConnect = now;
  if (e.scheme === "https") e.tAppconnect = now;
  m.noteAddresses(e);
  if (e.opts.verbose) m.debug(e, `Connected to ${e.host} (${e.primaryIp}) port ${e.primaryPort}`);
  setState(m, e, ST_SENDING);
  return true;
}

function stateSending(m: Engine, e: Easy): boolean {
  const t = m.transport;
  const s = e.conn!.s;
  if (e.sendBuf === null) {
    const r = buildRequest(m, e);
    if (r !== CURLE_OK) return true; // failed: state is DONE
    e.tPretransfer = m.now();
  }
  const buf = e.sendBuf!;
  while (e.sendPos < buf.length) {
    const n = t.send(s, buf, e.sendPos, buf.length);
    if (n < 0) {
      if (retryable(e)) return retry(m, e, "Connection died");
      fail(m, e, CURLE_SEND_ERROR, `Send failure: ${t.errorDetail(s) || "Broken pipe"}`);
      return true;
    }
    if (n === 0) {
      if (e.sendShared) {
        // The shared writer buffer is reused by the next transfer: keep our own copy of the rest.
        e.sendBuf = buf.slice(e.sendPos);
        e.sendPos = 0;
        e.sendShared = false;
      }
      return false;
    }
    e.sendPos += n;
  }
  e.sizeUpload += e.requestBodyLength;
  e.sendBuf = null;
  e.sendPos = 0;
  const p = parserOf(m, e);
  p.reset(e.opts.noBody !== 0, e.reused);
  setState(m, e, ST_WAITING);
  return true;
}

/** Reads what is queued on the socket into the parser; false when it has to wait for more. */
function stateReceiving(m: Engine, e: Easy): boolean {
  const t = m.transport;
  const s = e.conn!.s;
  const p = e.parser!;
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
      return false;
    }
    const off = t.recvOffset(s);
    if (e.state === ST_WAITING) {
      e.tStarttransfer = m.now();
      setState(m, e, ST_HEADERS);
    }
    const n = p.execute(chunk, off, chunk.length);
    if (n > 0) t.consume(s, n);
    if (p.result !== CURLE_OK) {
      fail(m, e, p.result, p.detail !== "" ? p.detail : e.errorDetail);
      return true;
    }
    if (p.complete) {
      // Bytes after the end of the response: libcurl discards them and will not reuse the connection.
      const excess = n < chunk.length - off || t.recvChunk(s) !== undefined;
      if (excess && e.opts.verbose) m.debug(e, "Excess found in a read: closing connection");
      e.conn!.reusable = p.keepAlive && !excess && e.opts.forbidReuse === 0;
      setState(m, e, ST_DONE);
      return true;
    }
    if (e.state === ST_DONE) return true;
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

/**
 * A reused connection that died before a whole header line or body byte arrived is retried on a fresh
 * one (libcurl's Curl_retry_request).
 */
function retryable(e: Easy): boolean {
  const p = e.parser;
  return e.reused && (p === null || p.headerBytes + p.bodyBytes === 0);
}

function retry(m: Engine, e: Easy, why: string): boolean {
  e.retries++;
  m.closeConnection(e);
  if (e.retries > CONN_MAX_RETRIES) {
    fail(m, e, CURLE_SEND_ERROR, `${why}, tried ${CONN_MAX_RETRIES} times before giving up`);
    return true;
  }
  if (e.opts.verbose) m.debug(e, `${why}, retrying a fresh connect (retry count: ${e.retries})`);
  e.sendBuf = null;
  e.sendPos = 0;
  e.sizeUpload = 0;
  setState(m, e, ST_INIT);
  return true;
}

function stateDone(m: Engine, e: Easy): void {
  const now = m.now();
  e.tTotal = now;
  if (e.tPretransfer === 0) {
    // Failed before the request went out: libcurl stamps these at the failure time.
    e.tPretransfer = now;
    e.tStarttransfer = now;
  }
  m.transferDone(e);
  setState(m, e, ST_COMPLETED);
  m.postMessage(e);
}

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

  onInterim(_status: number): number {
    return CURLE_OK;
  }

  onHeadersDone(): number {
    const e = this.e;
    const p = e.parser!;
    e.responseCode = p.status;
    e.httpVersionSeen = p.version === 10 ? 1 : 2; // CURL_HTTP_VERSION_1_0 / _1_1
    e.contentType = p.contentType;
    setState(this.m, e, ST_BODY);
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

/** The handle's parser, made on first use. */
export function parserOf(m: Engine, e: Easy): ResponseParser {
  if (e.parser === null) e.parser = new ResponseParser(new Receiver(m, e));
  return e.parser;
}
