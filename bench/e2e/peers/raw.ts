// e2e peer: the ceiling of what Bun's sockets allow: CONCURRENCY keep-alive connections made with
// Bun.connect, each writing a fixed GET and reading the reply with the least possible work: the header
// bytes go through a small state machine (status code, Content-Length, blank line; no strings, no copy,
// any split across chunks), the body is only counted.

import type { Socket } from "bun";
import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
const u = new URL(url);
const req = new TextEncoder().encode(
  `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nAccept: */*\r\n\r\n`,
);
const meter = new Meter(args);
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
let finish!: () => void;
const finished = new Promise<void>((r) => {
  finish = r;
});

/** "content-length:" in lower case, to compare header names case-insensitively (| 0x20). */
const CL = new TextEncoder().encode("content-length:");

interface Conn {
  /** Body bytes still expected; -1 while reading the header. */
  need: number;
  /** A request was written and its reply is not complete yet. */
  busy: boolean;
  /** Status of the reply being read. */
  status: number;
  /** Header parser: line number, column (CR not counted), bytes of "content-length:" matched at the
   * start of this line (-1: not that header), the length read so far. */
  line: number;
  col: number;
  match: number;
  len: number;
}

/** Feeds header bytes from chunk[off..); returns where the body starts, or chunk.length if not yet. */
function head(c: Conn, chunk: Uint8Array, off: number): number {
  const n = chunk.length;
  while (off < n) {
    const b = chunk[off++]!;
    if (b === 13) continue;
    if (b === 10) {
      if (c.col === 0 && c.line > 0) {
        // The blank line: the header is over.
        c.need = c.len;
        c.line = 0;
        c.len = 0;
        return off;
      }
      c.line++;
      c.col = 0;
      c.match = 0;
      continue;
    }
    const col = c.col++;
    if (c.line === 0) {
      // "HTTP/1.1 200 ...": the status code is columns 9-11.
      if (col >= 9 && col <= 11) c.status = c.status * 10 + (b - 48);
    } else if (c.match >= 0) {
      if (c.match < CL.length) c.match = (b | 0x20) === CL[c.match] ? c.match + 1 : -1;
      else if (b >= 48 && b <= 57) c.len = c.len * 10 + (b - 48);
    }
  }
  return off;
}

function done(c: Conn): void {
  c.busy = false;
  c.need = -1;
  const status = c.status;
  c.status = 0;
  if (status === 200) ok++;
  else failed++;
  meter.completed(ok + failed, ok, bytes);
  if (ok + failed === total) finish();
}

function send(s: Socket<Conn>): void {
  if (started >= total) {
    s.end();
    return;
  }
  started++;
  s.data.busy = true;
  s.write(req);
}

function data(s: Socket<Conn>, chunk: Uint8Array): void {
  const c = s.data;
  const n = chunk.length;
  let off = 0;
  while (off < n) {
    if (c.need < 0) {
      off = head(c, chunk, off);
      if (c.need < 0) return;
    }
    const take = Math.min(c.need, n - off);
    c.need -= take;
    bytes += take;
    off += take;
    if (c.need === 0) {
      done(c);
      send(s);
    }
  }
}

function connect(): Promise<unknown> {
  return Bun.connect<Conn>({
    hostname: u.hostname,
    port: Number(u.port),
    data: { need: -1, busy: false, status: 0, line: 0, col: 0, match: 0, len: 0 },
    socket: {
      open: send,
      data,
      close(s) {
        // The server closed mid-reply (or refused): count it and keep the slot going.
        if (!s.data.busy) return;
        s.data.busy = false;
        failed++;
        meter.completed(ok + failed, ok, bytes);
        if (ok + failed === total) finish();
        else if (started < total) void connect().catch(onConnectError);
      },
    },
  });
}

function onConnectError(): void {
  started++;
  failed++;
  meter.completed(ok + failed, ok, bytes);
  if (ok + failed === total) finish();
}

meter.begin();
await Promise.all(
  Array.from({ length: Math.min(concurrency, total) }, () => connect().catch(onConnectError)),
);
await finished;
report(meter.end(ok, failed, bytes));
process.exit(0);
