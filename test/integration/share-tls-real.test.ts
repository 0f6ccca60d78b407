// CURL_LOCK_DATA_SSL_SESSION on real loopback TLS: a transfer keeps its connection's TLS session in
// the Share, and the next connect to the same peer, from another multi (even on another transport:
// a session is bytes, not a socket), offers it and the server resumes it. Without the share, or
// with SSL_SESSION unshared, every handshake is a full one.

import { afterEach, describe, expect, test } from "bun:test";
import {
  BunDriver,
  CURL_LOCK_DATA_SSL_SESSION,
  CURLE_OK,
  CURLSHE_OK,
  Easy,
  Multi,
  Share,
} from "../../src/index.ts";
import { TEST_CA, TEST_TLS } from "../helpers/loopback.ts";

const stops: (() => void)[] = [];
afterEach(() => {
  for (const f of stops.splice(0)) f();
});

/** A TLS server answering each request with "ok" and a close; records whether each resumed. */
function tlsServer() {
  const resumed: boolean[] = [];
  const srv = Bun.listen<{ buf: string }>({
    hostname: "127.0.0.1",
    port: 0,
    tls: TEST_TLS,
    socket: {
      open(s) {
        s.data = { buf: "" };
      },
      data(s, chunk) {
        s.data.buf += new TextDecoder().decode(chunk);
        if (!s.data.buf.includes("\r\n\r\n")) return;
        resumed.push(s.isSessionReused());
        s.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        s.end();
      },
    },
  });
  stops.push(() => srv.stop(true));
  return { url: `https://localhost:${srv.port}/`, resumed };
}

async function fetchOn(url: string, share: Share | null): Promise<Easy> {
  const multi = new Multi();
  const e = new Easy();
  e.setopt("url", url);
  e.setopt("caInfo", TEST_CA);
  e.setopt("share", share);
  e.setopt("writeFunction", (d: Uint8Array) => d.length);
  let result = -1;
  const d = new BunDriver(multi, { onDone: (_e, r) => (result = r) });
  multi.addHandle(e);
  await d.run();
  d.close();
  multi.removeHandle(e);
  multi.close();
  // The handle leaves the share, so the share's options may change between transfers.
  expect(e.setopt("share", null)).toBe(CURLE_OK);
  expect(result).toBe(CURLE_OK);
  return e;
}

describe("TLS sessions in a Share, real sockets", () => {
  test("the second multi's handshake resumes the session the first one kept", async () => {
    const srv = tlsServer();
    const share = new Share();
    expect(share.setopt("share", CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    await fetchOn(srv.url, share);
    await fetchOn(srv.url, share);
    await fetchOn(srv.url, share);
    expect(srv.resumed).toEqual([false, true, true]);
  });

  test("without the share every handshake is a full one", async () => {
    const srv = tlsServer();
    await fetchOn(srv.url, null);
    await fetchOn(srv.url, null);
    expect(srv.resumed).toEqual([false, false]);
  });

  test("a share without SSL_SESSION keeps no session; unsharing it forgets the ones kept", async () => {
    const srv = tlsServer();
    const share = new Share();
    await fetchOn(srv.url, share);
    await fetchOn(srv.url, share);
    expect(share.setopt("share", CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    await fetchOn(srv.url, share);
    await fetchOn(srv.url, share);
    expect(share.setopt("unshare", CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    expect(share.setopt("share", CURL_LOCK_DATA_SSL_SESSION)).toBe(CURLSHE_OK);
    await fetchOn(srv.url, share);
    expect(srv.resumed).toEqual([false, false, false, true, false]);
  });
});
