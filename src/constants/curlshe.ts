// libcurl's share interface values (include/curl/curl.h): the CURLSHcode results with their
// curl_share_strerror texts, the curl_lock_data kinds a share can hold, the curl_lock_access kinds
// its lock callback is told, and the CURLSHOPT_* option names as camelCase keys.

/** A share interface result code: `CURLSHcode` in libcurl, one of the `CURLSHE_*` constants. */
export type CURLSHcode = number;

/** `CURLSHE_OK` (0): "No error" (curl_share_strerror). */
export const CURLSHE_OK = 0;
/** `CURLSHE_BAD_OPTION` (1): "Unknown share option" (curl_share_strerror). */
export const CURLSHE_BAD_OPTION = 1;
/** `CURLSHE_IN_USE` (2): "Share currently in use" (curl_share_strerror). */
export const CURLSHE_IN_USE = 2;
/** `CURLSHE_INVALID` (3): "Invalid share handle" (curl_share_strerror). */
export const CURLSHE_INVALID = 3;
/** `CURLSHE_NOMEM` (4): "Out of memory" (curl_share_strerror). */
export const CURLSHE_NOMEM = 4;
/** `CURLSHE_NOT_BUILT_IN` (5): "Feature not enabled in this library" (curl_share_strerror). */
export const CURLSHE_NOT_BUILT_IN = 5;
/** One past the highest code; never a result (`CURLSHE_LAST` in curl.h). */
export const CURLSHE_LAST = 6;

/** `CURL_LOCK_DATA_NONE` (0): no data; CURLSHOPT_SHARE refuses it. */
export const CURL_LOCK_DATA_NONE = 0;
/** `CURL_LOCK_DATA_SHARE` (1): the share itself, as the lock callback is told; not shareable. */
export const CURL_LOCK_DATA_SHARE = 1;
/** `CURL_LOCK_DATA_COOKIE` (2): the cookie store. */
export const CURL_LOCK_DATA_COOKIE = 2;
/** `CURL_LOCK_DATA_DNS` (3): the DNS cache. */
export const CURL_LOCK_DATA_DNS = 3;
/** `CURL_LOCK_DATA_SSL_SESSION` (4): the TLS session cache. */
export const CURL_LOCK_DATA_SSL_SESSION = 4;
/** `CURL_LOCK_DATA_CONNECT` (5): the connection cache. */
export const CURL_LOCK_DATA_CONNECT = 5;
/** `CURL_LOCK_DATA_PSL` (6): the public suffix list. */
export const CURL_LOCK_DATA_PSL = 6;
/** `CURL_LOCK_DATA_HSTS` (7): the HSTS cache (not built in: CURLSHE_NOT_BUILT_IN). */
export const CURL_LOCK_DATA_HSTS = 7;
/** `CURL_LOCK_DATA_LAST` (8): one past the highest kind. */
export const CURL_LOCK_DATA_LAST = 8;

/** `CURL_LOCK_ACCESS_NONE` (0): unspecified access. */
export const CURL_LOCK_ACCESS_NONE = 0;
/** `CURL_LOCK_ACCESS_SHARED` (1): read access. */
export const CURL_LOCK_ACCESS_SHARED = 1;
/** `CURL_LOCK_ACCESS_SINGLE` (2): write access (what libcurl always asks for). */
export const CURL_LOCK_ACCESS_SINGLE = 2;
/** `CURL_LOCK_ACCESS_LAST` (3): one past the highest kind. */
export const CURL_LOCK_ACCESS_LAST = 3;

/** `CURLSHOPT_SHARE`, the curl_share_setopt option; its value is the camelCase key `"share"`. */
export const CURLSHOPT_SHARE = "share";
/** `CURLSHOPT_UNSHARE`, the curl_share_setopt option; its value is the camelCase key `"unshare"`. */
export const CURLSHOPT_UNSHARE = "unshare";
/** `CURLSHOPT_LOCKFUNC`, the curl_share_setopt option; its value is the camelCase key `"lockFunc"`. */
export const CURLSHOPT_LOCKFUNC = "lockFunc";
/** `CURLSHOPT_UNLOCKFUNC`, the curl_share_setopt option; its value is the camelCase key `"unlockFunc"`. */
export const CURLSHOPT_UNLOCKFUNC = "unlockFunc";
/** `CURLSHOPT_USERDATA`, the curl_share_setopt option; its value is the camelCase key `"userData"`. */
export const CURLSHOPT_USERDATA = "userData";

/** curl_share_strerror()'s texts by code (lib/strerror.c). */
const CURLSHE_TEXTS: readonly string[] = [
  "No error",
  "Unknown share option",
  "Share currently in use",
  "Invalid share handle",
  "Out of memory",
  "Feature not enabled in this library",
];

/**
 * The text for a share result code, as `curl_share_strerror()` of a libcurl built with verbose
 * strings; any other value (CURLSHE_LAST, negative, fractional) gives "CURLSHcode unknown".
 */
export function shareStrerror(code: number): string {
  return CURLSHE_TEXTS[code] ?? "CURLSHcode unknown";
}
