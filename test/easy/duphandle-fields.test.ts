// curl_easy_duphandle copies every option: the option record's clone (core/fields.ts cloneFields,
// a generated field-by-field copy) must carry each inline field and give the copy its own record
// of the rare ones, so that setting one on either handle leaves the other as it was.

import { describe, expect, test } from "bun:test";
import { splitFieldsClass } from "../../src/core/fields.ts";
import { Easy, handleOf } from "../../src/easy/easy.ts";
import { EasyOptions } from "../../src/easy/options.ts";

describe("duphandle's option copy", () => {
  test("every inline field of EasyOptions is copied, and the rare record is shared until set", () => {
    const o = new EasyOptions();
    const rec = o as unknown as Record<string, unknown>;
    const hot = Object.keys(o).filter((k) => k !== "$r");
    expect(hot.length).toBeGreaterThan(30);
    const marks = new Map(hot.map((k) => [k, { mark: k }]));
    for (const [k, v] of marks) rec[k] = v;
    const c = o.clone() as unknown as Record<string, unknown>;
    for (const [k, v] of marks) expect(c[k]).toBe(v);
    expect(c.$r).toBe(rec.$r); // nothing rare set: the shared defaults
    expect(c).toBeInstanceOf(EasyOptions);
  });

  test("a rare field set before the copy is copied, and is the copy's own afterwards", () => {
    const Opts = splitFieldsClass<{ a: number; b: string; x: number; y: string }>(
      [
        ["a", 1],
        ["b", "b"],
      ],
      [
        ["x", 10],
        ["y", "y"],
      ],
    );
    const o = new Opts();
    o.a = 2;
    o.x = 20;
    const c = o.cloneFields();
    expect([c.a, c.b, c.x, c.y]).toEqual([2, "b", 20, "y"]);
    c.x = 30;
    c.a = 3;
    expect([o.a, o.x]).toEqual([2, 20]);
    o.y = "changed";
    expect(c.y).toBe("y");
    const fresh = new Opts();
    expect([fresh.x, fresh.y]).toEqual([10, "y"]);
  });

  test("Easy.duphandle: the copy runs with the options of the original, set through setopt", () => {
    const e = new Easy();
    e.setopt("url", "http://example.invalid/a");
    e.setopt("userAgent", "ua/1");
    e.setopt("maxRedirs", 7);
    e.setopt("proxy", "http://127.0.0.1:1"); // a rare option
    const d = e.duphandle();
    const o = handleOf(d).opts;
    expect(o.url).toBe("http://example.invalid/a");
    expect(o.userAgent).toBe("ua/1");
    expect(o.maxRedirs).toBe(7);
    expect(o.proxy).toBe("http://127.0.0.1:1");
    d.setopt("proxy", "http://127.0.0.1:2");
    expect(handleOf(e).opts.proxy).toBe("http://127.0.0.1:1");
    // The copy is made while the new handle is built: a handle made afterwards has the defaults.
    const fresh = handleOf(new Easy()).opts;
    expect(fresh.url).toBeNull();
    expect(fresh.userAgent).toBeNull();
    expect(fresh.maxRedirs).toBe(30); // libcurl's default since 8.3.0
    expect(fresh.proxy).toBeNull();
  });
});
