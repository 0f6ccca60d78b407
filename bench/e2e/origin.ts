// The e2e origin: nginx on loopback from bench/e2e/nginx.conf (written into a temp dir with the static
// files), or, when nginx cannot run, the Bun.serve origin of scripts/origin.ts. Both serve /bytes/<n>;
// nginx also serves them over TLS (HTTP/2 and HTTP/1.1 by ALPN) with the test certificate, for the h2 rows.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrigin } from "../../scripts/start-origin.ts";

export interface BenchOrigin {
  /** The plain HTTP/1.1 listener on 127.0.0.1. */
  port: number;
  /**
   * "https://127.0.0.1:PORT": the TLS listener (ALPN h2 and http/1.1, certificate signed by TEST_CA).
   * nginx only: undefined for the Bun.serve fallback, and then the h2 rows are skipped.
   */
  tlsOrigin?: string;
  /** What serves, with its version (goes into the report). */
  kind: string;
  /**
   * Connections accepted so far on either listener (nginx's stub_status "accepts"), counting the one
   * this query opens; undefined for the Bun.serve fallback. Peer's connections = after - before - 1.
   */
  accepted?: () => Promise<number>;
  /** Only with { accessLog: true }: nginx's access log, one line per request (log_format peer). */
  accessLog?: string;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Log every request to a file (debug runs only: it costs nginx time on every request). */
  accessLog?: boolean;
}

/** The static files nginx serves, as /bytes/<size>. */
export const FILE_SIZES = [1024, 65536, 1048576];

const TLS_DIR = join(import.meta.dir, "..", "..", "test", "fixtures", "tls");
/** The test CA that signed the TLS listener's certificate (SANs localhost, 127.0.0.1, ::1). */
export const TEST_CA = join(TLS_DIR, "ca.pem");

async function freePort(): Promise<number> {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

function nginxBinary(): string | undefined {
  return Bun.which("nginx") ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : undefined);
}

/** Reads stub_status's "accepts" over a connection of its own (Connection: close, never reused). */
async function nginxAccepted(port: number): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${port}/nginx-status`, {
    headers: { connection: "close" },
    keepalive: false,
  });
  const text = await r.text();
  const m = /server accepts handled requests\s+(\d+)/.exec(text);
  if (m === null) throw new Error(`unexpected stub_status reply: ${text.slice(0, 100)}`);
  return Number(m[1]);
}

/** Starts nginx in the foreground (a child of this process); returns why not when it cannot. */
export async function startNginx(opts: NginxOptions = {}): Promise<BenchOrigin | string> {
  const bin = nginxBinary();
  if (bin === undefined) return "nginx not installed";
  const dir = mkdtempSync(join(tmpdir(), "multisock-nginx-"));
  mkdirSync(join(dir, "www", "bytes"), { recursive: true });
  mkdirSync(join(dir, "tmp"), { recursive: true });
  for (const n of FILE_SIZES) {
    // The same bytes as scripts/origin.ts: byte i = i % 251.
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = i % 251;
    writeFileSync(join(dir, "www", "bytes", String(n)), b);
  }
  const port = await freePort();
  const tlsPort = await freePort();
  const accessLog = opts.accessLog ? join(dir, "access.log") : undefined;
  const conf = readFileSync(join(import.meta.dir, "nginx.conf"), "utf8")
    .replaceAll("@ACCESS_LOG@", accessLog === undefined ? "off" : `${accessLog} peer`)
    .replaceAll("@CERT@", join(TLS_DIR, "server.pem"))
    .replaceAll("@KEY@", join(TLS_DIR, "server-key.pem"))
    .replaceAll("@DIR@", dir)
    .replaceAll("@TLSPORT@", String(tlsPort))
    .replaceAll("@PORT@", String(port));
  writeFileSync(join(dir, "nginx.conf"), conf);
  const proc = Bun.spawn(
    [bin, "-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")],
    {
      stdout: "ignore",
      stderr: "pipe",
    },
  );
  const stop = async () => {
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await proc.exited;
    clearTimeout(t);
    rmSync(dir, { recursive: true, force: true });
  };
  const version = (() => {
    const r = Bun.spawnSync([bin, "-v"], { stdout: "pipe", stderr: "pipe" });
    return `${r.stderr.toString()}${r.stdout.toString()}`
      .trim()
      .replace(/^nginx version: nginx\//, "");
  })();
  const tlsOrigin = `https://127.0.0.1:${tlsPort}`;
  const ca = readFileSync(TEST_CA, "utf8");
  // Ready when both listeners serve the 1 KiB file (the TLS one verified against the test CA).
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && proc.exitCode === null) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/bytes/1024`);
      const b = await r.arrayBuffer();
      const t = await fetch(`${tlsOrigin}/bytes/1024`, { tls: { ca } });
      const tb = await t.arrayBuffer();
      if (r.status === 200 && b.byteLength === 1024 && t.status === 200 && tb.byteLength === 1024)
        return {
          port,
          tlsOrigin,
          kind: `nginx ${version}`,
          accepted: () => nginxAccepted(port),
          accessLog,
          stop,
        };
    } catch {
      await Bun.sleep(50);
    }
  }
  const err = proc.exitCode !== null ? await new Response(proc.stderr).text() : "not ready in 5 s";
  await stop();
  return `nginx did not start: ${err.trim().slice(0, 300)}`;
}

/**
 * nginx unless `want` is "bun"; falls back to Bun.serve (a line in `notes` says why), except when
 * `want` is "nginx", which then throws.
 */
export async function startBenchOrigin(
  want: string | undefined,
  notes: string[],
  opts: NginxOptions = {},
): Promise<BenchOrigin> {
  if (want !== "bun") {
    const n = await startNginx(opts);
    if (typeof n !== "string") return n;
    if (want === "nginx") throw new Error(n);
    notes.push(`nginx unavailable (${n}); fell back to the Bun.serve origin.`);
  }
  const o = await startOrigin();
  return { port: o.port, kind: `Bun.serve ${Bun.version} (scripts/origin.ts)`, stop: o.stop };
}
