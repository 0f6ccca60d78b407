// libcurl as the oracle for proxies: the same requests through Debian's libcurl (child processes) and
// through multisock, against the same tinyproxy, microsocks and scripted proxies on loopback; result
// code, response code, body and httpConnectCode (and proxyError for SOCKS) must agree. Where libcurl
// 7.88 and current curl differ the expectation follows current curl (the rule is named in the case).

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR } from "../../src/index.ts";
import { refusedPort } from "../helpers/loopback.ts";
import { type ProxyServer, startMicrosocks, startTinyproxy } from "../helpers/proxies.ts";
import { perform, scriptedServer } from "../regress/helpers.ts";
import { CurlPool, libcurlLoadError } from "./compare.ts";
import { type CurlJob, hashBytes } from "./curl-child.ts";

type Job = Omit<CurlJob, "id">;

interface Case {
  name: string;
  job: () => Job | null;
  /** Current curl's answer where 7.88's differs: [7.88's result, current curl's]. */
  rewrite?: [number, number];
}

const loadError = libcurlLoadError();
let pool: CurlPool | undefined;
let origin: ReturnType<typeof Bun.serve>;
let tiny: ProxyServer | null = null;
let tinyAuth: ProxyServer | null = null;
let socks: ProxySocks = null;
type ProxySocks = ProxyServer | null;
const scripted: { port: number; stop(): void }[] = [];
let deny = 0;
let cut = 0;
let silent = 0;

const url = (path: string) => `http://127.0.0.1:${origin.port}${path}`;
const cases: Case[] = [
  { name: "forwarded through tinyproxy", job: () => tiny && { url: url("/a"), proxy: tiny.url } },
  {
    name: "tunnelled through tinyproxy",
    job: () => tiny && { url: url("/b"), proxy: tiny.url, httpProxyTunnel: true },
  },
  {
    name: "forwarded, no credentials: 407",
    job: () => tinyAuth && { url: url("/c"), proxy: tinyAuth.url },
  },
  {
    name: "tunnelled, no credentials: the tunnel fails",
    job: () => tinyAuth && { url: url("/d"), proxy: tinyAuth.url, httpProxyTunnel: true },
    rewrite: [CURLE_RECV_ERROR, CURLE_COULDNT_CONNECT],
  },
  {
    name: "forwarded with Basic credentials",
    job: () => tinyAuth && { url: url("/e"), proxy: tinyAuth.url, proxyUserPwd: "alice:s3cret" },
  },
  {
    name: "tunnelled with credentials in the proxy URL",
    job: () =>
      tinyAuth && {
        url: url("/f"),
        proxy: `http://alice:s3cret@127.0.0.1:${tinyAuth.port}`,
        httpProxyTunnel: true,
      },
  },
  {
    name: "a CONNECT answered 403",
    job: () => ({ url: url("/g"), proxy: `127.0.0.1:${deny}`, httpProxyTunnel: true }),
    rewrite: [CURLE_RECV_ERROR, CURLE_COULDNT_CONNECT],
  },
  {
    name: "a CONNECT answer cut short",
    job: () => ({ url: url("/h"), proxy: `127.0.0.1:${cut}`, httpProxyTunnel: true }),
  },
  {
    name: "a proxy that never answers, connect timeout",
    job: () => ({
      url: url("/i"),
      proxy: `127.0.0.1:${silent}`,
      httpProxyTunnel: true,
      connectTimeoutMs: 300,
    }),
  },
  {
    name: "an unreachable proxy",
    job: () => ({ url: url("/j"), proxy: `http://127.0.0.1:${refusedPort()}` }),
  },
  {
    name: "a proxy name that does not resolve",
    job: () => ({ url: url("/k"), proxy: "http://proxy.invalid:3128" }),
  },
  {
    name: "the no-proxy list skips the proxy",
    job: () => ({ url: url("/l"), proxy: "http://proxy.invalid:1", noProxy: "127.0.0.1" }),
  },
  { name: "socks5 (microsocks)", job: () => socks && { url: url("/m"), proxy: socks.url } },
  {
    name: "socks5h (microsocks)",
    job: () => socks && { url: url("/n"), proxy: `socks5h://127.0.0.1:${socks.port}` },
  },
  {
    name: "socks5 to a closed port",
    job: () => socks && { url: `http://127.0.0.1:${refusedPort()}/`, proxy: socks.url },
  },
  {
    name: "socks5 pre-proxy in front of tinyproxy",
    job: () =>
      socks &&
      tiny && { url: url("/o"), proxy: tiny.url, preProxy: `socks5://127.0.0.1:${socks.port}` },
  },
];

/** multisock's answer to a job, in the oracle's terms. */
async function viaMultisock(job: Job) {
  const opts: Record<string, unknown> = {};
  if (job.proxy !== undefined) opts.proxy = job.proxy;
  if (job.preProxy !== undefined) opts.preProxy = job.preProxy;
  if (job.noProxy !== undefined) opts.noProxy = job.noProxy;
  else opts.noProxy = "";
  if (job.proxyUserPwd !== undefined) opts.proxyUserPwd = job.proxyUserPwd;
  if (job.httpProxyTunnel) opts.httpProxyTunnel = 1;
  if (job.connectTimeoutMs !== undefined) opts.connectTimeoutMs = job.connectTimeoutMs;
  opts.timeoutMs = 10_000;
  const r = await perform(job.url, opts);
  return {
    result: r.result,
    responseCode: r.code,
    bodyHash: hashBytes(r.body),
    httpConnectCode: r.easy.getinfo("httpConnectCode"),
    proxyError: r.easy.getinfo("proxyError"),
  };
}

if (loadError !== undefined) {
  console.warn(`proxy oracle: skipped, libcurl.so.4 cannot be loaded (${loadError})`);
  test.skip(`proxy oracle (libcurl.so.4 not loadable: ${loadError})`, () => {});
} else {
  beforeAll(async () => {
    const started = await CurlPool.start(1);
    if (!started.pool) throw new Error(`libcurl child failed to start: ${started.reason}`);
    pool = started.pool;
    origin = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (r) => new Response(`origin ${new URL(r.url).pathname}`),
    });
    [tiny, tinyAuth, socks] = await Promise.all([
      startTinyproxy(),
      startTinyproxy({ user: "alice", pass: "s3cret" }),
      startMicrosocks(),
    ]);
    const d = scriptedServer(() => "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    const c = scriptedServer(() => "HTTP/1.1 200 Conn", { close: true });
    const s = scriptedServer(() => undefined);
    scripted.push(d, c, s);
    deny = d.port;
    cut = c.port;
    silent = s.port;
  }, 30_000);
  afterAll(async () => {
    pool?.close();
    for (const s of scripted) s.stop();
    await Promise.all([tiny?.stop(), tinyAuth?.stop(), socks?.stop()]);
    origin?.stop(true);
  });

  describe("proxy oracle: multisock agrees with libcurl", () => {
    for (const c of cases)
      test(c.name, async () => {
        const job = c.job();
        if (job === null) return; // its proxy binary is missing (noted by the fixture)
        const curl = await pool!.run(job);
        if ("error" in curl) throw new Error(curl.error);
        const ms = await viaMultisock(job);
        let result = curl.result;
        if (c.rewrite && result === c.rewrite[0]) result = c.rewrite[1];
        expect(ms).toEqual({
          result,
          responseCode: curl.responseCode,
          bodyHash: curl.bodyHash,
          httpConnectCode: curl.httpConnectCode ?? 0,
          proxyError: curl.proxyError ?? 0,
        });
      });
  });
}
