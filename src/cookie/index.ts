// The cookie engine (libcurl's lib/cookie.c): parsing, matching, the jar and its file format.

export type { Cookie } from "./cookie.ts";
export { type CookieFiles, cookieFiles, setCookieFiles } from "./files.ts";
export { cookieHeaderValue } from "./header.ts";
export * from "./limits.ts";
export { loadCookieText } from "./load.ts";
export { JAR_HEADER, jarText, netscapeLine } from "./netscape.ts";
export { type AddContext, CookieStore, type SetCookieCount } from "./store.ts";
export { CookieUse } from "./use.ts";
