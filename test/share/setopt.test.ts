// The share handle's rules (lib/curl_share.c): which CURL_LOCK_DATA_* kinds CURLSHOPT_SHARE and
// CURLSHOPT_UNSHARE take and what they answer, the lock options, CURLSHE_IN_USE while an easy handle
// uses the share, CURLSHE_INVALID after close(), where the lock callbacks are called, and
// CURLOPT_SHARE on the easy side (refused values, reset keeps it, duphandle does not copy it).

import { describe, expect, test } from "bun:test";
import {
  CURL_LOCK_ACCESS_SINGLE,
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_COOKIE,
  CURL_LOCK_DATA_DNS,
  CURL_LOCK_DATA_HSTS,
  CURL_LOCK_DATA_LAST,
  CURL_LOCK_DATA_NONE,
  CURL_LOCK_DATA_PSL,
  CURL_LOCK_DATA_SHARE,
  CURL_LOCK_DATA_SSL_SESSION,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLSHE_BAD_OPTION,
  CURLSHE_IN_USE,
  CURLSHE_INVALID,
  CURLSHE_LAST,
  CURLSHE_NOT_BUILT_IN,
  CURLSHE_OK,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_SHARE,
  CURLSHOPT_UNLOCKFUNC,
  CURLSHOPT_UNSHARE,
  CURLSHOPT_USERDATA,
  shareStrerror,
} from "../../src/constants/index.ts";
import { CookieStore } from "../../src/cookie/store.ts";
import { CookieUse } from "../../src/cookie/use.ts";
import { Easy } from "../../src/easy/easy.ts";
import { EasyOptions } from "../../src/easy/options.ts";
import { setShareOption } from "../../src/share/link.ts";
import { Share, shareState } from "../../src/share/share.ts";
import { MAX_TLS_PEERS, TlsSessionCache } from "../../src/share/tls-sessions.ts";

/** What CURLSHOPT_SHARE answers for each kind in a fresh share (this build). */
const SHARE_CODES: [number, number][] = [
  [CURL_LOCK_DATA_NONE, CURLSHE_BAD_OPTION],
  [CURL_LOCK_DATA_SHARE, CURLSHE_BAD_OPTION],
  [CURL_LOCK_DATA_COOKIE, CURLSHE_OK],
  [CURL_LOCK_DATA_DNS, CURLSHE_OK],
  [CURL_LOCK_DATA_SSL_SESSION, CURLSHE_OK],
  [CURL_LOCK_DATA_CONNECT, CURLSHE_OK],
  [CURL_LOCK_DATA_PSL, CURLSHE_OK],
  [CURL_LOCK_DATA_HSTS, CURLSHE_NOT_BUILT_IN],
  [CURL_LOCK_DATA_LAST, CURLSHE_BAD_OPTION],
  [-1, CURLSHE_BAD_OPTION],
  [31, CURLSHE_BAD_OPTION],
];
/** And CURLSHOPT_UNSHARE: libcurl's switch has no PSL case, so unsharing it is a bad option. */
const UNSHARE_CODES: [number, number][] = [
  [CURL_LOCK_DATA_NONE, CURLSHE_BAD_OPTION],
  [CURL_LOCK_DATA_SHARE, CURLSHE_BAD_OPTION],
  [CURL_LOCK_DATA_COOKIE, CURLSHE_OK],
  [CURL_LOCK_DATA_DNS, CURLSHE_OK],
  [CURL_LOCK_DATA_SSL_SESSION, CURLSHE_OK],
  [CURL_LOCK_DATA_CONNECT, CURLSHE_OK],
  [CURL_LOCK_DATA_PSL, CURLSHE_BAD_OPTION],
  [CURL_LOCK_DATA_HSTS, CURLSHE_NOT_BUILT_IN],
  [CURL_LOCK_DATA_LAST, CURLSHE_BAD_OPTION],
];

describe("curl_share_setopt", () => {
  test("CURLSHOPT_SHARE and _UNSHARE answer libcurl's code for each kind, and set the bit only on OK", () => {
    for (const [kind, code] of SHARE_CODES) {
      const sh = new Share();
      const st = shareState(sh);
      expect([kind, sh.setopt(CURLSHOPT_SHARE, kind)]).toEqual([kind, code]);
      // The SHARE bit is set from the start (curl_share_init).
      expect(st.has(kind), String(kind)).toBe(
        (code === CURLSHE_OK && kind >= 0) || kind === CURL_LOCK_DATA_SHARE,
      );
      expect(sh.lastSetoptError === "", String(kind)).toBe(code === CURLSHE_OK);
    }
    for (const [kind, code] of UNSHARE_CODES) {
      const sh = new Share();
      sh.setopt(CURLSHOPT_SHARE, kind);
      const had = shareState(sh).has(kind);
      expect([kind, sh.setopt(CURLSHOPT_UNSHARE, kind)]).toEqual([kind, code]);
      // A refused unshare leaves the bit as it was (current curl clears it only on success).
      expect(shareState(sh).has(kind), String(kind)).toBe(code === CURLSHE_OK ? false : had);
    }
  });

  test("the SHARE bit stays set whatever is unshared (curl_share_init sets it)", () => {
    const sh = new Share();
    expect(sh.setopt(CURLSHOPT_UNSHARE, CURL_LOCK_DATA_SHARE)).toBe(CURLSHE_BAD_OPTION);
    expect(shareState(sh).has(CURL_LOCK_DATA_SHARE)).toBe(true);
  });

  test("a kind that is not an integer, and an unknown option, are CURLSHE_BAD_OPTION with the reason", () => {
    const sh = new Share();
    for (const v of ["3", 3.5, null, undefined, true, {}]) {
      expect(sh.setopt(CURLSHOPT_SHARE, v as never)).toBe(CURLSHE_BAD_OPTION);
      expect(sh.lastSetoptError).toStartWith("Bad value for share: expected one CURL_LOCK_DATA_*");
    }
    expect(sh.setopt("shar" as string, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_BAD_OPTION);
    expect(sh.lastSetoptError).toBe('unknown share option "shar" (did you mean "share"?)');
    expect(sh.setopt("toString" as string, 1)).toBe(CURLSHE_BAD_OPTION);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_HSTS)).toBe(CURLSHE_NOT_BUILT_IN);
    expect(sh.lastSetoptError).toBe("HSTS is not built in");
  });

  test("the lock options take a function or null, the user data anything", () => {
    const sh = new Share();
    const st = shareState(sh);
    const lock = () => {};
    expect(sh.setopt(CURLSHOPT_LOCKFUNC, lock)).toBe(CURLSHE_OK);
    expect(st.lockFunc).toBe(lock);
    expect(sh.setopt(CURLSHOPT_UNLOCKFUNC, lock)).toBe(CURLSHE_OK);
    expect(sh.setopt(CURLSHOPT_LOCKFUNC, "f" as never)).toBe(CURLSHE_BAD_OPTION);
    expect(sh.lastSetoptError).toBe(
      'Bad value for lockFunc: expected a function or null, got string "f"',
    );
    expect(st.lockFunc).toBe(lock);
    expect(sh.setopt(CURLSHOPT_LOCKFUNC, null)).toBe(CURLSHE_OK);
    expect(st.lockFunc).toBeNull();
    const data = { mine: 1 };
    expect(sh.setopt(CURLSHOPT_USERDATA, data)).toBe(CURLSHE_OK);
    expect(st.userData).toBe(data);
  });

  test("CURLSHE_IN_USE for every option while an easy handle uses the share; free again after", () => {
    const sh = new Share();
    const e = new Easy();
    expect(e.setopt("share", sh)).toBe(CURLE_OK);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_IN_USE);
    // libcurl checks "in use" before the option: an unknown one is IN_USE too.
    expect(sh.setopt("nope" as string, 1)).toBe(CURLSHE_IN_USE);
    expect(sh.close()).toBe(CURLSHE_IN_USE);
    // Setting the same share again is leave-then-join: still one user.
    expect(e.setopt("share", sh)).toBe(CURLE_OK);
    expect(shareState(sh).users).toBe(1);
    expect(e.setopt("share", null)).toBe(CURLE_OK);
    expect(shareState(sh).users).toBe(0);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_OK);
    // undefined is "not set", as null.
    e.setopt("share", sh);
    expect(e.setopt("share", undefined)).toBe(CURLE_OK);
    expect(sh.close()).toBe(CURLSHE_OK);
  });

  test("after close() every call is CURLSHE_INVALID and no handle can join", () => {
    const sh = new Share();
    expect(sh.close()).toBe(CURLSHE_OK);
    expect(sh.close()).toBe(CURLSHE_INVALID);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_INVALID);
    const e = new Easy();
    expect(e.setopt("share", sh)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.lastSetoptError).toBe("Bad value for share: the Share was closed");
  });

  test("a value that is not a Share is refused with the value shown", () => {
    const e = new Easy();
    for (const v of [{}, 1, "share", new EasyOptions(), true]) {
      expect(e.setopt("share", v as never)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
      expect(e.lastSetoptError).toStartWith("Bad value for share: expected a Share or null, got ");
    }
    expect(e.lastSetoptError).toBe(
      "Bad value for share: expected a Share or null, got boolean true",
    );
  });

  test("reset() keeps the handle in its share, duphandle() does not copy it (as libcurl)", () => {
    const sh = new Share();
    const e = new Easy();
    e.setopt("share", sh);
    const dup = e.duphandle();
    e.reset();
    expect(shareState(sh).users).toBe(1);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_IN_USE);
    e.setopt("share", null);
    // The copy was never in the share: leaving it is a no-op for the share.
    expect(dup.setopt("share", null)).toBe(CURLE_OK);
    expect(shareState(sh).users).toBe(0);
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS)).toBe(CURLSHE_OK);
  });
});

describe("lock callbacks", () => {
  function recorded(sh: Share, both = true) {
    const log: string[] = [];
    sh.setopt(CURLSHOPT_LOCKFUNC, (easy, data, access, u) => {
      log.push(`lock ${easy === null ? "null" : "easy"} ${data} ${access} ${String(u)}`);
    });
    if (both)
      sh.setopt(CURLSHOPT_UNLOCKFUNC, (easy, data, u) => {
        log.push(`unlock ${easy === null ? "null" : "easy"} ${data} ${String(u)}`);
      });
    sh.setopt(CURLSHOPT_USERDATA, "u");
    return log;
  }

  test("joining and leaving lock the share itself; close() does once a handle was linked", () => {
    const sh = new Share();
    const log = recorded(sh);
    const e = new Easy();
    e.setopt("share", sh);
    e.setopt("share", null);
    expect(sh.close()).toBe(CURLSHE_OK);
    const S = CURL_LOCK_DATA_SHARE;
    const A = CURL_LOCK_ACCESS_SINGLE;
    expect(log).toEqual([
      `lock easy ${S} ${A} u`,
      `unlock easy ${S} u`,
      `lock easy ${S} ${A} u`,
      `unlock easy ${S} u`,
      `lock null ${S} ${A} u`,
      `unlock null ${S} u`,
    ]);
  });

  test("a share never linked is closed without a lock; without an unlock callback none is taken", () => {
    const sh = new Share();
    const log = recorded(sh);
    expect(sh.close()).toBe(CURLSHE_OK);
    expect(log).toEqual([]);
    const half = new Share();
    const log2 = recorded(half, false);
    const e = new Easy();
    e.setopt("share", half);
    e.setopt("share", null);
    expect(half.close()).toBe(CURLSHE_OK);
    expect(log2).toEqual([]);
  });

  test("a lock callback that throws does not break the call", () => {
    const sh = new Share();
    sh.setopt(CURLSHOPT_LOCKFUNC, () => {
      throw new Error("boom");
    });
    sh.setopt(CURLSHOPT_UNLOCKFUNC, () => {});
    const e = new Easy();
    expect(e.setopt("share", sh)).toBe(CURLE_OK);
    expect(e.setopt("share", null)).toBe(CURLE_OK);
    expect(sh.close()).toBe(CURLSHE_OK);
  });
});

describe("the cookie slot", () => {
  test("a share of cookies holds one store; a joining handle uses it, a leaving one drops it", () => {
    const sh = new Share();
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE)).toBe(CURLSHE_OK);
    const store = shareState(sh).cookies;
    expect(store).not.toBeNull();
    // Sharing it again keeps the same store (libcurl: only if none yet).
    sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE);
    expect(shareState(sh).cookies).toBe(store);
    const cookie = new CookieUse();
    const h = { easy: {}, opts: new EasyOptions(), transfer: null, cookie, cookieIfAny: cookie };
    const d = { text: "" };
    expect(setShareOption(h, sh, d)).toBe(CURLE_OK);
    expect(cookie.store).toBe(store);
    expect(cookie.engine).toBe(true);
    expect(setShareOption(h, null, d)).toBe(CURLE_OK);
    expect(cookie.store).toBeNull();
    shareState(sh).assertInvariants();
    expect(sh.setopt(CURLSHOPT_UNSHARE, CURL_LOCK_DATA_COOKIE)).toBe(CURLSHE_OK);
    expect(shareState(sh).cookies).toBeNull();
    shareState(sh).assertInvariants();
  });

  test("a handle joining a share without cookies keeps its own store", () => {
    const sh = new Share();
    sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    const cookie = new CookieUse();
    const own = new CookieStore();
    cookie.store = own;
    const h = { easy: {}, opts: new EasyOptions(), transfer: null, cookie, cookieIfAny: cookie };
    setShareOption(h, sh, { text: "" });
    expect(cookie.store).toBe(own);
    setShareOption(h, null, { text: "" });
    expect(cookie.store).toBe(own);
  });

  test("CURLOPT_SHARE is refused while the handle's transfer holds a connection", () => {
    const sh = new Share();
    const h = { easy: {}, opts: new EasyOptions(), transfer: { conn: {} } };
    const d = { text: "" };
    expect(setShareOption(h, sh, d)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(d.text).toBe("Cannot change share object while in use");
    expect(shareState(sh).users).toBe(0);
    expect(setShareOption({ ...h, transfer: { conn: null } }, sh, d)).toBe(CURLE_OK);
  });
});

describe("the TLS session slot", () => {
  test("SSL_SESSION makes the session cache, UNSHARE and close() drop it", () => {
    const sh = new Share();
    expect(shareState(sh).sessions).toBeNull();
    expect(sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    const cache = shareState(sh).sessions!;
    cache.put("peer", new Uint8Array([1]));
    sh.setopt(CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    expect(shareState(sh).sessions).toBe(cache);
    shareState(sh).assertInvariants();
    expect(sh.setopt(CURLSHOPT_UNSHARE, CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    expect(shareState(sh).sessions).toBeNull();
    shareState(sh).assertInvariants();
  });

  test("the cache keeps the latest session of 25 peers at most, the oldest peer going first", () => {
    const c = new TlsSessionCache();
    for (let i = 0; i < MAX_TLS_PEERS; i++) c.put(`p${i}`, new Uint8Array([i]));
    // p0 stored again: it is the newest now, so p1 is the one dropped next.
    c.put("p0", new Uint8Array([99]));
    c.put("new", new Uint8Array([7]));
    expect(c.size).toBe(MAX_TLS_PEERS);
    expect(c.get("p1")).toBeUndefined();
    expect(c.get("p0")).toEqual(new Uint8Array([99]));
    expect(c.get("new")).toEqual(new Uint8Array([7]));
  });
});

describe("curl_share_strerror", () => {
  test("lib/strerror.c's text for every code, 'CURLSHcode unknown' outside", () => {
    expect([0, 1, 2, 3, 4, 5].map(shareStrerror)).toEqual([
      "No error",
      "Unknown share option",
      "Share currently in use",
      "Invalid share handle",
      "Out of memory",
      "Feature not enabled in this library",
    ]);
    for (const c of [CURLSHE_LAST, -1, 1.5, 99, Number.NaN])
      expect(shareStrerror(c)).toBe("CURLSHcode unknown");
  });
});
