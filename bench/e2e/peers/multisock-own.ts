// e2e peer: multisock driven by a hand-written loop against the raw callbacks (examples/own-driver.ts,
// grown to keep a steady number in flight): the engine's cost without BunDriver in between.

import {
  CURL_SOCKET_TIMEOUT,
  CURLE_OK,
  CURLINFO_RESPONSE_CODE,
  CURLMOPT_SOCKETFUNCTION,
  CURLMOPT_TIMERFUNCTION,
  CURLOPT_URL,
  CURLOPT_WRITEFUNCTION,
  Easy,
  Multi,
} from "../../../src/index.ts";
import { Meter, peerArgs, report } from "./common.ts";

const args = peerArgs();
const { url, total, concurrency } = args;
const multi = new Multi();
const meter = new Meter(args);
let started = 0;
let ok = 0;
let failed = 0;
let bytes = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let acting = false;
/** A 0 timeout asked for while acting: served right after, in the same event. */
let dueNow = false;
let finish!: () => void;
const finished = new Promise<void>((r) => {
  finish = r;
});

const write = (d: Uint8Array) => {
  bytes += d.length;
  return d.length;
};
const idle: Easy[] = [];
function next(): void {
  if (started >= total) return;
  started++;
  let e = idle.pop();
  if (e === undefined) {
    e = new Easy();
    e.setopt(CURLOPT_URL, url);
    e.setopt(CURLOPT_WRITEFUNCTION, write);
  }
  multi.addHandle(e);
}

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
  if (multi.running === 0 && started >= total) {
    if (timer !== undefined) clearTimeout(timer);
    finish();
  }
}

function collect(): void {
  for (let m = multi.infoRead(); m !== undefined; m = multi.infoRead()) {
    if (m.result === CURLE_OK && m.easy.getinfo(CURLINFO_RESPONSE_CODE) === 200) ok++;
    else failed++;
    meter.completed(ok + failed);
    multi.removeHandle(m.easy);
    idle.push(m.easy);
    next();
  }
}

meter.begin();
for (let i = 0; i < concurrency; i++) next();
act(CURL_SOCKET_TIMEOUT, 0);
await finished;
report(meter.end(ok, failed, bytes));
process.exit(0);
