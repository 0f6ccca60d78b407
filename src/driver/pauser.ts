// The pause state a promise helper holds on one transfer: the receive side (its body stream is full)
// and the send side (its request body stream has no chunk ready). curl_easy_pause sets both bits at
// once, so whichever side resumes must pass the other side's bit along, or it would unpause it too.

import { CURLPAUSE_RECV, CURLPAUSE_SEND } from "../constants/index.ts";
import type { Easy } from "../easy/easy.ts";

/**
 * How long a body may wait paused with nobody reading it before its transfer ends, ms: undici's
 * bodyTimeout default (300 s). A Response dropped unread would otherwise hold its connection for
 * as long as the process lives (Bun never finalizes a Response whose stream is open).
 */
export const BODY_TIMEOUT_MS = 300_000;

/** What a stalled receive pause does: after `ms` (0 = never), `fire()`. */
export interface StallWatch {
  readonly ms: number;
  fire(): void;
}

export class Pauser {
  /** The write callback returned CURL_WRITEFUNC_PAUSE: the engine holds that chunk and stops reading. */
  recv = false;
  /** The read callback returned CURL_READFUNC_PAUSE. */
  send = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly easy: Easy,
    private readonly stall: StallWatch | null = null,
  ) {}

  /**
   * The write callback is about to return CURL_WRITEFUNC_PAUSE (the reader is behind). With a
   * StallWatch, the pause is watched: not resumed within its time, it fires (one timer per pause,
   * unref'd: it never keeps the process alive by itself).
   */
  pauseRecv(): void {
    this.recv = true;
    const w = this.stall;
    if (w === null || w.ms <= 0 || this.stallTimer !== undefined) return;
    this.stallTimer = setTimeout(() => {
      this.stallTimer = undefined;
      if (this.recv) w.fire();
    }, w.ms);
    this.stallTimer.unref();
  }

  /** Unpauses the receive side (curl_easy_pause), keeping the send side as it is. */
  resumeRecv(): void {
    this.unwatch();
    if (!this.recv) return;
    this.recv = false;
    this.apply();
  }

  /** The stall watch's time, ms (0 when none). */
  get stallMs(): number {
    return this.stall?.ms ?? 0;
  }

  /** The transfer is over: no stall to watch for. */
  unwatch(): void {
    if (this.stallTimer === undefined) return;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  /** Unpauses the send side, keeping the receive side as it is. */
  resumeSend(): void {
    if (!this.send) return;
    this.send = false;
    this.apply();
  }

  /** A transfer that is no longer in its multi refuses (CURLE_BAD_FUNCTION_ARGUMENT): nothing to do. */
  private apply(): void {
    this.easy.pause((this.recv ? CURLPAUSE_RECV : 0) | (this.send ? CURLPAUSE_SEND : 0));
  }
}
