// libcurl's CURLMcode values (include/curl/multi.h, enum CURLMcode) as flat constants, plus one
// table of [name, value, message] rows that strerror.ts builds its lookups from.

/** A multi interface result code: `CURLMcode` in libcurl, one of the `CURLM_*` constants. */
export type CURLMcode = number;

// The enum starts at -1. No public function has returned CURLM_CALL_MULTI_PERFORM since 7.20.0;
// lib/multi.c still uses it internally to mean "run this transfer's state machine again".
/**
 * `CURLM_CALL_MULTI_PERFORM` (-1): "Please call curl_multi_perform() soon" (curl_multi_strerror).
 */
export const CURLM_CALL_MULTI_PERFORM = -1;
/** `CURLM_OK` (0): "No error" (curl_multi_strerror). */
export const CURLM_OK = 0;
/** `CURLM_BAD_HANDLE` (1): "Invalid multi handle" (curl_multi_strerror). */
export const CURLM_BAD_HANDLE = 1;
/** `CURLM_BAD_EASY_HANDLE` (2): "Invalid easy handle" (curl_multi_strerror). */
export const CURLM_BAD_EASY_HANDLE = 2;
/** `CURLM_OUT_OF_MEMORY` (3): "Out of memory" (curl_multi_strerror). */
export const CURLM_OUT_OF_MEMORY = 3;
/** `CURLM_INTERNAL_ERROR` (4): "Internal error" (curl_multi_strerror). */
export const CURLM_INTERNAL_ERROR = 4;
/** `CURLM_BAD_SOCKET` (5): "Invalid socket argument" (curl_multi_strerror). */
export const CURLM_BAD_SOCKET = 5;
/** `CURLM_UNKNOWN_OPTION` (6): "Unknown option" (curl_multi_strerror). */
export const CURLM_UNKNOWN_OPTION = 6;
/**
 * `CURLM_ADDED_ALREADY` (7): "The easy handle is already added to a multi handle" (curl_multi_strerror).
 */
export const CURLM_ADDED_ALREADY = 7;
/**
 * `CURLM_RECURSIVE_API_CALL` (8): "API function called from within callback" (curl_multi_strerror).
 */
export const CURLM_RECURSIVE_API_CALL = 8;
/** `CURLM_WAKEUP_FAILURE` (9): "Wakeup is unavailable or failed" (curl_multi_strerror). */
export const CURLM_WAKEUP_FAILURE = 9;
/**
 * `CURLM_BAD_FUNCTION_ARGUMENT` (10): "A libcurl function was given a bad argument" (curl_multi_strerror).
 */
export const CURLM_BAD_FUNCTION_ARGUMENT = 10;
/**
 * `CURLM_ABORTED_BY_CALLBACK` (11): "Operation was aborted by an application callback" (curl_multi_strerror).
 */
export const CURLM_ABORTED_BY_CALLBACK = 11;
/** `CURLM_UNRECOVERABLE_POLL` (12): "Unrecoverable error in select/poll" (curl_multi_strerror). */
export const CURLM_UNRECOVERABLE_POLL = 12;

/** Alias of CURLM_CALL_MULTI_PERFORM, defined unconditionally in multi.h; never returned. */
export const CURLM_CALL_MULTI_SOCKET = CURLM_CALL_MULTI_PERFORM;

/** One past the highest code; never a result (`CURLM_LAST` in multi.h). */
export const CURLM_LAST = 13;

/** `[name, value, message]` as in curl_multi_strerror() (lib/strerror.c). */
export type CurlMultiCodeRow = readonly [name: string, value: number, message: string];

/** Every `CURLM_*` code in value order (from -1) with its curl_multi_strerror() text. */
export const CURLM_TABLE: readonly CurlMultiCodeRow[] = [
  ["CURLM_CALL_MULTI_PERFORM", CURLM_CALL_MULTI_PERFORM, "Please call curl_multi_perform() soon"],
  ["CURLM_OK", CURLM_OK, "No error"],
  ["CURLM_BAD_HANDLE", CURLM_BAD_HANDLE, "Invalid multi handle"],
  ["CURLM_BAD_EASY_HANDLE", CURLM_BAD_EASY_HANDLE, "Invalid easy handle"],
  ["CURLM_OUT_OF_MEMORY", CURLM_OUT_OF_MEMORY, "Out of memory"],
  ["CURLM_INTERNAL_ERROR", CURLM_INTERNAL_ERROR, "Internal error"],
  ["CURLM_BAD_SOCKET", CURLM_BAD_SOCKET, "Invalid socket argument"],
  ["CURLM_UNKNOWN_OPTION", CURLM_UNKNOWN_OPTION, "Unknown option"],
  [
    "CURLM_ADDED_ALREADY",
    CURLM_ADDED_ALREADY,
    "The easy handle is already added to a multi handle",
  ],
  [
    "CURLM_RECURSIVE_API_CALL",
    CURLM_RECURSIVE_API_CALL,
    "API function called from within callback",
  ],
  ["CURLM_WAKEUP_FAILURE", CURLM_WAKEUP_FAILURE, "Wakeup is unavailable or failed"],
  [
    "CURLM_BAD_FUNCTION_ARGUMENT",
    CURLM_BAD_FUNCTION_ARGUMENT,
    "A libcurl function was given a bad argument",
  ],
  [
    "CURLM_ABORTED_BY_CALLBACK",
    CURLM_ABORTED_BY_CALLBACK,
    "Operation was aborted by an application callback",
  ],
  ["CURLM_UNRECOVERABLE_POLL", CURLM_UNRECOVERABLE_POLL, "Unrecoverable error in select/poll"],
];
