// The authentication state an easy handle keeps from one transfer to the next (libcurl's
// data->state.authhost, authproxy, digest, proxydigest and authproblem): what the application wants,
// what was picked, what the last 401/407 offered, and the Digest state of each side. It outlives a
// transfer, so a second transfer on the handle answers the same nonce at once with the next nonce
// count; curl_easy_reset clears it. A handle makes one only when a transfer has credentials or meets a
// 401/407 (src/transfer/auth.ts authSession), and each side's Digest state only when Digest comes up:
// thousands of plain transfers in flight carry none of it.

import { CURLAUTH_DIGEST, CURLAUTH_DIGEST_IE } from "../constants/index.ts";
import { DigestState } from "./digest.ts";

/** Credentials of one side for a request: user and password as byte strings (their UTF-8 bytes; user
 *  null when none is set), and a bearer token (the server side only) or null. */
export interface Credentials {
  readonly user: string | null;
  readonly pass: string;
  readonly bearer: string | null;
}

/** A user and password as the options give them (CURLOPT_USERPWD or PROXYUSERPWD and the separate
 *  USERNAME / PASSWORD pair): user null when none of the three is set. */
export const login = { user: null as string | null, pass: "" };

/**
 * Curl_parse_login_details for the option strings: "user:password" split at its first colon (no
 * colon: all user, empty password), then the separate user and password options win. The answer is
 * in `login` (a shared record, read right after the call).
 */
export function loginOf(
  userPwd: string | null,
  username: string | null,
  password: string | null,
): typeof login {
  let user: string | null = null;
  let pass = "";
  if (userPwd !== null) {
    const i = userPwd.indexOf(":");
    user = i < 0 ? userPwd : userPwd.slice(0, i);
    pass = i < 0 ? "" : userPwd.slice(i + 1);
  }
  if (username !== null) user = username;
  if (password !== null) pass = password;
  login.user = user;
  login.pass = pass;
  return login;
}

/** A proxy's side of a request: its credentials and origin, how the request reaches it. */
export interface ProxyAuth {
  readonly creds: Credentials;
  /** scheme://host:port of the proxy (Digest state made for another proxy is dropped). */
  readonly origin: string;
  /** The request goes through a CONNECT tunnel (the CONNECT carries Proxy-Authorization, not it). */
  readonly tunnel: boolean;
  /** The application set its own Proxy-Authorization header (CURLOPT_PROXYHEADER): Basic yields. */
  readonly userHeader: boolean;
}

/** libcurl's CURLAUTH_PICKNONE: a round trip picked nothing. */
export const CURLAUTH_PICKNONE = 1 << 30;

/** One side's state (libcurl's struct auth, with its digestdata). */
export class AuthStage {
  /** CURLAUTH_* bits the application allows (CURLOPT_HTTPAUTH / CURLOPT_PROXYAUTH). */
  want = 0;
  /** The one method in use, or `want` before any round trip, or CURLAUTH_PICKNONE. */
  picked = 0;
  /** The methods the current 401/407 offered (cleared when one is picked). */
  avail = 0;
  /** No more header to send for the picked method (Basic and Bearer at once, Digest once answered). */
  done = false;
  /** The method needs another round trip before it is done (Digest before its challenge). */
  multipass = false;
  #digest: DigestState | null = null;

  /** The Digest state, made the first time Digest is offered or picked (most handles never are). */
  get digest(): DigestState {
    if (this.#digest === null) this.#digest = new DigestState();
    return this.#digest;
  }

  reset(): void {
    this.want = this.picked = this.avail = 0;
    this.done = this.multipass = false;
    this.#digest?.reset();
  }
}

/** Both sides and the transfer's authproblem. */
export class AuthSession {
  readonly host = new AuthStage();
  readonly proxy = new AuthStage();
  /** libcurl's state.authproblem: the credentials failed or no offered method fits; stop asking. */
  problem = false;
  /** This request is an auth probe (libcurl's req.authneg): a POST or PUT sent with no body. */
  authneg = false;

  /** curl_easy_reset (and a new handle). */
  reset(): void {
    this.host.reset();
    this.proxy.reset();
    this.problem = false;
    this.authneg = false;
  }

  /**
   * Curl_pretransfer: a transfer starts with the options in force; a method picked by an earlier
   * transfer stays when it is still wanted.
   */
  begin(httpAuth: number, proxyAuth: number): void {
    this.problem = false;
    this.authneg = false;
    this.host.want = httpAuth;
    this.proxy.want = proxyAuth;
    this.host.picked &= httpAuth;
    this.proxy.picked &= proxyAuth;
  }
}

/** The stage of one side. */
export function stageOf(s: AuthSession, proxy: boolean): AuthStage {
  return proxy ? s.proxy : s.host;
}

/**
 * setopt.c's httpauth(): CURLAUTH_DIGEST_IE means Digest (current curl dropped the IE flavour), the
 * methods this build lacks are taken out (NTLM, Negotiate, AWS SigV4, HTTPSIG); -1 when nothing
 * supported is left of a non-zero mask (CURLE_NOT_BUILT_IN).
 */
export function supportedAuth(mask: number): number {
  if (mask === 0) return 0;
  let m = mask >>> 0;
  if (m & CURLAUTH_DIGEST_IE) m = (m | CURLAUTH_DIGEST) & ~CURLAUTH_DIGEST_IE;
  m = (m & ~UNBUILT) >>> 0;
  // Any method bit under CURLAUTH_ONLY (bit 31) still set?
  return (m & 0x7fffffff) === 0 ? -1 : m;
}

/** NTLM (1<<3), Negotiate (1<<2), AWS SigV4 (1<<7), HTTPSIG (1<<8): not built in. */
const UNBUILT = (1 << 2) | (1 << 3) | (1 << 7) | (1 << 8);
