// Multi-level scenarios as ONE suite, run against every world: the in-memory transport in virtual time
// and the Bun transport on real loopback sockets. Written against the public API only, as an
// application would: limits and the pending queue, pause (plain and decoded), removal and cancel,
// keep-alive reuse, stale connections, the progress callback's final call.

import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import {
  CURL_WRITEFUNC_PAUSE,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_RECV_ERROR,
  CURLM_OK,
  CURLMOPT_MAX_HOST_CONNECTIONS,
  CURLMOPT_MAX_TOTAL_CONNECTIONS,
  CURLOPT_ACCEPT_ENCODING,
  CURLOPT_NOPROGRESS,
  CURLOPT_XFERINFOFUNCTION,
  CURLPAUSE_CONT,
  CURLPAUSE_RECV,
} from "../../src/index.ts";
import {
  add,
  concat,
  expectBytes,
  type Get,
  get,
  makeBody,
  ok,
  outcome,
  tally,
  worldPerTest,
} from "./client.ts";
import { drip, httpHead, type ServerConn, type World } from "./harness.ts";

/** Registers every scenario for one world. */
export function multiScenarios(name: string, makeWorld: () => World): void {
  const world = worldPerTest(makeWorld);

  describe(`${name}: pending queue and connection limits`, () => {
    test("maxTotalConnections 1, 4 keep-alive GETs: one connection, numConnects 1,0,0,0, FIFO", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 1);
      const o = w.serve((req, c) => c.write(ok(`body of ${req.target}`)));
      const gs = [0, 1, 2, 3].map((i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.runUntilDone(gs.map((g) => g.easy));
      expect(gs.map((g) => outcome(w, g))).toEqual([CURLE_OK, CURLE_OK, CURLE_OK, CURLE_OK]);
      expect(gs.map((g) => g.text())).toEqual([0, 1, 2, 3].map((i) => `body of /${i}`));
      expect(gs.map((g) => g.easy.getinfo("responseCode"))).toEqual([200, 200, 200, 200]);
      expect(o.conns.length).toBe(1);
      expect(gs.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 0, 0, 0]);
      // Woken from the pending queue in the order they were added.
      expect(o.requests.map((r) => r.target)).toEqual(["/0", "/1", "/2", "/3"]);
      expect(w.done.map((d) => gs.findIndex((g) => g.easy === d.easy))).toEqual([0, 1, 2, 3]);
    });

    test("maxTotalConnections 1, 5 GETs answered with Connection: close: 5 connections one at a time, FIFO", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 1);
      const o = w.serve((req, c) => {
        c.write(ok(`closing ${req.target}`, ["Connection: close"]));
        c.end();
      });
      const gs = [0, 1, 2, 3, 4].map((i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.runUntilDone(gs.map((g) => g.easy));
      expect(gs.map((g) => outcome(w, g))).toEqual(Array(5).fill(CURLE_OK));
      expect(gs.map((g) => g.text())).toEqual([0, 1, 2, 3, 4].map((i) => `closing /${i}`));
      expect(o.conns.length).toBe(5);
      expect(o.peakOpen).toBe(1);
      expect(gs.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 1, 1, 1, 1]);
      expect(o.requests.map((r) => r.target)).toEqual(["/0", "/1", "/2", "/3", "/4"]);
      expect(w.done.map((d) => gs.findIndex((g) => g.easy === d.easy))).toEqual([0, 1, 2, 3, 4]);
    });

    test("maxTotalConnections 5, 20 GETs: all finish over exactly 5 connections", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 5);
      const o = w.serve((req, c) => w.later(2, () => c.write(ok(`r${req.target}`))));
      const gs = Array.from({ length: 20 }, (_, i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.runUntilDone(gs.map((g) => g.easy));
      expect(tally(w, gs)).toEqual({ [CURLE_OK]: 20 });
      expect(gs.map((g) => g.text())).toEqual(gs.map((_, i) => `r/${i}`));
      expect(o.conns.length).toBe(5);
      expect(o.peakOpen).toBeLessThanOrEqual(5);
      expect(gs.reduce((n, g) => n + (g.easy.getinfo("numConnects") as number), 0)).toBe(5);
      expect(o.requests.length).toBe(20);
    });

    test("maxHostConnections 10, 100 GETs: all finish, at most 10 connections", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_HOST_CONNECTIONS, 10);
      const o = w.serve((req, c) => w.later(1, () => c.write(ok(`h${req.target}`))));
      const gs = Array.from({ length: 100 }, (_, i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.runUntilDone(gs.map((g) => g.easy));
      expect(tally(w, gs)).toEqual({ [CURLE_OK]: 100 });
      expect(gs.filter((g, i) => g.text() !== `h/${i}`).length).toBe(0);
      expect(o.conns.length).toBe(10);
      expect(o.peakOpen).toBeLessThanOrEqual(10);
      expect(gs.reduce((n, g) => n + (g.easy.getinfo("numConnects") as number), 0)).toBe(10);
      expect(o.requests.length).toBe(100);
    });
  });

  describe(`${name}: pause`, () => {
    const plain = makeBody(64 << 10, 7);
    const decoded = makeBody(256 << 10, 11);
    const gz = new Uint8Array(gzipSync(decoded));

    /**
     * A server dripping the body 1 ms apart, in 4 KiB pieces (8 KiB compressed: each decodes to more
     * than one 16 KiB decoder output, so a pause can fall inside one input's output); `sent` tells when
     * it has all gone.
     */
    function serveBody(w: World, body: Uint8Array, gzip: boolean) {
      const state = { sent: false };
      const head = httpHead(body.length, gzip ? ["Content-Encoding: gzip"] : []);
      const o = w.serve((_req, c) => {
        c.write(head);
        drip(w, c, body, gzip ? 8192 : 4096, 1, () => {
          state.sent = true;
        });
      });
      return { o, state };
    }

    const cases = [
      { how: "CURL_WRITEFUNC_PAUSE", gzip: false },
      { how: "CURL_WRITEFUNC_PAUSE", gzip: true },
      { how: "easy.pause(CURLPAUSE_RECV)", gzip: false },
      { how: "easy.pause(CURLPAUSE_RECV)", gzip: true },
    ] as const;
    for (const gzip of [false, true]) {
      test(`no pause, ${gzip ? 'gzip body (acceptEncoding "")' : "plain body"}: the arrays handed to the write callback stay unchanged`, async () => {
        const w = world();
        const { o } = serveBody(w, gzip ? gz : plain, gzip);
        const g = get(`${o.url}/body`);
        if (gzip) g.easy.setopt(CURLOPT_ACCEPT_ENCODING, "");
        add(w, g);
        await w.runUntilDone([g.easy]);
        expect(outcome(w, g)).toBe(CURLE_OK);
        expect(g.calls).toBeGreaterThan(1);
        expectBytes(concat(g.copies), gzip ? decoded : plain, "body as delivered");
        expectBytes(
          concat(g.refs),
          gzip ? decoded : plain,
          "the delivered arrays, read again at the end",
        );
      });
    }

    for (const { how, gzip } of cases) {
      test(`${how} on the first write, ${gzip ? 'gzip body (acceptEncoding "")' : "plain body"}: nothing while paused, all after CONT, chunks unchanged`, async () => {
        const w = world();
        const expected = gzip ? decoded : plain;
        const { o, state } = serveBody(w, gzip ? gz : plain, gzip);
        let pausedNow = false;
        let duringPause = 0;
        let pauses = 0;
        let sentBeforeUnpause = false;
        let callsBeforeCont = -1;
        let contRc = -1;
        let pauseRc = -1;
        const g = get(`${o.url}/body`, (d, g) => {
          if (pausedNow) duringPause++;
          if (pauses > 0) return undefined;
          pauses++;
          pausedNow = true;
          if (how === "CURL_WRITEFUNC_PAUSE") return CURL_WRITEFUNC_PAUSE; // offered again later
          pauseRc = g.easy.pause(CURLPAUSE_RECV);
          g.refs.push(d);
          g.copies.push(d.slice());
          return d.length;
        });
        if (gzip) g.easy.setopt(CURLOPT_ACCEPT_ENCODING, "");
        add(w, g);
        // CONT once the server sent the whole body while the transfer was paused (a condition, not a
        // delay: a loaded machine may take longer than any fixed wait).
        await w.until(() => pausedNow && state.sent, "the whole body sent during the pause");
        sentBeforeUnpause = state.sent;
        callsBeforeCont = g.calls;
        pausedNow = false;
        contRc = g.easy.pause(CURLPAUSE_CONT);
        await w.runUntilDone([g.easy]);
        expect(outcome(w, g)).toBe(CURLE_OK);
        expect(pauses).toBe(1);
        if (how !== "CURL_WRITEFUNC_PAUSE") expect(pauseRc).toBe(CURLE_OK);
        expect(contRc).toBe(CURLE_OK);
        expect(sentBeforeUnpause).toBe(true); // the whole body was on its way during the pause
        expect(callsBeforeCont).toBe(1);
        expect(duringPause).toBe(0);
        expect(g.calls).toBeGreaterThan(1); // the rest came after CONT
        expectBytes(concat(g.copies), expected, "body as delivered");
        expect(g.easy.getinfo("sizeDownload")).toBe(gzip ? gz.length : plain.length);
        expectBytes(concat(g.refs), expected, "the delivered arrays, read again at the end");
      });
    }
  });

  describe(`${name}: removal mid-transfer`, () => {
    test("removeHandle during the body: no more callbacks, its connection closed, the other unaffected", async () => {
      const w = world();
      const slow = makeBody(64 << 10, 3);
      const other = makeBody(32 << 10, 5);
      const o = w.serve((req, c) => {
        if (req.target === "/slow") drip(w, c, ok(slow), 1024, 2);
        else if (req.target === "/other") drip(w, c, ok(other), 1024, 3);
        else c.write(ok("again"));
      });
      const a = get(`${o.url}/slow`);
      const b = get(`${o.url}/other`);
      add(w, a, b);
      await w.until(() => a.calls > 0 && b.calls > 0, "first body bytes of both");
      expect(w.multi.removeHandle(a.easy)).toBe(CURLM_OK);
      const callsAtRemove = a.calls;
      await w.runUntilDone([b.easy]);
      const connA = o.conns[o.requests.find((r) => r.target === "/slow")!.conn]!;
      const connB = o.conns[o.requests.find((r) => r.target === "/other")!.conn]!;
      await w.until(() => connA.closed, "the removed transfer's connection closed");
      expect(connA.closedByClient).toBe(true);
      expect(a.calls).toBe(callsAtRemove);
      expect(w.resultOf(a.easy)).toBeUndefined();
      expect(outcome(w, b)).toBe(CURLE_OK);
      expectBytes(concat(b.copies), other, "the other body");
      // A new transfer reuses the other connection, never the removed one's.
      const c = get(`${o.url}/again`);
      add(w, c);
      await w.runUntilDone([c.easy]);
      expect(outcome(w, c)).toBe(CURLE_OK);
      expect(c.text()).toBe("again");
      expect(c.easy.getinfo("numConnects")).toBe(0);
      expect(o.requests.at(-1)!.conn).toBe(connB.index);
      expect(o.conns.length).toBe(2);
      expect(a.calls).toBe(callsAtRemove);
    });
  });

  describe(`${name}: cancel`, () => {
    test("removeHandle of the last running transfer: the driver's run() resolves", async () => {
      const w = world();
      const o = w.serve((req, c) => {
        if (req.target === "/fast") c.write(ok("fast"));
        // /stall: headers and a first piece of a 1 MB body, then nothing
        else c.write(`HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n${"s".repeat(100)}`);
      });
      let removed = -1;
      const stall = get(`${o.url}/stall`, (_d, g) => {
        if (g.calls === 1) w.later(5, () => (removed = w.multi.removeHandle(g.easy)));
        return undefined;
      });
      const fast = get(`${o.url}/fast`);
      add(w, stall, fast);
      await w.run();
      expect(removed).toBe(CURLM_OK);
      expect(w.multi.running).toBe(0);
      expect(outcome(w, fast)).toBe(CURLE_OK);
      expect(w.resultOf(stall.easy)).toBeUndefined();
      expect(stall.text()).toBe("s".repeat(100));
      const conn = o.conns[o.requests.find((r) => r.target === "/stall")!.conn]!;
      await w.until(() => conn.closed, "the cancelled transfer's connection closed");
      expect(conn.closedByClient).toBe(true);
    });
  });

  describe(`${name}: keep-alive reuse`, () => {
    test("sequential GETs reuse one connection: numConnects 1, 0, 0", async () => {
      const w = world();
      const o = w.serve((req, c) => c.write(ok(`seq ${req.target}`)));
      const gs: Get[] = [];
      for (let i = 0; i < 3; i++) {
        const g = get(`${o.url}/${i}`);
        gs.push(g);
        add(w, g);
        await w.runUntilDone([g.easy]);
      }
      expect(gs.map((g) => outcome(w, g))).toEqual([CURLE_OK, CURLE_OK, CURLE_OK]);
      expect(gs.map((g) => g.text())).toEqual(["seq /0", "seq /1", "seq /2"]);
      expect(gs.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 0, 0]);
      expect(o.conns.length).toBe(1);
      expect(o.conns[0]!.requests.length).toBe(3);
    });
  });

  describe(`${name}: stale connections`, () => {
    /** conn 0 answers its first request, then drops the next one as `drop` says; later conns answer. */
    function dropSecond(w: World, drop: (c: ServerConn) => void) {
      return w.serve((req, c) => {
        if (c.index === 0 && c.requests.length === 2) drop(c);
        else c.write(ok(`conn ${c.index} ${req.target}`));
      });
    }

    for (const how of ["closes (FIN)", "resets"] as const) {
      test(`reused connection the server ${how} before any byte: retried on a fresh one, 0`, async () => {
        const w = world();
        const o = dropSecond(w, (c) => (how === "resets" ? c.reset() : c.end()));
        const first = get(`${o.url}/1`);
        add(w, first);
        await w.runUntilDone([first.easy]);
        expect(first.text()).toBe("conn 0 /1");
        const second = get(`${o.url}/2`);
        add(w, second);
        await w.runUntilDone([second.easy]);
        expect(outcome(w, second)).toBe(CURLE_OK);
        expect(second.text()).toBe("conn 1 /2");
        expect(second.easy.getinfo("responseCode")).toBe(200);
        expect(second.easy.getinfo("numConnects")).toBe(1);
        expect(o.conns.length).toBe(2);
        expect(o.requests.map((r) => [r.conn, r.target])).toEqual([
          [0, "/1"],
          [0, "/2"],
          [1, "/2"],
        ]);
      });
    }

    test("the server closes the idle connection: the next GET connects afresh and succeeds", async () => {
      const w = world();
      const o = w.serve((req, c) => {
        c.write(ok(`conn ${c.index} ${req.target}`));
        if (c.index === 0) w.later(5, () => c.end());
      });
      const first = get(`${o.url}/1`);
      add(w, first);
      await w.runUntilDone([first.easy]);
      await w.until(() => o.conns[0]!.closed, "the server closing the idle connection");
      await w.sleep(20);
      const second = get(`${o.url}/2`);
      add(w, second);
      await w.runUntilDone([second.easy]);
      expect(outcome(w, second)).toBe(CURLE_OK);
      expect(second.text()).toBe("conn 1 /2");
      expect(second.easy.getinfo("numConnects")).toBe(1);
      expect(o.conns.length).toBe(2);
      expect(o.requests.map((r) => r.conn)).toEqual([0, 1]);
    });

    test("a FRESH connection closed before any byte is not retried: CURLE_GOT_NOTHING", async () => {
      const w = world();
      const o = w.serve((_req, c) => c.end());
      const g = get(`${o.url}/`);
      add(w, g);
      await w.runUntilDone([g.easy]);
      expect(w.resultOf(g.easy)).toBe(CURLE_GOT_NOTHING);
      expect(g.easy.getinfo("errorBuffer")).toBe("Empty reply from server");
      expect(g.calls).toBe(0);
      expect(o.conns.length).toBe(1);
      expect(o.requests.length).toBe(1);
      expect(g.easy.getinfo("numConnects")).toBe(1);
    });

    test("a FRESH connection reset before any byte is not retried: CURLE_RECV_ERROR", async () => {
      const w = world();
      const o = w.serve((_req, c) => c.reset());
      const g = get(`${o.url}/`);
      add(w, g);
      await w.runUntilDone([g.easy]);
      expect(w.resultOf(g.easy)).toBe(CURLE_RECV_ERROR);
      expect(g.easy.getinfo("errorBuffer")).toBe("Recv failure: Connection reset by peer");
      expect(g.easy.getinfo("numConnects")).toBe(1);
      expect(g.calls).toBe(0);
      expect(o.conns.length).toBe(1);
      expect(o.requests.length).toBe(1);
    });
  });

  describe(`${name}: progress`, () => {
    test("xferInfoFunction with noProgress 0: the last call reports the whole body", async () => {
      const w = world();
      const body = makeBody(20 << 10, 9);
      const o = w.serve((_req, c) => drip(w, c, ok(body), 1024, 2));
      /** [dltotal, dlnow, write callbacks so far] per progress call */
      const seen: [number, number, number][] = [];
      const g = get(`${o.url}/`);
      g.easy.setopt(CURLOPT_NOPROGRESS, 0);
      g.easy.setopt(CURLOPT_XFERINFOFUNCTION, (_u: unknown, dltotal: number, dlnow: number) => {
        seen.push([dltotal, dlnow, g.calls]);
        return 0;
      });
      add(w, g);
      await w.runUntilDone([g.easy]);
      expect(outcome(w, g)).toBe(CURLE_OK);
      expectBytes(concat(g.copies), body, "body");
      expect(seen.length).toBeGreaterThan(1);
      for (let i = 1; i < seen.length; i++)
        expect(seen[i]![1]).toBeGreaterThanOrEqual(seen[i - 1]![1]);
      // Curl_pgrsDone's forced call: after the last write, with everything counted.
      expect(seen.at(-1)).toEqual([body.length, body.length, g.calls]);
    });
  });
}
