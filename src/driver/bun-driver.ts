// BunDriver: the ready-made application loop for a Multi on Bun (the role of libcurl's hiperfifo example).
// It watches sockets with the multi's poller, keeps ONE Bun timer for the multi's one timeout, calls
// socketAction, and hands finished transfers to onDone. The engine never calls socketAction on itself.

import { CURL_SOCKET_TIMEOUT, type CURLcode, CURLM_OK } from "../constants/index.ts";
import type { Easy } from "../easy/easy.ts";
import { type Multi, multiCore } from "../multi/multi.ts";

/** Options of {@link BunDriver}. */
export interface BunDriverOptions {
  /**
   * Called for each CURLMSG_DONE after every action. It may add new handles at once (keeps a steady
   * number in flight). Without it, messages stay queued for the application's own infoRead().
   */
  onDone?: (easy: Easy, result: CURLcode) => void;
}

type Timer = ReturnType<typeof setTimeout>;

/**
 * The ready-made event loop for a Multi on Bun, the role libcurl's hiperfifo example plays in C: it
 * installs the socket callback (`CURLMOPT_SOCKETFUNCTION`, watching sockets with the multi's poller)
 * and the timer callback (`CURLMOPT_TIMERFUNCTION`, ONE Bun timer for the multi's one timeout), calls
 * `socketAction` (curl_multi_socket_action) on every readiness event and expiry, and reads
 * `infoRead` (curl_multi_info_read) after each into `onDone`. No promise or closure per event.
 */
export class BunDriver {
  private timer: Timer | undefined;
  /** The delay the current timer was armed with (timer.refresh() re-arms with the same one). */
  private timerMs = -1;
  private immediate = false;
  /** Inside action(): a 0 timeout is served when the current socketAction returns. */
  private acting = false;
  private dueNow = false;
  private waiters: (() => void)[] = [];
  private readonly onDone: BunDriverOptions["onDone"];
  /** CURLMcode of the last socketAction that did not return CURLM_OK (0 when none). */
  lastError = 0;

  /** Takes over `multi`'s socket and timer callbacks and its poller's `onReady` until `close()`. */
  constructor(
    /** The multi this driver runs. */
    readonly multi: Multi,
    opts: BunDriverOptions = {},
  ) {
    this.onDone = opts.onDone;
    // One bound function each, made once: no closure per event or per timer update.
    this.fireTimer = this.fireTimer.bind(this);
    this.fireImmediate = this.fireImmediate.bind(this);
    const poller = multi.poller;
    multi.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      poller.watch(s, what);
      return 0;
    });
    multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      this.arm(ms);
      return 0;
    });
    poller.onReady = (s, ev) => this.action(s, ev);
    // The last transfer removed (cancelled) from outside an action: run() must still resolve.
    multiCore(multi).onIdle = () => this.settle();
  }

  /** Starts everything added so far and resolves when nothing is running any more. */
  run(): Promise<void> {
    const p = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.action(CURL_SOCKET_TIMEOUT, 0);
    return p;
  }

  /** Stops the timer and detaches from the multi's callbacks (the multi itself stays usable). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.multi.setopt("socketFunction", null);
    this.multi.setopt("timerFunction", null);
    this.multi.poller.onReady = undefined;
    multiCore(this.multi).onIdle = null;
  }

  private action(s: number, ev: number): void {
    if (this.acting) {
      // Re-entered (an onDone handler awaited nothing but triggered I/O synchronously): run later.
      this.arm(0);
      return;
    }
    this.acting = true;
    try {
      let rc = this.multi.socketAction(s, ev);
      if (rc !== CURLM_OK) this.lastError = rc;
      this.drain();
      // A 0 timeout asked for during this action (handles added by onDone) runs right after it,
      // still inside the I/O event that caused it: no extra loop turn, and Bun sends the new
      // requests with the same batch of writes. Bounded, so a busy multi cannot starve other I/O.
      for (let i = 0; this.dueNow && i < 16; i++) {
        this.dueNow = false;
        rc = this.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
        if (rc !== CURLM_OK) this.lastError = rc;
        this.drain();
      }
    } finally {
      this.acting = false;
    }
    if (this.dueNow) {
      this.dueNow = false;
      this.arm(0);
    }
  }

  private drain(): void {
    const done = this.onDone;
    if (done !== undefined) {
      for (let m = this.multi.infoRead(); m !== undefined; m = this.multi.infoRead()) {
        try {
          done(m.easy, m.result);
        } catch (err) {
          // The application's own error: it surfaces (as an uncaught exception, outside this
          // loop) instead of leaving the driver half way through an action.
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    }
    this.settle();
  }

  /** Resolves the run() promises once nothing is running. */
  private settle(): void {
    if (this.multi.running === 0 && this.waiters.length > 0) {
      const ws = this.waiters;
      this.waiters = [];
      for (const w of ws) w();
    }
  }

  /** The multi's timer callback: -1 deletes, 0 runs as soon as possible (not from inside the callback). */
  private arm(ms: number): void {
    if (ms < 0) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    if (ms === 0) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      if (this.acting) {
        this.dueNow = true;
        return;
      }
      if (!this.immediate) {
        this.immediate = true;
        setImmediate(this.fireImmediate);
      }
      return;
    }
    if (this.timer !== undefined && this.timerMs === ms) {
      this.timer.refresh();
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerMs = ms;
    this.timer = setTimeout(this.fireTimer, ms);
  }

  private fireTimer(): void {
    this.timer = undefined;
    this.action(CURL_SOCKET_TIMEOUT, 0);
  }

  private fireImmediate(): void {
    this.immediate = false;
    this.action(CURL_SOCKET_TIMEOUT, 0);
  }
}
