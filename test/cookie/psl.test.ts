// The public suffix check against libpsl itself (Debian's libpsl.so.5 through bun:ffi, with the list
// libcurl loads: psl_latest), on names whose rules have been in the list for years: what our
// isPublicSuffix and cookieDomainAcceptable answer must be what psl_is_public_suffix and
// psl_is_cookie_domain_acceptable answer. Skipped, with the reason, when libpsl cannot be loaded.

import { dlopen, FFIType, ptr } from "bun:ffi";
import { expect, test } from "bun:test";
import { cookieDomainAcceptable, isPublicSuffix } from "../../src/cookie/psl.ts";

function loadPsl() {
  try {
    return dlopen("libpsl.so.5", {
      psl_latest: { args: [FFIType.ptr], returns: FFIType.ptr },
      psl_is_public_suffix: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
      psl_is_cookie_domain_acceptable: {
        args: [FFIType.ptr, FFIType.ptr, FFIType.ptr],
        returns: FFIType.i32,
      },
    });
  } catch (e) {
    return String((e as Error).message ?? e);
  }
}

const DOMAINS = [
  "com",
  "example.com",
  "www.example.com",
  "co.uk",
  "example.co.uk",
  "a.b.example.co.uk",
  "github.io",
  "foo.github.io",
  "a.foo.github.io",
  "localhost",
  "a.localhost",
  "unknowntld",
  "a.unknowntld",
  "kawasaki.jp",
  "city.kawasaki.jp",
  "x.kawasaki.jp",
  "y.x.kawasaki.jp",
  "ck",
  "www.ck",
  "a.www.ck",
  "blogspot.com",
  "x.blogspot.com",
  "appspot.com",
  "a.appspot.com",
  "org",
  "example.org",
];

const lib = loadPsl();
if (typeof lib === "string") {
  test.skip(`public suffix check vs libpsl (libpsl.so.5 not loadable: ${lib})`, () => {});
} else {
  const psl = lib.symbols.psl_latest(null);
  const c = (s: string) => ptr(Buffer.from(`${s}\0`, "latin1"));
  test("psl_is_public_suffix", () => {
    const ours = DOMAINS.map((d) => `${d} ${isPublicSuffix(d)}`);
    const theirs = DOMAINS.map((d) => `${d} ${lib.symbols.psl_is_public_suffix(psl, c(d)) === 1}`);
    expect(ours).toEqual(theirs);
  });
  test("psl_is_cookie_domain_acceptable, every host with every domain", () => {
    const ours: string[] = [];
    const theirs: string[] = [];
    for (const h of DOMAINS)
      for (const d of DOMAINS) {
        ours.push(`${h} ${d} ${cookieDomainAcceptable(h, d)}`);
        theirs.push(
          `${h} ${d} ${lib.symbols.psl_is_cookie_domain_acceptable(psl, c(h), c(d)) === 1}`,
        );
      }
    expect(ours).toEqual(theirs);
  });
}
