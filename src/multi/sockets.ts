// The multi's socket table (libcurl's sockhash + singlesocket): per socket number, the transfer using it,
// what was last announced to the socket callback for it, and the application's socketp. A socket's
// interest is announced only when it changed; a socket a transfer stops using gets CURL_POLL_REMOVE.
//
// Invariants: want[s] != 0 exactly for the sockets announced and not yet REMOVEd; such a socket is an
// HTTP/2 connection's (conn[s]), or has an owner that lists s in its ann0/ann1.

import type { Conn } from "../conn/conn.ts";
import { CURL_POLL_REMOVE } from "../constants/index.ts";
import { pollset } from "../transfer/machine.ts";
import type { Transfer } from "../transfer/transfer.ts";

/** Calls the application's socket callback (the multi wraps it in its callback guard). */
export type SocketCall = (t: Transfer, s: number, what: number, socketp: unknown) => void;

export class SocketTable {
  /** The transfer using socket s (also for sockets not announced: a connect in progress). */
  owner: (Transfer | undefined)[] = [];
  /** The HTTP/2 connection whose socket s is: its streams' transfers share it (no owner then). */
  conn: (Conn | undefined)[] = [];
  private want: number[] = [];
  private data: unknown[] = [];
  /** Scratch for pollsets: computed and consumed at once, so one pair serves every transfer. */
  private readonly psS = new Int32Array(2);
  private readonly psW = new Int32Array(2);

  constructor(private readonly call: SocketCall) {}

  /** Whether s was announced (and not REMOVEd): curl_multi_assign's "known socket". */
  known(s: number): boolean {
    return (this.want[s] ?? 0) !== 0;
  }

  /** curl_multi_assign's storage. */
  assign(s: number, socketp: unknown): void {
    this.data[s] = socketp;
  }

  /**
   * Tells the socket callback what e wants on each of its sockets now, where that changed: sockets it no
   * longer uses get CURL_POLL_REMOVE, new or changed ones their new bits.
   */
  announce(e: Transfer): void {
    const n = pollset(e, this.psS, this.psW);
    const s0 = n > 0 ? this.psS[0]! : -1;
    const s1 = n > 1 ? this.psS[1]! : -1;
    // The scratch is shared and a callback may re-enter (via pause): copy what is needed first.
    const w0 = n > 0 ? this.psW[0]! : 0;
    const w1 = n > 1 ? this.psW[1]! : 0;
    if (e.ann0 >= 0 && e.ann0 !== s0 && e.ann0 !== s1) this.drop(e, e.ann0);
    if (e.ann1 >= 0 && e.ann1 !== s0 && e.ann1 !== s1) this.drop(e, e.ann1);
    if (s0 >= 0) this.set(e, s0, w0);
    if (s1 >= 0) this.set(e, s1, w1);
  }

  /** Announces `what` for e's socket s if it changed (0 = no longer wanted: REMOVE). */
  private set(e: Transfer, s: number, what: number): void {
    const prev = this.want[s] ?? 0;
    if (what === prev) return;
    if (what === 0) {
      this.drop(e, s);
      return;
    }
    this.want[s] = what;
    this.owner[s] = e;
    if (e.ann0 !== s && e.ann1 !== s) {
      if (e.ann0 < 0) e.ann0 = s;
      else e.ann1 = s;
    }
    this.call(e, s, what, this.data[s]);
  }

  /**
   * t's socket s becomes its HTTP/2 connection's: what was announced stays announced (no REMOVE),
   * and from now on the connection says what it wants (announceConn).
   */
  share(t: Transfer, s: number, c: Conn): void {
    if (t.ann0 === s) t.ann0 = -1;
    if (t.ann1 === s) t.ann1 = -1;
    this.owner[s] = undefined;
    this.conn[s] = c;
  }

  /** Tells the socket callback what HTTP/2 connection c wants on its socket (0: REMOVE), naming
   *  `lead`, one of the transfers on it. */
  announceConn(c: Conn, lead: Transfer, what: number): void {
    const s = c.s;
    if (s < 0) return;
    const prev = this.want[s] ?? 0;
    if (what === prev) return;
    this.want[s] = what;
    this.call(lead, s, what === 0 ? CURL_POLL_REMOVE : what, this.data[s]);
    if (what === 0) this.data[s] = undefined;
  }

  /** Forgets s for e: CURL_POLL_REMOVE if it was announced; the socketp goes with it. */
  drop(e: Transfer, s: number): void {
    if (e.ann0 === s) e.ann0 = -1;
    if (e.ann1 === s) e.ann1 = -1;
    if ((this.want[s] ?? 0) !== 0) {
      this.want[s] = 0;
      this.call(e, s, CURL_POLL_REMOVE, this.data[s]);
    }
    this.data[s] = undefined;
  }

  /** REMOVEs every socket e announced. */
  dropAll(e: Transfer): void {
    if (e.ann0 >= 0) this.drop(e, e.ann0);
    if (e.ann1 >= 0) this.drop(e, e.ann1);
  }

  /** The socket is closed (after its REMOVE): nobody owns it any more. */
  closed(s: number): void {
    this.owner[s] = undefined;
    this.conn[s] = undefined;
    this.data[s] = undefined;
  }

  /** Debug-only check of the invariants above. */
  assertInvariants(): void {
    for (let s = 0; s < this.want.length; s++) {
      if ((this.want[s] ?? 0) === 0) continue;
      if (this.conn[s] !== undefined) continue;
      const e = this.owner[s];
      if (e === undefined) throw new Error(`sockets: socket ${s} announced without an owner`);
      if (e.ann0 !== s && e.ann1 !== s)
        throw new Error(`sockets: socket ${s} owner announces ${e.ann0},${e.ann1}`);
    }
  }
}
