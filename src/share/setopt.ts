// curl_share_setopt and curl_share_cleanup's rules (lib/curl_share.c), over a ShareState: which kinds
// may be shared or unshared and what each brings, the lock callbacks, and when the share refuses
// (CURLSHE_INVALID once cleaned up, CURLSHE_IN_USE while handles use it). Pure: no I/O but closing
// the idle connections the share holds at cleanup, through their transport.

import {
  CURL_LOCK_DATA_CONNECT,
  CURL_LOCK_DATA_COOKIE,
  CURL_LOCK_DATA_DNS,
  CURL_LOCK_DATA_HSTS,
  CURL_LOCK_DATA_PSL,
  CURL_LOCK_DATA_SSL_SESSION,
  type CURLSHcode,
  CURLSHE_BAD_OPTION,
  CURLSHE_IN_USE,
  CURLSHE_INVALID,
  CURLSHE_NOT_BUILT_IN,
  CURLSHE_OK,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_SHARE,
  CURLSHOPT_UNLOCKFUNC,
  CURLSHOPT_UNSHARE,
  CURLSHOPT_USERDATA,
} from "../constants/index.ts";
import { describeValue, unknownName } from "../core/explain.ts";
import { newShareCookieStore } from "./cookies.ts";
import type { ShareLockCallback, ShareState, ShareUnlockCallback } from "./state.ts";
import { TlsSessionCache } from "./tls-sessions.ts";

const NAMES = [
  CURLSHOPT_SHARE,
  CURLSHOPT_UNSHARE,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_UNLOCKFUNC,
  CURLSHOPT_USERDATA,
];

/** Why this build cannot share a kind libcurl knows (CURLSHE_NOT_BUILT_IN), by kind. */
const NOT_BUILT_IN: Readonly<Record<number, string>> = {
  [CURL_LOCK_DATA_HSTS]: "HSTS is not built in",
};

/**
 * curl_share_setopt. CURLSHE_INVALID after close(), CURLSHE_IN_USE while an easy handle uses the
 * share (whatever the option, as libcurl checks that first), CURLSHE_BAD_OPTION for an unknown
 * option or a kind that cannot be (un)shared, CURLSHE_NOT_BUILT_IN for one this build lacks.
 * `detail` receives the reason on failure.
 */
export function shareSetopt(
  st: ShareState,
  option: string,
  value: unknown,
  detail: { text: string },
): CURLSHcode {
  if (st.closed) {
    detail.text = "the share is closed";
    return CURLSHE_INVALID;
  }
  if (st.users > 0) {
    detail.text = `the share is in use by ${st.users} easy handle(s)`;
    return CURLSHE_IN_USE;
  }
  switch (option) {
    case CURLSHOPT_SHARE:
    case CURLSHOPT_UNSHARE:
      return setKind(st, option === CURLSHOPT_SHARE, value, detail);
    case CURLSHOPT_LOCKFUNC:
    case CURLSHOPT_UNLOCKFUNC: {
      const fn = value ?? null;
      if (fn !== null && typeof fn !== "function") {
        detail.text = `Bad value for ${option}: expected a function or null, got ${describeValue(value)}`;
        return CURLSHE_BAD_OPTION;
      }
      if (option === CURLSHOPT_LOCKFUNC) st.lockFunc = fn as ShareLockCallback | null;
      else st.unlockFunc = fn as ShareUnlockCallback | null;
      return CURLSHE_OK;
    }
    case CURLSHOPT_USERDATA:
      st.userData = value;
      return CURLSHE_OK;
  }
  detail.text = unknownName("share option", option, NAMES, "CURLSHOPT_");
  return CURLSHE_BAD_OPTION;
}

/** CURLSHOPT_SHARE (share true) or CURLSHOPT_UNSHARE of one CURL_LOCK_DATA_* kind. */
function setKind(
  st: ShareState,
  share: boolean,
  kind: unknown,
  detail: { text: string },
): CURLSHcode {
  const name = share ? CURLSHOPT_SHARE : CURLSHOPT_UNSHARE;
  if (typeof kind !== "number" || !Number.isInteger(kind)) {
    detail.text = `Bad value for ${name}: expected one CURL_LOCK_DATA_* value, got ${describeValue(kind)}`;
    return CURLSHE_BAD_OPTION;
  }
  const why = NOT_BUILT_IN[kind];
  if (why !== undefined) {
    detail.text = why;
    return CURLSHE_NOT_BUILT_IN;
  }
  switch (kind) {
    case CURL_LOCK_DATA_DNS:
    case CURL_LOCK_DATA_CONNECT:
      // The caches are made when first used; unsharing CONNECT keeps the idle connections until
      // close(), as libcurl keeps its pool.
      break;
    case CURL_LOCK_DATA_COOKIE:
      if (share) st.cookies ??= newShareCookieStore();
      else st.cookies = null;
      break;
    case CURL_LOCK_DATA_SSL_SESSION:
      if (share) st.sessions ??= new TlsSessionCache();
      else st.sessions = null;
      break;
    case CURL_LOCK_DATA_PSL:
      // libcurl's UNSHARE has no case for the PSL: it is CURLSHE_BAD_OPTION there too.
      if (!share) return badKind(name, kind, detail);
      break;
    default:
      return badKind(name, kind, detail);
  }
  if (share) st.specifier |= 1 << kind;
  else st.specifier &= ~(1 << kind);
  return CURLSHE_OK;
}

function badKind(name: string, kind: number, detail: { text: string }): CURLSHcode {
  detail.text = `Bad value for ${name}: ${kind} is not a CURL_LOCK_DATA_* value that can be ${name}d`;
  return CURLSHE_BAD_OPTION;
}

/**
 * curl_share_cleanup: CURLSHE_INVALID when already closed, CURLSHE_IN_USE while handles use it;
 * else the idle connections it holds are closed, its caches dropped, and the share is unusable.
 * The lock callback is called around it once a handle was ever linked (share_lock_acquire).
 */
export function shareCleanup(st: ShareState): CURLSHcode {
  if (st.closed) return CURLSHE_INVALID;
  if (st.users > 0) return CURLSHE_IN_USE;
  const locked = st.lockShare(null);
  st.closeConnections();
  st.dns.clear();
  st.cookies = null;
  st.sessions = null;
  st.closed = true;
  st.unlockShare(null, locked);
  return CURLSHE_OK;
}
