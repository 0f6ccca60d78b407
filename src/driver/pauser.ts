// The pause state a promise helper holds on one transfer: the receive side (its body stream is full)
// and the send side (its request body stream has no chunk ready). curl_easy_pause sets both bits at
// once, so whichever side resumes must pass the other side's bit along, or it would unpause it too.

import { CURLPAUSE_RECV, CURLPAUSE_SEND } from "../constants/index.ts";
import type { Easy } from "../easy/easy.ts";

export class Pauser {
  /** The write callback returned CURL_WRITEFUNC_PAUSE: the engine holds that chunk and stops reading. */
  recv = false;
  /** The read callback returned CURL_READFUNC_PAUSE. */
  send = false;

  constructor(private readonly easy: Easy) {}

  /** Unpauses the receive side (curl_easy_pause), keeping the send side as it is. */
  resumeRecv(): void {
    if (!this.recv) return;
    this.recv = false;
    this.apply();
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
