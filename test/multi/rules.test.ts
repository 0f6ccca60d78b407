import { handleOf } from "../../src/easy/easy.ts";
// Rules a mutation pass found untested, each pinned in virtual time so that breaking it fails a test:
// the timer re-announced after a timeout action, credentials on redirects (scheme, host AND port), no
// stale-connection retry on a fresh connection, bytes on an idle connection, 303 and the method, the
// pending queue's order, the default connection cache size, the 300 KiB header limit and the 1 MiB
// Expect: 100-continue threshold (lib/http.h EXPECT_100_THRESHOLD, `client_len > threshold`).

import { describe, expect, test } from "bun:test";
import {
  CURL_REDIR_POST_303,
  CURL_SOCKET_TIMEOUT,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_RECV_ERROR,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import type { PeerSocket } from "../../src/transport/memory/network.ts";
import { httpServer, makeWorld, response, type SeenRequest } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

function easyFor(
  url: string,
  setup: (e: Easy) => void = () => {},
): { e: Easy; body: () => string } {
  const e = new Easy();
  e.setopt("url", url);
  let body = "";
  e.setopt("writeFunction", (d: Uint8Array) => {
    body += Buffer.from(d).toString("latin1");
    return d.length;
  });
  setup(e);
  return { e, body: () => body };
}

function runOne(w: W, url: string, setup: (e: Easy) => void = () => {}) {
  const h = easyFor(url, setup);
  w.multi.addHandle(h.e);
  w.driver.run();
  return {
    e: h.e,
    result: w.driver.resultOf(h.e),
    body: h.body(),
    detail: String(h.e.getinfo("errorBuffer")),
  };
}

const basic = (up: string) => `Basic ${Buffer.from(up).toString("base64")}`;

describe("the timer callback after CURL_SOCKET_TIMEOUT", () => {
  test("a premature timeout action re-announces the unchanged deadline; other calls stay quiet", () => {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 80, () => {}); // reads the request, never answers
    const { e } = easyFor("http://10.0.0.1/", (e) => e.setopt("timeoutMs", 1000));
    const t0 = w.clock.now();
    w.multi.addHandle(e);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    w.driver.until(() => srv.requests.length === 1);
    expect(w.driver.timerAt).toBe(t0 + 1000); // the total timeout is the only deadline left
    w.clock.advance(400);
    w.driver.log.length = 0;
    // Nothing expired and the deadline did not move, yet the application asked: libcurl clears
    // last_expire_ts for CURL_SOCKET_TIMEOUT, so the callback hears the deadline again.
    expect(w.driver.action(CURL_SOCKET_TIMEOUT, 0)).toBe(0);
    expect(w.driver.log).toEqual(["timer 600"]);
    // A second one, again: it is announced each time.
    w.clock.advance(100);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    expect(w.driver.log).toEqual(["timer 600", "timer 500"]);
    // perform() and an action on the transfer's own socket change nothing: no call.
    w.multi.perform();
    w.driver.action(handleOf(e).transfer!.conn!.s, 0);
    expect(w.driver.log).toEqual(["timer 600", "timer 500"]);
    w.multi.removeHandle(e);
  });
});

describe("credentials on redirects: same scheme, host AND port only (CVE-2022-27776)", () => {
  function chain(
    from: string,
    to: string,
    setup: (e: Easy) => void,
    listen: [string, number][] = [["10.0.0.1", 80]],
  ) {
    const w = makeWorld();
    const seen: SeenRequest[] = [];
    for (const [host, port] of listen)
      httpServer(w.net, host, port, (req, p) => {
        seen.push(req);
        p.write(seen.length === 1 ? response(302, "", [`Location: ${to}`]) : response(200, "ok"));
      });
    const r = runOne(w, from, (e) => {
      e.setopt("followLocation", 1);
      setup(e);
    });
    expect(r.result).toBe(CURLE_OK);
    expect(seen.length).toBe(2);
    return { first: seen[0]!, second: seen[1]! };
  }
  // userPwd makes the Authorization header; a custom one replaces it (libcurl's Curl_checkheaders), so
  // the custom Authorization is checked in a run of its own.
  const userPwd = (e: Easy) => {
    e.setopt("userPwd", "user:secret");
    e.setopt("httpHeader", ["Cookie: c=1", "X-Keep: yes"]);
  };
  const custom = (e: Easy) => e.setopt("httpHeader", ["Authorization: Custom xyz", "X-Keep: yes"]);
  const origins: [string, string, [string, number][]][] = [
    [
      "same host, another port",
      "http://10.0.0.1:8080/b",
      [
        ["10.0.0.1", 80],
        ["10.0.0.1", 8080],
      ],
    ],
    ["same host and port, another scheme", "https://10.0.0.1:80/b", [["10.0.0.1", 80]]],
    [
      "another host, same port",
      "http://10.0.0.2/b",
      [
        ["10.0.0.1", 80],
        ["10.0.0.2", 80],
      ],
    ],
  ];

  for (const [name, to, listen] of origins)
    test(`${name}: Authorization (userPwd or custom) and the user Cookie are dropped`, () => {
      const a = chain("http://10.0.0.1/", to, userPwd, listen);
      expect(a.first.header("authorization")).toBe(basic("user:secret"));
      expect(a.first.header("cookie")).toBe("c=1");
      expect(a.second.header("x-keep")).toBe("yes");
      expect(a.second.header("authorization")).toBeUndefined();
      expect(a.second.header("cookie")).toBeUndefined();
      const b = chain("http://10.0.0.1/", to, custom, listen);
      expect(b.first.header("authorization")).toBe("Custom xyz");
      expect(b.second.header("x-keep")).toBe("yes");
      expect(b.second.header("authorization")).toBeUndefined();
    });

  test("same scheme, host and port (port spelled out): kept", () => {
    const a = chain("http://10.0.0.1/", "http://10.0.0.1:80/b", userPwd);
    expect(a.second.target).toBe("/b");
    expect(a.second.header("authorization")).toBe(basic("user:secret"));
    expect(a.second.header("cookie")).toBe("c=1");
    const b = chain("http://10.0.0.1/", "/b", custom);
    expect(b.second.header("authorization")).toBe("Custom xyz");
  });

  test("URL credentials: kept on the same origin, dropped on another port", () => {
    const same = chain("http://cy:pw@10.0.0.1/", "/b", () => {});
    expect(same.first.header("authorization")).toBe(basic("cy:pw"));
    expect(same.second.header("authorization")).toBe(basic("cy:pw"));
    const other = chain("http://cy:pw@10.0.0.1/", "http://10.0.0.1:8080/b", () => {}, [
      ["10.0.0.1", 80],
      ["10.0.0.1", 8080],
    ]);
    expect(other.first.header("authorization")).toBe(basic("cy:pw"));
    expect(other.second.header("authorization")).toBeUndefined();
  });
});

describe("no stale-connection retry on a fresh connection", () => {
  function server(w: W, answer: (p: PeerSocket, conn: number) => void) {
    let conns = 0;
    w.net.listen("10.0.0.1", 80, (p) => {
      const n = ++conns;
      p.onData = () => answer(p, n);
    });
  }

  test("a fresh connection closed before any byte: GOT_NOTHING, one connection, no retry", () => {
    const w = makeWorld();
    server(w, (p) => p.end(1));
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_GOT_NOTHING);
    expect(r.detail).toBe("Empty reply from server");
    expect(w.net.peers.length).toBe(1);
    expect(handleOf(r.e).info.retries).toBe(0);
  });

  test("a fresh connection reset before any byte: RECV_ERROR, one connection, no retry", () => {
    const w = makeWorld();
    server(w, (p) => p.reset(1));
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_RECV_ERROR);
    expect(r.detail).toMatch(/Connection reset by peer/);
    expect(w.net.peers.length).toBe(1);
    expect(handleOf(r.e).info.retries).toBe(0);
  });

  test("the same failures on a reused connection are retried once on a fresh one", () => {
    for (const fail of ["end", "reset"] as const) {
      const w = makeWorld();
      server(w, (p, conn) => {
        if (conn === 1 && p.receivedText().split("\r\n\r\n").length > 2) p[fail](1);
        else p.write(response(200, `c${conn}`), 1);
      });
      expect(runOne(w, "http://10.0.0.1/").body).toBe("c1");
      const r = runOne(w, "http://10.0.0.1/");
      expect(r.result).toBe(CURLE_OK);
      expect(r.body).toBe("c2");
      expect(handleOf(r.e).info.retries).toBe(1);
      expect(w.net.peers.length).toBe(2);
    }
  });

  test("a reset after the retry's fresh connect is not retried again", () => {
    const w = makeWorld();
    server(w, (p, conn) => {
      if (conn === 1 && p.receivedText().split("\r\n\r\n").length <= 2)
        p.write(response(200, "one"));
      else p.reset(1);
    });
    expect(runOne(w, "http://10.0.0.1/").body).toBe("one");
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_RECV_ERROR);
    expect(handleOf(r.e).info.retries).toBe(1); // the reused one died: one retry; the fresh one died: the end
    expect(w.net.peers.length).toBe(2);
  });
});

describe("an idle connection that received bytes", () => {
  test("is closed instead of reused; the next transfer opens a fresh one", () => {
    const w = makeWorld();
    let conns = 0;
    w.net.listen("10.0.0.1", 80, (p) => {
      const n = ++conns;
      p.onData = () => {
        p.write(response(200, `c${n}`));
        // Junk after the response, while the connection sits idle in the cache.
        if (n === 1) p.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale", 5);
      };
    });
    expect(runOne(w, "http://10.0.0.1/").body).toBe("c1");
    expect(w.net.transport.open).toBe(1); // parked
    w.clock.advance(10);
    w.sched.runDue(); // the junk arrives on the parked connection
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("c2");
    expect(r.e.getinfo("numConnects")).toBe(1);
    expect(w.net.peers.length).toBe(2);
    w.clock.advance(1);
    w.sched.runDue();
    expect(w.net.peers[0]!.clientClosed).toBe(true); // closed, not left in the cache
    expect(w.net.transport.open).toBe(1);
  });

  test("without the bytes the same connection is reused (the control)", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p, i) => p.write(response(200, `r${i}`)));
    runOne(w, "http://10.0.0.1/");
    w.clock.advance(10);
    w.sched.runDue();
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.body).toBe("r1");
    expect(r.e.getinfo("numConnects")).toBe(0);
    expect(w.net.peers.length).toBe(1);
  });
});

describe("303 and the method", () => {
  function follow303(setup: (e: Easy) => void) {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 80, (req, p) =>
      p.write(
        req.target === "/p"
          ? response(303, "", ["Location: /q"])
          : response(200, `${req.method} ${req.body.length}`),
      ),
    );
    const r = runOne(w, "http://10.0.0.1/p", (e) => {
      e.setopt("followLocation", 1);
      setup(e);
    });
    expect(srv.requests.length).toBe(2);
    return { r, first: srv.requests[0]!, second: srv.requests[1]! };
  }
  const put = (e: Easy) => {
    let fed = false;
    e.setopt("upload", 1);
    e.setopt("inFileSize", 3);
    e.setopt("readFunction", (buf: Uint8Array) => {
      if (fed) return 0;
      fed = true;
      buf.set([97, 98, 99]);
      return 3;
    });
  };

  test("a PUT becomes a GET without a body (no rewind needed), even with postRedir 303", () => {
    for (const keep of [0, CURL_REDIR_POST_303]) {
      const { r, first, second } = follow303((e) => {
        put(e);
        e.setopt("postRedir", keep);
      });
      expect(first.method).toBe("PUT");
      expect(first.body.length).toBe(3);
      expect(r.result).toBe(CURLE_OK);
      expect(r.body).toBe("GET 0");
      expect(second.header("content-length")).toBeUndefined();
      expect(second.header("expect")).toBeUndefined();
    }
  });

  test("a POST becomes a GET; with postRedir CURL_REDIR_POST_303 it stays a POST with its body", () => {
    const get = follow303((e) => e.setopt("postFields", "a=1"));
    expect(get.r.body).toBe("GET 0");
    expect(get.second.header("content-type")).toBeUndefined();
    const kept = follow303((e) => {
      e.setopt("postFields", "a=1");
      e.setopt("postRedir", CURL_REDIR_POST_303);
    });
    expect(kept.r.body).toBe("POST 3");
    expect(kept.second.header("content-length")).toBe("3");
  });
});

describe("the pending queue", () => {
  test("transfers waiting for a slot start in the order they were added (FIFO)", () => {
    const w = makeWorld();
    w.multi.setopt("maxHostConnections", 1);
    const order: string[] = [];
    httpServer(w.net, "10.0.0.1", 80, (req, p) => {
      order.push(req.target);
      p.write(response(200, "x", ["Connection: close"]), 3);
    });
    const hs = ["/a", "/b", "/c", "/d", "/e"].map((t) => easyFor(`http://10.0.0.1${t}`).e);
    for (const e of hs) w.multi.addHandle(e);
    w.driver.run();
    expect(order).toEqual(["/a", "/b", "/c", "/d", "/e"]);
    expect(hs.map((e) => w.driver.resultOf(e))).toEqual(Array(5).fill(CURLE_OK));
  });

  test("a woken transfer that finds no slot goes back to its place, not lost (round-robin wake)", () => {
    // Waiting transfers are ordered by when they were added, and a freed slot wakes one of them,
    // round robin after the one woken last (libcurl's multi_schedule_pending). maxHostConnections 1:
    // X holds h2 for 100 ms, A holds h1 for 10 ms; B (h2), C and D (h1) wait. A's end wakes B, which
    // finds h2 still busy, goes back to its place and passes the slot on to C (libcurl would leave
    // it unused until X ends); C's end wakes D; X's end wraps around to B.
    const w = makeWorld();
    w.multi.setopt("maxHostConnections", 1);
    const order: string[] = [];
    for (const [host, slowMs] of [
      ["10.0.0.1", 10],
      ["10.0.0.2", 100],
    ] as const)
      httpServer(w.net, host, 80, (req, p) => {
        order.push(req.target);
        p.write(response(200, req.target), req.target === "/x" ? slowMs : 10);
      });
    const hs = [
      "http://10.0.0.2/x",
      "http://10.0.0.1/a",
      "http://10.0.0.2/b",
      "http://10.0.0.1/c",
      "http://10.0.0.1/d",
    ].map((u) => easyFor(u).e);
    for (const e of hs) w.multi.addHandle(e);
    const t0 = w.clock.now();
    w.driver.run();
    expect(hs.map((e) => w.driver.resultOf(e))).toEqual(Array(5).fill(CURLE_OK));
    expect(order).toEqual(["/x", "/a", "/c", "/d", "/b"]);
    // Nobody waited for a timeout, nor for X: C and D run while X does, B follows X at 110 ms.
    expect(w.clock.now() - t0).toBe(110);
    // B and C, D reused the parked connections (idle connection first), no extra connects.
    expect(hs.map((e) => e.getinfo("numConnects"))).toEqual([1, 1, 0, 0, 0]);
  });

  test("maxTotalConnections 1 across four hosts: each closes the idle one before it, none is lost", () => {
    // Closing A's idle connection to make room for B must not wake (and lose) C: C waits its turn.
    const w = makeWorld();
    w.multi.setopt("maxTotalConnections", 1);
    const order: string[] = [];
    const hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"];
    for (const h of hosts)
      httpServer(w.net, h, 80, (_r, p) => {
        order.push(h);
        p.write(response(200, h), 2);
      });
    const hs = hosts.map((h) => easyFor(`http://${h}/`).e);
    for (const e of hs) w.multi.addHandle(e);
    const t0 = w.clock.now();
    w.driver.run(100_000);
    expect(hs.map((e) => w.driver.resultOf(e))).toEqual(Array(4).fill(CURLE_OK));
    expect(order).toEqual(hosts);
    expect(w.clock.now() - t0).toBe(8); // four 2 ms answers back to back, no timeout waited for
    expect(w.net.transport.open).toBe(1);
  });

  test("a transfer woken from the queue takes an idle connection first", () => {
    // maxTotalConnections 1, one host, keep-alive: every queued transfer reuses the one connection.
    const w = makeWorld();
    w.multi.setopt("maxTotalConnections", 1);
    const order: string[] = [];
    httpServer(w.net, "10.0.0.1", 80, (req, p) => {
      order.push(req.target);
      p.write(response(200, "x"), 2);
    });
    const hs = ["/a", "/b", "/c", "/d"].map((t) => easyFor(`http://10.0.0.1${t}`).e);
    for (const e of hs) w.multi.addHandle(e);
    w.driver.run(100_000);
    expect(hs.map((e) => w.driver.resultOf(e))).toEqual(Array(4).fill(CURLE_OK));
    expect(order).toEqual(["/a", "/b", "/c", "/d"]);
    expect(w.net.peers.length).toBe(1);
    expect(hs.map((e) => e.getinfo("numConnects"))).toEqual([1, 0, 0, 0]);
  });
});

describe("the default connection cache size: 4 x the running transfers", () => {
  test("idle connections beyond 4 x running (the finishing one included) are closed, oldest first", () => {
    const w = makeWorld();
    const hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"];
    // Host i answers after i+1 ms: they finish in order, 10.0.0.1 first.
    hosts.forEach((h, i) => {
      httpServer(w.net, h, 80, (_r, p) => p.write(response(200, h), i + 1));
    });
    httpServer(w.net, "10.0.0.9", 80, (_r, p) => p.write(response(200, "slow"), 100));
    const fast = hosts.map((h) => easyFor(`http://${h}/`).e);
    const slow = easyFor("http://10.0.0.9/").e;
    for (const e of [...fast, slow]) w.multi.addHandle(e);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    w.driver.until(() => fast.every((e) => w.driver.resultOf(e) !== undefined));
    // The last fast one ended with 2 running (itself and the slow one): room for 8 idle, all 5 kept.
    expect(w.multi.running).toBe(1);
    expect(w.net.transport.open).toBe(6);
    w.driver.until(() => w.multi.running === 0);
    expect(w.driver.resultOf(slow)).toBe(CURLE_OK);
    // The slow one ended alone: 4 x 1 = 4 idle kept, the two oldest closed.
    w.clock.advance(1);
    w.sched.runDue();
    expect(w.net.transport.open).toBe(4);
    expect(w.net.peers.map((p) => p.clientClosed)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    // Still 6 handles added (none removed): the limit follows running transfers, not added ones.
    const again = runOne(w, "http://10.0.0.1/");
    expect(again.e.getinfo("numConnects")).toBe(1);
    const reused = runOne(w, "http://10.0.0.9/");
    expect(reused.e.getinfo("numConnects")).toBe(0);
  });

  test("five transfers ending one after another: the fifth leaves 4 idle", () => {
    const w = makeWorld();
    const hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"];
    hosts.forEach((h, i) => {
      httpServer(w.net, h, 80, (_r, p) => p.write(response(200, h), i + 1));
    });
    for (const h of hosts) w.multi.addHandle(easyFor(`http://${h}/`).e);
    w.driver.run();
    w.clock.advance(1);
    w.sched.runDue();
    expect(w.net.transport.open).toBe(4);
    expect(w.net.peers.map((p) => p.clientClosed)).toEqual([true, false, false, false, false]);
  });
});

describe("the 300 KiB limit on all response headers", () => {
  const LIMIT = 300 * 1024;
  /** A response whose header block (status line, fields, blank line) is exactly `total` bytes. */
  function headersOf(total: number): string {
    const status = "HTTP/1.1 200 OK\r\n";
    const cl = "Content-Length: 2\r\n";
    let rest = total - status.length - cl.length - 2;
    let h = status + cl;
    for (let i = 0; rest > 0; i++) {
      const prefix = `X-Fill-${i}: `;
      let n = Math.min(rest, 10_000);
      if (rest - n > 0 && rest - n < 40) n -= 40; // keep the last line long enough for its name
      h += `${prefix}${"f".repeat(n - prefix.length - 2)}\r\n`;
      rest -= n;
    }
    const head = `${h}\r\n`;
    if (head.length !== total) throw new Error(`built ${head.length}, wanted ${total}`);
    return `${head}ok`;
  }

  test("exactly 300 * 1024 bytes is accepted", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(headersOf(LIMIT)));
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("ok");
    expect(r.e.getinfo("headerSize")).toBe(LIMIT);
  });

  test("one byte more is RECV_ERROR 56 'Too large response headers'", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(headersOf(LIMIT + 1)));
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_RECV_ERROR);
    expect(r.result).toBe(56);
    expect(r.detail).toBe(`Too large response headers: ${LIMIT + 1} > ${LIMIT}`);
    expect(r.body).toBe("");
  });

  test("a 1xx response's headers count toward the same limit", () => {
    const w = makeWorld();
    const interim = "HTTP/1.1 100 Continue\r\n\r\n";
    httpServer(w.net, "10.0.0.1", 80, (_r, p) =>
      p.write(interim + headersOf(LIMIT - interim.length + 1)),
    );
    const r = runOne(w, "http://10.0.0.1/");
    expect(r.result).toBe(CURLE_RECV_ERROR);
    expect(r.detail).toBe(`Too large response headers: ${LIMIT + 1} > ${LIMIT}`);
  });
});

describe("the Expect: 100-continue threshold: bodies over 1 MiB (libcurl's `client_len > 1048576`)", () => {
  const MiB = 1024 * 1024;
  function send(setup: (e: Easy) => void): SeenRequest {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok")));
    const r = runOne(w, "http://10.0.0.1/", setup);
    expect(r.result).toBe(CURLE_OK);
    expect(srv.requests.length).toBe(1);
    return srv.requests[0]!;
  }
  const fields = (n: number) => (e: Easy) => e.setopt("postFields", new Uint8Array(n).fill(65));
  const upload = (n: number) => (e: Easy) => {
    let left = n;
    e.setopt("upload", 1);
    e.setopt("inFileSize", n);
    e.setopt("readFunction", (buf: Uint8Array) => {
      const k = Math.min(buf.length, left);
      buf.fill(66, 0, k);
      left -= k;
      return k;
    });
  };

  test("postFields of exactly 1 MiB: no Expect; 1 MiB + 1: Expect", () => {
    const at = send(fields(MiB));
    expect(at.header("expect")).toBeUndefined();
    expect(at.body.length).toBe(MiB);
    const over = send(fields(MiB + 1));
    expect(over.header("expect")).toBe("100-continue");
    expect(over.body.length).toBe(MiB + 1);
  });

  test("an upload of exactly 1 MiB: no Expect; 1 MiB + 1: Expect", () => {
    const at = send(upload(MiB));
    expect(at.header("expect")).toBeUndefined();
    expect(at.header("content-length")).toBe(String(MiB));
    const over = send(upload(MiB + 1));
    expect(over.header("expect")).toBe("100-continue");
    expect(over.body.length).toBe(MiB + 1);
  });
});
