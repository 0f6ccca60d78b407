// Expect: 100-continue (libcurl's http_exp100 reader): after the head, the body waits in WAITING for
// "100 Continue", for CURLOPT_EXPECT_100_TIMEOUT_MS, or for a final answer that makes it moot.

import { EXPIRE_100_TIMEOUT } from "../timer/index.ts";
import { setState } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { ST_SENDING } from "./states.ts";
import type { Transfer } from "./transfer.ts";

/** The head went out: the body waits for "100 Continue" (or the timeout). */
export function await100(m: Ports, t: Transfer): void {
  const ms = t.opts.expect100TimeoutMs;
  t.req.expect100At = m.now() + ms;
  m.timers.expire(t, ms, EXPIRE_100_TIMEOUT);
}

/**
 * While the body waits for "100 Continue": goes back to SENDING once it came or the wait expired (the
 * SENDING entry action ends the wait). Returns true when the state changed.
 */
export function expect100Check(m: Ports, t: Transfer, now: number): boolean {
  const r = t.req;
  if ((r.body === null && !r.streaming) || r.expect100At === Number.POSITIVE_INFINITY) return false;
  if (!r.got100 && now < r.expect100At) return false;
  setState(m, t, ST_SENDING);
  return true;
}

/** A final answer came before the body went: the body is not sent and the wait is over. */
export function forgoBody(m: Ports, t: Transfer): void {
  const r = t.req;
  r.body = null;
  if (r.expect100At !== Number.POSITIVE_INFINITY) {
    r.expect100At = Number.POSITIVE_INFINITY;
    m.timers.expireDone(t, EXPIRE_100_TIMEOUT);
  }
}
