// The CLI's words on stderr, in curl's forms with this program's name in front: "multisock: (7)
// Failed to connect ...", "Warning: ...", the usage-error pair. Comparisons with curl ignore the name.

import { easyStrerror } from "../constants/strerror.ts";
import type { Sink } from "./io.ts";

export const PROGRAM = "multisock";

/** "multisock: (code) text", the line curl prints for a failed transfer. */
export function transferError(code: number, detail: string): string {
  return `${PROGRAM}: (${code}) ${detail !== "" ? detail : easyStrerror(code)}\n`;
}

/** A refused command line: curl's message and its pointer to --help. */
export function usageError(err: Sink, message: string): void {
  err.write(`${PROGRAM}: ${message}\n`);
  err.write(`${PROGRAM}: try '${PROGRAM} --help' for more information\n`);
}

/** curl's warnf: "Warning: " and the text. */
export function warning(text: string): string {
  return `Warning: ${text}\n`;
}
