// One URL of an Operation onto an Easy handle: the command line's flags as CURLOPT_* values, set the
// way curl's tool does (tool_operate.c single_transfer): curl's --max-redirs default of 50, an
// "http://" guess for a URL without a scheme, -k turning off both peer and host checks.

import { CURLE_OK } from "../constants/curle.ts";
import { CURLAUTH_ANY, CURLAUTH_BASIC, CURLAUTH_DIGEST } from "../constants/misc.ts";
import type { Easy } from "../easy/easy.ts";
import type { Operation } from "./config.ts";
import { VERSION } from "./help.ts";
import { PROGRAM } from "./messages.ts";

/** curl's DEFAULT_MAXREDIRS (the library's own default is 30). */
export const TOOL_MAXREDIRS = 50;
export const USER_AGENT = `${PROGRAM}/${VERSION}`;

/** A URL with a scheme: curl guesses http:// when there is none. */
export function withScheme(url: string): string {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url) ? url : `http://${url}`;
}

/** The options a URL of `op` sets, in setopt order (callbacks are run.ts's business). */
export function transferOptions(
  op: Operation,
  url: string,
  body: Uint8Array | null,
): [string, unknown][] {
  const o: [string, unknown][] = [["url", withScheme(url)]];
  if (op.headers.length > 0) o.push(["httpHeader", op.headers]);
  if (body !== null) {
    o.push(["postFields", body]);
    o.push(["postFieldSize", body.length]);
  }
  if (op.head) o.push(["noBody", 1]);
  if (op.method !== null) o.push(["customRequest", op.method]);
  if (op.user !== null) o.push(["userPwd", op.user.includes(":") ? op.user : `${op.user}:`]);
  if (op.authType !== 0) o.push(["httpAuth", op.authType]);
  if (op.fail) o.push(["failOnError", 1]);
  if (op.followLocation) o.push(["followLocation", 1]);
  o.push(["maxRedirs", op.maxRedirs ?? TOOL_MAXREDIRS]);
  if (op.timeoutMs > 0) o.push(["timeoutMs", op.timeoutMs]);
  if (op.connectTimeoutMs > 0) o.push(["connectTimeoutMs", op.connectTimeoutMs]);
  if (op.compressed) o.push(["acceptEncoding", ""]);
  if (op.resolve.length > 0) o.push(["resolve", op.resolve]);
  if (op.connectTo.length > 0) o.push(["connectTo", op.connectTo]);
  if (op.cacert !== null) o.push(["caInfo", op.cacert]);
  if (op.insecure) {
    o.push(["sslVerifyPeer", 0]);
    o.push(["sslVerifyHost", 0]);
  }
  if (op.limitRate > 0) {
    o.push(["maxRecvSpeedLarge", op.limitRate]);
    o.push(["maxSendSpeedLarge", op.limitRate]);
  }
  if (op.httpVersion !== 0) o.push(["httpVersion", op.httpVersion]);
  o.push(["userAgent", op.userAgent ?? USER_AGENT]);
  if (op.referer !== null) o.push(["referer", op.referer]);
  // config2setopts.c's cookie_setopts: the strings joined by ";" (and a blank unless one leads).
  if (op.cookies.length > 0)
    o.push([
      "cookie",
      op.cookies.reduce((all, c) => `${all};${c[0] === " " || c[0] === "\t" ? "" : " "}${c}`),
    ]);
  for (const f of op.cookieFiles) o.push(["cookieFile", f]);
  if (op.cookieJar !== null) o.push(["cookieJar", op.cookieJar]);
  if (op.junkSession) o.push(["cookieSession", 1]);
  if (op.range !== null) o.push(["range", op.range]);
  // config2setopts.c proxy_setopts: the type only with a proxy string.
  if (op.proxy !== null) {
    o.push(["proxy", op.proxy]);
    o.push(["proxyType", op.proxyType]);
  }
  if (op.proxyUser !== null) o.push(["proxyUserPwd", op.proxyUser]);
  if (op.proxyTunnel) o.push(["httpProxyTunnel", 1]);
  if (op.proxyHeaders.length > 0) o.push(["proxyHeader", op.proxyHeaders]);
  if (op.proxyCacert !== null) o.push(["proxyCaInfo", op.proxyCacert]);
  if (op.proxyInsecure) {
    o.push(["proxySslVerifyPeer", 0]);
    o.push(["proxySslVerifyHost", 0]);
  }
  // config2setopts.c: one CURLOPT_PROXYAUTH, the widest flag given.
  if (op.proxyAnyAuth) o.push(["proxyAuth", CURLAUTH_ANY]);
  else if (op.proxyDigest) o.push(["proxyAuth", CURLAUTH_DIGEST]);
  else if (op.proxyBasic) o.push(["proxyAuth", CURLAUTH_BASIC]);
  if (op.preProxy !== null) o.push(["preProxy", op.preProxy]);
  if (op.noProxy !== null) o.push(["noProxy", op.noProxy]);
  return o;
}

/** Sets every option; the first refusal as [code, detail], or undefined when all were taken. */
export function applyOptions(easy: Easy, opts: [string, unknown][]): [number, string] | undefined {
  for (const [name, value] of opts) {
    const rc = easy.setopt(name as never, value as never);
    if (rc !== CURLE_OK) return [rc, easy.lastSetoptError];
  }
  return undefined;
}
