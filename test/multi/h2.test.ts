// HTTP/2 in virtual time against a scripted raw h2 peer (test/helpers/h2-peer.ts): streams and their
// ids, SETTINGS both ways, GOAWAY and RST_STREAM with libcurl's result codes and retries, flow
// control both ways (a paused stream closes its own window only), trailers, 1xx, malformed responses.

import { describe, expect, test } from "bun:test";
import {
  FRAME_CONTINUATION,
  FRAME_DATA,
  FRAME_HEADERS,
  H2_INTERNAL_ERROR,
  H2_NO_ERROR,
  H2_REFUSED_STREAM,
  SETTINGS_ENABLE_PUSH,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_CONCURRENT_STREAMS,
} from "../../src/http2/constants.ts";
import { STREAM_WINDOW } from "../../src/http2/session.ts";
import {
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_WRITEFUNC_PAUSE,
  CURLE_HTTP2,
  CURLE_HTTP2_STREAM,
  CURLE_OK,
  CURLE_PARTIAL_FILE,
  CURLE_SEND_ERROR,
  CURLPAUSE_CONT,
  Easy,
} from "../../src/index.ts";
import { type H2PeerConn, type H2Request, h2Server } from "../helpers/h2-peer.ts";
import { makeWorld, type World } from "../helpers/virtual.ts";

const URL = "http://127.0.0.1/";

interface Got {
  easy: Easy;
  body: number[];
  headers: string[];
}

/** An easy handle for url with prior knowledge h2c, collecting its body and header lines. */
function mk(w: World, path = "", setup?: (e: Easy) => void): Got {
  const easy = new Easy();
  const got: Got = { easy, body: [], headers: [] };
  easy.setopt("url", URL + path);
  easy.setopt("httpVersion", CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  easy.setopt("pipeWait", 1);
  easy.setopt("writeFunction", (d: Uint8Array) => {
    for (const b of d) got.body.push(b);
    return d.length;
  });
  easy.setopt("headerFunction", (d: Uint8Array) => {
    got.headers.push(new TextDecoder().decode(d));
    return d.length;
  });
  setup?.(easy);
  w.multi.addHandle(easy);
  return got;
}

const text = (g: Got) => String.fromCharCode(...g.body);
/** Lets what the client sent last reach the peer (run() stops when no transfer is left). */
const settle = (w: World) => w.driver.until(() => false, 1000);
const detail = (g: Got) => g.easy.getinfo("errorBuffer");

/** A world with an h2 server answering every request with `answer` (default: 200 "hi"). */
function world(
  answer: (r: H2Request, c: H2PeerConn) => void = (r, c) => c.respond(r.sid, 200, "hi"),
  opts: Parameters<typeof h2Server>[4] = {},
) {
  const w = makeWorld();
  const conns = h2Server(w.net, "127.0.0.1", 80, answer, opts);
  return { w, conns };
}

describe("streams on one connection", () => {
  test("a GET with prior knowledge: the preface, our SETTINGS, HEADERS with END_STREAM", () => {
    const { w, conns } = world();
    const g = mk(w, "path?q=1");
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(text(g)).toBe("hi");
    expect(g.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_2_0);
    expect(g.easy.getinfo("responseCode")).toBe(200);
    const c = conns[0]!;
    expect(c.clientSettings.get(SETTINGS_ENABLE_PUSH)).toBe(0);
    expect(c.clientSettings.get(SETTINGS_INITIAL_WINDOW_SIZE)).toBe(STREAM_WINDOW);
    expect(c.clientSettings.get(SETTINGS_MAX_CONCURRENT_STREAMS)).toBe(100);
    expect(c.log).toContain("HEADERS 1 es");
    const r = c.requests[0]!;
    expect(r.headers.slice(0, 4)).toEqual([
      [":method", "GET"],
      [":scheme", "http"],
      [":authority", "127.0.0.1"],
      [":path", "/path?q=1"],
    ]);
    expect(g.headers[0]).toBe("HTTP/2 200 \r\n");
    expect(g.headers.at(-1)).toBe("\r\n");
  });

  test("three transfers with pipeWait share the connection as streams 1, 3, 5", () => {
    const { w, conns } = world();
    const gs = [mk(w, "a"), mk(w, "b"), mk(w, "c")];
    w.driver.run();
    for (const g of gs) expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(conns.length).toBe(1);
    expect(conns[0]!.requests.map((r) => r.sid)).toEqual([1, 3, 5]);
    expect(gs.map((g) => g.easy.getinfo("numConnects"))).toEqual([1, 0, 0]);
  });

  test("the server's SETTINGS_MAX_CONCURRENT_STREAMS 1 with maxHostConnections 1: one at a time", () => {
    const { w, conns } = world((r, c) => c.respond(r.sid, 200, "x", [], 10), {
      settings: [SETTINGS_MAX_CONCURRENT_STREAMS, 1],
    });
    w.multi.setopt("maxHostConnections", 1);
    const gs = [mk(w), mk(w), mk(w)];
    w.driver.run();
    for (const g of gs) expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(conns.length).toBe(1);
    expect(conns[0]!.requests.map((r) => r.sid)).toEqual([1, 3, 5]);
  });

  test("maxConcurrentStreams 2: a third transfer does not join a full connection, it opens one", () => {
    const { w, conns } = world((r, c) => c.respond(r.sid, 200, "slow", [], 100));
    w.multi.setopt("maxConcurrentStreams", 2);
    const a = mk(w);
    const b = mk(w);
    w.driver.until(() => (conns[0]?.requests.length ?? 0) === 2);
    const third = mk(w);
    w.driver.run();
    for (const g of [a, b, third]) expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(conns.length).toBe(2);
    expect(third.easy.getinfo("numConnects")).toBe(1);
  });

  test("a request body is sent as DATA under the server's window, END_STREAM on the last frame", () => {
    const body = "x".repeat(5000);
    const { w, conns } = world(
      (r, c) => {
        if (r.ended) c.respond(r.sid, 200, "warm");
      },
      {
        settings: [SETTINGS_INITIAL_WINDOW_SIZE, 1000],
        onBody: (r, c) => {
          if (r.ended) c.respond(r.sid, 200, String(r.body.length));
          // Hand back what came: the window opens as the server reads.
          else c.windowUpdate(r.sid, 1000, 5);
        },
      },
    );
    // A first request lets the server's SETTINGS arrive; the upload then knows the window.
    const warm = mk(w, "warm");
    w.driver.run();
    expect(w.driver.resultOf(warm.easy)).toBe(CURLE_OK);
    const g = mk(w, "up", (e) => e.setopt("postFields", body));
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(text(g)).toBe("5000");
    const data = conns[0]!.log.filter((l) => l.startsWith("DATA"));
    expect(data).toEqual([
      "DATA 3 1000",
      "DATA 3 1000",
      "DATA 3 1000",
      "DATA 3 1000",
      "DATA 3 1000 es",
    ]);
    const req = conns[0]!.requests[1]!;
    expect(req.header("content-length")).toBe("5000");
    expect(req.header("expect")).toBeUndefined();
    expect(req.header(":method")).toBe("POST");
  });
});

describe("GOAWAY and RST_STREAM", () => {
  test("GOAWAY: streams above last-stream-id start again on a new connection, the rest finish", () => {
    let first = true;
    const { w, conns } = world((r, c) => {
      if (first && r.sid === 3) {
        first = false;
        // Stream 1 is processed; 3 is not.
        c.goaway(1);
        c.respond(1, 200, "one", [], 1);
        return;
      }
      if (c === conns[0] && r.sid === 1) return; // answered above
      c.respond(r.sid, 200, `sid${r.sid}`);
    });
    const a = mk(w);
    const b = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(a.easy)).toBe(CURLE_OK);
    expect(text(a)).toBe("one");
    expect(w.driver.resultOf(b.easy)).toBe(CURLE_OK);
    expect(text(b)).toBe("sid1");
    expect(conns.length).toBe(2);
    expect(b.easy.getinfo("numConnects")).toBe(1);
  });

  test("GOAWAY with last-stream-id 0 on a fresh connection: its stream starts again elsewhere", () => {
    let first = true;
    const { w, conns } = world((r, c) => {
      if (first) {
        first = false;
        c.goaway(0);
        return;
      }
      c.respond(r.sid, 200, "second try");
    });
    const a = mk(w);
    w.driver.run();
    // Not a reused connection: only the GOAWAY rule lets it start again.
    expect(w.driver.resultOf(a.easy)).toBe(CURLE_OK);
    expect(text(a)).toBe("second try");
    expect(conns.length).toBe(2);
  });

  test("RST_STREAM NO_ERROR right after the whole response is harmless", () => {
    const { w } = world((r, c) => {
      c.respond(r.sid, 200, "all of it");
      c.rst(r.sid, H2_NO_ERROR);
    });
    const a = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(a.easy)).toBe(CURLE_OK);
    expect(text(a)).toBe("all of it");
  });

  test("REFUSED_STREAM is retried; refused every time it gives up after 5 retries as libcurl", () => {
    let refusals = 0;
    const { w } = world((r, c) => {
      if (refusals < 1) {
        refusals++;
        c.rst(r.sid, H2_REFUSED_STREAM);
      } else c.respond(r.sid, 200, "ok");
    });
    const g = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(text(g)).toBe("ok");

    const always = world((r, c) => c.rst(r.sid, H2_REFUSED_STREAM));
    const h = mk(always.w);
    always.w.driver.run();
    expect(always.w.driver.resultOf(h.easy)).toBe(CURLE_SEND_ERROR);
    expect(detail(h)).toBe("Connection died, tried 5 times before giving up");
  });

  test("RST_STREAM with an error is CURLE_HTTP2_STREAM with libcurl's text; the others go on", () => {
    const { w } = world((r, c) => {
      if (r.sid === 1) c.rst(1, H2_INTERNAL_ERROR);
      else c.respond(r.sid, 200, "fine");
    });
    const bad = mk(w);
    const good = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(bad.easy)).toBe(CURLE_HTTP2_STREAM);
    expect(detail(bad)).toBe("HTTP/2 stream 1 reset by server (error 0x2 INTERNAL_ERROR)");
    expect(w.driver.resultOf(good.easy)).toBe(CURLE_OK);
  });

  test("RST_STREAM NO_ERROR before the end: CURLE_PARTIAL_FILE after data, CURLE_HTTP2 before", () => {
    const { w } = world((r, c) => {
      c.headers(r.sid, [[":status", "200"]], false);
      if (r.sid === 1) c.dataFrame(r.sid, "part", false);
      c.rst(r.sid, H2_NO_ERROR, 1);
    });
    const withData = mk(w);
    const without = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(withData.easy)).toBe(CURLE_PARTIAL_FILE);
    expect(text(withData)).toBe("part");
    expect(w.driver.resultOf(without.easy)).toBe(CURLE_HTTP2);
  });

  test("the connection closing under open streams: CURLE_PARTIAL_FILE after data; a reused one that got nothing starts again", () => {
    const { w, conns } = world((r, c) => {
      if (c !== conns[0]) {
        c.respond(r.sid, 200, "again");
        return;
      }
      if (r.sid === 1) {
        c.headers(1, [[":status", "200"]], false);
        c.dataFrame(1, "abc", false);
      }
      if (r.sid === 3) c.peer.end(2);
    });
    const a = mk(w);
    const b = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(a.easy)).toBe(CURLE_PARTIAL_FILE);
    expect(w.driver.resultOf(b.easy)).toBe(CURLE_OK);
    expect(text(b)).toBe("again");
    expect(conns.length).toBe(2);
  });

  test("a fresh connection closing before any byte: CURLE_HTTP2", () => {
    const { w } = world((_r, c) => c.peer.end(1));
    const a = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(a.easy)).toBe(CURLE_HTTP2);
  });

  test("a PING is answered with a PING ack", () => {
    const { w, conns } = world((r, c) => {
      c.ping();
      c.respond(r.sid, 200, "p", [], 5);
    });
    const g = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(conns[0]!.log).toContain("PING ack");
  });
});

describe("malformed responses", () => {
  test("content-length that the DATA does not match: CURLE_HTTP2_STREAM and our RST_STREAM", () => {
    const { w, conns } = world((r, c) => c.respond(r.sid, 200, "abc", [["content-length", "5"]]));
    const g = mk(w);
    w.driver.run();
    settle(w);
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_HTTP2_STREAM);
    expect(conns[0]!.log.some((l) => l.startsWith("RST_STREAM 1 1"))).toBe(true);
  });

  test("a response without :status, an upper-case name, a connection header: CURLE_HTTP2_STREAM", () => {
    for (const fields of [
      [["content-type", "x"]],
      [
        [":status", "200"],
        ["Bad", "x"],
      ],
      [
        [":status", "200"],
        ["connection", "close"],
      ],
    ] as [string, string][][]) {
      const { w } = world((r, c) => c.headers(r.sid, fields, true));
      const g = mk(w);
      w.driver.run();
      expect(w.driver.resultOf(g.easy)).toBe(CURLE_HTTP2_STREAM);
    }
  });

  test("a header block HPACK cannot decode is a connection error: GOAWAY and CURLE_HTTP2", () => {
    const { w, conns } = world((r, c) => c.raw(FRAME_HEADERS, 0x5, r.sid, [0xff, 0xff, 0xff]));
    const g = mk(w);
    w.driver.run();
    settle(w);
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_HTTP2);
    expect(conns[0]!.log.some((l) => l.startsWith("GOAWAY 0 9"))).toBe(true);
  });

  test("DATA beyond the stream's window: RST_STREAM FLOW_CONTROL_ERROR, CURLE_HTTP2_STREAM", () => {
    const { w, conns } = world((r, c) => {
      c.headers(r.sid, [[":status", "200"]], false);
      c.dataFrame(r.sid, new Uint8Array(STREAM_WINDOW + 16384), true);
    });
    const g = mk(w);
    w.driver.run();
    settle(w);
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_HTTP2_STREAM);
    expect(conns[0]!.log.some((l) => l === "RST_STREAM 1 3")).toBe(true);
  });
});

describe("what else a response carries", () => {
  test("103 Early Hints then 200: both heads reach the header callback in order", () => {
    const { w } = world((r, c) => {
      c.headers(
        r.sid,
        [
          [":status", "103"],
          ["link", "</s.css>"],
        ],
        false,
      );
      c.respond(r.sid, 200, "body");
    });
    const g = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(g.headers.slice(0, 3)).toEqual(["HTTP/2 103 \r\n", "link: </s.css>\r\n", "\r\n"]);
    expect(g.headers[3]).toBe("HTTP/2 200 \r\n");
    expect(g.easy.getinfo("responseCode")).toBe(200);
  });

  test("trailers come to the header callback after the body", () => {
    const order: string[] = [];
    const { w } = world((r, c) => {
      c.headers(r.sid, [[":status", "200"]], false);
      c.dataFrame(r.sid, "data", false);
      c.headers(r.sid, [["x-checksum", "42"]], true);
    });
    const g = mk(w, "", (e) => {
      e.setopt("writeFunction", (d: Uint8Array) => {
        order.push(`body ${d.length}`);
        return d.length;
      });
      e.setopt("headerFunction", (d: Uint8Array) => {
        order.push(new TextDecoder().decode(d));
        return d.length;
      });
    });
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(order.slice(-2)).toEqual(["body 4", "x-checksum: 42\r\n"]);
  });

  test("padding and CONTINUATION frames from the server", () => {
    const { w } = world((r, c) => {
      // HEADERS ":status 200" (indexed 8) split: HEADERS without END_HEADERS, then CONTINUATION.
      c.raw(FRAME_HEADERS, 0, r.sid, [0x88]);
      c.raw(FRAME_CONTINUATION, 0x4, r.sid, [0x0f, 0x10, 0x01, 0x41]);
      // DATA "ok", padded with 3 bytes, END_STREAM.
      c.raw(FRAME_DATA, 0x9, r.sid, [3, 0x6f, 0x6b, 0, 0, 0]);
    });
    const g = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(g.easy)).toBe(CURLE_OK);
    expect(text(g)).toBe("ok");
  });
});

describe("flow control while paused", () => {
  test("a paused stream closes its own window; its neighbour goes on; unpaused it gets the rest", () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = i % 256;
    let paused: Got | null = null;
    const sentTo = new Map<number, number>();
    const { w, conns } = world((r, c) => {
      if (r.sid === 1) {
        // As a real server would: no more than the stream's window before a WINDOW_UPDATE.
        c.headers(
          1,
          [
            [":status", "200"],
            ["content-length", String(big.length)],
          ],
          false,
        );
        c.dataFrame(1, big.subarray(0, STREAM_WINDOW), false);
        sentTo.set(1, STREAM_WINDOW);
      } else c.respond(r.sid, 200, "neighbour", [], 5);
    });
    let holding = true;
    paused = mk(w, "big", (e) =>
      e.setopt("writeFunction", (d: Uint8Array) => {
        if (holding) return CURL_WRITEFUNC_PAUSE;
        for (const b of d) paused!.body.push(b);
        return d.length;
      }),
    );
    const other = mk(w, "small");
    w.driver.until(() => w.driver.resultOf(other.easy) !== undefined, 100_000);
    expect(w.driver.resultOf(other.easy)).toBe(CURLE_OK);
    const c = conns[0]!;
    expect(c.windowGiven.get(1) ?? 0).toBe(0);
    // Unpause: the stream reads, gives its window back, and the server sends the rest as it opens.
    holding = false;
    paused.easy.pause(CURLPAUSE_CONT);
    c.peer.onData = ((orig) => (bytes: Uint8Array) => {
      orig?.(bytes);
      const given = c.windowGiven.get(1) ?? 0;
      const sent = sentTo.get(1)!;
      const may = Math.min(STREAM_WINDOW + given, big.length) - sent;
      if (may > 0) {
        const end = sent + may;
        c.dataFrame(1, big.subarray(sent, end), end === big.length);
        sentTo.set(1, end);
      }
    })(c.peer.onData);
    w.driver.run(200_000);
    expect(w.driver.resultOf(paused.easy)).toBe(CURLE_OK);
    expect(paused.body.length).toBe(big.length);
    expect(c.windowGiven.get(1)! > 0).toBe(true);
  });
});

describe("HTTP/1.1 features, per stream", () => {
  test("maxRecvSpeedLarge caps one stream (1 MiB at 256 KiB/s: about 4 s) while its neighbour runs free", () => {
    const MiB = 1024 * 1024;
    const cap = 256 * 1024;
    const big = new Uint8Array(MiB).fill(3);
    const { w, conns } = world((r, c) => {
      if (r.header(":path") === "/capped") {
        c.headers(
          r.sid,
          [
            [":status", "200"],
            ["content-length", String(MiB)],
          ],
          false,
        );
        // The stream's whole window at once (a real server would too), the rest as it opens.
        c.dataFrame(r.sid, big.subarray(0, STREAM_WINDOW - 1), false);
        c.dataFrame(r.sid, big.subarray(STREAM_WINDOW - 1), true, 1);
      } else c.respond(r.sid, 200, "free", [], 10);
    });
    const capped = mk(w, "capped", (e) => e.setopt("maxRecvSpeedLarge", cap));
    const free = mk(w, "free");
    w.driver.run();
    expect(w.driver.resultOf(capped.easy)).toBe(CURLE_OK);
    expect(capped.body.length).toBe(MiB);
    const secs = (capped.easy.getinfo("totalTimeT") as number) / 1e6;
    expect(secs).toBeGreaterThan(3.6);
    expect(secs).toBeLessThan(4.4);
    expect(w.driver.resultOf(free.easy)).toBe(CURLE_OK);
    expect((free.easy.getinfo("totalTimeT") as number) / 1e6).toBeLessThan(0.1);
    expect(conns.length).toBe(1);
  });

  test("timeoutMs ends a stream that gets no answer (28); its connection serves the next one", () => {
    const { w, conns } = world((r, c) => {
      if (r.header(":path") !== "/never") c.respond(r.sid, 200, "ok");
    });
    const late = mk(w, "never", (e) => e.setopt("timeoutMs", 500));
    w.driver.run();
    expect(w.driver.resultOf(late.easy)).toBe(28);
    settle(w);
    expect(conns[0]!.log).toContain("RST_STREAM 1 8");
    const next = mk(w, "next");
    w.driver.run();
    expect(w.driver.resultOf(next.easy)).toBe(CURLE_OK);
    expect(next.easy.getinfo("numConnects")).toBe(0);
  });

  test("progress, credentials, decoding and maxFileSize over a stream", () => {
    const gz = Bun.gzipSync(new TextEncoder().encode("z".repeat(5000)));
    const { w, conns } = world((r, c) => {
      if (r.header(":path") === "/gz") c.respond(r.sid, 200, gz, [["content-encoding", "gzip"]]);
      else c.respond(r.sid, 200, "x".repeat(2000));
    });
    const calls: number[][] = [];
    const p = mk(w, "p", (e) => {
      e.setopt("noProgress", 0);
      e.setopt("xferInfoFunction", (_u: unknown, dt: number, dn: number) => {
        calls.push([dt, dn]);
        return 0;
      });
      e.setopt("userPwd", "user:secret");
    });
    const z = mk(w, "gz", (e) => e.setopt("acceptEncoding", ""));
    const small = mk(w, "big", (e) => e.setopt("maxFileSize", 1000));
    w.driver.run();
    expect(w.driver.resultOf(p.easy)).toBe(CURLE_OK);
    expect(calls.at(-1)).toEqual([2000, 2000]);
    expect(conns[0]!.requests[0]!.header("authorization")).toBe(
      `Basic ${Buffer.from("user:secret").toString("base64")}`,
    );
    expect(w.driver.resultOf(z.easy)).toBe(CURLE_OK);
    expect(text(z)).toBe("z".repeat(5000));
    expect(conns[0]!.requests[1]!.header("accept-encoding")).toContain("gzip");
    expect(w.driver.resultOf(small.easy)).toBe(63);
  });
});

describe("an early answer to an upload", () => {
  test("the server answers 413 before the body: the rest is not sent nor counted; requestSize counts the head", () => {
    const body = new Uint8Array(5 * 1024 * 1024).fill(1);
    const { w, conns } = world((r, c) => {
      if (r.header(":method") === "POST") c.respond(r.sid, 413, "too big");
      else c.respond(r.sid, 200, "ok");
    });
    const up = mk(w, "up", (e) => e.setopt("postFields", body));
    w.driver.run();
    settle(w);
    expect(w.driver.resultOf(up.easy)).toBe(CURLE_OK);
    expect(up.easy.getinfo("responseCode")).toBe(413);
    expect(text(up)).toBe("too big");
    const sent = up.easy.getinfo("sizeUpload") as number;
    expect(sent).toBeLessThan(body.length);
    const seen = conns[0]!.requests[0]!.body.length;
    expect(sent).toBe(seen);
    expect(conns[0]!.log.some((l) => l === "RST_STREAM 1 0")).toBe(true);
    const get = mk(w, "get");
    w.driver.run();
    expect(get.easy.getinfo("requestSize") as number).toBeGreaterThan(20);
  });
});
