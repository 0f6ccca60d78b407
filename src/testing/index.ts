// multisock/testing: what an application needs to test its use of multisock in virtual time, on the
// real engine: a manual clock, the in-memory network with scripted peers, a static resolver, a driver
// that plays the event loop, and a scripted HTTP/1.1 server. docs/testing.md is the guide.

export { StaticResolver } from "../dns/static.ts";
export { ManualClock, Scheduler } from "../transport/memory/clock.ts";
export {
  type ListenOptions,
  MemoryNetwork,
  MemoryTransport,
  PeerSocket,
} from "../transport/memory/network.ts";
export { httpServer, response, type SeenRequest } from "./http-peer.ts";
export {
  makeWorld,
  POLL_NAMES,
  VirtualDriver,
  type World,
  type WorldOptions,
} from "./virtual-driver.ts";
