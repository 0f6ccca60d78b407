// Shared by the multisock peers: keeps `concurrency` transfers in flight on one Multi, reusing easy
// handles (same options, as a libcurl application would), and counts the outcome.

import { CURLE_OK, CURLINFO_RESPONSE_CODE, Easy, type Multi } from "../../../src/index.ts";
import type { Meter } from "./common.ts";

export class Feeder {
  started = 0;
  ok = 0;
  failed = 0;
  bytes = 0;
  private readonly idle: Easy[] = [];
  private readonly write = (d: Uint8Array) => {
    this.bytes += d.length;
    return d.length;
  };

  constructor(
    private readonly multi: Multi,
    private readonly url: string,
    private readonly total: number,
    private readonly meter: Meter,
  ) {}

  /** Starts one more transfer, unless all were started. */
  next(): void {
    if (this.started >= this.total) return;
    this.started++;
    let e = this.idle.pop();
    if (e === undefined) {
      e = new Easy();
      e.setopt("url", this.url);
      e.setopt("writeFunction", this.write);
    }
    this.multi.addHandle(e);
  }

  /** A transfer ended: count it, put its handle back, start the next one. */
  done(e: Easy, result: number): void {
    if (result === CURLE_OK && e.getinfo(CURLINFO_RESPONSE_CODE) === 200) this.ok++;
    else this.failed++;
    this.meter.completed(this.ok + this.failed);
    this.multi.removeHandle(e);
    this.idle.push(e);
    this.next();
  }

  /** All started and none running. */
  finished(): boolean {
    return this.started >= this.total && this.multi.running === 0;
  }
}
