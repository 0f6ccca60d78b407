// One stage of a body decoder chain: a coding's native codec handle, its output buffer and its
// end-of-stream state (libcurl lib/content_encoding.c keeps the same per writer).
//
// Bun exposes no public API that inflates incrementally and synchronously (its *Sync helpers take
// whole buffers and node:zlib's _processChunk closes the stream after one call), so each stage
// drives the native handle behind node:zlib directly: handle.writeSync(flush, in, inOff, inLen,
// out, outOff, outLen) runs the codec synchronously, keeps its state between calls, reports
// [availOut, availIn] in a Uint32Array and reports errors through handle.onerror, synchronously.

import * as zlib from "node:zlib";
import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_OUT_OF_MEMORY,
  CURLE_WRITE_ERROR,
} from "../constants/index.ts";

/** Output buffer per stage, as libcurl's DECOMPRESS_BUFFER_SIZE. */
export const OUT_SIZE = 16384;

export const KIND_IDENTITY = 0;
export const KIND_DEFLATE = 1;
export const KIND_GZIP = 2;
export const KIND_BR = 3;
export const KIND_ZSTD = 4;
/** libcurl's deferred "ce-error" writer: fails on the first body byte, not on the header. */
export const KIND_UNKNOWN = 5;

// node:zlib mode numbers (zlib.constants).
const MODE_INFLATE = 2;
const MODE_INFLATERAW = 6;
/** inflateInit2 window bits libcurl uses for gzip: MAX_WBITS + 32, gzip or zlib header. */
const GZIP_WBITS = 47;
const ZLIB_WBITS = 15;

/** The native codec handle behind node:zlib's classes (Node and Bun share this shape). */
export interface NativeHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
  close(): void;
  onerror: ((message: string, errno: number, code: string) => void) | null;
}
interface NativeZlibCtor {
  new (
    mode: number,
  ): NativeHandle & {
    init(
      windowBits: number,
      level: number,
      memLevel: number,
      strategy: number,
      writeState: Uint32Array,
      processCallback: () => void,
      dictionary: undefined,
    ): void;
  };
}
interface StreamInternals {
  _handle?: NativeHandle;
  _writeState?: Uint32Array;
}

function noop(): void {}

let nativeZlib: NativeZlibCtor | null | undefined;
function zlibCtor(): NativeZlibCtor | null {
  if (nativeZlib === undefined) {
    nativeZlib = null;
    try {
      const s = new zlib.InflateRaw() as unknown as StreamInternals;
      const h = s._handle;
      if (h && typeof h.writeSync === "function") {
        nativeZlib = (h as unknown as { constructor: NativeZlibCtor }).constructor;
      }
      h?.close();
    } catch {
      nativeZlib = null;
    }
  }
  return nativeZlib;
}

/** A fresh native handle and its [availOut, availIn] state for one stage, or null if Bun lacks it. */
function openHandle(kind: number, raw: boolean): { h: NativeHandle; state: Uint32Array } | null {
  try {
    if (kind === KIND_DEFLATE || kind === KIND_GZIP) {
      const Ctor = zlibCtor();
      if (!Ctor) return null;
      const state = new Uint32Array(2);
      const h = new Ctor(raw ? MODE_INFLATERAW : MODE_INFLATE);
      // level/memLevel/strategy are unused when inflating; node passes the same defaults.
      h.init(kind === KIND_GZIP ? GZIP_WBITS : ZLIB_WBITS, -1, 8, 0, state, noop, undefined);
      return { h, state };
    }
    // Brotli and zstd take parameter arrays whose layout is private: let node:zlib build them.
    const ZstdDecompress = (zlib as unknown as { ZstdDecompress?: new () => unknown })
      .ZstdDecompress;
    const s = (
      kind === KIND_BR ? new zlib.BrotliDecompress() : ZstdDecompress ? new ZstdDecompress() : null
    ) as StreamInternals | null;
    const h = s?._handle;
    const state = s?._writeState;
    if (!h || !state || typeof h.writeSync !== "function") return null;
    return { h, state };
  } catch {
    return null;
  }
}

/** One decoding step of the chain: its native handle, output buffer and end-of-stream state. */
export class Stage {
  readonly kind: number;
  h: NativeHandle | null = null;
  state: Uint32Array = EMPTY_STATE;
  readonly out: Uint8Array;
  /** Set by the native onerror callback during writeSync. */
  errMessage = "";
  errNo = 0;
  errCode = "";
  failed = false;
  /** The codec reported the end of its stream; later bytes are trailer or garbage. */
  ended = false;
  /** deflate only: raw (headerless) mode after libcurl's fallback. */
  raw = false;
  /** deflate only: bytes that may still follow the end of a raw stream. */
  trailerLeft = 0;
  /** deflate only: nothing decoded yet and the zlib header not yet passed an earlier push. */
  mayFallback = false;
  /** deflate only: bytes fed in earlier pushes while mayFallback (at most 1), for replay. */
  readonly head: Uint8Array;
  headLen = 0;
  readonly onError: (message: string, errno: number, code: string) => void;

  constructor(kind: number) {
    this.kind = kind;
    const native = kind !== KIND_IDENTITY && kind !== KIND_UNKNOWN;
    this.out = native ? FILL.slice() : EMPTY_BYTES;
    this.head = kind === KIND_DEFLATE ? new Uint8Array(2) : EMPTY_BYTES;
    this.mayFallback = kind === KIND_DEFLATE;
    // One closure per stage, made once: the native layer reports errors only this way.
    this.onError = (message, errno, code) => {
      this.failed = true;
      this.errMessage = message;
      this.errNo = errno;
      this.errCode = code;
    };
  }

  /** Opens the native handle; false if this Bun cannot decode the coding. */
  open(raw: boolean): boolean {
    const opened = openHandle(this.kind, raw);
    if (!opened) return false;
    this.close();
    this.h = opened.h;
    this.state = opened.state;
    this.h.onerror = this.onError;
    this.raw = raw;
    return true;
  }

  close(): void {
    const h = this.h;
    if (!h) return;
    this.h = null;
    h.onerror = null;
    try {
      h.close();
    } catch {
      // Already closed by the native layer after an error.
    }
  }
}

const EMPTY_STATE = new Uint32Array(2);
const EMPTY_BYTES = new Uint8Array(0);

/**
 * What every stage's output buffer holds where the codec has not written. The native handle reports
 * nothing (not even how many bytes it wrote) for a call that failed, yet libcurl's brotli writer
 * delivers what that call decoded before the error: after a failure, the written part is where the
 * buffer no longer matches this pattern. A produced run that happens to end in pattern bytes is cut short by them (about one
 * failure in 256 loses a byte); a call that succeeds is counted exactly.
 */
export const FILL = new Uint8Array(OUT_SIZE);
for (let i = 0; i < OUT_SIZE; i++) FILL[i] = (i * 167 + 89) & 0xff;

/** Bytes a failed call wrote into st.out (see FILL). */
export function writtenBeforeError(st: Stage): number {
  const out = st.out;
  let n = OUT_SIZE;
  while (n > 0 && out[n - 1] === FILL[n - 1]) n--;
  return n;
}

/** Which codings this Bun can decode (by KIND_*), probed once. */
export const supported: boolean[] = [true, false, false, false, false, false];
for (const kind of [KIND_DEFLATE, KIND_GZIP, KIND_BR, KIND_ZSTD]) {
  const probe = openHandle(kind, false);
  if (probe) {
    supported[kind] = true;
    probe.h.close();
  }
}

/** Maps a BrotliDecoderErrorCode as libcurl's brotli_map_error does. */
export function brotliResult(errno: number): number {
  // FORMAT_* (except RESERVED -2 and DISTANCE -16), DICTIONARY_NOT_SET, INVALID_ARGUMENTS.
  if ((errno <= -1 && errno >= -15 && errno !== -2) || (errno <= -18 && errno >= -20)) {
    return CURLE_BAD_CONTENT_ENCODING;
  }
  if (errno <= -21 && errno >= -30) return CURLE_OUT_OF_MEMORY; // ALLOC_*
  return CURLE_WRITE_ERROR;
}
