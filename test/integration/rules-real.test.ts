import { handleOf } from "../../src/easy/easy.ts";
// The network rules of test/multi/rules.test.ts again on real loopback sockets (port 0, BunDriver):
// credentials on redirects to another port, no retry on a fresh connection, bytes on an idle connection,
// 303 after a PUT, the pending queue's order, the default cache size, the header limit and the Expect
// threshold at their exact boundaries.

import { describe, expect, test } from "bun:test";
import { CURLE_GOT_NOTHING, CURLE_OK, CURLE_RECV_ERROR, Multi } from "../../src/index.ts";
import { type Peer, startTcpServer, until } from "../helpers/loopback.ts";
import { runAll } from "../helpers/run-all.ts";

const ok = (body: string, extra = "") =>
  `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;

/** Request heads (no bodies) received on a peer so far. */
const heads = (p: Peer) => p.text().split("\r\n\r\n").slice(0, -1);
const header = (head: string, name: string) =>
  head
    .split("\r\n")
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();

describe("credentials on a redirect to the same host on another port (CVE-2022-27776)", () => {
  test("Authorization and the user Cookie go to the first port only; same origin keeps them", async () => {
    const seenB: string[] = [];
    using b = startTcpServer({
      data: (p) => {
        for (const h of heads(p).slice(seenB.length)) seenB.push(h);
        p.sock.write(ok("b"));
      },
    });
    const seenA: string[] = [];
    using a = startTcpServer({
      data: (p) => {
        const hs = heads(p);
        for (const h of hs.slice(seenA.length)) {
          seenA.push(h);
          const target = h.split(" ")[1];
          if (target === "/")
            p.sock.write(ok("", "Location: /same\r\n").replace("200 OK", "302 Found"));
          else if (target === "/same")
            p.sock.write(
              ok("", `Location: http://127.0.0.1:${b.port}/other\r\n`).replace(
                "200 OK",
                "302 Found",
              ),
            );
          else p.sock.write(ok("?"));
        }
      },
    });
    const { results, texts: bodies } = await runAll([`http://127.0.0.1:${a.port}/`], (e) => {
      e.setopt("followLocation", 1);
      e.setopt("userPwd", "user:secret");
      e.setopt("httpHeader", ["Cookie: c=1", "X-Keep: yes"]);
    });
    expect(results).toEqual([CURLE_OK]);
    expect(bodies).toEqual(["b"]);
    const auth = `Basic ${Buffer.from("user:secret").toString("base64")}`;
    expect(seenA.map((h) => [header(h, "authorization"), header(h, "cookie")])).toEqual([
      [auth, "c=1"],
      [auth, "c=1"], // same scheme, host and port: kept
    ]);
    expect(seenB.length).toBe(1);
    expect(header(seenB[0]!, "x-keep")).toBe("yes");
    expect(header(seenB[0]!, "authorization")).toBeUndefined();
    expect(header(seenB[0]!, "cookie")).toBeUndefined();
  });
});

describe("no stale-connection retry on a fresh connection", () => {
  test("closed before any byte: GOT_NOTHING after one connection", async () => {
    using srv = startTcpServer({ data: (p) => void p.sock.end() });
    const { results, easies } = await runAll([`http://127.0.0.1:${srv.port}/`]);
    expect(results).toEqual([CURLE_GOT_NOTHING]);
    expect(srv.peers.length).toBe(1);
    expect(handleOf(easies[0]!).info.retries).toBe(0);
  });

  test("reset before any byte: RECV_ERROR after one connection", async () => {
    using srv = startTcpServer({ data: (p) => void p.sock.terminate() });
    const { results, easies } = await runAll([`http://127.0.0.1:${srv.port}/`]);
    expect(results).toEqual([CURLE_RECV_ERROR]);
    expect(srv.peers.length).toBe(1);
    expect(handleOf(easies[0]!).info.retries).toBe(0);
  });
});

describe("an idle connection that received bytes", () => {
  test("is closed instead of reused", async () => {
    using srv = startTcpServer({
      data: (p) => {
        const n = srv.peers.indexOf(p);
        p.sock.write(ok(`c${n}`));
        if (n === 0) setTimeout(() => p.sock.write(ok("stale")), 20);
      },
    });
    const multi = new Multi();
    const url = `http://127.0.0.1:${srv.port}/`;
    const first = await runAll([url], undefined, multi);
    expect(first.texts).toEqual(["c0"]);
    // The junk arrives while the connection is parked: wait until the transport has it queued.
    const t = multi.transport as unknown as { opened: number; queuedBytes(s: number): number };
    await until(() => {
      for (let s = 0; s < t.opened; s++) if (t.queuedBytes(s) > 0) return true;
      return false;
    }, "the junk on the idle connection");
    const second = await runAll([url], undefined, multi);
    expect(second.results).toEqual([CURLE_OK]);
    expect(second.texts).toEqual(["c1"]);
    expect(second.easies[0]!.getinfo("numConnects")).toBe(1);
    expect(srv.peers.length).toBe(2);
    await until(() => srv.peers[0]!.closed, "the stale connection to be closed");
    multi.close();
  });
});

describe("303 after a PUT", () => {
  test("the follow is a GET without a body", async () => {
    const lines: string[] = [];
    using srv = startTcpServer({
      data: (p) => {
        const t = p.text();
        const end = t.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = t.slice(0, end);
        const len = Number(header(head, "content-length") ?? 0);
        if (t.length < end + 4 + len) return;
        if (lines.length >= srv.peers.indexOf(p) + 1) return; // answered already
        lines.push(`${head.split("\r\n")[0]} ${len} ${t.slice(end + 4)}`);
        if (lines.length === 1)
          p.sock.write(
            "HTTP/1.1 303 See Other\r\nLocation: /q\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
          );
        else p.sock.write(ok("done"));
      },
    });
    let fed = false;
    const { results, texts: bodies } = await runAll([`http://127.0.0.1:${srv.port}/p`], (e) => {
      e.setopt("followLocation", 1);
      e.setopt("upload", 1);
      e.setopt("inFileSize", 3);
      e.setopt("readFunction", (buf: Uint8Array) => {
        if (fed) return 0;
        fed = true;
        buf.set([97, 98, 99]);
        return 3;
      });
    });
    expect(results).toEqual([CURLE_OK]);
    expect(bodies).toEqual(["done"]);
    expect(lines).toEqual(["PUT /p HTTP/1.1 3 abc", "GET /q HTTP/1.1 0 "]);
  });
});

describe("the pending queue on real sockets", () => {
  test("maxHostConnections 1: transfers start in the order they were added", async () => {
    const order: string[] = [];
    using srv = startTcpServer({
      data: (p) => {
        for (const h of heads(p)) order.push(h.split(" ")[1]!);
        setTimeout(() => p.sock.write(ok("x", "Connection: close\r\n")), 5);
      },
    });
    const multi = new Multi();
    multi.setopt("maxHostConnections", 1);
    const paths = ["/a", "/b", "/c", "/d", "/e"];
    const { results } = await runAll(
      paths.map((t) => `http://127.0.0.1:${srv.port}${t}`),
      undefined,
      multi,
    );
    expect(results).toEqual(Array(5).fill(CURLE_OK));
    expect(order).toEqual(paths);
    multi.close();
  });
});

describe("the default connection cache size on real sockets", () => {
  test("five transfers to five servers ending in turn: the oldest idle connection is closed", async () => {
    const servers = [0, 1, 2, 3, 4].map((i) =>
      startTcpServer({ data: (p) => void setTimeout(() => p.sock.write(ok(`s${i}`)), 40 * i) }),
    );
    try {
      const multi = new Multi();
      const { results, texts: bodies } = await runAll(
        servers.map((s) => `http://127.0.0.1:${s.port}/`),
        undefined,
        multi,
      );
      expect(results).toEqual(Array(5).fill(CURLE_OK));
      expect(bodies).toEqual(["s0", "s1", "s2", "s3", "s4"]);
      await until(() => servers[0]!.peers[0]!.closed, "the oldest idle connection to close");
      await Bun.sleep(30);
      expect(servers.map((s) => s.peers[0]!.closed)).toEqual([true, false, false, false, false]);
      expect((multi.transport as unknown as { open: number }).open).toBe(4);
      multi.close();
    } finally {
      for (const s of servers) s.stop();
    }
  });
});

describe("exact boundaries on real sockets", () => {
  const LIMIT = 300 * 1024;
  function headersOf(total: number): string {
    let h = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
    let rest = total - h.length - 2;
    for (let i = 0; rest > 0; i++) {
      const prefix = `X-Fill-${i}: `;
      let n = Math.min(rest, 10_000);
      if (rest - n > 0 && rest - n < 40) n -= 40;
      h += `${prefix}${"f".repeat(n - prefix.length - 2)}\r\n`;
      rest -= n;
    }
    if (h.length + 2 !== total) throw new Error("bad header block");
    return `${h}\r\nok`;
  }

  test("response headers: 300 KiB is accepted, one byte more is RECV_ERROR 56", async () => {
    for (const [total, code] of [
      [LIMIT, CURLE_OK],
      [LIMIT + 1, CURLE_RECV_ERROR],
    ] as const) {
      using srv = startTcpServer({ data: (p) => void p.sock.write(headersOf(total)) });
      const { results, easies } = await runAll([`http://127.0.0.1:${srv.port}/`]);
      expect(results).toEqual([code]);
      if (code === CURLE_OK) expect(easies[0]!.getinfo("headerSize")).toBe(LIMIT);
      else
        expect(easies[0]!.getinfo("errorBuffer")).toBe(
          `Too large response headers: ${LIMIT + 1} > ${LIMIT}`,
        );
    }
  });

  test("Expect: 100-continue: none for a 1 MiB body, sent for 1 MiB + 1", async () => {
    const MiB = 1024 * 1024;
    for (const [size, expectHeader] of [
      [MiB, undefined],
      [MiB + 1, "100-continue"],
    ] as const) {
      let head: string | undefined;
      let got = 0;
      using srv = startTcpServer({
        data: (p, bytes) => {
          got += bytes.length;
          if (head === undefined) {
            const t = Buffer.from(bytes).toString("latin1");
            const end = t.indexOf("\r\n\r\n");
            head = t.slice(0, end);
            got -= end + 4;
            if (header(head, "expect") !== undefined) p.sock.write("HTTP/1.1 100 Continue\r\n\r\n");
          }
          if (got >= size) p.sock.write(ok("stored"));
        },
      });
      const { results, texts: bodies } = await runAll([`http://127.0.0.1:${srv.port}/`], (e) =>
        e.setopt("postFields", new Uint8Array(size).fill(67)),
      );
      expect(results).toEqual([CURLE_OK]);
      expect(bodies).toEqual(["stored"]);
      expect(header(head!, "expect")).toBe(expectHeader);
      expect(header(head!, "content-length")).toBe(String(size));
      expect(got).toBe(size);
    }
  });
});
