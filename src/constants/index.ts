// The libcurl constants in one import: result codes, their messages and names, and the
// socket, pause, callback and HTTP option values.

export * from "./curle.ts";
export * from "./curlm.ts";
export * from "./curlproxy.ts";
export * from "./curlpx.ts";
export * from "./curlshe.ts";
export * from "./misc.ts";
export * from "./strerror.ts";
