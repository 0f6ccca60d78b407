// The whole engine on real loopback sockets: a Bun.serve origin in a child process, scripted raw TCP
// servers for the broken cases, TLS with the test CA, a Unix socket, and 10,000 transfers at once.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Origin, startOrigin } from "../../scripts/start-origin.ts";
import {
  BunDriver,
  CURL_SOCKET_TIMEOUT,
  CURLE_COULDNT_CONNECT,
  CURLE_GOT_NOTHING,
  CURLE_OK,
  CURLE_PARTIAL_FILE,
  CURLE_PEER_FAILED_VERIFICATION,
  CURLE_RECV_ERROR,
  CURLE_TOO_LARGE,
  CURLE_UNSUPPORTED_PROTOCOL,
  CurlError,
  Easy,
  Multi,
  request,
} from "../../src/index.ts";
import {
  refusedPort,
  startTcpServer,
  startTlsServer,
  startUnixServer,
  TEST_CA,
} from "../helpers/loopback.ts";
import { runAll } from "../helpers/run-all.ts";
import { fnv1a } from "../helpers/virtual.ts";

let origin: Origin;
let base: string;

beforeAll(async () => {
  origin = await startOrigin();
  base = `http://127.0.0.1:${origin.port}`;
});
afterAll(async () => {
  await origin.stop();
});

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 251;
  return b;
}

describe("against a Bun.serve origin", () => {
  test("GET of 1 KiB and 1 MiB, chunked, POST echo: right bytes, getinfo filled", async () => {
    const { results, bodies, easies } = await runAll([
      `${base}/bytes/1024`,
      `${base}/bytes/1048576`,
      `${base}/chunked/300000`,
    ]);
    expect(results).toEqual([CURLE_OK, CURLE_OK, CURLE_OK]);
    expect(fnv1a(bodies[0]!)).toBe(fnv1a(pattern(1024)));
    expect(fnv1a(bodies[1]!)).toBe(fnv1a(pattern(1 << 20)));
    expect(fnv1a(bodies[2]!)).toBe(fnv1a(pattern(300000)));
    const e = easies[1]!;
    expect(e.getinfo("responseCode")).toBe(200);
    expect(e.getinfo("sizeDownload")).toBe(1 << 20);
    expect(e.getinfo("primaryIp")).toBe("127.0.0.1");
    expect(e.getinfo("primaryPort")).toBe(origin.port);
    expect(e.getinfo("localPort")).toBeGreaterThan(0);
    expect(e.getinfo("totalTime")).toBeGreaterThan(0);
    const body = "x=1&y=two";
    const r = await request(`${base}/echo`, { postFields: body });
    expect(new TextDecoder().decode(r.body)).toBe(body);
    expect(r.status).toBe(200);
  });

  test("request() rejects with the CURLE code and libcurl's text", async () => {
    const port = refusedPort();
    const err = await request(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CurlError);
    expect((err as CurlError).code).toBe(CURLE_COULDNT_CONNECT);
    expect((err as CurlError).detail).toMatch(new RegExp(`port ${port}`));
    // @ts-expect-error: an unknown option is a compile error; at run time CURLE_UNKNOWN_OPTION.
    const bad = await request(`${base}/`, { noSuchOption: 1 }).catch((e: unknown) => e);
    expect((bad as CurlError).code).toBe(48); // CURLE_UNKNOWN_OPTION
  });

  test("a script that used request() exits although its keep-alive connection stays open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "multisock-exit-"));
    const script = join(dir, "once.ts");
    const entry = join(import.meta.dir, "../../src/index.ts");
    writeFileSync(
      script,
      `import { request } from ${JSON.stringify(entry)};\n` +
        `const r = await request(${JSON.stringify(`${base}/bytes/10`)});\n` +
        "console.log(r.status, r.body.length);\n",
    );
    const proc = Bun.spawn([process.execPath, script], { stdout: "pipe", stderr: "inherit" });
    const killer = setTimeout(() => proc.kill(), 10_000);
    const code = await proc.exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
    expect(await new Response(proc.stdout).text()).toBe("200 10\n");
    expect(code).toBe(0); // killed after 10 s would be a signal exit, not 0
  });

  test("name resolution through Bun.dns: localhost", async () => {
    const r = await request(`http://localhost:${origin.port}/bytes/10`);
    expect(r.body.length).toBe(10);
  });

  test("keep-alive: the second transfer reuses the connection", async () => {
    const multi = new Multi();
    const a = await runAll([`${base}/bytes/10`], undefined, multi);
    const b = await runAll([`${base}/bytes/10`], undefined, multi);
    expect(a.easies[0]!.getinfo("numConnects")).toBe(1);
    expect(b.easies[0]!.getinfo("numConnects")).toBe(0);
    multi.close();
  });
});

describe("scripted raw servers: each broken reply ends with libcurl's code, bytes so far intact", () => {
  const reply =
    (text: string, then: "end" | "reset" | "keep" = "keep") =>
    (peer: { sock: { write(s: string): number; end(): void; terminate(): void } }) => {
      peer.sock.write(text);
      if (then === "end") peer.sock.end();
      if (then === "reset") peer.sock.terminate();
    };
  const cases: [string, ReturnType<typeof reply>, number, string][] = [
    [
      "truncated body",
      reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd", "end"),
      CURLE_PARTIAL_FILE,
      "abcd",
    ],
    [
      "reset mid-body",
      reply("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabcd", "reset"),
      CURLE_RECV_ERROR,
      "abcd",
    ],
    ["close before any byte", reply("", "end"), CURLE_GOT_NOTHING, ""],
    ["a reply that is not HTTP", reply("SSH-2.0-x\r\n", "keep"), CURLE_UNSUPPORTED_PROTOCOL, ""],
    [
      "huge header line",
      reply(`HTTP/1.1 200 OK\r\nX: ${"h".repeat(110 * 1024)}\r\n\r\n`, "keep"),
      CURLE_TOO_LARGE,
      "",
    ],
    [
      "huge header block",
      reply(`HTTP/1.1 200 OK\r\n${`X: ${"h".repeat(1000)}\r\n`.repeat(320)}\r\n`, "keep"),
      CURLE_RECV_ERROR,
      "",
    ],
  ];
  for (const [name, script, code, body] of cases) {
    test(name, async () => {
      using srv = startTcpServer({ data: (p) => script(p as never) });
      const { results, bodies } = await runAll([`http://127.0.0.1:${srv.port}/`]);
      expect(results[0]).toBe(code);
      expect(new TextDecoder().decode(bodies[0]!)).toBe(body);
    });
  }

  test("a slow drip of one byte at a time, chunked, split at every boundary", async () => {
    const resp =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n";
    using srv = startTcpServer({
      data: async (p) => {
        for (let i = 0; i < resp.length; i++) {
          p.sock.write(resp[i]!);
          await Bun.sleep(1);
        }
      },
    });
    const { results, bodies } = await runAll([`http://127.0.0.1:${srv.port}/`]);
    expect(results[0]).toBe(CURLE_OK);
    expect(new TextDecoder().decode(bodies[0]!)).toBe("hello world");
  });

  test("a server that accepts and never answers: the transfer waits; removing it leaves nothing", async () => {
    using srv = startTcpServer({});
    const multi = new Multi();
    const e = new Easy();
    e.setopt("url", `http://127.0.0.1:${srv.port}/`);
    const driver = new BunDriver(multi);
    multi.addHandle(e);
    void driver.run();
    await Bun.sleep(150);
    expect(multi.running).toBe(1);
    expect(srv.peers.length).toBe(1);
    expect(multi.removeHandle(e)).toBe(0);
    expect(multi.running).toBe(0);
    expect((multi.transport as unknown as { open: number }).open).toBe(0);
    driver.close();
  });
});

describe("TLS and Unix sockets", () => {
  const hello = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  test("https with caInfo succeeds; without it CURLE_PEER_FAILED_VERIFICATION; verification off succeeds", async () => {
    using srv = startTlsServer({ data: (p) => void p.sock.write(hello) });
    const url = `https://localhost:${srv.port}/`;
    const ok = await runAll([url], (e) => e.setopt("caInfo", TEST_CA));
    expect(ok.results[0]).toBe(CURLE_OK);
    expect(new TextDecoder().decode(ok.bodies[0]!)).toBe("hello");
    expect(ok.easies[0]!.getinfo("appconnectTime")).toBeGreaterThan(0);
    const bad = await runAll([url]);
    expect(bad.results[0]).toBe(CURLE_PEER_FAILED_VERIFICATION);
    const off = await runAll([url], (e) => e.setopt("sslVerifyPeer", 0));
    expect(off.results[0]).toBe(CURLE_OK);
  });

  test("unixSocketPath", async () => {
    using srv = startUnixServer({ data: (p) => void p.sock.write(hello) });
    const { results, bodies } = await runAll(["http://localhost/x"], (e) =>
      e.setopt("unixSocketPath", srv.unix!),
    );
    expect(results[0]).toBe(CURLE_OK);
    expect(new TextDecoder().decode(bodies[0]!)).toBe("hello");
  });
});

describe("the socket callback sequence on real sockets", () => {
  test("matches the virtual-time one for the same transfer", async () => {
    using srv = startTcpServer({
      data: (p) => void p.sock.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    });
    const multi = new Multi();
    const log: string[] = [];
    const names = ["", "IN", "OUT", "INOUT", "REMOVE"];
    multi.setopt("socketFunction", (_e: unknown, s: number, what: number) => {
      log.push(names[what]!);
      multi.poller.watch(s, what);
      return 0;
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = Promise.withResolvers<void>();
    const act = (s: number, ev: number) => {
      multi.socketAction(s, ev);
      if (multi.running === 0) done.resolve();
    };
    multi.setopt("timerFunction", (_m: unknown, ms: number) => {
      log.push(`timer ${ms < 0 ? -1 : ms >= 299_000 ? "300s" : ms}`);
      clearTimeout(timer);
      if (ms >= 0) timer = setTimeout(() => act(CURL_SOCKET_TIMEOUT, 0), ms);
      return 0;
    });
    multi.poller.onReady = act;
    const e = new Easy();
    e.setopt("url", `http://127.0.0.1:${srv.port}/`);
    multi.addHandle(e);
    await done.promise;
    // The same sequence as test/multi/sequence.test.ts "one GET on a fresh connection".
    expect(log).toEqual(["timer 0", "OUT", "timer 300s", "IN", "timer -1", "REMOVE"]);
    multi.close();
  });
});

describe("scale on loopback", () => {
  test("10,000 concurrent transfers, right bytes, nothing left afterwards", async () => {
    const N = 10_000;
    const multi = new Multi();
    const hashes = new Uint32Array(N);
    let ok = 0;
    const easies: Easy[] = [];
    for (let i = 0; i < N; i++) {
      const e = new Easy();
      e.setopt("url", `${base}/bytes/${1024 + (i % 7)}`);
      e.setopt("writeFunction", (d: Uint8Array) => {
        hashes[i] = fnv1a(d, hashes[i] || 0x811c9dc5);
        return d.length;
      });
      easies.push(e);
    }
    const driver = new BunDriver(multi, {
      onDone(e, r) {
        if (r === CURLE_OK) ok++;
        else console.error("failed", r, e.getinfo("errorBuffer"));
        multi.removeHandle(e);
      },
    });
    for (const e of easies) multi.addHandle(e);
    await driver.run();
    expect(ok).toBe(N);
    const want = Array.from({ length: 7 }, (_, k) => fnv1a(pattern(1024 + k)));
    for (let i = 0; i < N; i++) expect(hashes[i]).toBe(want[i % 7]!);
    expect(multi.running).toBe(0);
    expect(multi.timeout()).toBe(-1);
    multi.assertInvariants();
    driver.close();
    multi.close();
    expect((multi.transport as unknown as { open: number }).open).toBe(0);
  }, 120_000);
});
