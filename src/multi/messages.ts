// The multi's message queue (curl_multi_info_read): CURLMSG_DONE messages in completion order.
// A message is dropped when its handle is removed; stale entries are skipped lazily, so removal is O(1).

import { type CURLcode, CURLMSG_DONE } from "../constants/index.ts";
import { type Easy, handleOf } from "../easy/easy.ts";
import type { Transfer } from "../transfer/transfer.ts";

/** libcurl's CURLMsg: { msg: CURLMSG_DONE, easy, result }. */
export interface CURLMsg {
  /** CURLMSG_DONE (the only message libcurl has). */
  readonly msg: number;
  /** The easy handle whose transfer completed (CURLMsg.easy_handle). */
  readonly easy: Easy;
  /** Its CURLcode (CURLMsg.data.result). */
  readonly result: CURLcode;
}

export class MessageQueue {
  private q: (CURLMsg | undefined)[] = [];
  private head = 0;
  /** Messages still to be read (curl_multi_info_read's msgs_in_queue). */
  count = 0;

  /** Queues the CURLMSG_DONE of transfer t (of handle e) with its result. */
  post(t: Transfer, e: Easy): void {
    const m: CURLMsg = { msg: CURLMSG_DONE, easy: e, result: t.info.result };
    t.msgRef = m;
    this.q.push(m);
    this.count++;
  }

  /** Drops t's undelivered message, if any. */
  drop(t: Transfer): void {
    if (t.msgRef !== null) {
      t.msgRef = null;
      this.count--;
    }
  }

  /** The oldest undelivered message, or undefined. */
  read(): CURLMsg | undefined {
    const q = this.q;
    while (this.head < q.length) {
      const m = q[this.head];
      q[this.head++] = undefined;
      const t = m !== undefined ? handleOf(m.easy).transfer : null;
      if (m !== undefined && t !== null && t.msgRef === m) {
        t.msgRef = null;
        this.count--;
        this.compact();
        return m;
      }
    }
    this.compact();
    return undefined;
  }

  private compact(): void {
    if (this.head === this.q.length) {
      this.q.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.q.length) {
      this.q = this.q.slice(this.head);
      this.head = 0;
    }
  }
}
