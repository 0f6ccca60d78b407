// WorkerPool's options: their defaults, and their check in the main thread before any worker starts,
// so a refused option is one synchronous error at `new WorkerPool()` and never a failure per request.
// Options cross to the workers by structured clone: values only, no callbacks.

import { easyStrerror, multiStrerror } from "../constants/strerror.ts";
import {
  type EasyOptionName,
  EasyOptions,
  type EasyOptionValue,
  setOption,
} from "../easy/options.ts";
import {
  type MultiOptionName,
  MultiOptions,
  type MultiOptionValue,
  setMultiOption,
} from "../multi/options.ts";
import { WorkerPoolError } from "./errors.ts";
import type { WorkerStart } from "./messages.ts";

/** CURLOPT_* camelCase keys and values for every request of a pool (values only, no callbacks). */
export type PoolEasyOptions = { [K in EasyOptionName]?: EasyOptionValue<K> };
/** CURLMOPT_* camelCase keys and values for each worker's multi (values only, no callbacks). */
export type PoolMultiOptions = { [K in MultiOptionName]?: MultiOptionValue<K> };

/** Options of a {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Worker threads, each with its own Multi and BunDriver (default `navigator.hardwareConcurrency`). */
  workers?: number;
  /**
   * Transfers in flight at most per worker (default 100): the pool's total is this times `workers`.
   * Connections are the multi's business (`CURLMOPT_MAX_HOST_CONNECTIONS` and friends in `multiOptions`).
   */
  maxConcurrentPerWorker?: number;
  /** `CURLOPT_*` options set on every request's easy handle (`timeoutMs`, `followLocation`, ...). */
  options?: PoolEasyOptions;
  /** `CURLMOPT_*` options set on each worker's multi (`maxHostConnections`, `maxTotalConnections`, ...). */
  multiOptions?: PoolMultiOptions;
  /** Bring each body back in the result batch (default false: only its size, `CURLINFO_SIZE_DOWNLOAD`). */
  bodies?: boolean;
  /** Results per batch at most (default 1024); a worker also sends what it has at the end of each loop turn. */
  maxBatch?: number;
  /** stream(): batches buffered before the pool stops feeding that stream until it is read (default 16). */
  highWaterMark?: number;
  /**
   * The worker module (default: the package's own, dist/workers/worker.js beside this entry). A custom
   * one imports that file first (it installs the message handler) and may add listeners of its own;
   * the tests use one to make a worker crash.
   */
  script?: string | URL;
}

/** The options with their defaults, checked. */
export interface PoolConfig {
  workers: number;
  maxConcurrent: number;
  maxBatch: number;
  highWaterMark: number;
  bodies: boolean;
  options: Record<string, unknown>;
  multiOptions: Record<string, unknown>;
  script: string | URL | undefined;
}

/** The pool's own use of these options on each handle: a caller may not set them. */
const OWN = new Set(["writeFunction", "writeData", "private"]);

function positive(name: string, v: number | undefined, def: number): number {
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1)
    throw new RangeError(`WorkerPool: ${name} must be a positive integer, got ${v}`);
  return v;
}

function values(kind: string, o: object | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o === undefined) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === "function")
      throw new TypeError(`WorkerPool: ${kind}.${k} is a function; workers take values only`);
    out[k] = v;
  }
  return out;
}

/**
 * Defaults and checks: a bad count is a RangeError, a callback a TypeError, an option the engine
 * refuses a WorkerPoolError BAD_OPTION with its CURLcode (CURLMcode) and the engine's detail.
 */
export function poolConfig(o: WorkerPoolOptions): PoolConfig {
  const options = values("options", o.options);
  const multiOptions = values("multiOptions", o.multiOptions);
  const detail = { text: "" };
  const easy = new EasyOptions();
  for (const k in options) {
    if (OWN.has(k)) throw new TypeError(`WorkerPool: options.${k} is the pool's own`);
    const rc = setOption(easy, k, options[k], detail);
    if (rc !== 0)
      throw new WorkerPoolError(
        "BAD_OPTION",
        `WorkerPool: options.${k}: CURLcode ${rc} (${easyStrerror(rc)}${detail.text ? `: ${detail.text}` : ""})`,
      );
  }
  const multi = new MultiOptions();
  for (const k in multiOptions) {
    const rc = setMultiOption(multi, k, multiOptions[k], detail);
    if (rc !== 0)
      throw new WorkerPoolError(
        "BAD_OPTION",
        `WorkerPool: multiOptions.${k}: CURLMcode ${rc} (${multiStrerror(rc)}${detail.text ? `: ${detail.text}` : ""})`,
      );
  }
  return {
    workers: positive("workers", o.workers, Math.max(1, navigator.hardwareConcurrency || 1)),
    maxConcurrent: positive("maxConcurrentPerWorker", o.maxConcurrentPerWorker, 100),
    maxBatch: positive("maxBatch", o.maxBatch, 1024),
    highWaterMark: positive("highWaterMark", o.highWaterMark, 16),
    bodies: o.bodies === true,
    options,
    multiOptions,
    script: o.script,
  };
}

/** The start message of worker `id`. */
export function startMessage(c: PoolConfig, id: number): WorkerStart {
  return {
    t: "start",
    id,
    maxConcurrent: c.maxConcurrent,
    maxBatch: c.maxBatch,
    bodies: c.bodies,
    options: c.options,
    multiOptions: c.multiOptions,
  };
}
