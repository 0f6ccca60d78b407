// The timeout codes on real loopback sockets, with short timeouts: the same results as in virtual time.

import { describe, expect, test } from "bun:test";
import { BunDriver, CURLE_OK, CURLE_OPERATION_TIMEDOUT, Easy, Multi } from "../../src/index.ts";
import { startTcpServer } from "../helpers/loopback.ts";

async function one(
  url: string,
  setup: (e: Easy) => void,
): Promise<{ code: number; e: Easy; ms: number }> {
  const multi = new Multi();
  const e = new Easy();
  e.setopt("url", url);
  setup(e);
  let code = -1;
  const driver = new BunDriver(multi, {
    onDone(_e, r) {
      code = r;
    },
  });
  const t0 = performance.now();
  multi.addHandle(e);
  await driver.run();
  const ms = performance.now() - t0;
  driver.close();
  multi.close();
  return { code, e, ms };
}

describe("timeouts on real sockets", () => {
  test("a server that accepts and never answers: timeoutMs ends it with 28", async () => {
    using srv = startTcpServer({});
    const r = await one(`http://127.0.0.1:${srv.port}/`, (e) => e.setopt("timeoutMs", 200));
    expect(r.code).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(r.e.getinfo("errorBuffer")).toMatch(
      /^Operation timed out after 2\d\d milliseconds with 0 bytes received$/,
    );
    expect(r.ms).toBeGreaterThanOrEqual(199);
  });

  test("a server dripping a byte every 300 ms: low-speed limit ends it with 28", async () => {
    const body = "z".repeat(100);
    let timer: ReturnType<typeof setInterval> | undefined;
    using srv = startTcpServer({
      data: (p) => {
        p.sock.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
        let i = 0;
        timer = setInterval(() => {
          if (p.closed || i >= body.length) return clearInterval(timer);
          p.sock.write(body[i++]!);
        }, 300);
      },
    });
    const r = await one(`http://127.0.0.1:${srv.port}/`, (e) => {
      e.setopt("lowSpeedLimit", 10);
      e.setopt("lowSpeedTime", 1);
    });
    clearInterval(timer);
    expect(r.code).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(r.e.getinfo("errorBuffer")).toBe(
      "Operation too slow. Less than 10 bytes/sec transferred the last 1 seconds",
    );
  });

  test("the same drip with a total timeout: 28 with the byte count in the text", async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    using srv = startTcpServer({
      data: (p) => {
        p.sock.write("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n");
        timer = setInterval(() => (p.closed ? clearInterval(timer) : p.sock.write("b")), 300);
      },
    });
    const r = await one(`http://127.0.0.1:${srv.port}/`, (e) => e.setopt("timeoutMs", 1000));
    clearInterval(timer);
    expect(r.code).toBe(CURLE_OPERATION_TIMEDOUT);
    expect(r.e.getinfo("errorBuffer")).toMatch(/with [1-4] out of 50 bytes received$/);
  });

  test("a fast answer is not affected by the same limits", async () => {
    using srv = startTcpServer({
      data: (p) => void p.sock.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"),
    });
    const r = await one(`http://127.0.0.1:${srv.port}/`, (e) => {
      e.setopt("timeoutMs", 1000);
      e.setopt("lowSpeedLimit", 10);
      e.setopt("lowSpeedTime", 1);
    });
    expect(r.code).toBe(CURLE_OK);
  });
});
