// Test kit for the engine in virtual time. The world, the driver and the scripted HTTP/1.1 server are
// the package's own `multisock/testing` (src/testing/), re-exported here so the tests use exactly what
// users get; only test-specific helpers live in this file.

export {
  httpServer,
  makeWorld,
  POLL_NAMES,
  response,
  type SeenRequest,
  VirtualDriver,
  type World,
} from "../../src/testing/index.ts";

/** FNV-1a over bytes, to check bodies cheaply. */
export function fnv1a(data: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193) >>> 0;
  return h;
}
