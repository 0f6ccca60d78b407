// Shared scenarios that combine two mechanisms (limits with dead connections, pause with removal, pause
// from outside any callback, decoding with removal), on every world like scenarios.ts.

import { describe, expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import {
  CURL_WRITEFUNC_PAUSE,
  CURLE_OK,
  CURLM_OK,
  CURLMOPT_MAX_TOTAL_CONNECTIONS,
  CURLOPT_ACCEPT_ENCODING,
  CURLPAUSE_CONT,
  CURLPAUSE_RECV,
} from "../../src/index.ts";
import { add, concat, expectBytes, get, makeBody, ok, outcome, worldPerTest } from "./client.ts";
import { drip, httpHead, type World } from "./harness.ts";

/** The response head for a body of n bytes, gzip-coded or not. */
const head = (n: number, gzip: boolean) => httpHead(n, gzip ? ["Content-Encoding: gzip"] : []);

export function combinationScenarios(name: string, makeWorld: () => World): void {
  const world = worldPerTest(makeWorld);
  const plain = makeBody(64 << 10, 21);
  const gz = new Uint8Array(gzipSync(makeBody(256 << 10, 23)));
  const decoded = makeBody(256 << 10, 23);

  describe(`${name}: limits and dead connections`, () => {
    test("maxTotalConnections 1, every reused connection dies on its next request: retried within the limit", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 1);
      const o = w.serve((req, c) => {
        if (c.requests.length === 2) c.end();
        else c.write(ok(`conn ${c.index} ${req.target}`));
      });
      const gs = [0, 1, 2].map((i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.runUntilDone(gs.map((g) => g.easy));
      expect(gs.map((g) => outcome(w, g))).toEqual([CURLE_OK, CURLE_OK, CURLE_OK]);
      expect(gs.map((g) => g.text())).toEqual(["conn 0 /0", "conn 1 /1", "conn 2 /2"]);
      expect(gs.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 1, 1]);
      expect(o.requests.map((r) => [r.conn, r.target])).toEqual([
        [0, "/0"],
        [0, "/1"],
        [1, "/1"],
        [1, "/2"],
        [2, "/2"],
      ]);
      expect(o.peakOpen).toBe(1);
      expect(w.done.map((d) => gs.findIndex((g) => g.easy === d.easy))).toEqual([0, 1, 2]);
    });

    test("removeHandle of a transfer waiting in the pending queue: the others all finish", async () => {
      const w = world();
      w.multi.setopt(CURLMOPT_MAX_TOTAL_CONNECTIONS, 1);
      // /0 is answered late, so the removal surely happens while it holds the only connection.
      const o = w.serve((req, c) =>
        w.later(req.target === "/0" ? 30 : 2, () => c.write(ok(`q ${req.target}`))),
      );
      const gs = [0, 1, 2, 3].map((i) => get(`${o.url}/${i}`));
      add(w, ...gs);
      await w.until(() => o.requests.length === 1, "the first request");
      expect(w.multi.removeHandle(gs[1]!.easy)).toBe(CURLM_OK);
      const rest = [gs[0]!, gs[2]!, gs[3]!];
      await w.runUntilDone(rest.map((g) => g.easy));
      expect(rest.map((g) => outcome(w, g))).toEqual([CURLE_OK, CURLE_OK, CURLE_OK]);
      expect(rest.map((g) => g.text())).toEqual(["q /0", "q /2", "q /3"]);
      expect(rest.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 0, 0]);
      expect(w.resultOf(gs[1]!.easy)).toBeUndefined();
      expect(gs[1]!.calls).toBe(0);
      // Removing a waiting transfer frees no slot, so it wakes nobody (libcurl's remove_handle wakes
      // one anyway and its round robin then runs /3 before /2: docs/differences.md); the slot /0
      // frees goes to /2, then /3, in the order they were added.
      expect(o.requests.map((r) => r.target)).toEqual(["/0", "/2", "/3"]);
      expect(o.conns.length).toBe(1);
      expect(w.multi.running).toBe(0);
    });
  });

  describe(`${name}: pause combined`, () => {
    for (const gzip of [false, true]) {
      const wire = gzip ? gz : plain;
      const expected = gzip ? decoded : plain;
      const kind = gzip ? "gzip body" : "plain body";

      test(`easy.pause(CURLPAUSE_RECV) from outside any callback, ${kind}: nothing while paused, all after CONT`, async () => {
        const w = world();
        const o = w.serve((_req, c) => {
          c.write(head(wire.length, gzip));
          drip(w, c, wire, 2048, 2);
        });
        const g = get(`${o.url}/`);
        if (gzip) g.easy.setopt(CURLOPT_ACCEPT_ENCODING, "");
        add(w, g);
        await w.until(() => g.calls > 0, "the first write");
        expect(w.resultOf(g.easy)).toBeUndefined();
        expect(g.easy.pause(CURLPAUSE_RECV)).toBe(CURLE_OK);
        const callsAtPause = g.calls;
        await w.sleep(80);
        expect(g.calls).toBe(callsAtPause);
        expect(w.resultOf(g.easy)).toBeUndefined();
        expect(g.easy.pause(CURLPAUSE_CONT)).toBe(CURLE_OK);
        await w.runUntilDone([g.easy]);
        expect(outcome(w, g)).toBe(CURLE_OK);
        expect(g.calls).toBeGreaterThan(callsAtPause);
        expectBytes(concat(g.copies), expected, "body as delivered");
        expectBytes(concat(g.refs), expected, "the delivered arrays, read again at the end");
      });

      test(`removeHandle of a paused transfer, ${kind}: never called again, its connection closed, the other finishes`, async () => {
        const w = world();
        const other = makeBody(16 << 10, 29);
        const o = w.serve((req, c) => {
          if (req.target === "/other") {
            drip(w, c, ok(other), 1024, 3);
            return;
          }
          c.write(head(wire.length, gzip));
          drip(w, c, wire, 4096, 1);
        });
        const paused = get(`${o.url}/paused`, () => CURL_WRITEFUNC_PAUSE);
        if (gzip) paused.easy.setopt(CURLOPT_ACCEPT_ENCODING, "");
        const b = get(`${o.url}/other`);
        add(w, paused, b);
        await w.until(() => paused.calls > 0, "the pausing write");
        await w.sleep(20);
        expect(paused.calls).toBe(1);
        expect(w.multi.removeHandle(paused.easy)).toBe(CURLM_OK);
        await w.runUntilDone([b.easy]);
        const conn = o.conns[o.requests.find((r) => r.target === "/paused")!.conn]!;
        await w.until(() => conn.closed, "the removed transfer's connection closed");
        expect(conn.closedByClient).toBe(true);
        expect(paused.calls).toBe(1);
        expect(w.resultOf(paused.easy)).toBeUndefined();
        expect(outcome(w, b)).toBe(CURLE_OK);
        expectBytes(concat(b.copies), other, "the other body");
        // The removed handle is reusable at once for a whole new transfer.
        const again = get(`${o.url}/other`);
        add(w, again);
        await w.runUntilDone([again.easy]);
        expect(outcome(w, again)).toBe(CURLE_OK);
        expect(again.easy.getinfo("numConnects")).toBe(0);
        expect(paused.calls).toBe(1);
      });
    }
  });
}
