// One connection: a transport socket, the protocol it speaks, and what the pool needs to decide about
// reuse and limits.

import type { Protocol } from "../conn/protocol.ts";

export class Conn {
  /** Transport socket number (-1 while connecting). */
  s = -1;
  /** Busy with a transfer (not in the idle cache). */
  busy = true;
  /** Idle since (clock ms); valid while idle. */
  idleSince = 0;
  /** The protocol spoken, once connected; it says whether the connection can be reused. */
  proto: Protocol | null = null;
  constructor(
    readonly id: number,
    /** Cache key: scheme, host, port, TLS settings, Unix path. */
    readonly key: string,
    /** Host key for per-host limits ("host:port"). */
    readonly hostKey: string,
    readonly createdAt: number,
  ) {}
}
