// Issue 8's features against a real origin on loopback (scripts/origin.ts in its own process):
// redirects, content decoding, uploads, authentication, failOnError, progress.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Origin, startOrigin } from "../../scripts/start-origin.ts";
import {
  CURLE_HTTP_RETURNED_ERROR,
  CURLE_TOO_MANY_REDIRECTS,
  type CurlError,
  Multi,
  request,
} from "../../src/index.ts";
import { fnv1a } from "../helpers/virtual.ts";

let origin: Origin;
let base: string;
let multi: Multi;

beforeAll(async () => {
  origin = await startOrigin();
  base = `http://127.0.0.1:${origin.port}`;
  multi = new Multi();
});
afterAll(async () => {
  multi.close();
  await origin.stop();
});

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

const fail = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as CurlError,
  );

describe("redirects on real sockets", () => {
  test("a chain of five is followed; the limit is enforced", async () => {
    const r = await request(`${base}/redirect/5`, { multi, followLocation: 1 });
    expect(new TextDecoder().decode(r.body)).toBe("done");
    expect(r.easy.getinfo("redirectCount")).toBe(5);
    expect(r.effectiveUrl).toBe(`${base}/redirect/0`);
    const e = await fail(request(`${base}/redirect/5`, { multi, followLocation: 1, maxRedirs: 3 }));
    expect(e?.code).toBe(CURLE_TOO_MANY_REDIRECTS);
    expect(e?.detail).toBe("Maximum (3) redirects followed");
  });

  test("a 303 after a POST goes on as GET; a 307 keeps the POST and its body", async () => {
    const to = (code: number) => `${base}/to?code=${code}&url=${encodeURIComponent("/echo")}`;
    const a = await request(to(303), { multi, followLocation: 1, postFields: "abc" });
    expect(a.header("x-method")).toBe("GET");
    const b = await request(to(307), { multi, followLocation: 1, postFields: "abc" });
    expect(b.header("x-method")).toBe("POST");
    expect(new TextDecoder().decode(b.body)).toBe("abc");
  });
});

describe("content decoding on real sockets", () => {
  for (const coding of ["gzip", "deflate", "br", "zstd"]) {
    test(`${coding}: decoded with acceptEncoding "", raw with httpContentDecoding 0`, async () => {
      const n = 300_000;
      const r = await request(`${base}/${coding}/${n}`, { multi, acceptEncoding: "" });
      expect(r.body.length).toBe(n);
      expect(fnv1a(r.body)).toBe(fnv1a(pattern(n)));
      expect(r.easy.getinfo("sizeDownload")).toBeLessThan(n); // wire bytes, as libcurl
      const raw = await request(`${base}/${coding}/${n}`, {
        multi,
        acceptEncoding: "",
        httpContentDecoding: 0,
      });
      expect(raw.body.length).toBe(r.easy.getinfo("sizeDownload") as number);
      expect(raw.header("content-encoding")).toBe(coding);
    });
  }
});

describe("uploads and authentication on real sockets", () => {
  test("PUT from the read callback, chunked, 3 MiB in 64 KiB pieces", async () => {
    const total = 3 * 1024 * 1024;
    let sent = 0;
    const r = await request(`${base}/echo`, {
      multi,
      upload: 1,
      readFunction: (buf: Uint8Array) => {
        const n = Math.min(buf.length, total - sent);
        for (let i = 0; i < n; i++) buf[i] = (sent + i) % 251;
        sent += n;
        return n;
      },
    });
    expect(r.header("x-method")).toBe("PUT");
    expect(r.body.length).toBe(total);
    expect(fnv1a(r.body)).toBe(fnv1a(pattern(total)));
    expect(r.easy.getinfo("sizeUpload")).toBe(total);
  });

  test("Basic credentials from userPwd and from the URL; failOnError on the 401", async () => {
    const ok = await request(`${base}/auth`, { multi, userPwd: "user:pass" });
    expect(new TextDecoder().decode(ok.body)).toBe("welcome");
    const url = `http://user:pass@127.0.0.1:${origin.port}/auth`;
    expect((await request(url, { multi })).status).toBe(200);
    const e = await fail(request(`${base}/auth`, { multi, failOnError: 1 }));
    expect(e?.code).toBe(CURLE_HTTP_RETURNED_ERROR);
    expect(e?.detail).toBe("The requested URL returned error: 401");
  });

  test("the progress callback sees the download grow", async () => {
    const seen: number[] = [];
    const r = await request(`${base}/bytes/1048576`, {
      multi,
      noProgress: 0,
      xferInfoFunction: (_u: unknown, _dt: number, dn: number) => {
        seen.push(dn);
        return 0;
      },
    });
    expect(r.body.length).toBe(1 << 20);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
    // It grew: a later call saw more than the first one did, and the final forced call
    // (libcurl's Curl_pgrsDone) saw all of it.
    expect(seen.at(-1)!).toBeGreaterThan(seen[0]!);
    expect(seen.at(-1)).toBe(1 << 20);
  });
});
