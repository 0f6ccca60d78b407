// Builds the request a transfer sends from its options: the method, the head (through the shared
// writer) and the body (a view of the caller's bytes, never copied).

import { type CURLcode, CURLE_OK } from "../constants/index.ts";
import { checkheaders } from "../http/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";

const encoder = new TextEncoder();
const FORM = "application/x-www-form-urlencoded";
/** libcurl adds Expect: 100-continue to request bodies larger than this (EXPECT_100_THRESHOLD). */
export const EXPECT_100_THRESHOLD = 1024 * 1024;

/** The method libcurl would send for these options. */
export function requestMethod(e: Easy): string {
  const o = e.opts;
  if (o.customRequest !== null) return o.customRequest;
  if (o.noBody) return "HEAD";
  if (o.post) return "POST";
  return "GET";
}

/** The request body as bytes, or null when the request has none. */
function requestBody(e: Easy): Uint8Array | null {
  const o = e.opts;
  if (!o.post || o.noBody) return null;
  const f = o.postFields;
  if (f === null) return new Uint8Array(0);
  const bytes = typeof f === "string" ? encoder.encode(f) : f;
  const size = o.postFieldSize;
  if (size >= 0 && size < bytes.length) return bytes.subarray(0, size);
  return bytes;
}

/**
 * Sets e.sendBuf to the request head and e.body to the body. The head is the shared writer's buffer,
 * valid because the caller sends it at once (a short send copies the rest).
 */
export function buildRequest(m: Engine, e: Easy): CURLcode {
  const body = requestBody(e);
  const o = e.opts;
  const headers = o.httpHeader ?? undefined;
  // libcurl asks before sending a big body over HTTP/1.1, unless the application set Expect itself.
  e.expect100 =
    body !== null &&
    body.length > EXPECT_100_THRESHOLD &&
    o.httpVersion !== 1 &&
    (headers === undefined || !checkheaders(headers, "expect"));
  const head = m.writer.write({
    method: requestMethod(e),
    target: e.target,
    host: e.hostHeader,
    headers,
    userAgent: o.userAgent ?? undefined,
    contentLength: body === null ? -1 : body.length,
    contentType: body !== null && o.postFields !== null ? FORM : undefined,
    expect100: e.expect100,
  });
  if (e.opts.verbose) m.debug(e, `> ${new TextDecoder().decode(head).trimEnd()}`);
  e.sendBuf = head;
  e.sendShared = true;
  e.sendPos = 0;
  e.body = body !== null && body.length > 0 ? body : null;
  e.bodyPos = 0;
  e.requestBodyLength = body === null ? 0 : body.length;
  e.requestSize += head.length;
  return CURLE_OK;
}
