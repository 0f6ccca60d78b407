// The HTTP/2 oracle against real nginx (test/oracle/h2-cases.ts): libcurl's side of every case is
// checked against the answers the table records; multisock's side is compared with libcurl's for the
// HTTP/1.1 cases now, and for the `h2` cases once MULTISOCK_H2_ORACLE=1 (until then they are todo).
// Skipped, with a note, when nginx is not installed or libcurl.so.4 cannot be loaded.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type NginxServer, nginxBinary, startNginx } from "../helpers/nginx.ts";
import { CurlPool, libcurlLoadError, type Outcome } from "./compare.ts";
import {
  describeH2,
  diffOutcome,
  expectedForMultisock,
  type H2Case,
  h2Cases,
  MULTISOCK_SPEAKS_H2,
  runH2Curl,
  runH2Multisock,
} from "./h2-cases.ts";

const CONCURRENCY = 4;

const cases = h2Cases();
/** The multisock side runs for these: the HTTP/1.1 cases, and the h2 ones once switched on. */
const compared = (c: H2Case) => !c.h2 || MULTISOCK_SPEAKS_H2;
const why =
  nginxBinary() === undefined
    ? "nginx is not installed"
    : libcurlLoadError() !== undefined
      ? `libcurl.so.4 cannot be loaded (${libcurlLoadError()})`
      : undefined;

if (why !== undefined) {
  console.warn(`h2 oracle: skipped, ${why}`);
  test.skip(`h2 oracle (${why})`, () => {});
} else {
  let server: NginxServer;
  let pool: CurlPool;
  let libcurlVersion = "";
  const curl = new Map<string, Outcome>();
  const ms = new Map<string, Outcome>();

  beforeAll(async () => {
    const started = await CurlPool.start(2);
    if (!started.pool) throw new Error(`libcurl child failed to start: ${started.reason}`);
    pool = started.pool;
    libcurlVersion = pool.version;
    server = (await startNginx())!;
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const [a, m] = await Promise.all([
          runH2Curl(pool, server, c),
          compared(c) ? runH2Multisock(server, c) : undefined,
        ]);
        curl.set(c.name, a);
        if (m !== undefined) ms.set(c.name, m);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, 60_000);

  afterAll(async () => {
    pool?.close();
    await server?.stop();
  });

  describe("h2 oracle: libcurl answers as the table records", () => {
    test.each(cases.map((c) => [c.name, c] as const))("%s", (_, c) => {
      const a = curl.get(c.name)!;
      expect(a).toBeDefined();
      // The table records 7.88.1; another libcurl is held to current curl's answer where one is given.
      const want = libcurlVersion.startsWith("libcurl/7.88.") ? c.libcurl : expectedForMultisock(c);
      const d = diffOutcome(want, a, true);
      if (d.length) console.log(`${c.name} (${libcurlVersion}): ${JSON.stringify(a)}`);
      expect(d).toEqual([]);
    });

    test("the POSTs arrived whole, over HTTP/2.0 and HTTP/1.1", () => {
      // libcurl's POSTs (and multisock's, when compared) of 3000 bytes plus the request head.
      const posts = server.accessEntries().filter((e) => e.method === "POST");
      const on = (port: number, protocol: string) =>
        posts.some((e) => e.port === port && e.protocol === protocol && e.status === 200);
      expect([on(server.tlsPort, "HTTP/2.0"), on(server.h1Port, "HTTP/1.1")]).toEqual([true, true]);
      for (const e of posts) expect(e.requestLength).toBeGreaterThan(3000);
    });
  });

  describe("h2 oracle: multisock agrees with libcurl", () => {
    for (const c of cases) {
      if (!compared(c)) {
        test.todo(`${c.name} (needs HTTP/2; MULTISOCK_H2_ORACLE=1 compares it)`);
        continue;
      }
      test(c.name, () => {
        const a = curl.get(c.name)!;
        const m = ms.get(c.name)!;
        const d = diffOutcome(expectedForMultisock(c), m);
        if (d.length) console.log(`${describeH2(c, a, m)}\n  differs: ${d.join("; ")}`);
        expect(d).toEqual([]);
      });
    }
  });
}
