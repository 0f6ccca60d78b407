// libcurl's non-result constants that the multi_socket API and HTTP options need: socket
// interest and readiness bits, message kinds, callback magic returns, pause bits, HTTP option values.

// ---- multi_socket (include/curl/multi.h) ----

/** `CURL_POLL_*`: the `what` argument of the socket callback (CURLMOPT_SOCKETFUNCTION). */
export const CURL_POLL_NONE = 0;
export const CURL_POLL_IN = 1;
export const CURL_POLL_OUT = 2;
export const CURL_POLL_INOUT = 3;
/** The socket is no longer of interest; the application stops watching it. */
export const CURL_POLL_REMOVE = 4;

/** `CURL_CSELECT_*`: readiness bits for curl_multi_socket_action()'s `ev_bitmask` (a hint only). */
export const CURL_CSELECT_IN = 0x01;
export const CURL_CSELECT_OUT = 0x02;
export const CURL_CSELECT_ERR = 0x04;

/** `CURL_SOCKET_BAD`: "no socket" (curl.h; -1 outside Windows, where it is INVALID_SOCKET). */
export const CURL_SOCKET_BAD = -1;
/** `CURL_SOCKET_TIMEOUT`: pass to socketAction() when the timer fires; same value as CURL_SOCKET_BAD. */
export const CURL_SOCKET_TIMEOUT = CURL_SOCKET_BAD;

/** A message kind from curl_multi_info_read() (`CURLMSG` in multi.h). */
export type CURLMSG = number;
/** `CURLMSG_NONE`: first enum slot, never delivered. */
export const CURLMSG_NONE = 0;
/** `CURLMSG_DONE`: a transfer completed; the message carries its CURLcode. */
export const CURLMSG_DONE = 1;
/** `CURLMSG_LAST`: one past the last kind, never delivered. */
export const CURLMSG_LAST = 2;

/** `CURLPIPE_*`: bits for CURLMOPT_PIPELINING (only multiplexing is meaningful in libcurl today). */
export const CURLPIPE_NOTHING = 0;
export const CURLPIPE_HTTP1 = 1;
export const CURLPIPE_MULTIPLEX = 2;
/** libcurl's DEFAULT_MAX_CONCURRENT_STREAMS: CURLMOPT_MAX_CONCURRENT_STREAMS's default, and the
 *  streams an HTTP/2 connection is counted on for until the server's SETTINGS say. */
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100;

// ---- callback return values (include/curl/curl.h) ----
// The magic values sit far above any real byte count, so libcurl can tell them from a length.

/** Write callback return: pause receiving on this transfer (`CURL_WRITEFUNC_PAUSE`). */
export const CURL_WRITEFUNC_PAUSE = 0x10000001;
/** Write callback return: fail the transfer with CURLE_WRITE_ERROR (`CURL_WRITEFUNC_ERROR`). */
export const CURL_WRITEFUNC_ERROR = 0xffffffff;
/** Read callback return: abort the transfer with CURLE_ABORTED_BY_CALLBACK (`CURL_READFUNC_ABORT`). */
export const CURL_READFUNC_ABORT = 0x10000000;
/** Read callback return: pause sending on this transfer (`CURL_READFUNC_PAUSE`). */
export const CURL_READFUNC_PAUSE = 0x10000001;
/** Progress callback return: go on with the built-in progress meter (`CURL_PROGRESSFUNC_CONTINUE`). */
export const CURL_PROGRESSFUNC_CONTINUE = 0x10000001;

// ---- curl_easy_pause() bits (include/curl/curl.h) ----

/** `CURLPAUSE_RECV`: stop delivering received data. */
export const CURLPAUSE_RECV = 1 << 0;
export const CURLPAUSE_RECV_CONT = 0;
/** `CURLPAUSE_SEND`: stop asking for upload data. */
export const CURLPAUSE_SEND = 1 << 2;
export const CURLPAUSE_SEND_CONT = 0;
export const CURLPAUSE_ALL = CURLPAUSE_RECV | CURLPAUSE_SEND;
export const CURLPAUSE_CONT = CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT;

// ---- buffer limits (include/curl/curl.h) ----

/** `CURL_MAX_WRITE_SIZE`: the largest chunk handed to the write callback at once. */
export const CURL_MAX_WRITE_SIZE = 16384;
/** `CURL_MAX_HTTP_HEADER`: cap of the buffer for one header line (lib/url.c `headerb`). */
export const CURL_MAX_HTTP_HEADER = 100 * 1024;
/** `CURL_MAX_READ_SIZE`: the largest CURLOPT_BUFFERSIZE accepted (READBUFFER_MAX in urldata.h). */
export const CURL_MAX_READ_SIZE = 10 * 1024 * 1024;

// ---- CURLOPT_HTTPAUTH / CURLOPT_PROXYAUTH bits (include/curl/curl.h) ----

export const CURLAUTH_NONE = 0;
export const CURLAUTH_BASIC = 1 << 0;
export const CURLAUTH_DIGEST = 1 << 1;
export const CURLAUTH_NEGOTIATE = 1 << 2;
export const CURLAUTH_NTLM = 1 << 3;
export const CURLAUTH_DIGEST_IE = 1 << 4;
export const CURLAUTH_BEARER = 1 << 6;
export const CURLAUTH_AWS_SIGV4 = 1 << 7;
/** `CURLAUTH_HTTPSIG`: RFC 9421 message signatures (new in libcurl 8.22.0-DEV). */
export const CURLAUTH_HTTPSIG = 1 << 8;
/** `CURLAUTH_ONLY`: bit 31, written as a positive number (C's unsigned long, not JS's `1 << 31`). */
export const CURLAUTH_ONLY = 0x80000000;
/** `CURLAUTH_ANY`: every method but DIGEST_IE and HTTPSIG, masked to 32 bits as curl.h does. */
export const CURLAUTH_ANY = ~(CURLAUTH_DIGEST_IE | CURLAUTH_HTTPSIG) >>> 0;
/** `CURLAUTH_ANYSAFE`: CURLAUTH_ANY without Basic. */
export const CURLAUTH_ANYSAFE = ~(CURLAUTH_BASIC | CURLAUTH_DIGEST_IE | CURLAUTH_HTTPSIG) >>> 0;

// ---- CURLOPT_POSTREDIR bits (include/curl/curl.h) ----

/** `CURL_REDIR_GET_ALL`: turn POST into GET on 301, 302 and 303 (the default). */
export const CURL_REDIR_GET_ALL = 0;
export const CURL_REDIR_POST_301 = 1;
export const CURL_REDIR_POST_302 = 2;
export const CURL_REDIR_POST_303 = 4;
export const CURL_REDIR_POST_ALL = CURL_REDIR_POST_301 | CURL_REDIR_POST_302 | CURL_REDIR_POST_303;

// ---- CURLOPT_HTTP_VERSION values (include/curl/curl.h) ----

/** `CURL_HTTP_VERSION_NONE`: let libcurl choose. */
export const CURL_HTTP_VERSION_NONE = 0;
export const CURL_HTTP_VERSION_1_0 = 1;
export const CURL_HTTP_VERSION_1_1 = 2;
export const CURL_HTTP_VERSION_2_0 = 3;
/** `CURL_HTTP_VERSION_2`: alias of CURL_HTTP_VERSION_2_0 in curl.h. */
export const CURL_HTTP_VERSION_2 = CURL_HTTP_VERSION_2_0;
export const CURL_HTTP_VERSION_2TLS = 4;
export const CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE = 5;
export const CURL_HTTP_VERSION_3 = 30;
export const CURL_HTTP_VERSION_3ONLY = 31;
/** `CURL_HTTP_VERSION_LAST`: end marker, not a valid CURLOPT_HTTP_VERSION value. */
export const CURL_HTTP_VERSION_LAST = 32;
