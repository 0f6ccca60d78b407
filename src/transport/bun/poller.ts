// The Poller over BunTransport: level-triggered (s, CURL_CSELECT_*) readiness from Bun's socket events,
// delivered straight from an event handler or from a pending list, never from inside watch().

import { CURL_POLL_IN, CURL_POLL_OUT, CURL_POLL_REMOVE } from "../../constants/index.ts";
import type { Poller } from "../types.ts";

/** What the poller touches on a socket record (BunSock); structural, so this file needs no transport. */
export interface PolledSock {
  /** The Bun socket keeps the event loop alive. */
  reffed: boolean;
  /** Bun reads nothing until resume(). */
  paused: boolean;
  readonly sock: { ref(): void; unref(): void; resume(): void } | undefined;
}

/** What the poller needs of BunTransport, declared here so this file imports no transport. */
export interface PollerHost {
  /** > 0 while a transport/poller call is inside Bun: events then go to the pending list. */
  depth: number;
  rec(s: number): PolledSock | undefined;
  /** Readiness of s for the interest `want` (CURL_POLL_* bits) as CURL_CSELECT_* bits. */
  readiness(s: number, want: number): number;
}

const PEND = 1;
const AGAIN = 2;

/**
 * Level-triggered readiness for BunTransport (libcurl's application side: epoll in hiperfifo).
 * Events come straight from Bun's handlers when nothing of ours is on the stack, otherwise from a
 * pending list flushed in ONE microtask per batch. A socket still ready after its event is reported
 * again from a setImmediate round, so an unconsumed socket cannot starve Bun's I/O.
 */
export class BunPoller implements Poller {
  onReady: ((s: number, ev: number) => void) | undefined;
  /** CURL_POLL_IN/OUT bits per socket number. */
  private want = new Uint8Array(64);
  /** PEND / AGAIN: s is already in that list. */
  private flag = new Uint8Array(64);
  private pend: number[] = [];
  private again: number[] = [];
  private spare: number[] = [];
  private microQueued = false;
  private immediateQueued = false;
  private unrefList: number[] = [];
  private unrefQueued = false;
  private readonly unrefIdle = () => {
    this.unrefQueued = false;
    const list = this.unrefList;
    this.unrefList = [];
    for (const s of list) {
      const r = this.t.rec(s);
      if (r === undefined || !r.reffed || (this.want[s] ?? 0) !== 0 || r.sock === undefined)
        continue;
      r.reffed = false;
      r.sock.unref();
    }
  };
  private readonly flushPend = () => this.flush(PEND);
  private readonly flushAgain = () => this.flush(AGAIN);

  constructor(private readonly t: PollerHost) {}

  /** curl_multi socket callback's job on the app side: CURL_POLL_IN/OUT/INOUT, or REMOVE/NONE to stop. */
  watch(s: number, what: number): void {
    const r = this.t.rec(s);
    if (r === undefined) return;
    if (what === CURL_POLL_REMOVE || what === 0) {
      this.want[s] = 0;
      // Nobody waits on it (an idle keep-alive connection, a paused transfer): it must not keep the
      // process alive on its own, as an unwatched fd does not keep an epoll loop running. Checked a
      // loop turn later, so a connection reused at once (the common case) costs no native call.
      if (r.reffed) {
        this.unrefList.push(s);
        if (!this.unrefQueued) {
          this.unrefQueued = true;
          setImmediate(this.unrefIdle);
        }
      }
      return;
    }
    const w = what & (CURL_POLL_IN | CURL_POLL_OUT);
    this.want[s] = w;
    if (r.sock !== undefined && !r.reffed) {
      r.reffed = true;
      r.sock.ref();
    }
    if (w & CURL_POLL_IN && r.paused && r.sock !== undefined) {
      r.paused = false;
      this.t.depth++;
      try {
        r.sock.resume();
      } finally {
        this.t.depth--;
      }
    }
    if (this.t.readiness(s, w) !== 0) this.schedule(s);
  }

  /** What is watched on s (0 = nothing). */
  watching(s: number): number {
    return this.want[s] ?? 0;
  }

  /** @internal A fresh number: clear what a previous owner left, growing the arrays by doubling. */
  reset(s: number): void {
    if (s >= this.want.length) {
      let n = this.want.length * 2;
      while (n <= s) n *= 2;
      const w = new Uint8Array(n);
      w.set(this.want);
      this.want = w;
      const f = new Uint8Array(n);
      f.set(this.flag);
      this.flag = f;
    }
    this.want[s] = 0;
  }

  /** @internal The socket closed: no more events (a stale list entry finds want 0 and is skipped). */
  forget(s: number): void {
    this.want[s] = 0;
  }

  /** @internal Queues s for the next microtask flush. */
  schedule(s: number): void {
    if (!(this.flag[s]! & PEND)) {
      this.flag[s]! |= PEND;
      this.pend.push(s);
    }
    if (!this.microQueued) {
      this.microQueued = true;
      queueMicrotask(this.flushPend);
    }
  }

  private scheduleAgain(s: number): void {
    if (!(this.flag[s]! & AGAIN)) {
      this.flag[s]! |= AGAIN;
      this.again.push(s);
    }
    if (!this.immediateQueued) {
      this.immediateQueued = true;
      setImmediate(this.flushAgain);
    }
  }

  /** @internal Reports s now if it is watched and ready; re-queues it if it stays ready. */
  deliver(s: number): void {
    const w = this.want[s]!;
    if (w === 0) return;
    const ev = this.t.readiness(s, w);
    if (ev === 0) return;
    const cb = this.onReady;
    if (cb === undefined) return;
    try {
      cb(s, ev);
    } catch (e) {
      // The application's error must not look like a socket error to Bun, nor stop the batch.
      reportError(e);
    }
    const w2 = this.want[s] ?? 0;
    if (w2 !== 0 && this.t.readiness(s, w2) !== 0) this.scheduleAgain(s);
  }

  private flush(which: number): void {
    let list: number[];
    if (which === PEND) {
      this.microQueued = false;
      list = this.pend;
      this.pend = this.spare;
    } else {
      this.immediateQueued = false;
      list = this.again;
      this.again = this.spare;
    }
    this.spare = list;
    const clear = ~which & 0xff;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      this.flag[s]! &= clear;
      this.deliver(s);
    }
    list.length = 0;
  }
}
