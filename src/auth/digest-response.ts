// The Authorization: Digest value (libcurl's auth_create_digest_http_message in lib/vauth/digest.c):
// HA1, HA2 and the response per RFC 7616 with MD5, SHA-256 or SHA-512/256, the -sess session key,
// qop auth (auth-int hashes an empty body, as libcurl does), userhash, and the fields in libcurl's
// order and quoting. node:crypto's hashes are synchronous; nothing here does I/O.

import { createHash, randomBytes } from "node:crypto";
import { ALGO_MD5SESS, ALGO_SHA256SESS, type DigestState, SESSION_ALGO } from "./digest.ts";

/** Makes a client nonce; libcurl's is 12 random bytes in base64. Replaceable for tests. */
export type CnonceSource = () => string;

const randomCnonce: CnonceSource = () => randomBytes(12).toString("base64");
let cnonceSource: CnonceSource = randomCnonce;

/** Sets the client nonce source (tests pin it); undefined puts the random one back. Internal. */
export function setCnonceSource(fn: CnonceSource | undefined): void {
  cnonceSource = fn ?? randomCnonce;
}

/** The hash of the state's algorithm family, over byte-string input, as lower-case hex. */
function hasher(algo: number): (s: string) => string {
  const name = algo <= ALGO_MD5SESS ? "md5" : algo <= ALGO_SHA256SESS ? "sha256" : "sha512-256";
  return (s) => createHash(name).update(Buffer.from(s, "latin1")).digest("hex");
}

/**
 * auth_digest_string_quoted: a backslash before '"' and '\', %XX for a byte under 0x20 or over 0x7e
 * (libcurl percent-encodes those rather than sending them raw).
 */
export function digestQuoted(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (c < 0x20 || c > 0x7e) out += `%${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}

/** A JavaScript string as its UTF-8 bytes, one char per byte (how libcurl sees a char *). */
export function byteString(s: string): string {
  return Buffer.from(s, "utf8").toString("latin1");
}

/**
 * The value after "Digest " for one request: `user` and `pass` as byte strings, `method` and `uri`
 * (the request target as sent). Takes the next nonce count when the challenge had a qop, and makes
 * the client nonce on first use (kept until the next challenge).
 */
export function digestResponse(
  d: DigestState,
  user: string,
  pass: string,
  method: string,
  uri: string,
): string {
  const H = hasher(d.algo);
  if (d.nc === 0) d.nc = 1;
  if (d.cnonce === null) d.cnonce = cnonceSource();
  const realm = d.realm ?? "";
  const nonce = d.nonce ?? "";
  const userh = d.userhash ? H(`${user}:${realm}`) : "";
  let ha1 = H(`${user}:${realm}:${pass}`);
  if (d.algo & SESSION_ALGO) ha1 = H(`${ha1}:${nonce}:${d.cnonce}`);
  let a2 = `${method}:${uri}`;
  // libcurl's auth-int hashes an empty entity body whatever the request carries.
  if (d.qop === "auth-int") a2 += `:${H("")}`;
  const ha2 = H(a2);
  const nc = d.nc.toString(16).padStart(8, "0");
  const response =
    d.qop !== null
      ? H(`${ha1}:${nonce}:${nc}:${d.cnonce}:${d.qop}:${ha2}`)
      : H(`${ha1}:${nonce}:${ha2}`);
  let out =
    `username="${digestQuoted(d.userhash ? userh : user)}", realm="${digestQuoted(realm)}", ` +
    `nonce="${digestQuoted(nonce)}", uri="${digestQuoted(uri)}", `;
  if (d.qop !== null) {
    out += `cnonce="${d.cnonce}", nc=${nc}, qop=${d.qop}, response="${response}"`;
    d.nc++;
  } else out += `response="${response}"`;
  if (d.opaque !== null) out += `, opaque="${digestQuoted(d.opaque)}"`;
  if (d.algorithm !== null) out += `, algorithm=${d.algorithm}`;
  if (d.userhash) out += ", userhash=true";
  return out;
}
