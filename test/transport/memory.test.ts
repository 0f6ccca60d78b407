// The transport contract suite on the in-memory network, in virtual time (no sockets, no sleeps).

import { ManualClock, Scheduler } from "../../src/transport/memory/clock.ts";
import { MemoryNetwork, type PeerSocket } from "../../src/transport/memory/network.ts";
import { type Harness, type TestPeer, transportSuite } from "./suite.ts";

function memoryHarness(): Harness {
  const clock = new ManualClock(1000);
  const sched = new Scheduler(clock);
  const net = new MemoryNetwork(clock, sched);
  const t = net.transport;
  let nextPort = 8000;
  const wrap = (p: PeerSocket): TestPeer => ({
    write: (d) => p.write(d),
    end: () => p.end(),
    reset: () => p.reset(),
    text: () => p.receivedText(),
  });
  /** One loop round as a driver would run it: readiness, then due network events. */
  const round = () => t.poller.dispatch() + sched.runDue();
  return {
    transport: t,
    listen(script) {
      const port = nextPort++;
      net.listen("127.0.0.1", port, (peer) => {
        const tp = wrap(peer);
        peer.onData = () => script.data?.(tp);
        script.open?.(tp);
      });
      return { host: "127.0.0.1", port, tls: false };
    },
    refused: () => ({ host: "127.0.0.1", port: 1, tls: false }),
    queuedBytes(s) {
      const c = t.socket(s);
      if (c === undefined) return 0;
      let n = -c.offset;
      for (let i = c.head; i < c.chunks.length; i++) n += c.chunks[i]!.length;
      return c.head < c.chunks.length ? n : 0;
    },
    async until(cond, what) {
      for (let i = 0; i < 10_000; i++) {
        if (cond()) return;
        if (round() > 0) continue;
        const next = sched.next();
        if (next === Number.POSITIVE_INFINITY) throw new Error(`stuck waiting for ${what}`);
        clock.advanceTo(next);
      }
      throw new Error(`too many rounds waiting for ${what}`);
    },
    async settle() {
      for (let i = 0; i < 3; i++) round();
    },
    dispose() {},
  };
}

transportSuite("memory", memoryHarness);
