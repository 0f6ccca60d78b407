// The easy handle (libcurl's CURL *): its options and what getinfo reports, kept in a HandleState that
// only the engine reaches (handleOf); the public class has no other field but lastSetoptError. While the handle is in a
// multi, its live transfer (src/transfer/transfer.ts) holds everything else: the multi makes it on add
// and drops it on remove.

import {
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import type { Transfer, TransferHandle } from "../transfer/transfer.ts";
import { Info, readInfo } from "./info.ts";
import { EasyOptions, setOption } from "./options.ts";

/** What the owning multi's engine must offer an easy handle for pause() (an interface: no cycle). */
export interface EasyOwner {
  /** curl_easy_pause changed t's pause bits. */
  easyPaused(t: Transfer): void;
}

const detailScratch = { text: "" };
const infoScratch = { code: 0 };

/** What the engine keeps of an easy handle: never reachable from the package entry. */
export class HandleState implements TransferHandle {
  /** The options (setopt). */
  opts = new EasyOptions();
  /** The figures of the last transfer (getinfo). */
  readonly info = new Info();
  /** The owning multi, or null. */
  multi: EasyOwner | null = null;
  /** The live transfer while in a multi, or null. */
  transfer: Transfer | null = null;
  resolveLoaded: readonly string[] | null = null;
  constructor(
    /** The public handle, as callbacks and messages show it. */
    readonly easy: Easy,
  ) {}
}

let stateOf: (e: Easy) => HandleState;
let branded: (x: unknown) => boolean;

/** An easy handle (libcurl's CURL *): one transfer. */
export class Easy {
  readonly #h: HandleState = new HandleState(this);

  /** Detail text of the last failed setopt/getinfo (why the value was refused). */
  lastSetoptError = "";

  static {
    stateOf = (e) => e.#h;
    branded = (x) => typeof x === "object" && x !== null && #h in x;
  }

  /**
   * curl_easy_setopt. Returns CURLE_OK, CURLE_UNKNOWN_OPTION for an unknown name, or
   * CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind (the reason is in `lastSetoptError`).
   */
  setopt(option: string, value: unknown): CURLcode {
    const rc = setOption(this.#h.opts, option, value, detailScratch);
    this.lastSetoptError = rc === CURLE_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_easy_getinfo: the value of one CURLINFO_* item (see info.ts), or undefined for an unknown name.
   * Times are seconds as doubles, and microseconds as integers for the `*T` names.
   */
  getinfo(info: string): unknown {
    const h = this.#h;
    return readInfo(h.info, h.opts.private, info, infoScratch);
  }

  /** curl_easy_getinfo's return code for `info`: CURLE_OK, or CURLE_UNKNOWN_OPTION for an unknown name. */
  getinfoCode(info: string): CURLcode {
    const h = this.#h;
    readInfo(h.info, h.opts.private, info, infoScratch);
    return infoScratch.code;
  }

  /**
   * curl_easy_pause: sets the pause state to `bitmask` (CURLPAUSE_RECV | CURLPAUSE_SEND, or
   * CURLPAUSE_CONT to unpause). Unpausing makes the transfer run again at once: the multi announces the
   * socket and a 0 timeout, as libcurl does. CURLE_BAD_FUNCTION_ARGUMENT for a handle with no transfer
   * on a connection (libcurl checks data->conn) or a bitmask with other bits.
   */
  pause(bitmask: number): CURLcode {
    if (typeof bitmask !== "number" || (bitmask & ~(CURLPAUSE_RECV | CURLPAUSE_SEND)) !== 0)
      return CURLE_BAD_FUNCTION_ARGUMENT;
    const h = this.#h;
    const t = h.transfer;
    if (h.multi === null || t === null || t.conn === null) return CURLE_BAD_FUNCTION_ARGUMENT;
    if (bitmask === t.paused) return CURLE_OK;
    t.paused = bitmask;
    h.multi.easyPaused(t);
    return CURLE_OK;
  }

  /** curl_easy_reset: every option back to its default; statistics cleared. Not while in a multi. */
  reset(): void {
    this.#h.opts = new EasyOptions();
    this.#h.info.clear();
  }

  /** curl_easy_duphandle: a new handle with the same options and no transfer state. */
  duphandle(): Easy {
    const e = new Easy();
    stateOf(e).opts = this.#h.opts.clone();
    return e;
  }
}

/** The engine's state of handle e (the multi, the transfer, the options and info). */
export function handleOf(e: Easy): HandleState {
  return stateOf(e);
}

/** Whether x was made by `new Easy()` (libcurl's GOOD_EASY_HANDLE). */
export function isEasy(x: unknown): x is Easy {
  return branded(x);
}
