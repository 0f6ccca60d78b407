// request(): a promise helper on top of the callback engine (never under it). One shared Multi and
// BunDriver serve every call unless the caller passes its own.

import {
  type CURLcode,
  CURLE_OK,
  type CURLMcode,
  easyStrerror,
  multiStrerror,
} from "../constants/index.ts";
import { Easy } from "../easy/easy.ts";
import { Multi } from "../multi/multi.ts";
import { BunDriver } from "./bun-driver.ts";

/** A failed transfer: `code` is the CURLE_* result, `detail` libcurl's error-buffer text. */
export class CurlError extends Error {
  constructor(
    readonly code: CURLcode,
    readonly detail: string,
  ) {
    super(detail ? `${easyStrerror(code)}: ${detail}` : easyStrerror(code));
    this.name = "CurlError";
  }
}

/**
 * The multi refused the transfer (curl_multi_add_handle's CURLMcode), e.g. CURLM_RECURSIVE_API_CALL
 * when request() is called from inside a callback: `code` is a CURLM_* code, not a CURLE_* one.
 */
export class CurlMultiError extends Error {
  constructor(readonly code: CURLMcode) {
    super(`curl_multi_add_handle failed: ${multiStrerror(code)} (CURLM ${code})`);
    this.name = "CurlMultiError";
  }
}

export interface CurlTimings {
  /** Seconds from the start, as CURLINFO_*_TIME. */
  namelookup: number;
  connect: number;
  appconnect: number;
  pretransfer: number;
  starttransfer: number;
  total: number;
}

export interface CurlResponse {
  status: number;
  /** The final response's header fields in order, names as received. */
  headers: [string, string][];
  /** Value of the first header field called `name` (case-insensitive). */
  header(name: string): string | undefined;
  body: Uint8Array;
  effectiveUrl: string;
  timings: CurlTimings;
  /** The easy handle, for any other getinfo. */
  easy: Easy;
}

/** Options: any CURLOPT_* camelCase key (url, httpHeader, postFields, timeoutMs, ...). */
export type RequestOptions = Record<string, unknown> & {
  /** Run on this multi (with its own driver) instead of the shared one. */
  multi?: Multi;
};

interface Pending {
  resolve: (r: CurlResponse) => void;
  reject: (e: Error) => void;
  buf: Uint8Array;
  size: number;
  headers: [string, string][];
}

const pending = new WeakMap<Easy, Pending>();
const drivers = new WeakMap<Multi, BunDriver>();
let shared: Multi | undefined;

function sharedMulti(): Multi {
  if (shared === undefined) shared = new Multi();
  return shared;
}

function driverFor(multi: Multi): BunDriver {
  let d = drivers.get(multi);
  if (d === undefined) {
    d = new BunDriver(multi, { onDone: (easy, result) => finish(multi, easy, result) });
    drivers.set(multi, d);
  }
  return d;
}

function finish(multi: Multi, easy: Easy, result: CURLcode): void {
  const p = pending.get(easy);
  multi.removeHandle(easy);
  if (p === undefined) return;
  pending.delete(easy);
  if (result !== CURLE_OK) {
    p.reject(new CurlError(result, String(easy.getinfo("errorBuffer") ?? "")));
    return;
  }
  const body = p.buf.subarray(0, p.size);
  const headers = p.headers;
  const t = (k: string) => easy.getinfo(k) as number;
  p.resolve({
    status: easy.getinfo("responseCode") as number,
    headers,
    header(name: string) {
      const n = name.toLowerCase();
      return headers.find(([k]) => k.toLowerCase() === n)?.[1];
    },
    body,
    effectiveUrl: String(easy.getinfo("effectiveUrl") ?? ""),
    timings: {
      namelookup: t("namelookupTime"),
      connect: t("connectTime"),
      appconnect: t("appconnectTime"),
      pretransfer: t("pretransferTime"),
      starttransfer: t("starttransferTime"),
      total: t("totalTime"),
    },
    easy,
  });
}

const latin1 = new TextDecoder("latin1");
const EMPTY = new Uint8Array(0);

/**
 * Runs one transfer and resolves with status, headers, body and timings; rejects with a CurlError
 * carrying the CURLE_* code (an unknown option or bad value rejects before anything is sent).
 */
export function request(url: string, options: RequestOptions = {}): Promise<CurlResponse> {
  return new Promise<CurlResponse>((resolve, reject) => {
    const easy = new Easy();
    const p: Pending = { resolve, reject, buf: EMPTY, size: 0, headers: [] };
    // Concurrent calls to one HTTP/2 origin share a connection as streams instead of each opening
    // its own while the first is connecting (CURLOPT_PIPEWAIT; { pipeWait: 0 } undoes it).
    easy.setopt("pipeWait", 1);
    for (const [k, v] of Object.entries(options)) {
      if (k === "multi") continue;
      const rc = easy.setopt(k, v);
      if (rc !== CURLE_OK) {
        reject(new CurlError(rc, easy.lastSetoptError));
        return;
      }
    }
    easy.setopt("url", url);
    easy.setopt("writeFunction", (d: Uint8Array) => {
      // The view is valid only during the call (a decoder reuses its buffer): copy, growing by doubling.
      const need = p.size + d.length;
      if (need > p.buf.length) {
        const grown = new Uint8Array(Math.max(need, p.buf.length * 2, 4096));
        grown.set(p.buf.subarray(0, p.size));
        p.buf = grown;
      }
      p.buf.set(d, p.size);
      p.size = need;
      return d.length;
    });
    easy.setopt("headerFunction", (d: Uint8Array) => {
      const line = latin1.decode(d);
      if (line.startsWith("HTTP/")) p.headers = [];
      else {
        const i = line.indexOf(":");
        if (i > 0) p.headers.push([line.slice(0, i), line.slice(i + 1).trim()]);
      }
      return d.length;
    });
    pending.set(easy, p);
    const multi = options.multi ?? sharedMulti();
    driverFor(multi);
    const rc = multi.addHandle(easy);
    if (rc !== 0) {
      pending.delete(easy);
      reject(new CurlMultiError(rc));
      return;
    }
  });
}
