// The Bun environment a Multi runs on by default: the monotonic clock, Bun sockets and Bun.dns.

import { BunResolver } from "../dns/bun.ts";
import type { MultiEnv } from "../multi/multi.ts";
import { BunTransport } from "../transport/bun/transport.ts";

const clock = { now: () => performance.now() };
const getenv = (name: string): string | undefined => process.env[name];

/**
 * The Bun environment for one Multi: the monotonic clock (`performance.now()`), a fresh Bun socket
 * transport, a `Bun.dns` resolver, and process.env for the proxy variables. The package entry registers it as the default of `new Multi()`;
 * `setDefaultMultiEnv(defaultBunEnv)` restores it after a test registered another.
 */
export function defaultBunEnv(): MultiEnv {
  const transport = new BunTransport();
  return { clock, transport, resolver: new BunResolver(transport), getenv };
}
