// Easy-handle options: the CURLOPT_* names (constants whose value is the camelCase key), their kinds for
// type checking in setopt, and the defaults libcurl uses. One table, from which everything else derives.

import {
  CURL_HTTP_VERSION_2_0,
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLE_UNKNOWN_OPTION,
  CURLE_UNSUPPORTED_PROTOCOL,
} from "../constants/index.ts";
import { validateHeaderValue, validateMethod } from "../http/index.ts";

/** Write/header callback: gets a view of the bytes, returns how many it took (or CURL_WRITEFUNC_PAUSE). */
export type WriteCallback = (data: Uint8Array, easy: unknown, userdata: unknown) => number;
/** Read callback: fills buf, returns the count, 0 at the end, CURL_READFUNC_PAUSE or CURL_READFUNC_ABORT. */
export type ReadCallback = (buf: Uint8Array, easy: unknown, userdata: unknown) => number;
/** Progress callback (CURLOPT_XFERINFOFUNCTION). */
export type XferInfoCallback = (
  userdata: unknown,
  dltotal: number,
  dlnow: number,
  ultotal: number,
  ulnow: number,
) => number;
/** Debug callback (CURLOPT_DEBUGFUNCTION): type is CURLINFO_TEXT (0), HEADER_IN (1), HEADER_OUT (2)... */
export type DebugCallback = (
  easy: unknown,
  type: number,
  text: string,
  userdata: unknown,
) => number;

export const CURLOPT_URL = "url";
export const CURLOPT_WRITEFUNCTION = "writeFunction";
export const CURLOPT_WRITEDATA = "writeData";
export const CURLOPT_HEADERFUNCTION = "headerFunction";
export const CURLOPT_HEADERDATA = "headerData";
export const CURLOPT_PRIVATE = "private";
export const CURLOPT_CUSTOMREQUEST = "customRequest";
export const CURLOPT_NOBODY = "noBody";
export const CURLOPT_HTTPGET = "httpGet";
export const CURLOPT_POST = "post";
export const CURLOPT_HTTPHEADER = "httpHeader";
export const CURLOPT_POSTFIELDS = "postFields";
export const CURLOPT_COPYPOSTFIELDS = "copyPostFields";
export const CURLOPT_POSTFIELDSIZE = "postFieldSize";
export const CURLOPT_POSTFIELDSIZE_LARGE = "postFieldSizeLarge";
export const CURLOPT_USERAGENT = "userAgent";
export const CURLOPT_VERBOSE = "verbose";
export const CURLOPT_DEBUGFUNCTION = "debugFunction";
export const CURLOPT_DEBUGDATA = "debugData";
export const CURLOPT_FORBID_REUSE = "forbidReuse";
export const CURLOPT_FRESH_CONNECT = "freshConnect";
export const CURLOPT_HTTP_VERSION = "httpVersion";
export const CURLOPT_RESOLVE = "resolve";
export const CURLOPT_CONNECT_TO = "connectTo";
export const CURLOPT_DNS_CACHE_TIMEOUT = "dnsCacheTimeout";
export const CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS = "happyEyeballsTimeoutMs";
export const CURLOPT_IPRESOLVE = "ipResolve";
export const CURLOPT_UNIX_SOCKET_PATH = "unixSocketPath";
export const CURLOPT_SSL_VERIFYPEER = "sslVerifyPeer";
export const CURLOPT_SSL_VERIFYHOST = "sslVerifyHost";
export const CURLOPT_CAINFO = "caInfo";
export const CURLOPT_TIMEOUT = "timeout";
export const CURLOPT_TIMEOUT_MS = "timeoutMs";
export const CURLOPT_CONNECTTIMEOUT = "connectTimeout";
export const CURLOPT_CONNECTTIMEOUT_MS = "connectTimeoutMs";
export const CURLOPT_LOW_SPEED_LIMIT = "lowSpeedLimit";
export const CURLOPT_LOW_SPEED_TIME = "lowSpeedTime";
export const CURLOPT_MAX_RECV_SPEED_LARGE = "maxRecvSpeedLarge";
export const CURLOPT_MAX_SEND_SPEED_LARGE = "maxSendSpeedLarge";
export const CURLOPT_EXPECT_100_TIMEOUT_MS = "expect100TimeoutMs";
export const CURLOPT_MAXAGE_CONN = "maxAgeConn";
export const CURLOPT_MAXLIFETIME_CONN = "maxLifetimeConn";
export const CURLOPT_NOSIGNAL = "noSignal";
export const CURLOPT_FOLLOWLOCATION = "followLocation";
export const CURLOPT_MAXREDIRS = "maxRedirs";
export const CURLOPT_POSTREDIR = "postRedir";
export const CURLOPT_REDIR_PROTOCOLS_STR = "redirProtocolsStr";
export const CURLOPT_UNRESTRICTED_AUTH = "unrestrictedAuth";
export const CURLOPT_ACCEPT_ENCODING = "acceptEncoding";
export const CURLOPT_HTTP_CONTENT_DECODING = "httpContentDecoding";
export const CURLOPT_MAXFILESIZE = "maxFileSize";
export const CURLOPT_MAXFILESIZE_LARGE = "maxFileSizeLarge";
export const CURLOPT_UPLOAD = "upload";
export const CURLOPT_INFILESIZE = "inFileSize";
export const CURLOPT_INFILESIZE_LARGE = "inFileSizeLarge";
export const CURLOPT_READFUNCTION = "readFunction";
export const CURLOPT_READDATA = "readData";
export const CURLOPT_USERPWD = "userPwd";
export const CURLOPT_USERNAME = "username";
export const CURLOPT_PASSWORD = "password";
export const CURLOPT_HTTPAUTH = "httpAuth";
export const CURLOPT_XOAUTH2_BEARER = "xoauth2Bearer";
export const CURLOPT_REFERER = "referer";
export const CURLOPT_RANGE = "range";
export const CURLOPT_COOKIE = "cookie";
export const CURLOPT_FAILONERROR = "failOnError";
export const CURLOPT_XFERINFOFUNCTION = "xferInfoFunction";
export const CURLOPT_XFERINFODATA = "xferInfoData";
export const CURLOPT_NOPROGRESS = "noProgress";

/** Value kinds setopt checks. */
const STR = 1; // string (or null to reset)
const LONG = 2; // integer number or boolean
const FUNC = 3; // function (or null to reset)
const ANY = 4; // anything (user data)
const SLIST = 5; // string[] (or null)
const DATA = 6; // string or Uint8Array (or null)

/** The option table: key -> kind. Keys are the values of the CURLOPT_* constants. */
const KINDS = {
  url: STR,
  writeFunction: FUNC,
  writeData: ANY,
  headerFunction: FUNC,
  headerData: ANY,
  private: ANY,
  customRequest: STR,
  noBody: LONG,
  httpGet: LONG,
  post: LONG,
  httpHeader: SLIST,
  postFields: DATA,
  copyPostFields: DATA,
  postFieldSize: LONG,
  postFieldSizeLarge: LONG,
  userAgent: STR,
  verbose: LONG,
  debugFunction: FUNC,
  debugData: ANY,
  forbidReuse: LONG,
  freshConnect: LONG,
  httpVersion: LONG,
  resolve: SLIST,
  connectTo: SLIST,
  dnsCacheTimeout: LONG,
  happyEyeballsTimeoutMs: LONG,
  ipResolve: LONG,
  unixSocketPath: STR,
  sslVerifyPeer: LONG,
  sslVerifyHost: LONG,
  caInfo: STR,
  timeout: LONG,
  timeoutMs: LONG,
  connectTimeout: LONG,
  connectTimeoutMs: LONG,
  lowSpeedLimit: LONG,
  lowSpeedTime: LONG,
  maxRecvSpeedLarge: LONG,
  maxSendSpeedLarge: LONG,
  expect100TimeoutMs: LONG,
  maxAgeConn: LONG,
  maxLifetimeConn: LONG,
  noSignal: LONG,
  followLocation: LONG,
  maxRedirs: LONG,
  postRedir: LONG,
  redirProtocolsStr: STR,
  unrestrictedAuth: LONG,
  acceptEncoding: STR,
  httpContentDecoding: LONG,
  maxFileSize: LONG,
  maxFileSizeLarge: LONG,
  upload: LONG,
  inFileSize: LONG,
  inFileSizeLarge: LONG,
  readFunction: FUNC,
  readData: ANY,
  userPwd: STR,
  username: STR,
  password: STR,
  httpAuth: LONG,
  xoauth2Bearer: STR,
  referer: STR,
  range: STR,
  cookie: STR,
  failOnError: LONG,
  xferInfoFunction: FUNC,
  xferInfoData: ANY,
  noProgress: LONG,
} as const;

export type EasyOptionName = keyof typeof KINDS;

/** Every option's current value, with libcurl's defaults. One monomorphic shape per handle. */
export class EasyOptions {
  url: string | null = null;
  writeFunction: WriteCallback | null = null;
  writeData: unknown = undefined;
  headerFunction: WriteCallback | null = null;
  headerData: unknown = undefined;
  private: unknown = undefined;
  customRequest: string | null = null;
  noBody = 0;
  httpGet = 0;
  post = 0;
  httpHeader: readonly string[] | null = null;
  postFields: string | Uint8Array | null = null;
  postFieldSize = -1;
  userAgent: string | null = null;
  verbose = 0;
  debugFunction: DebugCallback | null = null;
  debugData: unknown = undefined;
  forbidReuse = 0;
  freshConnect = 0;
  httpVersion = 0;
  resolve: readonly string[] | null = null;
  connectTo: readonly string[] | null = null;
  /** Seconds; libcurl's default 60, 0 = no caching, -1 = forever. */
  dnsCacheTimeout = 60;
  /** libcurl's default 200 ms before the second address family is tried. */
  happyEyeballsTimeoutMs = 200;
  /** CURL_IPRESOLVE_WHATEVER (0), _V4 (1), _V6 (2). */
  ipResolve = 0;
  unixSocketPath: string | null = null;
  sslVerifyPeer = 1;
  /** 2 = check the name (libcurl's default); 0 = don't. */
  sslVerifyHost = 2;
  caInfo: string | null = null;
  /** CURLOPT_TIMEOUT(_MS): the whole transfer, ms; 0 = none. Both options set this one value. */
  timeoutMs = 0;
  /** CURLOPT_CONNECTTIMEOUT(_MS): resolve + connect + TLS, ms; 0 = libcurl's 300 s default. */
  connectTimeoutMs = 0;
  /** Bytes per second under which the transfer is too slow... */
  lowSpeedLimit = 0;
  /** ...for this many seconds (both must be set). */
  lowSpeedTime = 0;
  /** Byte-per-second caps; 0 = none. */
  maxRecvSpeedLarge = 0;
  maxSendSpeedLarge = 0;
  /** How long to wait for "100 Continue" before sending the body anyway (libcurl: 1000 ms). */
  expect100TimeoutMs = 1000;
  /** Idle connections older than this (s) are not reused (libcurl: 118). 0 = no limit. */
  maxAgeConn = 118;
  /** Connections created longer ago than this (s) are not reused (libcurl: 24 h). 0 = no limit. */
  maxLifetimeConn = 24 * 3600;
  /** Accepted and ignored: there are no signals here. */
  noSignal = 0;
  /** Follow Location in 3xx responses (CURLOPT_FOLLOWLOCATION). */
  followLocation = 0;
  /** libcurl's current default 30; -1 = no limit; 0 = refuse any redirect. */
  maxRedirs = 30;
  /** CURL_REDIR_POST_301/302/303 bits: keep POST on those codes. */
  postRedir = 0;
  /** Schemes a redirect may go to; null = libcurl's default for HTTP builds ("http,https"). */
  redirProtocolsStr: string | null = null;
  /** Send credentials to another host, port or scheme after a redirect. */
  unrestrictedAuth = 0;
  /** null = no Accept-Encoding and no decoding; "" = every supported coding. */
  acceptEncoding: string | null = null;
  httpContentDecoding = 1;
  /** Largest body accepted, bytes; 0 = no limit. */
  maxFileSize = 0;
  /** PUT the body from readFunction (CURLOPT_UPLOAD). */
  upload = 0;
  /** Size of the upload, -1 = unknown (then chunked over HTTP/1.1). */
  inFileSize = -1;
  /** (buf, easy, userdata) => bytes put in buf, 0 at the end, CURL_READFUNC_PAUSE or CURL_READFUNC_ABORT. */
  readFunction: ReadCallback | null = null;
  readData: unknown = undefined;
  userPwd: string | null = null;
  username: string | null = null;
  password: string | null = null;
  /** CURLAUTH_* bits; libcurl's default is CURLAUTH_BASIC. */
  httpAuth = 1;
  xoauth2Bearer: string | null = null;
  referer: string | null = null;
  range: string | null = null;
  cookie: string | null = null;
  failOnError = 0;
  /** (userdata, dltotal, dlnow, ultotal, ulnow) => 0 to go on, anything else aborts. */
  xferInfoFunction: XferInfoCallback | null = null;
  xferInfoData: unknown = undefined;
  /** libcurl's default 1: no progress calls. */
  noProgress = 1;

  /** A copy (curl_easy_duphandle copies every option). */
  clone(): EasyOptions {
    return Object.assign(new EasyOptions(), this);
  }
}

/**
 * Sets one option after checking its name and value: CURLE_UNKNOWN_OPTION for a name not in the table,
 * CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind or one that must never be sent (CR/LF/NUL in
 * a header or method). `detail` receives the reason on failure.
 */
export function setOption(
  o: EasyOptions,
  name: string,
  value: unknown,
  detail: { text: string },
): CURLcode {
  // Own keys only: names inherited from Object.prototype ("toString", "__proto__") are unknown.
  const kind =
    typeof name === "string" && Object.hasOwn(KINDS, name)
      ? (KINDS as Record<string, number>)[name]
      : undefined;
  if (kind === undefined) {
    detail.text = `Unknown option: ${String(name)}`;
    return CURLE_UNKNOWN_OPTION;
  }
  const bad = (why: string): CURLcode => {
    detail.text = `Bad value for ${name}: ${why}`;
    return CURLE_BAD_FUNCTION_ARGUMENT;
  };
  switch (kind) {
    case STR:
      if (value !== null && typeof value !== "string")
        return bad(`expected a string, got ${typeof value}`);
      break;
    case LONG:
      if (typeof value === "boolean") value = value ? 1 : 0;
      else if (typeof value === "bigint") value = Number(value);
      if (typeof value !== "number" || !Number.isInteger(value))
        return bad(`expected an integer, got ${String(value)}`);
      break;
    case FUNC:
      if (value !== null && typeof value !== "function") return bad("expected a function");
      break;
    case SLIST:
      if (value !== null) {
        if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
          return bad("expected an array of strings");
        for (const h of value as string[])
          if (!validateHeaderValue(h))
            return bad(`header contains CR, LF or NUL: ${JSON.stringify(h)}`);
        value = Object.freeze([...(value as string[])]);
      }
      break;
    case DATA:
      if (value !== null && typeof value !== "string" && !(value instanceof Uint8Array))
        return bad("expected a string or Uint8Array");
      break;
  }
  switch (name) {
    case "customRequest":
      if (value !== null && !validateMethod(value as string))
        return bad(`not a valid method token: ${JSON.stringify(value)}`);
      break;
    case "userAgent":
      if (value !== null && !validateHeaderValue(value as string))
        return bad("contains CR, LF or NUL");
      break;
    case "postFieldSizeLarge":
      name = "postFieldSize";
      break;
    case "copyPostFields":
      // libcurl copies the data at setopt time; a string is immutable already, bytes are copied.
      // Then it is CURLOPT_POSTFIELDS in every other way (the method becomes POST).
      name = "postFields";
      if (value instanceof Uint8Array) value = value.slice();
      if (value !== null) {
        o.post = 1;
        o.httpGet = 0;
      }
      break;
    case "noBody":
      // CURLOPT_NOBODY 1 makes a HEAD; 0 goes back to GET (libcurl switches the method too).
      o.httpGet = 0;
      break;
    case "httpGet":
      if (value) {
        o.noBody = 0;
        o.post = 0;
      }
      break;
    case "postFields":
      // setopt.c: the method becomes POST; CURLOPT_NOBODY set before stays (HEAD wins), unlike
      // CURLOPT_POST, which clears it.
      if (value !== null) {
        o.post = 1;
        o.httpGet = 0;
      }
      break;
    case "post":
      if (value) {
        o.httpGet = 0;
        o.noBody = 0;
      }
      break;
    case "dnsCacheTimeout":
      if ((value as number) < -1) return bad(`negative timeout ${String(value)}`);
      break;
    case "happyEyeballsTimeoutMs":
      if ((value as number) < 0) return bad(`negative timeout ${String(value)}`);
      break;
    case "ipResolve":
      if ((value as number) < 0 || (value as number) > 2)
        return bad(`unknown value ${String(value)}`);
      break;
    case "timeout":
    case "connectTimeout":
      // The seconds variants set the same millisecond value: whichever is set last wins.
      if ((value as number) < 0) return bad(`negative timeout ${String(value)}`);
      name = `${name}Ms`;
      value = (value as number) * 1000;
      break;
    case "timeoutMs":
    case "connectTimeoutMs":
    case "lowSpeedLimit":
    case "lowSpeedTime":
    case "maxRecvSpeedLarge":
    case "maxSendSpeedLarge":
    case "expect100TimeoutMs":
    case "maxAgeConn":
    case "maxLifetimeConn":
      if ((value as number) < 0) return bad(`negative value ${String(value)}`);
      break;
    case "maxFileSizeLarge":
      name = "maxFileSize";
      if ((value as number) < 0) return bad(`negative value ${String(value)}`);
      break;
    case "inFileSizeLarge":
      name = "inFileSize";
      break;
    case "maxRedirs":
      if ((value as number) < -1) return bad(`bad value ${String(value)}`);
      break;
    case "maxFileSize":
      if ((value as number) < 0) return bad(`negative value ${String(value)}`);
      break;
    case "userPwd":
    case "username":
    case "password":
    case "xoauth2Bearer":
    case "referer":
    case "range":
    case "cookie":
    case "acceptEncoding":
    case "redirProtocolsStr":
      if (value !== null && !validateHeaderValue(value as string))
        return bad("contains CR, LF or NUL");
      break;
    case "upload":
      if (value) {
        o.httpGet = 0;
        o.noBody = 0;
      }
      break;
    case "httpVersion": {
      // setopt.c: a negative value is a bad argument; 0 (NONE), 1.0 and 1.1 are accepted; every other
      // value (2, 2TLS, prior knowledge, 3, or one libcurl does not know) is what a build without HTTP/2
      // and HTTP/3 answers: CURLE_UNSUPPORTED_PROTOCOL.
      const v = value as number;
      if (v < 0) return bad(`unknown HTTP version ${String(value)}`);
      if (v >= CURL_HTTP_VERSION_2_0) {
        detail.text = `HTTP version ${v} is not supported (HTTP/2 and HTTP/3 are not built in)`;
        return CURLE_UNSUPPORTED_PROTOCOL;
      }
      break;
    }
  }
  (o as unknown as Record<string, unknown>)[name] = value;
  return CURLE_OK;
}
