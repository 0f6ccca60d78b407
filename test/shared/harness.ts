// The world a shared multi scenario runs in: a scripted HTTP/1.1 origin and a Multi with a driver, on
// virtual time (memory-world.ts) or real loopback sockets (bun-world.ts). Scenarios see only `World`.
// Every wait is bounded (virtual steps, or a real-time cap), so a lost transfer fails instead of hanging.

import type { CURLcode, Easy, Multi } from "../../src/index.ts";

/** One request as the scripted origin parsed it. */
export interface SeenRequest {
  method: string;
  target: string;
  headers: [string, string][];
  header(name: string): string | undefined;
  /** Index of the connection it came on (accept order). */
  conn: number;
  /** Arrival order over the whole origin. */
  index: number;
}

/** The server side of one accepted connection. */
export interface ServerConn {
  /** Accept order, from 0. */
  readonly index: number;
  /** The requests that came on this connection, in order. */
  readonly requests: SeenRequest[];
  /** True once either side closed it. */
  readonly closed: boolean;
  /** True when the client closed it (the server did not). */
  readonly closedByClient: boolean;
  /** Queues bytes for the client (ignored once closed). */
  write(data: string | Uint8Array): void;
  /** Closes the server side after the queued bytes (FIN). */
  end(): void;
  /** Aborts the connection (the client sees a reset). */
  reset(): void;
}

/** What the origin does with each request. Doing nothing stalls the connection. */
export type Responder = (req: SeenRequest, conn: ServerConn) => void;

/** A running scripted origin. */
export interface Origin {
  /** "http://127.0.0.1:<port>" without a trailing slash. */
  readonly url: string;
  readonly conns: ServerConn[];
  readonly requests: SeenRequest[];
  /** Connections open right now, and the most ever open at once (as the server counts them). */
  readonly openNow: number;
  readonly peakOpen: number;
}

/** A finished transfer as the driver reported it. */
export interface Done {
  easy: Easy;
  result: CURLcode;
}

/**
 * A scripted origin plus a Multi with a driver. Times are in this world's milliseconds (virtual or
 * real); finished handles are removed from the multi as they are reported, as an application would.
 */
export interface World {
  readonly name: "memory" | "bun";
  readonly multi: Multi;
  /** Finished transfers in the order the driver reported them. */
  readonly done: Done[];
  /** Starts a scripted origin. */
  serve(responder: Responder): Origin;
  /** Runs fn after ms of this world's time, from the event loop (never inside a multi callback). */
  later(ms: number, fn: () => void): void;
  /** Lets ms pass with the loop running. */
  sleep(ms: number): Promise<void>;
  /** Runs the loop until cond() holds; rejects when it cannot (stuck, or the world's bound). */
  until(cond: () => boolean, what: string): Promise<void>;
  /** Until each handle has finished; rejects naming the ones still missing. */
  runUntilDone(handles: Easy[]): Promise<void>;
  /** The driver's own run() (kick-start, resolves when nothing runs), bounded like until(). */
  run(): Promise<void>;
  /** The result reported for easy, or undefined. */
  resultOf(easy: Easy): CURLcode | undefined;
  dispose(): void;
}

/** What a transport-specific listener gives the origin for one accepted connection. */
export interface RawConn {
  write(bytes: Uint8Array): void;
  end(): void;
  reset(): void;
}

const encoder = new TextEncoder();

/** The parts of an origin that do not depend on the transport: parsing, bookkeeping, the responder. */
export class OriginCore implements Origin {
  readonly conns: ScriptedConn[] = [];
  readonly requests: SeenRequest[] = [];
  openNow = 0;
  peakOpen = 0;
  constructor(
    readonly url: string,
    private readonly responder: Responder,
  ) {}

  /** A new connection was accepted. */
  accept(raw: RawConn): ScriptedConn {
    const c = new ScriptedConn(this.conns.length, raw, this);
    this.conns.push(c);
    this.openNow++;
    if (this.openNow > this.peakOpen) this.peakOpen = this.openNow;
    return c;
  }

  /** @internal */
  gotRequest(req: SeenRequest, conn: ScriptedConn): void {
    req.index = this.requests.length;
    this.requests.push(req);
    conn.requests.push(req);
    this.responder(req, conn);
  }
}

/** One accepted connection: reads requests (head plus a Content-Length body) in order. */
export class ScriptedConn implements ServerConn {
  readonly requests: SeenRequest[] = [];
  closed = false;
  closedByClient = false;
  private buf = "";
  constructor(
    readonly index: number,
    private readonly raw: RawConn,
    private readonly origin: OriginCore,
  ) {}

  write(data: string | Uint8Array): void {
    if (this.closed) return;
    this.raw.write(typeof data === "string" ? encoder.encode(data) : data);
  }
  end(): void {
    if (this.markClosed()) this.raw.end();
  }
  reset(): void {
    if (this.markClosed()) this.raw.reset();
  }

  /** The client's bytes arrived. */
  feed(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.buf += String.fromCharCode(bytes[i]!);
    for (;;) {
      const end = this.buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const lines = this.buf.slice(0, end).split("\r\n");
      const [method = "", target = ""] = (lines[0] ?? "").split(" ");
      const headers = lines.slice(1).map((l): [string, string] => {
        const i = l.indexOf(":");
        return [l.slice(0, i), l.slice(i + 1).trim()];
      });
      const find = (n: string) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1];
      const cl = Number(find("content-length") ?? 0);
      if (this.buf.length < end + 4 + cl) return;
      this.buf = this.buf.slice(end + 4 + cl);
      if (this.closed) return;
      const req = { method, target, headers, header: find, conn: this.index, index: -1 };
      this.origin.gotRequest(req, this);
    }
  }

  /** The client closed (or the connection broke under it). */
  clientClosed(): void {
    if (this.markClosed()) this.closedByClient = true;
  }

  /** Marks the connection closed once; false when it already was. */
  private markClosed(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.origin.openNow--;
    return true;
  }
}

/** runUntilDone on top of a world's until(): the error names the handles (by index) still missing. */
export async function finishAll(
  until: World["until"],
  done: Done[],
  handles: Easy[],
): Promise<void> {
  const missing = () => handles.filter((e) => !done.some((d) => d.easy === e));
  try {
    await until(() => missing().length === 0, "runUntilDone");
  } catch (err) {
    const idx = missing().map((e) => handles.indexOf(e));
    throw new Error(
      `${(err as Error).message}; ${idx.length} of ${handles.length} not done: [${idx}]`,
    );
  }
}

/** A response head (status 200 unless given) for a body of `length` bytes, plus extra header lines. */
export function httpHead(length: number, headers: string[] = [], status = 200): Uint8Array {
  const lines = [`HTTP/1.1 ${status} OK`, `Content-Length: ${length}`, ...headers, "", ""];
  return encoder.encode(lines.join("\r\n"));
}

/** A response with Content-Length; keep-alive unless a "Connection: close" header is given. */
export function httpResponse(
  body: string | Uint8Array,
  opts: { status?: number; headers?: string[] } = {},
): Uint8Array {
  const b = typeof body === "string" ? encoder.encode(body) : body;
  const h = httpHead(b.length, opts.headers, opts.status);
  const out = new Uint8Array(h.length + b.length);
  out.set(h);
  out.set(b, h.length);
  return out;
}

/**
 * Writes data to conn in pieces of `size` bytes, one every `everyMs` of the world's time (the first at
 * once); then() runs after the last piece. Stops quietly if the connection closed meanwhile.
 */
export function drip(
  world: World,
  conn: ServerConn,
  data: Uint8Array,
  size: number,
  everyMs: number,
  then?: () => void,
): void {
  let pos = 0;
  const next = () => {
    if (conn.closed) return;
    const end = Math.min(data.length, pos + size);
    conn.write(data.subarray(pos, end));
    pos = end;
    if (pos < data.length) world.later(everyMs, next);
    else then?.();
  };
  next();
}
