// The multi handle (libcurl's CURLM *): its easy handles, the socket table, the one timer, the message
// queue and the connection cache. It never calls socketAction on itself: the application (or BunDriver)
// does, told what to watch by the socket callback and when by the timer callback.

import { ConnCache } from "../conn/cache.ts";
import type { Conn } from "../conn/conn.ts";
import { PendingQueue } from "../conn/pending.ts";
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
import { CALLBACK_FAILED, judged, threw } from "../easy/callback-result.ts";
import { closeAttempts } from "../easy/connect.ts";
import { Easy, type EasyOwner } from "../easy/easy.ts";
import type { Engine } from "../easy/engine.ts";
import type { ReadCallback, WriteCallback, XferInfoCallback } from "../easy/options.ts";
import { ST_COMPLETED, ST_INIT, ST_MSGSENT } from "../easy/states.ts";
import { progressDone, speedReset } from "../easy/timeouts.ts";
import { runTransfer } from "../easy/transfer.ts";
import { RequestWriter } from "../http/index.ts";
import { EXPIRE_MULTI_PENDING, EXPIRE_RUN_NOW, TimerQueue } from "../timer/index.ts";
import { type Poller, SOCK_OPEN, type Transport } from "../transport/types.ts";
import { type CURLMsg, MessageQueue } from "./messages.ts";
import { MultiOptions, setMultiOption } from "./options.ts";
import { SocketTable } from "./sockets.ts";

/** How many waiting transfers one freed connection slot may wake in turn (see passWake). */
const WAKE_CHAIN = 8;

/** Frees a content decoder's native state when its transfer ends early or is removed. */
function dropDecoder(e: Easy): void {
  if (e.decoder !== null) {
    e.decoder.close();
    e.decoder = null;
  }
  e.held = null;
}

/** What a multi runs on: a clock, a transport (with its poller) and a name resolver. */
export interface MultiEnv {
  clock: Clock;
  transport: Transport;
  /** Name resolution; without one only IP literals and "localhost" resolve. */
  resolver?: Resolver | null;
}

let defaultEnv: (() => MultiEnv) | undefined;

/** Sets the environment `new Multi()` uses when given none (the package entry sets the Bun one). */
export function setDefaultMultiEnv(factory: () => MultiEnv): void {
  defaultEnv = factory;
}

export class Multi implements Engine, EasyOwner {
  readonly clock: Clock;
  readonly transport: Transport;
  /** @internal */ readonly writer = new RequestWriter();
  /** @internal */ readonly timers = new TimerQueue();
  /** @internal */ readonly conns = new ConnCache();
  /** @internal */ dead = false;
  /** Transfers added and not yet completed (curl_multi_socket_action's running_handles). */
  running = 0;
  /**
   * @internal Told when `running` drops to 0 outside socketAction/perform (a removeHandle of the last
   * unfinished transfer, close()): a driver waiting for the end would otherwise never hear of it.
   */
  onIdle: (() => void) | null = null;

  private readonly opts = new MultiOptions();
  /** @internal */ readonly resolver: Resolver | null;
  /** @internal */ readonly dns = new DnsCache();
  private handles: (Easy | undefined)[] = [];
  private freeSlots: number[] = [];
  private added = 0;
  /** Per socket number: the transfer using it, what was announced for it, its socketp. */
  private readonly socks = new SocketTable((e, s, what, socketp) =>
    this.callSocket(e, s, what, socketp),
  );
  /** Transfers waiting for a connection slot, in the order they were added. */
  private readonly pending = new PendingQueue<Easy>();
  /** Order of addition (libcurl's mid), for the pending queue. */
  private addCount = 0;
  /** Wake-ups left for the slot freed last (see passWake). */
  private wakeBudget = 0;
  private readonly msgs = new MessageQueue();
  private inCallback = false;
  /** A callback returned -1 during the current API call. */
  private cbFailed = false;
  private closed = false;
  /** The time of the transfer run in progress, NaN outside one. */
  private runNow = Number.NaN;
  /** Absolute deadline last announced to the timer callback (NaN: announce the next one whatever it is). */
  private timerLast = Number.NaN;
  /** The last value announced was a deadline (>= 0), so an empty queue must be announced as -1. */
  private timerArmed = false;

  constructor(env?: MultiEnv) {
    const e = env ?? defaultEnv?.();
    if (!e) throw new TypeError("Multi: no environment given and no default registered");
    this.clock = e.clock;
    this.transport = e.transport;
    this.resolver = e.resolver ?? null;
  }

  /** The readiness source of this multi's transport: a driver watches sockets with it. */
  get poller(): Poller {
    return this.transport.poller;
  }

  /** Messages waiting in the queue (curl_multi_info_read's msgs_in_queue). */
  get msgsInQueue(): number {
    return this.msgs.count;
  }

  /** curl_multi_setopt. CURLM_UNKNOWN_OPTION for an unknown name, CURLM_BAD_FUNCTION_ARGUMENT for a bad value. */
  setopt(option: string, value: unknown): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    return setMultiOption(this.opts, option, value);
  }

  /**
   * curl_multi_add_handle. The new transfer is due at once: the timer callback is told (normally 0), and
   * the kick-start socketAction(CURL_SOCKET_TIMEOUT, 0) starts it.
   */
  addHandle(easy: Easy): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (!Easy.isEasy(easy)) return CURLM_BAD_EASY_HANDLE;
    if (easy.multi !== null) return CURLM_ADDED_ALREADY;
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    if (this.dead) {
      // A failed multi takes no new transfers until every old one is removed (libcurl).
      if (this.added > 0) return CURLM_ABORTED_BY_CALLBACK;
      this.dead = false;
    }
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.handles.length;
    this.handles[slot] = easy;
    easy.multi = this;
    easy.slot = slot;
    easy.state = ST_INIT;
    easy.result = 0;
    easy.errorDetail = "";
    easy.retries = 0;
    easy.paused = 0;
    easy.addSeq = this.addCount++;
    easy.clearStats();
    this.added++;
    this.running++;
    this.timers.expire(slot, this.clock.now(), 0, EXPIRE_RUN_NOW);
    this.cbFailed = false;
    this.updateTimer();
    if (this.cbFailed) {
      this.detach(easy);
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
    if (!Easy.isEasy(easy)) return CURLM_BAD_EASY_HANDLE;
    if (easy.multi === null) return CURLM_OK;
    if (easy.multi !== this) return CURLM_BAD_EASY_HANDLE;
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    this.cbFailed = false;
    const unfinished = easy.state < ST_COMPLETED;
    if (unfinished) this.running--;
    // A connection (or a wake-up meant to get one) goes away with it: a waiting transfer may go.
    const freesSlot = unfinished && (easy.conn !== null || easy.woken);
    // libcurl's multi_done from curl_multi_remove_handle: the last progress call of a transfer cut short.
    if (unfinished && easy.conn !== null) progressDone(this, easy);
    dropDecoder(easy);
    this.closeConnection(easy);
    this.socks.dropAll(easy);
    this.msgs.drop(easy);
    this.detach(easy);
    if (freesSlot) this.wakePending();
    if (this.added === 0 && this.dead) this.dead = false;
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
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    if (typeof s !== "number" || typeof evBitmask !== "number") return CURLM_BAD_FUNCTION_ARGUMENT;
    this.cbFailed = false;
    if (this.dead) {
      this.runAll();
    } else if (s === CURL_SOCKET_TIMEOUT) {
      // The application's timer fired: the next deadline is announced even if it did not change.
      this.timerLast = Number.NaN;
    } else {
      const e = this.socks.owner[s];
      if (e !== undefined) this.run(e);
    }
    this.runExpired();
    this.updateTimer();
    return this.cbFailed ? CURLM_ABORTED_BY_CALLBACK : CURLM_OK;
  }

  /** curl_multi_perform: runs every transfer that can make progress; harmless when nothing happened. */
  perform(): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    this.cbFailed = false;
    this.runAll();
    this.runExpired();
    this.updateTimer();
    return this.cbFailed ? CURLM_ABORTED_BY_CALLBACK : CURLM_OK;
  }

  /** curl_multi_info_read: the next CURLMSG_DONE message in completion order, or undefined. */
  infoRead(): CURLMsg | undefined {
    const m = this.msgs.read();
    if (m !== undefined) m.easy.state = ST_MSGSENT;
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
    else if (this.inCallback) code = CURLM_RECURSIVE_API_CALL;
    else ms = this.msUntil(this.timers.peek());
    if (out) out.code = code;
    return ms;
  }

  /** curl_multi_cleanup: closes every connection and detaches every handle; the multi is unusable after. */
  close(): CURLMcode {
    if (this.closed) return CURLM_BAD_HANDLE;
    if (this.inCallback) return CURLM_RECURSIVE_API_CALL;
    for (const e of this.handles) {
      if (e === undefined) continue;
      dropDecoder(e);
      this.closeConnection(e);
      this.socks.dropAll(e);
      this.msgs.drop(e);
      this.detach(e);
    }
    for (const c of this.conns.idleConns()) {
      this.conns.unidle(c);
      this.closeConn(c);
    }
    this.pending.clear();
    const wasRunning = this.running > 0;
    this.running = 0;
    this.closed = true;
    if (wasRunning) this.onIdle?.();
    return CURLM_OK;
  }

  // ---- internals: running transfers ----

  private run(e: Easy): void {
    // One clock read per run: every step of this run sees the same time (libcurl keeps a per-run now).
    this.runNow = this.clock.now();
    runTransfer(this, e);
    this.runNow = Number.NaN;
    if (e.multi === this && e.state < ST_COMPLETED) this.socks.announce(e);
  }

  private runAll(): void {
    const hs = this.handles;
    for (let i = 0; i < hs.length; i++) {
      const e = hs[i];
      if (e !== undefined && e.state < ST_COMPLETED) this.run(e);
    }
  }

  private runExpired(): void {
    const now = this.clock.now();
    for (;;) {
      const slot = this.timers.takeExpired(now);
      if (slot < 0) return;
      const e = this.handles[slot];
      if (e !== undefined && e.state < ST_COMPLETED) this.run(e);
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
    const deadline = this.timers.peek();
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
    const fn = this.opts.timerFunction!;
    let rc: unknown;
    this.inCallback = true;
    try {
      rc = fn(this, ms, this.opts.timerData);
    } catch {
      rc = -1;
    } finally {
      this.inCallback = false;
    }
    if (rc === -1) this.callbackFailed();
  }

  private callbackFailed(): void {
    this.dead = true;
    this.cbFailed = true;
  }

  // ---- internals: sockets (libcurl's singlesocket) ----

  private callSocket(e: Easy, s: number, what: number, socketp: unknown): void {
    const fn = this.opts.socketFunction;
    if (fn === null) {
      // No application watches sockets (a perform() loop): the transport still learns what the
      // engine waits for, or it would stop reading a socket nobody seems to want (backpressure).
      this.transport.poller.watch(s, what);
      return;
    }
    let rc: unknown;
    this.inCallback = true;
    try {
      rc = fn(e, s, what, this.opts.socketData, socketp);
    } catch {
      rc = -1;
    } finally {
      this.inCallback = false;
    }
    if (rc === -1) this.callbackFailed();
  }

  private detach(e: Easy): void {
    this.pending.forget(e);
    e.woken = false;
    this.timers.expireClear(e.slot);
    this.handles[e.slot] = undefined;
    this.freeSlots.push(e.slot);
    this.added--;
    e.multi = null;
    e.slot = -1;
  }

  // ---- Engine: what transfers call ----

  /** @internal */
  now(): number {
    const t = this.runNow;
    return Number.isNaN(t) ? this.clock.now() : t;
  }

  /** @internal */
  debug(e: Easy, text: string): void {
    const fn = e.opts.debugFunction;
    if (fn === null) {
      console.error(`* ${text}`);
      return;
    }
    // Guarded like every callback: API calls inside it are RECURSIVE_API_CALL, a throw is ignored
    // (libcurl ignores the debug callback's return value too).
    const outer = this.inCallback;
    this.inCallback = true;
    try {
      fn(e, 0, `${text}\n`, e.opts.debugData);
    } catch {
      // nothing: tracing must not change the transfer
    } finally {
      this.inCallback = outer;
    }
  }

  /**
   * @internal Calls a write or header callback (`what`) with buf[start..end) inside the callback guard.
   * A throw, a Promise or a non-integer return gives CALLBACK_FAILED with the reason in errorDetail.
   */
  callWrite(
    fn: WriteCallback,
    buf: Uint8Array,
    start: number,
    end: number,
    e: Easy,
    userdata: unknown,
    what: string,
  ): number {
    const view = start === 0 && end === buf.length ? buf : buf.subarray(start, end);
    const outer = this.inCallback;
    this.inCallback = true;
    let rc: unknown;
    try {
      rc = fn(view, e, userdata);
    } catch (err) {
      e.errorDetail = threw(what, err);
      return CALLBACK_FAILED;
    } finally {
      this.inCallback = outer;
    }
    return judged(e, what, rc);
  }

  /** @internal */
  reuseConnection(e: Easy): Conn | undefined {
    const now = this.now();
    const maxIdle = e.opts.maxAgeConn * 1000;
    const maxAge = e.opts.maxLifetimeConn * 1000;
    const t = this.transport;
    const c = this.conns.take(
      this.connKey(e),
      (c) => {
        // libcurl's cpool_conn_maxage: too long idle, or too old, is closed instead of reused.
        if (maxIdle > 0 && now - c.idleSince > maxIdle) {
          if (e.opts.verbose)
            this.debug(
              e,
              `Too old connection (${now - c.idleSince} ms idle, max idle is ${maxIdle} ms), disconnect it`,
            );
          return false;
        }
        if (maxAge > 0 && now - c.createdAt > maxAge) {
          if (e.opts.verbose)
            this.debug(
              e,
              `Too old connection (created ${now - c.createdAt} ms ago, max lifetime is ${maxAge} ms), disconnect it`,
            );
          return false;
        }
        return t.state(c.s) === SOCK_OPEN && t.recvChunk(c.s) === undefined;
      },
      (c) => this.closeConn(c),
    );
    if (c !== undefined) this.socks.owner[c.s] = e;
    return c;
  }

  /** @internal */
  mayConnect(e: Easy): boolean {
    const o = this.opts;
    if (o.maxTotalConnections > 0 && this.conns.total >= o.maxTotalConnections) {
      const old = this.conns.oldestIdle();
      if (old === undefined) return false;
      this.conns.unidle(old);
      this.closeConn(old);
    }
    if (o.maxHostConnections > 0) {
      const hostKey = `${e.connectHost}:${e.connectPort}`;
      if (this.conns.hostCount(hostKey) >= o.maxHostConnections) {
        const idle = this.conns.idleConns().find((c) => c.hostKey === hostKey);
        if (idle === undefined) return false;
        this.conns.unidle(idle);
        this.closeConn(idle);
      }
    }
    return true;
  }

  /** @internal e waits for a connection slot, at its place in the queue. */
  addPending(e: Easy): void {
    this.pending.add(e);
  }

  /** @internal e no longer waits (it got a connection, ended or was removed). */
  removePending(e: Easy): void {
    this.pending.remove(e);
  }

  /**
   * A transfer is done with its connection (libcurl's multi_done -> multi_schedule_pending), so a
   * connection slot may have freed: one waiting transfer is taken out of the queue and runs now
   * (EXPIRE_MULTI_PENDING). It takes an idle connection or a new one, or goes back to its place.
   */
  private wakePending(): void {
    this.wakeBudget = WAKE_CHAIN;
    this.wakeNext();
  }

  /** Wakes the next waiting transfer, while the budget of this freed slot lasts. */
  private wakeNext(): void {
    if (this.wakeBudget <= 0) return;
    const e = this.pending.wake();
    if (e === undefined) return;
    this.wakeBudget--;
    e.woken = true;
    this.timers.expire(e.slot, this.clock.now(), 0, EXPIRE_MULTI_PENDING);
  }

  /**
   * @internal A woken transfer found no room (the freed slot was for another host) and went back to
   * its place: the slot is offered to the next waiter, a few at most per freed slot, so waiters for
   * one busy host do not hold up those of a free one.
   */
  passWake(_e: Easy): void {
    this.wakeNext();
  }

  /** @internal */
  expire(e: Easy, ms: number, id: number): void {
    this.timers.expire(e.slot, this.clock.now(), ms, id);
  }

  /** @internal */
  expireAt(e: Easy, deadline: number, id: number): void {
    this.timers.expireAt(e.slot, deadline, id);
  }

  /** @internal */
  expireDone(e: Easy, id: number): void {
    this.timers.expireDone(e.slot, id);
  }

  /**
   * @internal Calls the progress callback inside the guard. Nothing returned counts as 0 (go on); a
   * throw, a Promise or another non-integer gives CALLBACK_FAILED with the reason in errorDetail.
   */
  callProgress(
    fn: XferInfoCallback,
    e: Easy,
    dltotal: number,
    dlnow: number,
    ultotal: number,
    ulnow: number,
  ): number {
    const outer = this.inCallback;
    this.inCallback = true;
    let rc: unknown;
    try {
      rc = fn(e.opts.xferInfoData, dltotal, dlnow, ultotal, ulnow);
    } catch (err) {
      e.errorDetail = threw("progress", err);
      return CALLBACK_FAILED;
    } finally {
      this.inCallback = outer;
    }
    return rc === undefined ? 0 : judged(e, "progress", rc);
  }

  /**
   * @internal Calls the read callback with buf inside the guard. A throw, a Promise or a non-integer
   * return gives CALLBACK_FAILED with the reason in errorDetail.
   */
  callRead(fn: ReadCallback, buf: Uint8Array, e: Easy, userdata: unknown): number {
    const outer = this.inCallback;
    this.inCallback = true;
    let rc: unknown;
    try {
      rc = fn(buf, e, userdata);
    } catch (err) {
      e.errorDetail = threw("read", err);
      return CALLBACK_FAILED;
    } finally {
      this.inCallback = outer;
    }
    return judged(e, "read", rc);
  }

  private connKey(e: Easy): string {
    const o = e.opts;
    return `${e.scheme}://${e.host}:${e.port}>${e.connectHost}:${e.connectPort}|${o.unixSocketPath ?? ""}|${o.sslVerifyPeer}${o.sslVerifyHost}${o.caInfo ?? ""}`;
  }

  /** @internal */
  newConnection(e: Easy): void {
    const c = this.conns.add(
      this.connKey(e),
      `${e.connectHost}:${e.connectPort}`,
      this.clock.now(),
    );
    e.conn = c;
    e.numConnects++;
  }

  /** @internal */
  openSocket(e: Easy, addr: string): number {
    const o = e.opts;
    const s = this.transport.connect({
      host: addr,
      port: e.connectPort,
      tls: e.scheme === "https",
      servername: e.host,
      verifyPeer: o.sslVerifyPeer !== 0,
      verifyHost: o.sslVerifyHost !== 0,
      caInfo: o.caInfo ?? undefined,
      unixPath: o.unixSocketPath ?? undefined,
    });
    this.socks.owner[s] = e;
    return s;
  }

  /** @internal */
  closeSocket(e: Easy, s: number): void {
    this.socks.drop(e, s);
    this.socks.owner[s] = undefined;
    this.transport.close(s);
  }

  /** @internal */
  adoptSocket(e: Easy, s: number): void {
    e.conn!.s = s;
    this.socks.owner[s] = e;
  }

  /** @internal */
  noteAddresses(e: Easy): void {
    const t = this.transport;
    const s = e.conn!.s;
    e.primaryIp = t.remoteAddress(s);
    e.primaryPort = t.remotePort(s);
    e.localIp = t.localAddress(s);
    e.localPort = t.localPort(s);
  }

  /** @internal */
  closeConnection(e: Easy): void {
    closeAttempts(this, e);
    const c = e.conn;
    if (c === null) return;
    if (c.s >= 0) this.socks.drop(e, c.s);
    e.conn = null;
    this.closeConn(c);
  }

  /** Closes a connection no transfer announces any more. */
  private closeConn(c: Conn): void {
    if (c.s >= 0) {
      this.socks.closed(c.s);
      this.transport.close(c.s);
    }
    this.conns.drop(c);
  }

  /** @internal */
  transferDone(e: Easy): void {
    this.timers.expireClear(e.slot);
    dropDecoder(e);
    this.dns.prune(this.now(), e.opts.dnsCacheTimeout);
    this.releaseConnection(e);
  }

  /** @internal */
  releaseConnection(e: Easy): void {
    this.removePending(e);
    const c = e.conn;
    if (c === null || !c.reusable || this.dead || c.s < 0) {
      // A wake-up this transfer did not use (it ended before it ran) is passed on, as is the slot
      // of a connection it closes; a transfer that never had either frees nothing.
      const frees = c !== null || e.woken;
      e.woken = false;
      this.closeConnection(e);
      this.socks.dropAll(e);
      if (frees) this.wakePending();
      return;
    }
    this.socks.dropAll(e);
    this.socks.owner[c.s] = undefined;
    e.conn = null;
    c.reusable = false;
    this.conns.park(c, this.now());
    // libcurl's default cache size: 4 x the transfers not yet completed (this one included).
    const limit = this.opts.maxConnects > 0 ? this.opts.maxConnects : 4 * this.running;
    while (this.conns.idleCount > limit) {
      const old = this.conns.oldestIdle()!;
      this.conns.unidle(old);
      this.closeConn(old);
    }
    this.wakePending();
  }

  /**
   * @internal curl_easy_pause changed e's pause bits. Unpausing makes the transfer due at once (queued
   * data is delivered by the next socketAction); outside a callback the socket and timer are updated now.
   */
  easyPaused(e: Easy): void {
    if (e.multi !== this || e.state >= ST_COMPLETED) return;
    if ((e.paused & CURLPAUSE_RECV) === 0) {
      speedReset(e); // libcurl's Curl_pgrsRecvPause: the speed is measured afresh after a pause
      this.timers.expire(e.slot, this.clock.now(), 0, EXPIRE_RUN_NOW);
    }
    if (this.inCallback) return;
    // libcurl's curl_easy_pause: the timer first, then the socket.
    this.updateTimer();
    this.socks.announce(e);
  }

  /** @internal */
  postMessage(e: Easy): void {
    this.running--;
    this.msgs.post(e);
  }

  /** Debug-only check of the timer queue, socket table and connection cache (tests call it). */
  assertInvariants(): void {
    this.timers.assertInvariants();
    this.conns.assertInvariants();
    this.socks.assertInvariants();
    this.pending.assertInvariants();
    let alive = 0;
    for (const e of this.handles) {
      if (e === undefined) continue;
      if (e.multi !== this) throw new Error("Multi: handle table holds a foreign handle");
      if (e.state < ST_COMPLETED) alive++;
      else if (this.timers.nearest(e.slot) !== Number.POSITIVE_INFINITY)
        throw new Error(`Multi: completed handle ${e.slot} still has timers`);
    }
    if (alive !== this.running) throw new Error(`Multi: running ${this.running} != ${alive} alive`);
  }
}
