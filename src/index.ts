// multisock: libcurl's multi_socket interface and timeout machinery for Bun. The public API.
// Importing this entry registers the Bun environment (real clock, Bun sockets, Bun.dns) as the default
// for `new Multi()`; the pure layers below it never touch Bun's I/O themselves.

import { defaultBunEnv } from "./driver/env.ts";
import { setDefaultMultiEnv } from "./multi/multi.ts";

setDefaultMultiEnv(defaultBunEnv);

export * from "./constants/index.ts";
export type { Clock } from "./core/clock.ts";
export { BunDriver, type BunDriverOptions } from "./driver/bun-driver.ts";
export { defaultBunEnv } from "./driver/env.ts";
export {
  CurlError,
  CurlMultiError,
  type CurlResponse,
  type CurlTimings,
  type RequestOptions,
  request,
} from "./driver/request.ts";
export { Easy } from "./easy/easy.ts";
export * from "./easy/info.ts";
export * from "./easy/options.ts";
export type { CURLMsg } from "./multi/messages.ts";
export { Multi, type MultiEnv, setDefaultMultiEnv } from "./multi/multi.ts";
export * from "./multi/options.ts";
export type { ConnectRequest, Poller, Transport } from "./transport/types.ts";
