// The easy handle: one transfer's options, its live state while in a multi, and what getinfo reports.
// The state machine that moves it lives in transfer.ts; the multi handle drives it.

import type { Conn } from "../conn/conn.ts";
import {
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import type { DnsQuery } from "../dns/resolver.ts";
import type { ContentDecoder } from "../http/decode.ts";
import type { ResponseParser } from "../http/index.ts";
import { readInfo } from "./info.ts";
import { EasyOptions, setOption } from "./options.ts";
import type { RateLimit } from "./ratelimit.ts";
import { ST_INIT } from "./states.ts";

/** What the owning multi must offer an easy handle for pause() (kept as an interface to avoid a cycle). */
export interface EasyOwner {
  /** @internal */
  easyPaused(e: Easy): void;
}

const detailScratch = { text: "" };
const infoScratch = { code: 0 };

/** An easy handle (libcurl's CURL *): one transfer. */
export class Easy {
  /** Set by the constructor only: an object merely made from Easy.prototype does not have it. */
  readonly #brand = true;
  /** @internal */ opts = new EasyOptions();
  /** @internal owning multi, or null */ multi: EasyOwner | null = null;
  /** @internal slot in the multi's tables */ slot = -1;
  /** @internal transfer state (ST_*) */ state = ST_INIT;
  /** @internal CURLPAUSE_* bits in force */ paused = 0;
  // The fields every data event and speed check touch, declared together so they share cache lines.
  /** @internal body bytes received */ sizeDownload = 0;
  /** @internal body bytes sent */ sizeUpload = 0;
  /** @internal the transfer's start (clock ms; 0 = not started) */ tStart = 0;
  /** @internal CURLOPT_LOW_SPEED_LIMIT in force for this transfer (0 = no check) */ lowSpeedLimit = 0;
  /** @internal CURLOPT_LOW_SPEED_TIME in ms */ lowSpeedMs = 0;
  /** @internal ms since start of the newest speed record (records are a second apart) */
  speedAt = Number.NEGATIVE_INFINITY;
  /** @internal bytes per second (libcurl's current_speed) */ speed = 0;
  /** @internal when the speed went under the limit (0 = it is not under it) */ slowSince = 0;
  /** @internal final result */ result: CURLcode = CURLE_OK;
  /** @internal libcurl's error-buffer text for the result */ errorDetail = "";
  /** @internal connection in use */ conn: Conn | null = null;
  // Two-entry sets are plain fields, not typed arrays: a handle stays small (tens of thousands live at once).
  /** @internal sockets this handle has announced to the socket callback (-1 = none) */ ann0 = -1;
  /** @internal */ ann1 = -1;
  /** @internal the name lookup in progress, if any */ dnsQuery: DnsQuery | null = null;
  /** @internal the addresses to try, in order */ addrs: readonly string[] = [];
  /** @internal next index into addrs per family (0: the first address's family, 1: the other), -1 = none left */
  next0 = -1;
  /** @internal */ next1 = -1;
  /** @internal connect attempt in flight per family (socket number, -1 = none) */ att0 = -1;
  /** @internal */ att1 = -1;
  /** @internal when the second family starts (happy eyeballs); Infinity once started or not needed */
  heAt = Number.POSITIVE_INFINITY;
  /** @internal rate limits (CURLOPT_MAX_RECV/SEND_SPEED_LARGE), made at start when set */
  rlRecv: RateLimit | null = null;
  /** @internal */ rlSend: RateLimit | null = null;
  /** @internal THROTTLE_* bits: a rate limit holds a side until EXPIRE_TOOFAST */ throttled = 0;
  /** @internal speed records for the low-speed check, made on first use */
  progress: Float64Array | null = null;
  /** @internal the request body still to send (a view, not a copy) and how far it got */
  body: Uint8Array | null = null;
  /** @internal */ bodyPos = 0;
  /** @internal the body waits for "100 Continue" until this time (Infinity = not waiting) */
  expect100At = Number.POSITIVE_INFINITY;
  /** @internal the request carries Expect: 100-continue */ expect100 = false;
  /** @internal the body comes from the read callback */ streaming = false;
  /** @internal ...framed as chunks (size unknown) */ chunked = false;
  /** @internal bytes the read callback still owes (-1 = unknown) */ streamLeft = -1;
  /** @internal bytes read from the callback so far */ streamRead = 0;
  /** @internal the read callback said "end" (and the last chunk went out, if chunked) */ streamEnded = false;
  /** @internal what the socket did not take of the last piece (own copy) */ pending: Uint8Array | null =
    null;
  /** @internal "100 Continue" arrived for this request */ got100 = false;
  /** @internal the parser was reset for this request's response */ parserReady = false;
  /** @internal the content decoder of this response (CURLOPT_ACCEPT_ENCODING), if any */
  decoder: ContentDecoder | null = null;
  /** @internal decoded bytes the write callback refused with a pause, delivered after it */
  held: Uint8Array[] | null = null;
  /** @internal the connection must not be reused after this response */ noReuse = false;
  /** @internal the CURLOPT_RESOLVE list already loaded into the DNS cache (loaded once per setopt) */
  resolveLoaded: readonly string[] | null = null;
  /** @internal the host and port actually connected to (after CURLOPT_CONNECT_TO) */ connectHost =
    "";
  /** @internal */ connectPort = 0;
  /** @internal the last connect failure, for the error text and result */ connectError = "";
  /** @internal */ connectCode = 0;
  /** @internal the response parser, made on first use and kept */ parser: ResponseParser | null =
    null;
  /** @internal the request bytes still to send (own copy) */ sendBuf: Uint8Array | null = null;
  /** @internal */ sendPos = 0;
  /** @internal body bytes in sendBuf */ requestBodyLength = 0;
  /** @internal sendBuf is the multi's shared writer buffer: copy before waiting */ sendShared = false;
  /** @internal retries on a dead reused connection */ retries = 0;
  /** @internal this handle's undelivered CURLMSG_DONE message, if any */ msgRef: object | null =
    null;
  /** @internal order of addition to its multi: its place in the pending queue (libcurl's mid) */
  addSeq = 0;
  /** @internal waiting in the multi's pending queue */ queued = false;
  /** @internal has an entry in that queue's array (see PendingQueue) */ listed = false;
  /** @internal taken out of the queue for a freed slot and not yet run */ woken = false;
  /** @internal the connection came from the cache */ reused = false;
  /** @internal parsed request target */ scheme = "";
  /** @internal */ host = "";
  /** @internal */ port = 0;
  /** @internal */ target = "";
  /** @internal */ hostHeader = "";
  /** @internal credentials from the URL, if any */ urlUser: string | null = null;
  /** @internal */ urlPass: string | null = null;

  // What getinfo reports. Times are ms from the start of each request, summed over a redirect chain
  // (libcurl's Curl_pgrsTimeWas); 0 = not reached. tTotal is from the transfer's start.
  /** @internal when the current request (this hop of a redirect chain) started, clock ms */ hopStart = 0;
  /** @internal the request went out (PRETRANSFER stamped) in this hop */ pretransferDone = false;
  /** @internal this hop got a connection (libcurl's mstate past CONNECTING) */ connectedHop = false;
  /** @internal redirects followed (CURLINFO_REDIRECT_COUNT) */ redirectCount = 0;
  /** @internal ms from the start to the last redirect (CURLINFO_REDIRECT_TIME) */ tRedirect = 0;
  /** @internal where a redirect would have gone (CURLINFO_REDIRECT_URL) */ redirectUrl:
    | string
    | null = null;
  /** @internal the URL of the current request after redirects; null = CURLOPT_URL */ curUrl:
    | string
    | null = null;
  /** @internal the first request's origin (credentials stay with it) */ firstScheme = "";
  /** @internal */ firstHost = "";
  /** @internal */ firstPort = 0;
  /** @internal a 301/302/303 turned the request into a GET */ followGet = false;
  /** @internal the current request carries a body */ hasBody = false;
  /** @internal this response is a redirect that will be followed: its body is not delivered */
  following = false;
  /** @internal a 417 answered our Expect: the request goes again without it */ retryRequest = false;
  /** @internal send no Expect: 100-continue any more (after a 417) */ noExpect = false;
  /** @internal */ tNamelookup = 0;
  /** @internal */ tConnect = 0;
  /** @internal */ tAppconnect = 0;
  /** @internal */ tPretransfer = 0;
  /** @internal */ tStarttransfer = 0;
  /** @internal */ tTotal = 0;
  /** @internal */ responseCode = 0;
  /** @internal */ httpVersionSeen = 0;
  /** @internal */ effectiveUrl: string | null = null;
  /** @internal */ contentType = "";
  /** @internal */ headerSize = 0;
  /** @internal */ requestSize = 0;
  /** @internal */ numConnects = 0;
  /** @internal */ primaryIp = "";
  /** @internal */ primaryPort = 0;
  /** @internal */ localIp = "";
  /** @internal */ localPort = 0;

  /** Detail text of the last failed setopt/getinfo (why the value was refused). */
  lastSetoptError = "";

  /** @internal Whether x was made by `new Easy()` (libcurl's GOOD_EASY_HANDLE). */
  static isEasy(x: unknown): x is Easy {
    return typeof x === "object" && x !== null && #brand in x;
  }

  /**
   * curl_easy_setopt. Returns CURLE_OK, CURLE_UNKNOWN_OPTION for an unknown name, or
   * CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind (the reason is in `lastSetoptError`).
   */
  setopt(option: string, value: unknown): CURLcode {
    const rc = setOption(this.opts, option, value, detailScratch);
    this.lastSetoptError = rc === CURLE_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_easy_getinfo: the value of one CURLINFO_* item (see info.ts), or undefined for an unknown name.
   * Times are seconds as doubles, and microseconds as integers for the `*T` names.
   */
  getinfo(info: string): unknown {
    return readInfo(this, info, infoScratch);
  }

  /** curl_easy_getinfo's return code for `info`: CURLE_OK, or CURLE_UNKNOWN_OPTION for an unknown name. */
  getinfoCode(info: string): CURLcode {
    readInfo(this, info, infoScratch);
    return infoScratch.code;
  }

  /**
   * curl_easy_pause: sets the pause state to `bitmask` (CURLPAUSE_RECV | CURLPAUSE_SEND, or
   * CURLPAUSE_CONT to unpause). Unpausing makes the transfer run again at once: the multi announces the
   * socket and a 0 timeout, as libcurl does. CURLE_BAD_FUNCTION_ARGUMENT for a handle with no transfer
   * on a connection (libcurl checks data->conn) or a bitmask with other bits.
   */
  pause(bitmask: number): CURLcode {
    if (typeof bitmask !== "number" || (bitmask & ~(CURLPAUSE_RECV | CURLPAUSE_SEND)) !== 0)
      return CURLE_BAD_FUNCTION_ARGUMENT;
    if (this.multi === null || this.conn === null) return CURLE_BAD_FUNCTION_ARGUMENT;
    if (bitmask === this.paused) return CURLE_OK;
    this.paused = bitmask;
    this.multi?.easyPaused(this);
    return CURLE_OK;
  }

  /** curl_easy_reset: every option back to its default; statistics cleared. Not while in a multi. */
  reset(): void {
    this.opts = new EasyOptions();
    this.clearStats();
    this.errorDetail = "";
    this.result = CURLE_OK;
    this.paused = 0;
  }

  /** curl_easy_duphandle: a new handle with the same options and no transfer state. */
  duphandle(): Easy {
    const e = new Easy();
    e.opts = this.opts.clone();
    return e;
  }

  /**
   * @internal Forgets the previous request's send and receive state: every request (the first, a
   * retry on a fresh connection, a redirect, a 417 repeat) starts from INIT through here.
   */
  beginRequest(): void {
    this.sendBuf = null;
    this.sendPos = 0;
    this.body = null;
    this.bodyPos = 0;
    this.pending = null;
    this.pretransferDone = false;
    this.connectedHop = false;
    this.parserReady = false;
    this.noReuse = false;
    this.got100 = false;
    this.expect100At = Number.POSITIVE_INFINITY;
    this.decoder = null;
    this.held = null;
  }

  /** @internal Clears what getinfo reports, at the start of a transfer. */
  clearStats(): void {
    this.tStart = 0;
    this.hopStart = 0;
    this.pretransferDone = false;
    this.redirectCount = 0;
    this.tRedirect = 0;
    this.redirectUrl = null;
    this.curUrl = null;
    this.followGet = false;
    this.following = false;
    this.retryRequest = false;
    this.noExpect = false;
    this.tNamelookup = 0;
    this.tConnect = 0;
    this.tAppconnect = 0;
    this.tPretransfer = 0;
    this.tStarttransfer = 0;
    this.tTotal = 0;
    this.responseCode = 0;
    this.httpVersionSeen = 0;
    this.effectiveUrl = null;
    this.contentType = "";
    this.sizeDownload = 0;
    this.sizeUpload = 0;
    this.headerSize = 0;
    this.requestSize = 0;
    this.numConnects = 0;
    this.primaryIp = "";
    this.primaryPort = 0;
    this.localIp = "";
    this.localPort = 0;
  }
}
