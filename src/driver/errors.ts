// The errors the promise helpers reject with: a CURLcode or a CURLMcode, with libcurl's text.

import { type CURLcode, type CURLMcode, easyStrerror, multiStrerror } from "../constants/index.ts";

/** A failed transfer: `code` is the CURLE_* result, `detail` libcurl's error-buffer text. */
export class CurlError extends Error {
  constructor(
    readonly code: CURLcode,
    readonly detail: string,
  ) {
    super(detail ? `${easyStrerror(code)}: ${detail}` : easyStrerror(code));
    this.name = "CurlError";
  }
}

/**
 * The multi refused the transfer (curl_multi_add_handle's CURLMcode), e.g. CURLM_RECURSIVE_API_CALL
 * when request() is called from inside a callback: `code` is a CURLM_* code, not a CURLE_* one.
 */
export class CurlMultiError extends Error {
  constructor(readonly code: CURLMcode) {
    super(`curl_multi_add_handle failed: ${multiStrerror(code)} (CURLM ${code})`);
    this.name = "CurlMultiError";
  }
}
