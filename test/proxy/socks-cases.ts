// SOCKS handshakes as data: the request, what the client sends at each step, what the proxy answers,
// and the outcome current curl's lib/socks.c reaches (CURLcode, CURLPX code, error-buffer text).
// The unit tests replay each case whole, at every split point and byte by byte; the scripted-peer and
// oracle tests play the proxy side of the same cases over real sockets.

import {
  CURLE_OK,
  CURLE_PROXY,
  CURLPX_BAD_ADDRESS_TYPE,
  CURLPX_BAD_VERSION,
  CURLPX_GSSAPI_PERMSG,
  CURLPX_IDENTD,
  CURLPX_IDENTD_DIFFER,
  CURLPX_LONG_HOSTNAME,
  CURLPX_LONG_PASSWD,
  CURLPX_LONG_USER,
  CURLPX_NO_AUTH,
  CURLPX_OK,
  CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED,
  CURLPX_REPLY_COMMAND_NOT_SUPPORTED,
  CURLPX_REPLY_CONNECTION_REFUSED,
  CURLPX_REPLY_GENERAL_SERVER_FAILURE,
  CURLPX_REPLY_HOST_UNREACHABLE,
  CURLPX_REPLY_NETWORK_UNREACHABLE,
  CURLPX_REPLY_NOT_ALLOWED,
  CURLPX_REPLY_TTL_EXPIRED,
  CURLPX_REPLY_UNASSIGNED,
  CURLPX_REQUEST_FAILED,
  CURLPX_RESOLVE_HOST,
  CURLPX_UNKNOWN_FAIL,
  CURLPX_UNKNOWN_MODE,
  CURLPX_USER_REJECTED,
} from "../../src/constants/index.ts";
import type { SocksRequest } from "../../src/proxy/socks.ts";

/** One exchange: what the client sends, then what the proxy answers (null: nothing, the client failed). */
export interface SocksStep {
  send: number[] | null;
  reply: number[];
}

export interface SocksCase {
  name: string;
  req: SocksRequest;
  steps: SocksStep[];
  /** Bytes the proxy sends after the handshake: the tunnel's, never consumed by the codec. */
  tunnel?: number[];
  /** How many of the proxy's bytes the codec takes, when not all replies: a failed SOCKS5 reply stops at 8. */
  taken?: number;
  code: number;
  proxyCode: number;
  message: string;
  /** Whether the oracle (curl 7.88 against the scripted peer) can play this case; why not if a string. */
  oracle?: true | string;
}

const ascii = (s: string) => [...new TextEncoder().encode(s)];
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const HTTP = ascii("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

/** The destination port every case asks for (0x1f90 = 8080). */
export const DEST_PORT = 8080;

const r4 = (o: Partial<SocksRequest> = {}): SocksRequest => ({
  version: 4,
  remoteResolve: false,
  host: "127.0.0.1",
  port: DEST_PORT,
  user: "",
  password: "",
  ...o,
});
const r5 = (o: Partial<SocksRequest> = {}): SocksRequest => ({ ...r4(o), version: 5, ...o });

/** The SOCKS4 request for 127.0.0.1:8080 with an empty user id. */
const S4_REQ = [4, 1, ...be16(DEST_PORT), 127, 0, 0, 1, 0];
/** A SOCKS4 reply with code cd, bound to 10.0.0.1:4660. */
const s4reply = (cd: number, vn = 0) => [vn, cd, 0x12, 0x34, 10, 0, 0, 1];
const S5_HELLO = [5, 1, 0];
const S5_HELLO_AUTH = [5, 2, 0, 2];
const S5_CONN_V4 = [5, 1, 0, 1, 127, 0, 0, 1, ...be16(DEST_PORT)];
/** A SOCKS5 reply with code rep, bound to 10.0.0.1:4660 (ATYP 1). */
const s5reply = (rep: number) => [5, rep, 0, 1, 10, 0, 0, 1, 0x12, 0x34];
const fail = (proxyCode: number, message: string) => ({ code: CURLE_PROXY, proxyCode, message });
const ok = { code: CURLE_OK, proxyCode: CURLPX_OK, message: "" };
const long = (n: number, c = "a") => c.repeat(n);

const s4Refusals: SocksCase[] = [
  [91, CURLPX_REQUEST_FAILED, "request rejected or failed."],
  [
    92,
    CURLPX_IDENTD,
    "request rejected because SOCKS server cannot connect to identd on the client.",
  ],
  [
    93,
    CURLPX_IDENTD_DIFFER,
    "request rejected because the client program and identd report different user-ids.",
  ],
  [0, CURLPX_UNKNOWN_FAIL, "Unknown."],
  [255, CURLPX_UNKNOWN_FAIL, "Unknown."],
].map(([cd, px, text]) => ({
  name: `SOCKS4 reply ${cd}`,
  req: r4(),
  steps: [{ send: S4_REQ, reply: s4reply(cd as number) }],
  tunnel: HTTP,
  ...fail(
    px as number,
    `[SOCKS] cannot complete SOCKS4 connection to 10.0.0.1:4660. (${cd}), ${text}`,
  ),
  oracle: true,
}));

const s5Refusals: SocksCase[] = (
  [
    [1, CURLPX_REPLY_GENERAL_SERVER_FAILURE],
    [2, CURLPX_REPLY_NOT_ALLOWED],
    [3, CURLPX_REPLY_NETWORK_UNREACHABLE],
    [4, CURLPX_REPLY_HOST_UNREACHABLE],
    [5, CURLPX_REPLY_CONNECTION_REFUSED],
    [6, CURLPX_REPLY_TTL_EXPIRED],
    [7, CURLPX_REPLY_COMMAND_NOT_SUPPORTED],
    [8, CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED],
    [9, CURLPX_REPLY_UNASSIGNED],
    [255, CURLPX_REPLY_UNASSIGNED],
  ] as const
).map(([rep, px]) => ({
  name: `SOCKS5 reply ${rep}`,
  req: r5(),
  steps: [
    { send: S5_HELLO, reply: [5, 0] },
    { send: S5_CONN_V4, reply: s5reply(rep) },
  ],
  taken: 2 + 8,
  ...fail(px, `cannot complete SOCKS5 connection to 127.0.0.1. (${rep})`),
  oracle: true,
}));

export const SOCKS_CASES: SocksCase[] = [
  // SOCKS4 and 4a requests.
  {
    name: "SOCKS4 granted, tunnel bytes right behind the reply",
    req: r4(),
    steps: [{ send: S4_REQ, reply: s4reply(90) }],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS4 user id before its NUL",
    req: r4({ user: "alice" }),
    steps: [
      { send: [4, 1, ...be16(DEST_PORT), 127, 0, 0, 1, ...ascii("alice"), 0], reply: s4reply(90) },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS4a: 0.0.0.1, user id, NUL, host name, NUL",
    req: r4({ remoteResolve: true, host: "localhost", user: "bob" }),
    steps: [
      {
        send: [4, 1, ...be16(DEST_PORT), 0, 0, 0, 1, ...ascii("bob"), 0, ...ascii("localhost"), 0],
        reply: s4reply(90),
      },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS4a host name of 254 bytes (255 with its NUL) is sent",
    req: r4({ remoteResolve: true, host: long(254) }),
    steps: [
      {
        send: [4, 1, ...be16(DEST_PORT), 0, 0, 0, 1, 0, ...ascii(long(254)), 0],
        reply: s4reply(90),
      },
    ],
    ...ok,
  },
  {
    name: "SOCKS4a host name of 255 bytes is too long",
    req: r4({ remoteResolve: true, host: long(255) }),
    steps: [{ send: null, reply: [] }],
    ...fail(CURLPX_LONG_HOSTNAME, "SOCKS4: too long hostname"),
    oracle: true,
  },
  {
    name: "SOCKS4 user id of 255 bytes is sent",
    req: r4({ user: long(255, "u") }),
    steps: [
      {
        send: [4, 1, ...be16(DEST_PORT), 127, 0, 0, 1, ...ascii(long(255, "u")), 0],
        reply: s4reply(90),
      },
    ],
    ...ok,
  },
  {
    name: "SOCKS4 user id of 256 bytes is too long",
    req: r4({ user: long(256, "u") }),
    steps: [{ send: null, reply: [] }],
    ...fail(CURLPX_LONG_USER, "Too long SOCKS proxy username"),
    oracle: "curl 7.88 allows a user id up to its 16 KiB buffer",
  },
  {
    name: "SOCKS4 to an IPv6 address",
    req: r4({ host: "::1" }),
    steps: [{ send: null, reply: [] }],
    ...fail(CURLPX_RESOLVE_HOST, "SOCKS4 connection to ::1 not supported"),
  },
  {
    name: "SOCKS4 names the URL's host in the message",
    req: r4({ host: "[::1]", hostName: "ip6-localhost" }),
    steps: [{ send: null, reply: [] }],
    ...fail(CURLPX_RESOLVE_HOST, "SOCKS4 connection to ip6-localhost not supported"),
  },
  {
    name: "SOCKS4 reply with version 4",
    req: r4(),
    steps: [{ send: S4_REQ, reply: s4reply(90, 4) }],
    ...fail(CURLPX_BAD_VERSION, "SOCKS4 reply has wrong version, version should be 0."),
    oracle: true,
  },
  ...s4Refusals,

  // SOCKS5 method negotiation.
  {
    name: "SOCKS5 without auth, IPv4 destination, tunnel bytes behind the reply",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 to an IPv6 literal: ATYP 4 (brackets or not)",
    req: r5({ host: "[::1]" }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: [5, 1, 0, 4, ...Array(15).fill(0), 1, ...be16(DEST_PORT)], reply: s5reply(0) },
    ],
    tunnel: HTTP,
    ...ok,
  },
  {
    name: "SOCKS5h: a host name goes as ATYP 3 with its length",
    req: r5({ remoteResolve: true, host: "localhost" }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: [5, 1, 0, 3, 9, ...ascii("localhost"), ...be16(DEST_PORT)], reply: s5reply(0) },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5h: a dotted quad goes as ATYP 1",
    req: r5({ remoteResolve: true }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5h: an IPv6 literal goes as ATYP 4",
    req: r5({ remoteResolve: true, host: "2001:db8::7" }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      {
        send: [5, 1, 0, 4, 0x20, 1, 0xd, 0xb8, ...Array(11).fill(0), 7, ...be16(DEST_PORT)],
        reply: s5reply(0),
      },
    ],
    ...ok,
  },
  {
    name: "SOCKS5h: a host with a colon that is no IPv6 address (libcurl writes no text)",
    req: r5({ remoteResolve: true, host: "fe80::1%eth0" }),
    steps: [{ send: S5_HELLO, reply: [5, 0] }],
    ...fail(CURLPX_BAD_ADDRESS_TYPE, ""),
  },
  {
    name: "SOCKS5h host name of 255 bytes is sent",
    req: r5({ remoteResolve: true, host: long(255) }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: [5, 1, 0, 3, 255, ...ascii(long(255)), ...be16(DEST_PORT)], reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5h host name of 256 bytes is too long: nothing is sent",
    req: r5({ remoteResolve: true, host: long(256) }),
    steps: [{ send: null, reply: [] }],
    ...fail(
      CURLPX_LONG_HOSTNAME,
      "SOCKS5: the destination hostname is too long to be resolved remotely by the proxy.",
    ),
    oracle: "curl 7.88 resolves such a name itself instead",
  },
  {
    name: "SOCKS5 (local resolve) given a name, not an address",
    req: r5({ host: "localhost" }),
    steps: [{ send: S5_HELLO, reply: [5, 0] }],
    ...fail(CURLPX_RESOLVE_HOST, 'Failed to resolve "localhost" for SOCKS5 connect.'),
  },
  {
    name: "SOCKS5 method reply with version 4",
    req: r5(),
    steps: [{ send: S5_HELLO, reply: [4, 0] }],
    ...fail(CURLPX_BAD_VERSION, "Received invalid version in initial SOCKS5 response."),
    oracle: true,
  },
  {
    name: "SOCKS5 no acceptable method (255)",
    req: r5(),
    steps: [{ send: S5_HELLO, reply: [5, 255] }],
    ...fail(CURLPX_NO_AUTH, "No authentication method was acceptable."),
    oracle: true,
  },
  {
    name: "SOCKS5 proxy chooses GSS-API (not built in)",
    req: r5(),
    steps: [{ send: S5_HELLO, reply: [5, 1] }],
    ...fail(CURLPX_GSSAPI_PERMSG, "SOCKS5 GSSAPI per-message authentication is not supported."),
    oracle: true,
  },
  {
    name: "SOCKS5 proxy chooses GSS-API, CURLOPT_SOCKS5_AUTH without it",
    req: r5({ auth: 1 }),
    steps: [{ send: S5_HELLO, reply: [5, 1] }],
    ...fail(CURLPX_GSSAPI_PERMSG, "SOCKS5 GSSAPI per-message authentication is not enabled."),
  },
  {
    name: "SOCKS5 proxy chooses an unknown method (3)",
    req: r5(),
    steps: [{ send: S5_HELLO, reply: [5, 3] }],
    ...fail(CURLPX_UNKNOWN_MODE, "Unknown SOCKS5 mode attempted to be used by server."),
    oracle: true,
  },

  // RFC 1929 username/password.
  {
    name: "SOCKS5 username/password accepted",
    req: r5({ user: "alice", password: "secret" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 5, ...ascii("alice"), 6, ...ascii("secret")], reply: [1, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 user set, proxy needs no auth",
    req: r5({ user: "alice", password: "secret" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 user with an empty password",
    req: r5({ user: "alice" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 5, ...ascii("alice"), 0], reply: [1, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5 proxy chooses username/password though none was offered: both empty",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 2] },
      { send: [1, 0, 0], reply: [1, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 CURLOPT_SOCKS5_AUTH without Basic: no user offered, username/password refused",
    req: r5({ user: "alice", password: "secret", auth: 4 }),
    steps: [{ send: S5_HELLO, reply: [5, 2] }],
    ...fail(CURLPX_NO_AUTH, "BASIC authentication proposed but not enabled."),
  },
  {
    name: "SOCKS5 user rejected (status 1)",
    req: r5({ user: "alice", password: "wrong" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 5, ...ascii("alice"), 5, ...ascii("wrong")], reply: [1, 1] },
    ],
    ...fail(CURLPX_USER_REJECTED, "User was rejected by the SOCKS5 server (1 1)."),
    oracle: true,
  },
  {
    name: "SOCKS5 user rejected: the VER byte is not checked, both are in the text",
    req: r5({ user: "alice", password: "wrong" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 5, ...ascii("alice"), 5, ...ascii("wrong")], reply: [5, 255] },
    ],
    ...fail(CURLPX_USER_REJECTED, "User was rejected by the SOCKS5 server (5 255)."),
    oracle: true,
  },
  {
    name: "SOCKS5 sub-negotiation with a wrong VER byte but status 0 passes",
    req: r5({ user: "alice", password: "pw" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 5, ...ascii("alice"), 2, ...ascii("pw")], reply: [9, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5 user of 256 bytes: offered, then too long when the proxy asks for it",
    req: r5({ user: long(256, "u"), password: "pw" }),
    steps: [{ send: S5_HELLO_AUTH, reply: [5, 2] }],
    ...fail(CURLPX_LONG_USER, "Excessive username length for proxy auth"),
    oracle: "curl 7.88 words it 'user name'",
  },
  {
    name: "SOCKS5 user of 256 bytes passes when the proxy needs no auth",
    req: r5({ user: long(256, "u"), password: "pw" }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5 user and password of 255 bytes each",
    req: r5({ user: long(255, "u"), password: long(255, "p") }),
    steps: [
      { send: S5_HELLO_AUTH, reply: [5, 2] },
      { send: [1, 255, ...ascii(long(255, "u")), 255, ...ascii(long(255, "p"))], reply: [1, 0] },
      { send: S5_CONN_V4, reply: s5reply(0) },
    ],
    ...ok,
  },
  {
    name: "SOCKS5 password of 256 bytes",
    req: r5({ user: "alice", password: long(256, "p") }),
    steps: [{ send: S5_HELLO_AUTH, reply: [5, 2] }],
    ...fail(CURLPX_LONG_PASSWD, "Excessive password length for proxy auth"),
    oracle: true,
  },

  // The CONNECT reply.
  ...s5Refusals,
  {
    name: "SOCKS5 reply names the URL's host",
    req: r5({ hostName: "origin.test" }),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: s5reply(5) },
    ],
    taken: 2 + 8,
    ...fail(
      CURLPX_REPLY_CONNECTION_REFUSED,
      "cannot complete SOCKS5 connection to origin.test. (5)",
    ),
  },
  {
    name: "SOCKS5 reply with version 4",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: [4, 0, 0, 1, 10, 0, 0, 1, 0x12, 0x34] },
    ],
    taken: 2 + 8,
    ...fail(CURLPX_BAD_VERSION, "SOCKS5 reply has wrong version, version should be 5."),
    oracle: true,
  },
  {
    name: "SOCKS5 reply with ATYP 2",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: [5, 0, 0, 2, 10, 0, 0, 1] },
    ],
    ...fail(CURLPX_BAD_ADDRESS_TYPE, "SOCKS5 reply has wrong address type."),
    oracle: true,
  },
  {
    name: "SOCKS5 reply with a domain (ATYP 3) is consumed to its end",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: [5, 0, 0, 3, 11, ...ascii("proxy.local"), 0x12, 0x34] },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 reply with an IPv6 address (ATYP 4) is consumed to its end",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: [5, 0, 0, 4, ...Array(15).fill(0), 1, 0x12, 0x34] },
    ],
    tunnel: HTTP,
    ...ok,
    oracle: true,
  },
  {
    name: "SOCKS5 reply with an empty domain: 7 bytes, but libcurl reads 8 first and keeps them",
    req: r5(),
    steps: [
      { send: S5_HELLO, reply: [5, 0] },
      { send: S5_CONN_V4, reply: [5, 0, 0, 3, 0, 0x12, 0x34, 0x48] },
    ],
    tunnel: ascii("TTP/1.1 200 OK\r\n\r\n"),
    ...ok,
  },
];
