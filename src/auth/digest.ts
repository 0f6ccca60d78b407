// HTTP Digest (RFC 7616, RFC 2617) as libcurl's lib/vauth/digest.c does it: one side's digest state
// (the last challenge, the client nonce, the nonce count) and the challenge parser that fills it. The
// response computation is digest-response.ts. Pure: strings in, state out. Every string here is a
// byte string (one char per byte): header values as they came, credentials as their UTF-8 bytes.

import { type CURLcode, CURLE_BAD_CONTENT_ENCODING, CURLE_OK } from "../constants/index.ts";

/** The algorithm families; the -sess variants set SESSION_ALGO. */
export const SESSION_ALGO = 1;
export const ALGO_MD5 = 0;
export const ALGO_MD5SESS = ALGO_MD5 | SESSION_ALGO;
export const ALGO_SHA256 = 2;
export const ALGO_SHA256SESS = ALGO_SHA256 | SESSION_ALGO;
export const ALGO_SHA512_256 = 4;
export const ALGO_SHA512_256SESS = ALGO_SHA512_256 | SESSION_ALGO;

/** libcurl's DIGEST_MAX_VALUE_LENGTH and DIGEST_MAX_CONTENT_LENGTH (a longer one is cut). */
const MAX_NAME = 256;
const MAX_CONTENT = 1024;

/** libcurl's struct digestdata (non-SSPI). */
export class DigestState {
  nonce: string | null = null;
  cnonce: string | null = null;
  realm: string | null = null;
  opaque: string | null = null;
  /** "auth" or "auth-int" (the one picked from the challenge's list), or null: no qop. */
  qop: string | null = null;
  /** The algorithm token as the server wrote it (echoed back), or null when absent. */
  algorithm: string | null = null;
  algo = ALGO_MD5;
  stale = false;
  userhash = false;
  /** The nonce count of the next response (0: not used yet, the first is 1). */
  nc = 0;
  /** The origin and the credentials the state was made for (digest_flush_stale), "" = none yet. */
  origin = "";
  creds = "";

  /** Curl_auth_digest_cleanup: back to no challenge. */
  reset(): void {
    this.nonce = this.cnonce = this.realm = this.opaque = this.qop = this.algorithm = null;
    this.nc = 0;
    this.algo = ALGO_MD5;
    this.stale = false;
    this.userhash = false;
    this.origin = "";
    this.creds = "";
  }
}

/** One name=content pair read by getPair(); `end` is where reading stopped. */
const pair = { name: "", content: "", end: 0 };

function isBlank(c: string | undefined): boolean {
  return c === " " || c === "\t";
}

/**
 * Curl_auth_digest_get_pair: a name up to '=', then a content, quoted (backslash escapes, ends at the
 * closing quote) or not (ends at ','). False for no '=', a stray quote or CR/LF inside quotes, or a
 * trailing backslash. Fills `pair`.
 */
export function getPair(s: string, i: number): boolean {
  let name = "";
  for (let c = MAX_NAME - 1; i < s.length && s[i] !== "=" && c-- > 0; i++) name += s[i];
  if (s[i] !== "=") return false;
  i++;
  let quoted = false;
  if (s[i] === '"') {
    quoted = true;
    i++;
  }
  let content = "";
  let escaped = false;
  let c = MAX_CONTENT - 1;
  for (; i < s.length && c-- > 0; i++) {
    const ch = s[i]!;
    if (!escaped) {
      if (ch === "\\" && quoted) {
        escaped = true;
        continue;
      }
      if (ch === "," && !quoted) {
        c = 0;
        continue;
      }
      if (ch === "\r" || ch === "\n") {
        if (quoted) return false;
        c = 0;
        continue;
      }
      if (ch === '"') {
        if (!quoted) return false;
        c = 0;
        continue;
      }
    }
    escaped = false;
    content += ch;
  }
  if (escaped) return false;
  pair.name = name;
  pair.content = content;
  pair.end = i;
  return true;
}

const ALGOS: Record<string, number> = {
  md5: ALGO_MD5,
  "md5-sess": ALGO_MD5SESS,
  "sha-256": ALGO_SHA256,
  "sha-256-sess": ALGO_SHA256SESS,
  "sha-512-256": ALGO_SHA512_256,
  "sha-512-256-sess": ALGO_SHA512_256SESS,
};

/** The qop to use from the challenge's list: "auth" if offered, else "auth-int", else null. */
function pickQop(list: string): string | null {
  let auth = false;
  let authInt = false;
  for (const raw of list.split(",")) {
    const tok = raw.replace(/^[ \t]+/, "").toLowerCase();
    if (tok === "auth") auth = true;
    else if (tok === "auth-int") authInt = true;
  }
  return auth ? "auth" : authInt ? "auth-int" : null;
}

/**
 * Curl_auth_decode_digest_http_message: reads the challenge after "Digest " into `d`, forgetting the
 * previous one. CURLE_BAD_CONTENT_ENCODING when a nonce was had before and this one is not
 * stale=true (the credentials were wrong), when there is no nonce, for an unknown algorithm, or for a
 * -sess algorithm without qop. The origin and credentials marks are kept.
 */
export function decodeDigestChallenge(d: DigestState, chlg: string): CURLcode {
  const before = d.nonce !== null;
  const origin = d.origin;
  const creds = d.creds;
  d.reset();
  d.origin = origin;
  d.creds = creds;
  let i = 0;
  for (;;) {
    while (isBlank(chlg[i])) i++;
    if (!getPair(chlg, i)) break;
    i = pair.end;
    const name = pair.name.toLowerCase();
    const v = pair.content;
    if (name === "nonce") d.nonce = v;
    else if (name === "stale") {
      if (v.toLowerCase() === "true") {
        d.stale = true;
        d.nc = 1;
      }
    } else if (name === "realm") d.realm = v;
    else if (name === "opaque") d.opaque = v;
    else if (name === "qop") {
      const q = pickQop(v.replace(/^[ \t]+/, ""));
      if (q !== null) d.qop = q;
    } else if (name === "algorithm") {
      d.algorithm = v;
      const a = ALGOS[v.toLowerCase()];
      if (a === undefined) return CURLE_BAD_CONTENT_ENCODING;
      d.algo = a;
    } else if (name === "userhash") {
      if (v.toLowerCase() === "true") d.userhash = true;
    }
    while (isBlank(chlg[i])) i++;
    if (chlg[i] === ",") i++;
  }
  if (before && !d.stale) return CURLE_BAD_CONTENT_ENCODING;
  if (d.nonce === null) return CURLE_BAD_CONTENT_ENCODING;
  if (d.qop === null && (d.algo & SESSION_ALGO) !== 0) return CURLE_BAD_CONTENT_ENCODING;
  return CURLE_OK;
}
