// The Bun transport's error tables without a socket: errno and BoringSSL/OpenSSL codes to libcurl's
// texts and CURLE codes (7, 35, 60, 77), as src/transport/bun/errors.ts maps them.

import { describe, expect, test } from "bun:test";
import type { PeerCertificate } from "node:tls";
import {
  caFileText,
  certProblem,
  certProblemCode,
  connectErrorText,
  errCode,
  errMessage,
  handshakeCloseText,
  isCaFileError,
  type PeerCertSource,
  recvErrorText,
} from "../../src/transport/bun/errors.ts";
import type { ConnectRequest } from "../../src/transport/types.ts";

const req = (over: Partial<ConnectRequest> = {}): ConnectRequest => ({
  host: "example.com",
  port: 443,
  tls: true,
  ...over,
});

const codeError = (code: string, message: string) => Object.assign(new Error(message), { code });

// Just what checkServerIdentity reads of a certificate.
const peerFor = (dnsName: string): PeerCertSource => ({
  getPeerCertificate: () =>
    ({ subject: { CN: dnsName }, subjectaltname: `DNS:${dnsName}` }) as unknown as PeerCertificate,
});

describe("errCode / errMessage", () => {
  test("read code and message, tolerating non-errors", () => {
    expect(errCode(codeError("ECONNRESET", "x"))).toBe("ECONNRESET");
    expect(errCode({ code: 104 })).toBe("");
    expect(errCode(null)).toBe("");
    expect(errMessage(new Error("boom"))).toBe("boom");
    expect(errMessage("plain")).toBe("plain");
  });
});

describe("connect failures (CURLE_COULDNT_CONNECT text)", () => {
  test("errno names become strerror() text", () => {
    const e = codeError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:443");
    expect(connectErrorText(req(), 12, e)).toBe(
      "Failed to connect to example.com port 443 after 12 ms: Connection refused",
    );
    expect(connectErrorText(req(), 0, codeError("EHOSTUNREACH", "x"))).toEndWith(
      ": No route to host",
    );
    expect(connectErrorText(req(), 0, codeError("ETIMEDOUT", "x"))).toEndWith(
      ": Connection timed out",
    );
  });

  test("servername names the target; a Unix socket is named by its path", () => {
    const e = codeError("ENOENT", "x");
    expect(connectErrorText(req({ servername: "sni.test", port: 8443 }), 5, e)).toBe(
      "Failed to connect to sni.test port 8443 after 5 ms: No such file or directory",
    );
    expect(connectErrorText(req({ unixPath: "/tmp/x.sock" }), 1, e)).toBe(
      "Failed to connect to /tmp/x.sock after 1 ms: No such file or directory",
    );
  });

  test("an unknown code keeps the message; no error at all reads as refused", () => {
    expect(connectErrorText(req(), 3, codeError("EWHATEVER", "odd failure"))).toEndWith(
      "after 3 ms: odd failure",
    );
    expect(connectErrorText(req(), 3, undefined)).toEndWith("after 3 ms: Connection refused");
  });
});

describe("open-socket and handshake failures", () => {
  test("a reset reads like strerror(ECONNRESET), an unknown error keeps its message", () => {
    expect(recvErrorText(codeError("ECONNRESET", "x"))).toBe("Connection reset by peer");
    expect(recvErrorText(codeError("EPIPE", "x"))).toBe("Broken pipe");
    expect(recvErrorText(new Error("socket hang up"))).toBe("socket hang up");
  });

  test("a close during the handshake is a TLS connect error", () => {
    expect(handshakeCloseText(undefined)).toBe(
      "TLS connect error: connection closed during handshake",
    );
    expect(handshakeCloseText(new Error("wrong version number"))).toBe(
      "TLS connect error: wrong version number",
    );
  });

  test("only ERR_BORINGSSL means an unusable CA file (77)", () => {
    expect(isCaFileError(codeError("ERR_BORINGSSL", "x"))).toBe(true);
    expect(isCaFileError(codeError("ENOENT", "x"))).toBe(false);
    expect(caFileText("/etc/ca.pem")).toBe("error setting certificate file: /etc/ca.pem");
  });
});

describe("certProblem / certProblemCode", () => {
  const selfSigned = codeError("DEPTH_ZERO_SELF_SIGNED_CERT", "self signed certificate");
  const altname = codeError("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match");

  test("a chain failure is CURLE_PEER_FAILED_VERIFICATION (60)", () => {
    const text = certProblem(req(), selfSigned, undefined);
    expect(text).toBe("SSL certificate problem: self signed certificate");
    expect(certProblemCode(text)).toBe(60);
    const expired = certProblem(
      req(),
      codeError("CERT_HAS_EXPIRED", "certificate has expired"),
      undefined,
    );
    expect(certProblemCode(expired)).toBe(60);
  });

  test("a code outside the verify table is a TLS connect error (35)", () => {
    const text = certProblem(req(), codeError("ERR_SSL_WRONG_VERSION", "wrong version"), undefined);
    expect(text).toBe("TLS connect error: wrong version");
    expect(certProblemCode(text)).toBe(35);
  });

  test("a name mismatch names the target's kind, and VERIFYHOST off accepts it", () => {
    expect(certProblem(req(), altname, undefined)).toBe(
      "SSL: no alternative certificate subject name matches target hostname 'example.com'",
    );
    expect(certProblem(req({ host: "127.0.0.1" }), altname, undefined)).toBe(
      "SSL: no alternative certificate subject name matches target IPv4 address '127.0.0.1'",
    );
    expect(certProblem(req({ host: "::1" }), altname, undefined)).toBe(
      "SSL: no alternative certificate subject name matches target IPv6 address '::1'",
    );
    expect(certProblemCode(certProblem(req(), altname, undefined))).toBe(60);
    expect(certProblem(req({ verifyHost: false }), altname, undefined)).toBe("");
  });

  test("VERIFYPEER off still checks the name against the peer's certificate", () => {
    const off = req({ verifyPeer: false });
    expect(certProblem(off, selfSigned, peerFor("example.com"))).toBe("");
    expect(certProblem(off, selfSigned, peerFor("other.test"))).toBe(
      "SSL: no alternative certificate subject name matches target hostname 'example.com'",
    );
    // No certificate to look at: the name cannot match.
    expect(certProblem(off, selfSigned, undefined)).toStartWith("SSL: no alternative");
    expect(certProblem(req({ verifyPeer: false, verifyHost: false }), selfSigned, undefined)).toBe(
      "",
    );
  });
});
