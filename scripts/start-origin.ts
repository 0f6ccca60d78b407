// Starts scripts/origin.ts (the local HTTP origin) in a child process and returns its port.

import { join } from "node:path";

export interface Origin {
  port: number;
  stop(): Promise<void>;
}

export async function startOrigin(env: Record<string, string> = {}): Promise<Origin> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, "origin.ts")], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
    env: { ...process.env, ...env },
  });
  const reader = proc.stdout.getReader();
  let text = "";
  const deadline = Date.now() + 10_000;
  while (!/PORT \d+/.test(text)) {
    if (Date.now() > deadline) throw new Error("origin did not start");
    const { value, done } = await reader.read();
    if (done) throw new Error(`origin exited: ${text}`);
    text += new TextDecoder().decode(value);
  }
  reader.releaseLock();
  const port = Number(/PORT (\d+)/.exec(text)![1]);
  return {
    port,
    async stop() {
      proc.stdin.end();
      proc.kill();
      await proc.exited;
    },
  };
}
