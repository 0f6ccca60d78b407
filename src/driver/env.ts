// The Bun environment a Multi runs on by default: the monotonic clock, Bun sockets and Bun.dns.

import { BunResolver } from "../dns/bun.ts";
import type { MultiEnv } from "../multi/multi.ts";
import { BunTransport } from "../transport/bun/transport.ts";

const clock = { now: () => performance.now() };

/** A fresh transport and resolver for one Multi. */
export function defaultBunEnv(): MultiEnv {
  const transport = new BunTransport();
  return { clock, transport, resolver: new BunResolver(transport) };
}
