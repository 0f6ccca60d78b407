// The SOCKS4 and SOCKS4a messages, as lib/socks.c's socks4_connect writes and checks them: the one
// CONNECT request (VN 4, CD 1, DSTPORT, DSTIP, USERID, NUL, and for 4a 0.0.0.1 plus the host name
// and its NUL) and the 8-byte reply. Pure: bytes in, bytes or a failure out.

import {
  CURLPX_BAD_VERSION,
  CURLPX_IDENTD,
  CURLPX_IDENTD_DIFFER,
  CURLPX_LONG_HOSTNAME,
  CURLPX_LONG_USER,
  CURLPX_OK,
  CURLPX_REQUEST_FAILED,
  CURLPX_RESOLVE_HOST,
  CURLPX_UNKNOWN_FAIL,
} from "../constants/curlpx.ts";
import {
  bareHost,
  cBytes,
  parseIpv4,
  SOCKS_MAX_USER,
  SOCKS4A_MAX_HOSTNAME,
  type SocksFailure,
} from "./socks-wire.ts";

/** The size of a SOCKS4 reply: VN, CD, DSTPORT (2), DSTIP (4). */
export const SOCKS4_REPLY_LEN = 8;

/** The reply code of a granted SOCKS4 request. */
const GRANTED = 90;

/**
 * The CONNECT request, or the failure that stops it before anything is sent. socks4a sends the name
 * for the proxy to resolve; plain SOCKS4 needs an IPv4 literal (the caller resolved the name, as
 * libcurl does, asking for A records only). Checks run in socks4_connect's order: for 4a the host
 * name length, then the user; for 4 the address, then the user.
 */
export function socks4Request(
  socks4a: boolean,
  host: string,
  port: number,
  user: string,
  hostName: string,
): Uint8Array | SocksFailure {
  const bare = bareHost(host);
  let name: Uint8Array | undefined;
  let ip: Uint8Array | null;
  if (socks4a) {
    name = cBytes(bare);
    if (name.length > SOCKS4A_MAX_HOSTNAME)
      return { proxyCode: CURLPX_LONG_HOSTNAME, message: "SOCKS4: too long hostname" };
    ip = new Uint8Array([0, 0, 0, 1]);
  } else {
    ip = parseIpv4(bare);
    if (ip === null)
      return {
        proxyCode: CURLPX_RESOLVE_HOST,
        message: `SOCKS4 connection to ${hostName} not supported`,
      };
  }
  const userId = cBytes(user);
  if (userId.length > SOCKS_MAX_USER)
    return { proxyCode: CURLPX_LONG_USER, message: "Too long SOCKS proxy username" };
  const out = new Uint8Array(8 + userId.length + 1 + (name === undefined ? 0 : name.length + 1));
  out[0] = 4;
  out[1] = 1; // CONNECT
  out[2] = (port >> 8) & 0xff;
  out[3] = port & 0xff;
  out.set(ip, 4);
  out.set(userId, 8);
  // The NULs after the user id and the host name are the array's zeros.
  if (name !== undefined) out.set(name, 8 + userId.length + 1);
  return out;
}

/**
 * CURLPX_OK for a granted reply (VN 0, CD 90), else the failure with socks4_check_resp's text: the
 * address and port in it are the reply's, not the request's.
 */
export function socks4CheckReply(r: Uint8Array): SocksFailure | typeof CURLPX_OK {
  if (r[0] !== 0)
    return {
      proxyCode: CURLPX_BAD_VERSION,
      message: "SOCKS4 reply has wrong version, version should be 0.",
    };
  const cd = r[1]!;
  if (cd === GRANTED) return CURLPX_OK;
  const where =
    `[SOCKS] cannot complete SOCKS4 connection to ${r[4]}.${r[5]}.${r[6]}.${r[7]}:` +
    `${(r[2]! << 8) | r[3]!}. (${cd})`;
  switch (cd) {
    case 91:
      return { proxyCode: CURLPX_REQUEST_FAILED, message: `${where}, request rejected or failed.` };
    case 92:
      return {
        proxyCode: CURLPX_IDENTD,
        message: `${where}, request rejected because SOCKS server cannot connect to identd on the client.`,
      };
    case 93:
      return {
        proxyCode: CURLPX_IDENTD_DIFFER,
        message: `${where}, request rejected because the client program and identd report different user-ids.`,
      };
    default:
      return { proxyCode: CURLPX_UNKNOWN_FAIL, message: `${where}, Unknown.` };
  }
}
