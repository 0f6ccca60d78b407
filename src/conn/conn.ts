// One connection: a transport socket, the protocol it speaks, and what the pool needs to decide about
// reuse and limits.

import type { Protocol } from "../conn/protocol.ts";
import type { H2Session } from "../http2/session.ts";

/** The cache that counts a connection (cache.ts's ConnCache), as the pool parks, trims and drops it. */
export interface ConnHome {
  readonly idleCount: number;
  park(c: Conn, now: number): void;
  oldestIdle(): Conn | undefined;
  unidle(c: Conn): void;
  drop(c: Conn): void;
}

export class Conn {
  /** The cache that counts it: its multi's, or a Share's (CURL_LOCK_DATA_CONNECT). */
  home: ConnHome | null = null;
  /** Transport socket number (-1 while connecting). */
  s = -1;
  /** Busy with a transfer (not in the idle cache). */
  busy = true;
  /** Idle since (clock ms); valid while idle. */
  idleSince = 0;
  /** HTTP/1.1 once connected: the protocol, which says whether the connection can be reused. */
  proto: Protocol | null = null;
  /** HTTP/2 once connected: the session whose streams the transfers use (proto stays null). */
  h2: H2Session | null = null;
  /** Still connecting and may turn out to multiplex: transfers waiting for it (CURLOPT_PIPEWAIT). */
  waiters: unknown[] | null = null;
  /** HTTP/2: some transfer using it (the socket callback names one), and output waits to be sent. */
  lead: unknown = null;
  dirty = false;
  /** While idle: the neighbours in the cache's idle order (oldest first) and in its key's idle
   * list (cache.ts's intrusive lists: O(1) park, take and eviction at any size). */
  idlePrev: Conn | null = null;
  idleNext: Conn | null = null;
  keyPrev: Conn | null = null;
  keyNext: Conn | null = null;
  constructor(
    readonly id: number,
    /** Cache key: scheme, host, port, TLS settings, Unix path. */
    readonly key: string,
    /** Host key for per-host limits ("host:port"). */
    readonly hostKey: string,
    readonly createdAt: number,
  ) {}
}
