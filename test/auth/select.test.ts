// Choosing a method (src/auth: challenge.ts, act.ts, output.ts, session.ts) as libcurl's lib/http.c
// does: what a 401's headers offer (several methods in one header, several headers), the preference
// order restricted by the mask and the credentials, ANYSAFE without Basic, the authproblem after
// credentials failed, the probe (authneg) of a POST before Digest's challenge, and setopt's mask rules.

import { describe, expect, test } from "bun:test";
import { AUTH_AGAIN, AUTH_FAIL, AUTH_GO_ON, authAct, pickOne } from "../../src/auth/act.ts";
import { inputAuth } from "../../src/auth/challenge.ts";
import { beginOutput, endOutput, outputSide } from "../../src/auth/output.ts";
import { AuthSession, CURLAUTH_PICKNONE, supportedAuth } from "../../src/auth/session.ts";
import {
  CURLAUTH_ANY,
  CURLAUTH_ANYSAFE,
  CURLAUTH_BASIC,
  CURLAUTH_BEARER,
  CURLAUTH_DIGEST,
  CURLAUTH_DIGEST_IE,
  CURLAUTH_NEGOTIATE,
  CURLAUTH_NTLM,
} from "../../src/constants/index.ts";

const USER = { userPass: true, bearer: false };
const D = `Digest realm="r", nonce="n", qop="auth"`;

function session(want: number): AuthSession {
  const s = new AuthSession();
  s.begin(supportedAuth(want), supportedAuth(CURLAUTH_BASIC));
  return s;
}

describe("what a 401 offers", () => {
  test("two methods in one header, Basic first", () => {
    const s = session(CURLAUTH_ANY);
    expect(inputAuth(s, false, `Basic realm="r", ${D}`)).toBe(CURLAUTH_BASIC | CURLAUTH_DIGEST);
    expect(s.host.digest.nonce).toBe("n");
  });

  test("one header per method; unknown methods are passed over", () => {
    const s = session(CURLAUTH_ANY);
    expect(inputAuth(s, false, `NewAuth realm="x"`)).toBe(0);
    expect(inputAuth(s, false, D)).toBe(CURLAUTH_DIGEST);
    expect(inputAuth(s, false, `Bearer realm="r"`)).toBe(CURLAUTH_BEARER);
    expect(s.host.avail).toBe(CURLAUTH_DIGEST | CURLAUTH_BEARER);
  });

  test("a name must end where the method does: 'Basically' is not Basic", () => {
    expect(inputAuth(session(CURLAUTH_ANY), false, `Basically realm="r"`)).toBe(0);
    expect(inputAuth(session(CURLAUTH_ANY), false, `basic realm="r"`)).toBe(CURLAUTH_BASIC);
  });

  test("a second Digest header of the same response is ignored", () => {
    const s = session(CURLAUTH_DIGEST);
    inputAuth(s, false, D);
    expect(inputAuth(s, false, `Digest realm="r", nonce="other"`)).toBe(CURLAUTH_DIGEST);
    expect(s.host.digest.nonce).toBe("n");
    expect(s.problem).toBe(false);
  });

  test("a Digest challenge without a nonce is the authproblem", () => {
    const s = session(CURLAUTH_DIGEST);
    inputAuth(s, false, `Digest realm="r"`);
    expect(s.problem).toBe(true);
  });
});

describe("the pick (pickoneauth)", () => {
  const pick = (want: number, avail: number, creds = USER) => {
    const s = session(want);
    s.host.avail = avail;
    pickOne(s.host, 0xffffffff, creds);
    return s.host.picked;
  };
  const ALL = CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_BEARER | CURLAUTH_NTLM;

  test("Digest over Basic, Bearer over Digest (with a token), NTLM is not built in", () => {
    expect(pick(CURLAUTH_ANY, CURLAUTH_BASIC | CURLAUTH_DIGEST)).toBe(CURLAUTH_DIGEST);
    expect(pick(CURLAUTH_ANY, ALL, { userPass: true, bearer: true })).toBe(CURLAUTH_BEARER);
    expect(pick(CURLAUTH_ANY, CURLAUTH_NTLM | CURLAUTH_BASIC)).toBe(CURLAUTH_BASIC);
  });

  test("ANYSAFE refuses a Basic-only server", () => {
    expect(pick(CURLAUTH_ANYSAFE, CURLAUTH_BASIC)).toBe(CURLAUTH_PICKNONE);
    expect(pick(CURLAUTH_ANYSAFE, CURLAUTH_BASIC | CURLAUTH_DIGEST)).toBe(CURLAUTH_DIGEST);
  });

  test("only wanted methods, and only with the credentials they need", () => {
    expect(pick(CURLAUTH_BASIC, CURLAUTH_DIGEST)).toBe(CURLAUTH_PICKNONE);
    expect(pick(CURLAUTH_ANY, CURLAUTH_DIGEST, { userPass: false, bearer: true })).toBe(
      CURLAUTH_PICKNONE,
    );
  });

  test("the offer is used up by the pick", () => {
    const s = session(CURLAUTH_ANY);
    s.host.avail = CURLAUTH_DIGEST;
    expect(pickOne(s.host, 0xffffffff, USER)).toBe(true);
    expect(s.host.avail).toBe(0);
  });
});

describe("the verdict (Curl_http_auth_act)", () => {
  test("a picked method asks again; a second 401 to Basic is the answer", () => {
    const s = session(CURLAUTH_BASIC);
    beginOutput(s, true);
    outputSide(s.host, target());
    inputAuth(s, false, `Basic realm="r"`);
    expect(s.problem).toBe(true);
    expect(authAct(s, 401, USER, null, true, false).verdict).toBe(AUTH_GO_ON);
    expect(authAct(s, 401, USER, null, true, true).verdict).toBe(AUTH_FAIL);
  });

  test("no offered method fits: the 401 is the answer (FAILONERROR: fail)", () => {
    const s = session(CURLAUTH_ANYSAFE);
    inputAuth(s, false, `Basic realm="r"`);
    expect(authAct(s, 401, USER, null, true, false).verdict).toBe(AUTH_GO_ON);
    expect(s.problem).toBe(true);
    const f = session(CURLAUTH_ANYSAFE);
    inputAuth(f, false, `Basic realm="r"`);
    expect(authAct(f, 401, USER, null, true, true).verdict).toBe(AUTH_FAIL);
  });

  test("without credentials a 401 is the answer and FAILONERROR fails it", () => {
    const s = session(CURLAUTH_ANY);
    inputAuth(s, false, D);
    expect(authAct(s, 401, null, null, true, false).verdict).toBe(AUTH_GO_ON);
    expect(authAct(s, 401, null, null, true, true).verdict).toBe(AUTH_FAIL);
  });

  test("FAILONERROR lets a 401 with a usable challenge ask again", () => {
    const s = session(CURLAUTH_ANY);
    inputAuth(s, false, D);
    const a = authAct(s, 401, USER, null, true, true);
    expect([a.verdict, a.hostPicked]).toEqual([AUTH_AGAIN, CURLAUTH_DIGEST]);
  });

  test("a probe answered 2xx is sent again with its body; GET is not", () => {
    const s = session(CURLAUTH_DIGEST);
    beginOutput(s, true);
    outputSide(s.host, target());
    expect(endOutput(s, false)).toBe(true);
    expect(authAct(s, 200, USER, null, false, false).verdict).toBe(AUTH_AGAIN);
    const g = session(CURLAUTH_DIGEST);
    beginOutput(g, true);
    outputSide(g.host, target());
    expect(endOutput(g, true)).toBe(false);
    expect(authAct(g, 200, USER, null, true, false).verdict).toBe(AUTH_GO_ON);
  });
});

function target() {
  return {
    user: "u",
    pass: "p",
    bearer: null,
    method: "GET",
    uri: "/",
    origin: "http://h:80",
    userHeader: false,
  };
}

describe("the first request (Curl_http_output_auth)", () => {
  test("one wanted method is used at once; several wait for the 401", () => {
    const s = session(CURLAUTH_BASIC);
    beginOutput(s, true);
    expect(outputSide(s.host, target()).value).toBe(`Basic ${btoa("u:p")}`);
    const any = session(CURLAUTH_ANY);
    beginOutput(any, true);
    expect(outputSide(any.host, target()).value).toBeNull();
    expect(any.host.multipass).toBe(false);
  });

  test("Digest alone sends nothing before its challenge and is multipass", () => {
    const s = session(CURLAUTH_DIGEST);
    beginOutput(s, true);
    const o = outputSide(s.host, target());
    expect([o.value, o.used, s.host.done, s.host.multipass]).toEqual([
      null,
      CURLAUTH_DIGEST,
      false,
      true,
    ]);
  });

  test("Digest state made for another origin or other credentials is dropped", () => {
    const s = session(CURLAUTH_DIGEST);
    inputAuth(s, false, D);
    beginOutput(s, true);
    expect(outputSide(s.host, target()).value).toStartWith("Digest ");
    expect(outputSide(s.host, { ...target(), origin: "http://other:80" }).value).toBeNull();
    expect(s.host.digest.nonce).toBeNull();
  });

  test("the user's own Authorization header makes Basic and Bearer yield", () => {
    const s = session(CURLAUTH_BASIC);
    beginOutput(s, true);
    expect(outputSide(s.host, { ...target(), userHeader: true }).value).toBeNull();
  });

  test("nothing to send without credentials", () => {
    const s = session(CURLAUTH_BASIC);
    expect(beginOutput(s, false)).toBe(false);
    expect(s.host.done).toBe(true);
  });
});

describe("setopt's mask (setopt.c httpauth())", () => {
  test("DIGEST_IE is Digest; not built-in methods leave", () => {
    expect(supportedAuth(CURLAUTH_DIGEST_IE)).toBe(CURLAUTH_DIGEST);
    expect(supportedAuth(CURLAUTH_NTLM | CURLAUTH_BASIC)).toBe(CURLAUTH_BASIC);
    expect(supportedAuth(CURLAUTH_NTLM)).toBe(-1);
    expect(supportedAuth(CURLAUTH_NEGOTIATE | CURLAUTH_NTLM)).toBe(-1);
    expect(supportedAuth(0)).toBe(0);
    expect(supportedAuth(CURLAUTH_ANY) & CURLAUTH_DIGEST_IE).toBe(0);
  });
});
