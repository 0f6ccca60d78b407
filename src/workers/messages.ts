// The messages between a WorkerPool and its workers. Control messages (start, cancel, close, abort and
// their answers) are small structured-clone objects; requests and results travel as one transferred
// ArrayBuffer per batch (requests.ts, results.ts), never one message or object per request.
// The invariant both sides keep: every request a worker is sent comes back in exactly one result,
// finished, failed or aborted (CURLE_ABORTED_BY_CALLBACK), unless the worker dies.

/** What every worker runs with: the pool's options, as given to the WorkerPool (validated there). */
export interface WorkerStart {
  t: "start";
  /** Which worker this is (0-based), for its messages and the crash report. */
  id: number;
  /** Transfers in flight at most in this worker. */
  maxConcurrent: number;
  /** Results per batch at most before it is sent (it is sent at the end of the loop turn anyway). */
  maxBatch: number;
  /** Collect each body into the result batch. */
  bodies: boolean;
  /** CURLOPT_* camelCase keys and values, set on every easy handle. */
  options: Record<string, unknown>;
  /** CURLMOPT_* camelCase keys and values, set on the worker's multi. */
  multiOptions: Record<string, unknown>;
}

/** Requests of one job (`buf` a request buffer, transferred). */
export interface WorkerRequests {
  t: "requests";
  job: number;
  buf: ArrayBuffer;
}

/** Ends a job early: its queued and running requests come back as CURLE_ABORTED_BY_CALLBACK. */
export interface WorkerCancel {
  t: "cancel";
  job: number;
}

/** close: finish everything sent, then exit; abort: end everything now (as cancel), then exit. */
export interface WorkerStop {
  t: "close" | "abort";
}

export type ToWorker = WorkerStart | WorkerRequests | WorkerCancel | WorkerStop;

/** Results of one job (`buf` a result buffer, transferred). */
export interface WorkerResults {
  t: "results";
  job: number;
  buf: ArrayBuffer;
}

/** ready: the worker loaded and made its multi (the answer to start); closed: it stopped its multi and exits. */
export interface WorkerState {
  t: "ready" | "closed";
}

export type FromWorker = WorkerResults | WorkerState;
