// The cookie options through the public API on real loopback sockets, as a user writes them: an Easy
// on a Multi with BunDriver, request() and fetch() with the options in `multisock`. Cookies carried
// and stripped across redirects, the CURLOPT_COOKIELIST commands, the jar written at cleanup.

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BunDriver,
  CURL_LOCK_DATA_COOKIE,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_OK,
  CURLE_TOO_LARGE,
  CURLINFO_COOKIELIST,
  CURLOPT_COOKIEFILE,
  CURLOPT_COOKIEJAR,
  CURLOPT_COOKIELIST,
  CURLOPT_COOKIESESSION,
  CURLSHE_IN_USE,
  CURLSHE_OK,
  Easy,
  fetch,
  Multi,
  request,
  Share,
} from "../../src/index.ts";
import { CookieServer } from "./server.ts";

let dir = "";
let server: CookieServer;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cookie-api-"));
  server = new CookieServer();
});
afterEach(() => {
  server[Symbol.dispose]();
  rmSync(dir, { recursive: true, force: true });
});

const url = (path: string, host = "127.0.0.1") => `http://${host}:${server.port}${path}`;
const jarLines = (file: string) =>
  readFileSync(file, "latin1")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("# "));

/** Runs easy's URLs one after another on one Multi + BunDriver; returns the result codes. */
async function perform(easy: Easy, ...urls: string[]): Promise<number[]> {
  const multi = new Multi();
  const driver = new BunDriver(multi);
  const out: number[] = [];
  for (const u of urls) {
    easy.setopt("url", u);
    multi.addHandle(easy);
    await driver.run();
    out.push(multi.infoRead()?.result ?? -1);
    multi.removeHandle(easy);
  }
  driver.close();
  multi.close();
  return out;
}

describe("Easy + BunDriver", () => {
  test('cookieFile "" starts the engine; cookies are sent back; the jar is written at cleanup', async () => {
    server.routes.set("/set", {
      headers: ["Set-Cookie: a=1", "Set-Cookie: b=2; Path=/p; Max-Age=100"],
    });
    const jar = join(dir, "jar.txt");
    const easy = new Easy();
    expect(easy.setopt(CURLOPT_COOKIEFILE, "")).toBe(CURLE_OK);
    expect(easy.setopt(CURLOPT_COOKIEJAR, jar)).toBe(CURLE_OK);
    expect(await perform(easy, url("/set"), url("/p/x"), url("/"))).toEqual([0, 0, 0]);
    expect(server.seen.map((s) => s.cookies)).toEqual([[], ["b=2; a=1"], ["a=1"]]);
    expect(existsSync(jar)).toBe(false);
    easy.cleanup();
    const lines = jarLines(jar);
    expect(lines[0]).toMatch(/^127\.0\.0\.1\tFALSE\t\/p\tFALSE\t\d+\tb\t2$/);
    expect(lines[1]).toBe("127.0.0.1\tFALSE\t/\tFALSE\t0\ta\t1");
    expect(readFileSync(jar, "latin1").startsWith("# Netscape HTTP Cookie File\n")).toBe(true);
  });

  test("without a cookie option nothing is stored or sent", async () => {
    server.routes.set("/set", { headers: ["Set-Cookie: a=1"] });
    const easy = new Easy();
    await perform(easy, url("/set"), url("/set"));
    expect(server.seen.map((s) => s.cookies)).toEqual([[], []]);
    expect(easy.getinfo(CURLINFO_COOKIELIST)).toBeNull();
  });

  test("a jar is not written when no transfer ran (the engine never started)", () => {
    const jar = join(dir, "jar.txt");
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIEJAR, jar);
    easy.setopt(CURLOPT_COOKIELIST, "Set-Cookie: a=1; Domain=example.com");
    easy.cleanup();
    expect(existsSync(jar)).toBe(false);
  });

  test("cookieList: Set-Cookie and Netscape lines, SESS, ALL, FLUSH, RELOAD, getinfo", async () => {
    const file = join(dir, "in.txt");
    writeFileSync(file, "127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\t1\n");
    const jar = join(dir, "jar.txt");
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIEFILE, file);
    easy.setopt(CURLOPT_COOKIEJAR, jar);
    expect(easy.setopt(CURLOPT_COOKIELIST, "Set-Cookie: s=1; Domain=127.0.0.1")).toBe(CURLE_OK);
    expect(
      easy.setopt(CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t99999999999\tkeep\t2"),
    ).toBe(CURLE_OK);
    await perform(easy, url("/"));
    expect(server.seen[0]!.cookies).toEqual(["fromfile=1; keep=2; s=1"]);
    expect((easy.getinfo(CURLINFO_COOKIELIST) ?? []).length).toBe(3);
    easy.setopt(CURLOPT_COOKIELIST, "sess");
    expect(easy.getinfo(CURLINFO_COOKIELIST)).toEqual([
      "127.0.0.1\tFALSE\t/\tFALSE\t99999999999\tkeep\t2",
    ]);
    easy.setopt(CURLOPT_COOKIELIST, "FLUSH");
    expect(jarLines(jar)).toEqual(["127.0.0.1\tFALSE\t/\tFALSE\t99999999999\tkeep\t2"]);
    easy.setopt(CURLOPT_COOKIELIST, "ALL");
    expect(easy.getinfo(CURLINFO_COOKIELIST)).toBeNull();
    expect(easy.setopt(CURLOPT_COOKIELIST, "RELOAD")).toBe(CURLE_OK);
    expect(easy.getinfo(CURLINFO_COOKIELIST)).toEqual([
      "127.0.0.1\tFALSE\t/\tFALSE\t0\tfromfile\t1",
    ]);
    expect(easy.setopt(CURLOPT_COOKIELIST, "x".repeat(8_000_001))).toBe(
      CURLE_BAD_FUNCTION_ARGUMENT,
    );
    easy.cleanup();
  });

  test("cookieSession drops a file's session cookies; cookieFile null stops the engine", async () => {
    const file = join(dir, "in.txt");
    writeFileSync(
      file,
      "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\t1\n127.0.0.1\tFALSE\t/\tFALSE\t99999999999\tlasting\t2\n",
    );
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIEFILE, file);
    easy.setopt(CURLOPT_COOKIESESSION, 1);
    await perform(easy, url("/"));
    easy.setopt(CURLOPT_COOKIEFILE, null);
    await perform(easy, url("/"));
    expect(server.seen.map((s) => s.cookies)).toEqual([["lasting=2"], []]);
  });

  test("a cookie file line of 5000 bytes fails the transfer with CURLE_TOO_LARGE", async () => {
    const file = join(dir, "in.txt");
    writeFileSync(file, `127.0.0.1\tFALSE\t/\tFALSE\t0\tn\t${"v".repeat(5000)}\n`);
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIEFILE, file);
    expect(await perform(easy, url("/"))).toEqual([CURLE_TOO_LARGE]);
    expect(server.seen.length).toBe(0);
  });

  test("the jar's cookies and CURLOPT_COOKIE in one header; a user Cookie header replaces only CURLOPT_COOKIE", async () => {
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIELIST, "Set-Cookie: j=1; Domain=127.0.0.1");
    easy.setopt("cookie", "opt=2");
    await perform(easy, url("/"));
    easy.setopt("httpHeader", ["Cookie: user=3"]);
    await perform(easy, url("/"));
    expect(server.seen.map((s) => s.cookies)).toEqual([["j=1; opt=2"], ["j=1", "user=3"]]);
  });

  test("Set-Cookie of every response of a redirect chain is kept; each hop gets its host's cookies", async () => {
    server.routes.set("127.0.0.1/r1", {
      status: 302,
      headers: ["Set-Cookie: here=1", `Location: ${url("/r2", "localhost")}`],
    });
    server.routes.set("localhost/r2", {
      status: 302,
      headers: ["Set-Cookie: there=2", `Location: ${url("/r3")}`],
    });
    server.routes.set("127.0.0.1/r3", { headers: ["Set-Cookie: last=3"] });
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIEFILE, "");
    easy.setopt("followLocation", 1);
    easy.setopt("cookie", "given=0");
    expect(await perform(easy, url("/r1"))).toEqual([0]);
    // CURLOPT_COOKIE goes only to the first origin (Curl_auth_allowed_to_host: also when the chain comes
    // back to it); the jar's cookies go wherever they match.
    expect(server.seen.map((s) => `${s.host}${s.path} ${s.cookies.join("|")}`)).toEqual([
      "127.0.0.1/r1 given=0",
      "localhost/r2 ",
      "127.0.0.1/r3 here=1; given=0",
    ]);
    expect((easy.getinfo(CURLINFO_COOKIELIST) ?? []).map((l) => l.split("\t")[5]).sort()).toEqual([
      "here",
      "last",
      "there",
    ]);
  });

  test("duphandle: a copy of a handle with the engine on has its own, empty jar", async () => {
    const easy = new Easy();
    easy.setopt(CURLOPT_COOKIELIST, "Set-Cookie: a=1; Domain=127.0.0.1");
    const copy = easy.duphandle();
    expect(copy.getinfo(CURLINFO_COOKIELIST)).toBeNull();
    await perform(copy, url("/"));
    expect(server.seen[0]!.cookies).toEqual([]);
  });
});

describe("getinfo cookieList and cleanup", () => {
  test("an engine whose cookies all expired lists NULL, as Curl_cookie_list", () => {
    const e = new Easy();
    e.setopt(CURLOPT_COOKIEFILE, "");
    expect(e.getinfo(CURLINFO_COOKIELIST)).toBeNull();
    e.setopt(
      CURLOPT_COOKIELIST,
      "Set-Cookie: old=1; Domain=example.com; Expires=Thu, 01 Jan 2000 00:00:00 GMT",
    );
    expect(e.getinfo(CURLINFO_COOKIELIST)).toBeNull();
    e.setopt(CURLOPT_COOKIELIST, "Set-Cookie: new=1; Domain=example.com");
    expect(e.getinfo(CURLINFO_COOKIELIST)).toEqual([".example.com\tTRUE\t/\tFALSE\t0\tnew\t1"]);
  });

  test("a jar written for localhost loads back: its cookies go to localhost again", async () => {
    server.routes.set("/set", {
      headers: ["Set-Cookie: l=1", "Set-Cookie: m=2; Domain=localhost"],
    });
    const jar = join(dir, "local.txt");
    const resolve = [`localhost:${server.port}:127.0.0.1`];
    await request(url("/set", "localhost"), { cookieFile: "", cookieJar: jar, resolve });
    expect(jarLines(jar).length).toBe(2);
    await request(url("/echo", "localhost"), { cookieFile: jar, resolve });
    expect(server.seen[1]!.cookies[0]!.split("; ").sort()).toEqual(["l=1", "m=2"]);
  });

  test("cleanup() leaves the share, so curl_share_cleanup succeeds", () => {
    const share = new Share();
    share.setopt("share", CURL_LOCK_DATA_COOKIE);
    const e = new Easy();
    expect(e.setopt("share", share)).toBe(CURLE_OK);
    expect(share.close()).toBe(CURLSHE_IN_USE);
    e.cleanup();
    expect(share.close()).toBe(CURLSHE_OK);
  });
});

describe("request() and fetch()", () => {
  test("request(): the jar is on disk when the promise resolves", async () => {
    server.routes.set("/a", { status: 302, headers: ["Set-Cookie: r=1", "Location: /b"] });
    server.routes.set("/b", { headers: ["Set-Cookie: s=2"] });
    const jar = join(dir, "jar.txt");
    const res = await request(url("/a"), { cookieFile: "", cookieJar: jar, followLocation: 1 });
    expect(res.status).toBe(200);
    expect(server.seen.map((s) => s.cookies)).toEqual([[], ["r=1"]]);
    expect(jarLines(jar)).toEqual([
      "127.0.0.1\tFALSE\t/\tFALSE\t0\ts\t2",
      "127.0.0.1\tFALSE\t/\tFALSE\t0\tr\t1",
    ]);
    // The result's handle still has its jar: getinfo answers after the promise resolved.
    expect(res.easy.getinfo(CURLINFO_COOKIELIST)?.length).toBe(2);
  });

  test("request() and fetch() with a cookie Share and a jar: the share's jar is written, the share let go", async () => {
    server.routes.set("/a", { headers: ["Set-Cookie: sh=1"], body: "ok" });
    const share = new Share();
    expect(share.setopt("share", CURL_LOCK_DATA_COOKIE)).toBe(CURLSHE_OK);
    const jar1 = join(dir, "jar1.txt");
    await request(url("/a"), { share, cookieFile: "", cookieJar: jar1 });
    expect(jarLines(jar1).map((l) => l.split("\t")[5])).toEqual(["sh"]);
    const jar2 = join(dir, "jar2.txt");
    const res = await fetch(url("/a"), { multisock: { share, cookieFile: "", cookieJar: jar2 } });
    expect(await res.text()).toBe("ok");
    expect(existsSync(jar2)).toBe(true);
    // Both handles left the share: it closes.
    expect(share.close()).toBe(CURLSHE_OK);
  });

  test("fetch() with the cookie options in its multisock key", async () => {
    const file = join(dir, "in.txt");
    writeFileSync(file, "Set-Cookie: f=1; Domain=127.0.0.1\n");
    server.routes.set("/a", { headers: ["Set-Cookie: g=2"], body: "ok" });
    const jar = join(dir, "jar.txt");
    const res = await fetch(url("/a"), { multisock: { cookieFile: file, cookieJar: jar } });
    expect(await res.text()).toBe("ok");
    expect(server.seen[0]!.cookies).toEqual(["f=1"]);
    expect(jarLines(jar).map((l) => l.split("\t")[5])).toEqual(["g", "f"]);
  });
});
