// libcurl's CURLproxycode values (include/curl/curl.h, enum CURLproxycode): the detail that
// CURLINFO_PROXY_ERROR reports after a transfer failed with CURLE_PROXY. The numbers are the enum's
// order, which libcurl keeps stable; a name table for traces and tests follows the constants.

/** A proxy handshake detail code: `CURLproxycode` in libcurl, one of the `CURLPX_*` constants. */
export type CURLproxycode = number;

/** `CURLPX_OK` (0): no proxy error (also what a transfer that used no proxy reports). */
export const CURLPX_OK = 0;
/** `CURLPX_BAD_ADDRESS_TYPE` (1): the SOCKS5 reply has an unknown address type (ATYP). */
export const CURLPX_BAD_ADDRESS_TYPE = 1;
/** `CURLPX_BAD_VERSION` (2): the SOCKS reply has the wrong version byte. */
export const CURLPX_BAD_VERSION = 2;
/** `CURLPX_CLOSED` (3): the proxy closed the connection (libcurl before 8.17.0; since then CURLPX_RECV_CONNECT). */
export const CURLPX_CLOSED = 3;
/** `CURLPX_GSSAPI` (4): the SOCKS5 GSS-API context could not be negotiated. */
export const CURLPX_GSSAPI = 4;
/** `CURLPX_GSSAPI_PERMSG` (5): the SOCKS5 proxy chose GSS-API, which is not enabled or built in. */
export const CURLPX_GSSAPI_PERMSG = 5;
/** `CURLPX_GSSAPI_PROTECTION` (6): SOCKS5 GSS-API protection is not implemented. */
export const CURLPX_GSSAPI_PROTECTION = 6;
/** `CURLPX_IDENTD` (7): SOCKS4 reply 92, the proxy could not reach identd on the client. */
export const CURLPX_IDENTD = 7;
/** `CURLPX_IDENTD_DIFFER` (8): SOCKS4 reply 93, identd reported a different user id. */
export const CURLPX_IDENTD_DIFFER = 8;
/** `CURLPX_LONG_HOSTNAME` (9): the host name is too long for a SOCKS4a or SOCKS5h request. */
export const CURLPX_LONG_HOSTNAME = 9;
/** `CURLPX_LONG_PASSWD` (10): the SOCKS5 password is longer than 255 bytes. */
export const CURLPX_LONG_PASSWD = 10;
/** `CURLPX_LONG_USER` (11): the SOCKS user name is longer than 255 bytes. */
export const CURLPX_LONG_USER = 11;
/** `CURLPX_NO_AUTH` (12): the SOCKS5 proxy accepted none of the offered authentication methods. */
export const CURLPX_NO_AUTH = 12;
/** `CURLPX_RECV_ADDRESS` (13): receiving the SOCKS5 reply's address failed (libcurl before 8.17.0). */
export const CURLPX_RECV_ADDRESS = 13;
/** `CURLPX_RECV_AUTH` (14): receiving the SOCKS5 authentication reply failed (libcurl before 8.17.0). */
export const CURLPX_RECV_AUTH = 14;
/** `CURLPX_RECV_CONNECT` (15): receiving a SOCKS reply failed, or the proxy closed the connection. */
export const CURLPX_RECV_CONNECT = 15;
/** `CURLPX_RECV_REQACK` (16): receiving the SOCKS5 CONNECT reply failed (libcurl before 8.17.0). */
export const CURLPX_RECV_REQACK = 16;
/** `CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED` (17): SOCKS5 reply 8, address type not supported. */
export const CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED = 17;
/** `CURLPX_REPLY_COMMAND_NOT_SUPPORTED` (18): SOCKS5 reply 7, command not supported. */
export const CURLPX_REPLY_COMMAND_NOT_SUPPORTED = 18;
/** `CURLPX_REPLY_CONNECTION_REFUSED` (19): SOCKS5 reply 5, connection refused. */
export const CURLPX_REPLY_CONNECTION_REFUSED = 19;
/** `CURLPX_REPLY_GENERAL_SERVER_FAILURE` (20): SOCKS5 reply 1, general SOCKS server failure. */
export const CURLPX_REPLY_GENERAL_SERVER_FAILURE = 20;
/** `CURLPX_REPLY_HOST_UNREACHABLE` (21): SOCKS5 reply 4, host unreachable. */
export const CURLPX_REPLY_HOST_UNREACHABLE = 21;
/** `CURLPX_REPLY_NETWORK_UNREACHABLE` (22): SOCKS5 reply 3, network unreachable. */
export const CURLPX_REPLY_NETWORK_UNREACHABLE = 22;
/** `CURLPX_REPLY_NOT_ALLOWED` (23): SOCKS5 reply 2, connection not allowed by ruleset. */
export const CURLPX_REPLY_NOT_ALLOWED = 23;
/** `CURLPX_REPLY_TTL_EXPIRED` (24): SOCKS5 reply 6, TTL expired. */
export const CURLPX_REPLY_TTL_EXPIRED = 24;
/** `CURLPX_REPLY_UNASSIGNED` (25): a SOCKS5 reply code above 8, which RFC 1928 leaves unassigned. */
export const CURLPX_REPLY_UNASSIGNED = 25;
/** `CURLPX_REQUEST_FAILED` (26): SOCKS4 reply 91, request rejected or failed. */
export const CURLPX_REQUEST_FAILED = 26;
/** `CURLPX_RESOLVE_HOST` (27): the destination could not be resolved (or not to a usable address). */
export const CURLPX_RESOLVE_HOST = 27;
/** `CURLPX_SEND_AUTH` (28): sending the SOCKS5 authentication failed (libcurl before 8.17.0). */
export const CURLPX_SEND_AUTH = 28;
/** `CURLPX_SEND_CONNECT` (29): sending a SOCKS request failed. */
export const CURLPX_SEND_CONNECT = 29;
/** `CURLPX_SEND_REQUEST` (30): the SOCKS request could not be composed. */
export const CURLPX_SEND_REQUEST = 30;
/** `CURLPX_UNKNOWN_FAIL` (31): a SOCKS4 reply code other than 90-93. */
export const CURLPX_UNKNOWN_FAIL = 31;
/** `CURLPX_UNKNOWN_MODE` (32): the SOCKS5 proxy chose an authentication method nobody offered. */
export const CURLPX_UNKNOWN_MODE = 32;
/** `CURLPX_USER_REJECTED` (33): the SOCKS5 proxy rejected the user name and password. */
export const CURLPX_USER_REJECTED = 33;
/** `CURLPX_LAST` (34): one past the last code; never a result. */
export const CURLPX_LAST = 34;

/** The CURLPX_* names by value (index = code), for traces and tests; not part of the package. */
const NAMES: readonly string[] = [
  "CURLPX_OK",
  "CURLPX_BAD_ADDRESS_TYPE",
  "CURLPX_BAD_VERSION",
  "CURLPX_CLOSED",
  "CURLPX_GSSAPI",
  "CURLPX_GSSAPI_PERMSG",
  "CURLPX_GSSAPI_PROTECTION",
  "CURLPX_IDENTD",
  "CURLPX_IDENTD_DIFFER",
  "CURLPX_LONG_HOSTNAME",
  "CURLPX_LONG_PASSWD",
  "CURLPX_LONG_USER",
  "CURLPX_NO_AUTH",
  "CURLPX_RECV_ADDRESS",
  "CURLPX_RECV_AUTH",
  "CURLPX_RECV_CONNECT",
  "CURLPX_RECV_REQACK",
  "CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED",
  "CURLPX_REPLY_COMMAND_NOT_SUPPORTED",
  "CURLPX_REPLY_CONNECTION_REFUSED",
  "CURLPX_REPLY_GENERAL_SERVER_FAILURE",
  "CURLPX_REPLY_HOST_UNREACHABLE",
  "CURLPX_REPLY_NETWORK_UNREACHABLE",
  "CURLPX_REPLY_NOT_ALLOWED",
  "CURLPX_REPLY_TTL_EXPIRED",
  "CURLPX_REPLY_UNASSIGNED",
  "CURLPX_REQUEST_FAILED",
  "CURLPX_RESOLVE_HOST",
  "CURLPX_SEND_AUTH",
  "CURLPX_SEND_CONNECT",
  "CURLPX_SEND_REQUEST",
  "CURLPX_UNKNOWN_FAIL",
  "CURLPX_UNKNOWN_MODE",
  "CURLPX_USER_REJECTED",
];

/** The name of a CURLPX_* code ("CURLPX_NO_AUTH"), or undefined for a number outside the enum. */
export function proxyCodeName(code: number): string | undefined {
  return NAMES[code];
}
