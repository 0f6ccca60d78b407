// What getinfo reports: the CURLINFO_* names (constants whose value is the camelCase key), the Info
// record a transfer writes them into, and how each is read. The record belongs to the easy handle and
// outlives the transfer; nothing here knows the handle or the transfer.

import {
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLE_UNKNOWN_OPTION,
} from "../constants/index.ts";
import type { CookieUse } from "../cookie/use.ts";
import { unknownName } from "../core/explain.ts";
import { cookieList } from "./cookies.ts";

/** `CURLINFO_RESPONSE_CODE`, the curl_easy_getinfo item; its value is the camelCase key `"responseCode"`. */
export const CURLINFO_RESPONSE_CODE = "responseCode";
/** `CURLINFO_HTTP_VERSION`, the curl_easy_getinfo item; its value is the camelCase key `"httpVersion"`. */
export const CURLINFO_HTTP_VERSION = "httpVersion";
/** `CURLINFO_EFFECTIVE_URL`, the curl_easy_getinfo item; its value is the camelCase key `"effectiveUrl"`. */
export const CURLINFO_EFFECTIVE_URL = "effectiveUrl";
/** `CURLINFO_CONTENT_TYPE`, the curl_easy_getinfo item; its value is the camelCase key `"contentType"`. */
export const CURLINFO_CONTENT_TYPE = "contentType";
/** `CURLINFO_SIZE_DOWNLOAD`, the curl_easy_getinfo item; its value is the camelCase key `"sizeDownload"`. */
export const CURLINFO_SIZE_DOWNLOAD = "sizeDownload";
/** `CURLINFO_SIZE_DOWNLOAD_T`, the curl_easy_getinfo item; its value is the camelCase key `"sizeDownloadT"`. */
export const CURLINFO_SIZE_DOWNLOAD_T = "sizeDownloadT";
/** `CURLINFO_SIZE_UPLOAD`, the curl_easy_getinfo item; its value is the camelCase key `"sizeUpload"`. */
export const CURLINFO_SIZE_UPLOAD = "sizeUpload";
/** `CURLINFO_SIZE_UPLOAD_T`, the curl_easy_getinfo item; its value is the camelCase key `"sizeUploadT"`. */
export const CURLINFO_SIZE_UPLOAD_T = "sizeUploadT";
/** `CURLINFO_HEADER_SIZE`, the curl_easy_getinfo item; its value is the camelCase key `"headerSize"`. */
export const CURLINFO_HEADER_SIZE = "headerSize";
/** `CURLINFO_REQUEST_SIZE`, the curl_easy_getinfo item; its value is the camelCase key `"requestSize"`. */
export const CURLINFO_REQUEST_SIZE = "requestSize";
/** `CURLINFO_NUM_CONNECTS`, the curl_easy_getinfo item; its value is the camelCase key `"numConnects"`. */
export const CURLINFO_NUM_CONNECTS = "numConnects";
/** `CURLINFO_PRIVATE`, the curl_easy_getinfo item; its value is the camelCase key `"private"`. */
export const CURLINFO_PRIVATE = "private";
/** `CURLINFO_TOTAL_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"totalTime"`. */
export const CURLINFO_TOTAL_TIME = "totalTime";
/** `CURLINFO_TOTAL_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"totalTimeT"`. */
export const CURLINFO_TOTAL_TIME_T = "totalTimeT";
/** `CURLINFO_NAMELOOKUP_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"namelookupTime"`. */
export const CURLINFO_NAMELOOKUP_TIME = "namelookupTime";
/** `CURLINFO_NAMELOOKUP_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"namelookupTimeT"`. */
export const CURLINFO_NAMELOOKUP_TIME_T = "namelookupTimeT";
/** `CURLINFO_CONNECT_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"connectTime"`. */
export const CURLINFO_CONNECT_TIME = "connectTime";
/** `CURLINFO_CONNECT_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"connectTimeT"`. */
export const CURLINFO_CONNECT_TIME_T = "connectTimeT";
/** `CURLINFO_APPCONNECT_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"appconnectTime"`. */
export const CURLINFO_APPCONNECT_TIME = "appconnectTime";
/** `CURLINFO_APPCONNECT_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"appconnectTimeT"`. */
export const CURLINFO_APPCONNECT_TIME_T = "appconnectTimeT";
/** `CURLINFO_PRETRANSFER_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"pretransferTime"`. */
export const CURLINFO_PRETRANSFER_TIME = "pretransferTime";
/** `CURLINFO_PRETRANSFER_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"pretransferTimeT"`. */
export const CURLINFO_PRETRANSFER_TIME_T = "pretransferTimeT";
/** `CURLINFO_STARTTRANSFER_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"starttransferTime"`. */
export const CURLINFO_STARTTRANSFER_TIME = "starttransferTime";
/** `CURLINFO_STARTTRANSFER_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"starttransferTimeT"`. */
export const CURLINFO_STARTTRANSFER_TIME_T = "starttransferTimeT";
/** `CURLINFO_PRIMARY_IP`, the curl_easy_getinfo item; its value is the camelCase key `"primaryIp"`. */
export const CURLINFO_PRIMARY_IP = "primaryIp";
/** `CURLINFO_PRIMARY_PORT`, the curl_easy_getinfo item; its value is the camelCase key `"primaryPort"`. */
export const CURLINFO_PRIMARY_PORT = "primaryPort";
/** `CURLINFO_LOCAL_IP`, the curl_easy_getinfo item; its value is the camelCase key `"localIp"`. */
export const CURLINFO_LOCAL_IP = "localIp";
/** `CURLINFO_LOCAL_PORT`, the curl_easy_getinfo item; its value is the camelCase key `"localPort"`. */
export const CURLINFO_LOCAL_PORT = "localPort";
/** `CURLINFO_OS_ERRNO`, the curl_easy_getinfo item; its value is the camelCase key `"osErrno"`. */
export const CURLINFO_OS_ERRNO = "osErrno";
/** `CURLINFO_REDIRECT_COUNT`, the curl_easy_getinfo item; its value is the camelCase key `"redirectCount"`. */
export const CURLINFO_REDIRECT_COUNT = "redirectCount";
/** `CURLINFO_REDIRECT_URL`, the curl_easy_getinfo item; its value is the camelCase key `"redirectUrl"`. */
export const CURLINFO_REDIRECT_URL = "redirectUrl";
/** `CURLINFO_REDIRECT_TIME`, the curl_easy_getinfo item; its value is the camelCase key `"redirectTime"`. */
export const CURLINFO_REDIRECT_TIME = "redirectTime";
/** `CURLINFO_REDIRECT_TIME_T`, the curl_easy_getinfo item; its value is the camelCase key `"redirectTimeT"`. */
export const CURLINFO_REDIRECT_TIME_T = "redirectTimeT";
/** `CURLINFO_CONTENT_LENGTH_DOWNLOAD_T`, the curl_easy_getinfo item; its value is the camelCase key `"contentLengthDownloadT"`. */
export const CURLINFO_CONTENT_LENGTH_DOWNLOAD_T = "contentLengthDownloadT";
/** `CURLINFO_CONTENT_LENGTH_UPLOAD_T`, the curl_easy_getinfo item; its value is the camelCase key `"contentLengthUploadT"`. */
export const CURLINFO_CONTENT_LENGTH_UPLOAD_T = "contentLengthUploadT";
/** `CURLINFO_HTTPAUTH_AVAIL`, the curl_easy_getinfo item; its value is the camelCase key `"httpAuthAvail"`: the CURLAUTH_* bits the last 401 offered. */
export const CURLINFO_HTTPAUTH_AVAIL = "httpAuthAvail";
/** `CURLINFO_PROXYAUTH_AVAIL`, the curl_easy_getinfo item; its value is the camelCase key `"proxyAuthAvail"`: the CURLAUTH_* bits the last 407 offered. */
export const CURLINFO_PROXYAUTH_AVAIL = "proxyAuthAvail";
/** `CURLINFO_HTTPAUTH_USED`, the curl_easy_getinfo item; its value is the camelCase key `"httpAuthUsed"`: the CURLAUTH_* method used with the server, 0 for none. */
export const CURLINFO_HTTPAUTH_USED = "httpAuthUsed";
/** `CURLINFO_PROXYAUTH_USED`, the curl_easy_getinfo item; its value is the camelCase key `"proxyAuthUsed"`: the CURLAUTH_* method used with the proxy, 0 for none. */
export const CURLINFO_PROXYAUTH_USED = "proxyAuthUsed";
/** `CURLINFO_HTTP_CONNECTCODE`, the curl_easy_getinfo item; its value is the camelCase key
 *  `"httpConnectCode"`: the status of the proxy's answer to CONNECT (0 when none). */
export const CURLINFO_HTTP_CONNECTCODE = "httpConnectCode";
/** `CURLINFO_PROXY_ERROR`, the curl_easy_getinfo item; its value is the camelCase key `"proxyError"`:
 *  the CURLPX_* detail of a CURLE_PROXY failure (0 otherwise). */
export const CURLINFO_PROXY_ERROR = "proxyError";
/** `CURLINFO_USED_PROXY`, the curl_easy_getinfo item; its value is the camelCase key `"usedProxy"`:
 *  1 when the last transfer went through a proxy. */
export const CURLINFO_USED_PROXY = "usedProxy";
/** The libcurl error-buffer text of the last failure (CURLOPT_ERRORBUFFER's content); "" when none. */
export const CURLINFO_ERROR_BUFFER = "errorBuffer";
/** `CURLINFO_COOKIELIST`: every cookie the handle's jar knows, as Netscape cookie-file lines (or null). */
export const CURLINFO_COOKIELIST = "cookieList";

/**
 * The figures of the handle's last transfer. Times are ms from the start of each request, summed over
 * a redirect chain (libcurl's Curl_pgrsTimeWas); 0 = not reached. tTotal is from the transfer's start.
 */
export class Info {
  /** Body bytes received (over the wire, before content decoding) and sent. */
  sizeDownload = 0;
  sizeUpload = 0;
  /** The final result and libcurl's error-buffer text for it. */
  result: CURLcode = CURLE_OK;
  errorDetail = "";
  redirectCount = 0;
  /** ms from the start to the last redirect (CURLINFO_REDIRECT_TIME). */
  tRedirect = 0;
  /** Where a redirect would have gone (CURLINFO_REDIRECT_URL). */
  redirectUrl: string | null = null;
  tNamelookup = 0;
  tConnect = 0;
  tAppconnect = 0;
  tPretransfer = 0;
  tStarttransfer = 0;
  tTotal = 0;
  responseCode = 0;
  /** CURL_HTTP_VERSION_* of the response (0 before one). */
  httpVersion = 0;
  effectiveUrl: string | null = null;
  contentType = "";
  headerSize = 0;
  requestSize = 0;
  numConnects = 0;
  primaryIp = "";
  primaryPort = 0;
  localIp = "";
  localPort = 0;
  /** Content-Length of the response, -1 when unknown. */
  contentLengthDownload = -1;
  /** The request body's size when it was sent with a length, -1 otherwise. */
  contentLengthUpload = -1;
  /** Fresh connects tried after a reused connection died (no CURLINFO: for the retry limit and tests). */
  retries = 0;
  /** CURLAUTH_* bits the 401s / 407s of this transfer offered, and the method last used per side. */
  httpAuthAvail = 0;
  proxyAuthAvail = 0;
  httpAuthUsed = 0;
  proxyAuthUsed = 0;
  /** The CONNECT response's status (CURLINFO_HTTP_CONNECTCODE), the SOCKS failure's CURLPX_* code
   *  (CURLINFO_PROXY_ERROR), and whether a proxy was used (CURLINFO_USED_PROXY). */
  connectCode = 0;
  proxyError = 0;
  usedProxy = 0;

  /** Clears everything, at the start of a transfer (curl_multi_add_handle) and curl_easy_reset. */
  clear(): void {
    this.sizeDownload = 0;
    this.sizeUpload = 0;
    this.result = CURLE_OK;
    this.errorDetail = "";
    this.redirectCount = 0;
    this.tRedirect = 0;
    this.redirectUrl = null;
    this.tNamelookup = 0;
    this.tConnect = 0;
    this.tAppconnect = 0;
    this.tPretransfer = 0;
    this.tStarttransfer = 0;
    this.tTotal = 0;
    this.responseCode = 0;
    this.httpVersion = 0;
    this.effectiveUrl = null;
    this.contentType = "";
    this.headerSize = 0;
    this.requestSize = 0;
    this.numConnects = 0;
    this.primaryIp = "";
    this.primaryPort = 0;
    this.localIp = "";
    this.localPort = 0;
    this.contentLengthDownload = -1;
    this.contentLengthUpload = -1;
    this.retries = 0;
    this.httpAuthAvail = 0;
    this.proxyAuthAvail = 0;
    this.httpAuthUsed = 0;
    this.proxyAuthUsed = 0;
    this.connectCode = 0;
    this.proxyError = 0;
    this.usedProxy = 0;
  }
}

/** Seconds as a double, as CURLINFO_*_TIME. */
function secs(t: number): number {
  return t / 1000;
}
/** Whole microseconds (curl_off_t), for the *_T variants. */
function usecs(t: number): number {
  return Math.round(t * 1000);
}

/** How one info is read from the record; the return type is the info's type (InfoValue). */
type Reader = (i: Info, privateData: unknown, cookies: CookieUse | undefined) => unknown;

const READERS = {
  responseCode: (i) => i.responseCode,
  httpVersion: (i) => i.httpVersion,
  effectiveUrl: (i) => i.effectiveUrl,
  contentType: (i) => (i.contentType === "" ? null : i.contentType),
  sizeDownload: (i) => i.sizeDownload,
  sizeDownloadT: (i) => i.sizeDownload,
  sizeUpload: (i) => i.sizeUpload,
  sizeUploadT: (i) => i.sizeUpload,
  headerSize: (i) => i.headerSize,
  requestSize: (i) => i.requestSize,
  numConnects: (i) => i.numConnects,
  private: (_i, p) => p,
  totalTime: (i) => secs(i.tTotal),
  totalTimeT: (i) => usecs(i.tTotal),
  namelookupTime: (i) => secs(i.tNamelookup),
  namelookupTimeT: (i) => usecs(i.tNamelookup),
  connectTime: (i) => secs(i.tConnect),
  connectTimeT: (i) => usecs(i.tConnect),
  appconnectTime: (i) => secs(i.tAppconnect),
  appconnectTimeT: (i) => usecs(i.tAppconnect),
  pretransferTime: (i) => secs(i.tPretransfer),
  pretransferTimeT: (i) => usecs(i.tPretransfer),
  starttransferTime: (i) => secs(i.tStarttransfer),
  starttransferTimeT: (i) => usecs(i.tStarttransfer),
  primaryIp: (i) => i.primaryIp,
  primaryPort: (i) => i.primaryPort,
  localIp: (i) => i.localIp,
  localPort: (i) => i.localPort,
  osErrno: () => 0,
  errorBuffer: (i) => i.errorDetail,
  redirectCount: (i) => i.redirectCount,
  redirectUrl: (i) => i.redirectUrl,
  redirectTime: (i) => secs(i.tRedirect),
  redirectTimeT: (i) => usecs(i.tRedirect),
  // -1 when unknown, as libcurl.
  contentLengthDownloadT: (i) => i.contentLengthDownload,
  contentLengthUploadT: (i) => i.contentLengthUpload,
  httpAuthAvail: (i) => i.httpAuthAvail,
  proxyAuthAvail: (i) => i.proxyAuthAvail,
  httpAuthUsed: (i) => i.httpAuthUsed,
  proxyAuthUsed: (i) => i.proxyAuthUsed,
  // The jar's cookies as Netscape lines, or null (a new list each time, as libcurl's slist).
  cookieList: (_i, _p, c) => cookieList(c),
  httpConnectCode: (i) => i.connectCode,
  proxyError: (i) => i.proxyError,
  usedProxy: (i) => i.usedProxy,
} satisfies Record<string, Reader>;

/** Every getinfo name: the CURLINFO_* constants' values ("responseCode", "totalTime"...). */
export type InfoName = keyof typeof READERS;

/**
 * What getinfo returns for info K, read from its reader: a number for the counts, codes and times,
 * `string` or `string | null` for the texts (null where libcurl gives a NULL char *), and CURLOPT_PRIVATE's
 * value (unknown) for "private".
 */
export type InfoValue<K extends InfoName> = ReturnType<(typeof READERS)[K]>;

/** The names, for the nearest-name hint of an unknown one. */
const NAMES: readonly string[] = Object.keys(READERS);

/**
 * Reads one info value (`privateData`: CURLOPT_PRIVATE); `undefined` plus the code through `out` for an
 * unknown name. Untyped: the name may be known only at run time.
 */
export function readInfo(
  i: Info,
  privateData: unknown,
  name: string,
  out: { code: number },
  cookies?: CookieUse,
): unknown {
  if (typeof name !== "string") {
    out.code = CURLE_BAD_FUNCTION_ARGUMENT;
    return undefined;
  }
  const r: Reader | undefined = Object.hasOwn(READERS, name)
    ? READERS[name as InfoName]
    : undefined;
  if (!r) {
    out.code = CURLE_UNKNOWN_OPTION;
    return undefined;
  }
  out.code = 0;
  return r(i, privateData, cookies);
}

/** Why `name` is not an info: `unknown info "responsCode" (did you mean "responseCode"?)`. */
export function unknownInfo(name: unknown): string {
  return unknownName("info", name, NAMES, "CURLINFO_");
}
