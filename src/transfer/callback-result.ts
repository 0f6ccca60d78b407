// What a user callback handed back, judged once for every kind (write, header, read, progress): JS
// callbacks can throw, return a Promise or return nothing, which libcurl's C callbacks cannot. Each of
// those fails the transfer with a sentence that says what happened, instead of a bare number.

/**
 * The guard's own answer when a callback threw or returned something that is not a byte count. Not an
 * integer, so no callback can return it itself (the guard turns a non-integer return into this too).
 */
export const CALLBACK_FAILED = -0.5;

function isThenable(v: unknown): boolean {
  return (
    (typeof v === "object" || typeof v === "function") &&
    v !== null &&
    typeof (v as { then?: unknown }).then === "function"
  );
}

/**
 * A callback's return as the engine takes it: an integer as it is; anything else (a Promise,
 * undefined, a string, 1.5) is CALLBACK_FAILED with the reason in e.errorDetail.
 */
export function judged(e: { errorDetail: string }, what: string, rc: unknown): number {
  if (typeof rc === "number" && Number.isInteger(rc)) return rc;
  e.errorDetail = badReturn(what, rc);
  return CALLBACK_FAILED;
}

/** Why `rc` (not an integer) is no answer from a callback called `what`. */
function badReturn(what: string, rc: unknown): string {
  if (isThenable(rc))
    return `the ${what} callback returned a Promise: callbacks run synchronously inside the engine and must return their result directly`;
  if (rc === undefined) return `the ${what} callback returned undefined (it must return a number)`;
  return `the ${what} callback returned ${typeof rc === "string" ? JSON.stringify(rc) : String(rc)}, not an integer`;
}

/** The text for a callback that threw `err`. */
export function threw(what: string, err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return `the ${what} callback threw ${text}`;
}
