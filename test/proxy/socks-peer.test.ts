// The codec over real loopback sockets against the scripted SOCKS peer: every case of socks-cases.ts,
// its answers written whole and then a byte at a time. The peer logs the messages it got, so the bytes
// on the wire are checked as well as the outcome; the tunnel bytes arrive behind the handshake.

import { afterAll, describe, expect, test } from "bun:test";
import { CURLE_OK, proxyCodeName } from "../../src/constants/index.ts";
import { type SocksPeer, startSocksPeer } from "../helpers/socks-peer.ts";
import { peerScriptFor, SOCKS_CASES, type SocksCase } from "./socks-cases.ts";
import { httpGet, socksConnect } from "./socks-client.ts";

const peers: SocksPeer[] = [];
afterAll(() => {
  for (const p of peers) p.stop();
});

async function play(c: SocksCase, dribbleMs?: number) {
  const peer = startSocksPeer(peerScriptFor(c, dribbleMs));
  peers.push(peer);
  const r = await socksConnect(peer.port, c.req, {
    request: c.tunnel === undefined ? undefined : "",
  });
  expect({ code: r.h.code, px: proxyCodeName(r.h.proxyCode), message: r.h.message }).toEqual({
    code: c.code,
    px: proxyCodeName(c.proxyCode),
    message: c.message,
  });
  const sends = c.steps.filter((s) => s.send !== null).map((s) => s.send);
  // The peer logs a message once it is whole; the client stops sending at its failure.
  const until = () =>
    peer.connections.length === 1 && peer.connections[0]!.messages.length === sends.length;
  for (let i = 0; i < 100 && !until(); i++) await Bun.sleep(5);
  expect(peer.connections.length).toBe(1);
  expect(peer.connections[0]!.messages).toEqual(sends as number[][]);
  // Written a byte at a time, the handshake arrives in many data events (the kernel may still merge
  // a few bytes, so not necessarily one each).
  if (dribbleMs !== undefined && c.code === CURLE_OK) expect(r.handshakeChunks).toBeGreaterThan(2);
  if (c.code === CURLE_OK && c.tunnel !== undefined)
    expect(r.tunnel).toBe(String.fromCharCode(...c.tunnel));
  peer.stop();
}

describe("SOCKS codec against the scripted peer, on loopback", () => {
  for (const c of SOCKS_CASES) {
    test(`${c.name}: answers whole`, () => play(c));
    test(`${c.name}: answers a byte at a time`, () => play(c, 1));
  }
});

describe("the scripted peer as a tunnel", () => {
  test("SOCKS5 relays to a loopback origin: the HTTP response arrives through the tunnel", async () => {
    using origin = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Response("hello via socks"),
    });
    const peer = startSocksPeer({
      replies: [
        [5, 0],
        [5, 0, 0, 1, 127, 0, 0, 1, 0, 0],
      ],
      after: "tunnel",
    });
    peers.push(peer);
    const r = await socksConnect(
      peer.port,
      {
        version: 5,
        remoteResolve: false,
        host: "127.0.0.1",
        port: origin.port!,
        user: "",
        password: "",
      },
      { request: httpGet("127.0.0.1", origin.port!) },
    );
    expect(r.h.done).toBe(true);
    expect(r.tunnel).toStartWith("HTTP/1.1 200 OK\r\n");
    expect(r.tunnel).toEndWith("\r\n\r\nhello via socks");
    expect(peer.connections[0]!.dest).toEqual({ host: "127.0.0.1", port: origin.port! });
  });
});
