// The multisock command: a curl-like CLI on the engine (bin "multisock"). main() parses the command
// line, answers -h/-V, runs the transfers and returns curl's exit code; run directly, it exits with it.

import "../index.ts";
import { parseArgs, UsageError } from "./args.ts";
import { helpText, versionText } from "./help.ts";
import { type CliIo, processIo } from "./io.ts";
import { usageError } from "./messages.ts";
import { Runner } from "./run.ts";

/** curl's exit code for a command line it refuses (CURLE_FAILED_INIT). */
export const EXIT_USAGE = 2;

/** Runs the CLI on `argv` (without the program name); resolves with the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    usageError(io.stderr, err.message);
    return EXIT_USAGE;
  }
  if (parsed.global.help) {
    io.stdout.write(helpText());
    return 0;
  }
  if (parsed.global.version) {
    io.stdout.write(versionText());
    return 0;
  }
  if (parsed.ops.length === 0) {
    usageError(io.stderr, "no URL specified!");
    return EXIT_USAGE;
  }
  return new Runner(parsed, io).run();
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
