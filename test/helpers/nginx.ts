// A real nginx for HTTP/2 tests: test/fixtures/nginx/h2.conf run in the foreground from a temp dir
// (pid, logs, temp paths and the served files all inside it), on four free loopback ports: h2 over
// TLS, prior-knowledge h2c, HTTP/1.1 over TLS and plain HTTP/1.1, with the same locations on each.
// startNginx() resolves null when nginx is not installed; `await using` or stop() ends it and
// removes the dir.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { DIE_WITH_PARENT, trackFixture } from "./fixture-process.ts";
import { TEST_CA } from "./loopback.ts";

const CONF = join(import.meta.dir, "..", "fixtures", "nginx", "h2.conf");
const TLS = join(import.meta.dir, "..", "fixtures", "tls");
/** The CA that signed the fixture's certificate (SANs localhost, 127.0.0.1, ::1): CURLOPT_CAINFO. */
export const NGINX_CA = TEST_CA;

/** The sizes served as /bytes/N (and /slow/N). */
export const NGINX_FILE_SIZES = [0, 1, 1024, 16384, 65536, 100000, 1048576, 4194304] as const;
/** A text file served gzip-encoded (gzip_static) when Accept-Encoding allows gzip. */
export const GZIP_PATH = "/gzip/text.txt";
/** nginx's own defaults in 1.22, used when the options leave them out. */
const DEFAULT_MAX_STREAMS = 128;
const DEFAULT_KEEPALIVE_REQUESTS = 1000;
/** Attempts with fresh ports when nginx cannot bind (another process took a port meanwhile). */
const BIND_ATTEMPTS = 4;
const READY_MS = 5000;

/** Which listener: h2 over TLS, h2c (prior knowledge), HTTP/1.1 over TLS, plain HTTP/1.1. */
export type NginxPort = "tls" | "h2c" | "h1tls" | "h1";

export interface NginxOptions {
  /** http2_max_concurrent_streams (nginx's default 128). */
  maxConcurrentStreams?: number;
  /** keepalive_requests: requests per connection, h1 and h2 alike (nginx's default 1000). */
  keepaliveRequests?: number;
}

/** One access-log line, parsed (the `fixture` log_format of h2.conf). */
export interface AccessEntry {
  /** $connection: the connection's serial number; equal values mean one connection. */
  connection: number;
  /** $connection_requests: this request's number on its connection, from 1. */
  connectionRequests: number;
  port: number;
  /** $server_protocol: "HTTP/2.0", "HTTP/1.1", "HTTP/1.0". */
  protocol: string;
  status: number;
  method: string;
  uri: string;
  /** $request_length: request line or pseudo-headers, header fields and body, in bytes. */
  requestLength: number;
  bodyBytesSent: number;
}

export interface NginxServer extends AsyncDisposable {
  /** The temp dir nginx runs in (removed by stop()). */
  readonly dir: string;
  /** e.g. "1.22.1". */
  readonly version: string;
  /** `listen ssl http2`: ALPN offers h2 and http/1.1. */
  readonly tlsPort: number;
  /** `listen http2` without TLS: h2c with prior knowledge only (no Upgrade). */
  readonly h2cPort: number;
  /** `listen ssl`: HTTP/1.1 over TLS, ALPN http/1.1 only. */
  readonly h1TlsPort: number;
  /** Plain HTTP/1.1. */
  readonly h1Port: number;
  port(kind: NginxPort): number;
  /** e.g. url("tls", "/bytes/1024") = "https://127.0.0.1:<tlsPort>/bytes/1024". */
  url(kind: NginxPort, path: string): string;
  /** The error log so far (level info: client-side protocol errors appear here). */
  errorLog(): string;
  /** The access log so far, one line per finished request (written when nginx finalizes it). */
  accessLog(): string[];
  /** accessLog(), parsed. */
  accessEntries(): AccessEntry[];
  /** Kills nginx and removes its dir; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * The nginx binary, or undefined when it is not installed. NGINX_BIN names another one (a path that
 * does not exist checks the skip path, as ORACLE_LIBCURL does for libcurl).
 */
export function nginxBinary(): string | undefined {
  const want = process.env.NGINX_BIN;
  if (want !== undefined) return existsSync(want) ? want : undefined;
  return Bun.which("nginx") ?? (existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : undefined);
}

/** The content of /bytes/N: byte i = i % 251 (the same bytes as bench/e2e and scripts/origin.ts). */
export function fixtureBytes(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

/** The plain text behind GZIP_PATH (55,000 bytes; 2,635 gzipped). */
export function gzipText(): string {
  let s = "";
  for (let i = 0; i < 1000; i++)
    s += `line ${String(i).padStart(4, "0")}: the quick brown fox jumps over the lazy dog\n`;
  return s;
}

/**
 * setpriv (util-linux) execs nginx with PR_SET_PDEATHSIG: a test process killed by a signal, whose
 * exit hook never runs, does not leave nginx behind. Without setpriv only the exit hook guards.
 */

let notedMissing = false;

/** Starts nginx on free loopback ports; null (noted once on the console) when nginx is missing. */
export async function startNginx(opts: NginxOptions = {}): Promise<NginxServer | null> {
  const bin = nginxBinary();
  if (bin === undefined) {
    if (!notedMissing) {
      notedMissing = true;
      console.warn("nginx fixture: nginx is not installed; the nginx cases are skipped");
    }
    return null;
  }
  const version = nginxVersion(bin);
  let lastError = "";
  for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
    const r = await tryStart(bin, version, opts);
    if (typeof r !== "string") return r;
    lastError = r;
    // Only a port taken between our probe and nginx's bind() is worth another attempt.
    if (!r.includes("Address already in use")) break;
  }
  throw new Error(`nginx fixture: nginx did not start: ${lastError}`);
}

function nginxVersion(bin: string): string {
  const r = Bun.spawnSync([bin, "-v"], { stdout: "pipe", stderr: "pipe" });
  const text = `${r.stderr.toString()}${r.stdout.toString()}`.trim();
  return text.replace(/^nginx version: nginx\//, "");
}

/** n distinct free ports: all held open at once (so they differ), then released for nginx. */
function freePorts(n: number): number[] {
  const ls = Array.from({ length: n }, () =>
    Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } }),
  );
  const ports = ls.map((l) => l.port);
  for (const l of ls) l.stop(true);
  return ports;
}

function writeFiles(dir: string): void {
  const www = join(dir, "www");
  mkdirSync(join(www, "bytes"), { recursive: true });
  mkdirSync(join(www, "gzip"), { recursive: true });
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const big = fixtureBytes(NGINX_FILE_SIZES[NGINX_FILE_SIZES.length - 1]!);
  for (const n of NGINX_FILE_SIZES)
    writeFileSync(join(www, "bytes", String(n)), big.subarray(0, n));
  const text = gzipText();
  writeFileSync(join(www, GZIP_PATH), text);
  writeFileSync(join(www, `${GZIP_PATH}.gz`), Bun.gzipSync(Buffer.from(text), { level: 9 }));
}

async function tryStart(
  bin: string,
  version: string,
  opts: NginxOptions,
): Promise<NginxServer | string> {
  const dir = mkdtempSync(join(tmpdir(), "multisock-nginx-h2-"));
  writeFiles(dir);
  const [tlsPort, h2cPort, h1TlsPort, h1Port] = freePorts(4) as [number, number, number, number];
  const conf = readFileSync(CONF, "utf8")
    .replaceAll("@DIR@", dir)
    .replaceAll("@TLS_PORT@", String(tlsPort))
    .replaceAll("@H2C_PORT@", String(h2cPort))
    .replaceAll("@H1TLS_PORT@", String(h1TlsPort))
    .replaceAll("@H1_PORT@", String(h1Port))
    .replaceAll("@CERT@", join(TLS, "server.pem"))
    .replaceAll("@KEY@", join(TLS, "server-key.pem"))
    .replaceAll("@MAX_STREAMS@", String(opts.maxConcurrentStreams ?? DEFAULT_MAX_STREAMS))
    .replaceAll(
      "@KEEPALIVE_REQUESTS@",
      String(opts.keepaliveRequests ?? DEFAULT_KEEPALIVE_REQUESTS),
    );
  const confPath = join(dir, "nginx.conf");
  writeFileSync(confPath, conf);
  const errorPath = join(dir, "error.log");
  const accessPath = join(dir, "access.log");
  const proc: Subprocess<"ignore", "ignore", "pipe"> = Bun.spawn(
    [...DIE_WITH_PARENT, bin, "-p", dir, "-c", confPath, "-e", errorPath],
    { stdin: "ignore", stdout: "ignore", stderr: "pipe" },
  );
  const stop = trackFixture(proc, dir);
  const read = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : "");
  const accessLog = () => read(accessPath).split("\n").filter(Boolean);
  const ports: Record<NginxPort, number> = {
    tls: tlsPort,
    h2c: h2cPort,
    h1tls: h1TlsPort,
    h1: h1Port,
  };
  const server: NginxServer = {
    dir,
    version,
    tlsPort,
    h2cPort,
    h1TlsPort,
    h1Port,
    port: (kind) => ports[kind],
    url: (kind, path) =>
      `${kind === "tls" || kind === "h1tls" ? "https" : "http"}://127.0.0.1:${ports[kind]}${path}`,
    errorLog: () => read(errorPath),
    accessLog,
    accessEntries: () => accessLog().map(parseAccessLine),
    stop,
    [Symbol.asyncDispose]: stop,
  };
  // nginx binds every listener before its event loop runs: once h1Port accepts, all of them do.
  const deadline = performance.now() + READY_MS;
  while (performance.now() < deadline && proc.exitCode === null) {
    if (await answers(h1Port)) return server;
    await Bun.sleep(20);
  }
  const why =
    proc.exitCode !== null
      ? `${await new Response(proc.stderr).text()}\n${read(errorPath)}`.trim()
      : `not ready in ${READY_MS} ms`;
  await stop();
  return why.slice(0, 600);
}

/** True when a TCP connect to the port succeeds (closed at once; nginx logs no request for it). */
async function answers(port: number): Promise<boolean> {
  try {
    const sock = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
    sock.end();
    return true;
  } catch {
    return false;
  }
}

/** Parses one line of the `fixture` log_format; throws on a line of another shape. */
export function parseAccessLine(line: string): AccessEntry {
  const m = /^(\d+) (\d+) (\d+) (\S+) (\d+) (\S+) "([^"]*)" (\d+) (\d+)$/.exec(line);
  if (m === null)
    throw new Error(`nginx fixture: unexpected access log line ${JSON.stringify(line)}`);
  return {
    connection: Number(m[1]),
    connectionRequests: Number(m[2]),
    port: Number(m[3]),
    protocol: m[4]!,
    status: Number(m[5]),
    method: m[6]!,
    uri: m[7]!,
    requestLength: Number(m[8]),
    bodyBytesSent: Number(m[9]),
  };
}
