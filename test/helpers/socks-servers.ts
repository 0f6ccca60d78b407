// Real SOCKS proxies for tests: microsocks (SOCKS5, optional username/password) and Dante's danted
// (SOCKS4 and SOCKS5, no auth), each on a free 127.0.0.1 port, allowed to connect to loopback only,
// its files in a temp dir, run under `setpriv --pdeathsig KILL` so it dies with the test process, and
// stopped by its own pid. start*() resolves null, with a note on the console once, when the binary is
// not installed.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";

export interface SocksServer extends AsyncDisposable {
  /** "microsocks" or "danted". */
  readonly name: string;
  readonly port: number;
  /** What the server wrote to stdout and stderr so far. */
  log(): string;
  /** Ends the server (SIGTERM, then SIGKILL after 3 s) and removes its dir; safe to call twice. */
  stop(): Promise<void>;
}

export interface MicrosocksOptions {
  /** `-u`/`-P`: require RFC 1929 username/password. */
  user?: string;
  password?: string;
}

const SETPRIV = Bun.which("setpriv");
const DIE_WITH_PARENT = SETPRIV === null ? [] : [SETPRIV, "--pdeathsig", "KILL"];
const READY_MS = 5000;
const BIND_ATTEMPTS = 4;

/** The binary's path, or undefined when it is not installed (MICROSOCKS_BIN / DANTED_BIN override). */
export function socksServerBinary(name: "microsocks" | "danted"): string | undefined {
  const want = process.env[name === "microsocks" ? "MICROSOCKS_BIN" : "DANTED_BIN"];
  if (want !== undefined) return existsSync(want) ? want : undefined;
  const sbin = `/usr/sbin/${name}`;
  return Bun.which(name) ?? (existsSync(sbin) ? sbin : undefined);
}

const noted = new Set<string>();
function missing(name: string): null {
  if (!noted.has(name)) {
    noted.add(name);
    console.warn(`socks-servers: ${name} is not installed; its cases are skipped`);
  }
  return null;
}

/**
 * Starts microsocks on 127.0.0.1. It connects wherever a client asks: tests only ask for loopback
 * destinations (127.0.0.1, ::1, localhost).
 */
export function startMicrosocks(opts: MicrosocksOptions = {}): Promise<SocksServer | null> {
  const bin = socksServerBinary("microsocks");
  if (bin === undefined) return Promise.resolve(missing("microsocks"));
  const auth = opts.user === undefined ? [] : ["-u", opts.user, "-P", opts.password ?? ""];
  return startWithRetry("microsocks", (port) => ({
    argv: [bin, "-i", "127.0.0.1", "-p", String(port), ...auth],
  }));
}

/**
 * Starts danted on 127.0.0.1 with no authentication, SOCKS4 and SOCKS5 CONNECT to 127.0.0.1 only:
 * anything else (127.0.0.2 included, for a "not allowed" reply) is refused by rule, so no connection
 * ever leaves the machine.
 */
export function startDanted(): Promise<SocksServer | null> {
  const bin = socksServerBinary("danted");
  if (bin === undefined) return Promise.resolve(missing("danted"));
  return startWithRetry("danted", (port, dir) => {
    const conf = join(dir, "danted.conf");
    writeFileSync(
      conf,
      [
        "logoutput: stderr",
        `internal: 127.0.0.1 port = ${port}`,
        "external: 127.0.0.1",
        "clientmethod: none",
        "socksmethod: none",
        "client pass {\n  from: 127.0.0.0/8 to: 0.0.0.0/0\n}",
        "socks pass {\n  from: 127.0.0.0/8 to: 127.0.0.1/32\n  command: connect\n  protocol: tcp\n}",
        "socks block {\n  from: 0.0.0.0/0 to: 0.0.0.0/0\n}",
        "",
      ].join("\n"),
    );
    return { argv: [bin, "-f", conf, "-p", join(dir, "danted.pid"), "-N", "1"] };
  });
}

function freePort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

const live = new Set<() => void>();
let exitHook = false;

async function startWithRetry(
  name: string,
  setup: (port: number, dir: string) => { argv: string[] },
): Promise<SocksServer> {
  let why = "";
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const r = await tryStart(name, setup);
    if (typeof r !== "string") return r;
    why = r;
  }
  throw new Error(`socks-servers: ${name} did not start: ${why}`);
}

async function tryStart(
  name: string,
  setup: (port: number, dir: string) => { argv: string[] },
): Promise<SocksServer | string> {
  const dir = mkdtempSync(join(tmpdir(), `multisock-${name}-`));
  const port = freePort();
  const { argv } = setup(port, dir);
  const proc: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn([...DIE_WITH_PARENT, ...argv], {
    cwd: dir,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  let text = "";
  const collect = async (s: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of s) text += dec.decode(chunk, { stream: true });
  };
  void collect(proc.stdout);
  void collect(proc.stderr);
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(kill);
  if (!exitHook) {
    exitHook = true;
    // A test that ends without stop() must not leave a proxy running or its dir behind.
    process.on("exit", () => {
      for (const k of live) k();
    });
  }
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      live.delete(kill);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 3000);
      await proc.exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  const server: SocksServer = {
    name,
    port,
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
