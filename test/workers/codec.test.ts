// The worker pool's wire formats, pure: request buffers (RequestEncoder -> RequestView) and result
// buffers (ResultWriter -> ResultBatch, mergeByIndex) round-trip every field, with unicode URLs and
// headers, binary bodies, empty lists and reuse of the encoder's scratch across batches; a buffer of
// the wrong kind and a header with CR or LF are refused.

import { describe, expect, test } from "bun:test";
import { type PoolInput, RequestEncoder, RequestView } from "../../src/workers/requests.ts";
import { mergeByIndex, ResultBatch, ResultWriter } from "../../src/workers/results.ts";

/** What a RequestView says about request i, as plain data. */
function read(v: RequestView, i: number) {
  const body = v.body(i);
  return {
    id: v.id(i),
    url: v.url(i),
    method: v.method(i),
    headers: v.headers(i),
    body: body === null ? null : [...body],
    plain: v.plain(i),
  };
}

describe("request buffers", () => {
  test("plain URLs, URL objects and full requests round-trip", () => {
    const bin = new Uint8Array([0, 255, 10, 13, 0x80]);
    const inputs: PoolInput[] = [
      "http://127.0.0.1:1/a",
      new URL("http://127.0.0.1:1/b?q=1"),
      { url: "http://127.0.0.1:1/c", method: "POST", body: "x=1", headers: ["X-A: 1", "X-B: 2"] },
      { url: new URL("http://127.0.0.1:1/d"), method: "PUT", body: bin },
      { url: "http://127.0.0.1:1/e", headers: { "X-Name": "välue ✓", Accept: "*/*" } },
      { url: "http://127.0.0.1:1/f", method: "GET" },
      { url: "http://127.0.0.1:1/g", method: "HEAD" },
    ];
    const v = new RequestView(new RequestEncoder().encode(inputs, 0, inputs.length));
    expect(v.length).toBe(7);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => read(v, i))).toEqual([
      { id: 0, url: "http://127.0.0.1:1/a", method: "", headers: [], body: null, plain: true },
      { id: 1, url: "http://127.0.0.1:1/b?q=1", method: "", headers: [], body: null, plain: true },
      {
        id: 2,
        url: "http://127.0.0.1:1/c",
        method: "POST",
        headers: ["X-A: 1", "X-B: 2"],
        body: [...new TextEncoder().encode("x=1")],
        plain: false,
      },
      {
        id: 3,
        url: "http://127.0.0.1:1/d",
        method: "PUT",
        headers: [],
        body: [...bin],
        plain: false,
      },
      {
        id: 4,
        url: "http://127.0.0.1:1/e",
        method: "",
        headers: ["X-Name: välue ✓", "Accept: */*"],
        body: null,
        plain: false,
      },
      // GET is the default: stored as no method at all, so the request stays plain.
      { id: 5, url: "http://127.0.0.1:1/f", method: "", headers: [], body: null, plain: true },
      { id: 6, url: "http://127.0.0.1:1/g", method: "HEAD", headers: [], body: null, plain: false },
    ]);
  });

  test("unicode URLs (astral and combining characters) come back as they went", () => {
    const urls = [
      "http://example.test/ünï/çødé",
      "http://例え.テスト/パス?q=🦊",
      "http://x/e\u0301",
    ];
    const v = new RequestView(new RequestEncoder().encode(urls, 0, urls.length));
    expect([0, 1, 2].map((i) => v.url(i))).toEqual(urls);
  });

  test("a range of a list keeps the list's indexes as ids; firstId overrides them", () => {
    const urls = Array.from({ length: 10 }, (_, i) => `http://h/${i}`);
    const enc = new RequestEncoder();
    const v = new RequestView(enc.encode(urls, 3, 7));
    expect(Array.from({ length: v.length }, (_, i) => [v.id(i), v.url(i)])).toEqual([
      [3, "http://h/3"],
      [4, "http://h/4"],
      [5, "http://h/5"],
      [6, "http://h/6"],
    ]);
    const w = new RequestView(enc.encode(urls, 8, 10, 100));
    expect([w.id(0), w.id(1), w.url(1)]).toEqual([100, 101, "http://h/9"]);
  });

  test("empty lists and empty ranges are valid buffers", () => {
    const enc = new RequestEncoder();
    expect(new RequestView(enc.encode([], 0, 0)).length).toBe(0);
    expect(new RequestView(enc.encode(["http://h/"], 1, 1)).length).toBe(0);
  });

  test("one encoder, many batches bigger than its scratch: every batch intact", () => {
    const enc = new RequestEncoder();
    const long = `http://h/${"p".repeat(70_000)}`;
    for (let round = 0; round < 3; round++) {
      const urls = Array.from({ length: 3000 }, (_, i) =>
        i % 1000 === 7 ? long : `http://h/${round}/${i}`,
      );
      const v = new RequestView(enc.encode(urls, 0, urls.length));
      expect(v.length).toBe(3000);
      for (let i = 0; i < urls.length; i++) if (v.url(i) !== urls[i]) throw new Error(`url ${i}`);
    }
  });

  test("refused: a header with CR or LF, a value that is not a request, a bad range", () => {
    const enc = new RequestEncoder();
    expect(() => enc.encode([{ url: "http://h/", headers: ["X: a\r\nY: b"] }], 0, 1)).toThrow(
      /request 0: header with CR or LF/,
    );
    expect(() => enc.encode([42 as unknown as string], 0, 1)).toThrow(TypeError);
    expect(() => enc.encode(["http://h/"], 0, 2)).toThrow(RangeError);
  });

  test("a buffer of the wrong kind is refused, not misread", () => {
    expect(() => new RequestView(new ArrayBuffer(4))).toThrow(/not a request buffer/);
    expect(() => new RequestView(new ResultWriter().finish())).toThrow(/not a request buffer/);
    expect(() => new ResultBatch(new RequestEncoder().encode([], 0, 0))).toThrow(
      /not a result buffer/,
    );
  });
});

describe("result buffers", () => {
  test("every column, the bodies and the error texts round-trip", () => {
    const w = new ResultWriter();
    w.add(5, 0, 200, 3, 0.25, new Uint8Array([1, 2, 3]), "");
    w.add(2, 7, 0, 0, 0.001, null, "Failed to connect to 127.0.0.1 port 1: Connection refused");
    w.add(9, 28, 0, 0, 1.5, new Uint8Array(0), "Operation timed out — ünïcode");
    w.add(0, 0, 404, 6, 0.5, new TextEncoder().encode("nöpe"), "");
    const b = new ResultBatch(w.finish());
    expect(b.length).toBe(4);
    expect([...b.index]).toEqual([5, 2, 9, 0]);
    expect([...b.code]).toEqual([0, 7, 28, 0]);
    expect([...b.responseCode]).toEqual([200, 0, 0, 404]);
    expect([...b.bodySize]).toEqual([3, 0, 0, 6]);
    expect([...b.totalTime]).toEqual([0.25, 0.001, 1.5, 0.5]);
    expect([...b.body(0)]).toEqual([1, 2, 3]);
    expect(b.body(1).length).toBe(0);
    expect(b.text(3)).toBe("nöpe");
    expect([b.error(0), b.error(1), b.error(2), b.error(3)]).toEqual([
      "",
      "Failed to connect to 127.0.0.1 port 1: Connection refused",
      "Operation timed out — ünïcode",
      "",
    ]);
    expect(b.ok).toBe(2);
  });

  test("an empty batch; the writer starts over after finish()", () => {
    const w = new ResultWriter();
    expect(new ResultBatch(w.finish()).length).toBe(0);
    for (let i = 0; i < 1000; i++) w.add(i, 0, 200, i, 0, new Uint8Array([i & 255]), "");
    const first = new ResultBatch(w.finish());
    w.add(7, 6, 0, 0, 0, null, "Could not resolve host: nowhere");
    const second = new ResultBatch(w.finish());
    expect(first.length).toBe(1000);
    expect([...first.body(999)]).toEqual([999 & 255]);
    expect(second.length).toBe(1);
    expect([second.index[0], second.code[0], second.error(0)]).toEqual([
      7,
      6,
      "Could not resolve host: nowhere",
    ]);
  });

  test("mergeByIndex puts every result at its request's index", () => {
    const a = new ResultWriter();
    const b = new ResultWriter();
    a.add(2, 0, 200, 1, 0.1, new Uint8Array([22]), "");
    a.add(0, 0, 200, 1, 0.2, new Uint8Array([20]), "");
    b.add(1, 7, 0, 0, 0.3, null, "refused");
    const m = mergeByIndex([new ResultBatch(a.finish()), new ResultBatch(b.finish())], 3);
    expect([...m.index]).toEqual([0, 1, 2]);
    expect([...m.code]).toEqual([0, 7, 0]);
    expect([...m.totalTime]).toEqual([0.2, 0.3, 0.1]);
    expect([m.body(0)[0], m.body(1).length, m.body(2)[0]]).toEqual([20, 0, 22]);
    expect(m.error(1)).toBe("refused");
    expect(mergeByIndex([], 0).length).toBe(0);
  });

  test("mergeByIndex refuses a missing or doubled index", () => {
    const w = new ResultWriter();
    w.add(0, 0, 200, 0, 0, null, "");
    const one = new ResultBatch(w.finish());
    expect(() => mergeByIndex([one], 2)).toThrow(/no result for request 1/);
    expect(() => mergeByIndex([one, one], 1)).toThrow(/seen twice/);
  });
});
