// The fixed set of per-transfer timeout IDs (libcurl's `expire_id` in lib/urldata.h), restricted
// to HTTP/1.1 over TCP/TLS, in libcurl's order, numbered densely from 0.
//
// The list is the one of curl 8.15.0 minus EXPIRE_QUIC, EXPIRE_FTP_ACCEPT and EXPIRE_ALPN_EYEBALLS.
// Later curl releases dropped EXPIRE_RUN_NOW (8.17) and then EXPIRE_DNS_PER_NAME(2) and
// EXPIRE_HAPPY_EYEBALLS_DNS (after 8.19); multisock keeps the 8.15 set so those names exist.

/** Expect: 100-continue wait. */
export const EXPIRE_100_TIMEOUT = 0;
/** Asynchronous name resolution poll. */
export const EXPIRE_ASYNC_NAME = 1;
/** CURLOPT_CONNECTTIMEOUT(_MS). */
export const EXPIRE_CONNECTTIMEOUT = 2;
/** Per-address-family resolve, first family. */
export const EXPIRE_DNS_PER_NAME = 3;
/** Per-address-family resolve, second family. */
export const EXPIRE_DNS_PER_NAME2 = 4;
/** Happy eyeballs wait for the second address family's answer. */
export const EXPIRE_HAPPY_EYEBALLS_DNS = 5;
/** Happy eyeballs: start the next connection attempt. */
export const EXPIRE_HAPPY_EYEBALLS = 6;
/** Pending transfer (connection limits): look again. */
export const EXPIRE_MULTI_PENDING = 7;
/** Run the transfer as soon as possible. */
export const EXPIRE_RUN_NOW = 8;
/** CURLOPT_LOW_SPEED_LIMIT / _TIME checks. */
export const EXPIRE_SPEEDCHECK = 9;
/** CURLOPT_TIMEOUT(_MS): the whole transfer. */
export const EXPIRE_TIMEOUT = 10;
/** CURLOPT_MAX_SEND/RECV_SPEED_LARGE: transfer paused for being too fast. */
export const EXPIRE_TOOFAST = 11;
/** Connection shutdown deadline. */
export const EXPIRE_SHUTDOWN = 12;
/** Number of IDs; not an ID itself (libcurl: EXPIRE_LAST). */
export const EXPIRE_LAST = 13;

/** Names by ID, for tracing. */
export const EXPIRE_NAMES: readonly string[] = Object.freeze([
  "EXPIRE_100_TIMEOUT",
  "EXPIRE_ASYNC_NAME",
  "EXPIRE_CONNECTTIMEOUT",
  "EXPIRE_DNS_PER_NAME",
  "EXPIRE_DNS_PER_NAME2",
  "EXPIRE_HAPPY_EYEBALLS_DNS",
  "EXPIRE_HAPPY_EYEBALLS",
  "EXPIRE_MULTI_PENDING",
  "EXPIRE_RUN_NOW",
  "EXPIRE_SPEEDCHECK",
  "EXPIRE_TIMEOUT",
  "EXPIRE_TOOFAST",
  "EXPIRE_SHUTDOWN",
]);
