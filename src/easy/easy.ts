// The easy handle (libcurl's CURL *): its options and what getinfo reports, kept in a HandleState that
// only the engine reaches (handleOf); the public class has no other field but lastSetoptError. While the handle is in a
// multi, its live transfer (src/transfer/transfer.ts) holds everything else: the multi makes it on add
// and drops it on remove.

import type { AuthSession } from "../auth/session.ts";
import {
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLPAUSE_RECV,
  CURLPAUSE_SEND,
} from "../constants/index.ts";
import { CookieStore } from "../cookie/store.ts";
import { CookieUse } from "../cookie/use.ts";
import { setShareOption } from "../share/link.ts";
import type { HeaderSink, Transfer, TransferHandle } from "../transfer/transfer.ts";
import { COOKIE_OPTIONS, cookieSetopt, flushCookies } from "./cookies.ts";
import { Info, type InfoName, type InfoValue, readInfo, unknownInfo } from "./info.ts";
import { CURLOPT_SHARE } from "./option-names.ts";
import { type EasyOptionName, EasyOptions, type EasyOptionValue, setOption } from "./options.ts";

/**
 * A name known only at run time (a plain `string`) is let through to the run-time check; a literal
 * must be one of `Names`, so a typo is a compile error.
 */
export type NameArg<K extends string, Names extends string> = string extends K ? K : Names;

/** What the owning multi's engine must offer an easy handle for pause() (an interface: no cycle). */
export interface EasyOwner {
  /** curl_easy_pause changed t's pause bits. */
  easyPaused(t: Transfer): void;
  /** curl_multi_remove_handle, for curl_easy_cleanup of a handle still in the multi. */
  removeHandle(easy: Easy): number;
}

const detailScratch = { text: "" };
const infoScratch = { code: 0 };

/**
 * The options duphandle copies, set only while it makes the new handle (so the copy is the new
 * handle's record from the start: no record of defaults made and dropped).
 */
let dupSource: EasyOptions | null = null;

/** Told once when a helper's transfer ends (driver/runner.ts startTransfer). */
export interface TransferOwner {
  transferDone(easy: Easy, result: CURLcode): void;
}

/** What the engine keeps of an easy handle: never reachable from the package entry. */
export class HandleState implements TransferHandle {
  /** The options (setopt): a copy of duphandle's source's, or the defaults. */
  opts = dupSource !== null ? dupSource.clone() : new EasyOptions();
  /** The figures of the last transfer (getinfo). */
  readonly info = new Info();
  /** The owning multi, or null. */
  multi: EasyOwner | null = null;
  /** The live transfer while in a multi, or null. */
  transfer: Transfer | null = null;
  resolveLoaded: readonly string[] | null = null;
  /** Authentication kept between transfers (libcurl's state.authhost, digest...); null until a
   *  transfer needs it (src/transfer/auth.ts authSession makes it). */
  auth: AuthSession | null = null;
  headerSink: HeaderSink | null = null;
  /** Who started the running transfer through the promise helpers (driver/runner.ts), or null. */
  owner: TransferOwner | null = null;
  #cookie: CookieUse | null = null;
  /** The cookie engine as this handle uses it (the jar is `cookie.store`, which a share may set),
   *  made on first use: a cookie option, a share with cookies, the CLI's one jar. */
  get cookie(): CookieUse {
    if (this.#cookie === null) this.#cookie = new CookieUse();
    return this.#cookie;
  }
  /** The same, or null while nothing made one: what a transfer and getinfo read. */
  get cookieIfAny(): CookieUse | null {
    return this.#cookie;
  }
  constructor(
    /** The public handle, as callbacks and messages show it. */
    readonly easy: Easy,
  ) {}
}

let stateOf: (e: Easy) => HandleState;
let branded: (x: unknown) => boolean;

/**
 * An easy handle (libcurl's CURL *, made by curl_easy_init): one transfer's options and, after it ran in
 * a Multi, what getinfo reports of it.
 */
export class Easy {
  readonly #h: HandleState = new HandleState(this);

  /**
   * Detail text of the last failed setopt or getinfo: the value and its type (`Bad value for timeoutMs:
   * expected an integer, got string "1000"`) or the nearest name (`unknown option "ulr" (did you mean
   * "url"?)`). A successful setopt clears it.
   */
  lastSetoptError = "";

  static {
    stateOf = (e) => e.#h;
    branded = (x) => typeof x === "object" && x !== null && #h in x;
  }

  /**
   * curl_easy_setopt. `name` is a CURLOPT_* constant or its camelCase value, `value` of that option's
   * type (EasyOptionValue); `undefined` is libcurl's NULL: the option's own value goes back to its
   * default, and what setting it changed stays changed as in libcurl (POSTFIELDS made the method POST:
   * `postFields` undefined leaves a POST with an empty body; set `httpGet` 1 for a GET). Returns CURLE_OK, CURLE_UNKNOWN_OPTION for an unknown name, or
   * CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind (the reason is in `lastSetoptError`). A
   * name typed plain `string` is checked at run time only.
   */
  setopt<K extends string>(
    name: NameArg<K, EasyOptionName>,
    value: K extends EasyOptionName ? EasyOptionValue<K> | undefined : unknown,
  ): CURLcode {
    const h = this.#h;
    let rc =
      name === CURLOPT_SHARE
        ? setShareOption(h, value, detailScratch)
        : setOption(h.opts, name, value, detailScratch);
    if (rc === CURLE_OK && COOKIE_OPTIONS.has(name)) {
      rc = cookieSetopt(h.cookie, h.opts, name, value);
      detailScratch.text = "";
    }
    this.lastSetoptError = rc === CURLE_OK ? "" : detailScratch.text;
    return rc;
  }

  /**
   * curl_easy_getinfo: the value of one CURLINFO_* item (a constant or its camelCase value), of that
   * info's type (InfoValue). Times are seconds as doubles, and microseconds as integers for the `*T`
   * names. An unknown name (possible only with a name typed plain `string`) gives undefined, and the
   * reason in `lastSetoptError`; getinfoCode gives the code.
   */
  getinfo<K extends string>(
    name: NameArg<K, InfoName>,
  ): K extends InfoName ? InfoValue<K> : unknown {
    const h = this.#h;
    const v = readInfo(h.info, h.opts.private, name, infoScratch, h.cookieIfAny ?? undefined);
    if (infoScratch.code !== CURLE_OK) this.lastSetoptError = unknownInfo(name);
    return v as K extends InfoName ? InfoValue<K> : unknown;
  }

  /**
   * curl_easy_getinfo's return code for `name`: CURLE_OK, CURLE_UNKNOWN_OPTION for an unknown name
   * (CURLE_BAD_FUNCTION_ARGUMENT for one that is not a string).
   */
  getinfoCode(name: string): CURLcode {
    const h = this.#h;
    readInfo(h.info, h.opts.private, name, infoScratch);
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

  /**
   * curl_easy_reset: every option back to its default; statistics cleared. Not while in a multi. The
   * handle stays in its Share, as in libcurl (the share is not one of the options reset clears).
   */
  reset(): void {
    const share = this.#h.opts.share;
    this.#h.opts = new EasyOptions();
    this.#h.opts.share = share;
    this.#h.info.clear();
    this.#h.auth = null;
    this.#h.headerSink = null;
    // Curl_freeset forgets the cookie files; Curl_req_hard_reset the Set-Cookie count. The jar stays.
    const use = this.#h.cookieIfAny;
    if (use !== null) {
      use.files = [];
      use.setCookies = 0;
    }
  }

  /**
   * curl_easy_duphandle: a new handle with the same options and no transfer state. It is in no
   * Share, as in libcurl (the share is not copied). As in libcurl, a handle whose cookie engine is on
   * gives the copy an engine with an empty jar, and the copy loads the same cookie files.
   */
  duphandle(): Easy {
    dupSource = this.#h.opts;
    let e: Easy;
    try {
      e = new Easy();
    } finally {
      dupSource = null;
    }
    const d = stateOf(e);
    d.opts.share = null;
    const from = this.#h.cookieIfAny;
    if (from === null) return e;
    if (from.store !== null && from.engine) {
      d.cookie.store = new CookieStore();
      d.cookie.engine = true;
    }
    d.cookie.files = [...from.files];
    return e;
  }

  /**
   * curl_easy_cleanup: the handle is done. One still in a multi is removed from it first; the cookie
   * jar is written to CURLOPT_COOKIEJAR if a transfer ran (Curl_flush_cookies), the handle lets go
   * of its jar and leaves its Share. The handle may be set up and used again after this, like a new
   * one.
   */
  cleanup(): void {
    const h = this.#h;
    if (h.multi !== null) h.multi.removeHandle(this);
    const use = h.cookieIfAny;
    if (use !== null) flushCookies(use, h.opts, true);
    // Curl_close: the handle leaves its share (curl_share_cleanup may then succeed).
    if (h.opts.share !== null) setShareOption(h, null, detailScratch);
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
