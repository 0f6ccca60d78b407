import { handleOf } from "../../src/easy/easy.ts";
import { multiCore } from "../../src/multi/multi.ts";
// Every timeout and speed control in virtual time: each ends the transfer at exactly its deadline (to the
// millisecond) with libcurl's code and text, never a millisecond earlier.

import { describe, expect, test } from "bun:test";
import {
  CURL_SOCKET_TIMEOUT,
  CURL_WRITEFUNC_PAUSE,
  CURLE_OK,
  CURLE_OPERATION_TIMEDOUT,
  CURLPAUSE_CONT,
} from "../../src/constants/index.ts";
import { StaticResolver } from "../../src/dns/static.ts";
import { Easy } from "../../src/easy/easy.ts";
import type { PeerSocket } from "../../src/transport/memory/network.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

function start(w: W, url: string, setup: (e: Easy) => void): { e: Easy; t0: number } {
  const e = new Easy();
  e.setopt("url", url);
  setup(e);
  w.multi.addHandle(e);
  const t0 = w.clock.now();
  w.driver.action(CURL_SOCKET_TIMEOUT, 0);
  return { e, t0 };
}

/** Runs until e is done; returns the virtual time it ended at. */
function finish(w: W, e: Easy): number {
  w.driver.until(() => w.driver.resultOf(e) !== undefined);
  return w.clock.now();
}

/** Asserts the transfer is still running at deadline-1 and ends at the deadline. */
function endsAt(w: W, e: Easy, deadline: number): void {
  w.driver.until(() => w.clock.now() >= deadline - 1 || w.driver.resultOf(e) !== undefined);
  expect(w.driver.resultOf(e)).toBeUndefined();
  expect(finish(w, e)).toBe(deadline);
}

const silent = (w: W, host = "10.0.0.1", port = 80) => httpServer(w.net, host, port, () => {});

describe("CURLOPT_TIMEOUT / TIMEOUT_MS", () => {
  test("a server that never answers: 28 at exactly the deadline, libcurl's text", () => {
    const w = makeWorld();
    silent(w);
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => e.setopt("timeoutMs", 1500));
    endsAt(w, e, t0 + 1500);
    expect(w.driver.resultOf(e)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(e.getinfo("errorBuffer")).toBe(
      "Operation timed out after 1500 milliseconds with 0 bytes received",
    );
    expect(w.net.transport.open).toBe(0); // the used connection is not kept
  });

  test("with a known size the text says how much of it arrived", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) =>
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"),
    );
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => e.setopt("timeout", 2));
    endsAt(w, e, t0 + 2000);
    expect(e.getinfo("errorBuffer")).toBe(
      "Operation timed out after 2000 milliseconds with 10 out of 100 bytes received",
    );
  });

  test("whichever of TIMEOUT and TIMEOUT_MS was set last wins", () => {
    const w = makeWorld();
    silent(w);
    const a = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("timeout", 5);
      e.setopt("timeoutMs", 700);
    });
    endsAt(w, a.e, a.t0 + 700);
    const b = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("timeoutMs", 700);
      e.setopt("timeout", 1);
    });
    endsAt(w, b.e, b.t0 + 1000);
  });

  test("data arriving does not extend the total timeout; a transfer done in time is fine", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.drip(response(200, "x".repeat(50)), 10, 100));
    // 90 bytes in 9 pieces, the last at 800 ms: done before 850 ms, not before 650 ms.
    const ok = start(w, "http://10.0.0.1/", (e) => e.setopt("timeoutMs", 850));
    finish(w, ok.e);
    expect(w.driver.resultOf(ok.e)).toBe(CURLE_OK);
    const late = start(w, "http://10.0.0.1/", (e) => e.setopt("timeoutMs", 650));
    endsAt(w, late.e, late.t0 + 650);
    expect(w.driver.resultOf(late.e)).toBe(CURLE_OPERATION_TIMEDOUT);
  });
});

describe("CURLOPT_CONNECTTIMEOUT / CONNECTTIMEOUT_MS", () => {
  test("a connect that never completes: 28 'Connection timed out' at exactly the deadline", () => {
    const w = makeWorld();
    w.net.listen("10.0.0.1", 80, () => {}, { blackhole: true });
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => e.setopt("connectTimeoutMs", 250));
    endsAt(w, e, t0 + 250);
    expect(w.driver.resultOf(e)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(e.getinfo("errorBuffer")).toBe("Connection timed out after 250 milliseconds");
    expect(w.net.transport.open).toBe(0);
  });

  test("libcurl's 300 s default when unset", () => {
    const w = makeWorld();
    w.net.listen("10.0.0.1", 80, () => {}, { blackhole: true });
    const { e, t0 } = start(w, "http://10.0.0.1/", () => {});
    endsAt(w, e, t0 + 300_000);
    expect(w.driver.resultOf(e)).toBe(CURLE_OPERATION_TIMEDOUT);
  });

  test("a slow name lookup: 'Resolving timed out'", () => {
    let r: StaticResolver | undefined;
    const w = makeWorld({
      resolver: (net) => {
        r = new StaticResolver(net.transport, net.scheduler, { "slow.test": ["10.0.0.1"] }, 5000);
        return r;
      },
    });
    const { e, t0 } = start(w, "http://slow.test/", (e) => e.setopt("connectTimeout", 2));
    endsAt(w, e, t0 + 2000);
    expect(e.getinfo("errorBuffer")).toBe("Resolving timed out after 2000 milliseconds");
    expect(w.net.transport.open).toBe(0); // the lookup's event socket is closed
    expect(r!.lookups).toBe(1);
  });

  test("the connect timeout stops applying once connected", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "late"), 500));
    const { e } = start(w, "http://10.0.0.1/", (e) => e.setopt("connectTimeoutMs", 100));
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });

  test("connect shorter than total, and total shorter than connect: the earlier one ends it", () => {
    const w = makeWorld();
    w.net.listen("10.0.0.1", 80, () => {}, { blackhole: true });
    const a = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("connectTimeoutMs", 100);
      e.setopt("timeoutMs", 300);
    });
    endsAt(w, a.e, a.t0 + 100);
    const b = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("connectTimeoutMs", 300);
      e.setopt("timeoutMs", 100);
    });
    endsAt(w, b.e, b.t0 + 100);
    expect(w.driver.resultOf(a.e)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(w.driver.resultOf(b.e)).toBe(CURLE_OPERATION_TIMEDOUT);
  });

  test("both keep counting while the transfer waits for a connection slot", () => {
    const w = makeWorld();
    w.multi.setopt("maxTotalConnections", 1);
    silent(w);
    const first = start(w, "http://10.0.0.1/", (e) => e.setopt("timeoutMs", 10_000));
    const queued = start(w, "http://10.0.0.1/", (e) => e.setopt("timeoutMs", 400));
    expect(handleOf(queued.e).transfer!.state).toBe(1); // PENDING
    endsAt(w, queued.e, queued.t0 + 400);
    expect(queued.e.getinfo("errorBuffer")).toBe(
      "Operation timed out after 400 milliseconds with 0 bytes received",
    );
    w.multi.removeHandle(first.e);
  });
});

describe("CURLOPT_LOW_SPEED_LIMIT / LOW_SPEED_TIME", () => {
  test("below the limit for that long: 28, checked every second", () => {
    const w = makeWorld();
    // Headers and a little body, then silence.
    httpServer(w.net, "10.0.0.1", 80, (_r, p) =>
      p.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nabc"),
    );
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("lowSpeedLimit", 100);
      e.setopt("lowSpeedTime", 3);
    });
    // The first check (when the request went out) finds 0 B/s: slow since t0; 3 s later it fails.
    endsAt(w, e, t0 + 3000);
    expect(w.driver.resultOf(e)).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(e.getinfo("errorBuffer")).toBe(
      "Operation too slow. Less than 100 bytes/sec transferred the last 3 seconds",
    );
  });

  test("progress just fast enough keeps it alive", () => {
    const w = makeWorld();
    const body = "y".repeat(1200);
    // 120 bytes every 500 ms = 240 B/s, above the 200 B/s limit.
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => {
      p.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      p.drip(body, 120, 500, 0);
    });
    const { e } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("lowSpeedLimit", 200);
      e.setopt("lowSpeedTime", 2);
    });
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });

  test("a paused transfer is exempt", () => {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "paused body")));
    let paused = false;
    const { e } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("lowSpeedLimit", 1000);
      e.setopt("lowSpeedTime", 1);
      e.setopt("writeFunction", (d: Uint8Array) => {
        if (!paused) {
          paused = true;
          return CURL_WRITEFUNC_PAUSE;
        }
        return d.length;
      });
    });
    w.driver.until(() => (handleOf(e).transfer?.paused ?? 0) !== 0);
    for (let i = 0; i < 10; i++) {
      w.clock.advance(1000);
      w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    }
    expect(w.driver.resultOf(e)).toBeUndefined();
    e.pause(CURLPAUSE_CONT);
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });
});

describe("CURLOPT_MAX_RECV_SPEED_LARGE / MAX_SEND_SPEED_LARGE", () => {
  const MiB = 1024 * 1024;
  const cap = 256 * 1024;

  test("a 1 MiB download capped at 256 KiB/s takes about 4 s, the rate within 5% of the cap", () => {
    const w = makeWorld();
    const body = new Uint8Array(MiB).fill(7);
    httpServer(w.net, "10.0.0.1", 80, (_r, p: PeerSocket) => {
      p.write(`HTTP/1.1 200 OK\r\nContent-Length: ${MiB}\r\n\r\n`);
      p.drip(body, 64 * 1024, 0);
    });
    let got = 0;
    let maxQueued = 0;
    const { e } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("maxRecvSpeedLarge", cap);
      e.setopt("writeFunction", (d: Uint8Array) => {
        got += d.length;
        return d.length;
      });
    });
    w.driver.until(() => {
      maxQueued = Math.max(maxQueued, got);
      return w.driver.resultOf(e) !== undefined;
    });
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(got).toBe(MiB);
    const secs = (e.getinfo("totalTimeT") as number) / 1e6;
    expect(secs).toBeGreaterThan(3.8);
    expect(secs).toBeLessThan(4.2);
    const rate = MiB / secs;
    expect(Math.abs(rate - cap) / cap).toBeLessThan(0.05);
  });

  test("a 1 MiB upload capped at 256 KiB/s takes about 4 s too", () => {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "ok")));
    const { e } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("postFields", new Uint8Array(MiB).fill(1));
      e.setopt("maxSendSpeedLarge", cap);
    });
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(srv.requests[0]!.body.length).toBe(MiB);
    const secs = (e.getinfo("totalTimeT") as number) / 1e6;
    expect(Math.abs(MiB / secs - cap) / cap).toBeLessThan(0.05);
  });
});

describe("CURLOPT_EXPECT_100_TIMEOUT_MS", () => {
  const big = new Uint8Array(2 * 1024 * 1024).fill(65);

  test("a body over 1 MiB waits for 100 Continue, then goes", () => {
    const w = makeWorld();
    const seen: string[] = [];
    w.net.listen("10.0.0.1", 80, (p) => {
      let got = 0;
      p.onData = (d) => {
        got += d.length;
        if (seen.length === 0) {
          const head = Buffer.from(d).toString("latin1");
          seen.push(head.slice(0, head.indexOf("\r\n\r\n")));
          p.write("HTTP/1.1 100 Continue\r\n\r\n", 50);
        }
        if (got >= seen[0]!.length + 4 + big.length) p.write(response(200, "stored"));
      };
    });
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => e.setopt("postFields", big));
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(seen[0]).toContain("Expect: 100-continue");
    expect(e.getinfo("sizeUpload")).toBe(big.length);
    expect(e.getinfo("totalTimeT")).toBe(50_000); // body went when the 100 came, not after 1 s
    void t0;
  });

  test("no 100 at all: the body goes when expect100TimeoutMs expires", () => {
    const w = makeWorld();
    let bodyAt = -1;
    let headLen = 0;
    w.net.listen("10.0.0.1", 80, (p) => {
      let got = 0;
      p.onData = (d) => {
        if (got === 0) headLen = Buffer.from(d).toString("latin1").indexOf("\r\n\r\n") + 4;
        got += d.length;
        if (bodyAt < 0 && got > headLen) bodyAt = w.clock.now();
        if (got >= headLen + big.length) p.write(response(200, "ok"));
      };
    });
    const { e, t0 } = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("postFields", big);
      e.setopt("expect100TimeoutMs", 300);
    });
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(bodyAt).toBe(t0 + 300);
  });

  test("a final status instead of 100: the body is not sent and the connection is closed", () => {
    const w = makeWorld();
    let got = 0;
    w.net.listen("10.0.0.1", 80, (p) => {
      p.onData = (d) => {
        if (got === 0) p.write(response(401, "no"));
        got += d.length;
      };
    });
    const { e } = start(w, "http://10.0.0.1/", (e) => e.setopt("postFields", big));
    finish(w, e);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
    expect(e.getinfo("responseCode")).toBe(401);
    expect(e.getinfo("sizeUpload")).toBe(0);
    expect(got).toBeLessThan(1000);
    expect(w.net.transport.open).toBe(0);
  });
});

describe("connection age: CURLOPT_MAXAGE_CONN / MAXLIFETIME_CONN", () => {
  function reuseAfter(idleMs: number, setup: (e: Easy) => void): number {
    const w = makeWorld();
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "x")));
    const a = start(w, "http://10.0.0.1/", setup);
    finish(w, a.e);
    w.clock.advance(idleMs);
    const b = start(w, "http://10.0.0.1/", setup);
    finish(w, b.e);
    return b.e.getinfo("numConnects") as number;
  }
  test("idle longer than maxAgeConn (default 118 s) is not reused", () => {
    expect(reuseAfter(118_000, () => {})).toBe(0);
    expect(reuseAfter(118_001, () => {})).toBe(1);
    expect(reuseAfter(5_001, (e) => e.setopt("maxAgeConn", 5))).toBe(1);
    expect(reuseAfter(500_000, (e) => e.setopt("maxAgeConn", 0))).toBe(0);
  });
  test("older than maxLifetimeConn since creation is not reused", () => {
    expect(reuseAfter(3_001, (e) => e.setopt("maxLifetimeConn", 3))).toBe(1);
    expect(reuseAfter(2_999, (e) => e.setopt("maxLifetimeConn", 3))).toBe(0);
  });
});

describe("timers and handles", () => {
  test("finishing or removing clears every timer: no stale timer, the slot is reused at once", () => {
    const w = makeWorld();
    silent(w);
    const a = start(w, "http://10.0.0.1/", (e) => {
      e.setopt("timeoutMs", 5000);
      e.setopt("lowSpeedLimit", 10);
      e.setopt("lowSpeedTime", 60);
    });
    w.clock.advance(100);
    const slot = handleOf(a.e).transfer!.slot;
    expect(w.multi.timeout()).toBeGreaterThan(0);
    w.multi.removeHandle(a.e);
    expect(w.multi.timeout()).toBe(-1);
    expect(w.driver.log.at(-1)).toBe("timer -1");
    const b = new Easy();
    b.setopt("url", "http://10.0.0.1/");
    w.multi.addHandle(b);
    expect(handleOf(b).transfer!.slot).toBe(slot);
    w.multi.assertInvariants();
    w.multi.removeHandle(b);
    // Finishing: a transfer with the same timers that completes leaves no deadline behind.
    const w2 = makeWorld();
    httpServer(w2.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "done"), 5));
    const c = start(w2, "http://10.0.0.1/", (e) => {
      e.setopt("timeoutMs", 5000);
      e.setopt("lowSpeedLimit", 10);
      e.setopt("lowSpeedTime", 60);
    });
    expect(w2.multi.timeout()).toBeGreaterThan(0);
    finish(w2, c.e);
    expect(w2.driver.resultOf(c.e)).toBe(CURLE_OK);
    expect(multiCore(w2.multi).timerQueue.nearest(handleOf(c.e).transfer!.slot)).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(w2.multi.timeout()).toBe(-1);
    expect(w2.driver.log.filter((l) => l.startsWith("timer")).at(-1)).toBe("timer -1");
    expect(w2.driver.timerAt).toBe(null);
    // The finished handle still holds its slot until removed; then the next one gets it.
    const cSlot = handleOf(c.e).transfer!.slot;
    w2.multi.removeHandle(c.e);
    const d = new Easy();
    d.setopt("url", "http://10.0.0.1/");
    w2.multi.addHandle(d);
    expect(handleOf(d).transfer!.slot).toBe(cSlot);
    w2.multi.assertInvariants();
  });

  test("noSignal is accepted and changes nothing", () => {
    const e = new Easy();
    expect(e.setopt("noSignal", 1)).toBe(CURLE_OK);
    // The same transfer with and without it: the same callbacks, the same result at the same time.
    const runs = [0, 1].map((noSignal) => {
      const w = makeWorld();
      silent(w);
      const r = start(w, "http://10.0.0.1/", (e) => {
        e.setopt("noSignal", noSignal);
        e.setopt("timeoutMs", 300);
      });
      const at = finish(w, r.e) - r.t0;
      return { log: w.driver.log, result: w.driver.resultOf(r.e), at };
    });
    expect(runs[1]).toEqual(runs[0]!);
    expect(runs[0]!.result).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(runs[0]!.at).toBe(300);
  });
});
