// Where the CLI writes: stdout for bodies, -i headers and -w; stderr for messages, -v traces and the
// progress meter. Writes are synchronous so a write callback's view can be handed on without a copy
// (the engine reuses the buffer after the call returns).

import { writeSync } from "node:fs";

/** One output stream: takes bytes or text, synchronously. */
export interface Sink {
  write(chunk: Uint8Array | string): void;
}

/** The streams main() writes to; isTTY tells whether stderr is a terminal (the progress meter's target). */
export interface CliIo {
  stdout: Sink;
  stderr: Sink;
  isTTY?: boolean;
}

/** A Sink on a file descriptor; a pipe that is full (EAGAIN) is retried until it takes the bytes. */
export function fdSink(fd: number): Sink {
  return {
    write(chunk) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      let off = 0;
      while (off < bytes.length) {
        try {
          off += writeSync(fd, bytes, off, bytes.length - off);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        }
      }
    },
  };
}

/** The process's own streams. */
export function processIo(): CliIo {
  return { stdout: fdSink(1), stderr: fdSink(2), isTTY: process.stderr.isTTY === true };
}
