// libcurl's non-result constants that the multi_socket API and HTTP options need: socket
// interest and readiness bits, message kinds, callback magic returns, pause bits, HTTP option values.

// ---- multi_socket (include/curl/multi.h) ----

/** `CURL_POLL_*`: the `what` argument of the socket callback (CURLMOPT_SOCKETFUNCTION). */
export const CURL_POLL_NONE = 0;
/** `CURL_POLL_IN`: watch the socket for reading. */
export const CURL_POLL_IN = 1;
/** `CURL_POLL_OUT`: watch the socket for writing. */
export const CURL_POLL_OUT = 2;
/** `CURL_POLL_INOUT`: watch the socket for reading and writing. */
export const CURL_POLL_INOUT = 3;
/** The socket is no longer of interest; the application stops watching it. */
export const CURL_POLL_REMOVE = 4;

/** `CURL_CSELECT_*`: readiness bits for curl_multi_socket_action()'s `ev_bitmask` (a hint only). */
export const CURL_CSELECT_IN = 0x01;
/** `CURL_CSELECT_OUT`: the socket is writable. */
export const CURL_CSELECT_OUT = 0x02;
/** `CURL_CSELECT_ERR`: the socket has an error (or hung up). */
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
/** `CURLPIPE_HTTP1`: HTTP/1.1 pipelining: accepted and does nothing, as in libcurl since 7.62.0. */
export const CURLPIPE_HTTP1 = 1;
/** `CURLPIPE_MULTIPLEX`: HTTP/2 streams share a connection (the default). */
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
/** Seek callback return: the stream is at the asked position (`CURL_SEEKFUNC_OK`). */
export const CURL_SEEKFUNC_OK = 0;
/** Seek callback return: the seek failed; the transfer fails (`CURL_SEEKFUNC_FAIL`). */
export const CURL_SEEKFUNC_FAIL = 1;
/** Seek callback return: this stream cannot seek (`CURL_SEEKFUNC_CANTSEEK`). */
export const CURL_SEEKFUNC_CANTSEEK = 2;
/** Progress callback return: go on with the built-in progress meter (`CURL_PROGRESSFUNC_CONTINUE`). */
export const CURL_PROGRESSFUNC_CONTINUE = 0x10000001;

// ---- curl_easy_pause() bits (include/curl/curl.h) ----

/** `CURLPAUSE_RECV`: stop delivering received data. */
export const CURLPAUSE_RECV = 1 << 0;
/** `CURLPAUSE_RECV_CONT`: go on receiving. */
export const CURLPAUSE_RECV_CONT = 0;
/** `CURLPAUSE_SEND`: stop asking for upload data. */
export const CURLPAUSE_SEND = 1 << 2;
/** `CURLPAUSE_SEND_CONT`: go on sending. */
export const CURLPAUSE_SEND_CONT = 0;
/** `CURLPAUSE_ALL`: pause both directions. */
export const CURLPAUSE_ALL = CURLPAUSE_RECV | CURLPAUSE_SEND;
/** `CURLPAUSE_CONT`: unpause both directions. */
export const CURLPAUSE_CONT = CURLPAUSE_RECV_CONT | CURLPAUSE_SEND_CONT;

// ---- buffer limits (include/curl/curl.h) ----

/** `CURL_MAX_WRITE_SIZE`: the largest chunk handed to the write callback at once. */
export const CURL_MAX_WRITE_SIZE = 16384;
/** `CURL_MAX_HTTP_HEADER`: cap of the buffer for one header line (lib/url.c `headerb`). */
export const CURL_MAX_HTTP_HEADER = 100 * 1024;
/** `CURL_MAX_READ_SIZE`: the largest CURLOPT_BUFFERSIZE accepted (READBUFFER_MAX in urldata.h). */
export const CURL_MAX_READ_SIZE = 10 * 1024 * 1024;

// ---- CURLOPT_HTTPAUTH / CURLOPT_PROXYAUTH bits (include/curl/curl.h) ----

/** `CURLAUTH_NONE`: no HTTP authentication. */
export const CURLAUTH_NONE = 0;
/** `CURLAUTH_BASIC`: HTTP Basic (RFC 7617), sent up front (libcurl's default method). */
export const CURLAUTH_BASIC = 1 << 0;
/** `CURLAUTH_DIGEST`: HTTP Digest (RFC 7616: MD5, SHA-256, SHA-512/256, -sess, qop auth), after a challenge. */
export const CURLAUTH_DIGEST = 1 << 1;
/** `CURLAUTH_NEGOTIATE`: SPNEGO; not built in (a mask of only this is CURLE_NOT_BUILT_IN; in ANY it is never picked). */
export const CURLAUTH_NEGOTIATE = 1 << 2;
/** `CURLAUTH_NTLM`: NTLM; not built in (a mask of only this is CURLE_NOT_BUILT_IN; in ANY it is never picked). */
export const CURLAUTH_NTLM = 1 << 3;
/** `CURLAUTH_DIGEST_IE`: Digest as old Internet Explorer did it; taken as CURLAUTH_DIGEST, as current curl. */
export const CURLAUTH_DIGEST_IE = 1 << 4;
/** `CURLAUTH_BEARER`: an OAuth 2.0 bearer token (CURLOPT_XOAUTH2_BEARER). */
export const CURLAUTH_BEARER = 1 << 6;
/** `CURLAUTH_AWS_SIGV4`: AWS V4 signatures; not built in (a mask of only this is CURLE_NOT_BUILT_IN). */
export const CURLAUTH_AWS_SIGV4 = 1 << 7;
/** `CURLAUTH_HTTPSIG`: RFC 9421 message signatures (new in libcurl 8.22.0-DEV); not built in. */
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
/** `CURL_REDIR_POST_301`: keep POST after a 301. */
export const CURL_REDIR_POST_301 = 1;
/** `CURL_REDIR_POST_302`: keep POST after a 302. */
export const CURL_REDIR_POST_302 = 2;
/** `CURL_REDIR_POST_303`: keep POST after a 303. */
export const CURL_REDIR_POST_303 = 4;
/** `CURL_REDIR_POST_ALL`: keep POST after 301, 302 and 303. */
export const CURL_REDIR_POST_ALL = CURL_REDIR_POST_301 | CURL_REDIR_POST_302 | CURL_REDIR_POST_303;

// ---- CURLOPT_HTTP_VERSION values (include/curl/curl.h) ----

/** `CURL_HTTP_VERSION_NONE`: let libcurl choose. */
export const CURL_HTTP_VERSION_NONE = 0;
/** `CURL_HTTP_VERSION_1_0`: HTTP/1.0. */
export const CURL_HTTP_VERSION_1_0 = 1;
/** `CURL_HTTP_VERSION_1_1`: HTTP/1.1 only (no ALPN h2). */
export const CURL_HTTP_VERSION_1_1 = 2;
/** `CURL_HTTP_VERSION_2_0`: HTTP/2, falling back to HTTP/1.1 (also what getinfo("httpVersion") reports for h2). */
export const CURL_HTTP_VERSION_2_0 = 3;
/** `CURL_HTTP_VERSION_2`: alias of CURL_HTTP_VERSION_2_0 in curl.h. */
export const CURL_HTTP_VERSION_2 = CURL_HTTP_VERSION_2_0;
/** `CURL_HTTP_VERSION_2TLS`: HTTP/2 over TLS (ALPN), HTTP/1.1 for plain http://. */
export const CURL_HTTP_VERSION_2TLS = 4;
/** `CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE`: HTTP/2 without negotiation (h2c on http://). */
export const CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE = 5;
/** `CURL_HTTP_VERSION_3`: HTTP/3: not built in, setopt refuses it. */
export const CURL_HTTP_VERSION_3 = 30;
/** `CURL_HTTP_VERSION_3ONLY`: HTTP/3 only: not built in, setopt refuses it. */
export const CURL_HTTP_VERSION_3ONLY = 31;
/** `CURL_HTTP_VERSION_LAST`: end marker, not a valid CURLOPT_HTTP_VERSION value. */
export const CURL_HTTP_VERSION_LAST = 32;
