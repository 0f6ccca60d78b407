// The worker thread's script: the Bun environment as the default (the package entry's import does it),
// then one WorkerRunner per thread, fed by the pool's messages (messages.ts). Built to dist/workers/
// worker.js beside the pool's entry; WorkerPool starts it with `new Worker(url)`.

import "../index.ts";
import type { ToWorker } from "./messages.ts";
import { WorkerRunner } from "./runner.ts";

declare const self: Worker;

let runner: WorkerRunner | undefined;

self.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  switch (m.t) {
    case "start":
      runner = new WorkerRunner(m, {
        post: (msg, transfer) => self.postMessage(msg, transfer),
        exit: () => process.exit(0),
      });
      self.postMessage({ t: "ready" });
      return;
    case "requests":
      runner?.requests(m.job, m.buf);
      return;
    case "cancel":
      runner?.cancel(m.job);
      return;
    case "close":
    case "abort":
      if (runner === undefined) process.exit(0);
      runner.stop(m.t === "abort");
      return;
  }
};
