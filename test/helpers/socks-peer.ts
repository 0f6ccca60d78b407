// A scripted raw SOCKS4/4a/5 proxy on a loopback port, for the error paths no real proxy takes on
// demand. It reads the client's messages by their wire structure (SOCKS4 request with its NULs; SOCKS5
// method offer, RFC 1929 sub-negotiation, CONNECT request), logs each one, and answers each with the
// script's next reply, whole or a byte at a time. After the CONNECT reply it closes, holds the
// connection, writes canned bytes, or relays to the requested destination when that is loopback.

import type { Socket } from "bun";
import { type LoopbackServer, type Peer, startTcpServer } from "./loopback.ts";

/** What the proxy does once the CONNECT request has its reply. */
export type AfterReply = "close" | "hold" | "tunnel" | number[];

export interface SocksPeerScript {
  /**
   * One answer per client message, in order; "close" closes instead of answering. A client message
   * with no answer left is logged and left waiting (the client fails or closes by itself).
   */
  replies: (number[] | "close")[];
  /** After the answer to the CONNECT request (default "close"); bytes are written, then closed. */
  after?: AfterReply;
  /** Writes each answer one byte at a time, this many ms apart (default: whole). */
  dribbleMs?: number;
  /** Closes once the last answer is written (or at the first message when there is none). */
  endAfterReplies?: boolean;
}

/** One connection as the proxy saw it. */
export interface SocksPeerConnection {
  /** The client's messages, each whole, in order. */
  messages: number[][];
  /** The destination of the CONNECT request, once it arrived. */
  dest?: { host: string; port: number };
  /** Bytes after the CONNECT request (the tunnel's, as the client sent them). */
  tunnel: number[];
  closed: boolean;
}

export interface SocksPeer extends Disposable {
  readonly port: number;
  readonly connections: SocksPeerConnection[];
  stop(): void;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

type Kind = "s4" | "s5-hello" | "s5-auth" | "s5-connect" | "after";

interface ConnState {
  log: SocksPeerConnection;
  kind: Kind | undefined;
  buf: number[];
  replyAt: number;
  /** Writes are serialized (dribbled answers must not interleave with what follows). */
  chain: Promise<void>;
  upstream?: Socket<undefined>;
  pending: Uint8Array[];
}

/** Starts the scripted proxy on 127.0.0.1, port 0; `script` may differ per connection (by index). */
export function startSocksPeer(
  script: SocksPeerScript | ((connection: number) => SocksPeerScript),
): SocksPeer {
  const connections: SocksPeerConnection[] = [];
  const states = new Map<Peer, ConnState>();
  const scriptFor = (i: number) => (typeof script === "function" ? script(i) : script);
  const scripts = new Map<Peer, SocksPeerScript>();
  const server: LoopbackServer = startTcpServer({
    open(peer) {
      const log: SocksPeerConnection = { messages: [], tunnel: [], closed: false };
      scripts.set(peer, scriptFor(connections.length));
      connections.push(log);
      states.set(peer, {
        log,
        kind: undefined,
        buf: [],
        replyAt: 0,
        chain: Promise.resolve(),
        pending: [],
      });
    },
    data(peer, bytes) {
      const st = states.get(peer)!;
      if (st.kind === "after") {
        st.log.tunnel.push(...bytes);
        forward(st, bytes);
        return;
      }
      st.buf.push(...bytes);
      onBytes(peer, st, scripts.get(peer)!);
    },
    drain(peer) {
      flush(peer.sock, states.get(peer)!);
    },
    close(peer) {
      const st = states.get(peer)!;
      st.log.closed = true;
      st.upstream?.end();
    },
  });
  return {
    port: server.port,
    connections,
    stop: () => {
      for (const st of states.values()) st.upstream?.terminate();
      server.stop();
    },
    [Symbol.dispose]: () => {
      for (const st of states.values()) st.upstream?.terminate();
      server.stop();
    },
  };
}

function onBytes(peer: Peer, st: ConnState, script: SocksPeerScript): void {
  for (;;) {
    st.kind ??= st.buf[0] === 4 ? "s4" : "s5-hello";
    const kind = st.kind;
    if (kind === "after") return;
    const n = messageLength(kind, st.buf);
    if (n === null || st.buf.length < n) return;
    const msg = st.buf.splice(0, n);
    st.log.messages.push(msg);
    const reply = script.replies[st.replyAt++];
    const connect = kind === "s4" || kind === "s5-connect";
    if (connect) st.log.dest = destination(kind, msg);
    if (kind === "s5-hello")
      st.kind = Array.isArray(reply) && reply[1] === 2 ? "s5-auth" : "s5-connect";
    else if (kind === "s5-auth") st.kind = "s5-connect";
    else st.kind = "after";
    if (reply === undefined) {
      if (script.endAfterReplies) st.chain = st.chain.then(() => void peer.sock.end());
      return;
    }
    if (reply === "close") {
      st.chain = st.chain.then(() => void peer.sock.end());
      return;
    }
    write(peer.sock, st, reply, script.dribbleMs);
    if (script.endAfterReplies && st.replyAt === script.replies.length) {
      st.chain = st.chain.then(() => void peer.sock.end());
      st.kind = "after";
      return;
    }
    if (connect) {
      const rest = st.buf.splice(0);
      st.log.tunnel.push(...rest);
      afterReply(peer, st, script.after ?? "close", rest);
      return;
    }
  }
}

/** The length of the client's next message of this kind, or null while too little has arrived. */
function messageLength(kind: Kind, b: number[]): number | null {
  switch (kind) {
    case "s4": {
      if (b.length < 9) return null;
      const userEnd = b.indexOf(0, 8);
      if (userEnd < 0) return null;
      const socks4a = b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] !== 0;
      if (!socks4a) return userEnd + 1;
      const hostEnd = b.indexOf(0, userEnd + 1);
      return hostEnd < 0 ? null : hostEnd + 1;
    }
    case "s5-hello":
      return b.length < 2 ? null : 2 + b[1]!;
    case "s5-auth":
      return b.length < 2 || b.length < 3 + b[1]! ? null : 3 + b[1]! + b[2 + b[1]!]!;
    case "s5-connect":
      if (b.length < 5) return null;
      if (b[3] === 1) return 10;
      if (b[3] === 4) return 22;
      if (b[3] === 3) return 4 + 1 + b[4]! + 2;
      return 6;
    default:
      return null;
  }
}

function destination(kind: Kind, m: number[]): { host: string; port: number } {
  if (kind === "s4") {
    const port = (m[2]! << 8) | m[3]!;
    const userEnd = m.indexOf(0, 8);
    if (m[4] === 0 && m[5] === 0 && m[6] === 0 && m[7] !== 0)
      return { host: latin1(m.slice(userEnd + 1, -1)), port };
    return { host: m.slice(4, 8).join("."), port };
  }
  const port = (m[m.length - 2]! << 8) | m[m.length - 1]!;
  if (m[3] === 1) return { host: m.slice(4, 8).join("."), port };
  if (m[3] === 3) return { host: latin1(m.slice(5, 5 + m[4]!)), port };
  const groups: string[] = [];
  for (let i = 4; i < 20; i += 2) groups.push(((m[i]! << 8) | m[i + 1]!).toString(16));
  const v6 = groups.join(":");
  return { host: v6 === "0:0:0:0:0:0:0:1" ? "::1" : v6, port };
}

function latin1(b: number[]): string {
  return String.fromCharCode(...b);
}

function write(sock: Socket<Peer>, st: ConnState, bytes: number[], dribbleMs?: number): void {
  st.chain = st.chain.then(async () => {
    if (dribbleMs === undefined) {
      send(sock, st, new Uint8Array(bytes));
      return;
    }
    for (const b of bytes) {
      send(sock, st, new Uint8Array([b]));
      await Bun.sleep(dribbleMs);
    }
  });
}

function send(sock: Socket<Peer>, st: ConnState, bytes: Uint8Array): void {
  if (st.pending.length > 0) {
    st.pending.push(bytes);
    return;
  }
  const n = sock.write(bytes);
  if (n < bytes.length) st.pending.push(bytes.subarray(Math.max(n, 0)));
}

function flush(sock: Socket<Peer>, st: ConnState): void {
  while (st.pending.length > 0) {
    const b = st.pending[0]!;
    const n = sock.write(b);
    if (n < b.length) {
      st.pending[0] = b.subarray(Math.max(n, 0));
      return;
    }
    st.pending.shift();
  }
}

function afterReply(peer: Peer, st: ConnState, after: AfterReply, early: number[]): void {
  if (after === "hold") return;
  if (after === "close") {
    st.chain = st.chain.then(() => void peer.sock.end());
    return;
  }
  if (Array.isArray(after)) {
    write(peer.sock, st, after);
    st.chain = st.chain.then(() => void peer.sock.end());
    return;
  }
  const dest = st.log.dest!;
  if (!LOOPBACK.has(dest.host)) {
    // Never a connection off this machine: a non-loopback destination gets the close.
    st.chain = st.chain.then(() => void peer.sock.end());
    return;
  }
  st.chain = st.chain.then(async () => {
    st.upstream = await Bun.connect({
      hostname: dest.host === "localhost" ? "127.0.0.1" : dest.host,
      port: dest.port,
      socket: {
        data(_s, bytes) {
          send(peer.sock, st, bytes);
        },
        close() {
          peer.sock.end();
        },
        error() {
          peer.sock.end();
        },
      },
    });
    if (early.length > 0) st.upstream.write(new Uint8Array(early));
  });
}

function forward(st: ConnState, bytes: Uint8Array): void {
  if (st.upstream !== undefined) st.upstream.write(bytes);
  else st.chain = st.chain.then(() => void st.upstream?.write(bytes));
}
