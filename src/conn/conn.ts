// One connection: a transport socket plus what the cache needs to decide about reuse.

export class Conn {
  /** Transport socket number. */
  s = -1;
  /** Busy with a transfer (not in the idle cache). */
  busy = true;
  /** Idle since (clock ms); valid while idle. */
  idleSince = 0;
  /** The last response allows reuse (keep-alive, fully read). */
  reusable = false;
  constructor(
    readonly id: number,
    /** Cache key: scheme, host, port, TLS settings, Unix path. */
    readonly key: string,
    /** Host key for per-host limits ("host:port"). */
    readonly hostKey: string,
    readonly createdAt: number,
  ) {}
}
