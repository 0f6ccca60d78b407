// multisock's CLI against Debian's curl: each row of the table runs `curl ARGS` and
// `bun src/cli/main.ts ARGS` (concurrently, each in its own empty directory) against the same
// loopback origins, then compares stdout bytes, the files written, the exit code and the
// "(code) message" lines on stderr. Only what the program cannot make equal is normalised: the
// program name, Date headers, "after N ms" in messages. Rows that hit /flaky get a key per client,
// so the origin's attempt counts say how often each one tried.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { startDigestServer } from "../helpers/digest-server.ts";
import { type ProxyServer, startMicrosocks, startTinyproxy } from "../helpers/proxies.ts";
import { CA, type Origins, startOrigins } from "./servers.ts";

const MAIN = join(import.meta.dir, "..", "..", "src", "cli", "main.ts");
const work = mkdtempSync(join(tmpdir(), "multisock-cli-"));
const BODY_FILE = join(work, "body.bin");
writeFileSync(BODY_FILE, "line1\r\nline2\nbinary\x01\x02end\x00after-nul");
const COOKIE_FILE = join(work, "cookies.txt");
writeFileSync(
  COOKIE_FILE,
  "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tfsess\t1\n" +
    "127.0.0.1\tFALSE\t/cookies\tFALSE\t4102444800\tflast\t2\nSet-Cookie: fhdr=3; Domain=127.0.0.1\n",
);

/** Which client a row's arguments are made for: keys on /flaky differ per client. */
type Who = "curl" | "multisock";

interface Row {
  name: string;
  /** The row needs the loopback proxies (skipped, with the fixture's note, when one is missing). */
  proxies?: boolean;
  args: (o: Origins, who: Who) => string[];
  /** Compare the text of the error lines too (not only their codes). */
  sameMessages?: boolean;
  /** -w output with timings: each line is checked for the shape, not the value. */
  check?: (r: Run, o: Origins) => void;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Files written in the run's directory: relative path -> content. */
  files: Record<string, string>;
}

const WO = "%{http_code} %{size_download} %{num_redirects} %{url_effective} %{exitcode}\\n";

/** The proxies of the proxy rows: tinyproxy plain and with Basic auth, microsocks (SOCKS5). */
const px = { http: "", auth: "", socks: "", digest: "" };
const PXW = "%{http_code} %{http_connect} %{exitcode}\\n";

const ROWS: Row[] = [
  { name: "plain GET", args: (o) => ["-s", `${o.http}/hello`] },
  { name: "-i", args: (o) => ["-s", "-i", `${o.http}/hello`] },
  { name: "-I", args: (o) => ["-s", "-I", `${o.http}/hello`] },
  { name: "-L chain of 3", args: (o) => ["-s", "-L", `${o.http}/redir/3`] },
  { name: "-L -i shows every head", args: (o) => ["-s", "-L", "-i", `${o.http}/redir/2`] },
  {
    name: "-L --max-redirs 2 on 3 (47)",
    args: (o) => ["-sS", "-L", "--max-redirs", "2", `${o.http}/redir/3`],
    sameMessages: true,
  },
  { name: "302 not followed", args: (o) => ["-s", "-w", WO, `${o.http}/redir/1`] },
  {
    name: "-f on 404 (22)",
    args: (o) => ["-sS", "-f", `${o.http}/status/404`],
    sameMessages: true,
  },
  { name: "404 without -f", args: (o) => ["-s", "-w", WO, `${o.http}/status/404`] },
  // Authentication against the RFC Digest server (Basic and Digest offered in one header).
  {
    name: "--digest",
    args: (o) => ["-s", "--digest", "-u", "alice:s3cret", "-w", WO, `${o.digest}/d?q=1`],
  },
  {
    name: "--digest wrong password",
    args: (o) => ["-s", "--digest", "-u", "alice:no", "-w", WO, `${o.digest}/d`],
  },
  {
    name: "--digest -d (a probe, then the body)",
    args: (o) => ["-s", "--digest", "-u", "alice:s3cret", "-d", "a=1", "-w", WO, `${o.digest}/p`],
  },
  {
    name: "--anyauth picks Digest",
    args: (o) => ["-s", "--anyauth", "-u", "alice:s3cret", "-w", WO, `${o.digest}/a`],
  },
  {
    name: "--basic",
    args: (o) => ["-s", "--basic", "-u", "alice:s3cret", "-w", WO, `${o.digest}/b`],
  },
  {
    name: "--digest --no-digest is Basic",
    args: (o) => ["-s", "--digest", "--no-digest", "-u", "alice:s3cret", "-w", WO, `${o.digest}/n`],
  },
  {
    name: "--digest -f wrong password (22)",
    args: (o) => ["-sS", "-f", "--digest", "-u", "alice:no", `${o.digest}/f`],
    sameMessages: true,
  },
  { name: "no credentials: the 401", args: (o) => ["-s", "--digest", "-w", WO, `${o.digest}/x`] },
  { name: "-d twice", args: (o) => ["-s", "-d", "a=1", "-d", "b=2", `${o.http}/echo`] },
  { name: "-d @file", args: (o) => ["-s", "-d", `@${BODY_FILE}`, `${o.http}/echo`] },
  {
    name: "--data-binary @file",
    args: (o) => ["-s", "--data-binary", `@${BODY_FILE}`, `${o.http}/echo`],
  },
  { name: "--data-raw @", args: (o) => ["-s", "--data-raw", "@x", `${o.http}/echo`] },
  { name: "-H custom", args: (o) => ["-s", "-H", "X-Custom: yes", `${o.http}/echo`] },
  { name: "-X PUT", args: (o) => ["-s", "-X", "PUT", "-d", "put-body", `${o.http}/echo`] },
  { name: "-u basic", args: (o) => ["-s", "-u", "alice:secret", `${o.http}/echo`] },
  { name: "--compressed gzip", args: (o) => ["-s", "--compressed", `${o.http}/gzip`] },
  { name: "-o file", args: (o) => ["-s", "-o", "out.txt", `${o.http}/hello`] },
  { name: "-O", args: (o) => ["-s", "-O", `${o.http}/files/one.txt`] },
  {
    name: "-Z 5 URLs into files",
    args: (o) => [
      "-s",
      "-Z",
      "--output-dir",
      "dl",
      "--create-dirs",
      ...["a", "b", "c", "d", "e"].flatMap((n) => ["-O", `${o.http}/files/${n}.txt`]),
    ],
  },
  {
    name: "-Z --parallel-max 2 with -w",
    args: (o) => [
      "-s",
      "-Z",
      "--parallel-max",
      "2",
      "-w",
      "%{http_code}\\n",
      ...["a", "b", "c"].flatMap((n) => ["-o", `${n}.out`, `${o.http}/files/${n}.txt`]),
    ],
  },
  {
    name: "-m 1 on a slow endpoint (28)",
    args: (o) => ["-sS", "-m", "1", `${o.http}/slow?ms=3000`],
  },
  { name: "refused port (7)", args: () => ["-sS", "http://127.0.0.1:1/"] },
  {
    name: "unresolvable host (6)",
    args: () => ["-sS", "http://nonexistent.invalid/"],
    sameMessages: true,
  },
  {
    name: "--resolve makes it resolvable",
    args: (o) => {
      const port = new URL(o.http).port;
      return [
        "-s",
        "--resolve",
        `nonexistent.invalid:${port}:127.0.0.1`,
        "-w",
        "%{remote_ip}\\n",
        `http://nonexistent.invalid:${port}/hello`,
      ];
    },
  },
  {
    name: "--connect-to",
    args: (o) => [
      "-s",
      "--connect-to",
      `example.invalid:80:127.0.0.1:${new URL(o.http).port}`,
      "http://example.invalid/hello",
    ],
  },
  {
    name: "--retry 2 on 503 then 200",
    args: (o, who) => ["-s", "--retry", "2", `${o.http}/flaky/${who}-a`],
    check: (_r, o) => {
      expect(o.attempts.get("curl-a")).toBe(2);
      expect(o.attempts.get("multisock-a")).toBe(2);
    },
  },
  {
    name: "--retry 1 -f on 503 x3 (22)",
    args: (o, who) => ["-sS", "-f", "--retry", "1", `${o.http}/flaky/${who}-b?fails=3`],
    sameMessages: true,
    check: (_r, o) => {
      expect(o.attempts.get("curl-b")).toBe(2);
      expect(o.attempts.get("multisock-b")).toBe(2);
    },
  },
  {
    // " b=2" leads with a blank: current curl then adds none, 7.88 never did ("a=1;b=2" for "b=2").
    name: "-b strings are joined",
    args: (o) => ["-s", "-b", "a=1", "-b", " b=2", `${o.http}/cookies/show`],
  },
  {
    name: "-b with no '=' is a file",
    args: (o) => ["-s", "-b", COOKIE_FILE, `${o.http}/cookies/show`],
  },
  {
    name: "-j drops the file's session cookies",
    args: (o) => ["-s", "-j", "-b", COOKIE_FILE, `${o.http}/cookies/show`],
  },
  {
    name: "-b a missing file starts the engine empty",
    args: (o) => ["-s", "-b", "nosuchfile", "-b", "x=1", `${o.http}/cookies/show`],
  },
  { name: "-c writes the jar", args: (o) => ["-s", "-c", "jar.txt", `${o.http}/cookies/set`] },
  {
    name: '-b "" -c: two URLs share the jar',
    args: (o) => [
      "-s",
      "-b",
      "",
      "-c",
      "jar.txt",
      `${o.http}/cookies/set`,
      `${o.http}/cookies/show`,
    ],
  },
  {
    name: "-L -c: a redirect's Set-Cookie is sent on and kept",
    args: (o) => ["-s", "-L", "-c", "jar.txt", `${o.http}/cookies/redir`],
  },
  {
    name: "-b file -j -c: the jar without the session cookies",
    args: (o) => ["-s", "-j", "-b", COOKIE_FILE, "-c", "jar.txt", `${o.http}/cookies/set`],
  },
  { name: "-w the usual five", args: (o) => ["-s", "-L", "-w", WO, `${o.http}/redir/2`] },
  {
    name: "-w on failure",
    args: () => [
      "-s",
      "-w",
      "%{http_code} %{exitcode} %{errormsg}|\\n",
      "http://nonexistent.invalid/",
    ],
  },
  {
    name: "-w escapes, %%, unknown variable",
    args: (o) => [
      "-s",
      "-o",
      "x",
      "-w",
      "a\\tb\\\\n%%%{nope}%{content_type}\\n",
      `${o.http}/hello`,
    ],
  },
  {
    name: "-w timings",
    args: (o) => [
      "-s",
      "-o",
      "x",
      "-w",
      "%{time_total} %{time_connect} %{time_namelookup} %{time_starttransfer}\\n",
      `${o.http}/hello`,
    ],
    check: (r) => {
      expect(r.stdout).toMatch(/^(\d+\.\d{6} ){3}\d+\.\d{6}\n$/);
    },
  },
  {
    name: "--http2 over TLS",
    args: (o) => [
      "-s",
      "--http2",
      "--cacert",
      CA,
      "-w",
      "%{http_version} %{http_code}\\n",
      `${o.https}/hello`,
    ],
  },
  {
    name: "--http1.1 over TLS",
    args: (o) => [
      "-s",
      "--http1.1",
      "--cacert",
      CA,
      "-w",
      "%{http_version}\\n",
      `${o.https}/hello`,
    ],
  },
  {
    name: "-Z over h2: three streams on one connection",
    args: (o) => [
      "-s",
      "-Z",
      "--cacert",
      CA,
      "-w",
      "%{num_connects} %{http_version}\\n",
      ...[1, 2, 3].flatMap(() => ["-o", "/dev/null", `${o.https}/hello`]),
    ],
    check: (r) => {
      expect(r.stdout.split("\n").filter(Boolean).sort()).toEqual(["0 2", "0 2", "1 2"]);
    },
  },
  { name: "TLS without --cacert (60)", args: (o) => ["-s", `${o.https}/hello`] },
  { name: "-k", args: (o) => ["-s", "-k", `${o.https}/hello`] },
  {
    name: "-: separate options",
    args: (o) => ["-s", `${o.http}/hello`, "-:", "-d", "x=1", `${o.http}/echo`],
  },
  {
    name: "serial: exit code of the last",
    args: (o) => ["-s", "http://127.0.0.1:1/", `${o.http}/hello`],
  },
  { name: "-x forwards", proxies: true, args: (o) => ["-s", "-x", px.http, `${o.http}/hello`] },
  {
    name: "-x -p tunnels (%{http_connect})",
    proxies: true,
    args: (o) => ["-s", "-p", "-x", px.http, "-w", PXW, `${o.http}/hello`],
  },
  {
    name: "-x to https:// (CONNECT, TLS inside)",
    proxies: true,
    args: (o) => ["-s", "--cacert", CA, "-x", px.http, "-w", PXW, `${o.https}/hello`],
  },
  {
    name: "-x with auth, none given: 407",
    proxies: true,
    args: (o) => ["-s", "-o", "/dev/null", "-x", px.auth, "-w", PXW, `${o.http}/hello`],
  },
  {
    name: "-U proxy credentials",
    proxies: true,
    args: (o) => ["-s", "-U", "alice:s3cret", "-x", px.auth, `${o.http}/hello`],
  },
  {
    name: "-U -p proxy credentials through CONNECT",
    proxies: true,
    args: (o) => ["-s", "-p", "-U", "alice:s3cret", "-x", px.auth, "-w", PXW, `${o.http}/hello`],
  },
  {
    name: "--proxy-digest -U, forwarded",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-digest",
      "-U",
      "alice:s3cret",
      "-x",
      px.digest,
      "-w",
      PXW,
      `${o.http}/d`,
    ],
  },
  {
    name: "--proxy-digest -U -p, through CONNECT",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-digest",
      "-p",
      "-U",
      "alice:s3cret",
      "-x",
      px.digest,
      "-w",
      PXW,
      `${o.http}/t`,
    ],
  },
  {
    name: "--proxy-header goes to the proxy only (CONNECT), not into the tunnel",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-header",
      "X-Proxy-Only: 7",
      "--proxy-digest",
      "-p",
      "-U",
      "alice:s3cret",
      "-x",
      px.digest,
      `${o.http}/ph`,
    ],
  },
  {
    name: "--proxy-anyauth -U -p picks Digest",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-anyauth",
      "-p",
      "-U",
      "alice:s3cret",
      "-x",
      px.digest,
      `${o.http}/a`,
    ],
  },
  {
    name: "--proxy-digest with a wrong password: the 407",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-digest",
      "-U",
      "alice:nope",
      "-x",
      px.digest,
      "-w",
      PXW,
      `${o.http}/w`,
    ],
  },
  {
    name: "--proxy-basic to a Digest proxy: the 407",
    proxies: true,
    args: (o) => [
      "-s",
      "--proxy-basic",
      "-U",
      "alice:s3cret",
      "-x",
      px.digest,
      "-w",
      PXW,
      `${o.http}/b`,
    ],
  },
  {
    name: "--socks5",
    proxies: true,
    args: (o) => ["-s", "--socks5", px.socks, `${o.http}/hello`],
  },
  {
    name: "--socks5-hostname",
    proxies: true,
    args: (o) => ["-s", "--socks5-hostname", px.socks, `${o.https}/hello`, "--cacert", CA],
  },
  {
    name: "-x socks5h:// URL",
    proxies: true,
    args: (o) => ["-s", "-x", `socks5h://${px.socks}`, `${o.http}/hello`],
  },
  {
    name: "--socks4 to a SOCKS5-only proxy (97)",
    proxies: true,
    args: (o) => ["-sS", "--socks4", px.socks, `${o.http}/hello`],
  },
  {
    name: "--socks4a to a SOCKS5-only proxy (97)",
    proxies: true,
    args: (o) => ["-sS", "--socks4a", px.socks, `${o.http}/hello`],
  },
  {
    name: "--preproxy socks5 in front of -x",
    proxies: true,
    args: (o) => ["-s", "--preproxy", `socks5://${px.socks}`, "-x", px.http, `${o.http}/hello`],
  },
  {
    name: "--noproxy skips the proxy",
    args: (o) => ["-s", "--noproxy", "127.0.0.1", "-x", "http://127.0.0.1:1", `${o.http}/hello`],
  },
  { name: "-x refused (7)", args: (o) => ["-sS", "-x", "http://127.0.0.1:1", `${o.http}/hello`] },
  {
    name: "-x unresolvable (5)",
    args: (o) => ["-sS", "-x", "http://proxy.invalid:3128", `${o.http}/hello`],
    sameMessages: true,
  },
  { name: "unknown flag (2)", args: () => ["--no-such-flag"] },
  { name: "missing parameter (2)", args: () => ["-o"] },
  { name: "bad number (2)", args: () => ["-m", "soon", "http://x/"] },
];

function filesIn(
  dir: string,
  base = dir,
  out: Record<string, string> = {},
): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesIn(p, base, out);
    else out[relative(base, p)] = readFileSync(p, "latin1");
  }
  return out;
}

async function runOne(cmd: string[], dir: string): Promise<Run> {
  const p = Bun.spawn(cmd, { cwd: dir, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const [stdout, stderr, code] = await Promise.all([
    new Response(p.stdout).text(),
    new Response(p.stderr).text(),
    p.exited,
  ]);
  return { code, stdout, stderr, files: filesIn(dir) };
}

/** What may differ between the two: the program name, Date values, elapsed ms in messages. */
function norm(s: string): string {
  return s
    .replace(/^date: .*$/gim, "Date: <date>")
    .replace(/after \d+ ms/g, "after N ms")
    .replace(/after \d+ milliseconds/g, "after N milliseconds");
}
/** The "(code) message" lines of stderr, without the program name. */
function errorLines(stderr: string, withText: boolean): string[] {
  const out: string[] = [];
  for (const line of stderr.split("\n")) {
    const m = /^(?:curl|multisock): (\(\d+\)|option|no URL)(.*)$/.exec(line);
    if (m) out.push(withText || !m[1]!.startsWith("(") ? norm(m[1]! + m[2]!) : m[1]!);
  }
  return out;
}

let origins: Origins;
const results = new Map<string, { curl: Run; ours: Run }>();

let proxies: (ProxyServer | null)[] = [];
/** A Digest proxy written from RFC 7616 (it answers forwarded requests and tunnels itself). */
const digestProxy = startDigestServer({ users: { alice: "s3cret" }, proxy: true });

beforeAll(async () => {
  origins = startOrigins();
  proxies = await Promise.all([
    startTinyproxy(),
    startTinyproxy({ user: "alice", pass: "s3cret" }),
    startMicrosocks(),
  ]);
  const [tiny, auth, socks] = proxies;
  if (tiny && auth && socks) {
    px.http = tiny.url;
    px.auth = auth.url;
    px.socks = `127.0.0.1:${socks.port}`;
  }
  px.digest = digestProxy.url;
  await Promise.all(
    ROWS.map(async (row, i) => {
      if (row.proxies && px.http === "") return;
      const dirC = mkdtempSync(join(work, `c${i}-`));
      const dirM = mkdtempSync(join(work, `m${i}-`));
      const [curl, ours] = await Promise.all([
        runOne(["curl", ...row.args(origins, "curl")], dirC),
        runOne(["bun", MAIN, ...row.args(origins, "multisock")], dirM),
      ]);
      results.set(row.name, { curl, ours });
    }),
  );
}, 20_000);

afterAll(async () => {
  origins.stop();
  digestProxy.stop();
  await Promise.all(proxies.map((p) => p?.stop()));
  rmSync(work, { recursive: true, force: true });
});

describe("multisock CLI vs curl", () => {
  for (const row of ROWS) {
    test(row.name, () => {
      if (row.proxies && px.http === "") return; // a proxy binary is missing (noted by the fixture)
      const { curl, ours } = results.get(row.name)!;
      expect(ours.code).toBe(curl.code);
      if (row.check) {
        row.check(ours, origins);
        row.check(curl, origins);
      } else expect(norm(ours.stdout)).toBe(norm(curl.stdout));
      expect(ours.files).toEqual(curl.files);
      expect(errorLines(ours.stderr, row.sameMessages === true)).toEqual(
        errorLines(curl.stderr, row.sameMessages === true),
      );
    });
  }
});

test("--proxy-header reached the proxy on both CONNECTs of curl's run and of ours, and nothing else", () => {
  if (px.http === "") return;
  const seen = digestProxy.seen.filter((q) => q.target.endsWith("/ph") || q.method === "CONNECT");
  const withHeader = seen.filter((q) => q.headers["x-proxy-only"] === "7");
  expect(withHeader.length).toBe(4);
  expect(withHeader.every((q) => q.method === "CONNECT")).toBe(true);
  expect(
    digestProxy.seen.filter((q) => q.target === "/ph").map((q) => q.headers["x-proxy-only"]),
  ).toEqual([undefined, undefined]);
});
