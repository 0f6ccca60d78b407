// What a transfer needs from the multi that drives it, as narrow ports: time, its timers, its sockets,
// the connection pool, the callback guard and the message queue. The state machine sees only these;
// the multi (src/multi) provides them. None of them is the multi's public API.

import type { Conn } from "../conn/conn.ts";
import type { DnsCache, Resolver } from "../dns/index.ts";
import type {
  ReadCallback,
  SeekCallback,
  WriteCallback,
  XferInfoCallback,
} from "../easy/callbacks.ts";
import type { GetEnv } from "../proxy/route.ts";
import type { Transport } from "../transport/types.ts";
import type { HeaderSink, Transfer } from "./transfer.ts";

/** The transfer's timers (libcurl's Curl_expire family), by EXPIRE_* id. */
export interface TimerPort {
  /** Sets timer `id` to fire in ms. */
  expire(t: Transfer, ms: number, id: number): void;
  /** Sets timer `id` to the absolute time `deadline` (clock ms). */
  expireAt(t: Transfer, deadline: number, id: number): void;
  /** Clears timer `id`. */
  expireDone(t: Transfer, id: number): void;
  /** Clears every timer of t. */
  clear(t: Transfer): void;
}

/** Sockets a transfer opens before it has a connection: connect attempts and lookups. */
export interface SocketPort {
  /** Starts a connect attempt to addr (t's connect port, TLS and Unix settings); returns the socket. */
  open(t: Transfer, addr: string): number;
  /** Closes a socket of t's that is not its connection's (an attempt, a lookup): REMOVE first. */
  close(t: Transfer, s: number): void;
  /** The attempt on s won: it becomes t's connection's socket. */
  adopt(t: Transfer, s: number): void;
  /** t's connection multiplexes (HTTP/2): its socket now belongs to the connection, for every stream. */
  share(t: Transfer, c: Conn): void;
}

/** The connection pool (src/conn/pool.ts) as a transfer uses it. */
export interface PoolPort {
  /** An idle, live cached connection for t's origin, now t's, or undefined. */
  reuse(t: Transfer): Conn | undefined;
  /** Whether the connection limits let t open a new connection now (may close an idle one). */
  mayConnect(t: Transfer): boolean;
  /** Registers a new connection for t (counted against the limits; no socket yet). */
  open(t: Transfer): Conn;
  /** c (new or reused) serves t now: t gets its protocol (c's HTTP/1.1, or a new HTTP/2 stream). */
  attach(t: Transfer, c: Conn): void;
  /** c finished connecting and knows its protocol: transfers waiting for it (PIPEWAIT) go on. */
  connected(c: Conn): void;
  /** A connection in progress t may wait for instead of opening one (CURLOPT_PIPEWAIT), if any. */
  pipeWaitFor(t: Transfer): Conn | undefined;
  /** t waits (in PENDING) until c knows whether it multiplexes. */
  pipeWait(t: Transfer, c: Conn): void;
  /** t waits for a connection slot, at its place in the queue. */
  wait(t: Transfer): void;
  /** t was woken for a freed slot and found no room: the slot goes to the next waiter. */
  passWake(t: Transfer): void;
  /** t is done with its connection: back to the cache if its protocol allows, else closed. */
  release(t: Transfer): void;
  /** Closes t's connection now (its socket gets REMOVE first) and detaches it; attempts are not its. */
  close(t: Transfer): void;
  /** t no longer waits for a slot (it got a connection, ended or was removed). */
  stopWaiting(t: Transfer): void;
}

/**
 * Calls user callbacks inside the multi's guard: an API call from inside is CURLM_RECURSIVE_API_CALL,
 * and a throw, a Promise or a non-integer return is CALLBACK_FAILED with the reason in errorDetail.
 */
export interface GuardPort {
  write(
    fn: WriteCallback,
    buf: Uint8Array,
    start: number,
    end: number,
    t: Transfer,
    userdata: unknown,
    what: string,
  ): number;
  read(fn: ReadCallback, buf: Uint8Array, t: Transfer, userdata: unknown): number;
  /** The handle's internal header sink, called as the header callback is (no view made). */
  headerSink(sink: HeaderSink, buf: Uint8Array, start: number, end: number, t: Transfer): number;
  progress(
    fn: XferInfoCallback,
    t: Transfer,
    dltotal: number,
    dlnow: number,
    ultotal: number,
    ulnow: number,
  ): number;
  /** Verbose output (CURLOPT_VERBOSE / CURLOPT_DEBUGFUNCTION). */
  debug(t: Transfer, text: string): void;
  /** The seek callback back to the body's start (offset 0, SEEK_SET): its return, or CALLBACK_FAILED. */
  seek(fn: SeekCallback, t: Transfer): number;
}

/** Every port a transfer uses, as the multi hands them over. */
export interface Ports {
  /** A socket or timer callback failed: every transfer ends with CURLE_ABORTED_BY_CALLBACK. */
  readonly dead: boolean;
  /** Socket I/O (read, write, state, addresses). */
  readonly transport: Transport;
  /** The multi's DNS cache (libcurl's hostcache) and resolver (null: IP literals and localhost only). */
  readonly dns: DnsCache;
  readonly resolver: Resolver | null;
  /** The environment's proxy variables (http_proxy, NO_PROXY...); null: none are read. */
  readonly getenv?: GetEnv | null;
  readonly timers: TimerPort;
  readonly sockets: SocketPort;
  readonly pool: PoolPort;
  readonly guard: GuardPort;
  /** The time of the current run, in ms (one clock read per run). */
  now(): number;
  /** Queues t's CURLMSG_DONE message. */
  post(t: Transfer): void;
  /** An HTTP/2 connection has output to send (sent once the current event is handled). */
  connDirty(c: Conn): void;
}
