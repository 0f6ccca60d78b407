// The real resolver: Bun.dns.lookup (c-ares or the system resolver, off the event loop), waking the
// transfer through an event socket as libcurl's threaded resolver does through its socketpair.

import { dns } from "bun";
import type { Transport } from "../transport/types.ts";
import { isIpLiteral, isLocalhostName } from "./overrides.ts";
import { DnsQuery, type Resolver } from "./resolver.ts";

/** The lookup function BunResolver calls: Bun.dns.lookup's shape (injectable for tests). */
export type LookupFn = (
  hostname: string,
  options: { family: 0 },
) => Promise<readonly { address: string; family: number }[]>;

/** Error codes that mean "this name does not exist" (libcurl caches those as negative entries). */
const NEGATIVE_CODES = new Set(["DNS_ENOTFOUND", "ENOTFOUND", "DNS_ENODATA", "ENODATA"]);

/**
 * Resolves with Bun.dns.lookup(host, { family: 0 }): IPv4 and IPv6 answers, in the order Bun gives them,
 * duplicates dropped. Never blocks the loop: every lookup that reaches Bun answers later through the
 * query's event socket. Some names are answered here, at once, without any query leaving the machine:
 * - IP literals (the engine does not pass them; harmless if it does);
 * - names under ".onion" fail (libcurl: "Not resolving .onion address (RFC 7686)");
 * - names under ".invalid" fail as not found (RFC 6761 section 6.4: resolver libraries should answer
 *   these locally; Bun would send them to the DNS server);
 * - "localhost." and names under ".localhost" are looked up as "localhost" (RFC 6761 section 6.3, which
 *   libcurl also follows; Bun sends "localhost." with its dot to the DNS server).
 */
export class BunResolver implements Resolver {
  constructor(
    private readonly transport: Transport,
    private readonly lookup: LookupFn = dns.lookup,
  ) {}

  start(host: string, port: number): DnsQuery {
    const q = new DnsQuery(host, port);
    const name = host.endsWith(".") ? host.slice(0, -1) : host;
    const lower = name.toLowerCase();
    if (isIpLiteral(name)) {
      q.addrs = [name];
      q.done = true;
      return q;
    }
    if (lower === "onion" || lower.endsWith(".onion")) {
      q.error = "Not resolving .onion address (RFC 7686)";
      q.done = true;
      return q;
    }
    if (lower === "invalid" || lower.endsWith(".invalid")) {
      q.error = "DNS_ENOTFOUND (RFC 6761: .invalid names never resolve)";
      q.negative = true;
      q.done = true;
      return q;
    }
    q.s = this.transport.openSignal();
    const asked = isLocalhostName(lower) ? "localhost" : name;
    let p: Promise<readonly { address: string; family: number }[]>;
    try {
      p = this.lookup(asked, { family: 0 });
    } catch (err) {
      p = Promise.reject(err);
    }
    p.then(
      (list) => this.settle(q, list, undefined),
      (err: unknown) => this.settle(q, undefined, err),
    );
    return q;
  }

  cancel(q: DnsQuery): void {
    q.cancelled = true;
  }

  private settle(
    q: DnsQuery,
    list: readonly { address: string; family: number }[] | undefined,
    err: unknown,
  ): void {
    // The caller closed q.s after cancelling; its number may have been reused since.
    if (q.cancelled) return;
    if (list !== undefined && list.length > 0) {
      const addrs: string[] = [];
      for (const a of list) if (!addrs.includes(a.address)) addrs.push(a.address);
      q.addrs = addrs;
    } else if (list !== undefined) {
      q.error = "no addresses";
      q.negative = true;
    } else {
      const e = err as { code?: unknown; message?: unknown } | null;
      const code = typeof e?.code === "string" ? e.code : "";
      const message = typeof e?.message === "string" ? e.message : String(err);
      q.error = code !== "" ? `${code} (${message})` : message;
      q.negative = NEGATIVE_CODES.has(code);
    }
    q.done = true;
    this.transport.fire(q.s);
  }
}
