// Shared by the multisock peers: keeps `concurrency` transfers in flight on one Multi, reusing easy
// handles (same options, as a libcurl application would), and counts the outcome.

import {
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2TLS,
  CURLE_OK,
  CURLINFO_HTTP_VERSION,
  CURLINFO_RESPONSE_CODE,
  CURLMOPT_PIPELINING,
  CURLOPT_CAINFO,
  CURLOPT_HTTP_VERSION,
  CURLPIPE_MULTIPLEX,
  Easy,
  easyStrerror,
  type Multi,
  multiStrerror,
} from "../../../src/index.ts";
import type { Meter, PeerArgs } from "./common.ts";

/** Option name and value, set in this order. */
export type Options = [string, unknown][];

/**
 * What a peer asked for with --http and --ca, as easy and multi options, and the CURLINFO_HTTP_VERSION
 * every reply must then report (0: no check, the plain rows). HTTP/2 is the libcurl recipe for
 * multiplexing: CURL_HTTP_VERSION_2TLS, CURLOPT_PIPEWAIT (wait for a connection that can multiplex
 * rather than open a new one) and CURLMOPT_PIPELINING = CURLPIPE_MULTIPLEX, with
 * CURLMOPT_MAX_CONCURRENT_STREAMS = 100 streams per connection (libcurl's default, stated).
 */
export function protocolOptions(a: PeerArgs): { easy: Options; multi: Options; version: number } {
  const easy: Options = [];
  const multi: Options = [];
  if (a.ca !== undefined) easy.push([CURLOPT_CAINFO, a.ca]);
  if (a.http === "1.1") easy.push([CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1]);
  if (a.http === "2") {
    // "pipeWait" and "maxConcurrentStreams" (CURLOPT_PIPEWAIT, CURLMOPT_MAX_CONCURRENT_STREAMS) have
    // no exported constant yet: the names the HTTP/2 work adds them under.
    easy.push([CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS], ["pipeWait", 1]);
    multi.push([CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX], ["maxConcurrentStreams", 100]);
  }
  const version =
    a.http === "2" ? CURL_HTTP_VERSION_2_0 : a.http === "1.1" ? CURL_HTTP_VERSION_1_1 : 0;
  return { easy, multi, version };
}

/**
 * Sets every option on a first handle and on the multi and returns what the engine refused, one
 * "name=value: code (message: detail)" each, all of them rather than the first, so the row says
 * everything that is missing. [] when all were accepted.
 */
export function refusedOptions(multi: Multi, easy: Options, multiOpts: Options): string[] {
  const out: string[] = [];
  for (const [name, value] of multiOpts) {
    const rc = multi.setopt(name, value);
    if (rc !== 0) out.push(`multi ${name}=${value}: CURLMcode ${rc} (${multiStrerror(rc)})`);
  }
  const e = new Easy();
  for (const [name, value] of easy) {
    const rc = e.setopt(name, value);
    if (rc !== CURLE_OK)
      out.push(
        `easy ${name}=${value}: CURLcode ${rc} (${easyStrerror(rc)}${e.lastSetoptError ? `: ${e.lastSetoptError}` : ""})`,
      );
  }
  return out;
}

export class Feeder {
  started = 0;
  ok = 0;
  failed = 0;
  bytes = 0;
  /** Replies whose CURLINFO_HTTP_VERSION was not the one asked for (counted only when asked). */
  otherProto = 0;
  private readonly idle: Easy[] = [];
  private readonly write = (d: Uint8Array) => {
    this.bytes += d.length;
    return d.length;
  };

  /**
   * `options` are set on every new handle after url and writeFunction (checked beforehand with
   * refusedOptions); `version` != 0 checks every 200 reply's CURLINFO_HTTP_VERSION against it.
   */
  constructor(
    private readonly multi: Multi,
    private readonly url: string,
    private readonly total: number,
    private readonly meter: Meter,
    private readonly options: Options = [],
    private readonly version = 0,
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
      for (const [name, value] of this.options) e.setopt(name, value);
    }
    this.multi.addHandle(e);
  }

  /** A transfer ended: count it, put its handle back, start the next one. */
  done(e: Easy, result: number): void {
    if (result === CURLE_OK && e.getinfo(CURLINFO_RESPONSE_CODE) === 200) {
      this.ok++;
      if (this.version !== 0 && e.getinfo(CURLINFO_HTTP_VERSION) !== this.version)
        this.otherProto++;
    } else this.failed++;
    this.meter.completed(this.ok + this.failed, this.ok, this.bytes);
    this.multi.removeHandle(e);
    this.idle.push(e);
    this.next();
  }

  /** All started and none running. */
  finished(): boolean {
    return this.started >= this.total && this.multi.running === 0;
  }
}
