// What the end of a response head means, decided in one pure function from the head's facts, the
// request, the options and the authentication verdict: follow a redirect, ask again without Expect (a
// 417) or with credentials (a 401/407), fail (CURLOPT_FAILONERROR, CURLOPT_MAXFILESIZE), or deliver
// the body, decoded or as it comes. The transfer acts on the verdict;
// the parser only reports what it read.

import { AUTH_AGAIN, AUTH_FAIL } from "../auth/act.ts";
import type { ResponseFacts } from "../conn/protocol.ts";
import type { EasyOptions } from "../easy/options.ts";

/** No head ended yet. */
export const HEAD_NONE = 0;
/** Deliver the body as it comes. */
export const HEAD_DELIVER = 1;
/** Deliver the body through the content decoder for the response's Content-Encoding. */
export const HEAD_DECODE = 2;
/** A redirect to follow: the body is read past, not delivered (libcurl's http_firstwrite). */
export const HEAD_FOLLOW = 3;
/** "417 Expectation Failed" to our Expect: the same request again without it, body read past. */
export const HEAD_REPEAT = 4;
/** CURLOPT_FAILONERROR and a status >= 400: CURLE_HTTP_RETURNED_ERROR. */
export const HEAD_FAIL_STATUS = 5;
/** A Content-Length above CURLOPT_MAXFILESIZE: CURLE_FILESIZE_EXCEEDED. */
export const HEAD_FAIL_SIZE = 6;
/** A 401/407 whose challenge picked a method: the same URL again with credentials, body read past. */
export const HEAD_AUTH = 7;

/** The body is not delivered (a redirect, a 417 or an auth repeat): read past or, when closing, not read. */
export function skipsBody(verdict: number): boolean {
  return verdict === HEAD_FOLLOW || verdict === HEAD_REPEAT || verdict === HEAD_AUTH;
}

/**
 * The verdict on a final response head. `expect100`: the request carried Expect: 100-continue.
 * `auth`: what authentication made of it (AUTH_* of auth/act.ts, which also applies
 * CURLOPT_FAILONERROR to every status, as libcurl's http_should_fail).
 */
export function headVerdict(
  f: ResponseFacts,
  o: EasyOptions,
  expect100: boolean,
  auth: number,
): number {
  const status = f.status;
  if (f.newUrl) return HEAD_FOLLOW;
  // http_handle_send_error: libcurl asks again without Expect: 100-continue through its redirect
  // machinery (the same URL as req.newurl), unless the connection closes anyway.
  if (status === 417 && expect100 && !f.closing) return HEAD_REPEAT;
  if (auth === AUTH_FAIL) return HEAD_FAIL_STATUS;
  if (auth === AUTH_AGAIN) return HEAD_AUTH;
  if (o.maxFileSize > 0 && f.contentLength > o.maxFileSize) return HEAD_FAIL_SIZE;
  if (
    o.acceptEncoding !== null &&
    o.httpContentDecoding !== 0 &&
    f.contentEncoding !== "" &&
    !o.noBody
  )
    return HEAD_DECODE;
  return HEAD_DELIVER;
}
