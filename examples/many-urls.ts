// Many URLs through one Multi with the ready-made BunDriver, keeping a fixed number in flight.
// Usage: bun examples/many-urls.ts [--parallel N] URL...

import { BunDriver, CURLE_OK, Easy, easyStrerror, Multi } from "multisock";

const args = process.argv.slice(2);
let parallel = 50;
if (args[0] === "--parallel") {
  parallel = Number(args[1]);
  args.splice(0, 2);
}
const queue = [...args];
const multi = new Multi();
let ok = 0;
let failed = 0;

function next(): void {
  const url = queue.shift();
  if (url === undefined) return;
  const easy = new Easy();
  easy.setopt("url", url);
  easy.setopt("writeFunction", (d: Uint8Array) => d.length);
  multi.addHandle(easy);
}

const driver = new BunDriver(multi, {
  onDone(easy, result) {
    if (result === CURLE_OK) ok++;
    else {
      failed++;
      console.error(`${easy.getinfo("effectiveUrl")}: ${easyStrerror(result)}`);
    }
    multi.removeHandle(easy);
    next(); // keep `parallel` in flight
  },
});

for (let i = 0; i < parallel; i++) next();
await driver.run();
console.log(`${ok} ok, ${failed} failed`);
