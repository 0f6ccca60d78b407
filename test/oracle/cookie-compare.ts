// The cookie oracle's two sides: one case (a sequence of responses with Set-Cookie lines, then probe
// requests) runs through Debian's libcurl (cookie-child.ts, one easy handle, COOKIEFILE "" and a
// COOKIEJAR) and through multisock's public API (one Easy on a Multi driven by BunDriver), against the
// same loopback server; the Cookie headers each request carried, CURLINFO_COOKIELIST and the jar
// files are then compared line by line, after the normalisations of the documented 7.88 differences.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BunDriver, Easy, Multi } from "../../src/index.ts";
import { CookieServer } from "../cookie/server.ts";
import type { CookieAnswer, CookieJob } from "./cookie-child.ts";

/** One response of a case: the host it is asked of (resolved to loopback) and what it sets. */
export interface CookieStep {
  host: string;
  path: string;
  setCookies: string[];
  /** Other header lines (a Location for a redirect). */
  headers?: string[];
  status?: number;
  /** Set-Cookie values of a 103 response before this one. */
  interim?: string[];
}

/** A case: steps, then probes (plain requests that only show which cookies are sent). */
export interface CookieCase {
  name: string;
  steps: CookieStep[];
  probes: { host: string; path: string }[];
  /** CURLOPT_COOKIELIST lines before the first request. */
  cookieList?: string[];
  followLocation?: boolean;
  cookie?: string;
  /** CURLOPT_HTTPHEADER lines. */
  httpHeader?: string[];
}

/** What one side did. */
export interface CookieOutcome {
  results: number[];
  /** The Cookie header of each request the server saw ("-" for none), as "host path: value". */
  sent: string[];
  /** CURLINFO_COOKIELIST, sorted (the two builds hash into different numbers of lists). */
  list: string[];
  /** The jar's lines. */
  jar: string[];
}

function jobOf(c: CookieCase, port: number, jar: string): CookieJob {
  const hosts = new Set([...c.steps.map((s) => s.host), ...c.probes.map((p) => p.host)]);
  return {
    urls: [...c.steps, ...c.probes].map((s) => `http://${s.host}:${port}${s.path}`),
    cookieFile: [""],
    cookieJar: jar,
    cookieList: c.cookieList,
    cookie: c.cookie,
    followLocation: c.followLocation,
    httpHeader: c.httpHeader,
    resolve: [...hosts]
      .filter((h) => h !== "127.0.0.1" && h !== "localhost")
      .map((h) => `${h}:${port}:127.0.0.1`),
  };
}

function sentOf(server: CookieServer): string[] {
  return server.seen.map((s) => `${s.host} ${s.path}: ${s.cookies.join(" | ") || "-"}`);
}

function jarLines(text: string | null): string[] {
  return text === null ? ["<no jar>"] : text.split("\n").filter((l) => l !== "");
}

async function runCurl(job: CookieJob): Promise<CookieAnswer> {
  const p = Bun.spawn(["bun", join(import.meta.dir, "cookie-child.ts")], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  p.stdin.write(JSON.stringify(job));
  p.stdin.end();
  const out = await new Response(p.stdout).text();
  await p.exited;
  if (!out.startsWith("{"))
    throw new Error(`cookie child: ${out} ${await new Response(p.stderr).text()}`);
  return JSON.parse(out) as CookieAnswer;
}

async function runMultisock(job: CookieJob): Promise<CookieAnswer> {
  const multi = new Multi();
  const driver = new BunDriver(multi);
  const easy = new Easy();
  for (const f of job.cookieFile ?? []) easy.setopt("cookieFile", f);
  if (job.cookieJar !== undefined) easy.setopt("cookieJar", job.cookieJar);
  if (job.cookie !== undefined) easy.setopt("cookie", job.cookie);
  if (job.followLocation) easy.setopt("followLocation", 1);
  if (job.resolve) easy.setopt("resolve", job.resolve);
  if (job.httpHeader) easy.setopt("httpHeader", job.httpHeader);
  for (const line of job.cookieList ?? []) easy.setopt("cookieList", line);
  const results: number[] = [];
  for (const url of job.urls) {
    easy.setopt("url", url);
    multi.addHandle(easy);
    await driver.run();
    results.push(multi.infoRead()?.result ?? -1);
    multi.removeHandle(easy);
  }
  const cookieList = easy.getinfo("cookieList");
  easy.cleanup();
  driver.close();
  multi.close();
  let jar: string | null = null;
  try {
    jar = readFileSync(job.cookieJar!, "latin1");
  } catch {}
  return { results, cookieList, jar, version: "multisock" };
}

/**
 * The documented differences of Debian's 7.88 (docs/differences.md, "Cookies"), undone on its side:
 * it writes a cookie's path as received ("/p/"), current libcurl its canonical form ("/p"). Expiry
 * times computed from Max-Age may differ by the seconds between the two runs: within 3 s they count
 * as equal.
 */
function normalise(line: string, other: string[]): string {
  const f = line.split("\t");
  if (f.length !== 7) return line;
  const p = f[2]!;
  if (p.length > 1 && p.endsWith("/")) f[2] = p.slice(0, -1);
  const e = Number(f[4]);
  for (const o of other) {
    const g = o.split("\t");
    if (g.length === 7 && g[5] === f[5] && Math.abs(Number(g[4]) - e) <= 3) f[4] = g[4]!;
  }
  return f.join("\t");
}

/** Runs a case through both and returns both outcomes (libcurl's normalised against multisock's). */
export async function runCookieCase(
  c: CookieCase,
): Promise<{ curl: CookieOutcome; ms: CookieOutcome }> {
  using server = new CookieServer();
  for (const s of c.steps) {
    const route = {
      status: s.status ?? 200,
      headers: [...s.setCookies.map((v) => `Set-Cookie: ${v}`), ...(s.headers ?? [])],
      interim: s.interim?.map((v) => `Set-Cookie: ${v}`),
    };
    server.routes.set(`${s.host}${s.path}`, route);
    // With a custom Host header the server sees that name: the path alone finds the route.
    if (c.httpHeader) server.routes.set(s.path, route);
  }
  const dir = mkdtempSync(join(tmpdir(), "cookie-oracle-"));
  try {
    const curlAns = await runCurl(jobOf(c, server.port, join(dir, "curl.jar")));
    const curlSent = sentOf(server);
    server.seen.length = 0;
    const msAns = await runMultisock(jobOf(c, server.port, join(dir, "ms.jar")));
    const ms: CookieOutcome = {
      results: msAns.results,
      sent: sentOf(server),
      list: [...(msAns.cookieList ?? [])].sort(),
      jar: jarLines(msAns.jar),
    };
    const curl: CookieOutcome = {
      results: curlAns.results,
      sent: curlSent,
      list: (curlAns.cookieList ?? []).map((l) => normalise(l, ms.list)).sort(),
      jar: jarLines(curlAns.jar).map((l) => normalise(l, ms.jar)),
    };
    return { curl, ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
