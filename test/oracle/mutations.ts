// Oracle cases: a few base responses (the framings and features libcurl decides on) and a table of
// seeded mutations over their bytes. A case is pure data (paths -> scripts + client options), fully
// determined by (seed, index), so any disagreement can be replayed from those two numbers.

import { deflateSync, gzipSync } from "node:zlib";
import { mulberry32 } from "../helpers/prng.ts";
import type { CurlJob } from "./curl-child.ts";
import type { EndAction, ResponseScript } from "./raw-server.ts";

/** Client options of a case: CurlJob without id/url (both sides get the same). */
export type CaseOptions = Omit<CurlJob, "id" | "url">;

/** One oracle case. Paths are relative ("a", "b"): the runner prefixes them with a per-case folder. */
export interface OracleCase {
  name: string;
  /** The first request goes to this path. */
  start: string;
  scripts: Record<string, ResponseScript>;
  options: CaseOptions;
  /** The base response and the mutation applied, for reports. */
  base: string;
  mutation: string;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const enc = new TextEncoder();
export const bytes = (s: string): Uint8Array => enc.encode(s);
/** Latin-1 bytes of s (every char < 256), for raw byte strings. */
export function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}
export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  const bs = parts.map((p) => (typeof p === "string" ? latin1Bytes(p) : p));
  const out = new Uint8Array(bs.reduce((n, b) => n + b.length, 0));
  let o = 0;
  for (const b of bs) {
    out.set(b, o);
    o += b.length;
  }
  return out;
}

/** A base response: its bytes for "a" (and maybe "b"), how the server ends, and the client options. */
export interface Base {
  name: string;
  a: Uint8Array;
  aEnd: EndAction;
  /** Second script, the redirect target. */
  b?: Uint8Array;
  bEnd?: EndAction;
  options: CaseOptions;
}

const TEXT = "hello world, this is the oracle body. ".repeat(8);
const GZ = gzipSync(bytes(TEXT));
const DF = deflateSync(bytes(TEXT));
const head = (status: string, ...h: string[]) =>
  `HTTP/1.1 ${status}\r\n${h.map((x) => `${x}\r\n`).join("")}\r\n`;
const cl = (body: Uint8Array | string) =>
  `Content-Length: ${typeof body === "string" ? body.length : body.length}`;

function chunked(body: Uint8Array, sizes: number[]): Uint8Array {
  const parts: (Uint8Array | string)[] = [];
  let o = 0;
  for (const n of sizes) {
    if (o >= body.length) break;
    const piece = body.subarray(o, Math.min(body.length, o + n));
    parts.push(`${piece.length.toString(16)}\r\n`, piece, "\r\n");
    o += piece.length;
  }
  if (o < body.length)
    parts.push(`${(body.length - o).toString(16)}\r\n`, body.subarray(o), "\r\n");
  parts.push("0\r\n\r\n");
  return concat(...parts);
}

const SECOND = concat(head("200 OK", "Content-Length: 6"), "second");

/** The base responses every mutation starts from. */
export const BASES: readonly Base[] = [
  { name: "content-length", a: concat(head("200 OK", cl(TEXT)), TEXT), aEnd: "keep", options: {} },
  {
    name: "chunked",
    a: concat(head("200 OK", "Transfer-Encoding: chunked"), chunked(bytes(TEXT), [5, 17, 100])),
    aEnd: "keep",
    options: {},
  },
  {
    name: "close-delimited",
    a: concat(head("200 OK", "Connection: close"), TEXT),
    aEnd: "close",
    options: {},
  },
  {
    name: "gzip-cl",
    a: concat(head("200 OK", "Content-Encoding: gzip", cl(GZ)), GZ),
    aEnd: "keep",
    options: { acceptEncoding: "" },
  },
  {
    name: "gzip-chunked",
    a: concat(
      head("200 OK", "Content-Encoding: gzip", "Transfer-Encoding: chunked"),
      chunked(GZ, [10, 40]),
    ),
    aEnd: "keep",
    options: { acceptEncoding: "" },
  },
  {
    name: "deflate-close",
    a: concat(head("200 OK", "Content-Encoding: deflate", "Connection: close"), DF),
    aEnd: "close",
    options: { acceptEncoding: "" },
  },
  {
    name: "redirect-301",
    a: concat(head("301 Moved Permanently", "Location: b", "Content-Length: 5"), "moved"),
    aEnd: "keep",
    b: SECOND,
    bEnd: "keep",
    options: { followLocation: true },
  },
  {
    name: "redirect-302-close",
    a: concat(head("302 Found", "Location: b", "Connection: close"), "moved away"),
    aEnd: "close",
    b: SECOND,
    bEnd: "keep",
    options: { followLocation: true },
  },
  {
    name: "100-then-200",
    a: concat("HTTP/1.1 100 Continue\r\n\r\n", head("200 OK", cl(TEXT)), TEXT),
    aEnd: "keep",
    options: {},
  },
  {
    name: "head-cl",
    a: concat(head("200 OK", "Content-Length: 1234")),
    aEnd: "keep",
    options: { noBody: true },
  },
  {
    name: "http10-close",
    a: concat("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n", TEXT),
    aEnd: "close",
    options: {},
  },
];

// ---- mutations ----

/** A mutation turns base bytes into new bytes (or splits/ends/options) and names what it did. */
interface Mutated {
  a: Uint8Array;
  aEnd: EndAction;
  b?: Uint8Array;
  bEnd?: EndAction;
  options: CaseOptions;
  chunksA?: Uint8Array[];
  delaysA?: number[];
  desc: string;
}

type Mutation = (m: Mutated, r: Rng) => void;

function headEnd(b: Uint8Array): number {
  for (let i = 0; i + 3 < b.length; i++) {
    if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i + 4;
  }
  return b.length;
}

/** Index after the status line (first CRLF), for inserting a header. */
function afterStatus(b: Uint8Array): number {
  // Skip 1xx responses: insert into the last response head.
  let start = 0;
  const lastHead = lastHeadStart(b);
  start = lastHead;
  for (let i = start; i + 1 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10) return i + 2;
  return b.length;
}

function lastHeadStart(b: Uint8Array): number {
  const s = new TextDecoder("latin1").decode(b.subarray(0, headEnd(b)));
  if (s.startsWith("HTTP/1.1 100")) return headEnd(b);
  return 0;
}

function insert(b: Uint8Array, at: number, what: Uint8Array | string): Uint8Array {
  return concat(b.subarray(0, at), what, b.subarray(at));
}

function remove(b: Uint8Array, at: number, n = 1): Uint8Array {
  return concat(b.subarray(0, at), b.subarray(at + n));
}

/** Offset biased toward the head (where most decisions are made). */
function offset(b: Uint8Array, r: Rng): number {
  const he = headEnd(b);
  return r.chance(0.6) ? r.int(Math.max(1, he)) : r.int(Math.max(1, b.length));
}

const MUTATIONS: Record<string, Mutation> = {
  bitflip(m, r) {
    const at = offset(m.a, r);
    const bit = r.int(8);
    m.a = m.a.slice();
    m.a[at]! ^= 1 << bit;
    m.desc = `bitflip @${at} bit ${bit}`;
  },
  insertCRLF(m, r) {
    const at = offset(m.a, r);
    const what = r.pick(["\r", "\n", "\r\n", "\r\n\r\n"]);
    m.a = insert(m.a, at, what);
    m.desc = `insert ${JSON.stringify(what)} @${at}`;
  },
  removeCRLF(m, r) {
    const he = headEnd(m.a);
    const idx: number[] = [];
    for (let i = 0; i < he; i++) if (m.a[i] === 13 || m.a[i] === 10) idx.push(i);
    const at = idx.length ? r.pick(idx) : 0;
    const was = m.a[at] === 13 ? "CR" : "LF";
    m.a = remove(m.a, at);
    m.desc = `remove ${was} @${at}`;
  },
  conflictingLength(m, r) {
    const v = r.pick([
      "0",
      "5",
      "99999",
      "-1",
      "abc",
      "18446744073709551616",
      " 7",
      "5, 5",
      "5,6",
      "9223372036854775807",
    ]);
    m.a = insert(m.a, afterStatus(m.a), `Content-Length: ${v}\r\n`);
    m.desc = `add Content-Length: ${v}`;
  },
  contentEncoding(m, r) {
    const v = r.pick([
      "gzip",
      "foo",
      "identity",
      "gzip, gzip",
      "br",
      "deflate",
      "gzip, foo",
      "x-gzip",
      "",
      "chunked",
    ]);
    m.a = insert(m.a, afterStatus(m.a), `Content-Encoding: ${v}\r\n`);
    if (m.options.acceptEncoding === undefined && r.chance(0.7)) m.options.acceptEncoding = "";
    m.desc = `add Content-Encoding: ${v}`;
  },
  transferEncoding(m, r) {
    const v = r.pick([
      "chunked",
      "gzip, chunked",
      "foo",
      "chunked, gzip",
      "identity",
      "chunked, chunked",
    ]);
    m.a = insert(m.a, afterStatus(m.a), `Transfer-Encoding: ${v}\r\n`);
    m.desc = `add Transfer-Encoding: ${v}`;
  },
  badChunkSize(m, r) {
    const s = new TextDecoder("latin1").decode(m.a);
    const he = headEnd(m.a);
    // Chunk-size lines: hex digits right after the head or after a CRLF that ends chunk data.
    const re = /(^|\r\n)([0-9a-f]+)\r\n/g;
    re.lastIndex = he - 2;
    const hits: { at: number; len: number }[] = [];
    for (let x = re.exec(s); x; x = re.exec(s)) {
      const at = x.index + x[1]!.length;
      if (at >= he) hits.push({ at, len: x[2]!.length });
      re.lastIndex = at + x[2]!.length;
    }
    const v = r.pick([
      "zz",
      "-1",
      "FFFFFFFFFFFFFFFFF",
      "5;ext=1",
      " 5",
      "5 ",
      "0x5",
      "",
      "7fffffffffffffff",
      "ffffffff",
    ]);
    if (hits.length === 0) {
      m.desc = "bad chunk size (no chunk: unchanged)";
      return;
    }
    const h = r.pick(hits);
    m.a = concat(m.a.subarray(0, h.at), v, m.a.subarray(h.at + h.len));
    m.desc = `chunk size @${h.at} -> ${JSON.stringify(v)}`;
  },
  earlyClose(m, r) {
    const at = r.int(m.a.length);
    m.a = m.a.subarray(0, at);
    m.aEnd = r.pick(["close", "close", "reset", "halfclose"] as const);
    m.desc = `truncate @${at} then ${m.aEnd}`;
  },
  statusLine(m, r) {
    const at = lastHeadStart(m.a);
    const line = r.pick([
      "HTTP/1.1 200",
      "HTTP/1.1 999 Odd",
      "HTTP/1.1 20 OK",
      "HTTP/1.1 2000 OK",
      "HTTP/1.2 200 OK",
      "HTTP/2 200",
      "HTTP/1.0 200 OK",
      "http/1.1 200 OK",
      "HTTP/1.1  200 OK",
      "HTTP/1.1 404 Not Found",
      "HTTP/1.1 500 Oops",
      "HTTP/1.1 204 No Content",
      "HTTP/1.1 304 Not Modified",
      "ICY 200 OK",
      "HTTP/1.1 200 OK\rX",
    ]);
    let e = at;
    while (e + 1 < m.a.length && !(m.a[e] === 13 && m.a[e + 1] === 10)) e++;
    m.a = concat(m.a.subarray(0, at), line, m.a.subarray(e));
    m.desc = `status line -> ${JSON.stringify(line)}`;
  },
  headerGarbage(m, r) {
    const v = r.pick([
      "NoColonHere",
      "Bad Name: x",
      "X-Folded: a\r\n  continued",
      ": empty-name",
      `X-Long: ${"a".repeat(110_000)}`,
      "X-Nul: a\0b",
      "Content-Type : text/plain",
      "X-Empty:",
    ]);
    m.a = insert(m.a, afterStatus(m.a), `${v}\r\n`);
    m.desc = `add header ${JSON.stringify(v.length > 40 ? `${v.slice(0, 20)}...(${v.length})` : v)}`;
  },
  splitWrites(m, r) {
    const n = 1 + r.int(6);
    const cuts = new Set<number>();
    for (let i = 0; i < n; i++) cuts.add(1 + r.int(Math.max(1, m.a.length - 1)));
    const sorted = [...cuts].filter((c) => c < m.a.length).sort((x, y) => x - y);
    const chunks: Uint8Array[] = [];
    const delays: number[] = [];
    let o = 0;
    for (const c of [...sorted, m.a.length]) {
      chunks.push(m.a.subarray(o, c));
      delays.push(o === 0 ? 0 : r.int(25));
      o = c;
    }
    m.chunksA = chunks;
    m.delaysA = delays;
    m.desc = `split at ${sorted.join(",")} delays ${delays.join(",")}`;
  },
  request(m, r) {
    // Request-side options: the request bytes are compared too (see compare.ts).
    const pick = r.int(11);
    const post = () => {
      m.options.customRequest = undefined;
      m.options.postFields = r.pick(["x=1", "", "a=b&c=d"]);
    };
    switch (pick) {
      case 0:
        post();
        m.options.httpHeader = ["Transfer-Encoding: chunked"];
        break;
      case 1:
        post();
        m.options.httpVersion = "1.0";
        m.options.httpHeader = ["Transfer-Encoding: chunked"];
        break;
      case 2:
        post();
        m.options.httpVersion = "1.0";
        break;
      case 3:
        post();
        m.options.httpHeader = ["Content-Length: 3"];
        break;
      case 4:
        m.options.httpHeader = ["Connection: close"];
        break;
      case 5:
        m.options.httpHeader = ["Accept:", "X-Empty;"];
        break;
      case 6:
        m.options.httpHeader = ["Host: example.invalid"];
        break;
      case 7:
        m.options.customRequest = r.pick(["PUT", "DELETE", "OPTIONS", "PATCH"]);
        break;
      case 8:
        post();
        m.options.httpHeader = ["Expect: 100-continue"];
        // libcurl waits up to 1 s for a 100 before it sends the body: the case must outlast that.
        m.options.timeoutMs = 2500;
        break;
      case 9:
        post();
        m.options.httpHeader = ["Content-Type: text/plain", "Expect:"];
        break;
      default:
        post();
        m.options.customRequest = "PUT";
    }
    m.desc = `request ${JSON.stringify({ customRequest: m.options.customRequest, postFields: m.options.postFields, httpVersion: m.options.httpVersion, httpHeader: m.options.httpHeader })}`;
  },
  endAction(m, r) {
    m.aEnd = r.pick(["keep", "close", "halfclose", "reset"] as const);
    m.desc = `end -> ${m.aEnd}`;
  },
  options(m, r) {
    const k = r.int(7);
    switch (k) {
      case 0:
        m.options.maxFileSize = r.pick([1, 10, 100, 1000]);
        m.desc = `maxFileSize ${m.options.maxFileSize}`;
        break;
      case 1:
        m.options.failOnError = true;
        m.desc = "failOnError";
        break;
      case 2:
        m.options.noBody = true;
        m.desc = "noBody";
        break;
      case 3:
        m.options.httpVersion = "1.0";
        m.desc = "httpVersion 1.0";
        break;
      case 4:
        m.options.followLocation = !m.options.followLocation;
        m.options.maxRedirs = r.pick([0, 1, 5]);
        m.desc = `followLocation ${m.options.followLocation} maxRedirs ${m.options.maxRedirs}`;
        break;
      case 5:
        m.options.httpContentDecoding = false;
        m.options.acceptEncoding = "";
        m.desc = "acceptEncoding '' without decoding";
        break;
      default:
        m.options.customRequest = "POST";
        m.options.postFields = "x=1";
        m.desc = "POST x=1";
    }
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Case `index` of seed `seed`: a base, one or two mutations, all from the seeded stream. */
export function seededCase(seed: number, index: number): OracleCase {
  const r = new Rng((seed * 0x9e3779b1) ^ (index * 0x85ebca6b) ^ 0x27d4eb2f);
  const base = r.pick(BASES);
  const m: Mutated = {
    a: base.a,
    aEnd: base.aEnd,
    b: base.b,
    bEnd: base.bEnd,
    options: { ...base.options },
    desc: "",
  };
  const descs: string[] = [];
  const count = r.chance(0.25) ? 2 : 1;
  for (let i = 0; i < count; i++) {
    const name = r.pick(MUTATION_NAMES);
    // A split keeps its chunking only as the last step (later byte edits would invalidate it).
    if (m.chunksA && name !== "splitWrites") m.chunksA = m.delaysA = undefined;
    MUTATIONS[name]!(m, r);
    descs.push(`${name}: ${m.desc}`);
  }
  return build(`seed ${seed}#${index}`, base.name, descs.join("; "), m);
}

function build(name: string, baseName: string, mutation: string, m: Mutated): OracleCase {
  const scripts: Record<string, ResponseScript> = {
    a: { chunks: m.chunksA ?? [m.a], delays: m.delaysA, end: m.aEnd },
  };
  if (m.b) scripts.b = { chunks: [m.b], end: m.bEnd ?? "keep" };
  return {
    name,
    start: "a",
    scripts,
    options: { timeoutMs: 1000, ...m.options },
    base: baseName,
    mutation,
  };
}

/** A hand-written case: one response for "a" (and an optional "b"). */
export function handCase(
  name: string,
  a: Uint8Array | string | (Uint8Array | string)[],
  aEnd: EndAction,
  options: CaseOptions = {},
  b?: { bytes: Uint8Array | string; end: EndAction },
  delays?: number[],
): OracleCase {
  const chunks = (Array.isArray(a) ? a : [a]).map((x) =>
    typeof x === "string" ? latin1Bytes(x) : x,
  );
  const scripts: Record<string, ResponseScript> = { a: { chunks, delays, end: aEnd } };
  if (b)
    scripts.b = {
      chunks: [typeof b.bytes === "string" ? latin1Bytes(b.bytes) : b.bytes],
      end: b.end,
    };
  return {
    name,
    start: "a",
    scripts,
    options: { timeoutMs: 2000, ...options },
    base: "hand",
    mutation: name,
  };
}

/** Base responses unmutated (every base must agree: a sanity check of the harness). */
export function baseCases(): OracleCase[] {
  return BASES.map((b) =>
    build(`base ${b.name}`, b.name, "none", {
      a: b.a,
      aEnd: b.aEnd,
      b: b.b,
      bEnd: b.bEnd,
      options: { ...b.options },
      desc: "",
    }),
  );
}

/** Every base truncated at every offset (close after it): the early-close sweep. */
export function earlyCloseSweep(stride = 1): OracleCase[] {
  const out: OracleCase[] = [];
  for (const b of BASES) {
    for (let at = 0; at < b.a.length; at += stride) {
      out.push(
        build(`early close ${b.name} @${at}`, b.name, `truncate @${at} then close`, {
          a: b.a.subarray(0, at),
          aEnd: "close",
          b: b.b,
          bEnd: b.bEnd,
          options: { ...b.options },
          desc: "",
        }),
      );
    }
  }
  return out;
}

export { GZ, TEXT };
