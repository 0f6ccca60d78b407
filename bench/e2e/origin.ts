// The e2e origin: nginx on loopback from bench/e2e/nginx.conf (written into a temp dir with the static
// files), or, when nginx cannot run, the Bun.serve origin of scripts/origin.ts. Both serve /bytes/<n>.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startOrigin } from "../../scripts/start-origin.ts";

export interface BenchOrigin {
  port: number;
  /** What serves, with its version (goes into the report). */
  kind: string;
  stop(): Promise<void>;
}

/** The static files nginx serves, as /bytes/<size>. */
export const FILE_SIZES = [1024, 65536, 1048576];

async function freePort(): Promise<number> {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

function nginxBinary(): string | undefined {
  return Bun.which("nginx") ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : undefined);
}

/** Starts nginx in the foreground (a child of this process); returns why not when it cannot. */
export async function startNginx(): Promise<BenchOrigin | string> {
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
  const conf = readFileSync(join(import.meta.dir, "nginx.conf"), "utf8")
    .replaceAll("@DIR@", dir)
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
  // Ready when it serves the 1 KiB file.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && proc.exitCode === null) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/bytes/1024`);
      const b = await r.arrayBuffer();
      if (r.status === 200 && b.byteLength === 1024)
        return { port, kind: `nginx ${version}`, stop };
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
): Promise<BenchOrigin> {
  if (want !== "bun") {
    const n = await startNginx();
    if (typeof n !== "string") return n;
    if (want === "nginx") throw new Error(n);
    notes.push(`nginx unavailable (${n}); fell back to the Bun.serve origin.`);
  }
  const o = await startOrigin();
  return { port: o.port, kind: `Bun.serve ${Bun.version} (scripts/origin.ts)`, stop: o.stop };
}
