// getinfo: the CURLINFO_* names (constants whose value is the camelCase key) and how each is read.

import { CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION } from "../constants/index.ts";
import type { Easy } from "./easy.ts";

export const CURLINFO_RESPONSE_CODE = "responseCode";
export const CURLINFO_HTTP_VERSION = "httpVersion";
export const CURLINFO_EFFECTIVE_URL = "effectiveUrl";
export const CURLINFO_CONTENT_TYPE = "contentType";
export const CURLINFO_SIZE_DOWNLOAD = "sizeDownload";
export const CURLINFO_SIZE_DOWNLOAD_T = "sizeDownloadT";
export const CURLINFO_SIZE_UPLOAD = "sizeUpload";
export const CURLINFO_SIZE_UPLOAD_T = "sizeUploadT";
export const CURLINFO_HEADER_SIZE = "headerSize";
export const CURLINFO_REQUEST_SIZE = "requestSize";
export const CURLINFO_NUM_CONNECTS = "numConnects";
export const CURLINFO_PRIVATE = "private";
export const CURLINFO_TOTAL_TIME = "totalTime";
export const CURLINFO_TOTAL_TIME_T = "totalTimeT";
export const CURLINFO_NAMELOOKUP_TIME = "namelookupTime";
export const CURLINFO_NAMELOOKUP_TIME_T = "namelookupTimeT";
export const CURLINFO_CONNECT_TIME = "connectTime";
export const CURLINFO_CONNECT_TIME_T = "connectTimeT";
export const CURLINFO_APPCONNECT_TIME = "appconnectTime";
export const CURLINFO_APPCONNECT_TIME_T = "appconnectTimeT";
export const CURLINFO_PRETRANSFER_TIME = "pretransferTime";
export const CURLINFO_PRETRANSFER_TIME_T = "pretransferTimeT";
export const CURLINFO_STARTTRANSFER_TIME = "starttransferTime";
export const CURLINFO_STARTTRANSFER_TIME_T = "starttransferTimeT";
export const CURLINFO_PRIMARY_IP = "primaryIp";
export const CURLINFO_PRIMARY_PORT = "primaryPort";
export const CURLINFO_LOCAL_IP = "localIp";
export const CURLINFO_LOCAL_PORT = "localPort";
export const CURLINFO_OS_ERRNO = "osErrno";
export const CURLINFO_REDIRECT_COUNT = "redirectCount";
export const CURLINFO_REDIRECT_URL = "redirectUrl";
export const CURLINFO_REDIRECT_TIME = "redirectTime";
export const CURLINFO_REDIRECT_TIME_T = "redirectTimeT";
export const CURLINFO_CONTENT_LENGTH_DOWNLOAD_T = "contentLengthDownloadT";
export const CURLINFO_CONTENT_LENGTH_UPLOAD_T = "contentLengthUploadT";
/** The libcurl error-buffer text of the last failure (CURLOPT_ERRORBUFFER's content); "" when none. */
export const CURLINFO_ERROR_BUFFER = "errorBuffer";

// Timings are kept in ms, summed over the requests of a redirect chain (0 = never reached).
/** Seconds as a double, as CURLINFO_*_TIME. */
function secs(_e: Easy, t: number): number {
  return t / 1000;
}
/** Whole microseconds (curl_off_t), for the *_T variants. */
function usecs(_e: Easy, t: number): number {
  return Math.round(t * 1000);
}

const READERS: Record<string, (e: Easy) => unknown> = {
  responseCode: (e) => e.responseCode,
  httpVersion: (e) => e.httpVersionSeen,
  effectiveUrl: (e) => e.effectiveUrl,
  contentType: (e) => (e.contentType === "" ? null : e.contentType),
  sizeDownload: (e) => e.sizeDownload,
  sizeDownloadT: (e) => e.sizeDownload,
  sizeUpload: (e) => e.sizeUpload,
  sizeUploadT: (e) => e.sizeUpload,
  headerSize: (e) => e.headerSize,
  requestSize: (e) => e.requestSize,
  numConnects: (e) => e.numConnects,
  private: (e) => e.opts.private,
  totalTime: (e) => secs(e, e.tTotal),
  totalTimeT: (e) => usecs(e, e.tTotal),
  namelookupTime: (e) => secs(e, e.tNamelookup),
  namelookupTimeT: (e) => usecs(e, e.tNamelookup),
  connectTime: (e) => secs(e, e.tConnect),
  connectTimeT: (e) => usecs(e, e.tConnect),
  appconnectTime: (e) => secs(e, e.tAppconnect),
  appconnectTimeT: (e) => usecs(e, e.tAppconnect),
  pretransferTime: (e) => secs(e, e.tPretransfer),
  pretransferTimeT: (e) => usecs(e, e.tPretransfer),
  starttransferTime: (e) => secs(e, e.tStarttransfer),
  starttransferTimeT: (e) => usecs(e, e.tStarttransfer),
  primaryIp: (e) => e.primaryIp,
  primaryPort: (e) => e.primaryPort,
  localIp: (e) => e.localIp,
  localPort: (e) => e.localPort,
  osErrno: () => 0,
  errorBuffer: (e) => e.errorDetail,
  redirectCount: (e) => e.redirectCount,
  redirectUrl: (e) => e.redirectUrl,
  redirectTime: (e) => secs(e, e.tRedirect),
  redirectTimeT: (e) => usecs(e, e.tRedirect),
  // -1 when unknown, as libcurl.
  contentLengthDownloadT: (e) =>
    e.parser !== null && e.parserReady && e.parser.contentLength >= 0 ? e.parser.contentLength : -1,
  contentLengthUploadT: (e) => (e.hasBody && !e.chunked ? e.requestBodyLength : -1),
};

export type InfoName = keyof typeof READERS;

/** Reads one info value; `undefined` plus the code through `out` for an unknown name. */
export function readInfo(e: Easy, name: string, out: { code: number }): unknown {
  if (typeof name !== "string") {
    out.code = CURLE_BAD_FUNCTION_ARGUMENT;
    return undefined;
  }
  const r = Object.hasOwn(READERS, name) ? READERS[name] : undefined;
  if (!r) {
    out.code = CURLE_UNKNOWN_OPTION;
    return undefined;
  }
  out.code = 0;
  return r(e);
}
