// A scripted HTTP/1.1 server on the in-memory network: it parses each request off a connection and
// hands it to the test, which answers on the peer socket (at once, later, in pieces, or never).

import type { MemoryNetwork, PeerSocket } from "../transport/memory/network.ts";

const encoder = new TextEncoder();

/** A request as the scripted server parsed it. */
export interface SeenRequest {
  /** The request line's method, e.g. `"GET"`. */
  method: string;
  /** The request target, e.g. `"/path?q=1"`. */
  target: string;
  /** The request line's version, `"HTTP/1.1"`. */
  version: string;
  /** Header fields in order, names as sent. */
  headers: [string, string][];
  /** The first field named `name` (case-insensitive), or undefined. */
  header(name: string): string | undefined;
  /** The body (Content-Length bytes). */
  body: Uint8Array;
  /** The request as received, head and body, as latin1 text. */
  raw: string;
}

/**
 * Listens at `host:port` on `net` and calls `onRequest(req, peer, index)` for each request, in
 * order, on every connection (bodies framed by Content-Length; chunked uploads are not parsed).
 * Answer with `peer.write(response(200, "ok"))`, delay with `peer.write(bytes, ms)`, drip with
 * `peer.drip`, or drop the connection with `peer.end()` / `peer.reset()`. `listenOpts` delays,
 * refuses or black-holes the connects. Returns the list every request is appended to.
 */
export function httpServer(
  net: MemoryNetwork,
  host: string,
  port: number,
  onRequest: (req: SeenRequest, peer: PeerSocket, index: number) => void,
  listenOpts: Parameters<MemoryNetwork["listen"]>[3] = {},
): { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  net.listen(
    host,
    port,
    (peer) => {
      let buf = "";
      let bodyBytes: number[] = [];
      peer.onData = (bytes) => {
        for (let i = 0; i < bytes.length; i++) buf += String.fromCharCode(bytes[i]!);
        for (;;) {
          const end = buf.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = buf.slice(0, end);
          const lines = head.split("\r\n");
          const [method = "", target = "", version = ""] = (lines[0] ?? "").split(" ");
          const headers = lines.slice(1).map((l) => {
            const i = l.indexOf(":");
            return [l.slice(0, i), l.slice(i + 1).trim()] as [string, string];
          });
          const cl = Number(headers.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? 0);
          if (buf.length < end + 4 + cl) return;
          bodyBytes = [];
          for (let i = 0; i < cl; i++) bodyBytes.push(buf.charCodeAt(end + 4 + i));
          const raw = buf.slice(0, end + 4 + cl);
          buf = buf.slice(end + 4 + cl);
          const req: SeenRequest = {
            method,
            target,
            version,
            headers,
            header: (n) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1],
            body: Uint8Array.from(bodyBytes),
            raw,
          };
          requests.push(req);
          onRequest(req, peer, requests.length - 1);
        }
      };
    },
    listenOpts,
  );
  return { requests };
}

/**
 * A complete HTTP/1.1 response as text: status line (reason phrase "X"), `Content-Length` of the
 * body's UTF-8 bytes, the `extra` header lines (`"Name: value"`), a blank line and the body.
 */
export function response(status: number, body: string, extra: string[] = []): string {
  const length = encoder.encode(body).length;
  return [`HTTP/1.1 ${status} X`, `Content-Length: ${length}`, ...extra, "", body].join("\r\n");
}
