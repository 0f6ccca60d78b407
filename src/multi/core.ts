// The multi handle's engine (what libcurl's struct Curl_multi holds): the handles and their live
// transfers, the socket table, the one timer, the message queue and the connection pool. The public
// Multi (multi.ts) is a thin face over it; to the transfers it is a set of narrow ports
// (transfer/ports.ts). It never calls socketAction on itself: the application (or BunDriver) does,
// told what to watch by the socket callback and when by the timer callback.

import type { Conn } from "../conn/conn.ts";
import { ConnPool } from "../conn/pool.ts";
import {
  CURL_SOCKET_TIMEOUT,
  CURLM_ABORTED_BY_CALLBACK,
  CURLM_ADDED_ALREADY,
  CURLM_BAD_EASY_HANDLE,
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_BAD_HANDLE,
  CURLM_BAD_SOCKET,
  CURLM_OK,
  CURLM_RECURSIVE_API_CALL,
  type CURLMcode,
  CURLPAUSE_RECV,
} from "../constants/index.ts";
import type { Clock } from "../core/clock.ts";
import { DnsCache, type Resolver } from "../dns/index.ts";
import { type Easy, type EasyOwner, type HandleState, handleOf, isEasy } from "../easy/easy.ts";
import { EXPIRE_RUN_NOW, TimerQueue } from "../timer/index.ts";
import { runTransfer } from "../transfer/machine.ts";
import { closeAttempts, setState } from "../transfer/mstate.ts";
import type { Ports, SocketPort, TimerPort } from "../transfer/ports.ts";
import { ST_COMPLETED, ST_MSGSENT } from "../transfer/states.ts";
import { progressDone, speedReset } from "../transfer/timeouts.ts";
import { Transfer } from "../transfer/transfer.ts";
import type { Transport } from "../transport/types.ts";
import { poolHost, socketPort, timerPort } from "./core-ports.ts";
import type { MultiEnv } from "./env.ts";
import { CallbackGuard } from "./guard.ts";
import { type CURLMsg, MessageQueue } from "./messages.ts";
import { MuxIo } from "./mux.ts";
import { MultiOptions, setMultiOption } from "./options.ts";
import { SocketTable } from "./sockets.ts";

/** The engine of one multi handle; `face` is the public Multi the timer callback receives. */
export class MultiCore implements Ports, EasyOwner {
  readonly clock: Clock;
  readonly transport: Transport;
  /** Every transfer's timers, by slot: one splay tree of nearest deadlines. */
  readonly timerQueue = new TimerQueue();
  /** A socket or timer callback failed (libcurl's multi->dead). */
  dead = false;
  /** Transfers added and not yet completed (curl_multi_socket_action's running_handles). */
  running = 0;
  /**
   * Told when `running` drops to 0 outside socketAction/perform (a removeHandle of the last unfinished
   * transfer, close()): a driver waiting for the end would otherwise never hear of it.
   */
  onIdle: (() => void) | null = null;

  private readonly opts = new MultiOptions();
  readonly resolver: Resolver | null;
  /** The environment's proxy variables (MultiEnv.getenv). */
  readonly getenv: ((name: string) => string | undefined) | null;
  readonly dns = new DnsCache();
  /** The callback guard (its `active` is libcurl's "in callback"). */
  readonly guard = new CallbackGuard();
  readonly timers: TimerPort;
  readonly sockets: SocketPort;
  /** The connection pool: reuse, limits, the pending queue. */
  readonly pool: ConnPool;
  private handles: (HandleState | undefined)[] = [];
  private freeSlots: number[] = [];
  private added = 0;
  /** Per socket number: the transfer using it, what was announced for it, its socketp. */
  private readonly socks = new SocketTable((t, s, what, socketp) =>
    this.callSocket(t, s, what, socketp),
  );
  /** Order of addition (libcurl's mid), for the pending queue. */
  private addCount = 0;
  /** The HTTP/2 connections' socket I/O (mux.ts). */
  private readonly mux: MuxIo;
  private readonly msgs = new MessageQueue();
  /** A callback returned -1 during the current API call. */
  private cbFailed = false;
  private closed = false;
  /** The time of the transfer run in progress, NaN outside one. */
  private runNow = Number.NaN;
  /** The time shared by a batch of runs (beginBatch), NaN outside one. */
  private batchNow = Number.NaN;
  /** Absolute deadline last announced to the timer callback (NaN: announce the next one whatever it is). */
  private timerLast = Number.NaN;
  /** The last value announced was a deadline (>= 0), so an empty queue must be announced as -1. */
  private timerArmed = false;

  constructor(
    private readonly face: unknown,
    e: MultiEnv,
  ) {
    this.clock = e.clock;
    this.transport = e.transport;
    this.resolver = e.resolver ?? null;
    this.getenv = e.getenv ?? null;
    this.timers = timerPort(this.timerQueue, this.clock);
    this.sockets = socketPort(this, this.socks);
    this.pool = new ConnPool(poolHost(this, this.socks), this.opts, this.transport);
    this.mux = new MuxIo(this, this.socks);
  }

  /** Messages waiting in the queue (curl_multi_info_read's msgs_in_queue). */
  get msgsInQueue(): number {
    return this.msgs.count;
  }

  /**
   * curl_multi_setopt. CURLM_UNKNOWN_OPTION for an unknown name, CURLM_BAD_FUNCTION_ARGUMENT for a bad
   * value; `detail` receives the reason on failure. Untyped: Multi.setopt is the typed face.
   */
  setopt(option: string, value: unknown, detail: { text: string }): CURLMcode {
    if (this.closed) {
      detail.text = "the multi handle is closed";
      return CURLM_BAD_HANDLE;
    }
    if (this.guard.active) {
      detail.text = "curl_multi_setopt called from inside a callback";
      return CURLM_RECURSIVE_API_CALL;
    }
    return setMultiOption(this.opts, option, value, detail);
  }

  /**
   * curl_multi_add_handle. The new transfer is due at once: the timer callback is told (normally 0), and
   * the kick-start socketAction(CURL_SOCKET_TIMEOUT, 0) starts it.
   */
  addHandle(easy: Easy): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (!isEasy(easy)) return CURLM_BAD_EASY_HANDLE;
    const h = handleOf(easy);
    if (h.multi !== null) return CURLM_ADDED_ALREADY;
    if (this.guard.active) return CURLM_RECURSIVE_API_CALL;
    if (this.dead) {
      // A failed multi takes no new transfers until every old one is removed (libcurl).
      if (this.added > 0) return CURLM_ABORTED_BY_CALLBACK;
      this.dead = false;
    }
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.handles.length;
    this.handles[slot] = h;
    h.multi = this;
    h.info.clear();
    const t = new Transfer(h, slot, this.addCount++);
    h.transfer = t;
    // A new Transfer is born in INIT with clean records: no state change (libcurl's mstate on add is
    // one too, INIT => INIT), so nothing is traced and no action runs.
    this.added++;
    this.running++;
    this.timerQueue.expire(slot, this.clock.now(), 0, EXPIRE_RUN_NOW);
    this.cbFailed = false;
    this.updateTimer();
    if (this.cbFailed) {
      this.detach(h, t);
      this.running--;
      return CURLM_ABORTED_BY_CALLBACK;
    }
    return CURLM_OK;
  }

  /**
   * curl_multi_remove_handle, at any time. An unfinished transfer's connection is closed (a finished one's
   * was already returned to the cache); its socket gets CURL_POLL_REMOVE; an unread message is dropped.
   * A handle in no multi: CURLM_OK. One of another multi: CURLM_BAD_EASY_HANDLE.
   */
  removeHandle(easy: Easy): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (!isEasy(easy)) return CURLM_BAD_EASY_HANDLE;
    const h = handleOf(easy);
    if (h.multi === null) return CURLM_OK;
    if (h.multi !== this) return CURLM_BAD_EASY_HANDLE;
    if (this.guard.active) return CURLM_RECURSIVE_API_CALL;
    this.cbFailed = false;
    const t = h.transfer!;
    const unfinished = t.state < ST_COMPLETED;
    if (unfinished) this.running--;
    // A connection (or a wake-up meant to get one) goes away with it: a waiting transfer may go.
    const freesSlot = unfinished && (t.conn !== null || t.woken);
    // libcurl's multi_done from curl_multi_remove_handle: the last progress call of a transfer cut short.
    if (unfinished && t.conn !== null) progressDone(this, t);
    this.abandon(t);
    this.detach(h, t);
    if (freesSlot) this.pool.wakePending();
    if (this.added === 0 && this.dead) this.dead = false;
    // An HTTP/2 stream cut short is reset now (its RST_STREAM goes out at once); no other transfer
    // runs inside removeHandle.
    this.mux.flush(false);
    this.updateTimer();
    if (unfinished && this.running === 0) this.onIdle?.();
    return this.cbFailed ? CURLM_ABORTED_BY_CALLBACK : CURLM_OK;
  }

  /**
   * curl_multi_socket_action. Runs the transfer on socket s (the event mask is only a hint: the state
   * machine checks the socket itself), or with CURL_SOCKET_TIMEOUT every transfer whose timer expired;
   * expired timers run in both cases. An unknown s is ignored (CURLM_OK). Transfer errors come back as
   * messages, never from here.
   */
  socketAction(s: number, evBitmask = 0): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.guard.active) return CURLM_RECURSIVE_API_CALL;
    if (typeof s !== "number" || typeof evBitmask !== "number") return CURLM_BAD_FUNCTION_ARGUMENT;
    this.cbFailed = false;
    if (this.dead) {
      this.runAll();
    } else if (s === CURL_SOCKET_TIMEOUT) {
      // The application's timer fired: the next deadline is announced even if it did not change.
      this.timerLast = Number.NaN;
    } else {
      const c = this.socks.conn[s];
      if (c !== undefined) this.mux.pump(c);
      else {
        const t = this.socks.owner[s];
        if (t !== undefined) this.run(t);
      }
    }
    this.runExpired();
    this.flushConns();
    this.updateTimer();
    return this.cbFailed ? CURLM_ABORTED_BY_CALLBACK : CURLM_OK;
  }

  /** curl_multi_perform: runs every transfer that can make progress; harmless when nothing happened. */
  perform(): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.guard.active) return CURLM_RECURSIVE_API_CALL;
    this.cbFailed = false;
    this.runAll();
    this.runExpired();
    this.flushConns();
    this.updateTimer();
    return this.cbFailed ? CURLM_ABORTED_BY_CALLBACK : CURLM_OK;
  }

  /** curl_multi_info_read: the next CURLMSG_DONE message in completion order, or undefined. */
  infoRead(): CURLMsg | undefined {
    const m = this.msgs.read();
    if (m !== undefined) setState(this, handleOf(m.easy).transfer!, ST_MSGSENT);
    return m;
  }

  /** curl_multi_assign: stores socketp for s, handed back to the socket callback. Unknown s: CURLM_BAD_SOCKET. */
  assign(s: number, socketp: unknown): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (!this.socks.known(s)) return CURLM_BAD_SOCKET;
    this.socks.assign(s, socketp);
    return CURLM_OK;
  }

  /**
   * curl_multi_timeout: ms until the nearest deadline (rounded up), 0 when something is due now, -1 when
   * nothing is pending. `out.code` receives the CURLMcode (CURLM_RECURSIVE_API_CALL inside a callback).
   */
  timeout(out?: { code: CURLMcode }): number {
    let code: CURLMcode = CURLM_OK;
    let ms = -1;
    if (this.closed) code = CURLM_BAD_HANDLE;
    else if (this.guard.active) code = CURLM_RECURSIVE_API_CALL;
    else ms = this.msUntil(this.timerQueue.peek());
    if (out) out.code = code;
    return ms;
  }

  /** curl_multi_cleanup: closes every connection and detaches every handle; the multi is unusable after. */
  close(): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.guard.active) return CURLM_RECURSIVE_API_CALL;
    for (const h of this.handles) {
      if (h === undefined) continue;
      const t = h.transfer!;
      this.abandon(t);
      this.detach(h, t);
    }
    this.pool.closeAll();
    const wasRunning = this.running > 0;
    this.running = 0;
    this.closed = true;
    if (wasRunning) this.onIdle?.();
    return CURLM_OK;
  }

  // ---- internals: running transfers ----

  private run(t: Transfer): void {
    // One clock read per run: every step of this run sees the same time (libcurl keeps a per-run now).
    // The streams of one HTTP/2 read share one (batchNow).
    this.runNow = Number.isNaN(this.batchNow) ? this.clock.now() : this.batchNow;
    runTransfer(this, t);
    this.runNow = Number.NaN;
    if (this.handles[t.slot]?.transfer === t && t.state < ST_COMPLETED) this.socks.announce(t);
  }

  /** Runs t if it is still a live transfer of this multi (an HTTP/2 stream's transfer got something). */
  runLive(t: Transfer): void {
    if (this.handles[t.slot]?.transfer === t && t.state < ST_COMPLETED) this.run(t);
  }

  /** Makes t due at once: it runs at the next action. */
  runSoon(t: Transfer): void {
    this.timerQueue.expire(t.slot, this.clock.now(), 0, EXPIRE_RUN_NOW);
  }

  /** The transfers run until endBatch() see one clock read (the streams of one HTTP/2 read). */
  beginBatch(): void {
    this.batchNow = this.clock.now();
  }

  endBatch(): void {
    this.batchNow = Number.NaN;
  }

  /** An HTTP/2 connection has output to send (sent at the end of the current API call). */
  connDirty(c: Conn): void {
    this.mux.dirty(c);
  }

  private flushConns(): void {
    this.mux.flush();
  }

  private runAll(): void {
    // HTTP/2 connections are read first: their transfers read from their streams.
    const conns = this.socks.conn;
    for (let s = 0; s < conns.length; s++) {
      const c = conns[s];
      if (c !== undefined) this.mux.pump(c);
    }
    const hs = this.handles;
    for (let i = 0; i < hs.length; i++) {
      const t = hs[i]?.transfer;
      if (t != null && t.state < ST_COMPLETED) this.run(t);
    }
  }

  private runExpired(): void {
    const now = this.clock.now();
    for (;;) {
      const slot = this.timerQueue.takeExpired(now);
      if (slot < 0) return;
      const t = this.handles[slot]?.transfer;
      if (t != null && t.state < ST_COMPLETED) this.run(t);
    }
  }

  private msUntil(deadline: number): number {
    if (deadline === Number.POSITIVE_INFINITY) return -1;
    const d = deadline - this.clock.now();
    return d <= 0 ? 0 : Math.ceil(d);
  }

  /** libcurl's update_timer: tells the timer callback the nearest deadline when it changed. */
  private updateTimer(): void {
    const fn = this.opts.timerFunction;
    if (fn === null || this.dead) return;
    const deadline = this.timerQueue.peek();
    if (deadline === Number.POSITIVE_INFINITY) {
      // -1 only after a deadline was announced (libcurl: last_timeout_ms stays -1 otherwise).
      if (!this.timerArmed) return;
      this.timerArmed = false;
      this.timerLast = Number.NaN;
      this.callTimer(-1);
      return;
    }
    if (deadline === this.timerLast && this.timerArmed) return;
    this.timerLast = deadline;
    this.timerArmed = true;
    this.callTimer(this.msUntil(deadline));
  }

  private callTimer(ms: number): void {
    if (this.guard.timer(this.opts.timerFunction!, this.face, ms, this.opts.timerData))
      this.callbackFailed();
  }

  private callbackFailed(): void {
    this.dead = true;
    this.cbFailed = true;
  }

  /** libcurl's singlesocket: tells the socket callback what t wants on socket s. */
  private callSocket(t: Transfer, s: number, what: number, socketp: unknown): void {
    const fn = this.opts.socketFunction;
    if (fn === null) {
      // No application watches sockets (a perform() loop): the transport still learns what the
      // engine waits for, or it would stop reading a socket nobody seems to want (backpressure).
      this.transport.poller.watch(s, what);
      return;
    }
    if (this.guard.socket(fn, t.handle.easy, s, what, this.opts.socketData, socketp))
      this.callbackFailed();
  }

  /** A transfer leaves in whatever state it is: its lookup, attempts, connection and sockets go. */
  private abandon(t: Transfer): void {
    t.resp.reset();
    closeAttempts(this, t);
    this.pool.close(t);
    this.socks.dropAll(t);
    this.msgs.drop(t);
  }

  private detach(h: HandleState, t: Transfer): void {
    this.pool.forget(t);
    this.timerQueue.expireClear(t.slot);
    this.handles[t.slot] = undefined;
    this.freeSlots.push(t.slot);
    this.added--;
    h.multi = null;
    h.transfer = null;
  }

  // ---- Ports: what transfers call ----

  /** The time of the current run (one clock read per run). */
  now(): number {
    const t = this.runNow;
    return Number.isNaN(t) ? this.clock.now() : t;
  }

  /** Queues the transfer's CURLMSG_DONE (the message port). */
  post(t: Transfer): void {
    this.running--;
    this.msgs.post(t, this.handles[t.slot]!.easy);
  }

  /**
   * curl_easy_pause changed t's pause bits. Unpausing makes the transfer due at once (queued
   * data is delivered by the next socketAction); outside a callback the socket and timer are updated now.
   */
  easyPaused(t: Transfer): void {
    if (this.handles[t.slot]?.transfer !== t || t.state >= ST_COMPLETED) return;
    if ((t.paused & CURLPAUSE_RECV) === 0) {
      speedReset(t); // libcurl's Curl_pgrsRecvPause: the speed is measured afresh after a pause
      this.timerQueue.expire(t.slot, this.clock.now(), 0, EXPIRE_RUN_NOW);
    }
    if (this.guard.active) return;
    // libcurl's curl_easy_pause: the timer first, then the socket.
    this.updateTimer();
    this.socks.announce(t);
  }

  /** Debug-only check of the timer queue, socket table and connection pool (tests call it). */
  assertInvariants(): void {
    this.timerQueue.assertInvariants();
    this.pool.assertInvariants();
    this.socks.assertInvariants();
    let alive = 0;
    for (const e of this.handles) {
      if (e === undefined) continue;
      const t = e.transfer;
      if (e.multi !== this || t === null)
        throw new Error("Multi: handle table holds a foreign handle");
      if (t.state < ST_COMPLETED) alive++;
      else if (this.timerQueue.nearest(t.slot) !== Number.POSITIVE_INFINITY)
        throw new Error(`Multi: completed handle ${t.slot} still has timers`);
    }
    if (alive !== this.running) throw new Error(`Multi: running ${this.running} != ${alive} alive`);
  }
}
