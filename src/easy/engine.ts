// What a transfer needs from the multi handle that drives it. Multi implements this; the state machine
// (transfer.ts, connect.ts, request.ts) sees only this face, which keeps it free of the multi's bookkeeping.

import type { Conn } from "../conn/conn.ts";
import type { DnsCache, Resolver } from "../dns/index.ts";
import type { RequestWriter } from "../http/index.ts";
import type { Transport } from "../transport/types.ts";
import type { Easy } from "./easy.ts";
import type { ReadCallback, WriteCallback, XferInfoCallback } from "./options.ts";

export interface Engine {
  readonly transport: Transport;
  /** A socket or timer callback failed: every transfer ends with CURLE_ABORTED_BY_CALLBACK. */
  readonly dead: boolean;
  /** The shared request writer (its output is valid until the next write). */
  readonly writer: RequestWriter;
  /** The multi's DNS cache (libcurl's hostcache). */
  readonly dns: DnsCache;
  /** Asynchronous name resolution, or null for IP literals and "localhost" only. */
  readonly resolver: Resolver | null;
  /** The injected clock, in ms. */
  now(): number;
  /** Verbose output for e (CURLOPT_VERBOSE / CURLOPT_DEBUGFUNCTION). */
  debug(e: Easy, text: string): void;
  /** Sets e's timer `id` to fire in ms (Curl_expire). */
  expire(e: Easy, ms: number, id: number): void;
  /** Sets e's timer `id` to the absolute time `deadline` (ms on the engine's clock). */
  expireAt(e: Easy, deadline: number, id: number): void;
  /** Clears e's timer `id` (Curl_expire_done). */
  expireDone(e: Easy, id: number): void;
  /** An idle, live cached connection for e's origin, or undefined. */
  reuseConnection(e: Easy): Conn | undefined;
  /** Whether the connection limits let e open a new connection now. */
  mayConnect(e: Easy): boolean;
  addPending(e: Easy): void;
  removePending(e: Easy): void;
  /** e was woken for a freed slot and found no room: the slot goes to the next waiter. */
  passWake(e: Easy): void;
  /** Registers a new connection for e (counted against the limits; no socket yet). */
  newConnection(e: Easy): void;
  /** Starts a connect attempt for e to addr (its connect port, TLS and Unix settings); returns the socket. */
  openSocket(e: Easy, addr: string): number;
  /** Closes a socket of e's that is not its connection's (an attempt, a lookup): REMOVE first. */
  closeSocket(e: Easy, s: number): void;
  /** The attempt on s won: it becomes e's connection's socket. */
  adoptSocket(e: Easy, s: number): void;
  /** Copies the connection's addresses into e's info. */
  noteAddresses(e: Easy): void;
  /** Closes e's connection now (attempts, lookup and socket; REMOVE first) and detaches it. */
  closeConnection(e: Easy): void;
  /** The transfer is done: its connection goes back to the cache or is closed; its timers are cleared. */
  transferDone(e: Easy): void;
  /** The request is done (a redirect follows): the connection goes back to the cache or is closed. */
  releaseConnection(e: Easy): void;
  /** Queues e's CURLMSG_DONE message. */
  postMessage(e: Easy): void;
  /** Calls the progress callback in the multi's guard: CALLBACK_FAILED (reason in errorDetail) or its result. */
  callProgress(
    fn: XferInfoCallback,
    e: Easy,
    dltotal: number,
    dlnow: number,
    ultotal: number,
    ulnow: number,
  ): number;
  /** Calls the read callback with buf in the multi's guard: CALLBACK_FAILED or its result. */
  callRead(fn: ReadCallback, buf: Uint8Array, e: Easy, userdata: unknown): number;
  /** Calls a write/header callback (`what`) with buf[start..end) in the guard: CALLBACK_FAILED or its result. */
  callWrite(
    fn: WriteCallback,
    buf: Uint8Array,
    start: number,
    end: number,
    e: Easy,
    userdata: unknown,
    what: string,
  ): number;
}
