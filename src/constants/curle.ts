// libcurl's CURLcode values (include/curl/curl.h, enum CURLcode) as flat constants, plus one
// table of [name, value, message] rows that strerror.ts and verbose output build their lookups from.

/** A transfer result code: `CURLcode` in libcurl, one of the `CURLE_*` constants. */
export type CURLcode = number;

// Values follow the enum order of libcurl 8.22.0-DEV. The CURLE_OBSOLETE* slots are kept because
// they hold their numbers: a code from an old program must not decode as a newer meaning.
/** `CURLE_OK` (0): "No error". */
export const CURLE_OK = 0;
/** `CURLE_UNSUPPORTED_PROTOCOL` (1): "Unsupported protocol". */
export const CURLE_UNSUPPORTED_PROTOCOL = 1;
/** `CURLE_FAILED_INIT` (2): "Failed initialization". */
export const CURLE_FAILED_INIT = 2;
/** `CURLE_URL_MALFORMAT` (3): "URL using bad/illegal format or missing URL". */
export const CURLE_URL_MALFORMAT = 3;
/**
 * `CURLE_NOT_BUILT_IN` (4): "A requested feature, protocol or option was not found built-in in this libcurl due to a build-time decision.".
 */
export const CURLE_NOT_BUILT_IN = 4;
/** `CURLE_COULDNT_RESOLVE_PROXY` (5): "Could not resolve proxy name". */
export const CURLE_COULDNT_RESOLVE_PROXY = 5;
/** `CURLE_COULDNT_RESOLVE_HOST` (6): "Could not resolve hostname". */
export const CURLE_COULDNT_RESOLVE_HOST = 6;
/** `CURLE_COULDNT_CONNECT` (7): "Could not connect to server". */
export const CURLE_COULDNT_CONNECT = 7;
/** `CURLE_WEIRD_SERVER_REPLY` (8): "Weird server reply". */
export const CURLE_WEIRD_SERVER_REPLY = 8;
/** `CURLE_REMOTE_ACCESS_DENIED` (9): "Access denied to remote resource". */
export const CURLE_REMOTE_ACCESS_DENIED = 9;
/** `CURLE_FTP_ACCEPT_FAILED` (10): "FTP: The server failed to connect to data port". */
export const CURLE_FTP_ACCEPT_FAILED = 10;
/** `CURLE_FTP_WEIRD_PASS_REPLY` (11): "FTP: unknown PASS reply". */
export const CURLE_FTP_WEIRD_PASS_REPLY = 11;
/** `CURLE_FTP_ACCEPT_TIMEOUT` (12): "FTP: Accepting server connect has timed out". */
export const CURLE_FTP_ACCEPT_TIMEOUT = 12;
/** `CURLE_FTP_WEIRD_PASV_REPLY` (13): "FTP: unknown PASV reply". */
export const CURLE_FTP_WEIRD_PASV_REPLY = 13;
/** `CURLE_FTP_WEIRD_227_FORMAT` (14): "FTP: unknown 227 response format". */
export const CURLE_FTP_WEIRD_227_FORMAT = 14;
/** `CURLE_FTP_CANT_GET_HOST` (15): "FTP: cannot figure out the host in the PASV response". */
export const CURLE_FTP_CANT_GET_HOST = 15;
/** `CURLE_HTTP2` (16): "Error in the HTTP2 framing layer". */
export const CURLE_HTTP2 = 16;
/** `CURLE_FTP_COULDNT_SET_TYPE` (17): "FTP: could not set file type". */
export const CURLE_FTP_COULDNT_SET_TYPE = 17;
/** `CURLE_PARTIAL_FILE` (18): "Transferred a partial file". */
export const CURLE_PARTIAL_FILE = 18;
/**
 * `CURLE_FTP_COULDNT_RETR_FILE` (19): "FTP: could not retrieve (RETR failed) the specified file".
 */
export const CURLE_FTP_COULDNT_RETR_FILE = 19;
/**
 * `CURLE_OBSOLETE20` (20): "None".
 */
export const CURLE_OBSOLETE20 = 20;
/** `CURLE_QUOTE_ERROR` (21): "Quote command returned error". */
export const CURLE_QUOTE_ERROR = 21;
/** `CURLE_HTTP_RETURNED_ERROR` (22): "HTTP response code said error". */
export const CURLE_HTTP_RETURNED_ERROR = 22;
/** `CURLE_WRITE_ERROR` (23): "Failed writing received data to disk/application". */
export const CURLE_WRITE_ERROR = 23;
/**
 * `CURLE_OBSOLETE24` (24): "None".
 */
export const CURLE_OBSOLETE24 = 24;
/** `CURLE_UPLOAD_FAILED` (25): "Upload failed (at start/before it took off)". */
export const CURLE_UPLOAD_FAILED = 25;
/** `CURLE_READ_ERROR` (26): "Failed to open/read local data from file/application". */
export const CURLE_READ_ERROR = 26;
/** `CURLE_OUT_OF_MEMORY` (27): "Out of memory". */
export const CURLE_OUT_OF_MEMORY = 27;
/** `CURLE_OPERATION_TIMEDOUT` (28): "Timeout was reached". */
export const CURLE_OPERATION_TIMEDOUT = 28;
/**
 * `CURLE_OBSOLETE29` (29): "None".
 */
export const CURLE_OBSOLETE29 = 29;
/** `CURLE_FTP_PORT_FAILED` (30): "FTP: command PORT failed". */
export const CURLE_FTP_PORT_FAILED = 30;
/** `CURLE_FTP_COULDNT_USE_REST` (31): "FTP: command REST failed". */
export const CURLE_FTP_COULDNT_USE_REST = 31;
/**
 * `CURLE_OBSOLETE32` (32): "None".
 */
export const CURLE_OBSOLETE32 = 32;
/** `CURLE_RANGE_ERROR` (33): "Requested range was not delivered by the server". */
export const CURLE_RANGE_ERROR = 33;
/**
 * `CURLE_OBSOLETE34` (34): "None".
 */
export const CURLE_OBSOLETE34 = 34;
/** `CURLE_SSL_CONNECT_ERROR` (35): "SSL connect error". */
export const CURLE_SSL_CONNECT_ERROR = 35;
/** `CURLE_BAD_DOWNLOAD_RESUME` (36): "Could not resume download". */
export const CURLE_BAD_DOWNLOAD_RESUME = 36;
/** `CURLE_FILE_COULDNT_READ_FILE` (37): "Could not read a file:// file". */
export const CURLE_FILE_COULDNT_READ_FILE = 37;
/** `CURLE_LDAP_CANNOT_BIND` (38): "LDAP: cannot bind". */
export const CURLE_LDAP_CANNOT_BIND = 38;
/** `CURLE_LDAP_SEARCH_FAILED` (39): "LDAP: search failed". */
export const CURLE_LDAP_SEARCH_FAILED = 39;
/**
 * `CURLE_OBSOLETE40` (40): "None".
 */
export const CURLE_OBSOLETE40 = 40;
/**
 * `CURLE_OBSOLETE41` (41): "None".
 */
export const CURLE_OBSOLETE41 = 41;
/** `CURLE_ABORTED_BY_CALLBACK` (42): "Operation was aborted by an application callback". */
export const CURLE_ABORTED_BY_CALLBACK = 42;
/** `CURLE_BAD_FUNCTION_ARGUMENT` (43): "A libcurl function was given a bad argument". */
export const CURLE_BAD_FUNCTION_ARGUMENT = 43;
/**
 * `CURLE_OBSOLETE44` (44): "None".
 */
export const CURLE_OBSOLETE44 = 44;
/** `CURLE_INTERFACE_FAILED` (45): "Failed binding local connection end". */
export const CURLE_INTERFACE_FAILED = 45;
/**
 * `CURLE_OBSOLETE46` (46): "None".
 */
export const CURLE_OBSOLETE46 = 46;
/** `CURLE_TOO_MANY_REDIRECTS` (47): "Number of redirects hit maximum amount". */
export const CURLE_TOO_MANY_REDIRECTS = 47;
/** `CURLE_UNKNOWN_OPTION` (48): "An unknown option was passed in to libcurl". */
export const CURLE_UNKNOWN_OPTION = 48;
/** `CURLE_SETOPT_OPTION_SYNTAX` (49): "Malformed option provided in a setopt". */
export const CURLE_SETOPT_OPTION_SYNTAX = 49;
/**
 * `CURLE_OBSOLETE50` (50): "None".
 */
export const CURLE_OBSOLETE50 = 50;
/**
 * `CURLE_OBSOLETE51` (51): "None".
 */
export const CURLE_OBSOLETE51 = 51;
/** `CURLE_GOT_NOTHING` (52): "Server returned nothing (no headers, no data)". */
export const CURLE_GOT_NOTHING = 52;
/** `CURLE_SSL_ENGINE_NOTFOUND` (53): "SSL crypto engine not found". */
export const CURLE_SSL_ENGINE_NOTFOUND = 53;
/** `CURLE_SSL_ENGINE_SETFAILED` (54): "Can not set SSL crypto engine as default". */
export const CURLE_SSL_ENGINE_SETFAILED = 54;
/** `CURLE_SEND_ERROR` (55): "Failed sending data to the peer". */
export const CURLE_SEND_ERROR = 55;
/** `CURLE_RECV_ERROR` (56): "Failure when receiving data from the peer". */
export const CURLE_RECV_ERROR = 56;
/**
 * `CURLE_OBSOLETE57` (57): "None".
 */
export const CURLE_OBSOLETE57 = 57;
/** `CURLE_SSL_CERTPROBLEM` (58): "Problem with the local SSL certificate". */
export const CURLE_SSL_CERTPROBLEM = 58;
/** `CURLE_SSL_CIPHER` (59): "Could not use specified SSL cipher". */
export const CURLE_SSL_CIPHER = 59;
/** `CURLE_PEER_FAILED_VERIFICATION` (60): "SSL peer certificate or SSH remote key was not OK". */
export const CURLE_PEER_FAILED_VERIFICATION = 60;
/** `CURLE_BAD_CONTENT_ENCODING` (61): "Unrecognized or bad HTTP Content or Transfer-Encoding". */
export const CURLE_BAD_CONTENT_ENCODING = 61;
/**
 * `CURLE_OBSOLETE62` (62): "None".
 */
export const CURLE_OBSOLETE62 = 62;
/** `CURLE_FILESIZE_EXCEEDED` (63): "Maximum file size exceeded". */
export const CURLE_FILESIZE_EXCEEDED = 63;
/** `CURLE_USE_SSL_FAILED` (64): "Requested SSL level failed". */
export const CURLE_USE_SSL_FAILED = 64;
/** `CURLE_SEND_FAIL_REWIND` (65): "Send failed since rewinding of the data stream failed". */
export const CURLE_SEND_FAIL_REWIND = 65;
/** `CURLE_SSL_ENGINE_INITFAILED` (66): "Failed to initialize SSL crypto engine". */
export const CURLE_SSL_ENGINE_INITFAILED = 66;
/** `CURLE_LOGIN_DENIED` (67): "Login denied". */
export const CURLE_LOGIN_DENIED = 67;
/** `CURLE_TFTP_NOTFOUND` (68): "TFTP: File Not Found". */
export const CURLE_TFTP_NOTFOUND = 68;
/** `CURLE_TFTP_PERM` (69): "TFTP: Access Violation". */
export const CURLE_TFTP_PERM = 69;
/** `CURLE_REMOTE_DISK_FULL` (70): "Disk full or allocation exceeded". */
export const CURLE_REMOTE_DISK_FULL = 70;
/** `CURLE_TFTP_ILLEGAL` (71): "TFTP: Illegal operation". */
export const CURLE_TFTP_ILLEGAL = 71;
/** `CURLE_TFTP_UNKNOWNID` (72): "TFTP: Unknown transfer ID". */
export const CURLE_TFTP_UNKNOWNID = 72;
/** `CURLE_REMOTE_FILE_EXISTS` (73): "Remote file already exists". */
export const CURLE_REMOTE_FILE_EXISTS = 73;
/** `CURLE_TFTP_NOSUCHUSER` (74): "TFTP: No such user". */
export const CURLE_TFTP_NOSUCHUSER = 74;
/**
 * `CURLE_OBSOLETE75` (75): "None".
 */
export const CURLE_OBSOLETE75 = 75;
/**
 * `CURLE_OBSOLETE76` (76): "None".
 */
export const CURLE_OBSOLETE76 = 76;
/** `CURLE_SSL_CACERT_BADFILE` (77): "Problem with the SSL CA cert (path? access rights?)". */
export const CURLE_SSL_CACERT_BADFILE = 77;
/** `CURLE_REMOTE_FILE_NOT_FOUND` (78): "Remote file not found". */
export const CURLE_REMOTE_FILE_NOT_FOUND = 78;
/** `CURLE_SSH` (79): "Error in the SSH layer". */
export const CURLE_SSH = 79;
/** `CURLE_SSL_SHUTDOWN_FAILED` (80): "Failed to shut down the SSL connection". */
export const CURLE_SSL_SHUTDOWN_FAILED = 80;
/** `CURLE_AGAIN` (81): "Socket not ready for send/recv". */
export const CURLE_AGAIN = 81;
/** `CURLE_SSL_CRL_BADFILE` (82): "Failed to load CRL file (path? access rights?, format?)". */
export const CURLE_SSL_CRL_BADFILE = 82;
/** `CURLE_SSL_ISSUER_ERROR` (83): "Issuer check against peer certificate failed". */
export const CURLE_SSL_ISSUER_ERROR = 83;
/** `CURLE_FTP_PRET_FAILED` (84): "FTP: The server did not accept the PRET command.". */
export const CURLE_FTP_PRET_FAILED = 84;
/** `CURLE_RTSP_CSEQ_ERROR` (85): "RTSP CSeq mismatch or invalid CSeq". */
export const CURLE_RTSP_CSEQ_ERROR = 85;
/** `CURLE_RTSP_SESSION_ERROR` (86): "RTSP session error". */
export const CURLE_RTSP_SESSION_ERROR = 86;
/** `CURLE_FTP_BAD_FILE_LIST` (87): "Unable to parse FTP file list". */
export const CURLE_FTP_BAD_FILE_LIST = 87;
/** `CURLE_CHUNK_FAILED` (88): "Chunk callback failed". */
export const CURLE_CHUNK_FAILED = 88;
/** `CURLE_NO_CONNECTION_AVAILABLE` (89): "The max connection limit is reached". */
export const CURLE_NO_CONNECTION_AVAILABLE = 89;
/** `CURLE_SSL_PINNEDPUBKEYNOTMATCH` (90): "SSL public key does not match pinned public key". */
export const CURLE_SSL_PINNEDPUBKEYNOTMATCH = 90;
/** `CURLE_SSL_INVALIDCERTSTATUS` (91): "SSL server certificate status verification FAILED". */
export const CURLE_SSL_INVALIDCERTSTATUS = 91;
/** `CURLE_HTTP2_STREAM` (92): "Stream error in the HTTP/2 framing layer". */
export const CURLE_HTTP2_STREAM = 92;
/** `CURLE_RECURSIVE_API_CALL` (93): "API function called from within callback". */
export const CURLE_RECURSIVE_API_CALL = 93;
/** `CURLE_AUTH_ERROR` (94): "An authentication function returned an error". */
export const CURLE_AUTH_ERROR = 94;
/** `CURLE_HTTP3` (95): "HTTP/3 error". */
export const CURLE_HTTP3 = 95;
/** `CURLE_QUIC_CONNECT_ERROR` (96): "QUIC connection error". */
export const CURLE_QUIC_CONNECT_ERROR = 96;
/** `CURLE_PROXY` (97): "proxy handshake error". */
export const CURLE_PROXY = 97;
/** `CURLE_SSL_CLIENTCERT` (98): "SSL Client Certificate required". */
export const CURLE_SSL_CLIENTCERT = 98;
/** `CURLE_UNRECOVERABLE_POLL` (99): "Unrecoverable error in select/poll". */
export const CURLE_UNRECOVERABLE_POLL = 99;
/** `CURLE_TOO_LARGE` (100): "A value or data field grew larger than allowed". */
export const CURLE_TOO_LARGE = 100;
/** `CURLE_ECH_REQUIRED` (101): "ECH attempted but failed". */
export const CURLE_ECH_REQUIRED = 101;

/** One past the highest code; never a result (`CURL_LAST` in curl.h). */
export const CURL_LAST = 102;

/** `[name, value, message]`; `message` is null where curl_easy_strerror() has no case. */
export type CurlCodeRow = readonly [name: string, value: number, message: string | null];

/**
 * Every `CURLE_*` code in value order with its curl_easy_strerror() text (lib/strerror.c).
 * Obsolete slots carry null: libcurl answers "Unknown error" for them.
 */
export const CURLE_TABLE: readonly CurlCodeRow[] = [
  ["CURLE_OK", CURLE_OK, "No error"],
  ["CURLE_UNSUPPORTED_PROTOCOL", CURLE_UNSUPPORTED_PROTOCOL, "Unsupported protocol"],
  ["CURLE_FAILED_INIT", CURLE_FAILED_INIT, "Failed initialization"],
  ["CURLE_URL_MALFORMAT", CURLE_URL_MALFORMAT, "URL using bad/illegal format or missing URL"],
  [
    "CURLE_NOT_BUILT_IN",
    CURLE_NOT_BUILT_IN,
    "A requested feature, protocol or option was not found built-in in this libcurl due to a build-time decision.",
  ],
  ["CURLE_COULDNT_RESOLVE_PROXY", CURLE_COULDNT_RESOLVE_PROXY, "Could not resolve proxy name"],
  ["CURLE_COULDNT_RESOLVE_HOST", CURLE_COULDNT_RESOLVE_HOST, "Could not resolve hostname"],
  ["CURLE_COULDNT_CONNECT", CURLE_COULDNT_CONNECT, "Could not connect to server"],
  ["CURLE_WEIRD_SERVER_REPLY", CURLE_WEIRD_SERVER_REPLY, "Weird server reply"],
  ["CURLE_REMOTE_ACCESS_DENIED", CURLE_REMOTE_ACCESS_DENIED, "Access denied to remote resource"],
  [
    "CURLE_FTP_ACCEPT_FAILED",
    CURLE_FTP_ACCEPT_FAILED,
    "FTP: The server failed to connect to data port",
  ],
  ["CURLE_FTP_WEIRD_PASS_REPLY", CURLE_FTP_WEIRD_PASS_REPLY, "FTP: unknown PASS reply"],
  [
    "CURLE_FTP_ACCEPT_TIMEOUT",
    CURLE_FTP_ACCEPT_TIMEOUT,
    "FTP: Accepting server connect has timed out",
  ],
  ["CURLE_FTP_WEIRD_PASV_REPLY", CURLE_FTP_WEIRD_PASV_REPLY, "FTP: unknown PASV reply"],
  ["CURLE_FTP_WEIRD_227_FORMAT", CURLE_FTP_WEIRD_227_FORMAT, "FTP: unknown 227 response format"],
  [
    "CURLE_FTP_CANT_GET_HOST",
    CURLE_FTP_CANT_GET_HOST,
    "FTP: cannot figure out the host in the PASV response",
  ],
  ["CURLE_HTTP2", CURLE_HTTP2, "Error in the HTTP2 framing layer"],
  ["CURLE_FTP_COULDNT_SET_TYPE", CURLE_FTP_COULDNT_SET_TYPE, "FTP: could not set file type"],
  ["CURLE_PARTIAL_FILE", CURLE_PARTIAL_FILE, "Transferred a partial file"],
  [
    "CURLE_FTP_COULDNT_RETR_FILE",
    CURLE_FTP_COULDNT_RETR_FILE,
    "FTP: could not retrieve (RETR failed) the specified file",
  ],
  ["CURLE_OBSOLETE20", CURLE_OBSOLETE20, null],
  ["CURLE_QUOTE_ERROR", CURLE_QUOTE_ERROR, "Quote command returned error"],
  ["CURLE_HTTP_RETURNED_ERROR", CURLE_HTTP_RETURNED_ERROR, "HTTP response code said error"],
  ["CURLE_WRITE_ERROR", CURLE_WRITE_ERROR, "Failed writing received data to disk/application"],
  ["CURLE_OBSOLETE24", CURLE_OBSOLETE24, null],
  ["CURLE_UPLOAD_FAILED", CURLE_UPLOAD_FAILED, "Upload failed (at start/before it took off)"],
  ["CURLE_READ_ERROR", CURLE_READ_ERROR, "Failed to open/read local data from file/application"],
  ["CURLE_OUT_OF_MEMORY", CURLE_OUT_OF_MEMORY, "Out of memory"],
  ["CURLE_OPERATION_TIMEDOUT", CURLE_OPERATION_TIMEDOUT, "Timeout was reached"],
  ["CURLE_OBSOLETE29", CURLE_OBSOLETE29, null],
  ["CURLE_FTP_PORT_FAILED", CURLE_FTP_PORT_FAILED, "FTP: command PORT failed"],
  ["CURLE_FTP_COULDNT_USE_REST", CURLE_FTP_COULDNT_USE_REST, "FTP: command REST failed"],
  ["CURLE_OBSOLETE32", CURLE_OBSOLETE32, null],
  ["CURLE_RANGE_ERROR", CURLE_RANGE_ERROR, "Requested range was not delivered by the server"],
  ["CURLE_OBSOLETE34", CURLE_OBSOLETE34, null],
  ["CURLE_SSL_CONNECT_ERROR", CURLE_SSL_CONNECT_ERROR, "SSL connect error"],
  ["CURLE_BAD_DOWNLOAD_RESUME", CURLE_BAD_DOWNLOAD_RESUME, "Could not resume download"],
  ["CURLE_FILE_COULDNT_READ_FILE", CURLE_FILE_COULDNT_READ_FILE, "Could not read a file:// file"],
  ["CURLE_LDAP_CANNOT_BIND", CURLE_LDAP_CANNOT_BIND, "LDAP: cannot bind"],
  ["CURLE_LDAP_SEARCH_FAILED", CURLE_LDAP_SEARCH_FAILED, "LDAP: search failed"],
  ["CURLE_OBSOLETE40", CURLE_OBSOLETE40, null],
  ["CURLE_OBSOLETE41", CURLE_OBSOLETE41, null],
  [
    "CURLE_ABORTED_BY_CALLBACK",
    CURLE_ABORTED_BY_CALLBACK,
    "Operation was aborted by an application callback",
  ],
  [
    "CURLE_BAD_FUNCTION_ARGUMENT",
    CURLE_BAD_FUNCTION_ARGUMENT,
    "A libcurl function was given a bad argument",
  ],
  ["CURLE_OBSOLETE44", CURLE_OBSOLETE44, null],
  ["CURLE_INTERFACE_FAILED", CURLE_INTERFACE_FAILED, "Failed binding local connection end"],
  ["CURLE_OBSOLETE46", CURLE_OBSOLETE46, null],
  ["CURLE_TOO_MANY_REDIRECTS", CURLE_TOO_MANY_REDIRECTS, "Number of redirects hit maximum amount"],
  ["CURLE_UNKNOWN_OPTION", CURLE_UNKNOWN_OPTION, "An unknown option was passed in to libcurl"],
  [
    "CURLE_SETOPT_OPTION_SYNTAX",
    CURLE_SETOPT_OPTION_SYNTAX,
    "Malformed option provided in a setopt",
  ],
  ["CURLE_OBSOLETE50", CURLE_OBSOLETE50, null],
  ["CURLE_OBSOLETE51", CURLE_OBSOLETE51, null],
  ["CURLE_GOT_NOTHING", CURLE_GOT_NOTHING, "Server returned nothing (no headers, no data)"],
  ["CURLE_SSL_ENGINE_NOTFOUND", CURLE_SSL_ENGINE_NOTFOUND, "SSL crypto engine not found"],
  [
    "CURLE_SSL_ENGINE_SETFAILED",
    CURLE_SSL_ENGINE_SETFAILED,
    "Can not set SSL crypto engine as default",
  ],
  ["CURLE_SEND_ERROR", CURLE_SEND_ERROR, "Failed sending data to the peer"],
  ["CURLE_RECV_ERROR", CURLE_RECV_ERROR, "Failure when receiving data from the peer"],
  ["CURLE_OBSOLETE57", CURLE_OBSOLETE57, null],
  ["CURLE_SSL_CERTPROBLEM", CURLE_SSL_CERTPROBLEM, "Problem with the local SSL certificate"],
  ["CURLE_SSL_CIPHER", CURLE_SSL_CIPHER, "Could not use specified SSL cipher"],
  [
    "CURLE_PEER_FAILED_VERIFICATION",
    CURLE_PEER_FAILED_VERIFICATION,
    "SSL peer certificate or SSH remote key was not OK",
  ],
  [
    "CURLE_BAD_CONTENT_ENCODING",
    CURLE_BAD_CONTENT_ENCODING,
    "Unrecognized or bad HTTP Content or Transfer-Encoding",
  ],
  ["CURLE_OBSOLETE62", CURLE_OBSOLETE62, null],
  ["CURLE_FILESIZE_EXCEEDED", CURLE_FILESIZE_EXCEEDED, "Maximum file size exceeded"],
  ["CURLE_USE_SSL_FAILED", CURLE_USE_SSL_FAILED, "Requested SSL level failed"],
  [
    "CURLE_SEND_FAIL_REWIND",
    CURLE_SEND_FAIL_REWIND,
    "Send failed since rewinding of the data stream failed",
  ],
  [
    "CURLE_SSL_ENGINE_INITFAILED",
    CURLE_SSL_ENGINE_INITFAILED,
    "Failed to initialize SSL crypto engine",
  ],
  ["CURLE_LOGIN_DENIED", CURLE_LOGIN_DENIED, "Login denied"],
  ["CURLE_TFTP_NOTFOUND", CURLE_TFTP_NOTFOUND, "TFTP: File Not Found"],
  ["CURLE_TFTP_PERM", CURLE_TFTP_PERM, "TFTP: Access Violation"],
  ["CURLE_REMOTE_DISK_FULL", CURLE_REMOTE_DISK_FULL, "Disk full or allocation exceeded"],
  ["CURLE_TFTP_ILLEGAL", CURLE_TFTP_ILLEGAL, "TFTP: Illegal operation"],
  ["CURLE_TFTP_UNKNOWNID", CURLE_TFTP_UNKNOWNID, "TFTP: Unknown transfer ID"],
  ["CURLE_REMOTE_FILE_EXISTS", CURLE_REMOTE_FILE_EXISTS, "Remote file already exists"],
  ["CURLE_TFTP_NOSUCHUSER", CURLE_TFTP_NOSUCHUSER, "TFTP: No such user"],
  ["CURLE_OBSOLETE75", CURLE_OBSOLETE75, null],
  ["CURLE_OBSOLETE76", CURLE_OBSOLETE76, null],
  [
    "CURLE_SSL_CACERT_BADFILE",
    CURLE_SSL_CACERT_BADFILE,
    "Problem with the SSL CA cert (path? access rights?)",
  ],
  ["CURLE_REMOTE_FILE_NOT_FOUND", CURLE_REMOTE_FILE_NOT_FOUND, "Remote file not found"],
  ["CURLE_SSH", CURLE_SSH, "Error in the SSH layer"],
  [
    "CURLE_SSL_SHUTDOWN_FAILED",
    CURLE_SSL_SHUTDOWN_FAILED,
    "Failed to shut down the SSL connection",
  ],
  ["CURLE_AGAIN", CURLE_AGAIN, "Socket not ready for send/recv"],
  [
    "CURLE_SSL_CRL_BADFILE",
    CURLE_SSL_CRL_BADFILE,
    "Failed to load CRL file (path? access rights?, format?)",
  ],
  [
    "CURLE_SSL_ISSUER_ERROR",
    CURLE_SSL_ISSUER_ERROR,
    "Issuer check against peer certificate failed",
  ],
  [
    "CURLE_FTP_PRET_FAILED",
    CURLE_FTP_PRET_FAILED,
    "FTP: The server did not accept the PRET command.",
  ],
  ["CURLE_RTSP_CSEQ_ERROR", CURLE_RTSP_CSEQ_ERROR, "RTSP CSeq mismatch or invalid CSeq"],
  ["CURLE_RTSP_SESSION_ERROR", CURLE_RTSP_SESSION_ERROR, "RTSP session error"],
  ["CURLE_FTP_BAD_FILE_LIST", CURLE_FTP_BAD_FILE_LIST, "Unable to parse FTP file list"],
  ["CURLE_CHUNK_FAILED", CURLE_CHUNK_FAILED, "Chunk callback failed"],
  [
    "CURLE_NO_CONNECTION_AVAILABLE",
    CURLE_NO_CONNECTION_AVAILABLE,
    "The max connection limit is reached",
  ],
  [
    "CURLE_SSL_PINNEDPUBKEYNOTMATCH",
    CURLE_SSL_PINNEDPUBKEYNOTMATCH,
    "SSL public key does not match pinned public key",
  ],
  [
    "CURLE_SSL_INVALIDCERTSTATUS",
    CURLE_SSL_INVALIDCERTSTATUS,
    "SSL server certificate status verification FAILED",
  ],
  ["CURLE_HTTP2_STREAM", CURLE_HTTP2_STREAM, "Stream error in the HTTP/2 framing layer"],
  [
    "CURLE_RECURSIVE_API_CALL",
    CURLE_RECURSIVE_API_CALL,
    "API function called from within callback",
  ],
  ["CURLE_AUTH_ERROR", CURLE_AUTH_ERROR, "An authentication function returned an error"],
  ["CURLE_HTTP3", CURLE_HTTP3, "HTTP/3 error"],
  ["CURLE_QUIC_CONNECT_ERROR", CURLE_QUIC_CONNECT_ERROR, "QUIC connection error"],
  ["CURLE_PROXY", CURLE_PROXY, "proxy handshake error"],
  ["CURLE_SSL_CLIENTCERT", CURLE_SSL_CLIENTCERT, "SSL Client Certificate required"],
  ["CURLE_UNRECOVERABLE_POLL", CURLE_UNRECOVERABLE_POLL, "Unrecoverable error in select/poll"],
  ["CURLE_TOO_LARGE", CURLE_TOO_LARGE, "A value or data field grew larger than allowed"],
  ["CURLE_ECH_REQUIRED", CURLE_ECH_REQUIRED, "ECH attempted but failed"],
];
