import { handleOf } from "../../src/easy/easy.ts";
import { multiCore } from "../../src/multi/multi.ts";
// Exact callback sequences of whole transfers in virtual time: fresh connection, keep-alive reuse,
// removal mid-transfer, the timer's dedup and the kick-start.

import { describe, expect, test } from "bun:test";
import {
  CURL_SOCKET_TIMEOUT,
  CURLE_OK,
  CURLM_OK,
  CURLMSG_DONE,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

function collect(easy: Easy): string[] {
  const chunks: string[] = [];
  easy.setopt("writeFunction", (d: Uint8Array) => {
    chunks.push(new TextDecoder().decode(d));
    return d.length;
  });
  return chunks;
}

describe("socket and timer callback sequences", () => {
  test("one GET on a fresh connection", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_req, peer) => peer.write(response(200, "hello"), 5), {
      connectDelayMs: 3,
    });
    const easy = new Easy();
    easy.setopt("url", "http://10.0.0.1/");
    const body = collect(easy);
    expect(w.multi.addHandle(easy)).toBe(CURLM_OK);
    // addHandle announces "due now".
    expect(w.driver.log).toEqual(["timer 0"]);
    w.driver.run();
    expect(w.driver.log).toEqual([
      "timer 0",
      // kick-start: the transfer connects and waits for writability; the RUN_NOW timer was consumed
      // and the connect timeout (libcurl's 300 s default) is the nearest deadline
      "sock 0 OUT",
      "timer 300000",
      // connected: request sent at once, now waiting for the response; no deadline left
      "sock 0 IN",
      "timer -1",
      // response complete: connection parked idle, socket no longer watched
      "sock 0 REMOVE",
    ]);
    expect(body.join("")).toBe("hello");
    expect(w.driver.done.map((m) => [m.msg, m.easy, m.result])).toEqual([
      [CURLMSG_DONE, easy, CURLE_OK],
    ]);
    expect(w.multi.running).toBe(0);
    expect(easy.getinfo("responseCode")).toBe(200);
    expect(easy.getinfo("totalTimeT")).toBe(8000);
    expect(easy.getinfo("connectTimeT")).toBe(3000);
    expect(easy.getinfo("starttransferTimeT")).toBe(8000);
    expect(easy.getinfo("numConnects")).toBe(1);
    expect(w.net.transport.open).toBe(1); // kept alive in the cache
  });

  test("a second transfer reuses the idle connection", () => {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 80, (_req, peer, i) =>
      peer.write(response(200, `r${i}`), 1),
    );
    const a = new Easy();
    a.setopt("url", "http://10.0.0.1/a");
    w.multi.addHandle(a);
    w.driver.run();
    w.driver.log.length = 0;
    const b = new Easy();
    b.setopt("url", "http://10.0.0.1/b");
    const body = collect(b);
    w.multi.addHandle(b);
    w.driver.run();
    expect(w.driver.log).toEqual(["timer 0", "sock 0 IN", "timer -1", "sock 0 REMOVE"]);
    expect(body.join("")).toBe("r1");
    expect(w.net.peers.length).toBe(1);
    expect(srv.requests.map((r) => r.target)).toEqual(["/a", "/b"]);
    expect(b.getinfo("numConnects")).toBe(0);
  });

  test("Connection: close gives REMOVE then the socket is closed", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_req, peer) =>
      peer.write(response(200, "x", ["Connection: close"])),
    );
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    w.multi.addHandle(e);
    w.driver.run();
    expect(w.driver.log.at(-1)).toBe("sock 0 REMOVE");
    expect(w.net.transport.open).toBe(0);
  });

  test("removeHandle mid-transfer: REMOVE, connection closed, message never delivered", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_req, peer) =>
      peer.drip(response(200, "abcdefghij"), 5, 10),
    );
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    w.multi.addHandle(e);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    w.driver.until(() => e.getinfo("sizeDownload") !== 0);
    const before = w.driver.log.length;
    expect(w.multi.removeHandle(e)).toBe(CURLM_OK);
    expect(w.driver.log.slice(before)).toEqual(["sock 0 REMOVE"]);
    expect(w.net.transport.open).toBe(0);
    expect(w.multi.running).toBe(0);
    expect(w.multi.infoRead()).toBeUndefined();
    w.multi.assertInvariants();
    // The handle can be added again at once and runs a whole new transfer.
    expect(w.multi.addHandle(e)).toBe(CURLM_OK);
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });

  test("removing a finished handle drops its unread message and keeps the connection", () => {
    const w = makeWorld();
    w.driver.checkInvariants = true;
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok")));
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    w.multi.addHandle(e);
    // Run without reading messages.
    w.multi.poller.onReady = (s, ev) => w.multi.socketAction(s, ev);
    w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    for (let i = 0; i < 50; i++) {
      w.net.transport.poller.dispatch();
      w.sched.runDue();
      if (w.multi.msgsInQueue > 0) break;
      w.clock.advance(1);
    }
    expect(w.multi.msgsInQueue).toBe(1);
    expect(w.multi.removeHandle(e)).toBe(CURLM_OK);
    expect(w.multi.msgsInQueue).toBe(0);
    expect(w.multi.infoRead()).toBeUndefined();
    expect(w.net.transport.open).toBe(1);
  });
});

describe("the timer callback", () => {
  test("is called only when the absolute deadline changes, and again after a timeout action", () => {
    const w = makeWorld({ noDriver: true });
    httpServer(w.net, "10.0.0.1", 80, () => {}); // never answers: the deadlines stay put
    const calls: number[] = [];
    w.multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      calls.push(ms);
      return 0;
    });
    const a = new Easy();
    a.setopt("url", "http://10.0.0.1/");
    a.setopt("timeoutMs", 500);
    const b = new Easy();
    b.setopt("url", "http://10.0.0.1/");
    b.setopt("timeoutMs", 500);
    w.multi.addHandle(a);
    // Same absolute deadline (now + 0) for b: no second call.
    w.multi.addHandle(b);
    expect(calls).toEqual([0]);
    // Both start; the nearest deadline is now their total timeout, 500 ms away: announced once.
    w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    expect(calls).toEqual([0, 500]);
    // Calls that leave the nearest deadline where it was keep quiet.
    w.multi.perform();
    w.multi.socketAction(12345, 0);
    w.clock.advance(100);
    w.multi.perform();
    expect(calls).toEqual([0, 500]);
    // A timeout action announces the (unchanged) deadline again, with the time left.
    w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    expect(calls).toEqual([0, 500, 400]);
    // Removing a keeps b's deadline, the same absolute time: no call; removing b empties it: -1.
    w.multi.removeHandle(a);
    expect(calls).toEqual([0, 500, 400]);
    w.multi.removeHandle(b);
    expect(calls).toEqual([0, 500, 400, -1]);
  });

  test("rounds up to whole ms and reports -1 when nothing is pending", () => {
    const w = makeWorld({ noDriver: true });
    const calls: number[] = [];
    w.multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      calls.push(ms);
      return 0;
    });
    w.clock.t = 1000.25;
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/"); // nobody listens: connect is refused
    w.multi.addHandle(e);
    multiCore(w.multi).timerQueue.expireDone(handleOf(e).transfer!.slot, 8); // drop RUN_NOW by hand to set a fractional deadline
    multiCore(w.multi).timerQueue.expireAt(handleOf(e).transfer!.slot, 1010.5, 10);
    w.multi.perform(); // runs the transfer: refused connect is not yet reported (async)
    expect(calls.at(-1)).toBe(11); // 10.25 ms rounded up
    expect(w.multi.timeout()).toBe(11);
    // The refusal arrives; the transfer ends and nothing is pending: the timer is deleted (-1).
    w.sched.runDue();
    w.multi.perform();
    expect(w.multi.infoRead()?.result).toBe(7); // CURLE_COULDNT_CONNECT
    expect(calls.at(-1)).toBe(-1);
    expect(w.multi.timeout()).toBe(-1);
  });
});
