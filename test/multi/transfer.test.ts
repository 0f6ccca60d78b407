import { handleOf } from "../../src/easy/easy.ts";
// Whole transfers in virtual time: result codes, getinfo, pause, retries on dead reused connections, and
// 10,000 transfers at once.

import { describe, expect, test } from "bun:test";
import {
  CURL_SOCKET_TIMEOUT,
  CURL_WRITEFUNC_PAUSE,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_COULDNT_CONNECT,
  CURLE_COULDNT_RESOLVE_HOST,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_PARTIAL_FILE,
  CURLE_RECV_ERROR,
  CURLE_SEND_ERROR,
  CURLE_TOO_LARGE,
  CURLE_UNKNOWN_OPTION,
  CURLE_UNSUPPORTED_PROTOCOL,
  CURLE_URL_MALFORMAT,
  CURLE_WEIRD_SERVER_REPLY,
  CURLE_WRITE_ERROR,
  CURLM_OK,
  CURLPAUSE_CONT,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import { fnv1a, httpServer, makeWorld, response } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

function rawServer(
  w: W,
  reply: (peer: import("../../src/transport/memory/network.ts").PeerSocket) => void,
) {
  return httpServer(w.net, "10.0.0.1", 80, (_r, p) => reply(p));
}

function runOne(w: W, url = "http://10.0.0.1/", setup?: (e: Easy) => void) {
  const e = new Easy();
  e.setopt("url", url);
  const chunks: Uint8Array[] = [];
  e.setopt("writeFunction", (d: Uint8Array) => {
    chunks.push(d.slice());
    return d.length;
  });
  setup?.(e);
  w.multi.addHandle(e);
  w.driver.run();
  const body = Buffer.concat(chunks).toString("latin1");
  return { e, result: w.driver.resultOf(e), body, detail: e.getinfo("errorBuffer") as string };
}

describe("result codes of whole transfers", () => {
  const cases: [
    string,
    (p: import("../../src/transport/memory/network.ts").PeerSocket) => void,
    number,
    RegExp | string,
  ][] = [
    ["complete", (p) => p.write(response(200, "hello")), CURLE_OK, ""],
    [
      "short body at close: PARTIAL_FILE",
      (p) => {
        p.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        p.end(1);
      },
      CURLE_PARTIAL_FILE,
      /transfer closed with 7 bytes remaining to read/,
    ],
    [
      "close before any byte: GOT_NOTHING",
      (p) => p.end(1),
      CURLE_GOT_NOTHING,
      /Empty reply from server/,
    ],
    [
      "malformed chunk size: RECV_ERROR",
      (p) => p.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
      CURLE_RECV_ERROR,
      /chunk/i,
    ],
    [
      "header line over 100 KiB: TOO_LARGE",
      (p) => p.write(`HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(100 * 1024)}\r\n\r\n`),
      CURLE_TOO_LARGE,
      "", // libcurl fails the dynbuf append without an error-buffer text
    ],
    [
      "header block over 300 KiB: RECV_ERROR",
      (p) => {
        let h = "HTTP/1.1 200 OK\r\n";
        for (let i = 0; i < 40; i++) h += `X-H${i}: ${"b".repeat(10 * 1024)}\r\n`;
        p.write(`${h}\r\n`);
      },
      CURLE_RECV_ERROR,
      /Too large response headers/,
    ],
    [
      "not HTTP on a fresh connection: HTTP/0.9 refused",
      (p) => p.write("SSH-2.0-OpenSSH\r\n"),
      CURLE_UNSUPPORTED_PROTOCOL,
      /HTTP\/0\.9/,
    ],
    [
      "status digits are read as libcurl does: three digits, the rest ignored",
      (p) => p.write("HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok"),
      CURLE_OK,
      "",
    ],
    [
      "HTTP/1.x subversion: UNSUPPORTED_PROTOCOL",
      (p) => p.write("HTTP/1.2 200 OK\r\n\r\n"),
      CURLE_UNSUPPORTED_PROTOCOL,
      /Unsupported HTTP\/1 subversion/,
    ],
    [
      "reset mid-body: RECV_ERROR with bytes so far delivered",
      (p) => {
        p.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd");
        p.reset(1);
      },
      CURLE_RECV_ERROR,
      /Connection reset by peer/,
    ],
  ];
  for (const [name, reply, code, detail] of cases) {
    test(name, () => {
      const w = makeWorld();
      rawServer(w, reply);
      const r = runOne(w);
      expect(r.result).toBe(code);
      if (typeof detail === "string") expect(r.detail).toBe(detail);
      else expect(r.detail).toMatch(detail);
      if (name.startsWith("reset")) expect(r.body).toBe("abcd");
      if (name.startsWith("short")) expect(r.body).toBe("abc");
      expect(w.net.transport.open).toBe(code === CURLE_OK ? 1 : 0);
    });
  }

  test("not HTTP on a reused connection: Invalid status line, WEIRD_SERVER_REPLY", () => {
    const w = makeWorld();
    rawServer(
      w,
      (() => {
        let n = 0;
        return (p: import("../../src/transport/memory/network.ts").PeerSocket) => {
          p.write(n++ === 0 ? response(200, "one") : "garbage\r\n\r\n");
        };
      })(),
    );
    expect(runOne(w).result).toBe(CURLE_OK);
    const r = runOne(w);
    expect(r.result).toBe(CURLE_WEIRD_SERVER_REPLY);
    expect(r.detail).toBe("Invalid status line");
    expect(w.net.transport.open).toBe(0);
  });

  test("URL problems are reported as messages after the first run", () => {
    const w = makeWorld();
    expect(runOne(w, "").result).toBe(CURLE_URL_MALFORMAT);
    expect(runOne(w, "http://").result).toBe(CURLE_URL_MALFORMAT);
    expect(runOne(w, "http://h:99999/").result).toBe(CURLE_URL_MALFORMAT);
    const ftp = runOne(w, "ftp://10.0.0.1/");
    expect(ftp.result).toBe(CURLE_UNSUPPORTED_PROTOCOL);
    expect(ftp.detail).toBe('Protocol "ftp" not supported');
    const unset = new Easy();
    expect(w.multi.addHandle(unset)).toBe(CURLM_OK);
    w.driver.run();
    expect(w.driver.resultOf(unset)).toBe(CURLE_URL_MALFORMAT);
  });

  test("a URL without a scheme is taken as http://", () => {
    const w = makeWorld();
    rawServer(w, (p) => p.write(response(200, "guess")));
    expect(runOne(w, "10.0.0.1/x").body).toBe("guess");
  });

  test("connection refused: COULDNT_CONNECT; unknown host: COULDNT_RESOLVE_HOST", () => {
    const w = makeWorld();
    const r = runOne(w, "http://10.9.9.9:81/");
    expect(r.result).toBe(CURLE_COULDNT_CONNECT);
    expect(r.detail).toMatch(/Failed to connect to 10\.9\.9\.9 port 81/);
    const n = runOne(w, "http://no.such.host/");
    expect(n.result).toBe(CURLE_COULDNT_RESOLVE_HOST);
    expect(n.detail).toBe("Could not resolve host: no.such.host");
    expect(n.e.getinfo("pretransferTimeT")).toBe(1); // failure stamped at start: the 1 µs minimum
  });

  test("write callback returning a short count: WRITE_ERROR with libcurl's text", () => {
    const w = makeWorld();
    rawServer(w, (p) => p.write(response(200, "hello")));
    const r = runOne(w, undefined, (e) => e.setopt("writeFunction", () => 1));
    expect(r.result).toBe(CURLE_WRITE_ERROR);
    expect(r.detail).toBe("Failure writing output to destination, passed 5 returned 1");
  });

  test("header callback sees every line incl. status and blank line; short return fails", () => {
    const w = makeWorld();
    rawServer(w, (p) =>
      p.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"),
    );
    const lines: string[] = [];
    const r = runOne(w, undefined, (e) =>
      e.setopt("headerFunction", (d: Uint8Array) => {
        lines.push(Buffer.from(d).toString("latin1"));
        return d.length;
      }),
    );
    expect(r.result).toBe(CURLE_OK);
    expect(lines).toEqual([
      "HTTP/1.1 100 Continue\r\n",
      "\r\n",
      "HTTP/1.1 200 OK\r\n",
      "Content-Length: 2\r\n",
      "\r\n",
    ]);
    expect(r.e.getinfo("headerSize")).toBe(lines.join("").length);
    const w2 = makeWorld();
    rawServer(w2, (p) => p.write(response(200, "x")));
    const bad = runOne(w2, undefined, (e) => e.setopt("headerFunction", () => 0));
    expect(bad.result).toBe(CURLE_WRITE_ERROR);
  });
});

describe("easy setopt/getinfo", () => {
  test("unknown option, bad values, CR/LF refused", () => {
    const e = new Easy();
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.setopt("noSuchThing", 1)).toBe(CURLE_UNKNOWN_OPTION);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.setopt("url", 42)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.setopt("writeFunction", "nope")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.setopt("noBody", "yes")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("httpHeader", ["X-A: 1\r\nX-Injected: 2"])).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.lastSetoptError).toMatch(/CR, LF or NUL/);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.setopt("httpHeader", "X-A: 1")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("customRequest", "GET /evil HTTP/1.1\r\n")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("customRequest", "GE T")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("userAgent", "a\nb")).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.setopt("customRequest", "PROPFIND")).toBe(CURLE_OK);
    expect(e.setopt("httpVersion", 2)).toBe(CURLE_OK); // CURL_HTTP_VERSION_1_1
    expect(e.setopt("httpVersion", 3)).toBe(CURLE_OK); // 2_0
    expect(e.setopt("httpVersion", 4)).toBe(CURLE_OK); // 2TLS
    expect(e.setopt("httpVersion", 5)).toBe(CURLE_OK); // 2_PRIOR_KNOWLEDGE
    expect(e.setopt("httpVersion", 30)).toBe(CURLE_UNSUPPORTED_PROTOCOL); // 3, a build without it
    expect(e.setopt("httpVersion", 6)).toBe(CURLE_UNSUPPORTED_PROTOCOL);
    // setopt.c: a value it does not know (but not negative) is CURLE_UNSUPPORTED_PROTOCOL.
    expect(e.setopt("httpVersion", 99)).toBe(CURLE_UNSUPPORTED_PROTOCOL);
    expect(e.setopt("httpVersion", -1)).toBe(CURLE_BAD_FUNCTION_ARGUMENT);
    expect(e.getinfoCode("noSuchInfo")).toBe(CURLE_UNKNOWN_OPTION);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(e.getinfo("noSuchInfo")).toBeUndefined();
    expect(e.getinfoCode("responseCode")).toBe(CURLE_OK);
  });

  test("request bytes: method, headers, body; getinfo after a POST", () => {
    const w = makeWorld();
    const srv = httpServer(w.net, "10.0.0.1", 8080, (_r, p) =>
      p.write(response(201, "made", ["Content-Type: text/plain"]), 4),
    );
    const r = runOne(w, "http://10.0.0.1:8080/p?q=1#frag", (e) => {
      e.setopt("postFields", "a=1&b=2");
      e.setopt("userAgent", "ms/1");
      e.setopt("httpHeader", ["X-Test: yes", "Accept:"]);
      e.setopt("private", { id: 7 });
    });
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("made");
    const req = srv.requests[0]!;
    expect(req.raw).toBe(
      "POST /p?q=1 HTTP/1.1\r\nHost: 10.0.0.1:8080\r\nUser-Agent: ms/1\r\nX-Test: yes\r\n" +
        "Content-Length: 7\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\na=1&b=2",
    );
    const e = r.e;
    expect(e.getinfo("responseCode")).toBe(201);
    expect(e.getinfo("contentType")).toBe("text/plain");
    expect(e.getinfo("effectiveUrl")).toBe("http://10.0.0.1:8080/p?q=1");
    expect(e.getinfo("private")).toEqual({ id: 7 });
    expect(e.getinfo("httpVersion")).toBe(2);
    expect(e.getinfo("sizeDownload")).toBe(4);
    expect(e.getinfo("sizeUpload")).toBe(7);
    expect(e.getinfo("requestSize")).toBe(req.raw.length);
    expect(e.getinfo("primaryIp")).toBe("10.0.0.1");
    expect(e.getinfo("primaryPort")).toBe(8080);
    expect(e.getinfo("totalTime")).toBeCloseTo(0.004, 9);
    expect(e.getinfo("pretransferTimeT")).toBe(1);
    expect(e.getinfo("starttransferTimeT")).toBe(4000);
  });

  test("noBody sends HEAD and reads no body; customRequest sets the method", () => {
    const w = makeWorld();
    const srv = rawServer(w, (p) => p.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
    const r = runOne(w, undefined, (e) => e.setopt("noBody", 1));
    expect(r.result).toBe(CURLE_OK);
    expect(srv.requests[0]!.method).toBe("HEAD");
    const r2 = runOne(w, undefined, (e) => {
      e.setopt("customRequest", "DELETE");
      e.setopt("noBody", 1);
    });
    expect(r2.result).toBe(CURLE_OK);
    expect(srv.requests[1]!.method).toBe("DELETE");
    expect(w.net.peers.length).toBe(1); // reused
  });
});

describe("pause", () => {
  test("CURL_WRITEFUNC_PAUSE stops delivery and IN; CURLPAUSE_CONT resumes without losing a byte", () => {
    const w = makeWorld();
    const body = "0123456789".repeat(50);
    rawServer(w, (p) => p.drip(response(200, body), 64, 1));
    const e = new Easy();
    e.setopt("url", "http://10.0.0.1/");
    const got: string[] = [];
    let pauses = 0;
    e.setopt("writeFunction", (d: Uint8Array) => {
      if (pauses < 3 && got.length === pauses * 2) {
        pauses++;
        return CURL_WRITEFUNC_PAUSE; // refused: will be offered again
      }
      got.push(Buffer.from(d).toString("latin1"));
      return d.length;
    });
    w.multi.addHandle(e);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    for (let round = 0; round < 3; round++) {
      w.driver.until(() => (handleOf(e).transfer?.paused ?? 0) !== 0);
      expect(w.driver.log.filter((l) => l.startsWith("sock")).at(-1)).toBe("sock 0 REMOVE");
      // Time passes, data keeps arriving, nothing is delivered while paused.
      const n = got.length;
      for (let i = 0; i < 5; i++) w.driver.step();
      w.clock.advance(5);
      w.sched.runDue();
      expect(got.length).toBe(n);
      expect(e.pause(CURLPAUSE_CONT)).toBe(CURLE_OK);
      expect(w.driver.log.slice(-2)).toEqual(["timer 0", "sock 0 IN"]);
    }
    w.driver.until(() => w.multi.running === 0);
    expect(got.join("")).toBe(body);
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });
});

describe("dead reused connections", () => {
  test("a reused connection closed before any byte is retried on a fresh one", () => {
    const w = makeWorld();
    let n = 0;
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => {
      n++;
      // First connection: answer once, then drop the second request without a byte.
      if (n === 1) p.write(response(200, "one"));
      else if (n === 2) p.end();
      else p.write(response(200, "again"));
    });
    expect(runOne(w).body).toBe("one");
    const r = runOne(w);
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("again");
    expect(w.net.peers.length).toBe(2);
    expect(r.e.getinfo("numConnects")).toBe(1);
  });

  test("gives up after 5 retries with CURLE_SEND_ERROR", () => {
    const w = makeWorld();
    w.multi.setopt("maxConnects", 10);
    // Six connections answered once each, then every later request is dropped without a byte.
    let answered = 0;
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => {
      if (answered < 6) {
        answered++;
        p.write(response(200, "x"), 1);
      } else p.end();
    });
    const six = Array.from({ length: 6 }, () => {
      const e = new Easy();
      e.setopt("url", "http://10.0.0.1/");
      w.multi.addHandle(e);
      return e;
    });
    w.driver.run();
    expect(six.map((e) => w.driver.resultOf(e))).toEqual(Array(6).fill(CURLE_OK));
    expect(w.net.transport.open).toBe(6);
    const r = runOne(w);
    expect(r.result).toBe(CURLE_SEND_ERROR);
    expect(r.detail).toBe("Connection died, tried 5 times before giving up");
    expect(w.net.transport.open).toBe(0);
  });

  test("a dead idle connection is noticed and closed, not handed out", () => {
    const w = makeWorld();
    let n = 0;
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => {
      n++;
      p.write(response(200, `c${n}`));
      if (n === 1) p.end(10); // server closes the idle connection later
    });
    runOne(w);
    w.clock.advance(20);
    w.sched.runDue();
    const r = runOne(w);
    expect(r.body).toBe("c2");
    expect(handleOf(r.e).info.retries).toBe(0);
    expect(r.e.getinfo("numConnects")).toBe(1);
    w.clock.advance(1);
    w.sched.runDue();
    expect(w.net.peers.map((p) => p.clientClosed)).toEqual([true, false]); // the dead one was closed
    expect(w.net.transport.open).toBe(1);
  });

  test("maxConnects 1 keeps only the newest idle connection", () => {
    const w = makeWorld();
    w.multi.setopt("maxConnects", 1);
    // Three connections at once; the one to /2 answers last, so it is the newest idle one.
    httpServer(w.net, "10.0.0.1", 80, (req, p) =>
      p.write(response(200, "x"), 1 + Number(req.target.slice(1))),
    );
    for (let i = 0; i < 3; i++) {
      const e = new Easy();
      e.setopt("url", `http://10.0.0.1/${i}`);
      w.multi.addHandle(e);
    }
    w.driver.run();
    expect(w.net.transport.open).toBe(1);
    w.clock.advance(1);
    w.sched.runDue();
    expect(w.net.peers.map((p) => p.clientClosed)).toEqual([true, true, false]);
    const r = runOne(w);
    expect(r.e.getinfo("numConnects")).toBe(0); // the kept one is reused
    expect(w.net.peers.length).toBe(3);
  });
});

describe("connection limits", () => {
  test("maxHostConnections queues transfers in order and starts them as slots free up", () => {
    const w = makeWorld();
    w.multi.setopt("maxHostConnections", 2);
    const order: string[] = [];
    httpServer(w.net, "10.0.0.1", 80, (req, p) => {
      order.push(req.target);
      p.write(response(200, "x", ["Connection: close"]), 5);
    });
    const hs = Array.from({ length: 6 }, (_, i) => {
      const e = new Easy();
      e.setopt("url", `http://10.0.0.1/${i}`);
      w.multi.addHandle(e);
      return e;
    });
    let maxOpen = 0;
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    w.driver.until(() => {
      maxOpen = Math.max(maxOpen, w.net.transport.open);
      return w.multi.running === 0;
    });
    expect(maxOpen).toBe(2);
    expect(order).toEqual(["/0", "/1", "/2", "/3", "/4", "/5"]);
    expect(hs.map((e) => w.driver.resultOf(e))).toEqual(Array(6).fill(CURLE_OK));
  });

  test("maxTotalConnections closes an idle connection to another host to make room", () => {
    const w = makeWorld();
    w.multi.setopt("maxTotalConnections", 1);
    httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "a")));
    httpServer(w.net, "10.0.0.2", 80, (_r, p) => p.write(response(200, "b")));
    expect(runOne(w, "http://10.0.0.1/").body).toBe("a");
    expect(runOne(w, "http://10.0.0.2/").body).toBe("b");
    expect(w.net.transport.open).toBe(1);
  });
});

describe("scale", () => {
  test("10,000 concurrent transfers complete with the right bytes", () => {
    const w = makeWorld();
    w.driver.checkInvariants = false;
    const N = 10_000;
    httpServer(w.net, "10.0.0.1", 80, (req, p) => {
      const i = Number(req.target.slice(1));
      p.write(response(200, `body-${i}-${"x".repeat(i % 97)}`), (i * 7) % 13);
    });
    const hashes = new Uint32Array(N);
    const easies: Easy[] = [];
    for (let i = 0; i < N; i++) {
      const e = new Easy();
      e.setopt("url", `http://10.0.0.1/${i}`);
      e.setopt("writeFunction", (d: Uint8Array) => {
        hashes[i] = fnv1a(d, hashes[i] || 0x811c9dc5);
        return d.length;
      });
      easies.push(e);
      w.multi.addHandle(e);
    }
    w.driver.run(5_000_000);
    expect(w.driver.done.length).toBe(N);
    expect(w.driver.done.every((m) => m.result === CURLE_OK)).toBe(true);
    const enc = new TextEncoder();
    for (let i = 0; i < N; i++)
      expect(hashes[i]).toBe(fnv1a(enc.encode(`body-${i}-${"x".repeat(i % 97)}`)));
    w.multi.assertInvariants();
    expect(w.multi.running).toBe(0);
    expect(w.multi.timeout()).toBe(-1);
    expect(w.driver.timerAt).toBe(null);
    // Every socket was told REMOVE: nothing is watched.
    for (let s = 0; s < N; s++) expect(w.net.transport.poller.watching(s)).toBe(0);
  });
});
