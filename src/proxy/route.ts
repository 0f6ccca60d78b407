// Which proxies a request goes through, decided as libcurl's Curl_proxy_init_conn and parse_proxy do
// (lib/proxy.c, lib/peer.c): the no-proxy list first (CURLOPT_NOPROXY, else NO_PROXY from the
// environment), then CURLOPT_PROXY / CURLOPT_PRE_PROXY, else the environment's proxy for the scheme
// (http_proxy in lower case only, https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY); "" disables them.
// The proxy URL's scheme sets the type (else CURLOPT_PROXYTYPE); a SOCKS proxy is the first hop, an
// HTTP(S) proxy forwards the request (absolute-form) or tunnels with CONNECT. Pure.

import { loginOf } from "../auth/session.ts";
import {
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_PROXY,
  CURLPROXY_HTTP,
  CURLPROXY_HTTP_1_0,
  CURLPROXY_HTTPS,
  CURLPROXY_HTTPS2,
  CURLPROXY_SOCKS4,
  CURLPROXY_SOCKS4A,
  CURLPROXY_SOCKS5,
  CURLPROXY_SOCKS5_HOSTNAME,
} from "../constants/index.ts";
import { checkNoProxy } from "./noproxy.ts";

/** Reads one environment variable (undefined when unset); the engine is handed one, never process.env. */
export type GetEnv = (name: string) => string | undefined;

/** One proxy: its type (CURLPROXY_*), where it is, and the credentials for it. */
export interface ProxySpec {
  readonly type: number;
  /** Name or address (an IPv6 one without brackets). */
  readonly host: string;
  readonly port: number;
  /** null: no credentials. */
  readonly user: string | null;
  readonly pass: string;
}

/** The proxies of one request. */
export interface ProxyRoute {
  /** The SOCKS proxy connected to first (CURLOPT_PRE_PROXY, or a socks:// CURLOPT_PROXY), or null. */
  readonly socks: ProxySpec | null;
  /** The HTTP or HTTPS proxy, or null. */
  readonly http: ProxySpec | null;
  /** CONNECT through the HTTP proxy (https targets, CURLOPT_HTTPPROXYTUNNEL, CONNECT_TO). */
  readonly tunnel: boolean;
  /** Everything that tells two routes apart: part of the connection cache key. */
  readonly key: string;
}

/** A route could not be made: the CURLcode and libcurl's error text. */
export interface RouteError {
  readonly code: number;
  readonly detail: string;
}

/** What the route is made from: the options it reads and the request's target. */
export interface RouteInput {
  readonly proxy: string | null;
  readonly preProxy: string | null;
  readonly noProxy: string | null;
  readonly proxyType: number;
  readonly proxyPort: number;
  readonly proxyUserPwd: string | null;
  readonly proxyUsername: string | null;
  readonly proxyPassword: string | null;
  readonly httpProxyTunnel: number;
}

const SCHEME_TYPES: Record<string, number> = {
  http: CURLPROXY_HTTP,
  https: CURLPROXY_HTTPS,
  socks: CURLPROXY_SOCKS4,
  socks4: CURLPROXY_SOCKS4,
  socks4a: CURLPROXY_SOCKS4A,
  socks5: CURLPROXY_SOCKS5,
  socks5h: CURLPROXY_SOCKS5_HOSTNAME,
};

/** CURL_DEFAULT_PROXY_PORT and CURL_DEFAULT_HTTPS_PROXY_PORT (lib/url.h). */
const DEFAULT_PROXY_PORT = 1080;
const DEFAULT_HTTPS_PROXY_PORT = 443;

/** Whether a CURLPROXY_* type is SOCKS. */
export function isSocks(type: number): boolean {
  return type >= CURLPROXY_SOCKS4 && type <= CURLPROXY_SOCKS5_HOSTNAME;
}
/** Whether a CURLPROXY_* type is an HTTP proxy reached over TLS. */
export function isHttpsProxy(type: number): boolean {
  return type === CURLPROXY_HTTPS || type === CURLPROXY_HTTPS2;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Parses one proxy string (libcurl's parse_proxy): "[scheme://][user[:password]@]host[:port]". The
 * scheme, when given, sets the type; else `o.proxyType` does (a pre-proxy starts from SOCKS4). The port
 * is the URL's, else CURLOPT_PROXYPORT, else 1080 (443 for HTTPS). Credentials are the URL's, else the
 * CURLOPT_PROXYUSERPWD family's (not for a pre-proxy).
 */
export function parseProxy(text: string, o: RouteInput, pre: boolean): ProxySpec | RouteError {
  let type = pre ? CURLPROXY_SOCKS4 : o.proxyType;
  let rest = text;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    const t = SCHEME_TYPES[scheme];
    if (t === undefined)
      return { code: CURLE_COULDNT_CONNECT, detail: `Unsupported proxy scheme for '${text}'` };
    // http:// keeps HTTP_1_0 and https:// keeps HTTPS2 when CURLOPT_PROXYTYPE asked for them.
    if (
      !(t === CURLPROXY_HTTP && type === CURLPROXY_HTTP_1_0) &&
      !(t === CURLPROXY_HTTPS && type === CURLPROXY_HTTPS2)
    )
      type = t;
    rest = text.slice(m[0].length);
  }
  if (pre && !isSocks(type))
    return {
      code: CURLE_COULDNT_RESOLVE_PROXY,
      detail: `Unsupported pre-proxy type for '${text}'`,
    };
  if (type > CURLPROXY_SOCKS5_HOSTNAME)
    return {
      code: CURLE_COULDNT_RESOLVE_PROXY,
      detail: `Unsupported proxy type ${type} for '${text}'`,
    };
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf("@");
  const userinfo = at < 0 ? null : authority.slice(0, at);
  const hostport = at < 0 ? authority : authority.slice(at + 1);
  let host: string;
  let portText = "";
  if (hostport.startsWith("[")) {
    const close = hostport.indexOf("]");
    if (close < 0) return badSyntax(text);
    host = hostport.slice(1, close);
    const after = hostport.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return badSyntax(text);
    portText = after.slice(1);
  } else {
    const colon = hostport.lastIndexOf(":");
    host = colon < 0 ? hostport : hostport.slice(0, colon);
    portText = colon < 0 ? "" : hostport.slice(colon + 1);
  }
  if (host === "") return badSyntax(text, "No host part in the URL");
  if (portText !== "" && !/^[0-9]{1,5}$/.test(portText))
    return badSyntax(text, "Port number was not a decimal number between 0 and 65535");
  let port = portText === "" ? 0 : Number(portText);
  if (port > 65535)
    return badSyntax(text, "Port number was not a decimal number between 0 and 65535");
  if (port === 0)
    port = o.proxyPort || (isHttpsProxy(type) ? DEFAULT_HTTPS_PROXY_PORT : DEFAULT_PROXY_PORT);
  let user: string | null = null;
  let pass = "";
  if (userinfo !== null) {
    const c = userinfo.indexOf(":");
    user = decode(c < 0 ? userinfo : userinfo.slice(0, c));
    pass = c < 0 ? "" : decode(userinfo.slice(c + 1));
  } else if (!pre) {
    ({ user, pass } = loginOf(o.proxyUserPwd, o.proxyUsername, o.proxyPassword));
  }
  return { type, host, port, user, pass };
}

function badSyntax(text: string, why = "Malformed input to a URL function"): RouteError {
  return {
    code: CURLE_COULDNT_RESOLVE_PROXY,
    detail: `Unsupported proxy syntax in '${text}': ${why}`,
  };
}

/** curl_getenv: a variable set to "" is not set (http_proxy= in a CI image disables nothing). */
function envVar(env: GetEnv, name: string): string | undefined {
  return env(name) || undefined;
}

/** The environment's proxy for a scheme (libcurl's proxy_detect_proxy). */
function envProxy(scheme: string, env: GetEnv): string | undefined {
  let p: string | undefined;
  if (scheme === "https") p = envVar(env, "https_proxy") ?? envVar(env, "HTTPS_PROXY");
  // Never HTTP_PROXY in upper case: a CGI environment lets a request's "Proxy:" header set it.
  else p = envVar(env, "http_proxy");
  return p ?? envVar(env, "all_proxy") ?? envVar(env, "ALL_PROXY");
}

function specKey(p: ProxySpec | null): string {
  return p === null ? "" : `${p.type}:${p.host}:${p.port}:${p.user ?? "\u0000"}:${p.pass}`;
}

/**
 * The route of a request to scheme://host (after CONNECT_TO: `connectTo` says it applied); null for a
 * direct connection, or the error that fails the transfer.
 */
export function proxyRoute(
  o: RouteInput,
  scheme: string,
  host: string,
  connectTo: boolean,
  env: GetEnv | null,
): ProxyRoute | RouteError | null {
  const noProxy =
    o.noProxy ?? (env === null ? undefined : (envVar(env, "no_proxy") ?? envVar(env, "NO_PROXY")));
  if (checkNoProxy(host, noProxy)) return null;
  let proxy: string | undefined;
  let pre: string | undefined;
  let detect = true;
  if (o.proxy !== null) {
    if (o.proxy !== "") proxy = o.proxy;
    else detect = false;
  }
  if (o.preProxy !== null) {
    if (o.preProxy !== "") pre = o.preProxy;
    else detect = false;
  }
  if (proxy === undefined && pre === undefined && detect && env !== null)
    proxy = envProxy(scheme, env);
  if (proxy === undefined && pre === undefined) return null;
  let socks: ProxySpec | null = null;
  let http: ProxySpec | null = null;
  if (pre !== undefined) {
    const r = parseProxy(pre, o, true);
    if ("code" in r) return r;
    socks = r;
  }
  if (proxy !== undefined) {
    const r = parseProxy(proxy, o, false);
    if ("code" in r) return r;
    if (isSocks(r.type)) {
      if (socks !== null)
        return {
          code: CURLE_COULDNT_RESOLVE_PROXY,
          detail: `Having a SOCKS pre-proxy and proxy is not supported with '${proxy}'`,
        };
      socks = r;
    } else http = r;
  }
  const tunnel = http !== null && (o.httpProxyTunnel !== 0 || scheme === "https" || connectTo);
  return { socks, http, tunnel, key: `${specKey(socks)}>${specKey(http)}>${tunnel ? 1 : 0}` };
}
