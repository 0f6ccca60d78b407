// Name resolution (DESIGN.md section 5, dns/): the resolver interface, the per-multi DNS cache, the
// CURLOPT_RESOLVE / CURLOPT_CONNECT_TO parsers, and the two resolvers (Bun.dns and a static table).

export { BunResolver, type LookupFn } from "./bun.ts";
export { DnsCache, MAX_DNS_CACHE_SIZE } from "./cache.ts";
export {
  applyConnectTo,
  type ConnectToEntry,
  connectToError,
  connectToMatches,
  isIpLiteral,
  isLocalhostName,
  parseConnectTo,
  parseResolveEntry,
  type ResolveEntry,
  resolveEntryFails,
} from "./overrides.ts";
export { DnsQuery, type Resolver } from "./resolver.ts";
export { StaticResolver } from "./static.ts";
