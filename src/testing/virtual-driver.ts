// The application's event loop in virtual time: a Multi on the in-memory network and a manual clock,
// and a driver that implements the socket and timer callbacks (recording each one), delivers readiness
// and fires the one timer when virtual time reaches it. The engine's own tests run on it.

import {
  CURL_POLL_IN,
  CURL_POLL_INOUT,
  CURL_POLL_OUT,
  CURL_POLL_REMOVE,
  CURL_SOCKET_TIMEOUT,
  type CURLcode,
  type CURLMcode,
} from "../constants/index.ts";
import type { Easy } from "../easy/easy.ts";
import type { CURLMsg } from "../multi/messages.ts";
import { Multi, type MultiEnv } from "../multi/multi.ts";
import { ManualClock, Scheduler } from "../transport/memory/clock.ts";
import { MemoryNetwork } from "../transport/memory/network.ts";

/** The `what` of the socket callback by name (`CURL_POLL_*`), as {@link VirtualDriver.log} writes it. */
export const POLL_NAMES: Readonly<Record<number, string>> = {
  [CURL_POLL_IN]: "IN",
  [CURL_POLL_OUT]: "OUT",
  [CURL_POLL_INOUT]: "INOUT",
  [CURL_POLL_REMOVE]: "REMOVE",
};

/** Everything a virtual-time test needs, made together by {@link makeWorld}. */
export interface World {
  /** Virtual time: starts at 1000 ms and moves only when the driver (or the test) moves it. */
  clock: ManualClock;
  /** Timed network events (deliveries, connects, delayed DNS answers) on that clock. */
  sched: Scheduler;
  /** The in-memory network: `net.listen(host, port, handler)` scripts a server. */
  net: MemoryNetwork;
  /** A Multi on the in-memory transport and the manual clock. */
  multi: Multi;
  /** The driver playing the application's loop for `multi`. */
  driver: VirtualDriver;
}

/** Options of {@link makeWorld}. */
export interface WorldOptions {
  /**
   * Makes the name resolver from the network, e.g.
   * `(net) => new StaticResolver(net.transport, net.scheduler, { "example.com": ["10.0.0.1"] })`.
   * Without it only IP literals and `localhost` resolve.
   */
  resolver?: (net: MemoryNetwork) => MultiEnv["resolver"];
  /** Leave the multi's socket and timer callbacks to the test (no driver installed). */
  noDriver?: boolean;
  /** The environment the multi reads proxy variables from (http_proxy, NO_PROXY...); none without. */
  getenv?: MultiEnv["getenv"];
}

/**
 * A fresh virtual world: a manual clock at 1000 ms, a scheduler, an in-memory network, a Multi on them
 * and a {@link VirtualDriver} installed as its application. Nothing in it touches a socket or a timer.
 */
export function makeWorld(opts: WorldOptions = {}): World {
  const clock = new ManualClock(1000);
  const sched = new Scheduler(clock);
  const net = new MemoryNetwork(clock, sched);
  const multi = new Multi({
    clock,
    transport: net.transport,
    resolver: opts.resolver?.(net),
    getenv: opts.getenv,
  });
  const driver = new VirtualDriver(multi, clock, sched, net, !opts.noDriver);
  return { clock, sched, net, multi, driver };
}

/**
 * Plays the application's event loop in virtual time, as BunDriver does in real time: the socket
 * callback (`CURLMOPT_SOCKETFUNCTION`) watches sockets on the multi's poller, the timer callback
 * (`CURLMOPT_TIMERFUNCTION`) keeps one virtual deadline, and each readiness event or expiry becomes a
 * `socketAction` (curl_multi_socket_action) followed by `infoRead` (curl_multi_info_read). Time jumps
 * straight to the next event, so a 30 s timeout takes no real time.
 */
export class VirtualDriver {
  /** Every callback in order: `"sock <s> <WHAT>"` and `"timer <ms>"`. */
  readonly log: string[] = [];
  /** Absolute virtual time the application's timer fires, or null when deleted. */
  timerAt: number | null = null;
  /** Every message read after an action (`CURLMSG_DONE` with its easy and result), in order. */
  readonly done: CURLMsg[] = [];
  /** The last CURLMcode socketAction returned that was not CURLM_OK (0 when none). */
  lastRc: CURLMcode = 0;
  /** Run the multi's `assertInvariants()` after every action (on by default: tests want it). */
  checkInvariants = true;
  /**
   * Called for each message after it is recorded in {@link done}, as BunDriver's `onDone` is: the
   * application's completion handler runs unchanged in virtual time (it may add handles at once).
   */
  onDone: ((easy: Easy, result: CURLcode) => void) | undefined;

  /** Installs the callbacks on `multi` unless `install` is false (see {@link makeWorld}). */
  constructor(
    /** The multi this driver runs. */
    readonly multi: Multi,
    /** The virtual clock it moves. */
    readonly clock: ManualClock,
    /** The scheduler whose due events it runs. */
    readonly sched: Scheduler,
    /** The network whose poller it dispatches. */
    readonly net: MemoryNetwork,
    install = true,
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

  /** `socketAction(s, ev)`, then reads every message into {@link done}; returns socketAction's code. */
  action(s: number, ev: number): CURLMcode {
    const rc = this.multi.socketAction(s, ev);
    if (rc !== 0) this.lastRc = rc;
    for (let m = this.multi.infoRead(); m !== undefined; m = this.multi.infoRead()) {
      this.done.push(m);
      this.onDone?.(m.easy, m.result);
    }
    if (this.checkInvariants) this.multi.assertInvariants();
    return rc;
  }

  /**
   * One step of the loop: readiness first, then the timer, then due network events, then time moves
   * to the next of them. Returns false when nothing can ever happen again.
   */
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

  /** Kick-start (`socketAction(CURL_SOCKET_TIMEOUT, 0)`), then steps until nothing is running. */
  run(maxSteps = 1_000_000): void {
    this.action(CURL_SOCKET_TIMEOUT, 0);
    for (let i = 0; i < maxSteps && this.multi.running > 0; i++) if (!this.step()) break;
  }

  /** Steps until `cond()` holds (or nothing can happen, or `maxSteps`). */
  until(cond: () => boolean, maxSteps = 1_000_000): void {
    for (let i = 0; i < maxSteps && !cond(); i++) if (!this.step()) break;
  }

  /** The CURLcode `easy` finished with, or undefined while it has not. */
  resultOf(easy: Easy): CURLcode | undefined {
    return this.done.find((m) => m.easy === easy)?.result;
  }
}
