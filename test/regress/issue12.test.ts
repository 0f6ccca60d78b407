// What a review of the redesign (issue 12) found the suites did not pin, written as a user meets it:
// a real loopback server, the public API, an own driver (libcurl's hiperfifo role).

import { describe, expect, test } from "bun:test";
import {
  CURL_SOCKET_TIMEOUT,
  CURLE_OK,
  CURLMOPT_SOCKETFUNCTION,
  CURLMOPT_TIMERFUNCTION,
  Easy,
  Multi,
} from "../../src/index.ts";

/** Runs the easies on a multi with an own driver; `onSocket` sees every socket callback. */
function drive(
  easies: Easy[],
  onSocket: (easy: unknown) => void = () => {},
): Promise<{ multi: Multi; results: Map<Easy, number> }> {
  const multi = new Multi();
  const results = new Map<Easy, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise((resolve) => {
    const act = (s: number, ev: number) => {
      multi.socketAction(s, ev);
      for (let m = multi.infoRead(); m !== undefined; m = multi.infoRead())
        results.set(m.easy, m.result);
      if (multi.running === 0) {
        clearTimeout(timer);
        resolve({ multi, results });
      }
    };
    multi.setopt(CURLMOPT_SOCKETFUNCTION, (easy: unknown, s: number, what: number) => {
      onSocket(easy);
      multi.poller.watch(s, what);
      return 0;
    });
    multi.setopt(CURLMOPT_TIMERFUNCTION, (_m: unknown, ms: number) => {
      clearTimeout(timer);
      if (ms >= 0) timer = setTimeout(() => act(CURL_SOCKET_TIMEOUT, 0), ms);
      return 0;
    });
    multi.poller.onReady = (s, ev) => act(s, ev);
    for (const e of easies) multi.addHandle(e);
    act(CURL_SOCKET_TIMEOUT, 0);
  });
}

function serve(body: string) {
  return Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response(body) });
}

/** An easy handle for the server's root that takes every body byte. */
function easyFor(port: number | undefined): Easy {
  const e = new Easy();
  e.setopt("url", `http://127.0.0.1:${port}/`);
  e.setopt("writeFunction", (d: Uint8Array) => d.length);
  return e;
}

describe("issue 12 review", () => {
  test("the socket callback gets the Easy that was added, with its getinfo", async () => {
    using srv = serve("hello");
    const e = easyFor(srv.port);
    const seen: unknown[] = [];
    const { results, multi } = await drive([e], (easy) => seen.push(easy));
    expect(results.get(e)).toBe(CURLE_OK);
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toBe(e);
    multi.close();
  });

  test("contentLengthDownloadT inside the header callback is what the head said so far", async () => {
    using srv = serve("hello");
    const e = easyFor(srv.port);
    const atBlank: unknown[] = [];
    e.setopt("headerFunction", (d: Uint8Array, easy: unknown) => {
      if (d.length === 2) atBlank.push((easy as Easy).getinfo("contentLengthDownloadT"));
      return d.length;
    });
    const { multi } = await drive([e]);
    expect(atBlank).toEqual([5]);
    expect(e.getinfo("contentLengthDownloadT")).toBe(5);
    multi.close();
  });

  test("infoRead calls no debug callback (the move to MSGSENT is not traced)", async () => {
    using srv = serve("hi");
    const e = easyFor(srv.port);
    const lines: string[] = [];
    e.setopt("verbose", 1);
    e.setopt("debugFunction", (_e: unknown, _type: number, text: string) => {
      lines.push(text);
      return 0;
    });
    const { multi } = await drive([e]);
    expect(lines.some((l) => l.startsWith("STATE: DONE => COMPLETED"))).toBe(true);
    expect(lines.some((l) => l.includes("MSGSENT"))).toBe(false);
    multi.close();
  });
});
