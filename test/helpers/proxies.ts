// Real proxies on loopback for the tests: tinyproxy (HTTP and CONNECT, optionally with Basic auth),
// microsocks (SOCKS5, optionally with username/password) and dante (SOCKS4, 4a and 5, loopback
// destinations only). Each runs from a temp dir on a free port under setpriv --pdeathsig KILL, so it
// dies with the test process; stop() ends the one pid it started. A missing binary gives null (noted
// once), and the test skips.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { DIE_WITH_PARENT, trackFixture } from "./fixture-process.ts";

const READY_MS = 5000;
/** A free port can be taken by someone else before the proxy binds it: a few tries. */
const BIND_ATTEMPTS = 4;

/** A proxy this test started. */
export interface ProxyServer extends AsyncDisposable {
  /** The binary's name ("tinyproxy", "microsocks", "danted"). */
  readonly name: string;
  readonly port: number;
  /** "http://127.0.0.1:port" or "socks5://127.0.0.1:port". */
  readonly url: string;
  /** What the proxy wrote to stdout and stderr so far. */
  log(): string;
  /** Ends the proxy (SIGTERM, then SIGKILL after 3 s) and removes its dir; safe to call twice. */
  stop(): Promise<void>;
}

const noted = new Set<string>();

/** The binary's path (also found in /usr/sbin), or undefined (noted once on the console). */
export function proxyBinary(name: string): string | undefined {
  const p = Bun.which(name) ?? Bun.which(name, { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" });
  if (p === null || p === undefined) {
    if (!noted.has(name)) {
      noted.add(name);
      console.warn(`proxy fixture: ${name} is not installed; its cases are skipped`);
    }
    return undefined;
  }
  return p;
}

function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = l.port;
  l.stop(true);
  return p;
}

/** True when a TCP connect to 127.0.0.1:port succeeds (closed at once). */
async function accepts(port: number): Promise<boolean> {
  try {
    const s = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    s.end();
    return true;
  } catch {
    return false;
  }
}

/** Starts `name` (argv from its temp dir and port) until it listens; null when not installed. */
async function spawnProxy(
  name: string,
  argv: (dir: string, port: number) => string[],
  scheme: string,
): Promise<ProxyServer | null> {
  const bin = proxyBinary(name);
  if (bin === undefined) return null;
  let why = "";
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const r = await tryStart(name, bin, argv, scheme);
    if (typeof r !== "string") return r;
    why = r;
  }
  throw new Error(`proxy fixture: ${name} did not start: ${why}`);
}

async function tryStart(
  name: string,
  bin: string,
  argv: (dir: string, port: number) => string[],
  scheme: string,
): Promise<ProxyServer | string> {
  const dir = mkdtempSync(join(tmpdir(), `multisock-${name}-`));
  const port = freePort();
  const proc: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(
    [...DIE_WITH_PARENT, bin, ...argv(dir, port)],
    { cwd: dir, stdin: "ignore", stdout: "pipe", stderr: "pipe" },
  );
  let text = "";
  const collect = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) text += dec.decode(chunk, { stream: true });
  };
  void collect(proc.stdout);
  void collect(proc.stderr);
  const stop = trackFixture(proc, dir);
  const server: ProxyServer = {
    name,
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    log: () => text,
    stop,
    [Symbol.asyncDispose]: stop,
  };
  const deadline = performance.now() + READY_MS;
  while (performance.now() < deadline && proc.exitCode === null) {
    if (await accepts(port)) return server;
    await Bun.sleep(20);
  }
  const exited = proc.exitCode !== null;
  await stop();
  return exited ? `exited ${proc.exitCode}: ${text.slice(0, 600)}` : `not ready in ${READY_MS} ms`;
}

/** tinyproxy on a free port: forwards and tunnels to any port; Basic auth when `auth` is given. */
export function startTinyproxy(auth?: { user: string; pass: string }) {
  return spawnProxy(
    "tinyproxy",
    (dir, port) => {
      const conf = [
        `Port ${port}`,
        "Listen 127.0.0.1",
        "Timeout 30",
        "MaxClients 64",
        "Allow 127.0.0.1",
        "DisableViaHeader Yes",
        "LogLevel Critical",
        `LogFile "${join(dir, "log")}"`,
        auth ? `BasicAuth ${auth.user} ${auth.pass}` : "",
      ].join("\n");
      writeFileSync(join(dir, "tinyproxy.conf"), `${conf}\n`);
      return ["-d", "-c", join(dir, "tinyproxy.conf")];
    },
    "http",
  );
}

/** microsocks (SOCKS5) on a free port; username/password auth when `auth` is given. */
export function startMicrosocks(auth?: { user: string; pass: string }) {
  return spawnProxy(
    "microsocks",
    (_dir, port) => [
      "-i",
      "127.0.0.1",
      "-p",
      String(port),
      ...(auth ? ["-u", auth.user, "-P", auth.pass] : []),
    ],
    "socks5",
  );
}

/**
 * dante (danted) on a free port, one process, no authentication: SOCKS4, 4a and 5 CONNECT to
 * 127.0.0.1 only. Anything else (127.0.0.2 included, for a "not allowed" reply) is refused by rule,
 * so no connection ever leaves the machine. Null with a note when it is missing or cannot start here.
 */
export async function startDante(): Promise<ProxyServer | null> {
  try {
    return await spawnProxy(
      "danted",
      (dir, port) => {
        const conf = [
          "logoutput: stderr",
          `internal: 127.0.0.1 port = ${port}`,
          "external: 127.0.0.1",
          "clientmethod: none",
          "socksmethod: none",
          "client pass {\n  from: 127.0.0.0/8 to: 0.0.0.0/0\n}",
          "socks pass {\n  from: 127.0.0.0/8 to: 127.0.0.1/32\n  command: connect\n  protocol: tcp\n}",
          "socks block {\n  from: 0.0.0.0/0 to: 0.0.0.0/0\n}",
        ].join("\n");
        writeFileSync(join(dir, "danted.conf"), `${conf}\n`);
        return ["-f", join(dir, "danted.conf"), "-p", join(dir, "danted.pid"), "-N", "1"];
      },
      "socks5",
    );
  } catch (e) {
    console.warn(`proxy fixture: danted did not start (${String(e)}); its cases are skipped`);
    return null;
  }
}
