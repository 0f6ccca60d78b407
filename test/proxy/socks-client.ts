// A tiny SOCKS client for the socket tests: Bun.connect to the proxy plus the SocksHandshake codec,
// as an integrator drives it (send output(), feed what arrives, peerClosed() on EOF). After the
// handshake it can send an HTTP/1.1 request through the tunnel and read the answer to its close.
// Loopback only: the proxy address is always 127.0.0.1.

import type { Socket } from "bun";
import { CURLE_RECV_ERROR } from "../../src/constants/index.ts";
import { SocksHandshake, type SocksRequest } from "../../src/proxy/socks.ts";

export interface SocksClientResult {
  h: SocksHandshake;
  /** Everything received after the handshake (the tunnel's bytes), as latin1 text. */
  tunnel: string;
  /** Every message the codec produced, in order. */
  sent: number[];
  /** How many data events the handshake took (answers written a byte at a time take one each). */
  handshakeChunks: number;
}

export interface SocksClientOptions {
  /** Written into the tunnel once it is up (say an HTTP request). */
  request?: string;
  /** Gives up after this long (default 5000 ms). */
  timeoutMs?: number;
}

/**
 * Runs the handshake against the proxy on 127.0.0.1:proxyPort; resolves when the handshake failed or,
 * after success, when the proxy side closes (or at once without `request`).
 */
export function socksConnect(
  proxyPort: number,
  req: SocksRequest,
  opts: SocksClientOptions = {},
): Promise<SocksClientResult> {
  const h = new SocksHandshake(req);
  const sent: number[] = [];
  let tunnel = "";
  let finished = false;
  let handshakeChunks = 0;
  return new Promise((resolve, reject) => {
    let sock: Socket<undefined> | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sock?.end();
      resolve({ h, tunnel, sent, handshakeChunks });
    };
    const timer = setTimeout(() => {
      finished = true;
      sock?.terminate();
      reject(new Error(`socksConnect: no end in ${opts.timeoutMs ?? 5000} ms (${h.stateName})`));
    }, opts.timeoutMs ?? 5000);
    const pump = (s: Socket<undefined>) => {
      const out = h.output();
      if (out !== null) {
        sent.push(...out);
        s.write(out);
      }
    };
    const addTunnel = (b: Uint8Array) => {
      for (let i = 0; i < b.length; i++) tunnel += String.fromCharCode(b[i]!);
    };
    const up = (s: Socket<undefined>) => {
      if (opts.request === undefined) finish();
      else s.write(opts.request);
    };
    Bun.connect({
      hostname: "127.0.0.1",
      port: proxyPort,
      socket: {
        open(s) {
          sock = s;
          if (h.code !== 0) return finish();
          pump(s);
        },
        data(s, chunk) {
          if (h.done) return addTunnel(chunk);
          handshakeChunks++;
          const n = h.input(chunk, 0, chunk.length);
          pump(s);
          if (h.code !== 0) return finish();
          if (h.done) {
            addTunnel(chunk.subarray(n));
            up(s);
          }
        },
        end() {
          if (!h.done) h.peerClosed();
          finish();
        },
        close() {
          if (!h.done) h.peerClosed();
          finish();
        },
        error() {
          if (!h.done) h.recvFailed(CURLE_RECV_ERROR);
          finish();
        },
      },
    }).catch(reject);
  });
}

/** A minimal HTTP/1.1 GET that asks the origin to close after its answer. */
export function httpGet(host: string, port: number, path = "/"): string {
  const h = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `GET ${path} HTTP/1.1\r\nHost: ${h}:${port}\r\nConnection: close\r\n\r\n`;
}
