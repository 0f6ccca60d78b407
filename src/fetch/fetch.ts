// fetch(): the WHATWG fetch signature over the multi_socket engine, with multisock's extras (any
// easy option, the multi to run on) in `init.multisock` or a third argument. See docs/fetch.md for
// what it does differently from Bun's fetch, on purpose.

import { CURLE_UNSUPPORTED_PROTOCOL } from "../constants/index.ts";
import { CurlError } from "../driver/errors.ts";
import { type FetchExtras, FetchJob, fetchFailed } from "./job.ts";
import { planRequest, planRequestFast } from "./request-init.ts";
import type { FetchResponse } from "./response.ts";

/** fetch()'s init: RequestInit plus multisock's extras under `multisock`. */
export type FetchInit = RequestInit & { multisock?: FetchExtras };

/**
 * fetch (WHATWG) on multisock: resolves with a Response when the final head is in (redirects
 * followed as fetch does, at most 20), its body a ReadableStream whose reading drives the transfer.
 * Rejects with a TypeError("fetch failed") whose `cause` is a CurlError carrying the CURLE_* code,
 * with `signal.reason` when the signal aborts (in any phase), or with a TypeError for a request fetch
 * refuses (bad URL, method or header). `extras` (or `init.multisock`): any CURLOPT_* camelCase key
 * (timeoutMs, connectTimeoutMs, resolve, maxRecvSpeedLarge, httpVersion, caInfo, ...), `multi`, and
 * `highWaterMark`. The Response has `timings` (CURLINFO_*_TIME) and `easy` (for any getinfo).
 */
export function fetch(
  input: string | URL | Request,
  init?: FetchInit,
  extras?: FetchExtras,
): Promise<FetchResponse> {
  let plan: ReturnType<typeof planRequest>;
  try {
    plan = init === undefined ? planRequestFast(input) : planRequest(input, init);
  } catch (err) {
    return Promise.reject(err);
  }
  const signal = plan.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  // Only HTTP is spoken here (data:, blob:, file: and others are not): libcurl's answer for them.
  // (The URL is WHATWG-parsed: its scheme is lower case and ends at the first colon.)
  const url = plan.url;
  if (!url.startsWith("http://") && !url.startsWith("https://")) {
    const scheme = url.slice(0, url.indexOf(":"));
    return Promise.reject(
      fetchFailed(new CurlError(CURLE_UNSUPPORTED_PROTOCOL, `Protocol "${scheme}" not supported`)),
    );
  }
  const x = extras ?? init?.multisock;
  return new Promise<FetchResponse>((resolve, reject) => {
    new FetchJob(plan, x, resolve, reject).begin();
  });
}
