// The last request head a writer turned into bytes, kept to tell whether the next one would make
// the same bytes: a client sending the same request again and again (a poller, a load test, many
// transfers to one URL) then skips the encoding. The memo keeps a copy of the head's fields and of
// its header lists (the user's own arrays, CURLOPT_HTTPHEADER and CURLOPT_PROXYHEADER, which may be
// changed in place between requests), made only when a head differs from the last.

import type { RequestHead } from "./request-head.ts";

const NONE: readonly string[] = [];

function sameList(a: readonly string[] | undefined, kept: readonly string[]): boolean {
  if (a === undefined) return kept.length === 0;
  if (a.length !== kept.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== kept[i]) return false;
  return true;
}

export class HeadMemo {
  private last: RequestHead | null = null;
  private headers: readonly string[] = NONE;
  private proxyHeaders: readonly string[] = NONE;

  /** Forgets the last head (its bytes are gone or were never made). */
  clear(): void {
    this.last = null;
  }

  /** `h` was just written. */
  remember(h: RequestHead): void {
    this.last = { ...h };
    this.headers = h.headers === undefined || h.headers.length === 0 ? NONE : [...h.headers];
    this.proxyHeaders =
      h.proxyHeaders === undefined || h.proxyHeaders.length === 0 ? NONE : [...h.proxyHeaders];
  }

  /** Whether `h` writes the same bytes as the last head remembered. */
  same(h: RequestHead): boolean {
    const l = this.last;
    if (l === null) return false;
    return (
      h.target === l.target &&
      h.method === l.method &&
      h.host === l.host &&
      h.userAgent === l.userAgent &&
      h.contentLength === l.contentLength &&
      h.chunked === l.chunked &&
      h.http10 === l.http10 &&
      h.expect100 === l.expect100 &&
      h.contentType === l.contentType &&
      h.authorization === l.authorization &&
      h.range === l.range &&
      h.acceptEncoding === l.acceptEncoding &&
      h.referer === l.referer &&
      h.cookie === l.cookie &&
      h.proxyAuthorization === l.proxyAuthorization &&
      h.proxyKeepAlive === l.proxyKeepAlive &&
      sameList(h.headers, this.headers) &&
      sameList(h.proxyHeaders, this.proxyHeaders)
    );
  }
}
