// ConnCache's idle bookkeeping: newest-first take per key, oldest-first eviction order, unidle from
// anywhere, checked against a plain array model over seeded random operations.

import { describe, expect, test } from "bun:test";
import { ConnCache } from "../../src/conn/cache.ts";
import type { Conn } from "../../src/conn/conn.ts";
import { Rng } from "../timer/model.ts";

const KEYS = ["http://a:80", "http://b:80", "https://a:443"];

describe("ConnCache idle lists", () => {
  test("take is newest first per key; oldestIdle and idleConns are oldest first overall", () => {
    const cache = new ConnCache();
    const cs = [0, 1, 2, 0, 1].map((k, i) => cache.add(KEYS[k]!, `h${k}`, i));
    for (const c of cs) cache.park(c, 10 + c.id);
    expect(cache.idleCount).toBe(5);
    expect(cache.oldestIdle()).toBe(cs[0]);
    expect(cache.idleConns()).toEqual(cs);
    const yes = () => true;
    const no = () => {};
    expect(cache.take(KEYS[0]!, yes, no)).toBe(cs[3]);
    cache.unidle(cs[0]!); // the oldest, from the front of both lists
    expect(cache.oldestIdle()).toBe(cs[1]);
    expect(cache.take(KEYS[0]!, yes, no)).toBeUndefined();
    const dead: Conn[] = [];
    // A rejected connection goes to `dead`, the next one is tried.
    const c4 = cs[4]!;
    expect(
      cache.take(
        KEYS[1]!,
        (c) => c !== c4,
        (c) => dead.push(c),
      ),
    ).toBe(cs[1]);
    expect(dead).toEqual([c4]);
    expect(cache.idleConns()).toEqual([cs[2]!]);
    cache.assertInvariants();
  });

  test("random park / take / unidle / drop against an array model", () => {
    const rng = new Rng(5);
    const cache = new ConnCache();
    const all: Conn[] = [];
    let model: Conn[] = []; // idle, oldest first
    for (let i = 0; i < 5000; i++) {
      const r = rng.int(10);
      const busy = all.filter((c) => c.busy);
      if (r < 2 || all.length === 0) {
        all.push(cache.add(KEYS[rng.int(KEYS.length)]!, "h", i));
      } else if (r < 5 && busy.length > 0) {
        const c = busy[rng.int(busy.length)]!;
        cache.park(c, i);
        model.push(c);
      } else if (r < 7) {
        const key = KEYS[rng.int(KEYS.length)]!;
        const want = model.filter((c) => c.key === key).pop();
        expect(
          cache.take(
            key,
            () => true,
            () => {},
          ),
        ).toBe(want);
        model = model.filter((c) => c !== want);
      } else if (r < 9 && model.length > 0) {
        const c = rng.int(2) === 0 ? model[0]! : model[rng.int(model.length)]!;
        cache.unidle(c);
        model = model.filter((x) => x !== c);
      } else {
        const c = all[rng.int(all.length)]!;
        cache.drop(c);
        all.splice(all.indexOf(c), 1);
        model = model.filter((x) => x !== c);
      }
      expect(cache.idleCount).toBe(model.length);
      expect(cache.oldestIdle()).toBe(model[0]);
      if (i % 25 === 0) {
        expect(cache.idleConns()).toEqual(model);
        cache.assertInvariants();
      }
    }
    cache.assertInvariants();
  });
});
