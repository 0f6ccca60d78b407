// The field-line cache under fetch()'s Headers: equal heads share one Headers object (copied by each
// Response), and a head that differs in any byte, even at the same length, gets its own values.

import { afterAll, describe, expect, test } from "bun:test";
import { fieldHeaders, fieldPairs, reasonPhrase } from "../../src/driver/field-cache.ts";
import { HeadLines } from "../../src/driver/head-lines.ts";
import { fetch } from "../../src/index.ts";

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s);

describe("field cache (pure)", () => {
  test("an equal head is the same Headers object; one byte different is not", () => {
    const a = bytes("X-Id: 1\r\nServer: t\r\n");
    const a2 = bytes("X-Id: 1\r\nServer: t\r\n");
    const b = bytes("X-Id: 2\r\nServer: t\r\n"); // same length, one byte apart
    const ha = fieldHeaders(a, 0, a.length);
    expect(fieldHeaders(a2, 0, a2.length)).toBe(ha);
    const hb = fieldHeaders(b, 0, b.length);
    expect(hb).not.toBe(ha);
    expect(ha.get("x-id")).toBe("1");
    expect(hb.get("x-id")).toBe("2");
    expect(fieldHeaders(a, 0, a.length).get("x-id")).toBe("1");
  });

  test("pairs: lines reused by position, a changed line decoded afresh, no-colon lines skipped", () => {
    const one = bytes("Date: Mon\r\nServer: t\r\n");
    const two = bytes("Date: Tue\r\nServer: t\r\nbogus\r\nX: y\r\n");
    const p1 = fieldPairs(one, 0, one.length);
    const p2 = fieldPairs(two, 0, two.length);
    expect(p1).toEqual([
      ["Date", "Mon"],
      ["Server", "t"],
    ]);
    expect(p2).toEqual([
      ["Date", "Tue"],
      ["Server", "t"],
      ["X", "y"],
    ]);
    expect(p2[1]).toBe(p1[1]!); // the unchanged line's pair is shared
  });

  test("a range inside a larger buffer, and repeated names kept as separate fields", () => {
    const buf = bytes("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n");
    const start = "HTTP/1.1 200 OK\r\n".length;
    const h = fieldHeaders(buf, start, buf.length - 2);
    expect(h.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(reasonPhrase(buf, start)).toBe("OK");
    const other = bytes("HTTP/1.1 404 Not Found\r\n");
    expect(reasonPhrase(other, other.length)).toBe("Not Found");
    expect(reasonPhrase(buf, start)).toBe("OK");
  });

  test("HeadLines.lineAt takes ranges and starts afresh on each status line", () => {
    const h = new HeadLines();
    const all = bytes(
      "xxHTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\nA: 1\r\n\r\n",
    );
    const lines: [number, number][] = [];
    let at = 2;
    while (at < all.length) {
      const lf = all.indexOf(0x0a, at);
      lines.push([at, lf + 1]);
      at = lf + 1;
    }
    const ends = lines.map(([s, e]) => h.lineAt(all, s, e));
    expect(ends).toEqual([false, false, true, false, false, true]);
    expect(h.status).toBe(200);
    expect(h.statusText).toBe("OK");
    expect(h.location).toBe(false);
    expect(h.headersInit().get("a")).toBe("1");
    expect(h.headersInit().has("location")).toBe(false);
  });
});

describe("fetch() over real sockets", () => {
  let n = 0;
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: () => new Response("x", { headers: { "x-id": String(n++ % 10) } }),
  });
  afterAll(() => server.stop(true));

  test("heads of the same length with other values give each Response its own headers", async () => {
    const url = `http://127.0.0.1:${server.port}/`;
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fetch(url);
      await r.arrayBuffer();
      seen.push(r.headers.get("x-id")!);
      // A user's change to one Response's headers reaches no later one.
      r.headers.set("x-id", "changed");
    }
    expect(seen).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1"]);
  });
});
