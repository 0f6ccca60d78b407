// A keep-alive HTTP/1.1 server on raw loopback TCP (Bun.listen) whose request path chooses a fault, for
// the soak run. Runs in its own process: prints "PORTS <a> <b>" (two listeners = two hosts for the
// per-host limit), answers "stats" on stdin with one "STATS <json>" line, exits when stdin closes.
// Bodies are the pattern byte i = i % 251. Paths (n = body length):
//   /ok/<n>[/<then>]   200, Content-Length n, keep-alive claimed. <then> after the reply:
//                        closeafter  FIN at once       killnext     FIN when the next request arrives
//                        halfafter   shutdown(write)   killnextrst  RST when the next request arrives
//   /chunked/<n>       the same bytes chunked (pieces of 1000)
//   /drip/<n>          head + body in 6 pieces, 15 ms apart (completes well under any timeout)
//   /reset/head/<n>    head only, then RST          /reset/body/<n>  head + n/2 bytes, then RST
//   /reset/none        RST before any byte          /close/none      FIN before any byte
//   /truncate/<n>      Content-Length n, n/2 bytes, then FIN
//   /truncchunk/<n>    chunked, n/2 bytes and no last chunk, then FIN
//   /halfclose/<n>     Content-Length n, n/2 bytes, then shutdown(write) (reads stay open)
//   /eof/<n>           no Content-Length: the body ends with the connection (FIN)
//   /connclose/<n>     Content-Length n and "Connection: close", then FIN
//   /info100/<n>       an unasked "100 Continue" first, then the 200
//   /stall             never answers                /stall/head/<n>  head + n/2 bytes, then nothing
//   POST /post         200 with the request body's length in pattern bytes, 400 if the body was not
//                      the pattern (request bodies are read by their Content-Length)
// Before an RST the server waits until the bytes are written and RST_DELAY_MS more, so the client has
// read them (Linux drops unread received data on RST).

import type { Socket } from "bun";

const RST_DELAY_MS = 30;
const pattern = new Uint8Array(1 << 20);
for (let i = 0; i < pattern.length; i++) pattern[i] = i % 251;
const enc = new TextEncoder();

type Step = Uint8Array | (() => void);

interface Conn {
  sock: Socket<Conn>;
  /** Request bytes not yet parsed (latin1). */
  buf: string;
  /** Bytes and actions waiting for the socket to drain, in order. */
  out: Step[];
  /** What to do when the next request arrives: 0 answer, 1 FIN, 2 RST. */
  killNext: number;
  /** No more requests are served (a fault is in progress or happened). */
  done: boolean;
  closed: boolean;
  /** Requests answered on this connection so far. */
  served: number;
}

const stats: Record<string, number> = { accepted: 0, reused: 0, killedAtReuse: 0, requests: 0 };
function count(k: string): void {
  stats[k] = (stats[k] ?? 0) + 1;
}

function flush(c: Conn): void {
  while (c.out.length > 0 && !c.closed) {
    const step = c.out[0]!;
    if (typeof step === "function") {
      c.out.shift();
      step();
      continue;
    }
    const n = c.sock.write(step);
    if (n < 0) return;
    if (n < step.length) {
      c.out[0] = step.subarray(n);
      return; // the rest on drain
    }
    c.out.shift();
  }
}

function send(c: Conn, ...steps: Step[]): void {
  c.out.push(...steps);
  flush(c);
}

function head(n: number, extra = ""): Uint8Array {
  return enc.encode(
    `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\nConnection: keep-alive\r\nContent-Type: application/octet-stream\r\n${extra}\r\n`,
  );
}
function chunkedHead(): Uint8Array {
  return enc.encode(
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: keep-alive\r\n\r\n",
  );
}
function body(from: number, to: number): Uint8Array {
  if (to <= pattern.length) return pattern.subarray(from, to);
  const out = new Uint8Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = i % 251;
  return out;
}
function chunks(n: number, limit: number): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < limit; i += 1000) {
    const end = Math.min(i + 1000, limit);
    steps.push(enc.encode(`${(end - i).toString(16)}\r\n`), body(i, end), enc.encode("\r\n"));
  }
  if (limit >= n) steps.push(enc.encode("0\r\n\r\n"));
  return steps;
}

const fin = (c: Conn) => () => {
  c.done = true;
  c.sock.end();
};
const rst = (c: Conn) => () => {
  c.done = true;
  setTimeout(() => {
    if (!c.closed) c.sock.terminate();
  }, RST_DELAY_MS);
};
const halfClose = (c: Conn) => () => {
  c.done = true;
  c.sock.shutdown();
};

function serve(c: Conn, path: string): void {
  const [, kind = "", a = "", b = ""] = path.split("/");
  count(
    kind === "ok" && a !== "" && b !== ""
      ? `ok/${b}`
      : kind === "reset" || kind === "stall" || kind === "close"
        ? `${kind}/${a}`
        : kind,
  );
  switch (kind) {
    case "ok": {
      const n = Number(a);
      send(c, head(n), body(0, n));
      if (b === "closeafter") send(c, fin(c));
      else if (b === "halfafter") send(c, halfClose(c));
      else if (b === "killnext") c.killNext = 1;
      else if (b === "killnextrst") c.killNext = 2;
      return;
    }
    case "eof": {
      const n = Number(a);
      send(c, enc.encode("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"), body(0, n), fin(c));
      return;
    }
    case "connclose": {
      const n = Number(a);
      const h = `HTTP/1.1 200 OK\r\nContent-Length: ${n}\r\nConnection: close\r\n\r\n`;
      send(c, enc.encode(h), body(0, n), fin(c));
      return;
    }
    case "info100": {
      const n = Number(a);
      send(c, enc.encode("HTTP/1.1 100 Continue\r\n\r\n"), head(n), body(0, n));
      return;
    }
    case "chunked": {
      const n = Number(a);
      send(c, chunkedHead(), ...chunks(n, n));
      return;
    }
    case "drip": {
      const n = Number(a);
      const whole = new Uint8Array([...head(n), ...body(0, n)]);
      c.done = true; // no next request until the drip is over
      const pieces = 6;
      let i = 0;
      const next = () => {
        if (c.closed) return;
        const from = Math.floor((whole.length * i) / pieces);
        const to = Math.floor((whole.length * (i + 1)) / pieces);
        send(c, whole.subarray(from, to));
        i++;
        if (i < pieces) setTimeout(next, 15);
        else {
          c.done = false;
          parse(c);
        }
      };
      next();
      return;
    }
    case "reset": {
      const n = Number(b || 0);
      if (a === "head") send(c, head(n), rst(c));
      else if (a === "body") send(c, head(n), body(0, n >> 1), rst(c));
      else {
        c.done = true;
        c.sock.terminate();
      }
      return;
    }
    case "close":
      send(c, fin(c));
      return;
    case "truncate": {
      const n = Number(a);
      send(c, head(n), body(0, n >> 1), fin(c));
      return;
    }
    case "truncchunk": {
      const n = Number(a);
      send(c, chunkedHead(), ...chunks(n, n >> 1), fin(c));
      return;
    }
    case "halfclose": {
      const n = Number(a);
      send(c, head(n), body(0, n >> 1), halfClose(c));
      return;
    }
    case "stall": {
      c.done = true;
      if (a === "head") {
        const n = Number(b);
        send(c, head(n), body(0, n >> 1));
      }
      return;
    }
    default:
      send(
        c,
        enc.encode("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"),
      );
  }
}

/** The request body's length from its head (Content-Length; 0 without one). */
function bodyLength(headText: string): number {
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(headText);
  return m ? Number(m[1]) : 0;
}

/** True when the request body is the pattern (what the client posts). */
function isPattern(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== i % 251) return false;
  return true;
}

/** Serves every complete request (head and Content-Length body) in the buffer, in order. */
function parse(c: Conn): void {
  while (!c.done && !c.closed) {
    const end = c.buf.indexOf("\r\n\r\n");
    if (end < 0) return;
    const m = bodyLength(c.buf.slice(0, end + 2));
    if (c.buf.length < end + 4 + m) return; // the rest of the body first
    const line = c.buf.slice(0, c.buf.indexOf("\r\n"));
    const reqBody = c.buf.slice(end + 4, end + 4 + m);
    c.buf = c.buf.slice(end + 4 + m);
    stats.requests!++;
    if (c.served > 0) stats.reused!++;
    if (c.killNext !== 0) {
      stats.killedAtReuse!++;
      c.done = true;
      if (c.killNext === 1) c.sock.end();
      else c.sock.terminate();
      return;
    }
    c.served++;
    const path = line.split(" ")[1] ?? "/";
    if (path === "/post") {
      count("post");
      if (!isPattern(reqBody)) {
        count("postBad");
        send(
          c,
          enc.encode("HTTP/1.1 400 Bad\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"),
        );
      } else send(c, head(reqBody.length), body(0, reqBody.length));
      continue;
    }
    if (m > 0) {
      // A request body on a GET: the client sent data the method does not carry.
      count("getWithBody");
      send(
        c,
        enc.encode("HTTP/1.1 400 Bad\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"),
      );
      continue;
    }
    serve(c, path);
  }
}

/** Connections open now, per listener, and the most at once (the client's per-host limit). */
const openNow = [0, 0];
const handlersFor = (l: number) => ({
  open(sock: Socket<Conn>) {
    stats.accepted!++;
    openNow[l]!++;
    const both = openNow[0]! + openNow[1]!;
    if (openNow[l]! > (stats[`maxOpen${l}`] ?? 0)) stats[`maxOpen${l}`] = openNow[l]!;
    if (both > (stats.maxOpenBoth ?? 0)) stats.maxOpenBoth = both;
    sock.data = { sock, buf: "", out: [], killNext: 0, done: false, closed: false, served: 0 };
  },
  data(sock: Socket<Conn>, bytes: Uint8Array) {
    const c = sock.data;
    if (c.done) return;
    c.buf += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
    parse(c);
  },
  drain(sock: Socket<Conn>) {
    flush(sock.data);
  },
  close(sock: Socket<Conn>) {
    if (sock.data && !sock.data.closed) {
      sock.data.closed = true;
      openNow[l]!--;
    }
  },
  end(sock: Socket<Conn>) {
    // The client closed its side: close ours (no half-open server sockets left behind).
    sock.end();
  },
  error() {},
});

const listeners = [0, 1].map((l) =>
  Bun.listen<Conn>({ hostname: "127.0.0.1", port: 0, socket: handlersFor(l) }),
);
console.log(`PORTS ${listeners.map((l) => l.port).join(" ")}`);

(async () => {
  let text = "";
  for await (const chunk of Bun.stdin.stream()) {
    text += new TextDecoder().decode(chunk);
    let nl = text.indexOf("\n");
    while (nl >= 0) {
      const cmd = text.slice(0, nl).trim();
      text = text.slice(nl + 1);
      if (cmd === "stats") console.log(`STATS ${JSON.stringify(stats)}`);
      if (cmd === "resetmax") {
        stats.maxOpen0 = openNow[0]!;
        stats.maxOpen1 = openNow[1]!;
        stats.maxOpenBoth = openNow[0]! + openNow[1]!;
      }
      nl = text.indexOf("\n");
    }
  }
  for (const l of listeners) l.stop(true);
  process.exit(0);
})();
