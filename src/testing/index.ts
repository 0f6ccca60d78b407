// multisock/testing: the in-memory network, manual clock and static resolver, so applications can test
// their own drivers and callbacks against the real engine in virtual time.

export { StaticResolver } from "../dns/static.ts";
export { ManualClock, Scheduler } from "../transport/memory/clock.ts";
export { MemoryNetwork, MemoryTransport, PeerSocket } from "../transport/memory/network.ts";
