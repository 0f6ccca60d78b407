// request(): a promise helper on top of the callback engine (never under it). One shared Multi and
// BunDriver serve every call unless the caller passes its own (runner.ts). The body is buffered, or
// handed to onData as it comes, or (stream: true) a ReadableStream whose reading drives the transfer.
// A caller's own writeFunction and headerFunction are called too, before request()'s own handling.

import {
  CURL_WRITEFUNC_PAUSE,
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
} from "../constants/index.ts";
import type { WriteCallback } from "../easy/callbacks.ts";
import { Easy } from "../easy/easy.ts";
import type { EasyOptionInput } from "../easy/options.ts";
import type { Multi } from "../multi/multi.ts";
import { BODY_HIGH_WATER_MARK, BodyStream } from "./body-stream.ts";
import { CurlError, CurlMultiError } from "./errors.ts";
import { HeadLines } from "./head-lines.ts";
import { Pauser } from "./pauser.ts";
import { cancelTransfer, sharedMulti, startTransfer } from "./runner.ts";
import { type CurlTimings, timingsOf } from "./timings.ts";

export { CurlError, CurlMultiError } from "./errors.ts";
export type { CurlTimings } from "./timings.ts";

/** What request() resolves with; `B` is the body: bytes, or a stream with `stream: true`. */
export interface CurlResponseOf<B> {
  status: number;
  /** The final response's header fields in order, names as received. */
  headers: [string, string][];
  /** Value of the first header field called `name` (case-insensitive). */
  header(name: string): string | undefined;
  body: B;
  effectiveUrl: string;
  /** The phase times; with `stream: true` final once the body has been read to its end. */
  timings: CurlTimings;
  /** The easy handle, for any other getinfo. */
  easy: Easy;
  /** The body as UTF-8 text (reads the stream with `stream: true`). */
  text(): Promise<string>;
  /** The body parsed as JSON. */
  json<T = unknown>(): Promise<T>;
}

/** request()'s result: the whole body in `body` (empty when onData took it). */
export type CurlResponse = CurlResponseOf<Uint8Array>;
/**
 * request(url, { stream: true })'s result, resolved when the head has arrived: `body` is a
 * ReadableStream (`for await (const chunk of res.body)`) whose reading drives the transfer.
 */
export type CurlStreamResponse = CurlResponseOf<ReadableStream<Uint8Array>>;

/** Options: any CURLOPT_* camelCase key (url, httpHeader, postFields, timeoutMs, ...) and these. */
export type RequestOptions = EasyOptionInput & {
  /** Run on this multi (with its own driver) instead of the shared one. */
  multi?: Multi;
  /** Aborts the transfer in any phase: the promise (or the body stream) fails with `signal.reason`. */
  signal?: AbortSignal;
  /** Each body chunk as it arrives (a view that never changes); the result's `body` stays empty. */
  onData?: (chunk: Uint8Array) => void;
  /** Resolve at the head with `body` a ReadableStream (see CurlStreamResponse). */
  stream?: boolean;
  /** The body stream's queue limit in bytes before the transfer is paused (default 1 MiB). */
  highWaterMark?: number;
  /** With `stream: true`: a full GC after every this many body bytes (default 32 MiB, 0 = never). */
  gcEvery?: number;
};

/** request()'s own keys, never passed to setopt. */
const OWN_KEYS = new Set([
  "multi",
  "signal",
  "onData",
  "stream",
  "highWaterMark",
  "gcEvery",
  "writeFunction",
  "headerFunction",
]);

const utf8 = new TextDecoder();
const EMPTY = new Uint8Array(0);

class Result<B extends Uint8Array | ReadableStream<Uint8Array>> implements CurlResponseOf<B> {
  constructor(
    readonly status: number,
    readonly headers: [string, string][],
    readonly body: B,
    readonly effectiveUrl: string,
    public timings: CurlTimings,
    readonly easy: Easy,
  ) {}

  header(name: string): string | undefined {
    const n = name.toLowerCase();
    return this.headers.find(([k]) => k.toLowerCase() === n)?.[1];
  }

  text(): Promise<string> {
    const b = this.body;
    if (b instanceof Uint8Array) return Promise.resolve(utf8.decode(b));
    return new Response(b).text();
  }

  async json<T = unknown>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }
}

/** One request() call in flight. */
class RequestJob {
  readonly head = new HeadLines();
  private buf = EMPTY;
  private size = 0;
  private stream: BodyStream | null = null;
  private result: Result<ReadableStream<Uint8Array>> | null = null;
  private settled = false;
  private readonly pauser: Pauser;
  private readonly follow: boolean;

  constructor(
    readonly easy: Easy,
    readonly multi: Multi,
    private readonly o: RequestOptions,
    private readonly resolve: (r: CurlResponseOf<Uint8Array | ReadableStream<Uint8Array>>) => void,
    private readonly reject: (e: unknown) => void,
    private readonly userWrite: WriteCallback | null,
    private readonly userHeader: WriteCallback | null,
  ) {
    this.pauser = new Pauser(easy);
    this.follow = Boolean(o.followLocation);
  }

  readonly onWrite = (d: Uint8Array, e: unknown, userdata: unknown): number => {
    // Body bytes of a head final() could not call final (a 401 not asked again): it was.
    if (this.o.stream === true && this.result === null) this.resolveStream();
    const s = this.stream;
    // Full: pause before the caller's callback sees the chunk (it comes again after the pause).
    if (s?.full()) {
      this.pauser.pauseRecv();
      return CURL_WRITEFUNC_PAUSE;
    }
    if (this.userWrite !== null) {
      const rc = this.userWrite(d, e, userdata);
      if (rc !== d.length) return rc;
    }
    if (s !== null) return s.write(d);
    if (this.o.onData !== undefined) {
      this.o.onData(d);
      return d.length;
    }
    // The whole body, copied (the view is the engine's), growing by doubling.
    const need = this.size + d.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need, this.buf.length * 2, 4096));
      grown.set(this.buf.subarray(0, this.size));
      this.buf = grown;
    }
    this.buf.set(d, this.size);
    this.size = need;
    return d.length;
  };

  readonly onHeader = (d: Uint8Array, e: unknown, userdata: unknown): number => {
    if (this.userHeader !== null) {
      const rc = this.userHeader(d, e, userdata);
      if (rc !== d.length) return rc;
    }
    if (
      this.head.line(d) &&
      this.o.stream === true &&
      this.result === null &&
      this.head.final(this.follow)
    )
      this.resolveStream();
    return d.length;
  };

  readonly onAbort = (): void => {
    const reason = this.o.signal!.reason;
    cancelTransfer(this.multi, this.easy);
    this.end();
    if (!this.settled) {
      this.settled = true;
      this.reject(reason);
    }
    this.stream?.error(reason);
  };

  transferDone(easy: Easy, result: CURLcode): void {
    this.end();
    if (result !== CURLE_OK) {
      const err = new CurlError(result, String(easy.getinfo("errorBuffer") ?? ""));
      if (this.stream !== null) this.stream.error(err);
      else if (!this.settled) {
        this.settled = true;
        this.reject(err);
      }
      return;
    }
    if (this.o.stream === true) {
      if (this.result === null) this.resolveStream();
      this.result!.timings = timingsOf(easy);
      this.stream!.close();
      return;
    }
    this.settled = true;
    this.resolve(
      new Result(
        this.head.status || (easy.getinfo("responseCode") as number),
        this.head.headers,
        this.buf.subarray(0, this.size),
        String(easy.getinfo("effectiveUrl") ?? ""),
        timingsOf(easy),
        easy,
      ),
    );
  }

  /** stream: true and the final head is in: resolve with the body stream. */
  private resolveStream(): void {
    const hwm = this.o.highWaterMark ?? BODY_HIGH_WATER_MARK;
    const gc = this.o.gcEvery;
    this.stream = new BodyStream(
      this.pauser,
      hwm,
      () => {
        cancelTransfer(this.multi, this.easy);
        this.end();
      },
      [],
      typeof gc === "number" ? gc : undefined,
    );
    const easy = this.easy;
    this.result = new Result(
      this.head.status,
      this.head.headers,
      this.stream.stream,
      String(easy.getinfo("effectiveUrl") ?? ""),
      timingsOf(easy),
      easy,
    );
    this.settled = true;
    this.resolve(this.result);
  }

  /** The transfer is over (done, aborted or cancelled): stop listening to the signal. */
  private end(): void {
    this.o.signal?.removeEventListener("abort", this.onAbort);
  }
}

/**
 * Runs one transfer and resolves with status, headers, body and timings; rejects with a CurlError
 * carrying the CURLE_* code (an unknown option or bad value rejects before anything is sent), or with
 * `signal.reason` when the signal aborts it. With `stream: true` it resolves at the head with the body
 * as a ReadableStream. A caller's writeFunction and headerFunction are called with every chunk and
 * line before request() handles them; a return other than the chunk's length (CURL_WRITEFUNC_PAUSE,
 * an error) is what the engine gets, and the chunk is then not taken by request().
 */
export function request(
  url: string,
  options: RequestOptions & { stream: true },
): Promise<CurlStreamResponse>;
export function request(url: string, options?: RequestOptions): Promise<CurlResponse>;
export function request(
  url: string,
  options: RequestOptions = {},
): Promise<CurlResponseOf<Uint8Array | ReadableStream<Uint8Array>>> {
  return new Promise((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const hwm = options.highWaterMark;
    if (hwm !== undefined && !(hwm >= 0)) {
      reject(
        new CurlError(CURLE_BAD_FUNCTION_ARGUMENT, `highWaterMark must be 0 or more, got ${hwm}`),
      );
      return;
    }
    const easy = new Easy();
    // Concurrent calls to one HTTP/2 origin share a connection as streams instead of each opening
    // its own while the first is connecting (CURLOPT_PIPEWAIT; { pipeWait: 0 } undoes it).
    easy.setopt("pipeWait" as never, 1 as never);
    for (const k in options) {
      if (OWN_KEYS.has(k)) continue;
      const rc = easy.setopt(k as never, (options as Record<string, unknown>)[k] as never);
      if (rc !== CURLE_OK) {
        reject(new CurlError(rc, easy.lastSetoptError));
        return;
      }
    }
    const userWrite = callbackOption(options, "writeFunction");
    const userHeader = callbackOption(options, "headerFunction");
    if (typeof userWrite === "string" || typeof userHeader === "string") {
      const name = typeof userWrite === "string" ? "writeFunction" : "headerFunction";
      reject(
        new CurlError(CURLE_BAD_FUNCTION_ARGUMENT, `Bad value for ${name}: expected a function`),
      );
      return;
    }
    easy.setopt("url" as never, url as never);
    const multi = options.multi ?? sharedMulti();
    const job = new RequestJob(easy, multi, options, resolve, reject, userWrite, userHeader);
    easy.setopt("writeFunction" as never, job.onWrite as never);
    easy.setopt("headerFunction" as never, job.onHeader as never);
    const rc = startTransfer(multi, easy, job);
    if (rc !== 0) {
      reject(new CurlMultiError(rc));
      return;
    }
    signal?.addEventListener("abort", job.onAbort, { once: true });
  });
}

/** The caller's callback option `name`: the function, null when unset, or "bad" for another value. */
function callbackOption(o: RequestOptions, name: string): WriteCallback | null | "bad" {
  const v = (o as Record<string, unknown>)[name];
  if (v === undefined || v === null) return null;
  return typeof v === "function" ? (v as WriteCallback) : "bad";
}
