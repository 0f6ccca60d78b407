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
