// Scripted raw servers on real loopback sockets for transport tests: TCP, TLS (test/fixtures/tls) and
// Unix, always on port 0 / a fresh temp path; `using` or stop() closes the listener and every peer.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Socket, SocketListener } from "bun";

const FIXTURES = join(import.meta.dir, "..", "fixtures", "tls");
/** The test CA (PEM path) that signed the "localhost" server certificate. */
export const TEST_CA = join(FIXTURES, "ca.pem");
/** That certificate and its key, as Bun.serve's and Bun.listen's `tls` take them. */
export const TEST_TLS = {
  cert: readFileSync(join(FIXTURES, "server.pem"), "utf8"),
  key: readFileSync(join(FIXTURES, "server-key.pem"), "utf8"),
};

/** One accepted connection as the server sees it. */
export class Peer {
  /** Everything received, in order. */
  readonly chunks: Uint8Array[] = [];
  bytes = 0;
  closed = false;
  /** The server's side of the connection; undefined before open. */
  sock!: Socket<Peer>;
  /** The received bytes as latin1 text. */
  text(): string {
    let s = "";
    for (const c of this.chunks) for (let i = 0; i < c.length; i++) s += String.fromCharCode(c[i]!);
    return s;
  }
}

/** What the server does; every hook is optional (default: accept, read, never write). */
export interface ServerScript {
  open?(peer: Peer): void;
  data?(peer: Peer, bytes: Uint8Array): void;
  drain?(peer: Peer): void;
  close?(peer: Peer): void;
}

/** A running loopback server. */
export interface LoopbackServer extends Disposable {
  readonly hostname: string;
  readonly port: number;
  /** The socket path for a Unix server. */
  readonly unix: string | undefined;
  /** Accepted connections in order. */
  readonly peers: Peer[];
  stop(): void;
}

function handlersFor(script: ServerScript, peers: Peer[]) {
  return {
    open(sock: Socket<Peer>) {
      const p = sock.data;
      p.sock = sock;
      peers.push(p);
      script.open?.(p);
    },
    data(sock: Socket<Peer>, bytes: Uint8Array) {
      const p = sock.data;
      p.chunks.push(bytes);
      p.bytes += bytes.length;
      script.data?.(p, bytes);
    },
    drain(sock: Socket<Peer>) {
      script.drain?.(sock.data);
    },
    close(sock: Socket<Peer>) {
      sock.data.closed = true;
      script.close?.(sock.data);
    },
    error() {},
  };
}

function wrap(
  listener: SocketListener<Peer>,
  peers: Peer[],
  info: { hostname: string; port: number; unix?: string },
  cleanup?: () => void,
): LoopbackServer {
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    listener.stop(true);
    for (const p of peers) if (!p.closed) p.sock.terminate();
    cleanup?.();
  };
  return {
    hostname: info.hostname,
    port: info.port,
    unix: info.unix,
    peers,
    stop,
    [Symbol.dispose]: stop,
  };
}

// Bun.listen's data is per listener; each accepted socket gets its own Peer through open().
function listenTcp(
  hostname: string,
  script: ServerScript,
  tls: object | undefined,
): LoopbackServer {
  const peers: Peer[] = [];
  const h = handlersFor(script, peers);
  const l = Bun.listen<Peer>({
    hostname,
    port: 0,
    tls,
    socket: {
      ...h,
      open(sock) {
        sock.data = new Peer();
        h.open(sock);
      },
    },
    data: undefined as unknown as Peer,
  });
  return wrap(l, peers, { hostname, port: l.port });
}

/** A plain TCP server on hostname (default 127.0.0.1), port 0. */
export function startTcpServer(script: ServerScript = {}, hostname = "127.0.0.1"): LoopbackServer {
  return listenTcp(hostname, script, undefined);
}

/** A TLS server with the "localhost" test certificate (SANs localhost, 127.0.0.1, ::1). */
export function startTlsServer(script: ServerScript = {}, hostname = "127.0.0.1"): LoopbackServer {
  return listenTcp(hostname, script, TEST_TLS);
}

/** A Unix socket server at a fresh temp path (removed on stop). */
export function startUnixServer(script: ServerScript = {}): LoopbackServer {
  const dir = mkdtempSync(join(tmpdir(), "multisock-"));
  const path = join(dir, "s.sock");
  const peers: Peer[] = [];
  const h = handlersFor(script, peers);
  const l = Bun.listen<Peer>({
    unix: path,
    socket: {
      ...h,
      open(sock) {
        sock.data = new Peer();
        h.open(sock);
      },
    },
    data: undefined as unknown as Peer,
  });
  return wrap(l, peers, { hostname: "", port: 0, unix: path }, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
}

/** A port on 127.0.0.1 that refuses connections (bound once, then closed). */
export function refusedPort(): number {
  const l = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = l.port;
  l.stop(true);
  return port;
}

/** Resolves when cond() holds, polling every ms; rejects after capMs so a broken test fails fast. */
export async function until(cond: () => boolean, what = "condition", capMs = 5000): Promise<void> {
  const end = performance.now() + capMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out after ${capMs} ms waiting for ${what}`);
    await Bun.sleep(1);
  }
}
