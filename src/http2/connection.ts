// Makes an HTTP/2 client session with its receive side wired in: the frame parser's events go to
// an Inbound that applies them to the session (session.ts holds the state and the send side).

import { FrameParser } from "./frame-parser.ts";
import { Inbound } from "./inbound.ts";
import { H2Session, type SessionOptions } from "./session.ts";

/** A new session (its preface, SETTINGS and window update already in `out`). */
export function newSession(opts: SessionOptions, onOutput: () => void): H2Session {
  const s = new H2Session(opts, onOutput);
  s.parser = new FrameParser(new Inbound(s));
  return s;
}
