// A loopback HTTP/1.1 server that asks for credentials and checks them, written from RFC 7616 (Digest:
// MD5, MD5-sess, SHA-256, SHA-512-256 and their -sess forms, qop auth and auth-int, userhash, stale
// nonces, nonce counts) and RFC 7617 (Basic), on its own code (nothing of src/auth), so a test of
// multisock's Digest against it is a test against the RFCs. test/auth/digest-server.test.ts checks it
// against Debian's `curl --digest` first. It records every request it saw, in order.

import { createHash, randomBytes } from "node:crypto";
import { type LoopbackServer, type Peer, startTcpServer } from "./loopback.ts";

/** RFC 7616's algorithm names. */
export type DigestAlgorithm =
  | "MD5"
  | "MD5-sess"
  | "SHA-256"
  | "SHA-256-sess"
  | "SHA-512-256"
  | "SHA-512-256-sess";

export interface DigestServerOptions {
  /** Users and their passwords. */
  users: Record<string, string>;
  realm?: string;
  /** The challenges of a 401, each a WWW-Authenticate header; "digest+basic" puts both in one
   *  header, Digest first; "basic+digest" the other way round. Default ["digest"]. */
  challenges?: ("digest" | "basic" | "bearer" | "digest+basic" | "basic+digest")[];
  /** Default "MD5"; null leaves the algorithm parameter out (MD5 by RFC 2617). */
  algorithm?: DigestAlgorithm | null;
  /** The qop parameter; default "auth"; null leaves it out (RFC 2069 style). */
  qop?: string | null;
  userhash?: boolean;
  opaque?: string | null;
  /** A nonce is good for this many requests, then answered with stale=true and a new one. */
  nonceUses?: number;
  /** The bearer token accepted, if any. */
  bearer?: string;
  /** What a path answers instead of a 200 once authorised (e.g. a redirect), by path. */
  routes?: Record<string, (req: SeenRequest) => string>;
  /** Paths that need no credentials. */
  open?: string[];
  /**
   * Be an HTTP proxy instead: ask with 407 and Proxy-Authenticate, read Proxy-Authorization. An
   * authorised CONNECT gets "200 Connection established", and the connection then carries plain
   * requests answered as an open origin would ("tunnel METHOD TARGET"); an authorised forwarded
   * request is answered 200 ("ok USER METHOD BODYSIZE").
   */
  proxy?: boolean;
  /** A challenge (401/407) says Connection: close and the server closes the connection after it. */
  closeAfterChallenge?: boolean;
}

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  target: string;
  /** Header names lower case; a repeated header's values joined by "\n". */
  headers: Record<string, string>;
  body: string;
  /** The head exactly as received (latin1). */
  raw: string;
  /** What the server made of the credentials: "digest", "basic", "bearer", "none" or why it refused. */
  verdict: string;
  /** The user it accepted, if any. */
  user?: string;
  status: number;
}

export interface DigestServer extends Disposable {
  readonly port: number;
  readonly url: string;
  readonly seen: SeenRequest[];
  /** The nonces handed out, in order. */
  readonly nonces: string[];
  stop(): void;
}

const HASH: Record<string, string> = {
  md5: "md5",
  "sha-256": "sha256",
  "sha-512-256": "sha512-256",
};

function h(alg: string, s: string): string {
  const name = HASH[alg.toLowerCase().replace(/-sess$/, "")]!;
  return createHash(name).update(Buffer.from(s, "latin1")).digest("hex");
}

/** RFC 7616 section 3.4: the auth-param list of an Authorization: Digest value. */
export function parseParams(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < s.length) {
    while (s[i] === " " || s[i] === "," || s[i] === "\t") i++;
    const eq = s.indexOf("=", i);
    if (eq < 0) break;
    const name = s.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let v = "";
    if (s[i] === '"') {
      i++;
      while (i < s.length && s[i] !== '"') {
        if (s[i] === "\\") i++;
        v += s[i++] ?? "";
      }
      i++;
    } else {
      const end = s.indexOf(",", i);
      v = s.slice(i, end < 0 ? s.length : end).trim();
      i = end < 0 ? s.length : end;
    }
    out[name] = v;
  }
  return out;
}

interface NonceState {
  uses: number;
  lastNc: number;
}

/** Starts the server on 127.0.0.1, port 0. */
export function startDigestServer(opts: DigestServerOptions): DigestServer {
  const realm = opts.realm ?? "multisock@test";
  const algorithm = opts.algorithm === undefined ? "MD5" : opts.algorithm;
  const qop = opts.qop === undefined ? "auth" : opts.qop;
  const opaque = opts.opaque === undefined ? randomBytes(9).toString("base64") : opts.opaque;
  const seen: SeenRequest[] = [];
  const nonces: string[] = [];
  const live = new Map<string, NonceState>();

  const newNonce = () => {
    const n = randomBytes(18).toString("base64");
    nonces.push(n);
    live.set(n, { uses: 0, lastNc: 0 });
    return n;
  };

  const digestChallenge = (stale: boolean) => {
    let c = `Digest realm="${realm}"`;
    if (qop !== null) c += `, qop="${qop}"`;
    if (algorithm !== null) c += `, algorithm=${algorithm}`;
    c += `, nonce="${newNonce()}"`;
    if (opaque !== null) c += `, opaque="${opaque}"`;
    if (opts.userhash) c += ", userhash=true";
    if (stale) c += ", stale=true";
    return c;
  };

  const challengeLines = (stale: boolean) => {
    const basic = `Basic realm="${realm}"`;
    return (opts.challenges ?? ["digest"]).map((c) => {
      if (c === "digest") return digestChallenge(stale);
      if (c === "basic") return basic;
      if (c === "bearer") return `Bearer realm="${realm}"`;
      if (c === "digest+basic") return `${digestChallenge(stale)}, ${basic}`;
      return `${basic}, ${digestChallenge(stale)}`;
    });
  };

  /** RFC 7616 section 3.4.1: checks a Digest answer; "digest" or why not ("stale" for a used-up nonce). */
  const checkDigest = (req: SeenRequest, value: string): string => {
    const p = parseParams(value);
    const alg = p.algorithm ?? "MD5";
    if (algorithm !== null && alg.toLowerCase() !== algorithm.toLowerCase()) return "bad algorithm";
    if ((p.realm ?? "") !== realm) return "bad realm";
    if (opaque !== null && p.opaque !== opaque) return "bad opaque";
    // Through a proxy in the clear curl answers with the path and query of the absolute-form target.
    const uri = opts.proxy ? req.target.replace(/^https?:\/\/[^/]*/i, "") : req.target;
    if (p.uri !== uri) return `bad uri ${p.uri}`;
    const n = p.nonce === undefined ? undefined : live.get(p.nonce);
    if (n === undefined) return "unknown nonce";
    let user: string | undefined;
    if (opts.userhash) {
      if (p.userhash !== "true") return "no userhash";
      user = Object.keys(opts.users).find((u) => h(alg, `${u}:${realm}`) === p.username);
    } else user = p.username;
    if (user === undefined || !(user in opts.users)) return "unknown user";
    const pass = opts.users[user]!;
    let ha1 = h(alg, `${user}:${realm}:${pass}`);
    if (/-sess$/i.test(alg)) ha1 = h(alg, `${ha1}:${p.nonce}:${p.cnonce}`);
    let a2 = `${req.method}:${p.uri}`;
    if (p.qop === "auth-int") a2 += `:${h(alg, req.body)}`;
    const ha2 = h(alg, a2);
    let want: string;
    if (qop === null) {
      if (p.qop !== undefined) return "unexpected qop";
      want = h(alg, `${ha1}:${p.nonce}:${ha2}`);
    } else {
      if (p.qop === undefined || !/^[0-9a-f]{8}$/.test(p.nc ?? "") || !p.cnonce) return "no qop";
      const nc = Number.parseInt(p.nc!, 16);
      if (nc <= n.lastNc) return `nc replay ${p.nc}`;
      n.lastNc = nc;
      want = h(alg, `${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
    }
    if (p.response !== want) return "bad response";
    n.uses++;
    if (opts.nonceUses !== undefined && n.uses > opts.nonceUses) return "stale";
    req.user = user;
    return "digest";
  };

  const checkBasic = (req: SeenRequest, value: string): string => {
    const text = Buffer.from(value, "base64").toString("utf8");
    const i = text.indexOf(":");
    const user = text.slice(0, i);
    if (i < 0 || opts.users[user] !== text.slice(i + 1)) return "bad basic";
    req.user = user;
    return "basic";
  };

  // Connections whose CONNECT was answered 200: the tunnel's requests are the origin's.
  const tunnels = new Set<Peer>();
  const respond = (peer: Peer, req: SeenRequest): void => {
    if (tunnels.has(peer)) {
      req.verdict = "tunnel";
      req.status = 200;
      const body = `tunnel ${req.method} ${req.target}\n`;
      peer.sock.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    const auth = opts.proxy ? req.headers["proxy-authorization"] : req.headers.authorization;
    const wants = opts.challenges ?? ["digest"];
    const offers = (s: string) => wants.some((c) => c.includes(s));
    let verdict = "none";
    if (opts.open?.includes(req.target.split("?")[0]!)) verdict = "open";
    else if (auth !== undefined) {
      const sp = auth.indexOf(" ");
      const scheme = auth.slice(0, sp).toLowerCase();
      const rest = auth.slice(sp + 1);
      if (scheme === "digest" && offers("digest")) verdict = checkDigest(req, rest);
      else if (scheme === "basic" && offers("basic")) verdict = checkBasic(req, rest);
      else if (scheme === "bearer" && offers("bearer"))
        verdict = rest === opts.bearer ? "bearer" : "bad bearer";
      else verdict = `scheme ${scheme} not offered`;
    }
    req.verdict = verdict;
    let out: string;
    const ok =
      verdict === "digest" || verdict === "basic" || verdict === "bearer" || verdict === "open";
    let close = false;
    if (ok && opts.proxy && req.method === "CONNECT") {
      tunnels.add(peer);
      out = "HTTP/1.1 200 Connection established\r\n\r\n";
    } else if (ok) {
      const route = opts.routes?.[req.target.split("?")[0]!];
      if (route !== undefined) out = route(req);
      else {
        const body = `ok ${req.user ?? "-"} ${req.method} ${req.body.length}\n`;
        out = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
      }
    } else {
      const body = `denied: ${verdict}\n`;
      const name = opts.proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
      const lines = challengeLines(verdict === "stale")
        .map((c) => `${name}: ${c}\r\n`)
        .join("");
      const status = opts.proxy ? "407 Proxy Authentication Required" : "401 Unauthorized";
      close = opts.closeAfterChallenge === true;
      const conn = close ? "Connection: close\r\n" : "";
      out = `HTTP/1.1 ${status}\r\n${lines}${conn}Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    }
    req.status = Number(out.slice(9, 12));
    peer.sock.write(Buffer.from(out, "latin1"));
    if (close) peer.sock.end();
  };

  // Per connection: the bytes not parsed yet.
  const pending = new Map<Peer, string>();
  const parse = (peer: Peer): void => {
    let buf = pending.get(peer) ?? "";
    for (;;) {
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) break;
      const head = buf.slice(0, end);
      const lines = head.split("\r\n");
      const [method, target] = lines[0]!.split(" ");
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const c = l.indexOf(":");
        const k = l.slice(0, c).trim().toLowerCase();
        const v = l.slice(c + 1).trim();
        headers[k] = k in headers ? `${headers[k]}\n${v}` : v;
      }
      let rest = buf.slice(end + 4);
      let body = "";
      if (headers["transfer-encoding"]?.toLowerCase() === "chunked") {
        let pos = 0;
        let done = false;
        for (;;) {
          const nl = rest.indexOf("\r\n", pos);
          if (nl < 0) break;
          const size = Number.parseInt(rest.slice(pos, nl), 16);
          if (size === 0) {
            if (rest.length < nl + 4) break;
            pos = nl + 4;
            done = true;
            break;
          }
          if (rest.length < nl + 2 + size + 2) break;
          body += rest.slice(nl + 2, nl + 2 + size);
          pos = nl + 2 + size + 2;
        }
        if (!done) break;
        rest = rest.slice(pos);
      } else {
        const len = Number(headers["content-length"] ?? 0);
        if (rest.length < len) {
          if (headers.expect?.toLowerCase() === "100-continue" && !pendingContinue.has(peer)) {
            pendingContinue.add(peer);
            peer.sock.write("HTTP/1.1 100 Continue\r\n\r\n");
          }
          break;
        }
        body = rest.slice(0, len);
        rest = rest.slice(len);
      }
      pendingContinue.delete(peer);
      buf = rest;
      const req: SeenRequest = {
        method: method!,
        target: target!,
        headers,
        body,
        raw: head,
        verdict: "",
        status: 0,
      };
      seen.push(req);
      respond(peer, req);
    }
    pending.set(peer, buf);
  };
  const pendingContinue = new Set<Peer>();

  const server: LoopbackServer = startTcpServer({
    data(peer, bytes) {
      let s = pending.get(peer) ?? "";
      for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
      pending.set(peer, s);
      parse(peer);
    },
  });
  return {
    port: server.port,
    url: `http://127.0.0.1:${server.port}`,
    seen,
    nonces,
    stop: () => server.stop(),
    [Symbol.dispose]: () => server.stop(),
  };
}
