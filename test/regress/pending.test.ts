// The pending queue under the cases a review found: wake-ups that free no slot must not move a waiter
// back in line, a slot freed for one host goes on to a waiter of another, the queue's lazy array
// agrees with a plain model, and a transfer cut short by removeHandle gets its last progress call.

import { describe, expect, test } from "bun:test";
import { PendingQueue, type Waiter } from "../../src/conn/pending.ts";
import { CURLE_OK, CURLE_OPERATION_TIMEDOUT } from "../../src/constants/index.ts";
import { Easy, handleOf } from "../../src/easy/easy.ts";
import { mulberry32 } from "../helpers/prng.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

/** maxTotalConnections 1, one origin answering every request after 30 ms; n transfers added. */
function queueWorld(n: number, setup: (e: Easy, i: number) => void = () => {}) {
  const w = makeWorld();
  w.multi.setopt("maxTotalConnections", 1);
  const order: string[] = [];
  httpServer(w.net, "10.0.0.1", 80, (req, p) => {
    order.push(req.target);
    p.write(response(200, req.target), 30);
  });
  const es = Array.from({ length: n }, (_, i) => {
    const e = new Easy();
    e.setopt("url", `http://10.0.0.1/${i}`);
    e.setopt("writeFunction", (d: Uint8Array) => d.length);
    setup(e, i);
    w.multi.addHandle(e);
    return e;
  });
  return { w, order, es };
}

function finishAll(w: W, es: Easy[]): void {
  w.driver.until(() =>
    es.every((e) => w.driver.resultOf(e) !== undefined || handleOf(e).multi === null),
  );
}

describe("wake-ups that free no slot do not push a waiter back", () => {
  test("removing a waiting transfer", () => {
    const { w, order, es } = queueWorld(6);
    w.driver.until(() => order.length === 1); // /0 on the wire, 1..5 wait
    w.multi.removeHandle(es[5]!);
    finishAll(w, es);
    expect(order).toEqual(["/0", "/1", "/2", "/3", "/4"]);
  });

  test("a transfer that fails before it gets a connection (bad URL, a waiter's timeout)", () => {
    const { w, order, es } = queueWorld(6, (e, i) => {
      if (i === 2) e.setopt("timeoutMs", 10);
    });
    w.driver.until(() => order.length === 1);
    const bad = new Easy();
    bad.setopt("url", "htp://x/");
    w.multi.addHandle(bad);
    finishAll(w, [...es, bad]);
    expect(w.driver.resultOf(bad)).toBe(1);
    expect(w.driver.resultOf(es[2]!)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(order).toEqual(["/0", "/1", "/3", "/4", "/5"]);
  });

  test("under steady load (a new transfer each time one ends) the oldest waiter is not starved", () => {
    const { w, order, es } = queueWorld(4, (e) => e.setopt("timeoutMs", 1000));
    w.driver.until(() => order.length === 1);
    w.multi.removeHandle(es[3]!);
    let added = 0;
    const more: Easy[] = [];
    w.driver.until(() => {
      for (const m of w.driver.done.splice(0)) {
        if (added >= 40) continue;
        const e = new Easy();
        e.setopt("url", `http://10.0.0.1/n${added++}`);
        e.setopt("writeFunction", (d: Uint8Array) => d.length);
        e.setopt("timeoutMs", 5000);
        more.push(e);
        w.multi.removeHandle(m.easy);
        w.multi.addHandle(e);
      }
      return added >= 40 && w.multi.running === 0;
    });
    expect(order.slice(0, 3)).toEqual(["/0", "/1", "/2"]);
    expect(more.every((e) => e.getinfo("responseCode") === 200)).toBe(true);
  });
});

describe("a slot freed for one host goes on to a waiter of another", () => {
  test("maxHostConnections 1: a waiter of a busy host passes the wake on", () => {
    const w = makeWorld();
    w.multi.setopt("maxHostConnections", 1);
    const done: Record<string, number> = {};
    const t0 = w.clock.now();
    for (const [host, ms] of [
      ["10.0.0.1", 5],
      ["10.0.0.2", 1500],
    ] as const)
      httpServer(w.net, host, 80, (req, p) => p.write(response(200, req.target), ms));
    const urls = ["1/a0", "2/b0", "2/b1", "1/a1", "1/a2"].map((u) => `http://10.0.0.${u}`);
    for (const u of urls) {
      const e = new Easy();
      e.setopt("url", u);
      e.setopt("writeFunction", (d: Uint8Array) => d.length);
      e.setopt("private", u);
      w.multi.addHandle(e);
    }
    w.driver.until(() => w.multi.running === 0);
    for (const m of w.driver.done) done[String(m.easy.getinfo("private"))] = w.clock.now() - t0;
    expect(w.driver.done.every((m) => m.result === CURLE_OK)).toBe(true);
    // a1 and a2 need not wait for b0's 1.5 s: the slot a0 frees reaches them past b1.
    const order = w.driver.done.map((m) => String(m.easy.getinfo("private")).slice(-2));
    expect(order.slice(0, 3)).toEqual(["a0", "a1", "a2"]);
  });
});

describe("PendingQueue against a plain model", () => {
  test("seeded add / remove / wake / forget in any order", () => {
    const rnd = mulberry32(7);
    const q = new PendingQueue<Waiter>();
    const all: Waiter[] = Array.from({ length: 400 }, (_, i) => ({
      addSeq: i,
      queued: false,
      listed: false,
    }));
    // The model: the queued set, and the seq of the one woken last.
    const queued = new Set<number>();
    let last = -1;
    for (let op = 0; op < 60_000; op++) {
      const t = all[Math.floor(rnd() * all.length)]!;
      const r = rnd();
      if (r < 0.45) {
        q.add(t);
        queued.add(t.addSeq);
      } else if (r < 0.65) {
        q.remove(t);
        queued.delete(t.addSeq);
      } else if (r < 0.7) {
        q.forget(t);
        queued.delete(t.addSeq);
      } else {
        const got = q.wake();
        const sorted = [...queued].sort((a, b) => a - b);
        const want = sorted.find((s) => s > last) ?? sorted[0];
        expect(got?.addSeq).toBe(want);
        if (want !== undefined) {
          queued.delete(want);
          last = want;
        }
      }
      expect(q.length).toBe(queued.size);
      if (op % 97 === 0) q.assertInvariants();
    }
    q.assertInvariants();
  });
});

describe("removeHandle of a running transfer", () => {
  test("gets the last, forced progress call (multi_done from curl_multi_remove_handle)", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_req, p) =>
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", 1),
    );
    const calls: number[][] = [];
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    e.setopt("writeFunction", (d: Uint8Array) => d.length);
    e.setopt("noProgress", 0);
    e.setopt("xferInfoFunction", (_u: unknown, dlt: number, dln: number) => {
      calls.push([dlt, dln]);
      return 0;
    });
    w.multi.addHandle(e);
    w.driver.until(() => e.getinfo("sizeDownload") === 10);
    const before = calls.length;
    w.multi.removeHandle(e);
    expect(calls.length).toBe(before + 1);
    expect(calls.at(-1)).toEqual([100, 10]);
  });
});
