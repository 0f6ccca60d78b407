// The same cases through Bun's global fetch and multisock's fetch against the same loopback origins,
// one over HTTP/1.1 and one over HTTP/2 with TLS: status, selected headers, body bytes, url and
// redirected, redirect modes, request bodies of every kind (the origin echoes method, type and
// body), decoding, errors and aborts must come out the same. Where multisock differs on purpose the
// comparison is skipped with a comment naming the line of docs/fetch.md that lists it.

import { afterAll, describe, expect, test } from "bun:test";
import { fetch as msFetch } from "../../src/index.ts";
import { BIG, CA, CA_PEM, pattern, startOrigins, ZIPPED } from "./origin.ts";

const origins = startOrigins();
afterAll(() => origins.stop());

type Client = (url: string, init?: RequestInit) => Promise<Response>;

/** Bun's fetch and ours, set up for one origin (the h2 one: TLS with the test CA, HTTP/2 asked). */
function clientsFor(h2: boolean): [string, Client][] {
  const bun: Client = (url, init) =>
    fetch(url, h2 ? { ...init, tls: { ca: CA_PEM }, protocol: "http2" } : init);
  const ours: Client = (url, init) => msFetch(url, init, h2 ? { caInfo: CA } : undefined);
  return [
    ["bun", bun],
    ["multisock", ours],
  ];
}

/** The header fields compared (content-length is not: see the decoding case). */
const HEADERS = ["content-type", "x-one", "x-a", "location", "content-encoding"];

interface View {
  status?: number;
  headers?: Record<string, string | null>;
  cookies?: string[];
  url?: string;
  redirected?: boolean;
  body?: string;
  bodyNull?: boolean;
  error?: string;
}

/** What a call came out as, comparable across clients (the origin's address taken out of urls). */
async function view(base: string, p: Promise<Response>): Promise<View> {
  try {
    const r = await p;
    const headers: Record<string, string | null> = {};
    for (const h of HEADERS) headers[h] = r.headers.get(h);
    const bodyNull = r.body === null;
    const bytes = new Uint8Array(await r.arrayBuffer());
    return {
      status: r.status,
      headers,
      cookies: r.headers.getSetCookie(),
      url: r.url.replace(base, ""),
      redirected: r.redirected,
      body:
        bytes.length > 256 * 1024
          ? `${bytes.length} bytes, hash ${Bun.hash(bytes)}`
          : new TextDecoder("latin1").decode(bytes),
      bodyNull,
    };
  } catch (e) {
    if (process.env.PARITY_DEBUG) console.error("error view:", e, (e as Error)?.cause);
    return { error: e instanceof TypeError ? "TypeError" : String((e as Error)?.name ?? e) };
  }
}

/**
 * Runs `init` against `path` through both clients and expects the same view; `skip` names the /echo
 * fields left out of the comparison (each use says which docs/fetch.md line allows it).
 */
async function same(
  base: string,
  clients: [string, Client][],
  path: string,
  init?: () => RequestInit,
  skip: string[] = [],
): Promise<View> {
  const views: View[] = [];
  const raw: View[] = [];
  for (const [, c] of clients) {
    const v = await view(base, c(`${base}${path}`, init?.()));
    raw.push(v);
    if (skip.length > 0 && v.body?.startsWith("{")) {
      const echoed = JSON.parse(v.body);
      for (const k of skip) delete echoed[k];
      views.push({ ...v, body: JSON.stringify(echoed) });
    } else views.push(v);
  }
  expect(views[1]).toEqual(views[0]!);
  return raw[1]!;
}

for (const [label, h2] of [
  ["HTTP/1.1", false],
  ["HTTP/2", true],
] as const) {
  describe(`fetch parity over ${label}`, () => {
    const base = h2 ? origins.h2 : origins.h1;
    const clients = clientsFor(h2);

    test("status, headers (repeated ones appended, set-cookie apart), body, url", async () => {
      const v = await same(base, clients, "/text");
      expect(v.body).toBe("hello");
      const m = await same(base, clients, "/multi");
      expect(m.headers!["x-a"]).toBe("1, 2");
      expect(m.cookies).toEqual(["a=1", "b=2"]);
      await same(base, clients, "/status/404");
      await same(base, clients, "/status/500");
    });

    test("statusText: the reason phrase over HTTP/1.1, empty over HTTP/2 (it has none)", async () => {
      const [bun, ours] = await Promise.all(clients.map(([, c]) => c(`${base}/status/404`)));
      expect(ours!.statusText).toBe(bun!.statusText);
      expect(ours!.statusText).toBe(h2 ? "" : "Not Found");
      await Promise.all([bun!.arrayBuffer(), ours!.arrayBuffer()]);
    });

    test("a 204 and a HEAD have a null body", async () => {
      const v = await same(base, clients, "/empty204");
      expect(v.bodyNull).toBe(true);
      const h = await same(base, clients, "/text", () => ({ method: "HEAD" }));
      expect(h.body).toBe("");
    });

    test("a 3 MiB body, byte for byte", async () => {
      const v = await same(base, clients, "/big");
      expect(v.body).toBe(`${BIG.length} bytes, hash ${Bun.hash(BIG)}`);
    });

    test("gzip is decoded", async () => {
      const v = await same(base, clients, "/gzip");
      expect(v.body).toBe(ZIPPED);
    });

    test("redirect follow: final url, redirected, and fetch's limit of 20", async () => {
      const v = await same(base, clients, "/redirect/3");
      expect(v).toMatchObject({ status: 200, url: "/redirect/0", redirected: true, body: "done" });
      await same(base, clients, "/redirect/20");
      // docs/fetch.md, "At most 20 redirects": Bun's fetch follows more; ours rejects the 21st as
      // the Fetch standard says, so only ours is checked.
      const over = await view(
        base,
        msFetch(`${base}/redirect/21`, undefined, h2 ? { caInfo: CA } : undefined),
      );
      expect(over.error).toBe("TypeError");
    });

    test("redirect manual returns the 3xx; redirect error rejects with a TypeError", async () => {
      const m = await same(base, clients, "/redirect/2", () => ({ redirect: "manual" }));
      expect(m).toMatchObject({ status: 302, redirected: false, url: "/redirect/2" });
      expect(m.headers!.location).toBe("/redirect/1");
      const e = await same(base, clients, "/redirect/2", () => ({ redirect: "error" }));
      expect(e.error).toBe("TypeError");
    });

    test("redirects change the method as fetch does: POST to GET on 301/302/303, kept on 307/308", async () => {
      for (const code of [301, 302, 303, 307, 308])
        for (const method of ["POST", "PUT"]) {
          // docs/fetch.md, "Content-Type of a string body" and "Content-Type after a switch to GET":
          // the type is not compared here (the string body cases check it).
          const body = new Uint8Array([97, 98, 99]);
          const v = await same(base, clients, `/to?code=${code}`, () => ({ method, body }), [
            "type",
          ]);
          const echoed = JSON.parse(v.body!);
          const toGet = code === 303 || (method === "POST" && code !== 307 && code !== 308);
          expect(echoed.method).toBe(toGet ? "GET" : method);
          expect(echoed.body).toBe(toGet ? "" : "abc");
        }
    });

    const bodies: [string, () => unknown][] = [
      ["string", () => "héllo"],
      ["Uint8Array", () => pattern(3000)],
      ["ArrayBuffer", () => pattern(100).buffer],
      ["DataView", () => new DataView(pattern(64).buffer, 8, 40)],
      ["Blob", () => new Blob(["blob ", "body"], { type: "text/x-blob" })],
      ["Bun.file", () => Bun.file(CA)],
      ["URLSearchParams", () => new URLSearchParams({ a: "1", b: "two words" })],
      ["empty string", () => ""],
    ];
    for (const [kind, make] of bodies)
      test(`request body: ${kind}`, async () => {
        const text = typeof make() === "string";
        for (const method of ["POST", "PUT", "PATCH"]) {
          // docs/fetch.md, "Content-Type of a string body": Bun's fetch sends none, ours the
          // standard's text/plain;charset=UTF-8 (checked below instead).
          const v = await same(
            base,
            clients,
            "/echo",
            () => ({ method, body: make() as Bun.BodyInit }),
            text ? ["type"] : [],
          );
          if (text) expect(JSON.parse(v.body!).type).toBe("text/plain;charset=UTF-8");
        }
      });

    test("request body: FormData as multipart/form-data (boundaries differ, the rest not)", async () => {
      const make = () => {
        const fd = new FormData();
        fd.append("name", "value");
        fd.append("file", new Blob(["file body"], { type: "text/plain" }), "a.txt");
        return fd;
      };
      const echoes: { type: string; body: string }[] = [];
      for (const [, c] of clients) {
        const r = await c(`${base}/echo`, { method: "POST", body: make() });
        const e = (await r.json()) as { type: string; body: string };
        const boundary = e.type.split("boundary=")[1]!;
        expect(e.body).toContain(boundary);
        echoes.push({
          type: e.type.replace(boundary, "B"),
          body: e.body.replaceAll(boundary, "B"),
        });
      }
      expect(echoes[1]).toEqual(echoes[0]!);
      expect(echoes[0]!.type).toBe("multipart/form-data; boundary=B");
    });

    test("request body: a ReadableStream, streamed", async () => {
      const make = (): RequestInit =>
        ({
          method: "POST",
          duplex: "half",
          body: new ReadableStream<Uint8Array>({
            async start(c) {
              c.enqueue(new TextEncoder().encode("chunk one, "));
              await Bun.sleep(20);
              c.enqueue(pattern(70_000));
              c.close();
            },
          }),
        }) as RequestInit;
      const v = await same(base, clients, "/echo", make);
      expect(JSON.parse(v.body!).length).toBe(11 + 70_000);
    });

    test("headers given as Headers, record and pairs reach the origin the same", async () => {
      for (const headers of [
        new Headers({ "content-type": "application/json" }),
        { "Content-Type": "application/json" },
        [["content-type", "application/json"]] as [string, string][],
      ])
        await same(base, clients, "/echo", () => ({ method: "POST", headers, body: "{}" }));
    });

    test("a GET with a body is refused with a TypeError by both", async () => {
      const v = await same(base, clients, "/echo", () => ({ body: "x" }));
      expect(v.error).toBe("TypeError");
    });

    test("abort: an aborted signal rejects at once, and a pending one with its reason", async () => {
      for (const [, c] of clients) {
        const ac = new AbortController();
        ac.abort(new Error("before"));
        expect(await c(`${base}/text`, { signal: ac.signal }).catch((e) => e)).toBe(
          ac.signal.reason,
        );
        const late = new AbortController();
        const p = c(`${base}/slow?ms=3000`, { signal: late.signal });
        setTimeout(() => late.abort(), 30);
        const err = await p.catch((e) => e);
        expect(err).toBe(late.signal.reason);
        expect(err.name).toBe("AbortError");
      }
    });

    test("abort after the Response: reading the body fails with the reason", async () => {
      const names: string[] = [];
      for (const [, c] of clients) {
        const ac = new AbortController();
        const r = await c(`${base}/drip`, { signal: ac.signal });
        const reader = r.body!.getReader();
        const first = await reader.read();
        expect(new TextDecoder().decode(first.value)).toBe("first");
        ac.abort();
        const err = await reader.read().catch((e) => e);
        names.push(`${err?.name} ${err === ac.signal.reason ? "(the reason)" : "(another error)"}`);
      }
      expect(names[1]).toBe(names[0]!);
    });
  });
}

describe("fetch parity: errors", () => {
  test("connection refused: both reject with a TypeError; ours has a CurlError cause", async () => {
    const port = (() => {
      const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
      const p = s.port;
      s.stop(true);
      return p;
    })();
    const url = `http://127.0.0.1:${port}/`;
    const theirs = await fetch(url).catch((e) => e);
    const ours = await msFetch(url).catch((e) => e);
    expect(theirs).toBeInstanceOf(TypeError);
    expect(ours).toBeInstanceOf(TypeError);
    expect(ours.message).toBe("fetch failed");
    expect(ours.cause.name).toBe("CurlError");
    expect(ours.cause.code).toBe(7); // CURLE_COULDNT_CONNECT
  });

  test("an invalid URL: both reject with a TypeError", async () => {
    expect(await fetch("not a url").catch((e) => e)).toBeInstanceOf(TypeError);
    expect(await msFetch("not a url").catch((e) => e)).toBeInstanceOf(TypeError);
  });
});
