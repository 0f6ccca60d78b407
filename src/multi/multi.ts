// The multi handle (libcurl's CURLM *), as users see it: the curl_multi_* calls and nothing else. Its
// engine (core.ts) is reached only by the driver and tests, through multiCore(); no internal field is
// on this class.

import { CURLM_OK, type CURLMcode } from "../constants/index.ts";
import type { Clock } from "../core/clock.ts";
import type { Easy, NameArg } from "../easy/easy.ts";
import type { Poller, Transport } from "../transport/types.ts";
import { MultiCore } from "./core.ts";
import { envOrDefault, type MultiEnv } from "./env.ts";
import type { CURLMsg } from "./messages.ts";
import type { MultiOptionName, MultiOptionValue } from "./options.ts";

let coreOf: (m: Multi) => MultiCore;
const detailScratch = { text: "" };

/**
 * A multi handle (libcurl's CURLM *): runs many transfers in one thread. The application (or BunDriver)
 * watches the sockets the socket callback names and calls socketAction when one is ready or the one
 * timer fires.
 */
export class Multi {
  readonly #core: MultiCore;

  /**
   * Detail text of the last failed setopt: the value and its type (`Bad value for maxConnects: expected
   * an integer, got string "3"`) or the nearest name (`unknown option "socketFuncton" (did you mean
   * "socketFunction"?)`); "" after a success. libcurl has no error buffer for the multi; this is one.
   */
  lastSetoptError = "";

  static {
    coreOf = (m) => m.#core;
  }

  /**
   * curl_multi_init. Runs on `env` (a clock, a transport, a resolver), or on the registered default
   * (Bun's: the real clock, Bun sockets, Bun.dns).
   */
  constructor(env?: MultiEnv) {
    this.#core = new MultiCore(this, envOrDefault(env));
  }

  /** The clock this multi reads time from (no libcurl counterpart: libcurl reads the system clock). */
  get clock(): Clock {
    return this.#core.clock;
  }

  /** The transport its sockets live on (no libcurl counterpart: in C this is the OS socket layer). */
  get transport(): Transport {
    return this.#core.transport;
  }

  /**
   * The readiness source of this multi's transport: a driver watches sockets with it (the epoll or
   * select a C application runs beside libcurl).
   */
  get poller(): Poller {
    return this.#core.transport.poller;
  }

  /** Transfers added and not yet completed (curl_multi_socket_action's running_handles). */
  get running(): number {
    return this.#core.running;
  }

  /** Messages waiting in the queue (curl_multi_info_read's msgs_in_queue). */
  get msgsInQueue(): number {
    return this.#core.msgsInQueue;
  }

  /**
   * curl_multi_setopt. `name` is a CURLMOPT_* constant or its camelCase value, `value` of that option's
   * type (MultiOptionValue); `undefined` sets the option back to its default. Returns CURLM_OK,
   * CURLM_UNKNOWN_OPTION for an unknown name or CURLM_BAD_FUNCTION_ARGUMENT for a bad value, with the
   * reason in `lastSetoptError`. A name typed plain `string` is checked at run time only.
   */
  setopt<K extends string>(
    name: NameArg<K, MultiOptionName>,
    value: K extends MultiOptionName ? MultiOptionValue<K> | undefined : unknown,
  ): CURLMcode {
    const rc = this.#core.setopt(name, value, detailScratch);
    this.lastSetoptError = rc === CURLM_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_multi_add_handle. The new transfer is due at once: the timer callback is told (normally 0), and
   * the kick-start socketAction(CURL_SOCKET_TIMEOUT, 0) starts it.
   */
  addHandle(easy: Easy): CURLMcode {
    return this.#core.addHandle(easy);
  }

  /**
   * curl_multi_remove_handle, at any time. An unfinished transfer's connection is closed (a finished one's
   * was already returned to the cache); its socket gets CURL_POLL_REMOVE; an unread message is dropped.
   * A handle in no multi: CURLM_OK. One of another multi: CURLM_BAD_EASY_HANDLE.
   */
  removeHandle(easy: Easy): CURLMcode {
    return this.#core.removeHandle(easy);
  }

  /**
   * curl_multi_socket_action. Runs the transfer on socket s (the event mask is only a hint: the state
   * machine checks the socket itself), or with CURL_SOCKET_TIMEOUT every transfer whose timer expired;
   * expired timers run in both cases. An unknown s is ignored (CURLM_OK). Transfer errors come back as
   * messages, never from here.
   */
  socketAction(s: number, evBitmask = 0): CURLMcode {
    return this.#core.socketAction(s, evBitmask);
  }

  /** curl_multi_perform: runs every transfer that can make progress; harmless when nothing happened. */
  perform(): CURLMcode {
    return this.#core.perform();
  }

  /** curl_multi_info_read: the next CURLMSG_DONE message in completion order, or undefined. */
  infoRead(): CURLMsg | undefined {
    return this.#core.infoRead();
  }

  /** curl_multi_assign: stores socketp for s, handed back to the socket callback. Unknown s: CURLM_BAD_SOCKET. */
  assign(s: number, socketp: unknown): CURLMcode {
    return this.#core.assign(s, socketp);
  }

  /**
   * curl_multi_timeout: ms until the nearest deadline (rounded up), 0 when something is due now, -1 when
   * nothing is pending. `out.code` receives the CURLMcode (CURLM_RECURSIVE_API_CALL inside a callback).
   */
  timeout(out?: { code: CURLMcode }): number {
    return this.#core.timeout(out);
  }

  /** curl_multi_cleanup: closes every connection and detaches every handle; the multi is unusable after. */
  close(): CURLMcode {
    return this.#core.close();
  }

  /**
   * Debug-only check of the timer queue, socket table and connection pool (tests call it; libcurl has
   * no counterpart). Throws on a broken invariant.
   */
  assertInvariants(): void {
    this.#core.assertInvariants();
  }
}

/** The engine behind a Multi (for the driver and tests; not exported by the package entry). */
export function multiCore(m: Multi): MultiCore {
  return coreOf(m);
}

export { type MultiEnv, setDefaultMultiEnv } from "./env.ts";
