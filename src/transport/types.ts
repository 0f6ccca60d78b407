// The OS-like face of sockets that the engine sees (DESIGN.md section 2): a socket table with
// small integer numbers (transport) and a level-triggered readiness source (poller).

/** What a transfer asks the transport to open. `host` is already an address (or a name the transport resolves). */
export interface ConnectRequest {
  /** An address to connect to (the name was resolved before), or a name the transport resolves. */
  host: string;
  /** TCP port. */
  port: number;
  /** TLS on top of TCP (https://). */
  tls: boolean;
  /** SNI / name checked against the certificate; defaults to `host`. */
  servername?: string;
  /** CURLOPT_SSL_VERIFYPEER (default true). */
  verifyPeer?: boolean;
  /** CURLOPT_SSL_VERIFYHOST (default true). */
  verifyHost?: boolean;
  /** CURLOPT_CAINFO: PEM file path of the CA bundle. */
  caInfo?: string;
  /** CURLOPT_UNIX_SOCKET_PATH: connect to this Unix socket instead of host:port. */
  unixPath?: string;
  /** TLS: the protocols offered by ALPN, most wanted first ("h2", "http/1.1"); none when absent. */
  alpn?: readonly string[];
  /** TLS: a session (from `tlsSession`) to offer for resumption (a Share's CURL_LOCK_DATA_SSL_SESSION). */
  session?: Uint8Array;
}

/** TLS started on a socket that is already open (the tunnel through a proxy): what `startTls` takes. */
export type TlsRequest = Pick<
  ConnectRequest,
  "servername" | "verifyPeer" | "verifyHost" | "caInfo" | "alpn"
>;

/** Socket states as the transport reports them (ordered). */
export const SOCK_CONNECTING = 0;
export const SOCK_OPEN = 1;
/** The peer ended its side; queued data may still be read. */
export const SOCK_EOF = 2;
/** Connect failed or the connection broke; see `error(s)`. */
export const SOCK_ERROR = 3;
export const SOCK_CLOSED = 4;

/**
 * A socket table. Numbers are small non-negative integers, never CURL_SOCKET_TIMEOUT, and never reused
 * while the application may still hold them (a number is recycled only after `close(s)`).
 */
export interface Transport {
  /** The readiness source the driver watches sockets with. */
  readonly poller: Poller;
  /** Starts a non-blocking connect; returns the socket number. Completion shows as OUT, failure as ERR. */
  connect(req: ConnectRequest): number;
  /** Non-blocking send of buf[start..end): returns how many bytes were taken (0 = would block), -1 on error. */
  send(s: number, buf: Uint8Array, start: number, end: number): number;
  /** The oldest queued inbound chunk, or undefined when none is queued. Read it from `recvOffset(s)`. */
  recvChunk(s: number): Uint8Array | undefined;
  /** How much of `recvChunk(s)` was already consumed. */
  recvOffset(s: number): number;
  /** Marks n more bytes of the head chunk as consumed (dropping it when done). */
  consume(s: number, n: number): void;
  /** Current state (SOCK_*). */
  state(s: number): number;
  /** For a socket in SOCK_ERROR: the CURLE code that describes the failure (7 for a refused connect, 56 reset...). */
  error(s: number): number;
  /** Human detail for the error (libcurl's error-buffer text, e.g. "Failed to connect to ... : Connection refused"). */
  errorDetail(s: number): string;
  /**
   * Starts a TLS handshake on the open plain socket s (bytes already queued stay for the caller): the
   * socket is SOCK_CONNECTING until it ends, then SOCK_OPEN (writable, the session agreed) or
   * SOCK_ERROR with the TLS failure's code (60 for a certificate problem, 35 otherwise...). On a socket
   * that is already TLS it fails with CURLE_NOT_BUILT_IN (Bun has no TLS inside TLS).
   */
  startTls(s: number, tls: TlsRequest): void;
  /** Closes the socket; its number may be reused afterwards. */
  close(s: number): void;
  /**
   * Opens an event socket (an eventfd, in effect): it carries no data and becomes readable (IN, and
   * `state(s) === SOCK_EOF`) once `fire(s)` is called. Background work (a DNS lookup) uses one to wake
   * its transfer through the application's own event loop.
   */
  openSignal(): number;
  /** Makes the event socket s readable. Safe to call after close (then it does nothing). */
  fire(s: number): void;
  /** Addresses once connected (getinfo primaryIp/localIp...). */
  remoteAddress(s: number): string;
  /** The peer's port (CURLINFO_PRIMARY_PORT). */
  remotePort(s: number): number;
  /** Our address (CURLINFO_LOCAL_IP). */
  localAddress(s: number): string;
  /** Our port (CURLINFO_LOCAL_PORT). */
  localPort(s: number): number;
  /** The protocol ALPN agreed on ("h2", "http/1.1"), "" when none was (plain TCP, or no ALPN). */
  alpnProtocol(s: number): string;
  /** ms the TLS handshake took after the TCP connect (0 for plain TCP): CURLINFO_CONNECT_TIME is the
   *  TCP part, CURLINFO_APPCONNECT_TIME the whole. */
  handshakeTime(s: number): number;
  /**
   * TLS: the session of socket s, to offer to a later connect (`ConnectRequest.session`); undefined
   * when there is none. Optional: a transport without TLS sessions leaves it out.
   */
  tlsSession?(s: number): Uint8Array | undefined;
}

/**
 * Level-triggered readiness, like epoll: the driver says what it watches (CURL_POLL_*), the poller reports
 * (s, CURL_CSELECT_*) while the condition holds. Events are never delivered synchronously from `watch()`.
 */
export interface Poller {
  /** Sets the interest for s: CURL_POLL_IN, _OUT, _INOUT, or CURL_POLL_REMOVE / CURL_POLL_NONE to stop. */
  watch(s: number, what: number): void;
  /** Where readiness goes: the driver calls socketAction from here. */
  onReady: ((s: number, ev: number) => void) | undefined;
}
