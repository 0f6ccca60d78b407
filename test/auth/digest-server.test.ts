// The loopback Digest server (test/helpers/digest-server.ts) checked against Debian's curl before it
// judges multisock: curl --digest, --anyauth and --basic get in with the right password and are
// refused with a wrong one, in the number of requests curl makes. SHA-512-256 is where curl 7.88 is
// wrong (it hashes with SHA-256): the server refuses it, which shows the server does SHA-512/256.

import { describe, expect, test } from "bun:test";
import { type DigestServerOptions, startDigestServer } from "../helpers/digest-server.ts";

const USERS = { alice: "s3cret" };

/** Runs curl against a fresh server; the status, num_redirects and what the server judged. */
async function curl(
  opts: Partial<DigestServerOptions>,
  args: string[],
  path = "/dir/index.html?q=1",
) {
  using s = startDigestServer({ users: USERS, ...opts });
  const p = Bun.spawn(
    [
      "curl",
      "-s",
      "--noproxy",
      "*",
      ...args,
      "-w",
      "%{http_code} %{num_redirects}",
      `${s.url}${path}`,
    ],
    { stdout: "pipe", stderr: "pipe" },
  );
  const out = await new Response(p.stdout).text();
  await p.exited;
  const tail = out.slice(out.lastIndexOf("\n") + 1);
  return { out: tail, verdicts: s.seen.map((r) => r.verdict), seen: s.seen };
}

describe("the Digest server agrees with curl 7.88", () => {
  for (const algorithm of ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"] as const) {
    test(`--digest ${algorithm}: one challenge, one answer`, async () => {
      const r = await curl({ algorithm }, ["--digest", "-u", "alice:s3cret"]);
      expect(r.out).toEndWith("200 1");
      expect(r.verdicts).toEqual(["none", "digest"]);
    });
  }

  test("--digest without qop (RFC 2069) and with userhash", async () => {
    expect((await curl({ qop: null }, ["--digest", "-u", "alice:s3cret"])).verdicts).toEqual([
      "none",
      "digest",
    ]);
    const u = await curl({ userhash: true, algorithm: "SHA-256" }, [
      "--digest",
      "-u",
      "alice:s3cret",
    ]);
    expect(u.verdicts).toEqual(["none", "digest"]);
  });

  test("--digest with a wrong password: refused twice, the 401 is the answer", async () => {
    const r = await curl({}, ["--digest", "-u", "alice:wrong"]);
    expect(r.out).toEndWith("401 1");
    expect(r.verdicts).toEqual(["none", "bad response"]);
  });

  test("--digest -d: a probe with no body, then the body with the answer", async () => {
    const r = await curl({}, ["--digest", "-u", "alice:s3cret", "-d", "hello"]);
    expect(r.seen.map((q) => [q.method, q.headers["content-length"], q.body])).toEqual([
      ["POST", "0", ""],
      ["POST", "5", "hello"],
    ]);
  });

  test("--anyauth on Basic and Digest picks Digest; --basic sends Basic at once", async () => {
    const any = await curl({ challenges: ["basic+digest"] }, ["--anyauth", "-u", "alice:s3cret"]);
    expect(any.verdicts).toEqual(["none", "digest"]);
    const basic = await curl({ challenges: ["basic"] }, ["--basic", "-u", "alice:s3cret"]);
    expect(basic.out).toEndWith("200 0");
    expect(basic.verdicts).toEqual(["basic"]);
  });

  test("SHA-512-256: curl 7.88 answers with SHA-256, which the server refuses", async () => {
    const r = await curl({ algorithm: "SHA-512-256" }, ["--digest", "-u", "alice:s3cret"]);
    expect(r.verdicts).toEqual(["none", "bad response"]);
  });
});
