// What a transfer needs from the multi handle that drives it. Multi implements this; transfer.ts and
// request.ts see only this face, which keeps the state machine free of the multi's bookkeeping.

import type { Conn } from "../conn/conn.ts";
import type { RequestWriter } from "../http/index.ts";
import type { Transport } from "../transport/types.ts";
import type { Easy } from "./easy.ts";
import type { WriteCallback } from "./options.ts";

export interface Engine {
  readonly transport: Transport;
  /** A socket or timer callback failed: every transfer ends with CURLE_ABORTED_BY_CALLBACK. */
  readonly dead: boolean;
  /** The shared request writer (its output is valid until the next write). */
  readonly writer: RequestWriter;
  /** The injected clock, in ms. */
  now(): number;
  /** Verbose output for e (CURLOPT_VERBOSE / CURLOPT_DEBUGFUNCTION). */
  debug(e: Easy, text: string): void;
  /** An idle, live cached connection for e's origin, or undefined. */
  reuseConnection(e: Easy): Conn | undefined;
  /** Whether the connection limits let e open a new connection now. */
  mayConnect(e: Easy): boolean;
  addPending(e: Easy): void;
  removePending(e: Easy): void;
  /** Addresses for host, or null when it cannot be resolved. */
  resolve(host: string, port: number): readonly string[] | null;
  /** Opens a new connection for e to addr and attaches it. */
  openConnection(e: Easy, addr: string): void;
  /** Copies the connection's addresses into e's info. */
  noteAddresses(e: Easy): void;
  /** Closes e's connection now (socket REMOVE first) and detaches it. */
  closeConnection(e: Easy): void;
  /** The transfer is done: its connection goes back to the cache or is closed; its timers are cleared. */
  transferDone(e: Easy): void;
  /** Queues e's CURLMSG_DONE message. */
  postMessage(e: Easy): void;
  /** Calls a write/header callback with buf[start..end) inside the multi's callback guard. */
  callWrite(
    fn: WriteCallback,
    buf: Uint8Array,
    start: number,
    end: number,
    e: Easy,
    userdata: unknown,
  ): number;
}
