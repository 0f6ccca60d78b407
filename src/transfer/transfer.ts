// The live transfer: what one easy handle's transfer is while it is in a multi, from curl_multi_add_handle
// to curl_multi_remove_handle (libcurl keeps this in data->state, data->req and data->conn). It is made
// of small records (records.ts), each with a reset(). A new Transfer starts with clean records; every
// later request (a retry, a redirect, a 417 repeat) starts from them again through beginRequest(),
// the one per-request reset.

import type { AuthSession, ProxyAuth } from "../auth/session.ts";
import type { Conn } from "../conn/conn.ts";
import type { Waiter } from "../conn/pending.ts";
import type { Protocol } from "../conn/protocol.ts";
import type { CookieUse } from "../cookie/use.ts";
import type { Info } from "../easy/info.ts";
import type { EasyOptions } from "../easy/options.ts";
import type { ResponseHandler } from "../http/parser.ts";
import type { ProxyRoute } from "../proxy/route.ts";
import {
  type ConnectAttempt,
  IncomingResponse,
  OutgoingRequest,
  RedirectHop,
  SpeedRecord,
} from "./records.ts";
import { ST_INIT } from "./states.ts";
import type { Tunnel } from "./tunnel-state.ts";
import type { ParsedUrl } from "./url.ts";

/** No URL parsed yet. */
const NO_URL: Readonly<ParsedUrl> = {
  code: 0,
  detail: "",
  scheme: "",
  host: "",
  port: 0,
  target: "",
  hostHeader: "",
  href: "",
  user: null,
  pass: null,
};

/** What a transfer keeps of its easy handle: the options it runs with and the figures it reports. */
export interface TransferHandle {
  /** The public easy handle, as callbacks receive it. */
  readonly easy: unknown;
  readonly opts: EasyOptions;
  readonly info: Info;
  /** The CURLOPT_RESOLVE list already loaded into the DNS cache (loaded once per setopt). */
  resolveLoaded: readonly string[] | null;
  /** The handle's cookie engine: its jar (possibly a share's), files and Set-Cookie count; null
   *  until made, absent in test fakes: no cookies. */
  readonly cookieIfAny?: CookieUse | null;
  /** Authentication state kept from one transfer to the next (picked method, Digest nonce); null
   *  until one of its transfers has credentials or meets a 401/407. */
  auth: AuthSession | null;
  /** The promise helpers' own header reader (fetch()), null for none: see HeaderSink. */
  headerSink: HeaderSink | null;
}

/**
 * What fetch() reads response heads with: every header line as the header callback gets it, but as
 * a range of the engine's buffer, so no view is made per line. The bytes are only valid during the
 * call. The answer is the header callback's (the line's length to go on). Internal: not an option.
 */
export interface HeaderSink {
  headerLine(buf: Uint8Array, start: number, end: number): number;
}

export class Transfer implements Waiter {
  /** ST_* (states.ts): changed only by setState() in mstate.ts. */
  state = ST_INIT;
  /** CURLPAUSE_* bits in force. */
  paused = 0;
  /** The connection in use, and whether it came from the cache. */
  conn: Conn | null = null;
  /** The request's protocol on it: the connection's HTTP/1.1, or an HTTP/2 stream of its own. */
  proto: Protocol | null = null;
  /** Waiting (in PENDING) for this connection to learn whether it multiplexes (CURLOPT_PIPEWAIT). */
  pipeOn: Conn | null = null;
  reused = false;
  /** The transfer's start (clock ms; 0 = not started). */
  tStart = 0;
  /** The current request's target (after redirects) and where it connects (after CONNECT_TO). */
  url: Readonly<ParsedUrl> = NO_URL;
  connectHost = "";
  connectPort = 0;
  /** The request's proxies (null: direct), and the origin it asks them for (after CONNECT_TO). */
  route: ProxyRoute | null = null;
  originHost = "";
  originPort = 0;
  /** The proxy handshake of the new connection in progress (CONNECTING only). */
  tunnel: Tunnel | null = null;
  /** The connection cache key for `url` (conn/pool.ts makes it once per request target). */
  key = "";
  keyOf: Readonly<ParsedUrl> | null = null;

  // The redirect chain: what carries from one request to the next.
  /** The URL of the current request after redirects; null = CURLOPT_URL. */
  curUrl: string | null = null;
  /** The first request's origin (credentials stay with it). */
  firstScheme = "";
  firstHost = "";
  firstPort = 0;
  /** A 301/302/303 turned the request into a GET. */
  followGet = false;
  /** Send no Expect: 100-continue any more (after a 417). */
  noExpect = false;
  /** Set by the proxy code when the request goes through an HTTP proxy with credentials (a 407 is
   *  answered), else null. */
  proxyAuth: ProxyAuth | null = null;

  readonly hop = new RedirectHop();
  readonly req = new OutgoingRequest();
  readonly resp = new IncomingResponse();
  readonly speed = new SpeedRecord();
  /** Lookup and connect attempts: made for the first new connection (a reused one needs none). */
  attempt: ConnectAttempt | null = null;
  /** The response events' receiver (receive.ts's Receiver), made on the first response. */
  events: ResponseHandler | null = null;

  // The multi's bookkeeping of this transfer.
  /** Waiting in the multi's pending queue, has an entry in its array, was woken (see PendingQueue). */
  queued = false;
  listed = false;
  woken = false;
  /** Sockets announced to the socket callback (-1 = none): two plain fields keep the object small. */
  ann0 = -1;
  ann1 = -1;
  /** The undelivered CURLMSG_DONE message, if any. */
  msgRef: object | null = null;

  constructor(
    /** The easy handle's engine state (its options, info and public face). */
    readonly handle: TransferHandle,
    /** Slot in the multi's tables (timer queue, handle table). */
    readonly slot: number,
    /** Order of addition to the multi (libcurl's mid): the place in the pending queue. */
    readonly addSeq: number,
  ) {
    this.opts = handle.opts;
    this.info = handle.info;
  }

  /** The handle's options and info, read on every step: plain fields, not getters. */
  readonly opts: EasyOptions;
  readonly info: Info;

  /**
   * Forgets the previous request's send and receive state: every request after the first (a new
   * Transfer is clean) starts from INIT through here (the INIT entry action in mstate.ts).
   */
  beginRequest(): void {
    this.req.reset();
    this.resp.reset();
    this.hop.reset();
    this.info.contentLengthDownload = -1;
  }
}
