// The socket-number table every transport keeps (the kernel's fd table, in effect): small integers,
// reused only after close, each holding a record with its receive queue, state and error. The read side
// of the Transport interface is the same for every transport and lives here.

import type { RecvQueue } from "./recv-queue.ts";
import { SOCK_CLOSED } from "./types.ts";

/** What a transport keeps per socket number. */
export interface SocketRecord extends RecvQueue {
  state: number;
  /** CURLE code of a failure (0 = none). */
  err: number;
  /** libcurl's error text for it. */
  detail: string;
}

export abstract class SocketTable<R extends SocketRecord> {
  protected socks: (R | undefined)[] = [];
  private free: number[] = [];
  /** Sockets ever opened and currently open (for leak checks). */
  opened = 0;
  open = 0;

  /** The number the next socket gets: the lowest-cost free one, or a new one. */
  protected nextNumber(): number {
    return this.free.length > 0 ? this.free.pop()! : this.socks.length;
  }

  /** Puts r under number s (from nextNumber()). */
  protected register(s: number, r: R): void {
    this.socks[s] = r;
    this.opened++;
    this.open++;
  }

  /** Frees number s; the record is forgotten. */
  protected release(s: number): void {
    this.socks[s] = undefined;
    this.free.push(s);
    this.open--;
  }

  recvChunk(s: number): Uint8Array | undefined {
    return this.socks[s]?.first();
  }

  recvOffset(s: number): number {
    return this.socks[s]?.offset ?? 0;
  }

  consume(s: number, n: number): void {
    this.socks[s]?.consume(n);
  }

  state(s: number): number {
    return this.socks[s]?.state ?? SOCK_CLOSED;
  }

  error(s: number): number {
    return this.socks[s]?.err ?? 0;
  }

  errorDetail(s: number): string {
    return this.socks[s]?.detail ?? "";
  }
}
