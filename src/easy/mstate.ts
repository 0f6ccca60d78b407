// The one place a transfer changes state (libcurl's mstate), and how it fails.

import type { CURLcode } from "../constants/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";
import { ST_DONE, STATE_NAMES } from "./states.ts";

/** Moves e to state st (traced with CURLOPT_VERBOSE). */
export function setState(m: Engine, e: Easy, st: number): void {
  if (e.opts.verbose) m.debug(e, `STATE: ${STATE_NAMES[e.state]} => ${STATE_NAMES[st]}`);
  e.state = st;
}

/** Ends the transfer with `code` and libcurl's error-buffer text. */
export function fail(m: Engine, e: Easy, code: CURLcode, detail: string): void {
  e.result = code;
  e.errorDetail = detail;
  if (e.opts.verbose && detail) m.debug(e, detail);
  setState(m, e, ST_DONE);
}
