// The application side of the shared scenarios: a GET as a user writes it (the write callback keeps
// every array it is handed, by reference and as a copy), deterministic bodies, byte comparisons.

import { afterEach, expect } from "bun:test";
import { CURLE_OK, CURLM_OK, CURLOPT_URL, CURLOPT_WRITEFUNCTION, Easy } from "../../src/index.ts";
import { httpResponse, type World } from "./harness.ts";

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");

/** A deterministic body of n bytes: words from a fixed-seed generator (compressible, not trivially). */
export function makeBody(n: number, seed = 1): Uint8Array {
  const words = ["multi", "socket", "curl", "easy", "handle", "timer", "splay", "bun", "poll"];
  const out = new Uint8Array(n);
  let x = seed >>> 0;
  let i = 0;
  while (i < n) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const w = `${words[x % words.length]!}${(x >>> 8) % 1000} `;
    for (let k = 0; k < w.length && i < n; k++) out[i++] = w.charCodeAt(k);
  }
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Compares bytes and reports the first difference (toEqual on 256 KiB arrays prints too much). */
export function expectBytes(got: Uint8Array, want: Uint8Array, what: string): void {
  let at = -1;
  const n = Math.min(got.length, want.length);
  for (let i = 0; i < n; i++)
    if (got[i] !== want[i]) {
      at = i;
      break;
    }
  if (at < 0 && got.length !== want.length) at = n;
  expect(
    `${what}: ${at < 0 ? "equal" : `differs at byte ${at} (got ${got.length}, want ${want.length})`}`,
  ).toBe(`${what}: equal`);
}

/** One GET as an application writes it: every chunk the write callback got is kept (by reference). */
export interface Get {
  easy: Easy;
  /** The arrays handed to the write callback and accepted, as handed (not copied). */
  refs: Uint8Array[];
  /** Copies of the same, taken inside the callback. */
  copies: Uint8Array[];
  /** Write callback calls, accepted or not. */
  calls: number;
  text(): string;
}

export function get(url: string, onWrite?: (d: Uint8Array, g: Get) => number | undefined): Get {
  const easy = new Easy();
  const g: Get = {
    easy,
    refs: [],
    copies: [],
    calls: 0,
    text: () => latin1(concat(g.copies)),
  };
  easy.setopt(CURLOPT_URL, url);
  easy.setopt(CURLOPT_WRITEFUNCTION, (d: Uint8Array) => {
    g.calls++;
    const rc = onWrite?.(d, g);
    if (rc !== undefined) return rc;
    g.refs.push(d);
    g.copies.push(d.slice());
    return d.length;
  });
  return g;
}

/** Adds every transfer, expecting CURLM_OK. */
export function add(w: World, ...gs: Get[]): void {
  for (const g of gs) expect(w.multi.addHandle(g.easy)).toBe(CURLM_OK);
}

/** A transfer's result as a comparable value: CURLE_OK (or undefined), else "code: errorBuffer". */
export function outcome(w: World, g: Get): number | string | undefined {
  const r = w.resultOf(g.easy);
  return r === CURLE_OK || r === undefined ? r : `${r}: ${g.easy.getinfo("errorBuffer")}`;
}

/** How many transfers ended with each outcome, e.g. { "0": 99, "28: Operation timed out ...": 1 }. */
export function tally(w: World, gs: Get[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const g of gs) {
    const k = String(outcome(w, g));
    t[k] = (t[k] ?? 0) + 1;
  }
  return t;
}

export const ok = (body: string | Uint8Array, headers: string[] = []) =>
  httpResponse(body, { headers });

/** A fresh world per call, disposed after each test (servers stopped, timers cleared, multi closed). */
export function worldPerTest(makeWorld: () => World): () => World {
  let current: World | undefined;
  afterEach(() => {
    current?.dispose();
    current = undefined;
  });
  return () => {
    current?.dispose();
    current = makeWorld();
    return current;
  };
}
