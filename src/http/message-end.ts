// When a response ends (lib/http.c, lib/transfer.c Curl_sendrecv, Curl_http_done): how the body's end
// is known, when the connection closes after it, and what the peer's close means at each point.

import { CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE } from "../constants/index.ts";

/** 1xx, 204, 304: Content-Length and Transfer-Encoding do not apply (k->http_bodyless). */
export function bodylessStatus(code: number): boolean {
  return (code >= 100 && code < 200) || code === 204 || code === 304;
}

/** 204 and 304 have no body whatever their headers say: libcurl reports Content-Length 0 (k->size). */
export function emptyBodyStatus(code: number): boolean {
  return code === 204 || code === 304;
}

/** "HTTP 1.0, assume close after body" (version: 10 or 11). */
export function closesAfterVersion(version: number): boolean {
  return version === 10;
}

/** At the end of an HTTP/1.1 head with neither a length, chunked nor a close (and a body to read):
 *  "no chunk, no close, no size. Assume close to signal end". size: Content-Length or -1. */
export function assumesClose(
  size: number,
  chunked: boolean,
  closing: boolean,
  version: number,
  noBody: boolean,
): boolean {
  return size === -1 && !chunked && !closing && version === 11 && !noBody;
}

// How the end of the body is known, decided when the head is complete.
/** The message ends with its head (HEAD request, Content-Length: 0, 204/304). */
export const BODY_NONE = 0;
/** Content-Length bytes. */
export const BODY_LENGTH = 1;
/** Chunked framing: the last chunk and its trailers end it. */
export const BODY_CHUNKED = 2;
/** Whatever comes until the peer closes (the connection then closes). */
export const BODY_CLOSE = 3;

/** The body framing of a final response. noBody: the request was HEAD; size: Content-Length, or -1
 *  when absent. */
export function bodyFraming(noBody: boolean, chunked: boolean, size: number): number {
  if (noBody) return BODY_NONE;
  if (chunked) return BODY_CHUNKED;
  if (size === 0) return BODY_NONE;
  if (size > 0) return BODY_LENGTH;
  return BODY_CLOSE;
}

/** A 101 nobody asked for: libcurl takes it as the final response and whatever follows as its body,
 *  up to the close. */
export function upgradeFraming(noBody: boolean): number {
  return noBody ? BODY_NONE : BODY_CLOSE;
}

/** Header bytes that do not count as "something received" once the blank line of a head with this
 *  status is seen (http_write_header: after a 1xx status line everything counted so far). */
export function interimDeduct(status: number, headerBytes: number): number {
  return status >= 100 && status < 200 ? headerBytes : 0;
}

/** Whether anything counts as received: 1xx responses do not (their bytes are `deduct`). */
export function gotSomething(headerBytes: number, deduct: number, bodyBytes: number): boolean {
  return headerBytes - deduct + bodyBytes > 0;
}

/** A close that fails the transfer: the CURLE code and libcurl's error text. */
export interface CloseFailure {
  readonly code: number;
  readonly detail: string;
}

const EMPTY_REPLY: CloseFailure = { code: CURLE_GOT_NOTHING, detail: "Empty reply from server" };

/** A close (EOF) in the middle of a chunked body (cw_chunked_write()). */
export const CLOSED_IN_CHUNKS: CloseFailure = {
  code: CURLE_PARTIAL_FILE,
  detail: "transfer closed with outstanding read data remaining",
};

function closedShort(left: number): CloseFailure {
  return {
    code: CURLE_PARTIAL_FILE,
    detail: `transfer closed with ${left} bytes remaining to read`,
  };
}

/** A close while the head is read, after a partial line went out: a Content-Length not met (a
 *  redirect being followed skips that check, as Curl_sendrecv tests !k->newurl), nothing received,
 *  or else (null) the transfer ends without error: the caller sees status 0 or a partial head. */
export function closedInHead(
  noBody: boolean,
  size: number,
  bodyBytes: number,
  redirect: boolean,
  received: boolean,
): CloseFailure | null {
  if (!noBody && size !== -1 && bodyBytes !== size && !redirect)
    return closedShort(size - bodyBytes);
  if (!received) return EMPTY_REPLY;
  return null;
}

/** A close in a Content-Length body with `left` bytes to come: short, unless it is the ignored body
 *  of a followed redirect, which may end early (null: the redirect is followed anyway). */
export function closedInLengthBody(left: number, redirect: boolean): CloseFailure | null {
  return redirect ? null : closedShort(left);
}

/** A close in a body that ends at close: it ends the message (null), unless nothing counts as
 *  received (a 101 taken as the final response counts its head as 1xx bytes: no body is no reply). */
export function closedInCloseBody(received: boolean): CloseFailure | null {
  return received ? null : EMPTY_REPLY;
}
