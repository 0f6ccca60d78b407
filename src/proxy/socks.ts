// The SOCKS client handshake as a pure codec: lib/socks.c's socks4_connect and socks5_connect state
// machines without the socket. The caller sends what output() gives, feeds what arrives to input()
// and, once `done`, uses the connection as the tunnel; bytes after the last reply are never
// consumed. A failure leaves CURLE_PROXY in `code`, the CURLPX_* detail in `proxyCode` (what
// CURLINFO_PROXY_ERROR reports) and libcurl's error-buffer text in `message`.
//
// Invariants: a handshake is in exactly one state; `have` < `need` while it waits for input; once
// done or failed, output() is null and input() consumes nothing.

import { CURLE_OK, CURLE_PROXY } from "../constants/curle.ts";
import { CURLPX_OK, CURLPX_RECV_CONNECT, CURLPX_SEND_CONNECT } from "../constants/curlpx.ts";
import { CURLAUTH_BASIC } from "../constants/misc.ts";
import { easyStrerror } from "../constants/strerror.ts";
import { concatBytes, type SocksFailure } from "./socks-wire.ts";
import { SOCKS4_REPLY_LEN, socks4CheckReply, socks4Request } from "./socks4.ts";
import {
  SOCKS5_AUTH_DEFAULT,
  SOCKS5_METHOD_NONE,
  SOCKS5_REPLY_MIN,
  socks5AuthRequest,
  socks5CheckAuth,
  socks5CheckMethod,
  socks5CheckReply,
  socks5ConnectRequest,
  socks5Greeting,
} from "./socks5.ts";

export {
  SOCKS_MAX_PASSWORD,
  SOCKS_MAX_USER,
  SOCKS4A_MAX_HOSTNAME,
  SOCKS5_MAX_HOSTNAME,
  type SocksFailure,
} from "./socks-wire.ts";
export { SOCKS5_AUTH_DEFAULT, SOCKS5_AUTH_GSSAPI } from "./socks5.ts";

/** What to ask a SOCKS proxy for: libcurl's proxy type, destination and proxy credentials. */
export interface SocksRequest {
  /** 4 (SOCKS4/4a) or 5 (SOCKS5/5h). */
  version: 4 | 5;
  /**
   * true for socks4a:// and socks5h://: the proxy resolves `host`; false: `host` is already an IP
   * literal (the caller resolved it, as libcurl does; for SOCKS4 an IPv6 literal is an error).
   */
  remoteResolve: boolean;
  /** The destination host: a name (remoteResolve) or an address literal, with or without [ ]. */
  host: string;
  port: number;
  /** SOCKS4 user id / SOCKS5 username ("" = none: SOCKS5 then offers only "no auth"). */
  user: string;
  password: string;
  /**
   * The destination's name as the URL gave it, for the messages that name it (libcurl prints the
   * URL's host even when it sent the resolved address). Defaults to `host`.
   */
  hostName?: string;
  /**
   * CURLOPT_SOCKS5_AUTH: CURLAUTH_BASIC allows username/password, SOCKS5_AUTH_GSSAPI only changes
   * which text a proxy choosing GSS-API gets (never offered: not built in). Default Basic | GSS-API.
   */
  auth?: number;
}

// The states, in handshake order (lib/socks.c's socks_state_t, less the send and resolve states the
// caller owns).
const S4_REPLY = 0;
const S5_METHOD = 1;
const S5_AUTH = 2;
const S5_REPLY_HEAD = 3;
const S5_REPLY_REST = 4;
const DONE = 5;
const FAILED = 6;

/** State names for traces, indexed by state. */
const STATE_NAMES = [
  "SOCKS4_RECV",
  "SOCKS5_RESP0_RECV",
  "SOCKS5_AUTH_RECV",
  "SOCKS5_RESP1_RECV",
  "SOCKS5_RESP1_RECV_MORE",
  "SOCKS_SUCCESS",
  "SOCKS_FAILED",
] as const;

/** The longest reply: SOCKS5 with a 255-byte domain (4 + 1 + 255 + 2). */
const MAX_REPLY = 262;

/**
 * One SOCKS handshake over one proxy connection: libcurl's SOCKS connection filter
 * (Curl_cft_socks_proxy in lib/socks.c), driven by the caller's bytes instead of a socket.
 */
export class SocksHandshake {
  #req: SocksRequest;
  #auth: number;
  /** Whether username/password is offered and sent: a user is set and `auth` allows Basic. */
  #withCreds: boolean;
  #state: number;
  #out: Uint8Array | null = null;
  /** The reply being collected; `#have` bytes of the `#need` the state waits for. */
  #reply = new Uint8Array(MAX_REPLY);
  #have = 0;
  #need = 0;
  #code: number = CURLE_OK;
  #proxyCode: number = CURLPX_OK;
  #message = "";

  /** Starts the handshake; what fails before anything is sent (a long name, say) fails here. */
  constructor(req: SocksRequest) {
    if (req.version !== 4 && req.version !== 5)
      throw new RangeError(`SocksHandshake: version must be 4 or 5, got ${String(req.version)}`);
    if (!Number.isInteger(req.port) || req.port < 0 || req.port > 0xffff)
      throw new RangeError(`SocksHandshake: port must be 0..65535, got ${String(req.port)}`);
    this.#req = req;
    this.#auth = req.auth ?? SOCKS5_AUTH_DEFAULT;
    this.#withCreds = req.user !== "" && (this.#auth & CURLAUTH_BASIC) !== 0;
    if (req.version === 4) {
      this.#state = S4_REPLY;
      this.#send(
        socks4Request(req.remoteResolve, req.host, req.port, req.user, this.#hostName()),
        SOCKS4_REPLY_LEN,
      );
    } else {
      this.#state = S5_METHOD;
      this.#send(socks5Greeting(req.remoteResolve, req.host, this.#withCreds), 2);
    }
  }

  /** The bytes to send now (null when nothing is due). Call after construction and after every input(). */
  output(): Uint8Array | null {
    const out = this.#out;
    this.#out = null;
    return out;
  }

  /**
   * Feeds received bytes buf[start..end); returns how many it consumed. It never consumes past the
   * end of the handshake: bytes after it belong to the tunnel. Bytes for a later step than the one
   * waited for (a proxy that answers ahead) are taken as libcurl would read them next.
   */
  input(buf: Uint8Array, start: number, end: number): number {
    let at = start;
    while (this.#state < DONE && at < end) {
      const take = Math.min(this.#need - this.#have, end - at);
      this.#reply.set(buf.subarray(at, at + take), this.#have);
      this.#have += take;
      at += take;
      if (this.#have === this.#need) this.#step();
    }
    return at - start;
  }

  /** The tunnel is up. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /** 0 while fine; else the CURLcode: CURLE_PROXY, as socks_proxy_cf_connect returns for every failure. */
  get code(): number {
    return this.#code;
  }

  /** The CURLPX_* code for getinfo("proxyError") (0 = CURLPX_OK). */
  get proxyCode(): number {
    return this.#proxyCode;
  }

  /** libcurl's error-buffer text for the failure, worded as current curl's lib/socks.c words it. */
  get message(): string {
    return this.#message;
  }

  /** The state's name as lib/socks.c's debug trace spells it ("SOCKS5_AUTH_RECV"), for verbose output. */
  get stateName(): string {
    return STATE_NAMES[this.#state]!;
  }

  /**
   * The proxy closed the connection before the handshake ended: fails it as socks_recv does
   * (CURLPX_RECV_CONNECT, "Failed to receive SOCKS response, proxy closed connection") and returns
   * `code`. After the handshake ended (done or failed) it changes nothing.
   */
  peerClosed(): number {
    if (this.#state < DONE)
      this.#fail({
        proxyCode: CURLPX_RECV_CONNECT,
        message: "Failed to receive SOCKS response, proxy closed connection",
      });
    return this.#code;
  }

  /**
   * Receiving from the proxy failed with `result` (a CURLE_* code such as CURLE_RECV_ERROR): fails
   * the handshake as socks_recv does (CURLPX_RECV_CONNECT) and returns `code`.
   */
  recvFailed(result: number): number {
    if (this.#state < DONE)
      this.#fail({
        proxyCode: CURLPX_RECV_CONNECT,
        message: `Failed to receive SOCKS response: ${easyStrerror(result)}`,
      });
    return this.#code;
  }

  /**
   * Sending to the proxy failed with `result` (a CURLE_* code such as CURLE_SEND_ERROR): fails the
   * handshake as socks_flush does (CURLPX_SEND_CONNECT) and returns `code`.
   */
  sendFailed(result: number): number {
    if (this.#state < DONE)
      this.#fail({
        proxyCode: CURLPX_SEND_CONNECT,
        message: `Failed to send SOCKS request: ${easyStrerror(result)}`,
      });
    return this.#code;
  }

  #hostName(): string {
    return this.#req.hostName ?? this.#req.host;
  }

  /** Queues a message to send and waits for `need` reply bytes, or fails. */
  #send(msg: Uint8Array | SocksFailure, need: number): void {
    if (!(msg instanceof Uint8Array)) {
      this.#fail(msg);
      return;
    }
    this.#out = this.#out === null ? msg : concatBytes(this.#out, msg);
    this.#have = 0;
    this.#need = need;
  }

  #fail(f: SocksFailure): void {
    this.#state = FAILED;
    this.#code = CURLE_PROXY;
    this.#proxyCode = f.proxyCode;
    this.#message = f.message;
    this.#out = null;
    this.#need = 0;
  }

  /** The state's reply is complete: check it and move on. */
  #step(): void {
    const r = this.#reply;
    const req = this.#req;
    switch (this.#state) {
      case S4_REPLY: {
        const v = socks4CheckReply(r);
        if (v === CURLPX_OK) this.#state = DONE;
        else this.#fail(v);
        return;
      }
      case S5_METHOD: {
        const v = socks5CheckMethod(r, this.#auth);
        if (typeof v !== "number") this.#fail(v);
        else if (v === SOCKS5_METHOD_NONE) this.#connect();
        else {
          this.#state = S5_AUTH;
          // A proxy may choose username/password unoffered: both fields then go empty.
          const creds = this.#withCreds;
          this.#send(socks5AuthRequest(creds ? req.user : "", creds ? req.password : ""), 2);
        }
        return;
      }
      case S5_AUTH: {
        const v = socks5CheckAuth(r);
        if (v === CURLPX_OK) this.#connect();
        else this.#fail(v);
        return;
      }
      case S5_REPLY_HEAD: {
        const v = socks5CheckReply(r, this.#hostName());
        if (typeof v !== "number") this.#fail(v);
        else if (v === this.#have) this.#state = DONE;
        else {
          this.#state = S5_REPLY_REST;
          this.#need = v;
        }
        return;
      }
      case S5_REPLY_REST:
        this.#state = DONE;
        return;
    }
  }

  #connect(): void {
    const req = this.#req;
    this.#state = S5_REPLY_HEAD;
    this.#send(
      socks5ConnectRequest(req.remoteResolve, req.host, req.port, this.#hostName()),
      SOCKS5_REPLY_MIN,
    );
  }
}
