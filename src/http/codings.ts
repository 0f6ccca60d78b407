// Content-Encoding and Transfer-Encoding lists as libcurl reads them (Curl_build_unencoding_stack,
// Curl_get_content_encodings): coding names and aliases, the stack limit, the Accept-Encoding list.
// A coding whose handle cannot be built is treated as libcurl treats one it was built without:
// unknown, left out of ALL_ENCODINGS.

import {
  KIND_BR,
  KIND_DEFLATE,
  KIND_GZIP,
  KIND_IDENTITY,
  KIND_UNKNOWN,
  KIND_ZSTD,
  supported,
} from "./stage.ts";

/** libcurl's MAX_ENCODE_STACK: at most this many codings per phase (content, transfer). */
export const MAX_ENCODE_STACK = 5;

/**
 * The Accept-Encoding value libcurl sends for CURLOPT_ACCEPT_ENCODING "":
 * Curl_get_content_encodings(), every supported coding but identity, in libcurl's order.
 */
export const ALL_ENCODINGS: string =
  [
    supported[KIND_DEFLATE] ? "deflate" : "",
    supported[KIND_GZIP] ? "gzip" : "",
    supported[KIND_BR] ? "br" : "",
    supported[KIND_ZSTD] ? "zstd" : "",
  ]
    .filter((s) => s !== "")
    .join(", ") || "identity";

/** Coding name (or libcurl alias) to kind, case-insensitively as curl_strnequal. */
function kindOf(name: string): number {
  switch (name.toLowerCase()) {
    case "identity":
    case "none":
      return KIND_IDENTITY;
    case "deflate":
      return supported[KIND_DEFLATE] ? KIND_DEFLATE : KIND_UNKNOWN;
    case "gzip":
    case "x-gzip":
      return supported[KIND_GZIP] ? KIND_GZIP : KIND_UNKNOWN;
    case "br":
      return supported[KIND_BR] ? KIND_BR : KIND_UNKNOWN;
    case "zstd":
      return supported[KIND_ZSTD] ? KIND_ZSTD : KIND_UNKNOWN;
    default:
      return KIND_UNKNOWN;
  }
}

/**
 * Splits a coding list as Curl_build_unencoding_stack does (blanks and commas separate, trailing
 * bytes <= ' ' trimmed) and adds the stages' kinds (KIND_*) to `into`, last-listed first. Returns
 * an error text or "".
 */
export function addCodings(list: string, transfer: boolean, into: number[] | null): string {
  let count = 0;
  let sawChunked = false;
  const added: number[] = [];
  let i = 0;
  const n = list.length;
  do {
    while (i < n && (list[i] === " " || list[i] === "\t" || list[i] === ",")) i++;
    const name = i;
    let namelen = 0;
    // libcurl tests `*enclist > ' '` on a signed char: bytes from 0x80 up count as blanks too
    for (; i < n && list[i] !== ","; i++) {
      const c = list.charCodeAt(i);
      if (c > 32 && c < 0x80) namelen = i - name + 1;
    }
    if (namelen === 0) continue;
    if (count >= MAX_ENCODE_STACK) {
      return `Reject response exceeding limit of ${MAX_ENCODE_STACK} ${transfer ? "transfer" : "content"} encodings`;
    }
    const token = list.slice(name, name + namelen);
    if (transfer && token.toLowerCase() === "chunked") {
      // The HTTP parser de-chunks; the chunked writer still counts toward the stack, once.
      if (!sawChunked) count++;
      sawChunked = true;
      continue;
    }
    if (into !== null) added.push(kindOf(token));
    count++;
  } while (i < n);
  // Each new libcurl writer goes first in its phase (sendf.c cwriter_add): reverse list order.
  if (into !== null) for (let k = added.length - 1; k >= 0; k--) into.push(added[k]!);
  return "";
}

/**
 * Checks a Content-Encoding list as libcurl does when the header line arrives
 * (Curl_build_unencoding_stack from http_header_c): "" when fine, else the error text for
 * CURLE_BAD_CONTENT_ENCODING (more than MAX_ENCODE_STACK codings). An unknown coding is not an error
 * here: it fails on the first body byte.
 */
export function checkContentCodings(list: string): string {
  return addCodings(list, false, null);
}
