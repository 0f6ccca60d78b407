// Classes of plain fields made from a table of [key, default] pairs: how the option records get one
// monomorphic shape, with every field inline, from the one option table (easy/options.ts,
// multi/options.ts) instead of a hand-written field list beside it.

/**
 * A class whose constructor stores each [key, default] pair, in order, as a plain own field. Generated
 * because JSC sizes an object's inline property slots from the `this.x = ...` stores written in its
 * constructor: a loop over the keys would leave 6 fields inline and the rest in a separate butterfly,
 * one more load on every `e.opts.x` read (measured on Bun 1.4.5: reads about 1.5x, construction about
 * 4x slower). Keys enter the source JSON-quoted and defaults by reference, so no table data runs as
 * code.
 */
export function fieldsClass<T extends object>(
  fields: readonly (readonly [key: string, def: unknown])[],
): new () => T {
  const stores = fields.map(([k], i) => `this[${JSON.stringify(k)}] = d[${i}];`).join("\n");
  const make = new Function("d", `return class { constructor() {\n${stores}\n} };`);
  return make(fields.map(([, def]) => def));
}

/** What splitFieldsClass adds to its instances. */
export interface SplitFields {
  /** A copy with its own rare record when the original has one. */
  cloneFields(): this;
}

/**
 * fieldsClass with a second group, `rare`: fields most instances never set. They live in one record
 * of defaults that every instance shares until one of them is set, when that instance gets a record
 * of its own (copy on write), so ten thousand handles with the usual options carry only the `hot`
 * fields inline and one pointer. A rare field reads and writes like any other (`o.proxy`), through
 * an accessor on the prototype with the key in its source (JSC inlines it at a monomorphic site).
 */
export function splitFieldsClass<T extends object>(
  hot: readonly (readonly [key: string, def: unknown])[],
  rare: readonly (readonly [key: string, def: unknown])[],
): new () => T & SplitFields {
  const Rare = fieldsClass<Record<string, unknown>>(rare);
  const shared = new Rare();
  const stores = hot.map(([k], i) => `this[${JSON.stringify(k)}] = d[${i}];`).join("\n");
  const make = new Function(
    "d",
    "D",
    `return class { constructor() {\n${stores}\nthis.$r = D;\n} };`,
  );
  const Base = make(
    hot.map(([, def]) => def),
    shared,
  );
  for (const [k] of rare) {
    const key = JSON.stringify(k);
    Object.defineProperty(Base.prototype, k, {
      get: new Function(`return this.$r[${key}];`) as () => unknown,
      set: new Function(
        "R",
        "D",
        `return function (v) { let r = this.$r; if (r === D) { r = new R(); this.$r = r; } r[${key}] = v; };`,
      )(Rare, shared),
      enumerable: true,
    });
  }
  // A copy field by field (keys in the source, as the constructor's): Object.assign walks the
  // properties generically and cost about 1.5 us per copy of the 36 hot fields.
  const copies = hot
    .map(([k]) => `c[${JSON.stringify(k)}] = this[${JSON.stringify(k)}];`)
    .join("\n");
  const clone = new Function(
    "Rare",
    "D",
    `return function cloneFields() {\nconst c = new this.constructor();\n${copies}\nc.$r = this.$r === D ? D : Object.assign(new Rare(), this.$r);\nreturn c;\n};`,
  )(Rare, shared);
  Object.defineProperty(Base.prototype, "cloneFields", { value: clone });
  return Base;
}
