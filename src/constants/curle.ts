// libcurl's CURLcode values (include/curl/curl.h, enum CURLcode) as flat constants, plus one
// table of [name, value, message] rows that strerror.ts and verbose output build their lookups from.

/** A transfer result code: `CURLcode` in libcurl, one of the `CURLE_*` constants. */
export type CURLcode = number;

// Values follow the enum order of libcurl 8.22.0-DEV. The CURLE_OBSOLETE* slots are kept because
// they hold their numbers: a code from an old program must not decode as a newer meaning.
export const CURLE_OK = 0;
export const CURLE_UNSUPPORTED_PROTOCOL = 1;
export const CURLE_FAILED_INIT = 2;
export const CURLE_URL_MALFORMAT = 3;
export const CURLE_NOT_BUILT_IN = 4;
export const CURLE_COULDNT_RESOLVE_PROXY = 5;
export const CURLE_COULDNT_RESOLVE_HOST = 6;
export const CURLE_COULDNT_CONNECT = 7;
export const CURLE_WEIRD_SERVER_REPLY = 8;
export const CURLE_REMOTE_ACCESS_DENIED = 9;
export const CURLE_FTP_ACCEPT_FAILED = 10;
export const CURLE_FTP_WEIRD_PASS_REPLY = 11;
export const CURLE_FTP_ACCEPT_TIMEOUT = 12;
export const CURLE_FTP_WEIRD_PASV_REPLY = 13;
export const CURLE_FTP_WEIRD_227_FORMAT = 14;
export const CURLE_FTP_CANT_GET_HOST = 15;
export const CURLE_HTTP2 = 16;
export const CURLE_FTP_COULDNT_SET_TYPE = 17;
export const CURLE_PARTIAL_FILE = 18;
export const CURLE_FTP_COULDNT_RETR_FILE = 19;
export const CURLE_OBSOLETE20 = 20;
export const CURLE_QUOTE_ERROR = 21;
export const CURLE_HTTP_RETURNED_ERROR = 22;
export const CURLE_WRITE_ERROR = 23;
export const CURLE_OBSOLETE24 = 24;
export const CURLE_UPLOAD_FAILED = 25;
export const CURLE_READ_ERROR = 26;
export const CURLE_OUT_OF_MEMORY = 27;
export const CURLE_OPERATION_TIMEDOUT = 28;
export const CURLE_OBSOLETE29 = 29;
export const CURLE_FTP_PORT_FAILED = 30;
export const CURLE_FTP_COULDNT_USE_REST = 31;
export const CURLE_OBSOLETE32 = 32;
export const CURLE_RANGE_ERROR = 33;
export const CURLE_OBSOLETE34 = 34;
export const CURLE_SSL_CONNECT_ERROR = 35;
export const CURLE_BAD_DOWNLOAD_RESUME = 36;
export const CURLE_FILE_COULDNT_READ_FILE = 37;
export const CURLE_LDAP_CANNOT_BIND = 38;
export const CURLE_LDAP_SEARCH_FAILED = 39;
export const CURLE_OBSOLETE40 = 40;
export const CURLE_OBSOLETE41 = 41;
export const CURLE_ABORTED_BY_CALLBACK = 42;
export const CURLE_BAD_FUNCTION_ARGUMENT = 43;
export const CURLE_OBSOLETE44 = 44;
export const CURLE_INTERFACE_FAILED = 45;
export const CURLE_OBSOLETE46 = 46;
export const CURLE_TOO_MANY_REDIRECTS = 47;
export const CURLE_UNKNOWN_OPTION = 48;
export const CURLE_SETOPT_OPTION_SYNTAX = 49;
export const CURLE_OBSOLETE50 = 50;
export const CURLE_OBSOLETE51 = 51;
export const CURLE_GOT_NOTHING = 52;
export const CURLE_SSL_ENGINE_NOTFOUND = 53;
export const CURLE_SSL_ENGINE_SETFAILED = 54;
export const CURLE_SEND_ERROR = 55;
export const CURLE_RECV_ERROR = 56;
export const CURLE_OBSOLETE57 = 57;
export const CURLE_SSL_CERTPROBLEM = 58;
export const CURLE_SSL_CIPHER = 59;
export const CURLE_PEER_FAILED_VERIFICATION = 60;
export const CURLE_BAD_CONTENT_ENCODING = 61;
export const CURLE_OBSOLETE62 = 62;
export const CURLE_FILESIZE_EXCEEDED = 63;
export const CURLE_USE_SSL_FAILED = 64;
export const CURLE_SEND_FAIL_REWIND = 65;
export const CURLE_SSL_ENGINE_INITFAILED = 66;
export const CURLE_LOGIN_DENIED = 67;
export const CURLE_TFTP_NOTFOUND = 68;
export const CURLE_TFTP_PERM = 69;
export const CURLE_REMOTE_DISK_FULL = 70;
export const CURLE_TFTP_ILLEGAL = 71;
export const CURLE_TFTP_UNKNOWNID = 72;
export const CURLE_REMOTE_FILE_EXISTS = 73;
export const CURLE_TFTP_NOSUCHUSER = 74;
export const CURLE_OBSOLETE75 = 75;
export const CURLE_OBSOLETE76 = 76;
export const CURLE_SSL_CACERT_BADFILE = 77;
export const CURLE_REMOTE_FILE_NOT_FOUND = 78;
export const CURLE_SSH = 79;
export const CURLE_SSL_SHUTDOWN_FAILED = 80;
export const CURLE_AGAIN = 81;
export const CURLE_SSL_CRL_BADFILE = 82;
export const CURLE_SSL_ISSUER_ERROR = 83;
export const CURLE_FTP_PRET_FAILED = 84;
export const CURLE_RTSP_CSEQ_ERROR = 85;
export const CURLE_RTSP_SESSION_ERROR = 86;
export const CURLE_FTP_BAD_FILE_LIST = 87;
export const CURLE_CHUNK_FAILED = 88;
export const CURLE_NO_CONNECTION_AVAILABLE = 89;
export const CURLE_SSL_PINNEDPUBKEYNOTMATCH = 90;
export const CURLE_SSL_INVALIDCERTSTATUS = 91;
export const CURLE_HTTP2_STREAM = 92;
export const CURLE_RECURSIVE_API_CALL = 93;
export const CURLE_AUTH_ERROR = 94;
export const CURLE_HTTP3 = 95;
export const CURLE_QUIC_CONNECT_ERROR = 96;
export const CURLE_PROXY = 97;
export const CURLE_SSL_CLIENTCERT = 98;
export const CURLE_UNRECOVERABLE_POLL = 99;
export const CURLE_TOO_LARGE = 100;
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
