// An application that drives a Multi with its own loop against the raw callbacks: the role of libcurl's
// hiperfifo example, in a few dozen lines. Usage: bun examples/own-driver.ts URL...

import {
  CURL_SOCKET_TIMEOUT,
  CURLE_OK,
  CURLMOPT_SOCKETFUNCTION,
  CURLMOPT_TIMERFUNCTION,
  CURLOPT_URL,
  CURLOPT_WRITEFUNCTION,
  Easy,
  easyStrerror,
  Multi,
} from "multisock";

const multi = new Multi();
let timer: ReturnType<typeof setTimeout> | undefined;

// 1. The engine says which sockets to watch and for what: tell the poller (our "epoll").
multi.setopt(CURLMOPT_SOCKETFUNCTION, (_easy: unknown, s: number, what: number) => {
  multi.poller.watch(s, what);
  return 0;
});

// 2. The engine keeps one timeout for everything: one timer. -1 deletes it; 0 means "soon".
multi.setopt(CURLMOPT_TIMERFUNCTION, (_multi: unknown, ms: number) => {
  clearTimeout(timer);
  if (ms >= 0) timer = setTimeout(() => act(CURL_SOCKET_TIMEOUT, 0), ms);
  return 0;
});

// 3. A watched socket is ready: tell the engine.
multi.poller.onReady = (s, ev) => act(s, ev);

function act(s: number, ev: number): void {
  multi.socketAction(s, ev);
  for (let m = multi.infoRead(); m !== undefined; m = multi.infoRead()) {
    const code = m.easy.getinfo("responseCode");
    const size = m.easy.getinfo("sizeDownload");
    const what = m.result === CURLE_OK ? `${code}, ${size} bytes` : easyStrerror(m.result);
    console.log(`${m.easy.getinfo("effectiveUrl")}: ${what}`);
    multi.removeHandle(m.easy);
  }
  if (multi.running === 0) clearTimeout(timer);
}

const urls = process.argv.slice(2);
if (urls.length === 0) console.error("usage: bun examples/own-driver.ts URL...");
for (const url of urls) {
  const easy = new Easy();
  easy.setopt(CURLOPT_URL, url);
  easy.setopt(CURLOPT_WRITEFUNCTION, (data: Uint8Array) => data.length);
  multi.addHandle(easy);
}
// 4. Kick-start: new handles are due at once.
act(CURL_SOCKET_TIMEOUT, 0);
