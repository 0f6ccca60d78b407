// The Response fetch() resolves with: a real Response (Bun reads its status, headers and body
// natively: Bun.write, Bun.serve, arrayBuffer()), whose url and redirected say what the transfer
// did, plus what only multisock knows: the phase times and the easy handle.

import { type CurlTimings, timingsOf } from "../driver/timings.ts";
import type { Easy } from "../easy/easy.ts";

/** What a FetchResponse knows beyond Response's constructor; shared with its clones. */
interface Meta {
  url: string;
  redirected: boolean;
  easy: Easy;
}

const META = Symbol("multisock.fetch");

/** fetch()'s Response: `url` is CURLINFO_EFFECTIVE_URL, `redirected` whether a redirect was followed. */
export class FetchResponse extends Response {
  declare readonly url: string;
  declare readonly redirected: boolean;
  [META]: Meta;

  constructor(body: Bun.BodyInit | null, init: ResponseInit, meta: Meta) {
    super(body, init);
    this[META] = meta;
  }

  /**
   * The CURLINFO_*_TIME phase times in seconds, read when asked: `total` is final once the body has
   * been read to its end (or the transfer failed).
   */
  get timings(): CurlTimings {
    return timingsOf(this[META].easy);
  }

  /** The transfer's easy handle, for any other getinfo (CURLINFO_HTTP_VERSION, PRIMARY_IP, ...). */
  get easy(): Easy {
    return this[META].easy;
  }

  /** A copy that tees the body (Response.clone) and keeps url, redirected, timings and easy. */
  override clone(): FetchResponse {
    const c = super.clone() as FetchResponse;
    Object.setPrototypeOf(c, FetchResponse.prototype);
    c[META] = this[META];
    return c;
  }
}

// Response's url and redirected are accessors on its prototype: these shadow them.
Object.defineProperties(FetchResponse.prototype, {
  url: {
    get(this: FetchResponse) {
      return this[META].url;
    },
    configurable: true,
  },
  redirected: {
    get(this: FetchResponse) {
      return this[META].redirected;
    },
    configurable: true,
  },
});
