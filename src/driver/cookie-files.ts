// The Bun side of the cookie engine's CookieFiles port: CURLOPT_COOKIEFILE read and CURLOPT_COOKIEJAR
// written with node:fs ("-" is standard input or output), and the wall clock in seconds.

import {
  closeSync,
  fstatSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { CURLE_OK, CURLE_WRITE_ERROR } from "../constants/index.ts";
import type { CookieFiles } from "../cookie/files.ts";

let tmpSeq = 0;

/**
 * Reads a cookie file as bytes (latin1, one char per byte as libcurl reads it); null when it cannot be
 * opened or is a directory (libcurl warns and goes on).
 */
function read(name: string): string | null {
  try {
    if (name === "-") return readFileSync(0, "latin1");
    const fd = openSync(name, "r");
    try {
      if (fstatSync(fd).isDirectory()) return null;
      return readFileSync(fd, "latin1");
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** Writes the jar as libcurl's Curl_fopen does: to a temporary file beside it, then renamed over it. */
function write(name: string, text: string): number {
  const bytes = Buffer.from(text, "latin1");
  if (name === "-") {
    writeSync(1, bytes);
    return CURLE_OK;
  }
  const tmp = join(dirname(name), `.${process.pid}.${++tmpSeq}.cookiejar.tmp`);
  try {
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, name);
    return CURLE_OK;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {}
    return CURLE_WRITE_ERROR;
  }
}

/** The CookieFiles the package entry registers. */
export const bunCookieFiles: CookieFiles = {
  read,
  write,
  now: () => Math.floor(Date.now() / 1000),
};
