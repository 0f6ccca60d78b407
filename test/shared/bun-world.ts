// The shared scenarios' world on real loopback sockets: the default Multi (Bun transport, real clock),
// the ready-made BunDriver, and origins on 127.0.0.1 port 0. Every wait is capped in real time, every
// timer and server is cleaned up by dispose().

import type { Socket } from "bun";
import { BunDriver, Multi } from "../../src/index.ts";
import { type LoopbackServer, type Peer, startTcpServer } from "../helpers/loopback.ts";
import {
  type Done,
  finishAll,
  OriginCore,
  type RawConn,
  type ScriptedConn,
  type World,
} from "./harness.ts";

/** Real-time cap of one wait: under bun test's 5 s per test, so the wait's own error is reported. */
const CAP_MS = 4000;

/** Writes that Bun could not take at once wait for drain; end() waits for the queue to empty. */
class QueuedWriter implements RawConn {
  private queue: Uint8Array[] = [];
  private ending = false;
  constructor(private readonly sock: Socket<Peer>) {}
  write(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.flush();
  }
  end(): void {
    this.ending = true;
    this.flush();
  }
  reset(): void {
    this.queue = [];
    this.sock.terminate();
  }
  flush(): void {
    while (this.queue.length > 0) {
      const c = this.queue[0]!;
      const n = this.sock.write(c);
      if (n < c.length) {
        if (n > 0) this.queue[0] = c.subarray(n);
        return;
      }
      this.queue.shift();
    }
    if (this.ending) this.sock.end();
  }
}

export function bunWorld(): World {
  const multi = new Multi();
  const done: Done[] = [];
  const driver = new BunDriver(multi, {
    onDone(easy, result) {
      done.push({ easy, result });
      multi.removeHandle(easy);
    },
  });
  const servers: LoopbackServer[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const until = async (cond: () => boolean, what: string): Promise<void> => {
    const end = performance.now() + CAP_MS;
    while (!cond()) {
      if (performance.now() > end) throw new Error(`bun: ${what}: not reached within ${CAP_MS} ms`);
      await Bun.sleep(1);
    }
  };

  const world: World = {
    name: "bun",
    multi,
    done,
    serve(responder) {
      const conns = new Map<Peer, { conn: ScriptedConn; writer: QueuedWriter }>();
      let origin: OriginCore | undefined;
      const srv = startTcpServer({
        open(p) {
          const writer = new QueuedWriter(p.sock);
          conns.set(p, { conn: origin!.accept(writer), writer });
        },
        data: (p, b) => conns.get(p)?.conn.feed(b),
        drain: (p) => conns.get(p)?.writer.flush(),
        close: (p) => conns.get(p)?.conn.clientClosed(),
      });
      servers.push(srv);
      origin = new OriginCore(`http://127.0.0.1:${srv.port}`, responder);
      return origin;
    },
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    sleep: (ms) => Bun.sleep(ms),
    until,
    runUntilDone: (handles) => finishAll(until, done, handles),
    run() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const cap = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`bun: BunDriver.run() did not resolve within ${CAP_MS} ms`)),
          CAP_MS,
        );
      });
      return Promise.race([driver.run(), cap]).finally(() => clearTimeout(timer));
    },
    resultOf: (easy) => done.find((d) => d.easy === easy)?.result,
    dispose() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      driver.close();
      multi.close();
      for (const s of servers) s.stop();
    },
  };
  return world;
}
