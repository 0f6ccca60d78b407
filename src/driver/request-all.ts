// requestAll(): many request() calls with at most `concurrency` in flight, one call site for
// "500 URLs, 50 at a time". Workers take the next URL as soon as one of theirs settles, so the
// number in flight stays at the limit until the list runs out.

import { type CurlResponse, type RequestOptions, request } from "./request.ts";

/** request()'s options for every URL, plus the limit and a per-result callback. */
export type RequestAllOptions = Omit<RequestOptions, "stream"> & {
  /** Transfers in flight at most (default 50). */
  concurrency?: number;
  /** Each result as it settles, with the URL's index: handle it here to keep few bodies alive. */
  onResult?: (result: PromiseSettledResult<CurlResponse>, index: number) => void;
};

/**
 * Runs request(url, options) for every URL, `concurrency` at a time, and resolves with every outcome
 * in the order of `urls` (as Promise.allSettled: one failure does not end the others). An aborted
 * `signal` fails the ones not yet done with its reason.
 */
export async function requestAll(
  urls: Iterable<string | URL>,
  options: RequestAllOptions = {},
): Promise<PromiseSettledResult<CurlResponse>[]> {
  const { concurrency = 50, onResult, ...rest } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`requestAll: concurrency must be a positive integer, got ${concurrency}`);
  const list = Array.from(urls, String);
  const out: PromiseSettledResult<CurlResponse>[] = new Array(list.length);
  let next = 0;
  // A throwing onResult stops every worker from taking more (nothing is left running behind the
  // rejected promise), and its error is what requestAll rejects with.
  let thrown: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (next < list.length && thrown === null) {
      const i = next++;
      let r: PromiseSettledResult<CurlResponse>;
      try {
        r = { status: "fulfilled", value: await request(list[i]!, rest as RequestOptions) };
      } catch (reason) {
        r = { status: "rejected", reason };
      }
      out[i] = r;
      try {
        onResult?.(r, i);
      } catch (error) {
        thrown ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  if (thrown !== null) throw (thrown as { error: unknown }).error;
  return out;
}
