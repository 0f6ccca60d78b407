// The cookie engine's way out to files and the wall clock: CURLOPT_COOKIEFILE is read and
// CURLOPT_COOKIEJAR written through this port, and cookie expiry is in seconds since the epoch (the
// multi's clock is monotonic). The package entry registers the Bun one (src/driver/cookie-files.ts);
// without it no file can be read or written and the time is 0.

import { type CURLcode, CURLE_WRITE_ERROR } from "../constants/index.ts";

/** File access and time for the cookie engine. */
export interface CookieFiles {
  /** A cookie file's text ("-" is standard input), or null when it cannot be read (no error). */
  read(name: string): string | null;
  /** Writes a jar ("-" is standard output): CURLE_OK or CURLE_WRITE_ERROR. */
  write(name: string, text: string): CURLcode;
  /** Seconds since the epoch (libcurl's time(NULL)). */
  now(): number;
}

const NONE: CookieFiles = {
  read: () => null,
  write: () => CURLE_WRITE_ERROR,
  now: () => 0,
};

let files: CookieFiles = NONE;

/** Sets the file access the cookie engine uses (the package entry sets the Bun one). */
export function setCookieFiles(f: CookieFiles): void {
  files = f;
}

/** The file access in use. */
export function cookieFiles(): CookieFiles {
  return files;
}
