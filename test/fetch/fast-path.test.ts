// fetch(input) without init takes a fast path (planRequestFast: one shared, frozen plan per URL);
// fetch(input, {}) takes the general one (planRequest). Both must give equal Responses: status,
// statusText, every header (Date aside: it may tick between the two calls), body, url, redirected.

import { afterAll, describe, expect, test } from "bun:test";
import { planRequest, planRequestFast } from "../../src/fetch/request-init.ts";
import { fetch } from "../../src/index.ts";
import { startOrigins } from "./origin.ts";

const origins = startOrigins();
afterAll(() => origins.stop());

interface Seen {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: number[];
  bodyNull: boolean;
  url: string;
  redirected: boolean;
}

async function seen(p: Promise<Response>): Promise<Seen> {
  const r = await p;
  const bodyNull = r.body === null;
  return {
    status: r.status,
    statusText: r.statusText,
    headers: [...r.headers].filter(([k]) => k !== "date"),
    body: [...new Uint8Array(await r.arrayBuffer())],
    bodyNull,
    url: r.url,
    redirected: r.redirected,
  };
}

const PATHS = [
  "/text",
  "/multi",
  "/redirect/2",
  "/to?code=303",
  "/status/404",
  "/empty204",
  "/gzip",
];

describe("fetch(input) and fetch(input, {}) give equal Responses", () => {
  for (const path of PATHS) {
    test(`string input ${path}`, async () => {
      const url = origins.h1 + path;
      const fast = await seen(fetch(url));
      const general = await seen(fetch(url, {}));
      expect(fast).toEqual(general);
      expect(fast.url).toBe(general.url);
    });
  }

  test("a URL object, twice in a row (the second one reuses the plan), and after another URL", async () => {
    const u = new URL(`${origins.h1}/redirect/1`);
    const general = await seen(fetch(u, {}));
    expect(general.redirected).toBe(true);
    expect(await seen(fetch(u))).toEqual(general);
    expect(await seen(fetch(u))).toEqual(general);
    expect((await seen(fetch(`${origins.h1}/text`))).body.length).toBe(5);
    expect(await seen(fetch(u))).toEqual(general);
  });

  test("over HTTP/2 too (extras as the third argument keep the fast plan)", async () => {
    const url = `${origins.h2}/multi`;
    const x = { caInfo: (await import("./origin.ts")).CA };
    expect(await seen(fetch(url, undefined, x))).toEqual(await seen(fetch(url, {}, x)));
  });

  test("an invalid URL rejects each time with the same TypeError, and is never cached", async () => {
    const a = await fetch("http://[bad/").catch((e: unknown) => e);
    const b = await fetch("http://[bad/").catch((e: unknown) => e);
    const c = await fetch("http://[bad/", {}).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(TypeError);
    expect(String(a)).toBe(String(b));
    expect(String(a)).toBe(String(c));
  });
});

describe("planRequestFast", () => {
  test("equals planRequest's plan for the same input, and is frozen and shared per URL", () => {
    const url = `${origins.h1}/text`;
    const fast = planRequestFast(url);
    expect({ ...fast, headers: [...fast.headers] }).toEqual(planRequest(url, undefined));
    expect(Object.isFrozen(fast)).toBe(true);
    expect(Object.isFrozen(fast.headers)).toBe(true);
    expect(planRequestFast(url)).toBe(fast);
    expect(planRequestFast(new URL(url))).toBe(fast);
    const other = planRequestFast(`${origins.h1}/multi`);
    expect(other).not.toBe(fast);
    expect(other.url).toBe(`${origins.h1}/multi`);
    expect(planRequestFast(url)).not.toBe(other);
  });

  test("a Request input is planned in full each time (its method, headers and body)", () => {
    const req = new Request(`${origins.h1}/echo`, { method: "POST", body: "x" });
    const plan = planRequestFast(req);
    expect(plan.method).toBe("POST");
    expect(Object.isFrozen(plan)).toBe(false);
  });
});

// Every fetch() handle is copied from a template of the options all fetch() calls set alike, one per
// (default User-Agent, redirect: "follow") pair (job.ts templateFor): a call of one kind must not
// change what a call of the other kind sends.
describe("the options every fetch() sets, whatever the calls before it", () => {
  test("User-Agent multisock unless given, Accept-Encoding, redirects followed only with follow", async () => {
    const echo = `${origins.h1}/sent-headers`;
    const to = `${origins.h1}/to?code=302&to=/sent-headers`;
    const sent = async (p: Promise<Response>) =>
      (await (await p).json()) as Record<string, unknown>;
    for (let round = 0; round < 2; round++) {
      const own = await sent(fetch(echo, { headers: { "User-Agent": "mine/1" } }));
      expect(own.ua).toBe("mine/1");
      const def = await sent(fetch(echo));
      expect(def.ua).toBe("multisock");
      expect(String(def.encoding)).toContain("gzip");
      const manual = await fetch(to, { redirect: "manual", headers: { "user-agent": "m/2" } });
      expect(manual.status).toBe(302);
      await manual.arrayBuffer();
      const followed = await fetch(to, { headers: { "user-agent": "m/3" } });
      expect(followed.redirected).toBe(true);
      expect(((await followed.json()) as Record<string, unknown>).ua).toBe("m/3");
      const manualDefault = await fetch(to, { redirect: "manual" });
      expect(manualDefault.status).toBe(302);
      await manualDefault.arrayBuffer();
    }
  });
});
