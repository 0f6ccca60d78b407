// multisock/workers: libcurl's "one multi per thread" for Bun. A WorkerPool runs N Bun Workers, each
// with its own Multi and BunDriver, feeds them request buffers and gets results back in batches of
// typed arrays. docs/workers.md says when one multi is enough (most of the time) and when it is not.
// A driver-level layer: it uses the engine, the engine never imports it (scripts/check-layout.ts).

export type { PoolEasyOptions, PoolMultiOptions, WorkerPoolOptions } from "./config.ts";
export { WorkerPoolError, type WorkerPoolErrorCode } from "./errors.ts";
export { WorkerPool } from "./pool.ts";
export {
  type PoolInput,
  type PoolRequest,
  RequestEncoder,
  RequestView,
} from "./requests.ts";
export { mergeByIndex, ResultBatch, ResultWriter } from "./results.ts";
