// A resolver that answers from a fixed table, at once or after a delay on the virtual clock: the engine's
// tests use it to run name resolution, the DNS cache and the event-socket wake-up without a network.

import type { Scheduler } from "../transport/memory/clock.ts";
import type { Transport } from "../transport/types.ts";
import { DnsQuery, type Resolver } from "./resolver.ts";

/**
 * Answers from `table` (name -> addresses, in the order to try; names compare case-insensitively).
 * Unknown names fail with error "not found" (an authoritative negative answer). With `delayMs` 0 the
 * answer is synchronous; above 0 it arrives after that much virtual time by firing the query's event
 * socket, like libcurl's threaded resolver waking the multi through its socketpair.
 */
export class StaticResolver implements Resolver {
  /** How many times `start` was called (tests check the DNS cache saved a lookup). */
  lookups = 0;
  /** Lookups started with a delay and neither answered nor cancelled yet. */
  pending = 0;
  private readonly names = new Map<string, readonly string[]>();

  /** Answers from `table` on `transport` (whose event sockets wake the multi), timed by `scheduler`. */
  constructor(
    private readonly transport: Transport,
    private readonly scheduler: Scheduler,
    table: Record<string, string[]>,
    /** Virtual ms before an answer; may be changed between lookups. */
    public delayMs = 0,
  ) {
    for (const name of Object.keys(table)) this.names.set(name.toLowerCase(), table[name]!);
  }

  /** Adds or replaces a name (tests that change DNS between transfers). */
  set(name: string, addrs: string[]): void {
    this.names.set(name.toLowerCase(), addrs);
  }

  /** Resolver.start: a lookup of `host`, answered at once or after `delayMs` of virtual time. */
  start(host: string, port: number): DnsQuery {
    this.lookups++;
    const q = new DnsQuery(host, port);
    if (this.delayMs <= 0) {
      this.answer(q);
      return q;
    }
    q.s = this.transport.openSignal();
    this.pending++;
    this.scheduler.after(this.delayMs, () => {
      // A cancelled query's socket number may already belong to someone else: never fire it.
      if (q.cancelled) return;
      this.pending--;
      this.answer(q);
      this.transport.fire(q.s);
    });
    return q;
  }

  /** Resolver.cancel: the transfer no longer wants the answer (it will never be delivered). */
  cancel(q: DnsQuery): void {
    if (q.cancelled) return;
    q.cancelled = true;
    if (!q.done && q.s >= 0) this.pending--;
  }

  private answer(q: DnsQuery): void {
    const addrs = this.names.get(q.host.toLowerCase());
    if (addrs === undefined) {
      q.error = "not found";
      q.negative = true;
    } else q.addrs = addrs.slice(); // the caller may keep or change it; the table stays as set
    q.done = true;
  }
}
