// What the regression tests of issue 11 share: a raw loopback HTTP server that answers each request
// with scripted bytes, and one transfer run the way a user runs it (Multi + BunDriver, public API).

import { BunDriver, type CURLcode, CURLE_OK, Easy, Multi } from "../../src/index.ts";
import { type LoopbackServer, type Peer, startTcpServer } from "../helpers/loopback.ts";

/** What the server answers to request number i (0-based over the server's life) with text req. */
export type Answer = (i: number, req: string, peer: Peer) => string | Uint8Array | undefined;

/** Per peer: bytes received and not yet taken as a request. */
const inbox = new WeakMap<Peer, string>();

/** Where one request ends in buf (head + Content-Length body or chunked body), or -1. */
function requestEnd(buf: string): number {
  const h = buf.indexOf("\r\n\r\n");
  if (h < 0) return -1;
  const head = buf.slice(0, h).toLowerCase();
  if (/\r\nexpect: *100-continue/.test(head)) return h + 4; // the body waits for our answer
  const cl = /\r\ncontent-length: *(\d+)/.exec(head);
  if (cl) {
    const end = h + 4 + Number(cl[1]);
    return buf.length >= end ? end : -1;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    const z = buf.indexOf("\r\n0\r\n\r\n", h);
    const z0 = buf.startsWith("0\r\n\r\n", h + 4) ? h + 4 : -1;
    if (z0 >= 0) return z0 + 5;
    return z < 0 ? -1 : z + 7;
  }
  return h + 4;
}

/**
 * A raw HTTP/1.1 server on 127.0.0.1:0: every complete request goes to `answer`, whose bytes are
 * written back (undefined: nothing). `close` ends the connection after each answer.
 */
export function scriptedServer(
  answer: Answer,
  opts: { close?: boolean } = {},
): LoopbackServer & {
  requests: string[];
} {
  const requests: string[] = [];
  const srv = startTcpServer({
    data(peer, bytes) {
      let buf = (inbox.get(peer) ?? "") + Buffer.from(bytes).toString("latin1");
      for (;;) {
        const end = requestEnd(buf);
        if (end < 0) break;
        const req = buf.slice(0, end);
        buf = buf.slice(end);
        requests.push(req);
        const out = answer(requests.length - 1, req, peer);
        if (out !== undefined)
          peer.sock.write(typeof out === "string" ? Buffer.from(out, "latin1") : out);
        if (opts.close) peer.sock.end();
      }
      inbox.set(peer, buf);
    },
  });
  return Object.assign(srv, { requests });
}

/** The outcome of one transfer. */
export interface Outcome {
  result: CURLcode;
  error: string;
  code: number;
  body: Uint8Array;
  headers: string[];
  redirects: number;
  easy: Easy;
}

/** Runs an Easy the caller set up on a Multi + BunDriver of its own and gives its CURLcode. */
export async function runEasy(easy: Easy): Promise<CURLcode> {
  const multi = new Multi();
  let result: CURLcode = -1;
  const driver = new BunDriver(multi, {
    onDone(_e, rc) {
      result = rc;
    },
  });
  multi.addHandle(easy);
  await driver.run();
  multi.removeHandle(easy);
  driver.close();
  multi.close();
  return result;
}

/** Runs one transfer on its own Multi + BunDriver, options set as a user sets them. */
export async function perform(url: string, opts: Record<string, unknown> = {}): Promise<Outcome> {
  const chunks: Uint8Array[] = [];
  const headers: string[] = [];
  const easy = new Easy();
  expect0(easy.setopt("url", url));
  expect0(
    easy.setopt("writeFunction", (d: Uint8Array) => {
      chunks.push(d.slice());
      return d.length;
    }),
  );
  expect0(
    easy.setopt("headerFunction", (d: Uint8Array) => {
      headers.push(Buffer.from(d).toString("latin1"));
      return d.length;
    }),
  );
  for (const [k, v] of Object.entries(opts)) expect0(easy.setopt(k, v), k);
  const result = await runEasy(easy);
  return {
    result,
    error: String(easy.getinfo("errorBuffer") ?? ""),
    code: easy.getinfo("responseCode") as number,
    body: Buffer.concat(chunks),
    headers,
    redirects: easy.getinfo("redirectCount") as number,
    easy,
  };
}

function expect0(rc: number, what = "setopt"): void {
  if (rc !== CURLE_OK) throw new Error(`${what} returned ${rc}`);
}
