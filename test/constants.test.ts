// Checks every libcurl constant against values and messages typed here from libcurl's headers and
// lib/strerror.c, and that the flat exports, the tables and the lookups agree with each other.

import { describe, expect, test } from "bun:test";
import * as C from "../src/constants/index.ts";

// CURLE_* values as numbered in the comments of include/curl/curl.h (curl 8.22.0-DEV, 5c61e16).
const CURLE_VALUES: Record<string, number> = {
  CURLE_OK: 0,
  CURLE_UNSUPPORTED_PROTOCOL: 1,
  CURLE_FAILED_INIT: 2,
  CURLE_URL_MALFORMAT: 3,
  CURLE_NOT_BUILT_IN: 4,
  CURLE_COULDNT_RESOLVE_PROXY: 5,
  CURLE_COULDNT_RESOLVE_HOST: 6,
  CURLE_COULDNT_CONNECT: 7,
  CURLE_WEIRD_SERVER_REPLY: 8,
  CURLE_REMOTE_ACCESS_DENIED: 9,
  CURLE_FTP_ACCEPT_FAILED: 10,
  CURLE_FTP_WEIRD_PASS_REPLY: 11,
  CURLE_FTP_ACCEPT_TIMEOUT: 12,
  CURLE_FTP_WEIRD_PASV_REPLY: 13,
  CURLE_FTP_WEIRD_227_FORMAT: 14,
  CURLE_FTP_CANT_GET_HOST: 15,
  CURLE_HTTP2: 16,
  CURLE_FTP_COULDNT_SET_TYPE: 17,
  CURLE_PARTIAL_FILE: 18,
  CURLE_FTP_COULDNT_RETR_FILE: 19,
  CURLE_OBSOLETE20: 20,
  CURLE_QUOTE_ERROR: 21,
  CURLE_HTTP_RETURNED_ERROR: 22,
  CURLE_WRITE_ERROR: 23,
  CURLE_OBSOLETE24: 24,
  CURLE_UPLOAD_FAILED: 25,
  CURLE_READ_ERROR: 26,
  CURLE_OUT_OF_MEMORY: 27,
  CURLE_OPERATION_TIMEDOUT: 28,
  CURLE_OBSOLETE29: 29,
  CURLE_FTP_PORT_FAILED: 30,
  CURLE_FTP_COULDNT_USE_REST: 31,
  CURLE_OBSOLETE32: 32,
  CURLE_RANGE_ERROR: 33,
  CURLE_OBSOLETE34: 34,
  CURLE_SSL_CONNECT_ERROR: 35,
  CURLE_BAD_DOWNLOAD_RESUME: 36,
  CURLE_FILE_COULDNT_READ_FILE: 37,
  CURLE_LDAP_CANNOT_BIND: 38,
  CURLE_LDAP_SEARCH_FAILED: 39,
  CURLE_OBSOLETE40: 40,
  CURLE_OBSOLETE41: 41,
  CURLE_ABORTED_BY_CALLBACK: 42,
  CURLE_BAD_FUNCTION_ARGUMENT: 43,
  CURLE_OBSOLETE44: 44,
  CURLE_INTERFACE_FAILED: 45,
  CURLE_OBSOLETE46: 46,
  CURLE_TOO_MANY_REDIRECTS: 47,
  CURLE_UNKNOWN_OPTION: 48,
  CURLE_SETOPT_OPTION_SYNTAX: 49,
  CURLE_OBSOLETE50: 50,
  CURLE_OBSOLETE51: 51,
  CURLE_GOT_NOTHING: 52,
  CURLE_SSL_ENGINE_NOTFOUND: 53,
  CURLE_SSL_ENGINE_SETFAILED: 54,
  CURLE_SEND_ERROR: 55,
  CURLE_RECV_ERROR: 56,
  CURLE_OBSOLETE57: 57,
  CURLE_SSL_CERTPROBLEM: 58,
  CURLE_SSL_CIPHER: 59,
  CURLE_PEER_FAILED_VERIFICATION: 60,
  CURLE_BAD_CONTENT_ENCODING: 61,
  CURLE_OBSOLETE62: 62,
  CURLE_FILESIZE_EXCEEDED: 63,
  CURLE_USE_SSL_FAILED: 64,
  CURLE_SEND_FAIL_REWIND: 65,
  CURLE_SSL_ENGINE_INITFAILED: 66,
  CURLE_LOGIN_DENIED: 67,
  CURLE_TFTP_NOTFOUND: 68,
  CURLE_TFTP_PERM: 69,
  CURLE_REMOTE_DISK_FULL: 70,
  CURLE_TFTP_ILLEGAL: 71,
  CURLE_TFTP_UNKNOWNID: 72,
  CURLE_REMOTE_FILE_EXISTS: 73,
  CURLE_TFTP_NOSUCHUSER: 74,
  CURLE_OBSOLETE75: 75,
  CURLE_OBSOLETE76: 76,
  CURLE_SSL_CACERT_BADFILE: 77,
  CURLE_REMOTE_FILE_NOT_FOUND: 78,
  CURLE_SSH: 79,
  CURLE_SSL_SHUTDOWN_FAILED: 80,
  CURLE_AGAIN: 81,
  CURLE_SSL_CRL_BADFILE: 82,
  CURLE_SSL_ISSUER_ERROR: 83,
  CURLE_FTP_PRET_FAILED: 84,
  CURLE_RTSP_CSEQ_ERROR: 85,
  CURLE_RTSP_SESSION_ERROR: 86,
  CURLE_FTP_BAD_FILE_LIST: 87,
  CURLE_CHUNK_FAILED: 88,
  CURLE_NO_CONNECTION_AVAILABLE: 89,
  CURLE_SSL_PINNEDPUBKEYNOTMATCH: 90,
  CURLE_SSL_INVALIDCERTSTATUS: 91,
  CURLE_HTTP2_STREAM: 92,
  CURLE_RECURSIVE_API_CALL: 93,
  CURLE_AUTH_ERROR: 94,
  CURLE_HTTP3: 95,
  CURLE_QUIC_CONNECT_ERROR: 96,
  CURLE_PROXY: 97,
  CURLE_SSL_CLIENTCERT: 98,
  CURLE_UNRECOVERABLE_POLL: 99,
  CURLE_TOO_LARGE: 100,
  CURLE_ECH_REQUIRED: 101,
};

// CURLMcode values of include/curl/multi.h (the enum starts at -1).
const CURLM_VALUES: Record<string, number> = {
  CURLM_CALL_MULTI_PERFORM: -1,
  CURLM_OK: 0,
  CURLM_BAD_HANDLE: 1,
  CURLM_BAD_EASY_HANDLE: 2,
  CURLM_OUT_OF_MEMORY: 3,
  CURLM_INTERNAL_ERROR: 4,
  CURLM_BAD_SOCKET: 5,
  CURLM_UNKNOWN_OPTION: 6,
  CURLM_ADDED_ALREADY: 7,
  CURLM_RECURSIVE_API_CALL: 8,
  CURLM_WAKEUP_FAILURE: 9,
  CURLM_BAD_FUNCTION_ARGUMENT: 10,
  CURLM_ABORTED_BY_CALLBACK: 11,
  CURLM_UNRECOVERABLE_POLL: 12,
};

// curl_easy_strerror() texts from lib/strerror.c.
const EASY_MESSAGES: Record<string, string> = {
  CURLE_OK: "No error",
  CURLE_UNSUPPORTED_PROTOCOL: "Unsupported protocol",
  CURLE_FAILED_INIT: "Failed initialization",
  CURLE_URL_MALFORMAT: "URL using bad/illegal format or missing URL",
  CURLE_NOT_BUILT_IN:
    "A requested feature, protocol or option was not found built-in in this libcurl due to a build-time decision.",
  CURLE_COULDNT_RESOLVE_PROXY: "Could not resolve proxy name",
  CURLE_COULDNT_RESOLVE_HOST: "Could not resolve hostname",
  CURLE_COULDNT_CONNECT: "Could not connect to server",
  CURLE_WEIRD_SERVER_REPLY: "Weird server reply",
  CURLE_REMOTE_ACCESS_DENIED: "Access denied to remote resource",
  CURLE_FTP_ACCEPT_FAILED: "FTP: The server failed to connect to data port",
  CURLE_FTP_WEIRD_PASS_REPLY: "FTP: unknown PASS reply",
  CURLE_FTP_ACCEPT_TIMEOUT: "FTP: Accepting server connect has timed out",
  CURLE_FTP_WEIRD_PASV_REPLY: "FTP: unknown PASV reply",
  CURLE_FTP_WEIRD_227_FORMAT: "FTP: unknown 227 response format",
  CURLE_FTP_CANT_GET_HOST: "FTP: cannot figure out the host in the PASV response",
  CURLE_HTTP2: "Error in the HTTP2 framing layer",
  CURLE_FTP_COULDNT_SET_TYPE: "FTP: could not set file type",
  CURLE_PARTIAL_FILE: "Transferred a partial file",
  CURLE_FTP_COULDNT_RETR_FILE: "FTP: could not retrieve (RETR failed) the specified file",
  CURLE_QUOTE_ERROR: "Quote command returned error",
  CURLE_HTTP_RETURNED_ERROR: "HTTP response code said error",
  CURLE_WRITE_ERROR: "Failed writing received data to disk/application",
  CURLE_UPLOAD_FAILED: "Upload failed (at start/before it took off)",
  CURLE_READ_ERROR: "Failed to open/read local data from file/application",
  CURLE_OUT_OF_MEMORY: "Out of memory",
  CURLE_OPERATION_TIMEDOUT: "Timeout was reached",
  CURLE_FTP_PORT_FAILED: "FTP: command PORT failed",
  CURLE_FTP_COULDNT_USE_REST: "FTP: command REST failed",
  CURLE_RANGE_ERROR: "Requested range was not delivered by the server",
  CURLE_SSL_CONNECT_ERROR: "SSL connect error",
  CURLE_BAD_DOWNLOAD_RESUME: "Could not resume download",
  CURLE_FILE_COULDNT_READ_FILE: "Could not read a file:// file",
  CURLE_LDAP_CANNOT_BIND: "LDAP: cannot bind",
  CURLE_LDAP_SEARCH_FAILED: "LDAP: search failed",
  CURLE_ABORTED_BY_CALLBACK: "Operation was aborted by an application callback",
  CURLE_BAD_FUNCTION_ARGUMENT: "A libcurl function was given a bad argument",
  CURLE_INTERFACE_FAILED: "Failed binding local connection end",
  CURLE_TOO_MANY_REDIRECTS: "Number of redirects hit maximum amount",
  CURLE_UNKNOWN_OPTION: "An unknown option was passed in to libcurl",
  CURLE_SETOPT_OPTION_SYNTAX: "Malformed option provided in a setopt",
  CURLE_GOT_NOTHING: "Server returned nothing (no headers, no data)",
  CURLE_SSL_ENGINE_NOTFOUND: "SSL crypto engine not found",
  CURLE_SSL_ENGINE_SETFAILED: "Can not set SSL crypto engine as default",
  CURLE_SEND_ERROR: "Failed sending data to the peer",
  CURLE_RECV_ERROR: "Failure when receiving data from the peer",
  CURLE_SSL_CERTPROBLEM: "Problem with the local SSL certificate",
  CURLE_SSL_CIPHER: "Could not use specified SSL cipher",
  CURLE_PEER_FAILED_VERIFICATION: "SSL peer certificate or SSH remote key was not OK",
  CURLE_BAD_CONTENT_ENCODING: "Unrecognized or bad HTTP Content or Transfer-Encoding",
  CURLE_FILESIZE_EXCEEDED: "Maximum file size exceeded",
  CURLE_USE_SSL_FAILED: "Requested SSL level failed",
  CURLE_SEND_FAIL_REWIND: "Send failed since rewinding of the data stream failed",
  CURLE_SSL_ENGINE_INITFAILED: "Failed to initialize SSL crypto engine",
  CURLE_LOGIN_DENIED: "Login denied",
  CURLE_TFTP_NOTFOUND: "TFTP: File Not Found",
  CURLE_TFTP_PERM: "TFTP: Access Violation",
  CURLE_REMOTE_DISK_FULL: "Disk full or allocation exceeded",
  CURLE_TFTP_ILLEGAL: "TFTP: Illegal operation",
  CURLE_TFTP_UNKNOWNID: "TFTP: Unknown transfer ID",
  CURLE_REMOTE_FILE_EXISTS: "Remote file already exists",
  CURLE_TFTP_NOSUCHUSER: "TFTP: No such user",
  CURLE_SSL_CACERT_BADFILE: "Problem with the SSL CA cert (path? access rights?)",
  CURLE_REMOTE_FILE_NOT_FOUND: "Remote file not found",
  CURLE_SSH: "Error in the SSH layer",
  CURLE_SSL_SHUTDOWN_FAILED: "Failed to shut down the SSL connection",
  CURLE_AGAIN: "Socket not ready for send/recv",
  CURLE_SSL_CRL_BADFILE: "Failed to load CRL file (path? access rights?, format?)",
  CURLE_SSL_ISSUER_ERROR: "Issuer check against peer certificate failed",
  CURLE_FTP_PRET_FAILED: "FTP: The server did not accept the PRET command.",
  CURLE_RTSP_CSEQ_ERROR: "RTSP CSeq mismatch or invalid CSeq",
  CURLE_RTSP_SESSION_ERROR: "RTSP session error",
  CURLE_FTP_BAD_FILE_LIST: "Unable to parse FTP file list",
  CURLE_CHUNK_FAILED: "Chunk callback failed",
  CURLE_NO_CONNECTION_AVAILABLE: "The max connection limit is reached",
  CURLE_SSL_PINNEDPUBKEYNOTMATCH: "SSL public key does not match pinned public key",
  CURLE_SSL_INVALIDCERTSTATUS: "SSL server certificate status verification FAILED",
  CURLE_HTTP2_STREAM: "Stream error in the HTTP/2 framing layer",
  CURLE_RECURSIVE_API_CALL: "API function called from within callback",
  CURLE_AUTH_ERROR: "An authentication function returned an error",
  CURLE_HTTP3: "HTTP/3 error",
  CURLE_QUIC_CONNECT_ERROR: "QUIC connection error",
  CURLE_PROXY: "proxy handshake error",
  CURLE_SSL_CLIENTCERT: "SSL Client Certificate required",
  CURLE_UNRECOVERABLE_POLL: "Unrecoverable error in select/poll",
  CURLE_TOO_LARGE: "A value or data field grew larger than allowed",
  CURLE_ECH_REQUIRED: "ECH attempted but failed",
};

// curl_multi_strerror() texts from lib/strerror.c.
const MULTI_MESSAGES: Record<string, string> = {
  CURLM_CALL_MULTI_PERFORM: "Please call curl_multi_perform() soon",
  CURLM_OK: "No error",
  CURLM_BAD_HANDLE: "Invalid multi handle",
  CURLM_BAD_EASY_HANDLE: "Invalid easy handle",
  CURLM_OUT_OF_MEMORY: "Out of memory",
  CURLM_INTERNAL_ERROR: "Internal error",
  CURLM_BAD_SOCKET: "Invalid socket argument",
  CURLM_UNKNOWN_OPTION: "Unknown option",
  CURLM_ADDED_ALREADY: "The easy handle is already added to a multi handle",
  CURLM_RECURSIVE_API_CALL: "API function called from within callback",
  CURLM_WAKEUP_FAILURE: "Wakeup is unavailable or failed",
  CURLM_BAD_FUNCTION_ARGUMENT: "A libcurl function was given a bad argument",
  CURLM_ABORTED_BY_CALLBACK: "Operation was aborted by an application callback",
  CURLM_UNRECOVERABLE_POLL: "Unrecoverable error in select/poll",
};

// Names libcurl gives the same value on purpose (multi.h defines it outside any CURL_NO_OLDIES).
const ALIASES: Record<string, string> = {
  CURLM_CALL_MULTI_SOCKET: "CURLM_CALL_MULTI_PERFORM",
};

// Every export of the module that starts with `prefix` and holds a number, by name.
function exportsWith(prefix: string, except: readonly string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, value] of Object.entries(C)) {
    if (name.startsWith(prefix) && typeof value === "number" && !except.includes(name)) {
      out.set(name, value);
    }
  }
  return out;
}

function lookup(name: string): unknown {
  return (C as Record<string, unknown>)[name];
}

// Compile-time: flat exports keep literal types (fails `tsc` if they widen to number).
const literalEasy: 7 = C.CURLE_COULDNT_CONNECT;
const literalMulti: -1 = C.CURLM_CALL_MULTI_SOCKET;
const literalPause: 0x10000001 = C.CURL_WRITEFUNC_PAUSE;

describe("CURLcode", () => {
  test("every code of curl.h is exported with its value", () => {
    const names = Object.keys(CURLE_VALUES);
    expect(names.length).toBe(102);
    for (const name of names) expect([name, lookup(name)]).toEqual([name, CURLE_VALUES[name]]);
    expect(C.CURL_LAST).toBe(102);
    expect(C.CURLE_ECH_REQUIRED).toBe(C.CURL_LAST - 1);
  });

  test("no CURLE_* export beyond curl.h's enum, and no two share a value", () => {
    const exported = exportsWith("CURLE_");
    expect([...exported.keys()].sort()).toEqual(Object.keys(CURLE_VALUES).sort());
    const byValue = new Map<number, string>();
    for (const [name, value] of exported) {
      const other = byValue.get(value);
      expect(other === undefined ? undefined : `${other} = ${name}`).toBeUndefined();
      byValue.set(value, name);
    }
    // curl.h numbers them 0..CURL_LAST-1 without gaps, obsolete slots included.
    expect([...byValue.keys()].sort((a, b) => a - b)).toEqual(
      Array.from({ length: C.CURL_LAST }, (_, i) => i),
    );
  });

  test("CURLE_TABLE has one row per code, in value order, matching the flat exports", () => {
    expect(C.CURLE_TABLE.length).toBe(C.CURL_LAST);
    C.CURLE_TABLE.forEach(([name, value, message], i) => {
      expect([name, value]).toEqual([name, i]);
      expect(lookup(name)).toBe(value);
      expect(message).toBe(EASY_MESSAGES[name] ?? null);
    });
  });

  test("obsolete slots have no message of their own", () => {
    const obsolete = C.CURLE_TABLE.filter(([name]) => name.startsWith("CURLE_OBSOLETE"));
    expect(obsolete.map(([, v]) => v)).toEqual([
      20, 24, 29, 32, 34, 40, 41, 44, 46, 50, 51, 57, 62, 75, 76,
    ]);
    for (const [, , message] of obsolete) expect(message).toBeNull();
  });
});

describe("CURLMcode", () => {
  test("every code of multi.h is exported with its value", () => {
    const names = Object.keys(CURLM_VALUES);
    expect(names.length).toBe(14);
    for (const name of names) expect([name, lookup(name)]).toEqual([name, CURLM_VALUES[name]]);
    expect(C.CURLM_LAST).toBe(13);
    expect(C.CURLM_CALL_MULTI_SOCKET).toBe(C.CURLM_CALL_MULTI_PERFORM);
  });

  test("no CURLM_* export beyond multi.h, and values are unique but for libcurl's alias", () => {
    const exported = exportsWith("CURLM_", ["CURLM_LAST", "CURLM_TABLE"]);
    expect([...exported.keys()].sort()).toEqual(
      [...Object.keys(CURLM_VALUES), ...Object.keys(ALIASES)].sort(),
    );
    const byValue = new Map<number, string>();
    for (const [name, value] of exported) {
      const canonical = ALIASES[name] ?? name;
      const other = byValue.get(value);
      if (other !== undefined) expect(other).toBe(canonical);
      byValue.set(value, canonical);
    }
    expect(byValue.size).toBe(14);
  });

  test("CURLM_TABLE has one row per code from -1, matching the flat exports", () => {
    expect(C.CURLM_TABLE.length).toBe(C.CURLM_LAST + 1);
    C.CURLM_TABLE.forEach(([name, value, message], i) => {
      expect([name, value]).toEqual([name, i - 1]);
      expect(lookup(name)).toBe(value);
      expect(message).toBe(MULTI_MESSAGES[name]!);
    });
  });
});

describe("strerror", () => {
  test("easyStrerror gives lib/strerror.c's text for every code", () => {
    expect(Object.keys(EASY_MESSAGES).length).toBe(87);
    for (const [name, value] of Object.entries(CURLE_VALUES)) {
      expect([name, C.easyStrerror(value)]).toEqual([name, EASY_MESSAGES[name] ?? "Unknown error"]);
    }
  });

  test("easyStrerror falls back to 'Unknown error' outside the enum", () => {
    for (const code of [C.CURL_LAST, 1000, -1, -2, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(C.easyStrerror(code)).toBe("Unknown error");
    }
    expect(C.easyStrerror(C.CURLE_OBSOLETE20)).toBe("Unknown error");
  });

  test("multiStrerror gives lib/strerror.c's text for every code", () => {
    for (const [name, value] of Object.entries(CURLM_VALUES)) {
      expect([name, C.multiStrerror(value)]).toEqual([name, MULTI_MESSAGES[name]!]);
    }
    expect(C.multiStrerror(C.CURLM_CALL_MULTI_SOCKET)).toBe(
      "Please call curl_multi_perform() soon",
    );
  });

  test("multiStrerror falls back to 'Unknown error' outside the enum", () => {
    for (const code of [C.CURLM_LAST, 99, -2, 0.5, Number.NaN]) {
      expect(C.multiStrerror(code)).toBe("Unknown error");
    }
  });

  test("a few texts spelled out, so a shift of the whole table is caught", () => {
    expect(C.easyStrerror(0)).toBe("No error");
    expect(C.easyStrerror(7)).toBe("Could not connect to server");
    expect(C.easyStrerror(28)).toBe("Timeout was reached");
    expect(C.easyStrerror(101)).toBe("ECH attempted but failed");
    expect(C.multiStrerror(-1)).toBe("Please call curl_multi_perform() soon");
    expect(C.multiStrerror(5)).toBe("Invalid socket argument");
    expect(C.multiStrerror(12)).toBe("Unrecoverable error in select/poll");
  });
});

describe("code names", () => {
  test("curlECodeName maps every value back to its name", () => {
    for (const [name, value] of Object.entries(CURLE_VALUES))
      expect(C.curlECodeName(value)).toBe(name);
    for (const code of [C.CURL_LAST, -1, 1.5, Number.NaN])
      expect(C.curlECodeName(code)).toBeUndefined();
  });

  test("curlMCodeName maps every value back to its canonical name", () => {
    for (const [name, value] of Object.entries(CURLM_VALUES))
      expect(C.curlMCodeName(value)).toBe(name);
    expect(C.curlMCodeName(C.CURLM_CALL_MULTI_SOCKET)).toBe("CURLM_CALL_MULTI_PERFORM");
    for (const code of [C.CURLM_LAST, -2, 0.5]) expect(C.curlMCodeName(code)).toBeUndefined();
  });
});

describe("other constants", () => {
  // Typed from include/curl/multi.h and include/curl/curl.h.
  const MISC: Record<string, number> = {
    CURL_POLL_NONE: 0,
    CURL_POLL_IN: 1,
    CURL_POLL_OUT: 2,
    CURL_POLL_INOUT: 3,
    CURL_POLL_REMOVE: 4,
    CURL_CSELECT_IN: 1,
    CURL_CSELECT_OUT: 2,
    CURL_CSELECT_ERR: 4,
    CURL_SOCKET_BAD: -1,
    CURL_SOCKET_TIMEOUT: -1,
    CURLMSG_NONE: 0,
    CURLMSG_DONE: 1,
    CURLMSG_LAST: 2,
    CURLPIPE_NOTHING: 0,
    CURLPIPE_HTTP1: 1,
    CURLPIPE_MULTIPLEX: 2,
    CURL_WRITEFUNC_PAUSE: 0x10000001,
    CURL_WRITEFUNC_ERROR: 0xffffffff,
    CURL_READFUNC_ABORT: 0x10000000,
    CURL_READFUNC_PAUSE: 0x10000001,
    CURL_SEEKFUNC_OK: 0,
    CURL_SEEKFUNC_FAIL: 1,
    CURL_SEEKFUNC_CANTSEEK: 2,
    CURL_PROGRESSFUNC_CONTINUE: 0x10000001,
    CURLPAUSE_RECV: 1,
    CURLPAUSE_RECV_CONT: 0,
    CURLPAUSE_SEND: 4,
    CURLPAUSE_SEND_CONT: 0,
    CURLPAUSE_ALL: 5,
    CURLPAUSE_CONT: 0,
    CURL_MAX_WRITE_SIZE: 16384,
    CURL_MAX_HTTP_HEADER: 102400,
    CURL_MAX_READ_SIZE: 10485760,
    CURLAUTH_NONE: 0,
    CURLAUTH_BASIC: 1,
    CURLAUTH_DIGEST: 2,
    CURLAUTH_NEGOTIATE: 4,
    CURLAUTH_NTLM: 8,
    CURLAUTH_DIGEST_IE: 16,
    CURLAUTH_BEARER: 64,
    CURLAUTH_AWS_SIGV4: 128,
    CURLAUTH_HTTPSIG: 256,
    CURLAUTH_ONLY: 2147483648,
    CURLAUTH_ANY: 0xfffffeef,
    CURLAUTH_ANYSAFE: 0xfffffeee,
    CURL_REDIR_GET_ALL: 0,
    CURL_REDIR_POST_301: 1,
    CURL_REDIR_POST_302: 2,
    CURL_REDIR_POST_303: 4,
    CURL_REDIR_POST_ALL: 7,
    CURL_HTTP_VERSION_NONE: 0,
    CURL_HTTP_VERSION_1_0: 1,
    CURL_HTTP_VERSION_1_1: 2,
    CURL_HTTP_VERSION_2_0: 3,
    CURL_HTTP_VERSION_2: 3,
    CURL_HTTP_VERSION_2TLS: 4,
    CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE: 5,
    CURL_HTTP_VERSION_3: 30,
    CURL_HTTP_VERSION_3ONLY: 31,
    CURL_HTTP_VERSION_LAST: 32,
    // include/curl/curl.h: curl_proxytype.
    CURLPROXY_HTTP: 0,
    CURLPROXY_HTTP_1_0: 1,
    CURLPROXY_HTTPS: 2,
    CURLPROXY_HTTPS2: 3,
    CURLPROXY_SOCKS4: 4,
    CURLPROXY_SOCKS5: 5,
    CURLPROXY_SOCKS4A: 6,
    CURLPROXY_SOCKS5_HOSTNAME: 7,
    // lib/multihandle.h: CURLMOPT_MAX_CONCURRENT_STREAMS's default.
    DEFAULT_MAX_CONCURRENT_STREAMS: 100,
    // curl.h: CURLSHcode, curl_lock_data, curl_lock_access.
    CURLSHE_OK: 0,
    CURLSHE_BAD_OPTION: 1,
    CURLSHE_IN_USE: 2,
    CURLSHE_INVALID: 3,
    CURLSHE_NOMEM: 4,
    CURLSHE_NOT_BUILT_IN: 5,
    CURLSHE_LAST: 6,
    CURL_LOCK_DATA_NONE: 0,
    CURL_LOCK_DATA_SHARE: 1,
    CURL_LOCK_DATA_COOKIE: 2,
    CURL_LOCK_DATA_DNS: 3,
    CURL_LOCK_DATA_SSL_SESSION: 4,
    CURL_LOCK_DATA_CONNECT: 5,
    CURL_LOCK_DATA_PSL: 6,
    CURL_LOCK_DATA_HSTS: 7,
    CURL_LOCK_DATA_LAST: 8,
    CURL_LOCK_ACCESS_NONE: 0,
    CURL_LOCK_ACCESS_SHARED: 1,
    CURL_LOCK_ACCESS_SINGLE: 2,
    CURL_LOCK_ACCESS_LAST: 3,
  };

  test("each has libcurl's value", () => {
    for (const [name, value] of Object.entries(MISC))
      expect([name, lookup(name)]).toEqual([name, value]);
  });

  test("the module exports nothing numeric that this test does not know", () => {
    const known = new Set([
      ...Object.keys(CURLE_VALUES),
      ...Object.keys(CURLM_VALUES),
      ...Object.keys(ALIASES),
      ...Object.keys(MISC),
      "CURL_LAST",
      "CURLM_LAST",
      // CURLproxycode: each value is checked in test/proxy/socks-constants.test.ts.
      ...Object.keys(C).filter((name) => name.startsWith("CURLPX_")),
    ]);
    const unknown = Object.entries(C)
      .filter(([name, value]) => typeof value === "number" && !known.has(name))
      .map(([name]) => name);
    expect(unknown).toEqual([]);
  });

  test("bit sets combine as libcurl's macros do", () => {
    expect(C.CURL_POLL_INOUT).toBe(C.CURL_POLL_IN | C.CURL_POLL_OUT);
    expect(C.CURLPAUSE_ALL).toBe(C.CURLPAUSE_RECV | C.CURLPAUSE_SEND);
    expect(C.CURLAUTH_ANY & C.CURLAUTH_BASIC).toBe(C.CURLAUTH_BASIC);
    expect(C.CURLAUTH_ANYSAFE & C.CURLAUTH_BASIC).toBe(0);
    expect((C.CURLAUTH_ANY & C.CURLAUTH_ONLY) >>> 0).toBe(C.CURLAUTH_ONLY);
  });
});

// Keep the compile-time literal checks referenced.
test("literal types survive the re-export", () => {
  expect([literalEasy, literalMulti, literalPause]).toEqual([7, -1, 0x10000001]);
});
