// HTTP/2 against a real nginx (test/helpers/nginx.ts): h2 over TLS by ALPN, h2c with prior
// knowledge, multiplexing counted in nginx's own access log, nginx's GOAWAY after keepalive_requests,
// and its SETTINGS_MAX_CONCURRENT_STREAMS. Skipped with a note where nginx cannot be had.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURLE_OK,
  type Easy,
  Multi,
  request,
} from "../../src/index.ts";
import { fixtureBytes, NGINX_CA, type NginxServer, startNginx } from "../helpers/nginx.ts";
import { many } from "../helpers/run-many.ts";
import { fnv1a } from "../helpers/virtual.ts";

let ng: NginxServer | null = null;

beforeAll(async () => {
  ng = await startNginx();
});
afterAll(async () => {
  await ng?.stop();
});

const tls = (e: Easy) => {
  e.setopt("caInfo", NGINX_CA);
  e.setopt("pipeWait", 1);
};
const h2c = (e: Easy) => {
  e.setopt("httpVersion", CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
  e.setopt("pipeWait", 1);
};

/** Connections nginx saw for requests of `path` since `from` (an index into the access log). */
function nginxConnections(from: number, path: string): Set<number> {
  return new Set(
    ng!
      .accessEntries()
      .slice(from)
      .filter((a) => a.uri === path)
      .map((a) => a.connection),
  );
}

describe("nginx: h2 over TLS and h2c", () => {
  test("request() speaks h2 to nginx's TLS port by default; nginx logs HTTP/2.0", async () => {
    if (ng === null) return;
    const r = await request(ng.url("tls", "/bytes/65536"), { caInfo: NGINX_CA });
    expect(r.status).toBe(200);
    expect(fnv1a(r.body)).toBe(fnv1a(fixtureBytes(65536)));
    expect(r.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_2_0);
    const one = await request(ng.url("tls", "/bytes/1024"), {
      caInfo: NGINX_CA,
      httpVersion: CURL_HTTP_VERSION_1_1,
    });
    expect(one.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_1_1);
    const c = await request(ng.url("h2c", "/bytes/1048576"), {
      httpVersion: CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
    });
    expect(c.easy.getinfo("httpVersion")).toBe(CURL_HTTP_VERSION_2_0);
    expect(fnv1a(c.body)).toBe(fnv1a(fixtureBytes(1048576)));
    const protocols = ng.accessEntries().map((a) => a.protocol);
    expect(protocols).toContain("HTTP/2.0");
    expect(protocols).toContain("HTTP/1.1");
  });

  test("1,000 transfers, 100 in flight, with pipeWait: one TLS connection (nginx agrees)", async () => {
    if (ng === null) return;
    const from = ng.accessEntries().length;
    const r = await many(ng.url("tls", "/bytes/1024"), 1000, 100, tls);
    expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
    expect(r.h2).toBe(1000);
    expect(r.connects).toBe(1);
    await Bun.sleep(50);
    expect(nginxConnections(from, "/bytes/1024").size).toBe(1);
  });

  test("500 started at once over h2c: ceil(500 / 100) connections, libcurl's stream limit", async () => {
    if (ng === null) return;
    const r = await many(ng.url("h2c", "/bytes/1024"), 500, 500, h2c);
    expect(r.results.filter((x) => x === CURLE_OK).length).toBe(500);
    expect(r.connects).toBe(5);
  });

  test("redirects and an upload over h2", async () => {
    if (ng === null) return;
    const r = await request(ng.url("tls", "/redirect/3"), { caInfo: NGINX_CA, followLocation: 1 });
    expect(new TextDecoder().decode(r.body)).toBe("done");
    expect(r.easy.getinfo("redirectCount")).toBe(3);
    const body = new Uint8Array(1024 * 1024).fill(7);
    const up = await request(ng.url("tls", "/upload"), { caInfo: NGINX_CA, postFields: body });
    expect(up.status).toBe(200);
    await Bun.sleep(50);
    const logged = ng.accessEntries().filter((a) => a.uri === "/upload");
    expect(logged.at(-1)!.requestLength).toBeGreaterThanOrEqual(body.length);
  });
});

describe("nginx's own limits", () => {
  test("GOAWAY after keepalive_requests: the rest go on a new connection, none fails", async () => {
    const small = await startNginx({ keepaliveRequests: 10 });
    if (small === null) return;
    try {
      const r = await many(small.url("tls", "/bytes/1024"), 100, 20, tls);
      expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
      expect(r.connects).toBeGreaterThanOrEqual(10);
    } finally {
      await small.stop();
    }
  });

  test("SETTINGS_MAX_CONCURRENT_STREAMS 8: 40 at once with pipeWait open 40 / 8 = 5 connections", async () => {
    const small = await startNginx({ maxConcurrentStreams: 8 });
    if (small === null) return;
    try {
      // With the multi's own limit at 8 as well, a connection in progress is counted on for 8
      // streams: each fifth of the transfers waits for one.
      const multi = new Multi();
      multi.setopt("maxConcurrentStreams", 8);
      const r = await many(small.url("tls", "/bytes/1024"), 40, 40, tls, multi);
      expect(r.results.every((x) => x === CURLE_OK)).toBe(true);
      expect(r.connects).toBe(5);
    } finally {
      await small.stop();
    }
  });
});
