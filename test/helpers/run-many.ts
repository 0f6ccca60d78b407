// Runs many GETs the way an application does (one Multi, BunDriver, a fixed number in flight) and
// counts what libcurl's getinfo says about them: results, connections made, HTTP versions.

import { BunDriver, CURL_HTTP_VERSION_2_0, Easy, Multi } from "../../src/index.ts";

export interface ManyResult {
  results: number[];
  /** Sum of numConnects over every transfer: the connections opened in all. */
  connects: number;
  /** Transfers that used HTTP/2. */
  h2: number;
}

/** Runs `total` GETs of url on one multi, `inflight` at a time (`setup` sets each handle's options). */
export async function many(
  url: string,
  total: number,
  inflight: number,
  setup: (e: Easy) => void = () => {},
  multi = new Multi(),
): Promise<ManyResult> {
  let started = 0;
  let connects = 0;
  let h2 = 0;
  const results: number[] = [];
  const driver = new BunDriver(multi, {
    onDone(e, r) {
      results.push(r);
      connects += e.getinfo("numConnects") as number;
      if (e.getinfo("httpVersion") === CURL_HTTP_VERSION_2_0) h2++;
      multi.removeHandle(e);
      if (started < total) add();
    },
  });
  const add = () => {
    const e = new Easy();
    started++;
    e.setopt("url", url);
    e.setopt("writeFunction", (d: Uint8Array) => d.length);
    setup(e);
    multi.addHandle(e);
  };
  for (let i = 0; i < inflight && i < total; i++) add();
  await driver.run();
  driver.close();
  return { results, connects, h2 };
}
