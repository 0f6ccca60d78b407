// The SOCKS5 messages (RFC 1928, RFC 1929), as lib/socks.c's socks5_connect writes and checks them:
// the method offer, the username/password sub-negotiation, the CONNECT request with ATYP 1, 3 or 4,
// and the replies. Pure: bytes in, bytes or a failure out. GSS-API is never offered (not built in).

import {
  CURLPX_BAD_ADDRESS_TYPE,
  CURLPX_BAD_VERSION,
  CURLPX_GSSAPI_PERMSG,
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
  CURLPX_RESOLVE_HOST,
  CURLPX_UNKNOWN_MODE,
  CURLPX_USER_REJECTED,
} from "../constants/curlpx.ts";
import { CURLAUTH_BASIC, CURLAUTH_NEGOTIATE } from "../constants/misc.ts";
import {
  bareHost,
  cBytes,
  parseIpv4,
  parseIpv6,
  SOCKS_MAX_PASSWORD,
  SOCKS_MAX_USER,
  SOCKS5_MAX_HOSTNAME,
  type SocksFailure,
} from "./socks-wire.ts";

/** `CURLAUTH_GSSAPI`: libcurl's alias of CURLAUTH_NEGOTIATE for CURLOPT_SOCKS5_AUTH. */
export const SOCKS5_AUTH_GSSAPI = CURLAUTH_NEGOTIATE;
/** CURLOPT_SOCKS5_AUTH's default (url.c): Basic and GSS-API. */
export const SOCKS5_AUTH_DEFAULT = CURLAUTH_BASIC | SOCKS5_AUTH_GSSAPI;

/** Method 0: no authentication, the CONNECT request follows. */
export const SOCKS5_METHOD_NONE = 0;
/** Method 2: the username/password sub-negotiation (RFC 1929) follows. */
export const SOCKS5_METHOD_USERPASS = 2;

/** The size of a SOCKS5 reply before its length is known (socks5_recv_resp1's minimum). */
export const SOCKS5_REPLY_MIN = 8;

/** RFC 1928 section 6's reply codes 0..8 and the CURLPX code of each (0 is success). */
const REPLY_CODES = [
  CURLPX_OK,
  CURLPX_REPLY_GENERAL_SERVER_FAILURE,
  CURLPX_REPLY_NOT_ALLOWED,
  CURLPX_REPLY_NETWORK_UNREACHABLE,
  CURLPX_REPLY_HOST_UNREACHABLE,
  CURLPX_REPLY_CONNECTION_REFUSED,
  CURLPX_REPLY_TTL_EXPIRED,
  CURLPX_REPLY_COMMAND_NOT_SUPPORTED,
  CURLPX_REPLY_ADDRESS_TYPE_NOT_SUPPORTED,
] as const;

/**
 * The method offer (VER 5, NMETHODS, METHODS): "no authentication", plus username/password when a
 * user is set and `auth` has CURLAUTH_BASIC. A host name the proxy is to resolve fails first when
 * it is longer than 255 bytes (socks5_req0_init).
 */
export function socks5Greeting(
  remoteResolve: boolean,
  host: string,
  withCredentials: boolean,
): Uint8Array | SocksFailure {
  if (remoteResolve && cBytes(bareHost(host)).length > SOCKS5_MAX_HOSTNAME)
    return {
      proxyCode: CURLPX_LONG_HOSTNAME,
      message: "SOCKS5: the destination hostname is too long to be resolved remotely by the proxy.",
    };
  return withCredentials ? new Uint8Array([5, 2, 0, 2]) : new Uint8Array([5, 1, 0]);
}

/**
 * The method the proxy chose (socks5_check_resp0): SOCKS5_METHOD_NONE or SOCKS5_METHOD_USERPASS for
 * what follows, or the failure.
 */
export function socks5CheckMethod(r: Uint8Array, auth: number): number | SocksFailure {
  if (r[0] !== 5)
    return {
      proxyCode: CURLPX_BAD_VERSION,
      message: "Received invalid version in initial SOCKS5 response.",
    };
  switch (r[1]) {
    case 0:
      return SOCKS5_METHOD_NONE;
    case 1:
      // With GSS-API allowed, libcurl goes on to negotiate it, which a build without it refuses.
      return {
        proxyCode: CURLPX_GSSAPI_PERMSG,
        message:
          auth & SOCKS5_AUTH_GSSAPI
            ? "SOCKS5 GSSAPI per-message authentication is not supported."
            : "SOCKS5 GSSAPI per-message authentication is not enabled.",
      };
    case 2:
      if (auth & CURLAUTH_BASIC) return SOCKS5_METHOD_USERPASS;
      return {
        proxyCode: CURLPX_NO_AUTH,
        message: "BASIC authentication proposed but not enabled.",
      };
    case 255:
      return { proxyCode: CURLPX_NO_AUTH, message: "No authentication method was acceptable." };
    default:
      return {
        proxyCode: CURLPX_UNKNOWN_MODE,
        message: "Unknown SOCKS5 mode attempted to be used by server.",
      };
  }
}

/**
 * The RFC 1929 request (VER 1, ULEN, UNAME, PLEN, PASSWD). Without credentials (the proxy chose
 * username/password though none was offered) both lengths are 0, as socks5_auth_init sends them.
 */
export function socks5AuthRequest(user: string, password: string): Uint8Array | SocksFailure {
  const u = cBytes(user);
  const p = cBytes(password);
  if (u.length > SOCKS_MAX_USER)
    return { proxyCode: CURLPX_LONG_USER, message: "Excessive username length for proxy auth" };
  if (p.length > SOCKS_MAX_PASSWORD)
    return { proxyCode: CURLPX_LONG_PASSWD, message: "Excessive password length for proxy auth" };
  const out = new Uint8Array(3 + u.length + p.length);
  out[0] = 1;
  out[1] = u.length;
  out.set(u, 2);
  out[2 + u.length] = p.length;
  out.set(p, 3 + u.length);
  return out;
}

/** The sub-negotiation status (socks5_check_auth_resp): the VER byte is not checked, as in libcurl. */
export function socks5CheckAuth(r: Uint8Array): SocksFailure | typeof CURLPX_OK {
  if (r[1] === 0) return CURLPX_OK;
  return {
    proxyCode: CURLPX_USER_REJECTED,
    message: `User was rejected by the SOCKS5 server (${r[0]} ${r[1]}).`,
  };
}

/**
 * The CONNECT request (VER 5, CMD 1, RSV 0, ATYP, DST.ADDR, DST.PORT). For the proxy to resolve
 * (socks5h) a host with a colon is ATYP 4 (no text when it does not parse: libcurl writes none), a
 * dotted quad ATYP 1, anything else ATYP 3 with its length. Resolved here (socks5) the host must be
 * an address literal: IPv4 is ATYP 1, IPv6 ATYP 4.
 */
export function socks5ConnectRequest(
  remoteResolve: boolean,
  host: string,
  port: number,
  hostName: string,
): Uint8Array | SocksFailure {
  const bare = bareHost(host);
  let atyp: number;
  let addr: Uint8Array | null;
  if (remoteResolve) {
    if (bare.includes(":")) {
      atyp = 4;
      addr = parseIpv6(bare);
      if (addr === null) return { proxyCode: CURLPX_BAD_ADDRESS_TYPE, message: "" };
    } else {
      addr = parseIpv4(bare);
      atyp = addr === null ? 3 : 1;
      addr ??= cBytes(bare);
    }
  } else {
    addr = parseIpv4(bare);
    atyp = 1;
    if (addr === null) {
      addr = parseIpv6(bare);
      atyp = 4;
    }
    if (addr === null)
      return {
        proxyCode: CURLPX_RESOLVE_HOST,
        message: `Failed to resolve "${hostName}" for SOCKS5 connect.`,
      };
  }
  const lenByte = atyp === 3 ? 1 : 0;
  const out = new Uint8Array(4 + lenByte + addr.length + 2);
  out[0] = 5;
  out[1] = 1; // CONNECT
  out[2] = 0;
  out[3] = atyp;
  if (lenByte) out[4] = addr.length;
  out.set(addr, 4 + lenByte);
  out[out.length - 2] = (port >> 8) & 0xff;
  out[out.length - 1] = port & 0xff;
  return out;
}

/**
 * The first SOCKS5_REPLY_MIN bytes of the CONNECT reply (socks5_recv_resp1): the reply's whole
 * length (never below the minimum libcurl reads first), or the failure.
 */
export function socks5CheckReply(r: Uint8Array, hostName: string): number | SocksFailure {
  if (r[0] !== 5)
    return {
      proxyCode: CURLPX_BAD_VERSION,
      message: "SOCKS5 reply has wrong version, version should be 5.",
    };
  const rep = r[1]!;
  if (rep !== 0)
    return {
      proxyCode: rep < REPLY_CODES.length ? REPLY_CODES[rep]! : CURLPX_REPLY_UNASSIGNED,
      message: `cannot complete SOCKS5 connection to ${hostName}. (${rep})`,
    };
  let len: number;
  switch (r[3]) {
    case 1:
      len = 4 + 4 + 2;
      break;
    case 3:
      len = 4 + 1 + r[4]! + 2;
      break;
    case 4:
      len = 4 + 16 + 2;
      break;
    default:
      return {
        proxyCode: CURLPX_BAD_ADDRESS_TYPE,
        message: "SOCKS5 reply has wrong address type.",
      };
  }
  // A domain reply of length 0 is 7 bytes, but libcurl has read 8 by then and keeps all 8.
  return Math.max(len, SOCKS5_REPLY_MIN);
}
