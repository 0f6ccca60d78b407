// One fetch() call: the easy handle it sets up from the plan, and the way to its Response.
// The promise resolves when the final head is in, as fetch does, but from a microtask: the engine
// handles everything a socket event brought in one synchronous run, so by then a small response is
// often complete and becomes a Response over its bytes (Bun reads those natively, no stream at all).
// Otherwise the body is a BodyStream whose reading drives the transfer (backpressure by CURLPAUSE).
//
// States, in order: PREPARING (the body is being read: a Blob or FormData), HEAD (in the multi, no
// final head yet), SCHEDULED (final head in, the microtask pending), RESOLVED (the Response is out),
// OVER (rejected or aborted). `doneCode` is the transfer's CURLcode once it ended, -1 before.

import {
  CURL_REDIR_POST_301,
  CURL_REDIR_POST_302,
  CURL_WRITEFUNC_PAUSE,
  type CURLcode,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
} from "../constants/index.ts";
import { BODY_HIGH_WATER_MARK, BodyStream } from "../driver/body-stream.ts";
import { CurlError, CurlMultiError } from "../driver/errors.ts";
import { HeadLines } from "../driver/head-lines.ts";
import { BODY_TIMEOUT_MS, Pauser, type StallWatch } from "../driver/pauser.ts";
import { cancelTransfer, sharedMulti, startTransfer } from "../driver/runner.ts";
import { Easy, handleOf } from "../easy/easy.ts";
import type { EasyOptionInput } from "../easy/options.ts";
import type { Multi } from "../multi/multi.ts";
import type { HeaderSink } from "../transfer/transfer.ts";
import { type BodyPlan, bodyPlan } from "./request-body.ts";
import type { FetchPlan } from "./request-init.ts";
import { FetchResponse } from "./response.ts";
import { UploadSource } from "./upload.ts";

/**
 * multisock's extras of one fetch(): any easy option (camelCase CURLOPT_* key) but the callbacks
 * fetch() owns (write, header and read: the Response and the body are how it talks), and these.
 */
export type FetchExtras = Omit<
  EasyOptionInput,
  "writeFunction" | "headerFunction" | "readFunction"
> & {
  /** Run on this multi (with its own BunDriver) instead of the shared one. */
  multi?: Multi;
  /** The body stream's queue limit in bytes before the transfer is paused (default 1 MiB). */
  highWaterMark?: number;
  /** A full GC after every this many body bytes (default 32 MiB, 0 = never): see body-stream.ts. */
  gcEvery?: number;
  /**
   * undici's bodyTimeout, ms (default 300,000; 0 = never): a body that waits paused this long with
   * nobody reading it ends its transfer, and reading it then fails with CURLE_OPERATION_TIMEDOUT as
   * the cause. So a Response dropped unread gives its connection back in the end.
   */
  bodyTimeout?: number;
};

const PREPARING = 0;
const HEAD = 1;
const SCHEDULED = 2;
const RESOLVED = 3;
const OVER = 4;

/** fetch follows at most 20 redirects (the Fetch standard's limit). */
const MAX_REDIRECTS = 20;
/** CURLFOLLOW_OBEYCODE: a switch to GET (303, or POST on 301/302) drops a custom method too. */
const FOLLOW_OBEYCODE = 3;
/** The statuses fetch treats as redirects (redirect: "error" rejects on them). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Statuses whose Response has a null body (101, 103, 204, 205, 304). */
function nullBodyStatus(s: number): boolean {
  return s === 204 || s === 304 || s === 205 || s === 101 || s === 103;
}
/** The extras fetch() handles itself, and the callbacks it owns. */
const OWN_EXTRAS = new Set(["multi", "highWaterMark", "gcEvery", "bodyTimeout"]);
const FETCH_CALLBACKS = new Set(["writeFunction", "headerFunction", "readFunction"]);
const DEFAULT_USER_AGENT = "multisock";
const EMPTY_LIST: Uint8Array[] = [];
const RESPONSE_INIT: { status: number; statusText: string; headers: Headers | undefined } = {
  status: 200,
  statusText: "",
  headers: undefined,
};

/** setopt with a name known only at run time (setopt's typed signature cannot check it here). */
function opt(e: Easy, name: string, value: unknown): number {
  return e.setopt(name as never, value as never);
}

/** The write and header callbacks: module functions reaching their job through the userdata. */
const writeCb = (d: Uint8Array, _e: unknown, job: unknown): number => (job as FetchJob).write(d);

/**
 * The options every fetch() sets the same way, on a template handle per (default User-Agent,
 * redirect: "follow") pair that each job's handle is duplicated from (curl_easy_duphandle): one
 * copy of the option record instead of six setopt calls per request.
 */
const templates: (Easy | undefined)[] = [undefined, undefined, undefined, undefined];
function templateFor(p: FetchPlan): Easy {
  const follow = p.redirect === "follow";
  const i = (p.hasUserAgent ? 0 : 1) | (follow ? 2 : 0);
  let t = templates[i];
  if (t === undefined) {
    t = new Easy();
    opt(t, "pipeWait", 1);
    opt(t, "acceptEncoding", "");
    if (!p.hasUserAgent) opt(t, "userAgent", DEFAULT_USER_AGENT);
    if (follow) {
      opt(t, "followLocation", FOLLOW_OBEYCODE);
      opt(t, "maxRedirs", MAX_REDIRECTS);
    }
    opt(t, "writeFunction", writeCb);
    templates[i] = t;
  }
  return t;
}

/**
 * Jobs whose final head came in, settled in one microtask after the engine's synchronous run (so a
 * body that came with the head is complete by then): one closure for all, none per job.
 */
let toSettle: FetchJob[] = [];
function settleAll(): void {
  const jobs = toSettle;
  toSettle = [];
  for (const j of jobs) j.settle();
}

/** The TypeError fetch rejects with on a network error; `cause` says what happened. */
export function fetchFailed(cause: unknown): TypeError {
  return new TypeError("fetch failed", { cause });
}

export class FetchJob implements EventListenerObject, HeaderSink, StallWatch {
  private state = PREPARING;
  /** Redirects followed (3xx heads with a Location that were not final). An auth round trip
   *  (a 401/407 asked again, which libcurl counts in CURLINFO_REDIRECT_COUNT) is not one. */
  private followed = 0;
  /** The last head was a 3xx the engine may follow: it was, if another head comes. */
  private pending3xx = false;
  private doneCode = -1;
  private readonly easy: Easy;
  private readonly multi: Multi;
  /** Made when first needed (a pause, a body stream, an upload): most small transfers never do. */
  private pauserOf: Pauser | null = null;
  /** bodyTimeout in ms (the job is its pauser's StallWatch: no closure per job). */
  readonly ms: number;
  private readonly head = new HeadLines();
  /** Body chunks that came before the Response was made (views that never change). */
  private early: Uint8Array[] = EMPTY_LIST;
  private earlyBytes = 0;
  private stream: BodyStream | null = null;
  private upload: UploadSource | null = null;
  private readonly hwm: number;

  constructor(
    private readonly plan: FetchPlan,
    private readonly extras: FetchExtras | undefined,
    private readonly resolve: (r: FetchResponse) => void,
    private readonly reject: (e: unknown) => void,
  ) {
    this.easy = templateFor(plan).duphandle();
    this.multi = extras?.multi ?? sharedMulti();
    const hwm = extras?.highWaterMark;
    this.hwm = typeof hwm === "number" && hwm >= 0 ? hwm : BODY_HIGH_WATER_MARK;
    const bt = extras?.bodyTimeout;
    this.ms = typeof bt === "number" && bt >= 0 ? bt : BODY_TIMEOUT_MS;
  }

  private get pauser(): Pauser {
    if (this.pauserOf === null) this.pauserOf = new Pauser(this.easy, this);
    return this.pauserOf;
  }

  /** StallWatch: the body waited paused, unread, for bodyTimeout: the transfer ends as a timeout. */
  fire(): void {
    if (this.state === OVER || this.doneCode !== -1) return;
    cancelTransfer(this.multi, this.easy);
    const ms = this.ms;
    this.transferDone(
      this.easy,
      CURLE_OPERATION_TIMEDOUT,
      `Response body not read for ${ms} ms (bodyTimeout): transfer ended`,
    );
  }

  /** Listens to the signal, reads the body if it must, then starts the transfer. */
  begin(): void {
    this.plan.signal?.addEventListener("abort", this, { once: true });
    let b: unknown = this.plan.body;
    if (b instanceof Promise) b = b.then(bodyPlan);
    else b = bodyPlan(b);
    if (b instanceof Promise)
      b.then(
        (p: BodyPlan) => this.start(p),
        (err: unknown) => this.fail(fetchFailed(err)),
      );
    else this.start(b as BodyPlan | null);
  }

  private start(body: BodyPlan | null): void {
    if (this.state !== PREPARING) return; // aborted while the body was read
    const e = this.easy;
    const p = this.plan;
    opt(e, "url", p.url);
    const headers = p.headers;
    const m = p.method;
    const withBody = body !== null || m === "POST" || m === "PUT";
    if (m === "HEAD") opt(e, "noBody", 1);
    else if (m !== "GET" && m !== "POST") opt(e, "customRequest", m);
    if (withBody) {
      opt(e, "post", 1);
      // fetch keeps the method and body on 301/302 for anything but POST; 303 makes a GET.
      if (m !== "POST") opt(e, "postRedir", CURL_REDIR_POST_301 | CURL_REDIR_POST_302);
      if (body === null) opt(e, "postFields", "");
      else if (body.bytes !== null) opt(e, "postFields", body.bytes);
      else {
        this.upload = new UploadSource(body.stream!, this.pauser);
        opt(e, "readFunction", this.upload.read);
        opt(e, "postFieldSize", body.size);
      }
      // The body's own type, or none at all (libcurl would add a form type); never Expect.
      if (!p.hasContentType)
        headers.push(body?.type != null ? `Content-Type: ${body.type}` : "Content-Type:");
      headers.push("Expect:");
    }
    if (headers.length > 0) opt(e, "httpHeader", headers);
    const x = this.extras;
    if (x !== undefined) {
      for (const k in x) {
        if (OWN_EXTRAS.has(k) || k === "multisock") continue;
        if (FETCH_CALLBACKS.has(k)) {
          this.fail(new TypeError(`fetch: ${k} is fetch()'s own; use request() or Easy for it`));
          return;
        }
        const rc = opt(e, k, (x as Record<string, unknown>)[k]);
        if (rc !== CURLE_OK) {
          this.fail(
            new TypeError(`fetch: option ${k}: ${e.lastSetoptError}`, {
              cause: new CurlError(rc, e.lastSetoptError),
            }),
          );
          return;
        }
      }
    }
    opt(e, "writeData", this);
    handleOf(e).headerSink = this;
    this.state = HEAD;
    const rc = startTransfer(this.multi, e, this);
    if (rc !== 0) this.fail(fetchFailed(new CurlMultiError(rc)));
  }

  /** The header callback, as the handle's HeaderSink: the line is d[start, end). */
  headerLine(d: Uint8Array, start: number, end: number): number {
    const h = this.head;
    // Lines after the final head (a chunked body's trailers) are not the Response's headers.
    if (this.state !== HEAD || !h.lineAt(d, start, end)) return end - start;
    if (this.plan.redirect === "error" && REDIRECTS.has(h.status)) {
      // A failed header write ends the transfer (CURLE_WRITE_ERROR): its done is ignored.
      this.fail(
        fetchFailed(new Error(`redirect mode is "error" and the response is a ${h.status}`)),
      );
      return 0;
    }
    // A 3xx counts once the next request's head shows it was followed (followLocation: 0 in the
    // extras leaves it final).
    if (this.pending3xx) {
      this.followed++;
      this.pending3xx = false;
    }
    if (h.final(this.plan.redirect === "follow")) this.schedule();
    else if (h.status >= 300 && h.status < 400) this.pending3xx = true;
    return end - start;
  }

  /** The final head is in: the Response is made in the microtask after the engine's run. */
  private schedule(): void {
    this.state = SCHEDULED;
    if (toSettle.push(this) === 1) queueMicrotask(settleAll);
  }

  /** The write callback. */
  write(d: Uint8Array): number {
    const s = this.stream;
    if (s !== null) return s.write(d);
    if (this.state >= RESOLVED) return d.length;
    // The engine delivers no body of a response it follows: body bytes mean this head is final
    // (a 3xx it does not follow: an empty Location, followLocation 0 in the extras).
    if (this.state === HEAD) this.schedule();
    if (this.earlyBytes >= this.hwm) {
      this.pauser.pauseRecv();
      return CURL_WRITEFUNC_PAUSE;
    }
    if (this.early === EMPTY_LIST) this.early = [d];
    else this.early.push(d);
    this.earlyBytes += d.length;
    return d.length;
  }

  /** The transfer ended (runner.ts). */
  transferDone(_easy: Easy, code: CURLcode, detail?: string): void {
    this.doneCode = code;
    this.pauserOf?.unwatch();
    this.plan.signal?.removeEventListener("abort", this);
    this.upload?.cancel(undefined);
    if (code !== CURLE_OK) {
      const err = fetchFailed(
        this.upload?.failure ??
          new CurlError(code, detail ?? String(this.easy.getinfo("errorBuffer") ?? "")),
      );
      if (this.state === RESOLVED) this.stream?.error(err);
      else this.fail(err);
      return;
    }
    if (this.state === RESOLVED) this.stream?.close();
    else if (this.state === HEAD) {
      // Ended without a final head (nothing to wait for): settle now.
      this.state = SCHEDULED;
      this.settle();
    }
  }

  /** The signal's abort event (the job is its listener object: no closure). */
  handleEvent(): void {
    const reason = this.plan.signal!.reason;
    cancelTransfer(this.multi, this.easy);
    this.upload?.cancel(reason);
    if (this.state === RESOLVED) {
      this.state = OVER;
      this.stream?.error(reason);
      return;
    }
    this.fail(reason);
  }

  /** The Response, from the microtask after the final head (or at the end). */
  settle(): void {
    if (this.state !== SCHEDULED) return;
    const h = this.head;
    const e = this.easy;
    const nullBody = nullBodyStatus(h.status) || this.plan.method === "HEAD";
    let body: Bun.BodyInit | null = null;
    if (!nullBody) {
      if (this.doneCode === CURLE_OK) body = joined(this.early, this.earlyBytes);
      else {
        const gc = this.extras?.gcEvery;
        this.stream = new BodyStream(
          this.pauser,
          this.hwm,
          (reason: unknown) => this.cancelled(reason),
          this.early,
          typeof gc === "number" ? gc : undefined,
        );
        body = this.stream.stream;
      }
    }
    this.early = EMPTY_LIST;
    const info = handleOf(e).info;
    const redirected = this.followed > 0;
    let res: FetchResponse;
    try {
      // One init object for every Response: the constructor reads it and keeps none of it.
      const init = RESPONSE_INIT;
      init.status = h.status;
      init.statusText = h.statusText;
      init.headers = h.headersInit();
      res = new FetchResponse(
        body,
        init,
        redirected
          ? { url: String(info.effectiveUrl), redirected, easy: e }
          : { url: this.plan.url, redirected, easy: e },
      );
    } catch (err) {
      // A status Response cannot carry (above 599): a network error for fetch.
      cancelTransfer(this.multi, e);
      this.fail(fetchFailed(err));
      return;
    }
    h.release();
    this.state = RESOLVED;
    this.resolve(res);
  }

  /** The consumer cancelled the body stream: the transfer ends. */
  private cancelled(_reason: unknown): void {
    this.state = OVER;
    this.pauserOf?.unwatch();
    cancelTransfer(this.multi, this.easy);
    this.plan.signal?.removeEventListener("abort", this);
    this.upload?.cancel(undefined);
  }

  /** Rejects (once) and ends the transfer if it runs. */
  private fail(err: unknown): void {
    if (this.state >= RESOLVED) return;
    const running = this.state !== PREPARING;
    this.state = OVER;
    this.pauserOf?.unwatch();
    this.plan.signal?.removeEventListener("abort", this);
    if (running) cancelTransfer(this.multi, this.easy);
    this.reject(err);
  }
}

/** The chunks as one array (the only one itself when there is one). */
function joined(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
