// libcurl's CURLMcode values (include/curl/multi.h, enum CURLMcode) as flat constants, plus one
// table of [name, value, message] rows that strerror.ts builds its lookups from.

/** A multi interface result code: `CURLMcode` in libcurl, one of the `CURLM_*` constants. */
export type CURLMcode = number;

// The enum starts at -1. No public function has returned CURLM_CALL_MULTI_PERFORM since 7.20.0;
// lib/multi.c still uses it internally to mean "run this transfer's state machine again".
export const CURLM_CALL_MULTI_PERFORM = -1;
export const CURLM_OK = 0;
export const CURLM_BAD_HANDLE = 1;
export const CURLM_BAD_EASY_HANDLE = 2;
export const CURLM_OUT_OF_MEMORY = 3;
export const CURLM_INTERNAL_ERROR = 4;
export const CURLM_BAD_SOCKET = 5;
export const CURLM_UNKNOWN_OPTION = 6;
export const CURLM_ADDED_ALREADY = 7;
export const CURLM_RECURSIVE_API_CALL = 8;
export const CURLM_WAKEUP_FAILURE = 9;
export const CURLM_BAD_FUNCTION_ARGUMENT = 10;
export const CURLM_ABORTED_BY_CALLBACK = 11;
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
