// How Bun's socket and TLS errors become libcurl's codes and texts (CURLE 7, 35, 60, 77). Pure: no Bun
// I/O, so the tables can be unit-tested without a socket.

import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR } from "../../constants/index.ts";
import type { ConnectRequest } from "../types.ts";

// errno names Bun reports on a failed connect, as strerror() spells them (libcurl prints those).
const ERRNO_TEXT: Record<string, string> = {
  ECONNREFUSED: "Connection refused",
  ENOENT: "No such file or directory",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "No route to host",
  ENETUNREACH: "Network is unreachable",
  EACCES: "Permission denied",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ECONNRESET: "Connection reset by peer",
  EPIPE: "Broken pipe",
};

// Certificate verification failures (OpenSSL X509_V_ERR_* names, as Bun/Node codes): CURLE 60.
const VERIFY_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "PATH_LENGTH_EXCEEDED",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "HOSTNAME_MISMATCH",
]);
const ALTNAME_INVALID = "ERR_TLS_CERT_ALTNAME_INVALID";

/** Where the name check gets the peer's certificate (a Bun TLS socket; a stub in tests). */
export interface PeerCertSource {
  getPeerCertificate(): PeerCertificate;
}

/** The error's string `code` (Bun's errno or OpenSSL name), "" when it has none. */
export function errCode(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : "";
}

/** The error's message, or the thrown value as a string when it is no Error. */
export function errMessage(e: unknown): string {
  const m = (e as { message?: unknown } | null)?.message;
  return typeof m === "string" ? m : String(e);
}

/** A synchronous throw from Bun.connect with TLS options that means the CA file is unusable (77). */
export function isCaFileError(e: unknown): boolean {
  return errCode(e) === "ERR_BORINGSSL";
}

/** CURLE_SSL_CACERT_BADFILE's text (lib/vtls/openssl.c). */
export function caFileText(path: string | undefined): string {
  return `error setting certificate file: ${path}`;
}

/** A reset or other failure of an open socket, as strerror() would print it (CURLE_RECV_ERROR). */
export function recvErrorText(error: Error): string {
  return ERRNO_TEXT[errCode(error)] ?? errMessage(error);
}

/** CURLE_COULDNT_CONNECT's text after `ms` milliseconds (lib/cf-socket.c). */
export function connectErrorText(req: ConnectRequest, ms: number, error: unknown): string {
  const why = ERRNO_TEXT[errCode(error)] ?? (error ? errMessage(error) : "Connection refused");
  const where =
    req.unixPath !== undefined ? req.unixPath : `${req.servername ?? req.host} port ${req.port}`;
  return `Failed to connect to ${where} after ${ms} ms: ${why}`;
}

/** A TLS socket that closed before its handshake finished (CURLE_SSL_CONNECT_ERROR). */
export function handshakeCloseText(error: Error | undefined): string {
  return `TLS connect error: ${error ? errMessage(error) : "connection closed during handshake"}`;
}

/** libcurl's name kind in "no alternative certificate subject name matches target <kind> 'x'". */
function nameKind(name: string): string {
  if (name.includes(":")) return "IPv6 address";
  return /^[0-9.]+$/.test(name) ? "IPv4 address" : "hostname";
}

function altnameText(name: string): string {
  return `SSL: no alternative certificate subject name matches target ${nameKind(name)} '${name}'`;
}

function nameMatches(peer: PeerCertSource | undefined, name: string): boolean {
  const cert = peer?.getPeerCertificate();
  if (cert === undefined) return false;
  return checkServerIdentity(name, cert) === undefined;
}

/**
 * What is wrong with the peer given Bun's authorizationError, as libcurl's error text ("" = accept).
 * A chain failure is CURLE_PEER_FAILED_VERIFICATION, anything else a TLS connect error (35).
 */
export function certProblem(
  req: ConnectRequest,
  authError: Error,
  peer: PeerCertSource | undefined,
): string {
  const code = errCode(authError);
  const name = req.servername ?? req.host;
  const verifyHost = req.verifyHost !== false;
  if (code === ALTNAME_INVALID) return verifyHost ? altnameText(name) : "";
  if (!VERIFY_CODES.has(code)) return `TLS connect error: ${errMessage(authError)}`;
  if (req.verifyPeer !== false) return `SSL certificate problem: ${errMessage(authError)}`;
  // A chain error hides the name check in Bun's report: do it here (libcurl checks the name even
  // with VERIFYPEER off, lib/vtls/openssl.c ossl_check_peer_cert).
  return verifyHost && !nameMatches(peer, name) ? altnameText(name) : "";
}

/** The CURLE code for a non-empty certProblem() text: 35 for a TLS connect error, else 60. */
export function certProblemCode(detail: string): number {
  return detail.startsWith("TLS connect error")
    ? CURLE_SSL_CONNECT_ERROR
    : CURLE_PEER_FAILED_VERIFICATION;
}
