// libcurl as the oracle for proxy authentication (a 407): each case runs through Debian's libcurl (a
// curl-child.ts process) and through multisock, each against its own fresh RFC 7616 Digest server in
// proxy mode (test/helpers/digest-server.ts): forwarded requests in the clear and CONNECT tunnels,
// Digest, ANY, Basic, wrong passwords, a proxy that closes after its challenge. The result code,
// response code, body, httpConnectCode, CURLINFO_PROXYAUTH_AVAIL and the requests the proxy saw (in
// order: method, target, the scheme of the Proxy-Authorization sent, the proxy's verdict) must
// agree. Where 7.88 and current curl differ the case rewrites 7.88's result to current curl's.

import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  CURLAUTH_ANY,
  CURLAUTH_BASIC,
  CURLAUTH_DIGEST,
  CURLE_COULDNT_CONNECT,
  CURLE_RECV_ERROR,
} from "../../src/index.ts";
import { type DigestServerOptions, startDigestServer } from "../helpers/digest-server.ts";
import { perform } from "../regress/helpers.ts";
import { CurlPool, libcurlLoadError } from "./compare.ts";
import type { CurlJob } from "./curl-child.ts";

type Job = Omit<CurlJob, "id" | "url" | "proxy">;

interface ProxyAuthCase {
  name: string;
  server?: Partial<DigestServerOptions>;
  job: Job;
  /** Current curl's answer where 7.88's differs: [7.88's result, current curl's]. */
  rewrite?: [number, number];
}

interface Outcome {
  result: number;
  responseCode: number;
  body: string;
  httpConnectCode: number;
  proxyAuthAvail: number;
  requests: string[];
}

const GOOD = "alice:s3cret";
const BAD = "alice:wrong";
const TUNNEL_FAILED: [number, number] = [CURLE_RECV_ERROR, CURLE_COULDNT_CONNECT];
const DIGEST = { proxyAuth: CURLAUTH_DIGEST, proxyUserPwd: GOOD };

const CASES: ProxyAuthCase[] = [
  { name: "forwarded, Digest", job: DIGEST },
  { name: "tunnel, Digest", job: { ...DIGEST, httpProxyTunnel: true } },
  {
    name: "tunnel, Digest SHA-256",
    server: { algorithm: "SHA-256" },
    job: { ...DIGEST, httpProxyTunnel: true },
  },
  {
    name: "tunnel, Digest, the proxy closes after its challenge (connect again)",
    server: { closeAfterChallenge: true },
    job: { ...DIGEST, httpProxyTunnel: true },
  },
  {
    name: "forwarded, Digest, the proxy closes after its challenge",
    server: { closeAfterChallenge: true },
    job: DIGEST,
  },
  {
    name: "forwarded, Digest POST: a probe without the body first",
    job: { ...DIGEST, postFields: "a=1&b=2" },
  },
  {
    name: "tunnel, ANY on Basic+Digest picks Digest",
    server: { challenges: ["basic+digest"] },
    job: { proxyAuth: CURLAUTH_ANY, proxyUserPwd: GOOD, httpProxyTunnel: true },
  },
  {
    name: "forwarded, ANY on a Basic-only proxy",
    server: { challenges: ["basic"] },
    job: { proxyAuth: CURLAUTH_ANY, proxyUserPwd: GOOD },
  },
  {
    name: "tunnel, Basic (the default) sent up front to a Basic proxy",
    server: { challenges: ["basic"] },
    job: { proxyUserPwd: GOOD, httpProxyTunnel: true },
  },
  {
    name: "tunnel, Basic only to a Digest proxy: the tunnel fails",
    job: { proxyAuth: CURLAUTH_BASIC, proxyUserPwd: GOOD, httpProxyTunnel: true },
    rewrite: TUNNEL_FAILED,
  },
  {
    name: "tunnel, Digest, wrong password: the tunnel fails",
    job: { proxyAuth: CURLAUTH_DIGEST, proxyUserPwd: BAD, httpProxyTunnel: true },
    rewrite: TUNNEL_FAILED,
  },
  {
    name: "tunnel, Digest, wrong password, failOnError",
    job: {
      proxyAuth: CURLAUTH_DIGEST,
      proxyUserPwd: BAD,
      httpProxyTunnel: true,
      failOnError: true,
    },
  },
  {
    name: "forwarded, Digest, wrong password: the 407 is the answer",
    job: { proxyAuth: CURLAUTH_DIGEST, proxyUserPwd: BAD },
  },
  {
    name: "forwarded, Digest, wrong password, failOnError",
    job: { proxyAuth: CURLAUTH_DIGEST, proxyUserPwd: BAD, failOnError: true },
  },
  { name: "forwarded, no credentials: the 407", job: { proxyAuth: CURLAUTH_DIGEST } },
  {
    name: "tunnel, no credentials: the tunnel fails",
    job: { proxyAuth: CURLAUTH_DIGEST, httpProxyTunnel: true },
    rewrite: TUNNEL_FAILED,
  },
];

/** The origin the requests name; the proxy answers for it (nothing resolves or connects there). */
const TARGET = "http://origin.test/dir/x?y=1";

function requestsOf(
  seen: { method: string; target: string; headers: Record<string, string>; verdict: string }[],
): string[] {
  return seen.map((q) => {
    const scheme = q.headers["proxy-authorization"]?.split(" ")[0] ?? "-";
    return `${q.method} ${q.target} ${scheme} ${q.verdict}`;
  });
}

function proxyFor(c: ProxyAuthCase) {
  return startDigestServer({ users: { alice: "s3cret" }, ...c.server, proxy: true });
}

async function viaMultisock(c: ProxyAuthCase): Promise<Outcome> {
  using proxy = proxyFor(c);
  const j = c.job;
  const opts: Record<string, unknown> = { proxy: proxy.url, timeoutMs: 10_000 };
  if (j.proxyAuth !== undefined) opts.proxyAuth = j.proxyAuth;
  if (j.proxyUserPwd !== undefined) opts.proxyUserPwd = j.proxyUserPwd;
  if (j.httpProxyTunnel) opts.httpProxyTunnel = 1;
  if (j.failOnError) opts.failOnError = 1;
  if (j.postFields !== undefined) opts.postFields = j.postFields;
  const r = await perform(TARGET, opts);
  return {
    result: r.result,
    responseCode: r.code,
    body: Buffer.from(r.body).toString("latin1"),
    httpConnectCode: r.easy.getinfo("httpConnectCode"),
    proxyAuthAvail: r.easy.getinfo("proxyAuthAvail"),
    requests: requestsOf(proxy.seen),
  };
}

async function viaLibcurl(pool: CurlPool, c: ProxyAuthCase): Promise<Outcome> {
  using proxy = proxyFor(c);
  const a = await pool.run({ url: TARGET, proxy: proxy.url, ...c.job });
  if ("error" in a) throw new Error(a.error);
  let result = a.result;
  if (c.rewrite && result === c.rewrite[0]) result = c.rewrite[1];
  return {
    result,
    responseCode: a.responseCode,
    body: Buffer.from(a.body ?? "", "base64").toString("latin1"),
    httpConnectCode: a.httpConnectCode ?? 0,
    proxyAuthAvail: a.proxyAuthAvail ?? 0,
    requests: requestsOf(proxy.seen),
  };
}

const loadError = libcurlLoadError();
if (loadError !== undefined) {
  test.skip(`proxy auth oracle (libcurl.so.4 not loadable: ${loadError})`, () => {});
} else {
  let pool: CurlPool | undefined;
  const answers = new Map<string, { curl: Outcome; ms: Outcome }>();
  beforeAll(async () => {
    const started = await CurlPool.start(1);
    if (!started.pool) throw new Error(`libcurl child failed to start: ${started.reason}`);
    pool = started.pool;
    for (const c of CASES)
      answers.set(c.name, { curl: await viaLibcurl(pool, c), ms: await viaMultisock(c) });
  }, 60_000);
  afterAll(() => pool?.close());

  test.each(CASES.map((c) => [c.name, c] as const))("proxy auth oracle: %s", (_name, c) => {
    const { curl, ms } = answers.get(c.name)!;
    if (process.env.AUTH_ORACLE_SHOW) console.log(c.name, JSON.stringify(curl));
    expect(ms).toEqual(curl);
  });
}
