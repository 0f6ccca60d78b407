// The cookie engine against libcurl: each case's Set-Cookie sequence goes through Debian's libcurl
// and through multisock, and the Cookie headers sent, CURLINFO_COOKIELIST and the jar files must
// agree line by line. ORACLE_COOKIE_CASES sets how many seeded hostile sequences run (CI: 40).
// Skipped, with the reason, only when libcurl.so.4 cannot be loaded.

import { expect, describe as group, test } from "bun:test";
import { libcurlLoadError } from "./compare.ts";
import { handCookieCases, seededCookieCase } from "./cookie-cases.ts";
import { runCookieCase } from "./cookie-compare.ts";

const SEED = Number(process.env.ORACLE_SEED ?? 1);
const SEEDED = Number(process.env.ORACLE_COOKIE_CASES ?? 40);
const loadError = libcurlLoadError();

if (loadError !== undefined) {
  console.warn(`cookie oracle: skipped, libcurl.so.4 cannot be loaded (${loadError})`);
  test.skip(`cookie oracle (libcurl.so.4 not loadable: ${loadError})`, () => {});
} else {
  const cases = [
    ...handCookieCases(),
    ...Array.from({ length: SEEDED }, (_, i) => seededCookieCase(SEED, i)),
  ];
  group("cookie oracle: the jar and the Cookie headers agree with libcurl", () => {
    test.each(cases.map((c) => [c.name, c] as const))(
      "%s",
      async (_name, c) => {
        const { curl, ms } = await runCookieCase(c);
        expect(ms).toEqual(curl);
      },
      20_000,
    );
  });
}
