// The name-resolver interface the engine codes against (libcurl's asyn.h: Curl_async_getaddrinfo and
// friends), and DnsQuery, the state of one lookup that a transfer holds while it waits.

/**
 * One name lookup in flight or answered (libcurl's `struct Curl_resolv_async`). A resolver fills it in;
 * the transfer reads it when `done`.
 */
export class DnsQuery {
  /** Event socket (transport.openSignal()) that becomes readable when the answer is in; -1 if answered at once. */
  s = -1;
  done = false;
  /** Addresses in the order to try (as the resolver returned them); null when the lookup failed. */
  addrs: string[] | null = null;
  /** Reason text on failure (libcurl then says "Could not resolve host: NAME"). */
  error = "";
  /**
   * On failure: true when the resolver answered that the name does not exist (an authoritative
   * negative answer that libcurl caches, see DnsCache.putNegative); false for transient or local errors.
   */
  negative = false;
  cancelled = false;
  constructor(
    readonly host: string,
    readonly port: number,
  ) {}
}

/**
 * A name resolver (libcurl's resolver backends: threaded getaddrinfo, c-ares). Lookups never block:
 * they complete at once or wake the transfer through an event socket the application's loop watches.
 */
export interface Resolver {
  /** Starts resolving `host` (a name, never an IP literal). Completes synchronously (done=true, s=-1) or later:
   *  then q.s is an open event socket fired when done. The CALLER closes q.s (transport.close) after reading. */
  start(host: string, port: number): DnsQuery;
  /** The transfer no longer cares: a late answer must do nothing (the caller closes q.s). */
  cancel(q: DnsQuery): void;
}
