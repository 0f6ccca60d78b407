// e2e peer: the ceiling of what Bun's sockets allow: CONCURRENCY keep-alive connections made with
// Bun.connect, each writing a fixed GET and counting Content-Length bytes of each reply (minimal parsing:
// header end, then the length), no HTTP library at all.

import { peerArgs, report, sampler } from "./common.ts";

const { url, total, concurrency } = peerArgs();
const u = new URL(url);
const req = new TextEncoder().encode(
  `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: */*\r\n\r\n`,
);
let started = 0;
let ok = 0;
let bytes = 0;
let done!: () => void;
const finished = new Promise<void>((r) => {
  done = r;
});

interface Conn {
  need: number; // body bytes still expected, -1 while in headers
  head: string;
}

function send(s: { write(b: Uint8Array): number; end(): void }): void {
  if (started >= total) {
    s.end();
    return;
  }
  started++;
  s.write(req);
}

const stop = sampler();
const t0 = performance.now();
for (let i = 0; i < concurrency; i++) {
  await Bun.connect<Conn>({
    hostname: u.hostname,
    port: Number(u.port),
    data: { need: -1, head: "" },
    socket: {
      open(s) {
        send(s);
      },
      data(s, chunk) {
        let off = 0;
        while (off < chunk.length) {
          const c = s.data;
          if (c.need < 0) {
            // Headers are short: decode this chunk's piece as latin1.
            const text =
              c.head +
              Buffer.from(chunk.buffer, chunk.byteOffset + off, chunk.length - off).toString(
                "latin1",
              );
            const end = text.indexOf("\r\n\r\n");
            if (end < 0) {
              c.head = text;
              return;
            }
            const m = /content-length:\s*(\d+)/i.exec(text.slice(0, end));
            c.need = m ? Number(m[1]) : 0;
            off += end + 4 - c.head.length;
            c.head = "";
          }
          const take = Math.min(c.need, chunk.length - off);
          c.need -= take;
          bytes += take;
          off += take;
          if (c.need === 0) {
            c.need = -1;
            ok++;
            if (ok === total) done();
            send(s);
          }
        }
      },
    },
  });
}
await finished;
const secs = (performance.now() - t0) / 1000;
report({ ok, failed: 0, bytes, secs, ...stop() });
process.exit(0);
