// Where one transfer's body goes: stdout, a file named by -o, or by -O the URL's last path segment,
// under --output-dir. A file is opened at the first byte (a transfer that fails before any data
// leaves no file), made empty at the end of a successful transfer that wrote nothing, and cut back
// to nothing before a retry (curl truncates it to where the attempt began).

import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { type OutputSpec, REMOTE_NAME } from "./config.ts";
import type { Sink } from "./io.ts";

/** A body destination that can be reset for a retry and closed. */
export interface Output {
  /** Writes the bytes; false when they could not be written (CURLE_WRITE_ERROR). */
  write(data: Uint8Array): boolean;
  /** Before a retry: forget what the failed attempt wrote (a file is truncated). */
  reset(): void;
  /** After the last attempt; ok = the transfer succeeded. */
  close(ok: boolean): void;
  /** The file name, or null for stdout. */
  readonly path: string | null;
}

/** The file name -O takes from a URL: its path's last segment, or undefined when there is none. */
export function remoteName(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.replace(/[?#].*$/, "");
  }
  // As curl: the segment as it stands, not decoded (a decoded %2F would write outside the directory).
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name === "" ? undefined : name;
}

/** The path a spec names for `url` (null for stdout), or undefined when -O finds no name. */
export function outputPath(
  spec: OutputSpec | undefined,
  url: string,
  dir: string | null,
): string | null | undefined {
  if (spec === undefined || spec === "-") return null;
  const name = spec === REMOTE_NAME ? remoteName(url) : spec;
  if (name === undefined) return undefined;
  return dir !== null && !name.startsWith("/") ? join(dir, name) : name;
}

export function stdoutOutput(sink: Sink): Output {
  return {
    path: null,
    write(data) {
      try {
        sink.write(data);
        return true;
      } catch {
        return false;
      }
    },
    reset() {},
    close() {},
  };
}

export function fileOutput(path: string, createDirs: boolean): Output {
  let fd = -1;
  let failed = false;
  /** Where the next write goes: explicit, so a truncation before a retry starts the file over. */
  let pos = 0;
  const open = () => {
    if (createDirs) mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, "w");
  };
  return {
    path,
    write(data) {
      if (failed) return false;
      try {
        if (fd < 0) open();
        let off = 0;
        while (off < data.length) {
          const n = writeSync(fd, data, off, data.length - off, pos);
          off += n;
          pos += n;
        }
        return true;
      } catch {
        failed = true;
        return false;
      }
    },
    reset() {
      // A retry starts the file again; /dev/null and pipes cannot be truncated (and need not be).
      if (fd >= 0) {
        try {
          ftruncateSync(fd, 0);
        } catch {
          if (fstatSync(fd).isFile()) failed = true;
        }
      }
      pos = 0;
    },
    close(ok) {
      try {
        if (fd < 0 && ok && !failed) open();
        if (fd >= 0) closeSync(fd);
      } catch {
        // nothing to report past the transfer's own result
      }
      fd = -1;
    },
  };
}
