// What a multi runs on (a clock, a transport with its poller, a name resolver), and the default the
// package entry registers for `new Multi()` (the Bun one), so the pure layers never import Bun's I/O.

import type { Clock } from "../core/clock.ts";
import type { Resolver } from "../dns/index.ts";
import type { Transport } from "../transport/types.ts";

/** What a multi runs on: a clock, a transport (with its poller) and a name resolver. */
export interface MultiEnv {
  /** Where the multi reads time (a ManualClock in virtual-time tests). */
  clock: Clock;
  /** The socket table it connects, reads and writes through. */
  transport: Transport;
  /** Name resolution; without one only IP literals and "localhost" resolve. */
  resolver?: Resolver | null;
  /**
   * Reads an environment variable, for the proxy variables curl reads (http_proxy, HTTPS_PROXY,
   * ALL_PROXY, NO_PROXY...); without it none are read. The Bun environment reads process.env.
   */
  getenv?: ((name: string) => string | undefined) | null;
}

let defaultEnv: (() => MultiEnv) | undefined;

/** Sets the environment `new Multi()` uses when given none (the package entry sets the Bun one). */
export function setDefaultMultiEnv(factory: () => MultiEnv): void {
  defaultEnv = factory;
}

/** The environment for a multi made without one. */
export function envOrDefault(env: MultiEnv | undefined): MultiEnv {
  const e = env ?? defaultEnv?.();
  if (!e) throw new TypeError("Multi: no environment given and no default registered");
  return e;
}
