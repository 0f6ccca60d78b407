// The two loopback origins the real-proxy tests reach through their proxies: plain HTTP and HTTPS
// (the "localhost" test certificate), each answering with its scheme and the request's path.

import { TEST_TLS } from "../helpers/loopback.ts";

export interface ProxyOrigins {
  /** Answers "plain <path>". */
  readonly origin: ReturnType<typeof Bun.serve>;
  /** Answers "secure <path>" over TLS. */
  readonly tlsOrigin: ReturnType<typeof Bun.serve>;
  stop(): void;
}

export function startOrigins(): ProxyOrigins {
  const origin = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (r) => new Response(`plain ${new URL(r.url).pathname}`),
  });
  const tlsOrigin = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    tls: TEST_TLS,
    fetch: (r) => new Response(`secure ${new URL(r.url).pathname}`),
  });
  return {
    origin,
    tlsOrigin,
    stop() {
      origin.stop(true);
      tlsOrigin.stop(true);
    },
  };
}
