// -v: the engine's trace on stderr in curl's shape. Informational text gets "* " (state changes are
// left out), the request head (which the engine traces as one text starting with "> ") gets "> " on
// every line and a closing "> ", and each response header line, fed from the header callback, "< ".

import type { Sink } from "./io.ts";

/** A CURLOPT_DEBUGFUNCTION writing curl's -v lines to `err`. */
export function debugTo(err: Sink): (easy: unknown, type: number, text: string) => number {
  return (_easy, _type, text) => {
    const body = text.replace(/\r?\n$/, "");
    // The engine traces its state changes as a debug build of libcurl does; curl's -v has none.
    if (body.startsWith("STATE: ")) return 0;
    if (body.startsWith("> ")) {
      const lines = body.slice(2).split(/\r?\n/);
      err.write(`${lines.map((l) => `> ${l}`).join("\n")}\n> \n`);
    } else err.write(`* ${body}\n`);
    return 0;
  };
}

const latin1 = new TextDecoder("latin1");

/** One received header line (with its CRLF) as curl's "< " line. */
export function traceHeaderIn(err: Sink, line: Uint8Array): void {
  err.write(`< ${latin1.decode(line).replace(/\r?\n$/, "")}\n`);
}
