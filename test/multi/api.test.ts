import { handleOf } from "../../src/easy/easy.ts";
import { multiCore } from "../../src/multi/multi.ts";
// The multi API's return codes, exactly as libcurl gives them.

import { describe, expect, test } from "bun:test";
import {
  CURL_SOCKET_TIMEOUT,
  CURLE_ABORTED_BY_CALLBACK,
  CURLE_OK,
  CURLM_ABORTED_BY_CALLBACK,
  CURLM_ADDED_ALREADY,
  CURLM_BAD_EASY_HANDLE,
  CURLM_BAD_FUNCTION_ARGUMENT,
  CURLM_BAD_HANDLE,
  CURLM_BAD_SOCKET,
  CURLM_OK,
  CURLM_RECURSIVE_API_CALL,
  CURLM_UNKNOWN_OPTION,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import { httpServer, makeWorld, response } from "../helpers/virtual.ts";

function server(w: ReturnType<typeof makeWorld>, delay = 0) {
  return httpServer(w.net, "10.0.0.1", 80, (_r, p) => p.write(response(200, "body"), delay));
}

function easyFor(url = "http://10.0.0.1/"): Easy {
  const e = new Easy();
  e.setopt("url", url);
  return e;
}

describe("setopt", () => {
  test("unknown option and wrong value types", () => {
    const { multi } = makeWorld();
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(multi.setopt("noSuchOption", 1)).toBe(CURLM_UNKNOWN_OPTION);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(multi.setopt("socketFunction", 42)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(multi.setopt("timerFunction", "x")).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    // @ts-expect-error wrong on purpose: the run-time check is under test
    expect(multi.setopt("maxConnects", "3")).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.setopt("maxHostConnections", 1.5)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    expect(multi.setopt("maxTotalConnections", -1)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
    for (const [k, v] of [
      ["socketData", { a: 1 }],
      ["timerData", null],
      ["maxConnects", 5],
      ["maxHostConnections", 2],
      ["maxTotalConnections", 3],
      ["pipelining", 1],
      ["socketFunction", null],
      ["timerFunction", () => 0],
    ] as const)
      expect(multi.setopt(k, v)).toBe(CURLM_OK);
  });
});

describe("addHandle / removeHandle", () => {
  test("codes: added already, bad easy handle, not in any multi, another multi's handle", () => {
    const w = makeWorld();
    const other = makeWorld();
    const e = easyFor();
    expect(w.multi.addHandle(e)).toBe(CURLM_OK);
    expect(w.multi.addHandle(e)).toBe(CURLM_ADDED_ALREADY);
    expect(other.multi.addHandle(e)).toBe(CURLM_ADDED_ALREADY);
    expect(w.multi.addHandle({} as Easy)).toBe(CURLM_BAD_EASY_HANDLE);
    expect(w.multi.removeHandle(null as unknown as Easy)).toBe(CURLM_BAD_EASY_HANDLE);
    expect(other.multi.removeHandle(e)).toBe(CURLM_BAD_EASY_HANDLE);
    expect(w.multi.removeHandle(e)).toBe(CURLM_OK);
    expect(w.multi.removeHandle(e)).toBe(CURLM_OK); // in no multi any more
    expect(other.multi.addHandle(e)).toBe(CURLM_OK);
  });

  test("a closed multi answers CURLM_BAD_HANDLE", () => {
    const w = makeWorld();
    expect(w.multi.close()).toBe(CURLM_OK);
    expect(w.multi.addHandle(easyFor())).toBe(CURLM_BAD_HANDLE);
    expect(w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0)).toBe(CURLM_BAD_HANDLE);
    expect(w.multi.perform()).toBe(CURLM_BAD_HANDLE);
    expect(w.multi.setopt("maxConnects", 1)).toBe(CURLM_BAD_HANDLE);
    expect(w.multi.close()).toBe(CURLM_BAD_HANDLE);
  });

  test("Multi without an environment refuses to be built only when no default is registered", () => {
    // The package entry registers the Bun environment; the pure module alone has none. Checked in a
    // fresh process: in this one another test file may have imported the entry already.
    const pure = new URL("../../src/multi/multi.ts", import.meta.url).pathname;
    const entry = new URL("../../src/index.ts", import.meta.url).pathname;
    const script = (path: string) =>
      `const { Multi } = await import(${JSON.stringify(path)}); try { new Multi(); console.log("built"); } catch (e) { console.log(e instanceof TypeError ? "TypeError" : String(e)); }`;
    const run = (path: string) =>
      Bun.spawnSync([process.execPath, "-e", script(path)])
        .stdout.toString()
        .trim();
    expect(run(pure)).toBe("TypeError");
    expect(run(entry)).toBe("built");
  });
});

describe("socketAction", () => {
  test("an unknown socket is ignored with CURLM_OK; bad argument types are refused", () => {
    const w = makeWorld();
    expect(w.multi.socketAction(12345, 1)).toBe(CURLM_OK);
    expect(w.multi.socketAction(7, 0)).toBe(CURLM_OK);
    expect(w.multi.socketAction("3" as unknown as number, 0)).toBe(CURLM_BAD_FUNCTION_ARGUMENT);
  });

  test("a wrong or zero event mask does no harm: the engine checks the socket itself", () => {
    const w = makeWorld();
    server(w);
    const e = easyFor();
    w.multi.addHandle(e);
    // Deliver every readiness event with mask 0.
    w.multi.poller.onReady = (s) => w.driver.action(s, 0);
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });

  test("perform is harmless when nothing happened", () => {
    const w = makeWorld();
    expect(w.multi.perform()).toBe(CURLM_OK);
    expect(w.multi.running).toBe(0);
    server(w, 5);
    const e = easyFor();
    w.multi.addHandle(e);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    const log = w.driver.log.length;
    for (let i = 0; i < 5; i++) expect(w.multi.perform()).toBe(CURLM_OK);
    expect(w.driver.log.length).toBe(log);
    expect(w.multi.running).toBe(1);
    w.driver.run();
    expect(w.driver.resultOf(e)).toBe(CURLE_OK);
  });

  test("perform alone drives transfers to completion (no socket callback needed)", () => {
    const w = makeWorld({ noDriver: true });
    server(w);
    const e = easyFor();
    w.multi.addHandle(e);
    for (let i = 0; i < 20 && w.multi.running > 0; i++) {
      w.multi.perform();
      w.sched.runDue();
      w.clock.advance(1);
    }
    expect(w.multi.infoRead()?.result).toBe(CURLE_OK);
  });
});

describe("assign", () => {
  test("stores socketp for a known socket and hands it back; unknown socket: CURLM_BAD_SOCKET", () => {
    const w = makeWorld({ noDriver: true });
    server(w, 2);
    const seen: unknown[] = [];
    w.multi.setopt(
      "socketFunction",
      (_e: unknown, s: number, what: number, _u: unknown, sp: unknown) => {
        seen.push(sp);
        if (sp === undefined) expect(w.multi.assign(s, { s })).toBe(CURLM_OK); // allowed inside
        w.multi.poller.watch(s, what);
        return 0;
      },
    );
    expect(w.multi.assign(0, "x")).toBe(CURLM_BAD_SOCKET);
    const e = easyFor();
    w.multi.addHandle(e);
    w.multi.poller.onReady = (s, ev) => w.multi.socketAction(s, ev);
    w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    for (let i = 0; i < 20 && w.multi.running > 0; i++) {
      w.net.transport.poller.dispatch();
      w.sched.runDue();
      w.clock.advance(1);
    }
    // OUT (no socketp yet), IN (our object), REMOVE (our object)
    expect(seen).toEqual([undefined, { s: 0 }, { s: 0 }]);
    expect(w.multi.assign(0, "late")).toBe(CURLM_BAD_SOCKET); // REMOVEd: forgotten
  });
});

describe("CURLM_RECURSIVE_API_CALL", () => {
  test("from the socket, timer, write and header callbacks; infoRead and assign allowed", () => {
    const w = makeWorld({ noDriver: true });
    server(w);
    const codes: Record<string, number[]> = { socket: [], timer: [], write: [], header: [] };
    const probe = (where: string) => {
      const m = w.multi;
      const out = { code: 0 };
      m.timeout(out);
      codes[where]!.push(
        m.socketAction(CURL_SOCKET_TIMEOUT, 0),
        m.perform(),
        m.addHandle(new Easy()),
        m.removeHandle(e),
        m.setopt("maxConnects", 1),
        out.code,
      );
      expect(m.infoRead()).toBeUndefined();
    };
    const e = easyFor();
    w.multi.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      probe("socket");
      w.multi.poller.watch(s, what);
      return 0;
    });
    w.multi.setopt("timerFunction", () => {
      probe("timer");
      return 0;
    });
    e.setopt("writeFunction", (d: Uint8Array) => {
      probe("write");
      return d.length;
    });
    e.setopt("headerFunction", (d: Uint8Array) => {
      probe("header");
      return d.length;
    });
    w.multi.addHandle(e);
    w.multi.poller.onReady = (s, ev) => w.multi.socketAction(s, ev);
    w.multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    for (let i = 0; i < 20 && w.multi.running > 0; i++) {
      w.net.transport.poller.dispatch();
      w.sched.runDue();
      w.clock.advance(1);
    }
    for (const k of Object.keys(codes)) {
      expect(codes[k]!.length).toBeGreaterThan(0);
      expect(new Set(codes[k])).toEqual(new Set([CURLM_RECURSIVE_API_CALL]));
    }
    expect(w.multi.infoRead()?.result).toBe(CURLE_OK);
  });
});

describe("a callback returning -1", () => {
  test("socket callback: CURLM_ABORTED_BY_CALLBACK, every transfer ends with 42, the multi is dead", () => {
    const w = makeWorld();
    server(w, 10);
    const timers: number[] = [];
    const a = easyFor();
    const b = easyFor();
    let fail = false;
    w.multi.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      w.multi.poller.watch(s, what);
      return fail ? -1 : 0;
    });
    w.multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      timers.push(ms);
      w.driver.timerAt = ms < 0 ? null : w.clock.now() + ms;
      return 0;
    });
    w.multi.addHandle(a);
    w.multi.addHandle(b);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    fail = true;
    w.clock.advance(1);
    w.sched.runDue(); // connects complete
    let rc = CURLM_OK;
    w.multi.poller.onReady = (s, ev) => {
      const r = w.multi.socketAction(s, ev);
      if (r !== CURLM_OK) rc = r;
    };
    w.net.transport.poller.dispatch();
    expect(rc).toBe(CURLM_ABORTED_BY_CALLBACK);
    const timersBefore = timers.length;
    // Dead: addHandle refused while handles remain.
    expect(w.multi.addHandle(easyFor())).toBe(CURLM_ABORTED_BY_CALLBACK);
    // The next call ends every transfer with CURLE_ABORTED_BY_CALLBACK.
    w.multi.perform();
    const results = [w.multi.infoRead(), w.multi.infoRead()].map((m) => m?.result);
    expect(results).toEqual([CURLE_ABORTED_BY_CALLBACK, CURLE_ABORTED_BY_CALLBACK]);
    expect(w.multi.running).toBe(0);
    expect(timers.length).toBe(timersBefore); // no timer callbacks once dead
    // Once every handle is removed the multi takes new ones again.
    fail = false;
    w.multi.removeHandle(a);
    w.multi.removeHandle(b);
    const c = easyFor();
    expect(w.multi.addHandle(c)).toBe(CURLM_OK);
    w.multi.poller.onReady = (s, ev) => w.driver.action(s, ev);
    w.driver.run();
    expect(w.driver.resultOf(c)).toBe(CURLE_OK);
  });

  test("timer callback -1 from addHandle: CURLM_ABORTED_BY_CALLBACK and the handle is not added", () => {
    const w = makeWorld({ noDriver: true });
    w.multi.setopt("timerFunction", () => -1);
    const e = easyFor();
    expect(w.multi.addHandle(e)).toBe(CURLM_ABORTED_BY_CALLBACK);
    expect(w.multi.running).toBe(0);
    expect(handleOf(e).multi).toBe(null); // not added: it belongs to no multi
    expect(w.multi.removeHandle(e)).toBe(CURLM_OK);
    expect(makeWorld({ noDriver: true }).multi.addHandle(e)).toBe(CURLM_OK); // free to go elsewhere
    // a throwing callback counts as -1
    const w2 = makeWorld({ noDriver: true });
    w2.multi.setopt("timerFunction", () => {
      throw new Error("app bug");
    });
    expect(w2.multi.addHandle(easyFor())).toBe(CURLM_ABORTED_BY_CALLBACK);
  });
});

describe("infoRead and timeout", () => {
  test("messages come in completion order; msgsInQueue counts down", () => {
    const w = makeWorld({ noDriver: false });
    const delays = [30, 10, 20];
    httpServer(w.net, "10.0.0.1", 80, (req, p) =>
      p.write(response(200, req.target), delays[Number(req.target.slice(1))]!),
    );
    const hs = delays.map((_, i) => easyFor(`http://10.0.0.1/${i}`));
    for (const h of hs) w.multi.addHandle(h);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    // run without reading messages
    w.multi.poller.onReady = (s, ev) => w.multi.socketAction(s, ev);
    w.driver.until(() => w.multi.running === 0);
    expect(w.multi.msgsInQueue).toBe(3);
    const order = [];
    for (let m = w.multi.infoRead(); m; m = w.multi.infoRead()) {
      order.push(hs.indexOf(m.easy));
      expect(w.multi.msgsInQueue).toBe(3 - order.length);
    }
    expect(order).toEqual([1, 2, 0]);
  });

  test("timeout(): -1 when idle, 0 when due, ms rounded up otherwise", () => {
    const w = makeWorld();
    expect(w.multi.timeout()).toBe(-1);
    const e = easyFor();
    w.multi.addHandle(e);
    expect(w.multi.timeout()).toBe(0);
    multiCore(w.multi).timerQueue.expireDone(handleOf(e).transfer!.slot, 8);
    multiCore(w.multi).timerQueue.expireAt(handleOf(e).transfer!.slot, w.clock.now() + 2.1, 10);
    expect(w.multi.timeout()).toBe(3);
  });
});

describe("close", () => {
  test("closes every connection, attempt and lookup; REMOVE for what was announced; handles detached", () => {
    const w = makeWorld();
    server(w, 50);
    w.net.listen("10.0.0.9", 80, () => {}, { blackhole: true });
    const busy = easyFor();
    const connecting = easyFor("http://10.0.0.9/");
    const idle = easyFor();
    w.multi.addHandle(idle);
    w.driver.run();
    w.multi.addHandle(busy);
    w.multi.addHandle(connecting);
    w.driver.action(CURL_SOCKET_TIMEOUT, 0);
    expect(w.net.transport.open).toBe(2); // the idle connection (reused by busy) + the black-holed one
    const before = w.driver.log.length;
    expect(w.multi.close()).toBe(CURLM_OK);
    expect(w.driver.log.slice(before).filter((l) => l.endsWith("REMOVE")).length).toBe(2);
    expect(w.net.transport.open).toBe(0);
    expect(handleOf(busy).multi).toBe(null);
    expect(w.multi.removeHandle(busy)).toBe(CURLM_BAD_HANDLE);
  });
});
