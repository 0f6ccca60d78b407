// The small records a live transfer is made of. Each groups the state of one concern; most have a reset()
// that puts it back to "nothing yet", so a new request (a retry, a redirect, a 417 repeat) starts from
// clean records in one place: Transfer.beginRequest().

import { CURLE_COULDNT_CONNECT } from "../constants/index.ts";
import type { DnsQuery } from "../dns/resolver.ts";
import type { ContentDecoder } from "../http/decode.ts";
import type { RateLimit } from "./ratelimit.ts";

/** Name resolution and the connect attempts of one new connection (happy eyeballs); dropped by
 *  closeAttempts once they are over. */
export class ConnectAttempt {
  /** The name lookup in progress, if any. */
  dnsQuery: DnsQuery | null = null;
  /** The addresses to try, in order. */
  addrs: readonly string[] = [];
  /** Next index into addrs per family (0: the first address's family, 1: the other), -1 = none left. */
  next0 = -1;
  next1 = -1;
  /** Connect attempt in flight per family (socket number, -1 = none). */
  att0 = -1;
  att1 = -1;
  /** When the second family starts (happy eyeballs); Infinity once started or not needed. */
  heAt = Number.POSITIVE_INFINITY;
  /** The last connect failure, for the error text and result. */
  error = "";
  code = CURLE_COULDNT_CONNECT;
}

/** The request going out: its head, its body (given up front or from the read callback). */
export class OutgoingRequest {
  /** The request bytes still to send (own copy, or the protocol's shared buffer: see `shared`). */
  head: Uint8Array | null = null;
  headPos = 0;
  /** `head` is the protocol's shared writer buffer: copy before waiting. */
  shared = false;
  /** The request body still to send (a view, not a copy) and how far it got. */
  body: Uint8Array | null = null;
  bodyPos = 0;
  /** The request carries a body (of any framing), and its size (0 when unknown). */
  hasBody = false;
  bodyLength = 0;
  /** The request carries Expect: 100-continue. */
  expect100 = false;
  /** The body waits for "100 Continue" until this time (Infinity = not waiting). */
  expect100At = Number.POSITIVE_INFINITY;
  /** "100 Continue" arrived for this request. */
  got100 = false;
  /** The body comes from the read callback (framed by the connection's protocol). */
  streaming = false;
  /** Bytes the read callback still owes (-1 = unknown). */
  streamLeft = -1;
  /** Bytes read from the callback so far. */
  streamRead = 0;
  /** The read callback said "end" (and the last chunk went out, if chunked). */
  streamEnded = false;
  /** What the socket did not take of the last piece (own copy). */
  pending: Uint8Array | null = null;
  /** The request was built and PRETRANSFER stamped. */
  built = false;

  reset(): void {
    this.head = null;
    this.headPos = 0;
    this.shared = false;
    this.body = null;
    this.bodyPos = 0;
    this.expect100At = Number.POSITIVE_INFINITY;
    this.got100 = false;
    this.streamRead = 0;
    this.streamEnded = false;
    this.pending = null;
    this.built = false;
    // hasBody, bodyLength, streaming, streamLeft and expect100 describe the request last
    // built: buildRequest sets them all, and a redirect's method rule reads them until then.
  }
}

/** What the head of the response decided (see verdict.ts), and the body's delivery. */
export class IncomingResponse {
  /** The protocol was readied for this request's response. */
  ready = false;
  /** HEAD_* verdict of the response head, HEAD_NONE before it ended. */
  verdict = 0;
  /** The content decoder of this response (CURLOPT_ACCEPT_ENCODING), if any. */
  decoder: ContentDecoder | null = null;
  /** Decoded bytes the write callback refused with a pause, delivered after it. */
  held: Uint8Array[] | null = null;

  /** Frees the decoder's native state: a response cut short or done. */
  reset(): void {
    this.ready = false;
    this.verdict = 0;
    if (this.decoder !== null) {
      this.decoder.close();
      this.decoder = null;
    }
    this.held = null;
  }
}

/**
 * The speed side of a transfer: the low-speed check (CURLOPT_LOW_SPEED_LIMIT/TIME) and the rate limits.
 * The fields every data event touches sit together; the ring and the limits are made only when set.
 */
export class SpeedRecord {
  /** CURLOPT_LOW_SPEED_LIMIT in force (0 = no check) and CURLOPT_LOW_SPEED_TIME in ms. */
  lowLimit = 0;
  lowMs = 0;
  /** ms since start of the newest speed record (records are a second apart). */
  at = Number.NEGATIVE_INFINITY;
  /** Bytes per second (libcurl's current_speed). */
  speed = 0;
  /** When the speed went under the limit (0 = it is not under it). */
  slowSince = 0;
  /** Speed records for the low-speed check, made on first use. */
  ring: Float64Array | null = null;
  /** CURLOPT_MAX_RECV/SEND_SPEED_LARGE, made at start when set. */
  recv: RateLimit | null = null;
  send: RateLimit | null = null;
  /** THROTTLE_* bits: a rate limit holds a side until EXPIRE_TOOFAST. */
  throttled = 0;

  /** The transfer starts: every record goes, the limits come from the options. */
  reset(lowLimit: number, lowMs: number, recv: RateLimit | null, send: RateLimit | null): void {
    this.lowLimit = lowLimit;
    this.lowMs = lowMs;
    this.at = Number.NEGATIVE_INFINITY;
    this.speed = 0;
    this.slowSince = 0;
    this.ring = null;
    this.recv = recv;
    this.send = send;
    this.throttled = 0;
  }
}

/** One request of a redirect chain (the first, or a hop): when it started and how far it got. */
export class RedirectHop {
  /** When this request started, clock ms (a retry keeps it, a redirect starts a new one). */
  start = 0;
  /** It got a connection (libcurl's mstate past CONNECTING). */
  connected = false;
  /** The proxy closed after its 407 and the connect starts again ("Connect me again please"): the
   *  name was looked up already, so the new lookup adds no name-lookup time. */
  reconnect = false;

  reset(): void {
    this.connected = false;
    this.reconnect = false;
  }
}
