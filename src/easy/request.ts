// Builds the request a transfer sends from its options: method, head (through the shared writer) and body.

import { type CURLcode, CURLE_OK } from "../constants/index.ts";
import type { Easy } from "./easy.ts";
import type { Engine } from "./engine.ts";

const encoder = new TextEncoder();
const FORM = "application/x-www-form-urlencoded";

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
 * Sets e.sendBuf to the whole request (head + body). Without a body it is the shared writer's buffer,
 * which stays valid because the caller sends it at once (a partial send copies the rest).
 */
export function buildRequest(m: Engine, e: Easy): CURLcode {
  const body = requestBody(e);
  const o = e.opts;
  const head = m.writer.write({
    method: requestMethod(e),
    target: e.target,
    host: e.hostHeader,
    headers: o.httpHeader ?? undefined,
    userAgent: o.userAgent ?? undefined,
    contentLength: body === null ? -1 : body.length,
    contentType: body !== null && o.postFields !== null ? FORM : undefined,
  });
  if (e.opts.verbose) m.debug(e, `> ${new TextDecoder().decode(head).trimEnd()}`);
  if (body === null || body.length === 0) {
    e.sendBuf = head;
    e.sendShared = true;
    e.requestBodyLength = 0;
  } else {
    const all = new Uint8Array(head.length + body.length);
    all.set(head);
    all.set(body, head.length);
    e.sendBuf = all;
    e.sendShared = false;
    e.requestBodyLength = body.length;
  }
  e.sendPos = 0;
  e.requestSize += head.length + (body === null ? 0 : body.length);
  return CURLE_OK;
}
