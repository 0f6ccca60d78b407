// The easy handle (libcurl's CURL *): its options and what getinfo reports. While it is in a multi its
// live transfer (src/transfer/transfer.ts) holds everything else; the multi makes it on add and drops it
// on remove.

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

/** What the owning multi must offer an easy handle for pause() (kept as an interface to avoid a cycle). */
export interface EasyOwner {
  /** @internal */
  easyPaused(t: Transfer): void;
}

const detailScratch = { text: "" };
const infoScratch = { code: 0 };

/** An easy handle (libcurl's CURL *): one transfer. */
export class Easy implements TransferHandle {
  /** Set by the constructor only: an object merely made from Easy.prototype does not have it. */
  readonly #brand = true;
  /** @internal the options (setopt) */ opts = new EasyOptions();
  /** @internal the figures of the last transfer (getinfo) */ readonly info = new Info();
  /** @internal owning multi, or null */ multi: EasyOwner | null = null;
  /** @internal the live transfer while in a multi, or null */ transfer: Transfer | null = null;
  /** @internal the CURLOPT_RESOLVE list already loaded into a DNS cache (loaded once per setopt) */
  resolveLoaded: readonly string[] | null = null;

  /** Detail text of the last failed setopt/getinfo (why the value was refused). */
  lastSetoptError = "";

  /** @internal Whether x was made by `new Easy()` (libcurl's GOOD_EASY_HANDLE). */
  static isEasy(x: unknown): x is Easy {
    return typeof x === "object" && x !== null && #brand in x;
  }

  /**
   * curl_easy_setopt. Returns CURLE_OK, CURLE_UNKNOWN_OPTION for an unknown name, or
   * CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind (the reason is in `lastSetoptError`).
   */
  setopt(option: string, value: unknown): CURLcode {
    const rc = setOption(this.opts, option, value, detailScratch);
    this.lastSetoptError = rc === CURLE_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_easy_getinfo: the value of one CURLINFO_* item (see info.ts), or undefined for an unknown name.
   * Times are seconds as doubles, and microseconds as integers for the `*T` names.
   */
  getinfo(info: string): unknown {
    return readInfo(this.info, this.opts.private, info, infoScratch);
  }

  /** curl_easy_getinfo's return code for `info`: CURLE_OK, or CURLE_UNKNOWN_OPTION for an unknown name. */
  getinfoCode(info: string): CURLcode {
    readInfo(this.info, this.opts.private, info, infoScratch);
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
    const t = this.transfer;
    if (this.multi === null || t === null || t.conn === null) return CURLE_BAD_FUNCTION_ARGUMENT;
    if (bitmask === t.paused) return CURLE_OK;
    t.paused = bitmask;
    this.multi.easyPaused(t);
    return CURLE_OK;
  }

  /** curl_easy_reset: every option back to its default; statistics cleared. Not while in a multi. */
  reset(): void {
    this.opts = new EasyOptions();
    this.info.clear();
  }

  /** curl_easy_duphandle: a new handle with the same options and no transfer state. */
  duphandle(): Easy {
    const e = new Easy();
    e.opts = this.opts.clone();
    return e;
  }
}
