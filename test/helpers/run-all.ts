// Runs transfers the way an application does: one Multi, the ready-made BunDriver, a write callback
// that keeps a copy of every chunk. Shared by the real-socket integration tests.

import { BunDriver, Easy, Multi } from "../../src/index.ts";

export interface RunAllResult {
  /** CURLcode per URL, in the order given. */
  results: number[];
  /** Body bytes per URL. */
  bodies: Uint8Array[];
  /** The same bodies as latin1 text. */
  texts: string[];
  easies: Easy[];
  multi: Multi;
}

/** Runs `urls` at once on `multi` (a fresh one by default); `setup` sets more options per handle. */
export async function runAll(
  urls: string[],
  setup?: (e: Easy, i: number) => void,
  multi = new Multi(),
): Promise<RunAllResult> {
  const results: number[] = [];
  const chunks: Uint8Array[][] = urls.map(() => []);
  const easies = urls.map((url, i) => {
    const e = new Easy();
    e.setopt("url", url);
    e.setopt("writeFunction", (d: Uint8Array) => {
      chunks[i]!.push(d.slice());
      return d.length;
    });
    setup?.(e, i);
    return e;
  });
  const driver = new BunDriver(multi, {
    onDone(e, r) {
      results[easies.indexOf(e)] = r;
    },
  });
  for (const e of easies) multi.addHandle(e);
  await driver.run();
  driver.close();
  const bodies = chunks.map((c) => new Uint8Array(Buffer.concat(c)));
  const texts = bodies.map((b) => Buffer.from(b).toString("latin1"));
  return { results, bodies, texts, easies, multi };
}
