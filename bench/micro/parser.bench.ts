// Micro benchmark of the HTTP/1.1 response parser (src/http/parser.ts): typical heads and chunked
// bodies, bytes/s and heads/s, beside Bun's own llhttp. Run: bun run bench/micro/parser.bench.ts
// (prints mitata's report, a table of ns per response, MB/s and heads/s, and a heap measurement).
//
// Cases (each a buffer of COPIES back-to-back responses, as a keep-alive connection delivers them):
//   - small: an nginx head (status, Server, Date, Content-Type, Content-Length, Connection,
//     Last-Modified, ETag, Accept-Ranges), no body;
//   - large: a CDN-style head with 30 header lines (~1.6 KB), no body;
//   - cookies: a head with 10 Set-Cookie lines (~1.1 KB), no body;
//   - chunked: 16 KiB of body in 16 chunks of 1 KiB behind a small head;
//   - small in 1-byte reads: the small head fed one byte per execute() (the line-spanning path).
// Ours: ResponseParser with a handler that counts bytes and keeps nothing; reset() per response.
// Peer: Bun's `process.binding("http_parser").HTTPParser` (node's binding; Bun ships llhttp 9.3 in
// C behind it), one execute() over the same buffer. It is not a bare parser: the binding hands the
// head to JS as an array of header name and value strings, a JS call per message, so it measures
// "llhttp as a JS runtime exposes it". No other Bun parser is callable: fetch's is inside the
// client, and a loopback fetch measures sockets, not parsing. llhttp's own figures (its README,
// C, no JS boundary) are the bare-parser reference; bench/README.md quotes them.

import { bench, do_not_optimize, group, run, summary } from "mitata";
import { type ResponseHandler, ResponseParser } from "../../src/http/parser.ts";
import { heapDelta } from "./heap-delta.ts";

const COPIES = 64;
const enc = new TextEncoder();

const SMALL =
  "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 02 Dec 2026 13:37:00 GMT\r\n" +
  "Content-Type: text/html\r\nContent-Length: 0\r\nConnection: keep-alive\r\n" +
  'Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT\r\nETag: "65f0a1b2-264"\r\nAccept-Ranges: bytes\r\n\r\n';

function largeHead(): string {
  const lines = [
    "HTTP/1.1 200 OK",
    "Server: cloudflare",
    "Date: Wed, 02 Dec 2026 13:37:00 GMT",
    "Content-Type: application/json; charset=utf-8",
    "Content-Length: 0",
    "Connection: keep-alive",
    "Cache-Control: public, max-age=300, s-maxage=600, stale-while-revalidate=60",
    "Vary: Accept-Encoding, Origin, Access-Control-Request-Headers",
    "Access-Control-Allow-Origin: https://www.example.com",
    "Access-Control-Allow-Credentials: true",
    "Access-Control-Expose-Headers: X-Request-Id, X-RateLimit-Remaining, Link",
    "Strict-Transport-Security: max-age=31536000; includeSubDomains; preload",
    "Content-Security-Policy: default-src 'self'; img-src * data:; script-src 'self' https://cdn.example.com",
    "X-Content-Type-Options: nosniff",
    "X-Frame-Options: DENY",
    "Referrer-Policy: strict-origin-when-cross-origin",
    "Permissions-Policy: geolocation=(), microphone=(), camera=()",
    'ETag: W/"5e8f-1a2b3c4d5e6f"',
    "Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT",
    "Age: 42",
    "X-Cache: HIT",
    "X-Request-Id: 9f1c2d3e-4b5a-6789-0abc-def012345678",
    "X-RateLimit-Limit: 5000",
    "X-RateLimit-Remaining: 4987",
    "X-RateLimit-Reset: 1796222220",
    'Link: <https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel="last"',
    "CF-Cache-Status: HIT",
    "CF-RAY: 8f2a1b3c4d5e6f70-FRA",
    'Alt-Svc: h3=":443"; ma=86400',
    "Server-Timing: cdn-cache;desc=HIT, edge;dur=1, origin;dur=0",
    'NEL: {"success_fraction":0,"report_to":"cf-nel","max_age":604800}',
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function cookieHead(): string {
  const lines = ["HTTP/1.1 200 OK", "Server: nginx", "Content-Length: 0"];
  for (let i = 0; i < 10; i++) {
    lines.push(
      `Set-Cookie: session_part_${i}=${"a1b2c3d4e5f6".repeat(4)}; Path=/; Domain=.example.com; ` +
        "Expires=Thu, 02 Dec 2027 13:37:00 GMT; Secure; HttpOnly; SameSite=Lax",
    );
  }
  return `${lines.join("\r\n")}\r\n\r\n`;
}

function chunked(): string {
  let s =
    "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
  const chunk = "x".repeat(1024);
  for (let i = 0; i < 16; i++) s += `400\r\n${chunk}\r\n`;
  return `${s}0\r\n\r\n`;
}

interface Case {
  name: string;
  one: Uint8Array;
  all: Uint8Array;
  /** Bytes per execute() for ours; 0: the whole response at once. */
  read: number;
}

function mkCase(name: string, text: string, read = 0): Case {
  const one = enc.encode(text);
  const all = new Uint8Array(one.length * COPIES);
  for (let i = 0; i < COPIES; i++) all.set(one, i * one.length);
  return { name, one, all, read };
}

const CASES: Case[] = [
  mkCase("small", SMALL),
  mkCase("large", largeHead()),
  mkCase("cookies", cookieHead()),
  mkCase("chunked", chunked()),
  mkCase("small 1-byte reads", SMALL, 1),
];

/** Counts bytes and messages; keeps nothing. */
class Sink implements ResponseHandler {
  headerBytes = 0;
  bodyBytes = 0;
  done = 0;
  onHeaderLine(_b: Uint8Array, start: number, end: number): number {
    this.headerBytes += end - start;
    return 0;
  }
  onInterim(): number {
    return 0;
  }
  onHeadersDone(): number {
    return 0;
  }
  onBody(_b: Uint8Array, start: number, end: number): number {
    this.bodyBytes += end - start;
    return 0;
  }
  onComplete(): void {
    this.done++;
  }
}

/** Ours: COPIES responses, reset() before each (a keep-alive connection's next response). */
function oursPeer(c: Case): () => number {
  const sink = new Sink();
  const p = new ResponseParser(sink);
  const len = c.one.length;
  const buf = c.all;
  return () => {
    for (let k = 0; k < COPIES; k++) {
      p.reset(false, k > 0);
      const s = k * len;
      const e = s + len;
      if (c.read === 0) {
        if (p.execute(buf, s, e) !== len || p.result !== 0)
          throw new Error(`${c.name}: parse failed`);
      } else {
        for (let q = s; q < e; q += c.read) p.execute(buf, q, Math.min(e, q + c.read));
      }
    }
    if (p.result !== 0) throw new Error(`${c.name}: parse failed (${p.result})`);
    return sink.done;
  };
}

// biome-ignore lint/suspicious/noExplicitAny: node's internal binding has no types
const { HTTPParser } = (process as any).binding("http_parser");

/** Bun's llhttp through node's binding: one execute() over the COPIES responses. */
function llhttpPeer(c: Case): () => number {
  const p = new HTTPParser();
  p.initialize(HTTPParser.RESPONSE, {});
  let done = 0;
  let body = 0;
  p[HTTPParser.kOnHeadersComplete] = () => 0;
  p[HTTPParser.kOnBody] = (b: Uint8Array) => {
    body += b.length;
  };
  p[HTTPParser.kOnMessageComplete] = () => {
    done++;
  };
  const buf = Buffer.from(c.all.buffer, c.all.byteOffset, c.all.byteLength);
  return () => {
    const r = p.execute(buf);
    if (r !== buf.length) throw new Error(`llhttp ${c.name}: ${r}`);
    return done + body;
  };
}

for (const c of CASES) {
  group(c.name, () => {
    summary(() => {
      bench(`ours ${c.name}`, function* () {
        const f = oursPeer(c);
        yield () => do_not_optimize(f());
      }).baseline(true);
      if (c.read === 0) {
        bench(`llhttp ${c.name}`, function* () {
          const f = llhttpPeer(c);
          yield () => do_not_optimize(f());
        });
      }
    });
  });
}

if (import.meta.main) {
  const res = await run();
  const avg = new Map<string, number>();
  for (const t of res.benchmarks) {
    const st = t.runs[0]?.stats;
    if (st) avg.set(t.alias, st.avg / COPIES);
  }
  console.log(`\nper response: mitata avg per call / ${COPIES}`);
  console.log(
    "| case | bytes | ours ns | ours MB/s | ours heads/s | llhttp ns | llhttp MB/s | ours / llhttp time |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const c of CASES) {
    const o = avg.get(`ours ${c.name}`) ?? Number.NaN;
    const l = avg.get(`llhttp ${c.name}`) ?? Number.NaN;
    const n = c.one.length;
    const mbs = (ns: number) => (n / ns) * 1e3;
    console.log(
      `| ${c.name} | ${n} | ${o.toFixed(0)} | ${mbs(o).toFixed(0)} | ${(1e9 / o / 1e6).toFixed(2)} M | ` +
        `${l.toFixed(0)} | ${mbs(l).toFixed(0)} | ${(o / l).toFixed(2)} |`,
    );
  }
  // Heap: 100,000 more responses per case between full GCs, against a 0-call baseline.
  for (const c of CASES) {
    const f = oursPeer(c);
    for (let k = 0; k < 200; k++) f();
    const z = heapDelta(f, 0);
    const h = heapDelta(f, Math.ceil(100_000 / COPIES));
    console.log(
      `heap ${c.name}: 100,000 responses ${h.bytes} bytes / ${h.objects} objects; ` +
        `0 (baseline) ${z.bytes} bytes / ${z.objects} objects`,
    );
  }
}
