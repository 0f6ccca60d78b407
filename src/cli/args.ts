// The command-line parser (curl's tool_getparam.c in small): long flags by full name or an unambiguous
// prefix, `--no-` for switches, short letters grouped (`-sSL`, `-ofile`, `-so file`), every other
// word a URL, and `-:`/`--next` to start a new group of options. A refusal is curl's sentence for
// it; main() prints it with the "try --help" line and exits 2 (CURLE_FAILED_INIT), as curl.

import { type Global, newGlobal, newOperation, type Operation } from "./config.ts";
import { BY_LONG, BY_SHORT, FLAGS, type Flag, type FlagContext } from "./flags.ts";

export interface Parsed {
  global: Global;
  /** One per --next group that has URLs (curl drops a trailing group without any). */
  ops: Operation[];
}

/** A flag curl would refuse: `message` is the text after "curl: ". */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The flag a long name means: exact, else the one flag it is a prefix of. */
function findLong(name: string, typed: string): Flag {
  const exact = BY_LONG.get(name);
  if (exact !== undefined) return exact;
  const hits = FLAGS.filter((f) => f.long.startsWith(name));
  if (hits.length === 1) return hits[0]!;
  throw new UsageError(`option ${typed}: ${hits.length === 0 ? "is unknown" : "is ambiguous"}`);
}

function applyFlag(c: FlagContext, f: Flag, typed: string, value: string): void {
  const why = f.apply(c, value);
  if (why !== undefined) throw new UsageError(`option ${typed}: ${why}`);
}

/** Parses argv (without the program name); throws UsageError for what curl refuses. */
export function parseArgs(argv: readonly string[]): Parsed {
  const global = newGlobal();
  const c: FlagContext = { op: newOperation(), global, next: false };
  const ops: Operation[] = [c.op];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word.startsWith("--") && word.length > 2) {
      let name = word.slice(2);
      let f: Flag;
      let value = "";
      if (name.startsWith("no-") && !BY_LONG.has(name)) {
        name = name.slice(3);
        f = findLong(name, word);
        if (f.bool !== true)
          throw new UsageError(`option ${word}: used '--no-' for option that isn't a boolean`);
        value = "no";
      } else f = findLong(name, word);
      if (f.arg) {
        if (i + 1 >= argv.length) throw new UsageError(`option ${word}: requires parameter`);
        value = argv[++i]!;
      }
      applyFlag(c, f, word, value);
    } else if (word.startsWith("-") && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const f = BY_SHORT.get(word[j]!);
        if (f === undefined) throw new UsageError(`option ${word}: is unknown`);
        if (!f.arg) {
          applyFlag(c, f, word, "");
          continue;
        }
        let value = word.slice(j + 1);
        if (value === "") {
          if (i + 1 >= argv.length) throw new UsageError(`option ${word}: requires parameter`);
          value = argv[++i]!;
        }
        applyFlag(c, f, word, value);
        break;
      }
    } else c.op.urls.push(word);
    if (c.next) {
      c.next = false;
      c.op = newOperation();
      ops.push(c.op);
    }
  }
  return { global, ops: ops.filter((op) => op.urls.length > 0) };
}
