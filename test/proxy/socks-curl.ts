// The curl side of the SOCKS oracle: Debian's curl binary through a SOCKS proxy on loopback, its
// exit code and the error text it prints, and the wording map from curl 7.88's lib/socks.c to current
// curl's (docs/differences.md, "SOCKS"): the codec words messages as current curl does.

import { existsSync } from "node:fs";
import { CURLPX_CLOSED } from "../../src/constants/index.ts";
import type { SocksRequest } from "../../src/proxy/socks.ts";

/** The curl binary, or undefined when it is not installed (CURL_BIN names another; a missing path checks the skip). */
export const CURL_BIN: string | undefined = (() => {
  const want = process.env.CURL_BIN;
  if (want !== undefined) return existsSync(want) ? want : undefined;
  return Bun.which("curl") ?? undefined;
})();

/** "7.88.1" for Debian 12's curl; "" when curl is missing. */
export function curlVersion(): string {
  if (CURL_BIN === undefined) return "";
  const r = Bun.spawnSync([CURL_BIN, "--version"], { stdout: "pipe" });
  return /^curl (\S+)/.exec(r.stdout.toString())?.[1] ?? "";
}

export interface CurlRun {
  exitCode: number;
  /** The text after "curl: (N) " on stderr, or "" when curl printed no error. */
  message: string;
  body: string;
}

/** The proxy URL libcurl takes for a request: scheme by version and resolver, user info if set. */
export function proxyUrl(req: SocksRequest, proxyPort: number): string {
  const scheme =
    req.version === 4
      ? req.remoteResolve
        ? "socks4a"
        : "socks4"
      : req.remoteResolve
        ? "socks5h"
        : "socks5";
  const given = req.credentials ?? (req.user !== "" || req.password !== "");
  const pw = req.password === "" ? "" : `:${encodeURIComponent(req.password)}`;
  const cred = given ? `${encodeURIComponent(req.user)}${pw}@` : "";
  return `${scheme}://${cred}127.0.0.1:${proxyPort}`;
}

/** The URL whose host and port the request asks the proxy for. */
export function targetUrl(req: SocksRequest): string {
  const host = req.host.includes(":") && !req.host.startsWith("[") ? `[${req.host}]` : req.host;
  return `http://${host}:${req.port}/`;
}

/**
 * Runs `curl -x <proxy> <url>` (no config file, no proxy from the environment, GSS-API off with
 * --socks5-basic as the codec never offers it) and returns its exit code, error text and body.
 */
export async function runCurl(proxy: string, url: string, extra: string[] = []): Promise<CurlRun> {
  if (CURL_BIN === undefined) throw new Error("runCurl: curl is not installed");
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/_proxy$/i.test(k)) env[k] = v;
  const p = Bun.spawn(
    [CURL_BIN, "-q", "-sS", "--max-time", "10", "--socks5-basic", "-x", proxy, ...extra, url],
    { stdout: "pipe", stderr: "pipe", env },
  );
  const [body, err] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
  ]);
  const exitCode = await p.exited;
  const m = /^curl: \(\d+\) (.*)$/m.exec(err);
  return { exitCode, message: m?.[1] ?? "", body };
}

/**
 * How curl 7.88 words a message that current curl words as `current` (the rewordings of lib/socks.c
 * since then); the message itself when 7.88 words it the same.
 */
export function wordedBy788(current: string): string {
  return current
    .replace(
      "[SOCKS] cannot complete SOCKS4 connection to ",
      "Can't complete SOCKS4 connection to ",
    )
    .replace(/^cannot complete SOCKS5 connection to /, "Can't complete SOCKS5 connection to ")
    .replace("Unknown SOCKS5 mode attempted", "Undocumented SOCKS5 mode attempted")
    .replace("SOCKS4: too long hostname", "SOCKS4: too long host name")
    .replace("Excessive username length", "Excessive user name length")
    .replace(
      "Failed to receive SOCKS response, proxy closed connection",
      "connection to proxy closed",
    );
}

/** The message the installed curl prints for what current curl words as `current`. */
export function expectedCurlMessage(current: string, version: string): string {
  return version.startsWith("7.") ? wordedBy788(current) : current;
}

/**
 * The CURLPX code the installed libcurl reports for what current curl reports as `current`: 7.88
 * has CURLPX_CLOSED (3) for a proxy that closes, where current curl has CURLPX_RECV_CONNECT.
 */
export function expectedProxyCode(current: number, message: string, version: string): number {
  const closed = message === "Failed to receive SOCKS response, proxy closed connection";
  return version.startsWith("7.") && closed ? CURLPX_CLOSED : current;
}
