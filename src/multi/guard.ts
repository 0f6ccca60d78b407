// The callback guard: every user callback runs inside it. While one runs, API calls on the multi are
// CURLM_RECURSIVE_API_CALL (the multi reads `active`); a throw, a Promise or a non-integer return
// becomes CALLBACK_FAILED with the reason in the transfer's error text (callback-result.ts).

import type {
  ReadCallback,
  SeekCallback,
  WriteCallback,
  XferInfoCallback,
} from "../easy/callbacks.ts";
import { CALLBACK_FAILED, judged, threw } from "../transfer/callback-result.ts";
import type { GuardPort } from "../transfer/ports.ts";
import type { HeaderSink, Transfer } from "../transfer/transfer.ts";
import type { SocketCallback, TimerCallback } from "./options.ts";

export class CallbackGuard implements GuardPort {
  /** A user callback is running now. */
  active = false;

  write(
    fn: WriteCallback,
    buf: Uint8Array,
    start: number,
    end: number,
    t: Transfer,
    userdata: unknown,
    what: string,
  ): number {
    const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
    return this.call(undefined, fn, view, t.handle.easy, userdata, t, what);
  }

  read(fn: ReadCallback, buf: Uint8Array, t: Transfer, userdata: unknown): number {
    return this.call(undefined, fn, buf, t.handle.easy, userdata, t, "read");
  }

  headerSink(sink: HeaderSink, buf: Uint8Array, start: number, end: number, t: Transfer): number {
    return this.call(sink, sink.headerLine, buf, start, end, t, "header");
  }

  /** Calls fn on self with (a, b, c) inside the guard; its result judged as a callback's. */
  private call<A, B, C>(
    self: unknown,
    fn: (a: A, b: B, c: C) => unknown,
    a: A,
    b: B,
    c: C,
    t: Transfer,
    what: string,
  ): number {
    const outer = this.active;
    this.active = true;
    let rc: unknown;
    try {
      rc = fn.call(self, a, b, c);
    } catch (err) {
      t.info.errorDetail = threw(what, err);
      return CALLBACK_FAILED;
    } finally {
      this.active = outer;
    }
    return judged(t.info, what, rc);
  }

  /** Nothing returned counts as 0 (go on), as a C callback that returns 0. */
  progress(
    fn: XferInfoCallback,
    t: Transfer,
    dltotal: number,
    dlnow: number,
    ultotal: number,
    ulnow: number,
  ): number {
    const outer = this.active;
    this.active = true;
    let rc: unknown;
    try {
      rc = fn(t.opts.xferInfoData, dltotal, dlnow, ultotal, ulnow);
    } catch (err) {
      t.info.errorDetail = threw("progress", err);
      return CALLBACK_FAILED;
    } finally {
      this.active = outer;
    }
    return rc === undefined ? 0 : judged(t.info, "progress", rc);
  }

  seek(fn: SeekCallback, t: Transfer): number {
    const outer = this.active;
    this.active = true;
    let rc: unknown;
    try {
      rc = fn(t.opts.seekData, 0, 0);
    } catch (err) {
      t.info.errorDetail = threw("seek", err);
      return CALLBACK_FAILED;
    } finally {
      this.active = outer;
    }
    return judged(t.info, "seek", rc);
  }

  debug(t: Transfer, text: string): void {
    const fn = t.opts.debugFunction;
    if (fn === null) {
      console.error(`* ${text}`);
      return;
    }
    // Guarded like every callback; its return and a throw are ignored, as libcurl ignores the debug
    // callback's return value: tracing must not change the transfer.
    const outer = this.active;
    this.active = true;
    try {
      fn(t.handle.easy, 0, `${text}\n`, t.opts.debugData);
    } catch {
      // nothing
    } finally {
      this.active = outer;
    }
  }

  /** The socket callback: true when it failed (returned -1 or threw), which makes the multi dead. */
  socket(
    fn: SocketCallback,
    easy: unknown,
    s: number,
    what: number,
    userp: unknown,
    socketp: unknown,
  ): boolean {
    let rc: unknown;
    this.active = true;
    try {
      rc = fn(easy, s, what, userp, socketp);
    } catch {
      rc = -1;
    } finally {
      this.active = false;
    }
    return rc === -1;
  }

  /** The timer callback: true when it failed (returned -1 or threw), which makes the multi dead. */
  timer(fn: TimerCallback, multi: unknown, ms: number, userp: unknown): boolean {
    let rc: unknown;
    this.active = true;
    try {
      rc = fn(multi, ms, userp);
    } catch {
      rc = -1;
    } finally {
      this.active = false;
    }
    return rc === -1;
  }
}
