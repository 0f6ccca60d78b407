// The SOCKS codec against byte sequences: every case of socks-cases.ts replayed whole (the proxy's
// answers pipelined with the tunnel's first bytes), at every split point, byte by byte, and step by
// step (each answer only after the client's message); plus the close and error helpers.

import { describe, expect, test } from "bun:test";
import {
  CURLE_OK,
  CURLE_PROXY,
  CURLE_RECV_ERROR,
  CURLE_SEND_ERROR,
  CURLPX_OK,
  CURLPX_RECV_CONNECT,
  CURLPX_SEND_CONNECT,
  proxyCodeName,
} from "../../src/constants/index.ts";
import {
  SOCKS_MAX_PASSWORD,
  SOCKS_MAX_USER,
  SOCKS4A_MAX_HOSTNAME,
  SOCKS5_MAX_HOSTNAME,
  SocksHandshake,
  type SocksRequest,
} from "../../src/proxy/socks.ts";
import { SOCKS_CASES, type SocksCase } from "./socks-cases.ts";

const bytes = (a: number[]) => new Uint8Array(a);

function concat(parts: (number[] | null)[]): number[] {
  return parts.flatMap((p) => p ?? []);
}

interface Run {
  sent: number[];
  consumed: number;
  h: SocksHandshake;
}

/**
 * Feeds the proxy's whole byte stream cut at `cuts`, collecting everything the codec sends, and
 * stops at the first chunk it does not take whole (the handshake ended).
 */
function feed(req: SocksRequest, stream: number[], cuts: number[]): Run {
  const h = new SocksHandshake(req);
  const sent: number[] = [...(h.output() ?? [])];
  const buf = bytes(stream);
  let consumed = 0;
  let from = 0;
  for (const to of [...cuts, stream.length]) {
    if (to <= from) continue;
    // Offsets into a larger buffer, as a caller reading from a socket queue passes them.
    const n = h.input(buf, from, to);
    expect(n).toBeLessThanOrEqual(to - from);
    consumed += n;
    sent.push(...(h.output() ?? []));
    if (n < to - from) break;
    from = to;
  }
  return { sent, consumed, h };
}

/** How many of the proxy's bytes the codec takes in the case. */
function takenOf(c: SocksCase): number {
  return c.taken ?? concat(c.steps.map((s) => s.reply)).length;
}

function expectOutcome(c: SocksCase, r: Run): void {
  const sends = concat(c.steps.map((s) => s.send));
  // A failure drops what was not handed out yet: answers fed ahead of the client's message can cut
  // the sent bytes short, never change them.
  if (c.code === CURLE_OK) expect(r.sent).toEqual(sends);
  else expect(r.sent).toEqual(sends.slice(0, r.sent.length));
  expect(r.consumed).toBe(takenOf(c));
  expect({
    code: r.h.code,
    proxyCode: proxyCodeName(r.h.proxyCode),
    message: r.h.message,
    done: r.h.done,
  }).toEqual({
    code: c.code,
    proxyCode: proxyCodeName(c.proxyCode),
    message: c.message,
    done: c.code === CURLE_OK,
  });
  // Ended: nothing more to send, nothing more taken.
  expect(r.h.output()).toBeNull();
  expect(r.h.input(bytes([1, 2, 3]), 0, 3)).toBe(0);
}

function streamOf(c: SocksCase): number[] {
  return [...concat(c.steps.map((s) => s.reply)), ...(c.tunnel ?? [])];
}

describe("SOCKS codec cases", () => {
  for (const c of SOCKS_CASES) {
    test(`${c.name}: whole, pipelined with the tunnel`, () => {
      expectOutcome(c, feed(c.req, streamOf(c), []));
    });

    test(`${c.name}: every split point and byte by byte`, () => {
      const s = streamOf(c);
      for (let at = 1; at < s.length; at++) expectOutcome(c, feed(c.req, s, [at]));
      expectOutcome(
        c,
        feed(
          c.req,
          s,
          s.map((_, i) => i + 1),
        ),
      );
    });

    test(`${c.name}: step by step, each answer after the client's message`, () => {
      const h = new SocksHandshake(c.req);
      let left = takenOf(c);
      for (const [i, step] of c.steps.entries()) {
        const out = h.output();
        expect(out === null ? null : [...out]).toEqual(step.send);
        const last = i === c.steps.length - 1;
        const chunk = last ? [...step.reply, ...(c.tunnel ?? [])] : step.reply;
        const want = Math.min(step.reply.length, left);
        expect(h.input(bytes(chunk), 0, chunk.length)).toBe(want);
        left -= want;
        if (!last) expect(h.code).toBe(CURLE_OK);
      }
      expect([h.code, h.proxyCode, h.message]).toEqual([c.code, c.proxyCode, c.message]);
    });
  }
});

const s5: SocksRequest = {
  version: 5,
  remoteResolve: false,
  host: "127.0.0.1",
  port: 80,
  user: "",
  password: "",
};

describe("SOCKS codec: the proxy closes or the socket fails", () => {
  const closed = "Failed to receive SOCKS response, proxy closed connection";

  test("closed before any answer, in the middle of one, and between steps", () => {
    for (const stream of [[], [5], [5, 0], [5, 0, 5, 0, 0, 1, 1, 2, 3, 4]]) {
      const h = new SocksHandshake(s5);
      h.input(bytes(stream), 0, stream.length);
      expect(h.peerClosed()).toBe(CURLE_PROXY);
      expect([h.proxyCode, h.message, h.done]).toEqual([CURLPX_RECV_CONNECT, closed, false]);
      expect(h.output()).toBeNull();
    }
  });

  test("a SOCKS4 reply cut short", () => {
    const h = new SocksHandshake({ ...s5, version: 4 });
    expect(h.input(bytes([0, 90, 0]), 0, 3)).toBe(3);
    expect(h.peerClosed()).toBe(CURLE_PROXY);
    expect([h.proxyCode, h.message]).toEqual([CURLPX_RECV_CONNECT, closed]);
  });

  test("a close after the handshake ended changes nothing", () => {
    const h = new SocksHandshake(s5);
    const s = [5, 0, 5, 0, 0, 1, 1, 2, 3, 4, 0, 80];
    h.input(bytes(s), 0, s.length);
    expect(h.done).toBe(true);
    expect(h.peerClosed()).toBe(CURLE_OK);
    expect([h.code, h.proxyCode, h.message]).toEqual([CURLE_OK, CURLPX_OK, ""]);

    const f = new SocksHandshake(s5);
    f.input(bytes([5, 255]), 0, 2);
    expect(f.peerClosed()).toBe(CURLE_PROXY);
    expect(f.message).toBe("No authentication method was acceptable.");
  });

  test("receive and send errors carry the CURLcode's text", () => {
    const r = new SocksHandshake(s5);
    expect(r.recvFailed(CURLE_RECV_ERROR)).toBe(CURLE_PROXY);
    expect([r.proxyCode, r.message]).toEqual([
      CURLPX_RECV_CONNECT,
      "Failed to receive SOCKS response: Failure when receiving data from the peer",
    ]);
    const s = new SocksHandshake(s5);
    expect(s.sendFailed(CURLE_SEND_ERROR)).toBe(CURLE_PROXY);
    expect([s.proxyCode, s.message]).toEqual([
      CURLPX_SEND_CONNECT,
      "Failed to send SOCKS request: Failed sending data to the peer",
    ]);
  });
});

describe("SOCKS codec: API", () => {
  test("the limits lib/socks.c enforces", () => {
    expect([SOCKS_MAX_USER, SOCKS_MAX_PASSWORD, SOCKS4A_MAX_HOSTNAME, SOCKS5_MAX_HOSTNAME]).toEqual(
      [255, 255, 254, 255],
    );
  });

  test("output() hands each message out once", () => {
    const h = new SocksHandshake(s5);
    expect(h.output()).toEqual(bytes([5, 1, 0]));
    expect(h.output()).toBeNull();
    expect(h.input(bytes([5]), 0, 1)).toBe(1);
    expect(h.output()).toBeNull();
    expect(h.stateName).toBe("SOCKS5_RESP0_RECV");
  });

  test("input() honours start and end inside a larger buffer", () => {
    const h = new SocksHandshake(s5);
    h.output();
    const buf = bytes([9, 9, 5, 0, 9]);
    expect(h.input(buf, 2, 4)).toBe(2);
    expect(h.output()).toEqual(bytes([5, 1, 0, 1, 127, 0, 0, 1, 0, 80]));
    expect(h.input(buf, 4, 4)).toBe(0);
  });

  test("misuse throws with the bad value", () => {
    expect(() => new SocksHandshake({ ...s5, port: 70000 })).toThrow("got 70000");
    expect(() => new SocksHandshake({ ...s5, port: 1.5 })).toThrow("got 1.5");
    expect(() => new SocksHandshake({ ...s5, version: 6 as 5 })).toThrow("got 6");
  });

  test("a user name is cut at a NUL, as strlen() sees it", () => {
    const h = new SocksHandshake({ ...s5, version: 4, user: "ab\0cd" });
    expect(h.output()).toEqual(bytes([4, 1, 0, 80, 127, 0, 0, 1, 97, 98, 0]));
  });
});
