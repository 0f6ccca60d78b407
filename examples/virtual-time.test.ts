// Testing an application in virtual time with multisock/testing (docs/testing.md): a health checker
// that marks a service down when it does not answer within 2 s, tested on the real engine without a
// socket, a timer or a 2 s wait. Run: bun test ./examples/virtual-time.test.ts

import { expect, test } from "bun:test";
import { type CURLcode, CURLE_OK, Easy, easyStrerror, type Multi } from "multisock";
import { httpServer, makeWorld, response } from "multisock/testing";

/** The application: checks URLs on the Multi it is given, with a 2 s budget each. */
class HealthCheck {
  readonly status = new Map<string, string>();
  constructor(private readonly multi: Multi) {}

  check(url: string): void {
    const easy = new Easy();
    easy.setopt("url", url);
    easy.setopt("timeoutMs", 2_000);
    easy.setopt("writeFunction", (data: Uint8Array) => data.length);
    this.multi.addHandle(easy);
  }

  /** The completion handler: BunDriver's onDone in production, VirtualDriver's in tests. */
  done(easy: Easy, result: CURLcode): void {
    const url = String(easy.getinfo("effectiveUrl"));
    const code = easy.getinfo("responseCode");
    this.status.set(url, result === CURLE_OK ? `up ${code}` : `down: ${easyStrerror(result)}`);
    this.multi.removeHandle(easy);
  }
}
// In production: new BunDriver(multi, { onDone: (easy, result) => checker.done(easy, result) }).

test("a service that never answers is down after 2 s of virtual time", () => {
  const { multi, driver, net, clock } = makeWorld();
  // Two scripted servers: one answers after 150 ms, one accepts the connection and stays silent.
  const fast = httpServer(net, "10.0.0.1", 80, (_req, peer) =>
    peer.write(response(200, "ok"), 150),
  );
  httpServer(net, "10.0.0.2", 80, () => {});
  const checker = new HealthCheck(multi);
  driver.onDone = (easy, result) => checker.done(easy, result);

  const start = clock.now();
  const realStart = performance.now();
  checker.check("http://10.0.0.1/health");
  checker.check("http://10.0.0.2/health");
  driver.run(); // the event loop, in virtual time: runs until no transfer is left

  expect(checker.status.get("http://10.0.0.1/health")).toBe("up 200");
  expect(checker.status.get("http://10.0.0.2/health")).toBe("down: Timeout was reached");
  expect(fast.requests[0]?.header("host")).toBe("10.0.0.1");
  expect(clock.now() - start).toBe(2_000); // exactly the timeout, on the virtual clock
  expect(performance.now() - realStart).toBeLessThan(1_000); // and no real waiting
});
