// The shared scenarios' world in virtual time: the in-memory network with scripted peers, a manual
// clock, and the VirtualDriver stepping them (invariants checked after every action). Bounded by steps
// and by virtual time, so a lost transfer ends as "stuck" instead of looping.

import { CURL_SOCKET_TIMEOUT } from "../../src/index.ts";
import { makeWorld } from "../helpers/virtual.ts";
import { type Done, finishAll, OriginCore, type World } from "./harness.ts";

const MAX_STEPS = 2_000_000;
/** Virtual time one wait may span: far past libcurl's 300 s connect timeout default. */
const MAX_VIRTUAL_MS = 1_000_000;

export function memoryWorld(): World {
  const w = makeWorld();
  const done: Done[] = [];
  let reported = 0;
  let nextPort = 8000;

  /** Hands new messages to the application: record, then remove the handle (as onDone would). */
  const report = () => {
    const msgs = w.driver.done;
    while (reported < msgs.length) {
      const m = msgs[reported++]!;
      done.push({ easy: m.easy, result: m.result });
      w.multi.removeHandle(m.easy);
    }
  };

  const until = async (cond: () => boolean, what: string): Promise<void> => {
    const deadline = w.clock.now() + MAX_VIRTUAL_MS;
    for (let i = 0; i < MAX_STEPS; i++) {
      report();
      if (cond()) return;
      if (w.clock.now() > deadline)
        throw new Error(`memory: ${what}: not reached within ${MAX_VIRTUAL_MS} virtual ms`);
      if (!w.driver.step()) {
        report();
        if (cond()) return;
        throw new Error(`memory: ${what}: stuck (nothing can happen any more)`);
      }
    }
    throw new Error(`memory: ${what}: not reached within ${MAX_STEPS} steps`);
  };

  const world: World = {
    name: "memory",
    multi: w.multi,
    done,
    serve(responder) {
      const port = nextPort++;
      const origin = new OriginCore(`http://127.0.0.1:${port}`, responder);
      w.net.listen("127.0.0.1", port, (peer) => {
        const conn = origin.accept({
          write: (b) => peer.write(b),
          end: () => peer.end(),
          reset: () => peer.reset(),
        });
        peer.onData = (b) => conn.feed(b);
        peer.onClose = () => conn.clientClosed();
      });
      return origin;
    },
    later(ms, fn) {
      w.sched.after(ms, fn);
    },
    async sleep(ms) {
      const at = w.clock.now() + ms;
      w.sched.at(at, () => {});
      await until(() => w.clock.now() >= at, `sleep(${ms})`);
    },
    until,
    async runUntilDone(handles) {
      await finishAll(until, done, handles);
    },
    async run() {
      // VirtualDriver.run() would not hand messages over as they come; the same loop with report().
      w.driver.action(CURL_SOCKET_TIMEOUT, 0);
      await until(() => w.multi.running === 0, "run()");
    },
    resultOf: (easy) => done.find((d) => d.easy === easy)?.result,
    dispose() {
      w.multi.close();
    },
  };
  return world;
}
