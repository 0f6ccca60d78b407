// The oracle: Debian's curl binary and libcurl (through bun:ffi, in a child) against the scripted
// SOCKS peer, for every case marked `oracle`. curl must send the very bytes the codec sends, and fail
// with exit code 97 (CURLE_PROXY), the codec's error text (in 7.88's wording where lib/socks.c was
// reworded since) and its CURLINFO_PROXY_ERROR code, or succeed where the codec succeeds. Skipped,
// with a note, when curl is not installed; the proxy codes are left unchecked without libcurl.

import { afterAll, describe, expect, test } from "bun:test";
import { CURLAUTH_BASIC, CURLE_OK, proxyCodeName } from "../../src/constants/index.ts";
import { type SocksPeer, startSocksPeer } from "../helpers/socks-peer.ts";
import { libcurlLoadError } from "../oracle/compare.ts";
import { peerScriptFor, SOCKS_CASES, type SocksCase } from "./socks-cases.ts";
import { socksConnect } from "./socks-client.ts";
import {
  CURL_BIN,
  curlVersion,
  expectedCurlMessage,
  expectedProxyCode,
  proxyUrl,
  runCurl,
  targetUrl,
} from "./socks-curl.ts";
import { runLibcurlSocks } from "./socks-libcurl.ts";

const VERSION = curlVersion();
const HTTP_OK = [..."HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"].map((c) => c.charCodeAt(0));
if (CURL_BIN === undefined)
  console.warn("socks oracle: curl is not installed; the oracle cases are skipped");
/** Why libcurl cannot be loaded (its proxy codes are then left unchecked), or undefined. */
const LIBCURL_ERROR = libcurlLoadError();
if (LIBCURL_ERROR !== undefined)
  console.warn(`socks oracle: no libcurl (${LIBCURL_ERROR}); CURLINFO_PROXY_ERROR unchecked`);

const peers: SocksPeer[] = [];
afterAll(() => {
  for (const p of peers) p.stop();
});

async function oracleCase(c: SocksCase): Promise<void> {
  const script = peerScriptFor(c);
  // A tunnel always answers with a small HTTP response, so curl's success is exit code 0.
  if (c.code === CURLE_OK) script.after = HTTP_OK;
  const forCurl = startSocksPeer(script);
  const forLib = startSocksPeer(script);
  const forUs = startSocksPeer(script);
  peers.push(forCurl, forLib, forUs);
  const [curl, lib, ours] = await Promise.all([
    runCurl(proxyUrl(c.req, forCurl.port), targetUrl(c.req)),
    LIBCURL_ERROR === undefined
      ? runLibcurlSocks({
          url: targetUrl(c.req),
          proxy: proxyUrl(c.req, forLib.port),
          socks5Auth: CURLAUTH_BASIC,
        })
      : undefined,
    socksConnect(forUs.port, c.req, { request: "" }),
  ]);
  // The outcome matches the case, and curl's matches ours.
  expect([ours.h.code, ours.h.proxyCode, ours.h.message]).toEqual([c.code, c.proxyCode, c.message]);
  const message = expectedCurlMessage(c.message, VERSION);
  if (c.code === CURLE_OK) expect([curl.exitCode, curl.body]).toEqual([0, "ok"]);
  else expect([curl.exitCode, curl.message]).toEqual([c.code, message]);
  // libcurl's CURLINFO_PROXY_ERROR and error buffer for the same exchange.
  if (lib !== undefined) {
    const want = expectedProxyCode(c.proxyCode, c.message, VERSION);
    expect([lib.result, proxyCodeName(lib.proxyError)]).toEqual([c.code, proxyCodeName(want)]);
    if (c.code !== CURLE_OK) expect(lib.errorBuffer).toBe(message);
  }
  // Byte for byte the same messages on the wire.
  expect(forCurl.connections.length).toBe(1);
  expect(forUs.connections[0]!.messages).toEqual(forCurl.connections[0]!.messages);
  if (lib !== undefined)
    expect(forLib.connections[0]!.messages).toEqual(forCurl.connections[0]!.messages);
}

describe.skipIf(CURL_BIN === undefined)(
  `SOCKS oracle: curl ${VERSION} against the scripted peer`,
  () => {
    for (const c of SOCKS_CASES) if (c.oracle === true) test(c.name, () => oracleCase(c));
  },
);

// Where curl 7.88 behaves differently from current curl (docs/differences.md, "SOCKS"): each case
// shows 7.88 doing what the table says, so the table stays true for the oracle that is installed.
describe.skipIf(CURL_BIN === undefined || !VERSION.startsWith("7."))(
  "curl 7.88 differences",
  () => {
    const s5 = {
      version: 5,
      remoteResolve: false,
      host: "127.0.0.1",
      port: 8080,
      user: "",
      password: "",
    } as const;

    test("a SOCKS4 user id of 256 bytes: 7.88 sends it, current curl refuses it (CURLPX_LONG_USER)", async () => {
      const req = { ...s5, version: 4 as const, user: "u".repeat(256) };
      const peer = startSocksPeer({ replies: [[0, 90, 0, 0, 0, 0, 0, 0]], after: HTTP_OK });
      peers.push(peer);
      const curl = await runCurl(proxyUrl(req, peer.port), targetUrl(req));
      expect([curl.exitCode, curl.body]).toEqual([0, "ok"]);
      expect(peer.connections[0]!.messages[0]!.length).toBe(8 + 256 + 1);
      const ours = await socksConnect(peer.port, req);
      expect([ours.h.code, ours.h.message]).toEqual([97, "Too long SOCKS proxy username"]);
    });

    test("a SOCKS5 reply of 8 bytes (ATYP 3, 1-byte name): 7.88 reads 10 and eats 2 tunnel bytes", async () => {
      const script = {
        replies: [
          [5, 0],
          [5, 0, 0, 3, 1, 120, 0, 80],
        ],
        after: HTTP_OK,
      };
      const forCurl = startSocksPeer(script);
      const forUs = startSocksPeer(script);
      peers.push(forCurl, forUs);
      const curl = await runCurl(proxyUrl(s5, forCurl.port), targetUrl(s5));
      // "TP/1.1 200 OK" is no status line: 7.88 takes it for HTTP/0.9, which it refuses.
      expect(curl.exitCode).toBe(1);
      expect(curl.message).toBe("Received HTTP/0.9 when not allowed");
      const ours = await socksConnect(forUs.port, s5, { request: "" });
      expect(ours.h.done).toBe(true);
      expect(ours.tunnel).toStartWith("HTTP/1.1 200 OK");
    });

    test("a proxy that closes: 7.88's CURLPX_CLOSED text, not current curl's", async () => {
      const peer = startSocksPeer({ replies: [], endAfterReplies: true });
      peers.push(peer);
      const curl = await runCurl(proxyUrl(s5, peer.port), targetUrl(s5));
      expect([curl.exitCode, curl.message]).toEqual([97, "connection to proxy closed"]);
    });
  },
);
