// A scripted raw TCP server on 127.0.0.1 port 0 for the oracle: for each complete request it reads
// (head, plus a Content-Length body), it plays the script registered for the request's path: byte
// chunks with optional delays, then keep the connection for the next request, close it, half-close
// it or reset it. Stateless per path, so libcurl and multisock can be served at the same time.

import type { Socket, TCPSocketListener } from "bun";

/** What the server does after the last chunk of a response. */
export type EndAction = "keep" | "close" | "halfclose" | "reset";

/** One scripted response. */
export interface ResponseScript {
  /** The bytes, written one chunk per write. */
  chunks: Uint8Array[];
  /** Milliseconds to wait before each chunk (missing entries: 0, written at once). */
  delays?: number[];
  end: EndAction;
}

interface Conn {
  buf: Uint8Array;
  len: number;
  busy: boolean;
  done: boolean;
  /** Bytes the kernel has not taken yet, written again on drain. */
  out: Uint8Array | null;
  /** Armed when a head has arrived but its declared body has not: answer anyway when it fires. */
  bodyWait: ReturnType<typeof setTimeout> | undefined;
  /** The body wait expired: take the request with the bytes there are. */
  gaveUp: boolean;
  /** Runs once `out` is empty. */
  afterDrain: (() => void) | null;
  timers: Set<ReturnType<typeof setTimeout>>;
}

const CRLFCRLF = [13, 10, 13, 10];

function findHeadEnd(b: Uint8Array, len: number): number {
  outer: for (let i = 0; i + 4 <= len; i++) {
    for (let j = 0; j < 4; j++) if (b[i + j] !== CRLFCRLF[j]) continue outer;
    return i + 4;
  }
  return -1;
}

const latin1 = new TextDecoder("latin1");
const BODY_WAIT_MS = 150;
const LAST_CHUNK = [13, 10, 48, 13, 10, 13, 10]; // "\r\n0\r\n\r\n"

/** Offset just past the first `seq` in b[from, len), or -1. */
function findSeq(b: Uint8Array, len: number, seq: number[], from: number): number {
  outer: for (let i = Math.max(0, from); i + seq.length <= len; i++) {
    for (let j = 0; j < seq.length; j++) if (b[i + j] !== seq[j]) continue outer;
    return i + seq.length;
  }
  return -1;
}

/** A running oracle server; `stop()` closes the listener and every connection. */
export class RawServer {
  readonly port: number;
  readonly hostname = "127.0.0.1";
  /** Requests seen, as "METHOD path" (for debugging a case). */
  readonly log: string[] = [];
  /** Raw requests (head and body, latin1) by first path segment ("/m12-abc/"), in arrival order. */
  readonly requests = new Map<string, string[]>();
  private readonly scripts = new Map<string, ResponseScript>();
  private readonly socks = new Set<Socket<Conn>>();
  private readonly listener: TCPSocketListener<Conn>;

  constructor() {
    this.listener = Bun.listen<Conn>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open: (s) => {
          s.data = {
            buf: new Uint8Array(1024),
            len: 0,
            busy: false,
            done: false,
            out: null,
            bodyWait: undefined,
            gaveUp: false,
            afterDrain: null,
            timers: new Set(),
          };
          this.socks.add(s);
        },
        data: (s, d) => this.onData(s, d),
        drain: (s) => this.onDrain(s),
        close: (s) => this.forget(s),
        error: (s) => this.forget(s),
      },
    });
    this.port = this.listener.port;
  }

  /** Base URL of the server ("http://127.0.0.1:PORT"). */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Serves `script` to every request for `path` (e.g. "/a"); any other path gets a 404. */
  set(path: string, script: ResponseScript): void {
    this.scripts.set(path, script);
  }

  delete(path: string): void {
    this.scripts.delete(path);
  }

  /** The requests seen under `dir` (and forgets them). */
  takeRequests(dir: string): string[] {
    const r = this.requests.get(dir) ?? [];
    this.requests.delete(dir);
    return r;
  }

  clear(): void {
    this.scripts.clear();
    this.log.length = 0;
  }

  stop(): void {
    for (const s of this.socks) {
      for (const t of s.data.timers) clearTimeout(t);
      s.terminate();
    }
    this.socks.clear();
    this.listener.stop(true);
  }

  private forget(s: Socket<Conn>): void {
    if (s.data) {
      s.data.done = true;
      for (const t of s.data.timers) clearTimeout(t);
    }
    this.socks.delete(s);
  }

  private onData(s: Socket<Conn>, d: Uint8Array): void {
    const c = s.data;
    if (c.done) return;
    if (c.len + d.length > c.buf.length) {
      const g = new Uint8Array(Math.max(c.buf.length * 2, c.len + d.length));
      g.set(c.buf.subarray(0, c.len));
      c.buf = g;
    }
    c.buf.set(d, c.len);
    c.len += d.length;
    this.pump(s);
  }

  // Starts the next response if a whole request is buffered and none is being played.
  private pump(s: Socket<Conn>): void {
    const c = s.data;
    if (c.busy || c.done) return;
    const headEnd = findHeadEnd(c.buf, c.len);
    if (headEnd < 0) return;
    const head = latin1.decode(c.buf.subarray(0, headEnd));
    let need: number;
    if (/\r\ntransfer-encoding:[^\r\n]*chunked/i.test(head)) {
      // A chunked request body (small in the oracle): up to the last chunk and its empty trailer.
      need = findSeq(c.buf, c.len, LAST_CHUNK, headEnd - 2);
    } else {
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      need = headEnd + (m ? Number(m[1]) : 0);
    }
    if (need < 0 || c.len < need) {
      // A client may announce a body it never sends (a user Content-Length or Transfer-Encoding
      // on a HEAD): answer after BODY_WAIT_MS with what has arrived, like a lenient server.
      if (!c.gaveUp) {
        if (c.bodyWait === undefined) {
          const t = setTimeout(() => {
            c.timers.delete(t);
            c.bodyWait = undefined;
            c.gaveUp = true;
            this.pump(s);
          }, BODY_WAIT_MS);
          c.bodyWait = t;
          c.timers.add(t);
        }
        return;
      }
      need = need < 0 ? c.len : Math.min(need, c.len);
    }
    if (c.bodyWait !== undefined) {
      clearTimeout(c.bodyWait);
      c.timers.delete(c.bodyWait);
      c.bodyWait = undefined;
    }
    c.gaveUp = false;
    const raw = latin1.decode(c.buf.subarray(0, need));
    c.buf.copyWithin(0, need, c.len);
    c.len -= need;
    const line = head.slice(0, head.indexOf("\r\n"));
    const [method = "", target = ""] = line.split(" ");
    const path = target.replace(/^https?:\/\/[^/]+/, "");
    this.log.push(`${method} ${path}`);
    const dir = path.slice(0, path.indexOf("/", 1) + 1);
    const seen = this.requests.get(dir);
    if (seen) seen.push(raw);
    else this.requests.set(dir, [raw]);
    const script = this.scripts.get(path) ?? {
      chunks: [new TextEncoder().encode("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")],
      end: "keep" as const,
    };
    c.busy = true;
    this.play(s, script, 0);
  }

  private play(s: Socket<Conn>, script: ResponseScript, i: number): void {
    const c = s.data;
    if (c.done) return;
    if (i >= script.chunks.length) {
      this.finish(s, script.end);
      return;
    }
    const delay = script.delays?.[i] ?? 0;
    const go = () => {
      if (c.done) return;
      this.send(s, script.chunks[i]!, () => this.play(s, script, i + 1));
    };
    if (delay > 0) {
      const t = setTimeout(() => {
        c.timers.delete(t);
        go();
      }, delay);
      c.timers.add(t);
    } else go();
  }

  private send(s: Socket<Conn>, bytes: Uint8Array, then: () => void): void {
    const n = s.write(bytes);
    if (n >= bytes.length) {
      then();
      return;
    }
    s.data.out = bytes.subarray(Math.max(n, 0));
    s.data.afterDrain = then;
  }

  private onDrain(s: Socket<Conn>): void {
    const c = s.data;
    if (c.out === null || c.done) return;
    const rest = c.out;
    const then = c.afterDrain!;
    c.out = null;
    c.afterDrain = null;
    this.send(s, rest, then);
  }

  private finish(s: Socket<Conn>, end: EndAction): void {
    const c = s.data;
    switch (end) {
      case "keep":
        c.busy = false;
        this.pump(s);
        return;
      case "close":
        c.done = true;
        s.end();
        return;
      case "halfclose":
        // Our write side ends; the client's request bytes are still read (and ignored).
        c.done = true;
        s.shutdown();
        return;
      case "reset":
        c.done = true;
        s.terminate();
        return;
    }
  }
}
