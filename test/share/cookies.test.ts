// CURL_LOCK_DATA_COOKIE on real sockets through the public API: handles in one Share see one cookie
// jar (a cookie one handle stored is sent by another), handles outside it see none, and a handle
// that leaves the share no longer reaches the shared jar.

import { afterAll, expect, test } from "bun:test";
import { CURL_LOCK_DATA_COOKIE, CURLSHE_OK, request, Share } from "../../src/index.ts";

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    if (new URL(req.url).pathname === "/set")
      return new Response("set", { headers: { "set-cookie": "k=shared; Path=/" } });
    return new Response(req.headers.get("cookie") ?? "(none)");
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test("handles in a cookie-sharing Share send each other's cookies; others do not", async () => {
  const share = new Share();
  expect(share.setopt("share", CURL_LOCK_DATA_COOKIE)).toBe(CURLSHE_OK);
  // One request stores the cookie (its handle is in the share: the engine is on for it).
  await request(`${base}/set`, { share });
  // Another request, another handle, the same share: the cookie goes out.
  expect(text((await request(`${base}/echo`, { share })).body)).toBe("k=shared");
  // No share, no cookie engine: nothing is sent.
  expect(text((await request(`${base}/echo`)).body)).toBe("(none)");
  // A share without the cookie kind shares no jar.
  const dnsOnly = new Share();
  expect(text((await request(`${base}/echo`, { share: dnsOnly })).body)).toBe("(none)");
});
