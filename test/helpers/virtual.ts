// Test kit for the engine in virtual time: a manual clock, the in-memory network, a Multi on it, and a
// tiny driver that plays the application (records every socket and timer callback, delivers readiness).

import {
  CURL_POLL_IN,
  CURL_POLL_INOUT,
  CURL_POLL_OUT,
  CURL_POLL_REMOVE,
  CURL_SOCKET_TIMEOUT,
} from "../../src/constants/index.ts";
import type { Easy } from "../../src/easy/easy.ts";
import type { CURLMsg } from "../../src/multi/messages.ts";
import { Multi, type MultiEnv } from "../../src/multi/multi.ts";
import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork, type PeerSocket } from "../../src/transport/memory/network.ts";

export const POLL_NAMES: Record<number, string> = {
  [CURL_POLL_IN]: "IN",
  [CURL_POLL_OUT]: "OUT",
  [CURL_POLL_INOUT]: "INOUT",
  [CURL_POLL_REMOVE]: "REMOVE",
};

export interface World {
  clock: ManualClock;
  sched: Scheduler;
  net: MemoryNetwork;
  multi: Multi;
  driver: VirtualDriver;
}

/** A fresh virtual world. `resolver` makes the name resolver (default: literals and localhost only). */
export function makeWorld(
  opts: { resolver?: (t: MemoryNetwork) => MultiEnv["resolver"]; noDriver?: boolean } = {},
): World {
  const clock = new ManualClock(1000);
  const sched = new Scheduler(clock);
  const net = new MemoryNetwork(clock, sched);
  const multi = new Multi({ clock, transport: net.transport, resolver: opts.resolver?.(net) });
  const driver = new VirtualDriver(multi, clock, sched, net, !opts.noDriver);
  return { clock, sched, net, multi, driver };
}

/** Plays the application's event loop in virtual time. */
export class VirtualDriver {
  /** Every callback in order: "sock <s> <WHAT>", "timer <ms>". */
  readonly log: string[] = [];
  /** Absolute virtual time the application's timer fires, or null when deleted. */
  timerAt: number | null = null;
  /** Messages read after every action, in order. */
  readonly done: CURLMsg[] = [];
  /** The last CURLMcode socketAction returned that was not CURLM_OK, for assertions. */
  lastRc = 0;
  /** Run assertInvariants() after every action. */
  checkInvariants = true;

  constructor(
    readonly multi: Multi,
    readonly clock: ManualClock,
    readonly sched: Scheduler,
    readonly net: MemoryNetwork,
    install: boolean,
  ) {
    if (!install) return;
    multi.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      this.log.push(`sock ${s} ${POLL_NAMES[what] ?? what}`);
      multi.poller.watch(s, what);
      return 0;
    });
    multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      this.log.push(`timer ${ms}`);
      this.timerAt = ms < 0 ? null : this.clock.now() + ms;
      return 0;
    });
    multi.poller.onReady = (s, ev) => this.action(s, ev);
  }

  /** socketAction plus the bookkeeping every test wants. */
  action(s: number, ev: number): number {
    const rc = this.multi.socketAction(s, ev);
    if (rc !== 0) this.lastRc = rc;
    for (let m = this.multi.infoRead(); m !== undefined; m = this.multi.infoRead())
      this.done.push(m);
    if (this.checkInvariants) this.multi.assertInvariants();
    return rc;
  }

  /** One step of the loop: readiness first, then the timer, then due network events, then time moves. */
  step(): boolean {
    if (this.net.transport.poller.dispatch() > 0) return true;
    if (this.timerAt !== null && this.timerAt <= this.clock.now()) {
      this.timerAt = null;
      this.action(CURL_SOCKET_TIMEOUT, 0);
      return true;
    }
    if (this.sched.runDue() > 0) return true;
    const next = Math.min(this.timerAt ?? Number.POSITIVE_INFINITY, this.sched.next());
    if (next === Number.POSITIVE_INFINITY) return false;
    this.clock.advanceTo(next);
    return true;
  }

  /** Kick-start, then run until nothing is running (or nothing can happen, or maxSteps). */
  run(maxSteps = 1_000_000): void {
    this.action(CURL_SOCKET_TIMEOUT, 0);
    for (let i = 0; i < maxSteps && this.multi.running > 0; i++) if (!this.step()) break;
  }

  /** Runs steps until cond() holds (or nothing can happen). */
  until(cond: () => boolean, maxSteps = 1_000_000): void {
    for (let i = 0; i < maxSteps && !cond(); i++) if (!this.step()) break;
  }

  /** The message for easy, or undefined. */
  resultOf(easy: Easy): number | undefined {
    return this.done.find((m) => m.easy === easy)?.result;
  }
}

/** A parsed request as a scripted server sees it. */
export interface SeenRequest {
  method: string;
  target: string;
  version: string;
  headers: [string, string][];
  header(name: string): string | undefined;
  body: Uint8Array;
  raw: string;
}

/**
 * A scripted HTTP/1.1 server on the in-memory network: reads requests (Content-Length bodies) off each
 * connection in order and hands each to `onRequest` with the peer to answer on.
 */
export function httpServer(
  net: MemoryNetwork,
  host: string,
  port: number,
  onRequest: (req: SeenRequest, peer: PeerSocket, index: number) => void,
  listenOpts: Parameters<MemoryNetwork["listen"]>[3] = {},
): { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  net.listen(
    host,
    port,
    (peer) => {
      let buf = "";
      let bodyBytes: number[] = [];
      peer.onData = (bytes) => {
        for (let i = 0; i < bytes.length; i++) buf += String.fromCharCode(bytes[i]!);
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = buf.slice(0, end);
          const lines = head.split("\r\n");
          const [method = "", target = "", version = ""] = (lines[0] ?? "").split(" ");
          const headers = lines.slice(1).map((l) => {
            const i = l.indexOf(":");
            return [l.slice(0, i), l.slice(i + 1).trim()] as [string, string];
          });
          const cl = Number(headers.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? 0);
          if (buf.length < end + 4 + cl) return;
          bodyBytes = [];
          for (let i = 0; i < cl; i++) bodyBytes.push(buf.charCodeAt(end + 4 + i));
          const raw = buf.slice(0, end + 4 + cl);
          buf = buf.slice(end + 4 + cl);
          const req: SeenRequest = {
            method,
            target,
            version,
            headers,
            header: (n) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1],
            body: Uint8Array.from(bodyBytes),
            raw,
          };
          requests.push(req);
          onRequest(req, peer, requests.length - 1);
        }
      };
    },
    listenOpts,
  );
  return { requests };
}

/** A complete response with Content-Length. */
export function response(status: number, body: string, extra: string[] = []): string {
  return [`HTTP/1.1 ${status} X`, `Content-Length: ${body.length}`, ...extra, "", body].join(
    "\r\n",
  );
}

/** FNV-1a over bytes, to check bodies cheaply. */
export function fnv1a(data: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193) >>> 0;
  return h;
}
