// Checks the easy and multi option tables against what is derived from them and what is written beside
// them: every CURLOPT_* / CURLMOPT_* constant names exactly one row (checked by tsc and at run time),
// each row's default is what a fresh options record holds, a value of the wrong kind is refused with
// the bad-argument code, and aliases land in their target's field.

import { describe, expect, test } from "bun:test";
import {
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_NOT_BUILT_IN,
  CURLE_OK,
  CURLE_UNKNOWN_OPTION,
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_OK,
  CURLM_UNKNOWN_OPTION,
} from "../src/constants/index.ts";
import * as easyModule from "../src/easy/option-names.ts";
import {
  EASY_OPTION_TABLE,
  type EasyOptionName,
  EasyOptions,
  type OptionKind,
  setOption,
} from "../src/easy/options.ts";
import * as multiModule from "../src/multi/options.ts";
import {
  MULTI_OPTION_TABLE,
  type MultiOptionKind,
  MultiOptions,
  setMultiOption,
} from "../src/multi/options.ts";
import { Share } from "../src/share/share.ts";

// ---- compile time: the constants and the table keys are the same set of names ----

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type ConstantValues<M, P extends string> = {
  [K in keyof M]: K extends `${P}${string}` ? M[K] : never;
}[keyof M];
// A constant without a row, or a row keyed by a bare string instead of a constant, makes these false.
const easyNamesAgree: Equal<ConstantValues<typeof easyModule, "CURLOPT_">, EasyOptionName> = true;
const multiNamesAgree: Equal<
  ConstantValues<typeof multiModule, "CURLMOPT_">,
  keyof typeof MULTI_OPTION_TABLE
> = true;

/** The module's exported constants with this prefix, as [constant name, value]. */
function constants(mod: object, prefix: string): [string, unknown][] {
  return Object.entries(mod).filter(([k]) => k.startsWith(prefix));
}

/** [name, row] of each row, values erased: what a test can ask of any row. */
interface AnyRow {
  kind: string;
  def?: unknown;
  to?: string;
}
const easyRows = Object.entries(EASY_OPTION_TABLE) as [EasyOptionName, AnyRow][];
const multiRows = Object.entries(MULTI_OPTION_TABLE) as [string, AnyRow][];

// Values of the wrong kind for each kind. A Record over the kind type: a new kind does not compile
// until it has its wrong values here. "pointer" takes anything, so it has none.
const WRONG: Record<OptionKind, unknown[]> = {
  string: [1, true, {}, ["x"], () => "x"],
  long: ["1", 1.5, Number.NaN, Number.POSITIVE_INFINITY, null, {}, [1]],
  function: [1, "f", {}, true],
  pointer: [],
  slist: ["a: b", [1], ["a: b", 2], {}, 1, ["a\r\nb: c"]],
  data: [1, {}, ["x"], true, new Uint16Array(2)],
  share: [1, "share", {}, true, new EasyOptions()],
};
const MULTI_WRONG: Record<MultiOptionKind, unknown[]> = {
  function: [1, "f", {}, true],
  pointer: [],
  long: ["1", 1.5, Number.NaN, null, {}, 1n],
};
// undefined is "not set" for every kind (the default), so it is in none of the lists above.

/** Own fields as [key, value], in creation order. */
/** A record's own fields in order (MultiOptions keeps every one inline). */
const ownFieldsOf = (o: object) => Object.entries(o);
/** Every field row's value as the record reads it (rare fields through their accessors). */
const fieldsOf = (o: object) =>
  easyRows
    .filter(([, row]) => row.to === undefined)
    .map(([name]) => [name, (o as Record<string, unknown>)[name]]);

describe("easy option table", () => {
  test("the compile-time name checks hold", () => {
    expect(easyNamesAgree).toBe(true);
  });

  test("each CURLOPT_* constant names a row, and each row has exactly one constant", () => {
    const consts = constants(easyModule, "CURLOPT_");
    for (const [constName, value] of consts) {
      expect(typeof value, constName).toBe("string");
      expect(Object.hasOwn(EASY_OPTION_TABLE, value as string), constName).toBe(true);
    }
    const values = consts.map(([, v]) => v);
    for (const [name] of easyRows)
      expect(
        values.filter((v) => v === name),
        name,
      ).toHaveLength(1);
    expect(consts).toHaveLength(easyRows.length);
  });

  test("a fresh EasyOptions holds every field row's default, in table order, and nothing else", () => {
    const fieldRows = easyRows.filter(([, row]) => row.to === undefined);
    expect(fieldsOf(new EasyOptions())).toEqual(fieldRows.map(([name, row]) => [name, row.def]));
    // Every instance gets the same fields in the same order: one shape.
    expect(Object.keys(new EasyOptions())).toEqual(Object.keys(new EasyOptions()));
  });

  test("rare options share one record of defaults until a handle sets one (copy on write)", () => {
    const a = new EasyOptions();
    const b = new EasyOptions();
    // The usual options are inline; a rare one (proxy) is not an own field.
    expect(Object.keys(a)).toContain("url");
    expect(Object.keys(a)).not.toContain("proxy");
    expect(setOption(a, "proxy", "http://p.test:3128", { text: "" })).toBe(CURLE_OK);
    expect(setOption(a, "proxySslVerifyHost", 0, { text: "" })).toBe(CURLE_OK);
    expect([a.proxy, a.proxySslVerifyHost]).toEqual(["http://p.test:3128", 0]);
    // Another handle, and a new one, still read the defaults.
    expect([b.proxy, b.proxySslVerifyHost, new EasyOptions().proxy]).toEqual([null, 2, null]);
    // A copy has its own record: a change to either stays there.
    const c = a.clone();
    expect(c.proxy).toBe("http://p.test:3128");
    expect(setOption(c, "proxy", "http://other.test:1", { text: "" })).toBe(CURLE_OK);
    expect([a.proxy, c.proxy]).toEqual(["http://p.test:3128", "http://other.test:1"]);
    expect(fieldsOf(b.clone())).toEqual(fieldsOf(new EasyOptions()));
  });

  test("setting a field's default on a fresh record is accepted and changes nothing", () => {
    const fresh = fieldsOf(new EasyOptions());
    for (const [name, row] of easyRows) {
      if (row.to !== undefined) continue;
      const o = new EasyOptions();
      expect(setOption(o, name, row.def, { text: "" }), name).toBe(CURLE_OK);
      expect(fieldsOf(o), name).toEqual(fresh);
    }
  });

  test("an alias has no field; it sets its target, a field row of the same kind", () => {
    const aliases = easyRows.filter(([, row]) => row.to !== undefined);
    expect(aliases.map(([n]): string => n).sort()).toEqual(
      [
        "connectTimeout",
        "copyPostFields",
        "inFileSizeLarge",
        "maxFileSizeLarge",
        "postFieldSizeLarge",
        "timeout",
      ].sort(),
    );
    for (const [name, row] of aliases) {
      const target = (EASY_OPTION_TABLE as Record<string, AnyRow>)[row.to!];
      expect(target?.to, name).toBeUndefined();
      expect(target?.kind, name).toBe(row.kind);
      expect(Object.hasOwn(new EasyOptions(), name), name).toBe(false);
      const o = new EasyOptions();
      const value = row.kind === "data" ? "a=1" : 7;
      expect(setOption(o, name, value, { text: "" }), name).toBe(CURLE_OK);
      const stored = (o as unknown as Record<string, unknown>)[row.to!];
      // The seconds options store milliseconds; the others store the value as given.
      expect(stored, name).toBe(name === "timeout" || name === "connectTimeout" ? 7000 : value);
    }
  });

  test("a value of the wrong kind gives CURLE_BAD_FUNCTION_ARGUMENT and leaves the record alone", () => {
    let checked = 0;
    for (const [name, row] of easyRows) {
      const wrong = WRONG[row.kind as OptionKind];
      expect(wrong, `kind ${row.kind} of ${name}`).toBeDefined();
      if (row.kind !== "pointer") expect(wrong.length, name).toBeGreaterThan(0);
      for (const value of wrong) {
        const o = new EasyOptions();
        const before = fieldsOf(o);
        const detail = { text: "" };
        expect(setOption(o, name, value, detail), `${name} = ${String(value)}`).toBe(
          CURLE_BAD_FUNCTION_ARGUMENT,
        );
        expect(detail.text.startsWith(`Bad value for ${name}: `), detail.text).toBe(true);
        expect(fieldsOf(o)).toEqual(before);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(easyRows.length);
  });

  test("a feature not built in (httpAuth / proxyAuth with only NTLM) is CURLE_NOT_BUILT_IN, record unchanged", () => {
    for (const name of ["httpAuth", "proxyAuth"]) {
      const o = new EasyOptions();
      const before = fieldsOf(o);
      const detail = { text: "" };
      expect(setOption(o, name, 8, detail)).toBe(CURLE_NOT_BUILT_IN);
      expect(detail.text).toBe("no supported authentication method in 0x8");
      expect(fieldsOf(o)).toEqual(before);
      expect(setOption(o, name, 8 | 2, detail)).toBe(CURLE_OK);
      expect((o as unknown as Record<string, number>)[name]).toBe(10);
    }
  });

  test("undefined puts any option back to its default, as libcurl's NULL (for a long too)", () => {
    const fresh = new EasyOptions() as unknown as Record<string, unknown>;
    const set: Record<OptionKind, unknown> = {
      string: "x",
      long: 1,
      function: () => 0,
      pointer: { p: 1 },
      slist: ["A: b"],
      data: "a=1",
      share: new Share(),
    };
    for (const [name, row] of easyRows) {
      const o = new EasyOptions();
      expect(setOption(o, name, set[row.kind as OptionKind], { text: "" }), name).toBe(CURLE_OK);
      expect(setOption(o, name, undefined, { text: "" }), name).toBe(CURLE_OK);
      // The option's field (an alias's target) only: what setting it did to the method stays, as
      // after a null.
      const field = row.to ?? name;
      expect((o as unknown as Record<string, unknown>)[field], name).toBe(fresh[field]);
    }
  });

  test("a pointer option takes any value and hands it back untouched", () => {
    const odd = [Symbol("s"), { a: 1 }, 1.5, "x", null, undefined, () => 0];
    for (const [name, row] of easyRows) {
      if (row.kind !== "pointer") continue;
      for (const value of odd) {
        const o = new EasyOptions();
        expect(setOption(o, name, value, { text: "" }), name).toBe(CURLE_OK);
        expect((o as unknown as Record<string, unknown>)[name]).toBe(value);
      }
    }
  });

  test("names outside the table are unknown, including Object.prototype's and the class's own", () => {
    for (const name of ["toString", "__proto__", "constructor", "clone", "URL", "", "nope"]) {
      const detail = { text: "" };
      expect(setOption(new EasyOptions(), name, 1, detail), name).toBe(CURLE_UNKNOWN_OPTION);
      expect(detail.text.startsWith(`unknown option ${JSON.stringify(name)}`), detail.text).toBe(
        true,
      );
    }
  });

  test("clone() copies every field into a new record of the same shape", () => {
    const o = new EasyOptions();
    expect(setOption(o, "url", "http://a/", { text: "" })).toBe(CURLE_OK);
    expect(setOption(o, "timeout", 2, { text: "" })).toBe(CURLE_OK);
    const c = o.clone();
    expect(c).not.toBe(o);
    expect(c).toBeInstanceOf(EasyOptions);
    expect(fieldsOf(c)).toEqual(fieldsOf(o));
    expect(c.timeoutMs).toBe(2000);
  });
});

describe("multi option table", () => {
  test("the compile-time name checks hold", () => {
    expect(multiNamesAgree).toBe(true);
  });

  test("each CURLMOPT_* constant names a row, and each row has exactly one constant", () => {
    const consts = constants(multiModule, "CURLMOPT_");
    for (const [constName, value] of consts)
      expect(Object.hasOwn(MULTI_OPTION_TABLE, value as string), constName).toBe(true);
    const values = consts.map(([, v]) => v);
    for (const [name] of multiRows)
      expect(
        values.filter((v) => v === name),
        name,
      ).toHaveLength(1);
    expect(consts).toHaveLength(multiRows.length);
  });

  test("a fresh MultiOptions holds every row's default, in table order", () => {
    expect(ownFieldsOf(new MultiOptions())).toEqual(
      multiRows.map(([name, row]) => [name, row.def]),
    );
    for (const [name, row] of multiRows) {
      const o = new MultiOptions();
      expect(setMultiOption(o, name, row.def, { text: "" }), name).toBe(CURLM_OK);
      expect(ownFieldsOf(o)).toEqual(ownFieldsOf(new MultiOptions()));
    }
  });

  test("a value of the wrong kind gives CURLM_BAD_FUNCTION_ARGUMENT and leaves the record alone", () => {
    for (const [name, row] of multiRows) {
      const wrong = MULTI_WRONG[row.kind as MultiOptionKind];
      expect(wrong, `kind ${row.kind} of ${name}`).toBeDefined();
      for (const value of wrong) {
        const o = new MultiOptions();
        const detail = { text: "" };
        expect(setMultiOption(o, name, value, detail), `${name} = ${String(value)}`).toBe(
          CURLM_BAD_FUNCTION_ARGUMENT,
        );
        expect(detail.text.startsWith(`Bad value for ${name}: `), detail.text).toBe(true);
        expect(ownFieldsOf(o)).toEqual(ownFieldsOf(new MultiOptions()));
      }
    }
  });

  test("names outside the table are unknown", () => {
    for (const name of ["toString", "__proto__", "constructor", "nope"])
      expect(setMultiOption(new MultiOptions(), name, 1, { text: "" }), name).toBe(
        CURLM_UNKNOWN_OPTION,
      );
  });

  test("undefined puts any option back to its default", () => {
    const set: Record<MultiOptionKind, unknown> = { function: () => 0, pointer: {}, long: 7 };
    for (const [name, row] of multiRows) {
      const o = new MultiOptions();
      expect(setMultiOption(o, name, set[row.kind as MultiOptionKind], { text: "" })).toBe(
        CURLM_OK,
      );
      expect(setMultiOption(o, name, undefined, { text: "" }), name).toBe(CURLM_OK);
      expect(ownFieldsOf(o), name).toEqual(ownFieldsOf(new MultiOptions()));
    }
  });
});
