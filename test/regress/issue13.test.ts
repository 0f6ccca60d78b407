// What a review of the HTTP/2 engine found, each pinned in virtual time against the scripted peer:
// a recycled stream object fed the rest of a dead stream's DATA; a connection at EOF announced IN
// for ever under a paused stream; perform() never read HTTP/2 sockets; queued transfers trickled onto
// a multiplexed connection; a connection error failed a complete response; a refused stream was
// retried on the connection that refused it; CURLOPT_FORBID_REUSE did nothing; PING acks to a peer
// that reads nothing grew without bound.

import { describe, expect, test } from "bun:test";
import { FRAME_DATA, H2_REFUSED_STREAM } from "../../src/http2/constants.ts";
import { writeFrameHead, writePing } from "../../src/http2/frame-writer.ts";
import {
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_WRITEFUNC_PAUSE,
  CURLE_HTTP2,
  CURLE_OK,
  CURLE_WRITE_ERROR,
  Easy,
} from "../../src/index.ts";
import { multiCore } from "../../src/multi/multi.ts";
import { type H2PeerConn, type H2Request, h2Server } from "../helpers/h2-peer.ts";
import { makeWorld, type World } from "../helpers/virtual.ts";

function mk(w: World, setup?: (e: Easy) => void, body?: number[]): Easy {
  const e = new Easy();
  e.setopt("url", "http://127.0.0.1/");
  e.setopt("httpVersion", CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  e.setopt("writeFunction", (d: Uint8Array) => {
    if (body) for (const b of d) body.push(b);
    return d.length;
  });
  setup?.(e);
  w.multi.addHandle(e);
  return e;
}

function world(
  answer: (r: H2Request, c: H2PeerConn, conns: H2PeerConn[]) => void,
  noDriver = false,
) {
  const w = makeWorld({ noDriver });
  const conns: H2PeerConn[] = h2Server(w.net, "127.0.0.1", 80, (r, c) => answer(r, c, conns));
  return { w, conns };
}

describe("issue 13 review", () => {
  test("the rest of a DATA frame for a stream that ended never reaches the next stream", () => {
    const { w } = world((r, c) => {
      if (r.sid === 1) {
        c.headers(1, [[":status", "200"]], false);
        c.send((o) => {
          writeFrameHead(o, 100, FRAME_DATA, 0, 1);
          o.bytes(new Uint8Array(50).fill(0x41));
        });
        c.peer.write(new Uint8Array(50).fill(0x42), 10);
      } else c.respond(r.sid, 200, "fine", [], 20);
    });
    const a = mk(w, (e) => e.setopt("writeFunction", () => 0));
    w.driver.until(() => w.driver.resultOf(a) !== undefined);
    expect(w.driver.resultOf(a)).toBe(CURLE_WRITE_ERROR);
    const body: number[] = [];
    const b = mk(w, undefined, body);
    w.driver.run();
    expect(w.driver.resultOf(b)).toBe(CURLE_OK);
    expect(String.fromCharCode(...body)).toBe("fine");
  });

  test("a connection at its end under a paused stream is not announced again and again", () => {
    const { w } = world((r, c) => {
      c.headers(r.sid, [[":status", "200"]], false);
      c.dataFrame(r.sid, "abc", false);
      c.ping(5);
      c.peer.end(5);
    });
    mk(w, (e) => e.setopt("writeFunction", () => CURL_WRITEFUNC_PAUSE));
    let actions = 0;
    const orig = w.driver.action.bind(w.driver);
    w.driver.action = (s, ev) => {
      actions++;
      return orig(s, ev);
    };
    w.driver.run(5000);
    expect(actions).toBeLessThan(100);
  });

  test("perform() alone drives HTTP/2 transfers", () => {
    const { w } = world((r, c) => c.respond(r.sid, 200, "hi"), true);
    mk(w);
    for (let i = 0; i < 200 && w.multi.running > 0; i++) {
      w.multi.perform();
      w.sched.runDue();
      w.clock.advance(1);
    }
    expect(w.multi.infoRead()?.result).toBe(CURLE_OK);
  });

  test("maxHostConnections 1 without pipeWait: the queued transfers join the connection once it is up", () => {
    const { w, conns } = world((r, c) => c.respond(r.sid, 200, "x", [], 100));
    w.multi.setopt("maxHostConnections", 1);
    const t0 = w.clock.now();
    const es = Array.from({ length: 10 }, () => mk(w));
    w.driver.run();
    for (const e of es) expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(conns.length).toBe(1);
    // All ten in flight together: one 100 ms round, not one per finished stream.
    expect(w.clock.now() - t0).toBeLessThan(150);
  });

  test("a connection error right after a complete response leaves that response complete", () => {
    const { w } = world((r, c) => {
      c.respond(r.sid, 200, "hi");
      c.windowUpdate(0, 0x7fffffff);
    });
    const body: number[] = [];
    const e = mk(w, undefined, body);
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(String.fromCharCode(...body)).toBe("hi");
  });

  test("REFUSED_STREAM: the connection takes no new streams, the retry opens another (libcurl's connclose)", () => {
    const { w, conns } = world((r, c, all) => {
      if (c === all[0]) c.rst(r.sid, H2_REFUSED_STREAM);
      else c.respond(r.sid, 200, "ok");
    });
    const e = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(conns.length).toBe(2);
    expect(conns[0]!.requests.length).toBe(1);
  });

  test("CURLOPT_FORBID_REUSE closes the HTTP/2 connection when its transfer leaves it", () => {
    const { w, conns } = world((r, c) => c.respond(r.sid, 200, "hi"));
    const a = mk(w, (e) => e.setopt("forbidReuse", 1));
    w.driver.run();
    const b = mk(w);
    w.driver.run();
    expect(w.driver.resultOf(a)).toBe(CURLE_OK);
    expect(b.getinfo("numConnects")).toBe(1);
    expect(conns.length).toBe(2);
    expect(conns[0]!.peer.clientClosed).toBe(true);
  });

  test("a PING flood from a peer that reads nothing ends the connection before our output runs away", () => {
    const { w } = world((r, c) => {
      (c.peer as unknown as { client: { sendWindow: number } }).client.sendWindow = 0;
      c.headers(r.sid, [[":status", "200"]], false);
      for (let k = 0; k < 40; k++)
        c.send((o) => {
          for (let i = 0; i < 10000; i++) writePing(o, false, new Uint8Array(8));
        }, k);
    });
    const e = mk(w, (x) => x.setopt("timeoutMs", 1000));
    let max = 0;
    const core = multiCore(w.multi) as unknown as {
      socks: { conn: ({ h2: { out: { len: number } } | null } | undefined)[] };
    };
    w.driver.until(() => {
      for (const c of core.socks.conn) if (c?.h2) max = Math.max(max, c.h2.out.len);
      return w.driver.resultOf(e) !== undefined;
    });
    expect(w.driver.resultOf(e)).toBe(CURLE_HTTP2);
    expect(max).toBeLessThan(3 * 1024 * 1024);
  });
});
