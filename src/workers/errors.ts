// The one error class of the worker pool, with a stable code from a closed set. Per-request failures are
// never errors: they are CURLcode results (ResultBatch.code). This is for the pool itself.

/**
 * The codes a {@link WorkerPoolError} carries: BAD_OPTION, an option the engine refused (its CURLcode
 * or CURLMcode and text in the message); POOL_CLOSED, run() or stream() on a pool that is closing,
 * closed or destroyed; WORKER_CRASHED, a worker threw an uncaught error or exited on its own (the pool
 * then stopped every worker).
 */
export type WorkerPoolErrorCode = "BAD_OPTION" | "POOL_CLOSED" | "WORKER_CRASHED";

/**
 * An error of the pool itself (libcurl has none: it has no threads), never of one request: those are
 * CURLcode results. `worker` is the worker's number for WORKER_CRASHED, else -1.
 */
export class WorkerPoolError extends Error {
  /** An error of kind `code`; `worker` only for WORKER_CRASHED. */
  constructor(
    /** Which failure: one of a closed set. */
    readonly code: WorkerPoolErrorCode,
    message: string,
    /** The worker (0-based) for WORKER_CRASHED, else -1. */
    readonly worker = -1,
  ) {
    super(message);
    this.name = "WorkerPoolError";
  }
}
