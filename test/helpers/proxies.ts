// Real proxies on loopback for the tests: tinyproxy (HTTP and CONNECT, optionally with Basic auth),
// squid (the same), microsocks and dante (SOCKS5, optionally with username/password). Each runs from a
// temp dir on a free port under setpriv --pdeathsig KILL, so it dies with the test process; stop()
// kills the one pid it started. A missing binary gives null (noted once), and the test skips.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

const SETPRIV = Bun.which("setpriv");
const DIE_WITH_PARENT = SETPRIV === null ? [] : [SETPRIV, "--pdeathsig", "KILL"];

/** A proxy this test started. */
export interface ProxyServer extends AsyncDisposable {
  readonly port: number;
  /** "http://127.0.0.1:port" or "socks5://127.0.0.1:port". */
  readonly url: string;
  stop(): Promise<void>;
}

const noted = new Set<string>();
const live = new Set<() => void>();
let exitHook = false;

/** The binary's path, or undefined (noted once on the console). */
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

/** Resolves once 127.0.0.1:port accepts a connection (or throws after capMs). */
async function listening(port: number, proc: Subprocess, name: string, capMs = 5000) {
  const until = Date.now() + capMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}`);
    const ok = await new Promise<boolean>((res) => {
      Bun.connect({
        hostname: "127.0.0.1",
        port,
        socket: {
          open(s) {
            s.end();
            res(true);
          },
          data() {},
          connectError() {
            res(false);
          },
        },
      }).catch(() => res(false));
    });
    if (ok) return;
    await Bun.sleep(20);
  }
  throw new Error(`${name} did not listen on ${port}`);
}

async function spawnProxy(
  name: string,
  argv: (dir: string, port: number) => string[],
  scheme: string,
): Promise<ProxyServer | null> {
  const bin = proxyBinary(name);
  if (bin === undefined) return null;
  const dir = mkdtempSync(join(tmpdir(), `multisock-${name}-`));
  const port = freePort();
  const proc = Bun.spawn([...DIE_WITH_PARENT, bin, ...argv(dir, port)], {
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
  });
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(kill);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const k of live) k();
    });
  }
  try {
    await listening(port, proc, name);
  } catch (e) {
    kill();
    live.delete(kill);
    throw e;
  }
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      live.delete(kill);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    stop,
    [Symbol.asyncDispose]: stop,
  };
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
 * dante (danted) on a free port, one process, no authentication: SOCKS4, 4a and 5. Null with a note
 * when it is missing or cannot start here (it needs root to switch to `nobody`).
 */
export async function startDante(): Promise<ProxyServer | null> {
  try {
    return await spawnProxy(
      "danted",
      (dir, port) => {
        const conf = [
          `logoutput: ${join(dir, "log")}`,
          `internal: 127.0.0.1 port = ${port}`,
          "external: 127.0.0.1",
          "clientmethod: none",
          "socksmethod: none",
          "user.privileged: root",
          "user.unprivileged: nobody",
          "client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 }",
          "socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 protocol: tcp }",
        ].join("\n");
        writeFileSync(join(dir, "danted.conf"), `${conf}\n`);
        return ["-f", join(dir, "danted.conf"), "-p", join(dir, "pid"), "-N", "1"];
      },
      "socks5",
    );
  } catch (e) {
    console.warn(`proxy fixture: danted did not start (${String(e)}); its cases are skipped`);
    return null;
  }
}
