// Builds the request a transfer sends from its options: the method, the head (through the shared
// writer: credentials, Referer, Range, Cookie, Accept-Encoding) and where the body comes from (bytes
// given up front, never copied, or the read callback, streamed by upload.ts).

import {
  CURL_HTTP_VERSION_1_0,
  type CURLcode,
  CURLE_OK,
  CURLE_UPLOAD_FAILED,
} from "../constants/index.ts";
import { checkheaders, requestIsChunked, userExpects100 } from "../http/index.ts";
import { authProbe, requestAuthorization } from "./auth.ts";
import { requestCookie } from "./cookies.ts";
import { fail } from "./mstate.ts";
import type { Ports } from "./ports.ts";
import { forwardParts } from "./proxy.ts";
import { authAllowed } from "./redirect.ts";
import type { Transfer } from "./transfer.ts";

const encoder = new TextEncoder();
const FORM = "application/x-www-form-urlencoded";
/** libcurl adds Expect: 100-continue to request bodies larger than this (EXPECT_100_THRESHOLD). */
export const EXPECT_100_THRESHOLD = 1024 * 1024;
/** CURLOPT_FOLLOWLOCATION value CURLFOLLOW_OBEYCODE: a switch to GET drops a custom method too. */
const FOLLOW_OBEYCODE = 3;

const EMPTY = new Uint8Array(0);

/** The method libcurl would send for these options. */
export function requestMethod(t: Transfer): string {
  const o = t.opts;
  if (o.customRequest !== null && !(t.followGet && o.followLocation === FOLLOW_OBEYCODE))
    return o.customRequest;
  if (o.noBody) return "HEAD";
  if (t.followGet) return "GET";
  if (o.upload) return "PUT";
  if (o.post) return "POST";
  return "GET";
}

/** The body given as bytes (POSTFIELDS), or null when there is none or it is streamed. */
function fixedBody(t: Transfer): Uint8Array | null {
  const o = t.opts;
  const f = o.postFields;
  if (!o.post || o.upload || f === null) return null;
  const bytes = typeof f === "string" ? encoder.encode(f) : f;
  const size = o.postFieldSize;
  if (size >= 0 && size < bytes.length) return bytes.subarray(0, size);
  return bytes;
}

/** The custom headers for this request: Authorization and Cookie ones stay with the first origin. */
function customHeaders(t: Transfer): readonly string[] | undefined {
  const h = t.opts.httpHeader;
  if (h === null) return undefined;
  if (authAllowed(t)) return h;
  return h.filter((line) => !/^(authorization|cookie)\s*:/i.test(line));
}

/**
 * Sets the request record's head (written by the connection's protocol) and its body (or the
 * streaming state). The head is a shared buffer, valid because the caller sends it at once (a short
 * send copies the rest).
 */
export function buildRequest(m: Ports, t: Transfer, acceptEncoding: string | undefined): CURLcode {
  const o = t.opts;
  const method = requestMethod(t);
  const headers = customHeaders(t);
  const proto = t.proto!;
  // HTTP/2 frames the body itself: no chunked encoding, no Expect (libcurl asks only over HTTP/1.1).
  const h2 = proto.version >= 20;
  // To a forwarding proxy: the absolute URL and the proxy's headers (lib/http.c http_target).
  const fwd = h2 ? undefined : forwardParts(t);
  const { authorization, proxyAuthorization } = requestAuthorization(
    t,
    method,
    headers !== undefined && checkheaders(headers, "authorization") !== undefined,
  );
  // An auth probe (Digest before its challenge) sends a POST or PUT with no body: Content-Length: 0.
  const probe = authProbe(t);
  const noBody = o.noBody !== 0 || t.followGet;
  const streamed = !noBody && !probe && (o.upload !== 0 || (o.post !== 0 && o.postFields === null));
  const body = noBody || probe ? null : fixedBody(t);
  // The size: fixed bytes; a declared upload size; or unknown (-1): chunked over HTTP/1.1.
  let size = -1;
  if (body !== null) size = body.length;
  else if (streamed) size = o.upload !== 0 ? o.inFileSize : o.postFieldSize;
  else if (!noBody && (o.post !== 0 || probe)) size = 0;
  const hasBody = body !== null || streamed || (!noBody && (o.post !== 0 || probe));
  const http10 = !h2 && o.httpVersion === CURL_HTTP_VERSION_1_0;
  // http_req_set_TE: a user Transfer-Encoding header decides; else an unknown size goes chunked,
  // which HTTP/1.0 cannot do. Decided once: the head and the body framing both follow it.
  const userTe = headers !== undefined && checkheaders(headers, "transfer-encoding") !== undefined;
  if (!userTe && streamed && size < 0 && http10) {
    fail(m, t, CURLE_UPLOAD_FAILED, "Chunky upload is not supported by HTTP 1.0");
    return CURLE_UPLOAD_FAILED;
  }
  const chunked =
    !h2 &&
    hasBody &&
    (userTe ? requestIsChunked({ headers, chunked: false }) : streamed && size < 0);
  // addexpect: a user Expect header decides; else libcurl asks before sending a big or unknown-size
  // body over HTTP/1.1, unless a 417 told it not to.
  const userExpect = userExpects100(headers);
  const r = t.req;
  r.expect100 =
    !h2 &&
    hasBody &&
    (userExpect !== undefined
      ? userExpect
      : !t.noExpect && !http10 && (size < 0 || size > EXPECT_100_THRESHOLD));
  const head = proto.writeHead({
    method,
    target: fwd?.target ?? t.url.target,
    host: t.url.hostHeader,
    headers,
    userAgent: o.userAgent ?? undefined,
    contentLength: hasBody && !chunked ? size : -1,
    chunked,
    bodyFollows: hasBody && size !== 0,
    contentType: hasBody && o.post !== 0 && o.upload === 0 && !t.followGet ? FORM : undefined,
    expect100: r.expect100,
    authorization,
    range: o.range ?? undefined,
    referer: o.referer ?? undefined,
    cookie: requestCookie(t),
    acceptEncoding,
    http10,
    proxyAuthorization,
    proxyKeepAlive: fwd !== undefined,
    proxyHeaders: fwd?.proxyHeaders,
  });
  if (o.verbose && head.length > 0)
    m.guard.debug(t, `> ${new TextDecoder().decode(head).trimEnd()}`);
  r.head = head;
  r.shared = true;
  r.headPos = 0;
  // A fixed body under a chunked framing (the user asked for it) goes as one chunk and the end.
  const framed = !streamed && (body !== null || chunked) ? proto.frameWhole(body ?? EMPTY) : body;
  r.body = framed !== null && framed.length > 0 ? framed : null;
  r.bodyPos = 0;
  r.hasBody = hasBody;
  r.bodyLength = Math.max(size, 0);
  r.streaming = streamed;
  r.streamLeft = size;
  t.info.requestSize += proto.headSize;
  t.info.contentLengthUpload = hasBody && !chunked ? r.bodyLength : -1;
  return CURLE_OK;
}
