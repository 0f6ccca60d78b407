// e2e peer: multisock driven by a hand-written loop against the raw callbacks (examples/own-driver.ts,
// grown to keep a steady number in flight): the engine's cost without BunDriver in between.

import {
  CURL_SOCKET_TIMEOUT,
  CURLMOPT_SOCKETFUNCTION,
  CURLMOPT_TIMERFUNCTION,
  Multi,
} from "../../../src/index.ts";
import { Meter, peerArgs, report } from "./common.ts";
import { Feeder } from "./feed.ts";

const args = peerArgs();
const multi = new Multi();
const meter = new Meter(args);
const feed = new Feeder(multi, args.url, args.total, meter);
let timer: ReturnType<typeof setTimeout> | undefined;
let acting = false;
/** A 0 timeout asked for while acting: served right after, in the same event. */
let dueNow = false;
let finish!: () => void;
const finished = new Promise<void>((r) => {
  finish = r;
});

multi.setopt(CURLMOPT_SOCKETFUNCTION, (_easy: unknown, s: number, what: number) => {
  multi.poller.watch(s, what);
  return 0;
});
const onTimer = () => {
  timer = undefined;
  act(CURL_SOCKET_TIMEOUT, 0);
};
multi.setopt(CURLMOPT_TIMERFUNCTION, (_multi: unknown, ms: number) => {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  if (ms === 0 && acting) dueNow = true;
  else if (ms >= 0) timer = setTimeout(onTimer, ms);
  return 0;
});
multi.poller.onReady = act;

function act(s: number, ev: number): void {
  acting = true;
  multi.socketAction(s, ev);
  collect();
  while (dueNow) {
    dueNow = false;
    multi.socketAction(CURL_SOCKET_TIMEOUT, 0);
    collect();
  }
  acting = false;
  if (feed.finished()) {
    if (timer !== undefined) clearTimeout(timer);
    finish();
  }
}

function collect(): void {
  for (let m = multi.infoRead(); m !== undefined; m = multi.infoRead()) feed.done(m.easy, m.result);
}

meter.begin();
for (let i = 0; i < args.concurrency; i++) feed.next();
act(CURL_SOCKET_TIMEOUT, 0);
await finished;
report(meter.end(feed.ok, feed.failed, feed.bytes));
process.exit(0);
