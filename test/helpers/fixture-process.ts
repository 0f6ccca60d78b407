// A server process a test starts for itself (nginx, tinyproxy, microsocks, danted): run under
// `setpriv --pdeathsig KILL` so it dies with the test process, its temp dir removed with it, killed
// at process exit if the test never stopped it, and stopped by its own pid (SIGTERM, then SIGKILL
// after 3 s). One place for the lifecycle the fixtures share.

import { rmSync } from "node:fs";
import type { Subprocess } from "bun";

const SETPRIV = Bun.which("setpriv");
/** The argv prefix that makes a child die with this process (empty where setpriv is missing). */
export const DIE_WITH_PARENT = SETPRIV === null ? [] : [SETPRIV, "--pdeathsig", "KILL"];

const live = new Set<() => void>();
let exitHook = false;

/**
 * Tracks `proc` (and its `dir`): returns the stop function (safe to call twice; resolves once the
 * process exited and the dir is gone). A process still running at exit is killed, its dir removed.
 */
export function trackFixture(proc: Subprocess, dir: string): () => Promise<void> {
  const kill = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  live.add(kill);
  if (!exitHook) {
    exitHook = true;
    // A test that ends without stop() must not leave a server running or its dir behind.
    process.on("exit", () => {
      for (const k of live) k();
    });
  }
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= (async () => {
      live.delete(kill);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 3000);
      await proc.exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
}
