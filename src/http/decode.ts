// Incremental, synchronous HTTP body decoders (libcurl lib/content_encoding.c): gzip, deflate, br,
// zstd and identity, stacked as the Content-Encoding / Transfer-Encoding lists say.
// Invariants: output reaches the sink before push returns, in pieces of at most 16 KiB; nothing
// buffers the body; after the first error every later call returns that same code.
//
// Bun exposes no public API that inflates incrementally and synchronously (its *Sync helpers take
// whole buffers and node:zlib's _processChunk closes the stream after one call), so each stage
// drives the native handle behind node:zlib directly: handle.writeSync(flush, in, inOff, inLen,
// out, outOff, outLen) runs the codec synchronously, keeps its state between calls, reports
// [availOut, availIn] in a Uint32Array and reports errors through handle.onerror, synchronously.
// A coding whose handle cannot be built is treated as libcurl treats one it was built without:
// unknown, left out of ALL_ENCODINGS.

import * as zlib from "node:zlib";
import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_OUT_OF_MEMORY,
  CURLE_WRITE_ERROR,
} from "../constants/index.ts";

/** Success return of push/finish (CURLE_OK). */
export const DECODE_OK = 0;

/** libcurl's MAX_ENCODE_STACK: at most this many codings per phase (content, transfer). */
export const MAX_ENCODE_STACK = 5;

/** Output buffer per stage, as libcurl's DECOMPRESS_BUFFER_SIZE. */
const OUT_SIZE = 16384;

const KIND_IDENTITY = 0;
const KIND_DEFLATE = 1;
const KIND_GZIP = 2;
const KIND_BR = 3;
const KIND_ZSTD = 4;
/** libcurl's deferred "ce-error" writer: fails on the first body byte, not on the header. */
const KIND_UNKNOWN = 5;

// node:zlib mode numbers and flush values (zlib.constants).
const MODE_INFLATE = 2;
const MODE_INFLATERAW = 6;
/** zlib's Z_BLOCK flush: inflate returns at the end of each deflate block. */
const Z_BLOCK = 5;
const BROTLI_OPERATION_PROCESS = 0;
const ZSTD_E_CONTINUE = 0;
/** inflateInit2 window bits libcurl uses for gzip: MAX_WBITS + 32, gzip or zlib header. */
const GZIP_WBITS = 47;
const ZLIB_WBITS = 15;
/** libcurl tolerates up to 4 unknown bytes after a raw deflate stream (a stray adler32). */
const RAW_TRAILER = 4;

const ZLIB_ERR_PREFIX = "Error while processing content unencoding: ";

/** The native codec handle behind node:zlib's classes (Node and Bun share this shape). */
interface NativeHandle {
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
class Stage {
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
const FILL = new Uint8Array(OUT_SIZE);
for (let i = 0; i < OUT_SIZE; i++) FILL[i] = (i * 167 + 89) & 0xff;

/** Bytes a failed call wrote into st.out (see FILL). */
function writtenBeforeError(st: Stage): number {
  const out = st.out;
  let n = OUT_SIZE;
  while (n > 0 && out[n - 1] === FILL[n - 1]) n--;
  return n;
}

/** Which codings this Bun can decode, probed once. */
const supported: boolean[] = [true, false, false, false, false, false];
for (const kind of [KIND_DEFLATE, KIND_GZIP, KIND_BR, KIND_ZSTD]) {
  const probe = openHandle(kind, false);
  if (probe) {
    supported[kind] = true;
    probe.h.close();
  }
}

/**
 * The Accept-Encoding value libcurl sends for CURLOPT_ACCEPT_ENCODING "":
 * Curl_get_content_encodings(), every supported coding but identity, in libcurl's order.
 */
export const ALL_ENCODINGS: string =
  [
    supported[KIND_DEFLATE] ? "deflate" : "",
    supported[KIND_GZIP] ? "gzip" : "",
    supported[KIND_BR] ? "br" : "",
    supported[KIND_ZSTD] ? "zstd" : "",
  ]
    .filter((s) => s !== "")
    .join(", ") || "identity";

/** Coding name (or libcurl alias) to kind, case-insensitively as curl_strnequal. */
function kindOf(name: string): number {
  switch (name.toLowerCase()) {
    case "identity":
    case "none":
      return KIND_IDENTITY;
    case "deflate":
      return supported[KIND_DEFLATE] ? KIND_DEFLATE : KIND_UNKNOWN;
    case "gzip":
    case "x-gzip":
      return supported[KIND_GZIP] ? KIND_GZIP : KIND_UNKNOWN;
    case "br":
      return supported[KIND_BR] ? KIND_BR : KIND_UNKNOWN;
    case "zstd":
      return supported[KIND_ZSTD] ? KIND_ZSTD : KIND_UNKNOWN;
    default:
      return KIND_UNKNOWN;
  }
}

/**
 * Splits a coding list as Curl_build_unencoding_stack does (blanks and commas separate, trailing
 * bytes <= ' ' trimmed) and adds the stages, last-listed first. Returns an error text or "".
 */
function addCodings(list: string, transfer: boolean, into: Stage[] | null): string {
  let count = 0;
  let sawChunked = false;
  const added: Stage[] = [];
  let i = 0;
  const n = list.length;
  do {
    while (i < n && (list[i] === " " || list[i] === "\t" || list[i] === ",")) i++;
    const name = i;
    let namelen = 0;
    // libcurl tests `*enclist > ' '` on a signed char: bytes from 0x80 up count as blanks too
    for (; i < n && list[i] !== ","; i++) {
      const c = list.charCodeAt(i);
      if (c > 32 && c < 0x80) namelen = i - name + 1;
    }
    if (namelen === 0) continue;
    if (count >= MAX_ENCODE_STACK) {
      return `Reject response exceeding limit of ${MAX_ENCODE_STACK} ${transfer ? "transfer" : "content"} encodings`;
    }
    const token = list.slice(name, name + namelen);
    if (transfer && token.toLowerCase() === "chunked") {
      // The HTTP parser de-chunks; the chunked writer still counts toward the stack, once.
      if (!sawChunked) count++;
      sawChunked = true;
      continue;
    }
    if (into !== null) added.push(new Stage(kindOf(token)));
    count++;
  } while (i < n);
  // Each new libcurl writer goes first in its phase (sendf.c cwriter_add): reverse list order.
  if (into !== null) for (let k = added.length - 1; k >= 0; k--) into.push(added[k]!);
  return "";
}

/**
 * Checks a Content-Encoding list as libcurl does when the header line arrives
 * (Curl_build_unencoding_stack from http_header_c): "" when fine, else the error text for
 * CURLE_BAD_CONTENT_ENCODING (more than MAX_ENCODE_STACK codings). An unknown coding is not an error
 * here: it fails on the first body byte.
 */
export function checkContentCodings(list: string): string {
  return addCodings(list, false, null);
}

/** Maps a BrotliDecoderErrorCode as libcurl's brotli_map_error does. */
function brotliResult(errno: number): number {
  // FORMAT_* (except RESERVED -2 and DISTANCE -16), DICTIONARY_NOT_SET, INVALID_ARGUMENTS.
  if ((errno <= -1 && errno >= -15 && errno !== -2) || (errno <= -18 && errno >= -20)) {
    return CURLE_BAD_CONTENT_ENCODING;
  }
  if (errno <= -21 && errno >= -30) return CURLE_OUT_OF_MEMORY; // ALLOC_*
  return CURLE_WRITE_ERROR;
}

/**
 * One decoder chain for a response (libcurl's content-decoding writer stack, built by
 * Curl_build_unencoding_stack in lib/content_encoding.c).
 */
export class ContentDecoder {
  /** Error text for the last failure, worded as libcurl's failf (empty where libcurl says nothing). */
  detail = "";
  /** Decoded bytes delivered to the sink so far (for CURLOPT_MAXFILESIZE checks by the caller). */
  decodedBytes = 0;
  private readonly stages: Stage[];
  private sink: ((decoded: Uint8Array) => number) | null = null;
  private result = 0;

  private constructor(stages: Stage[]) {
    this.stages = stages;
  }

  /**
   * Builds the chain from a Content-Encoding value (several header lines joined with ", ") and,
   * optionally, a Transfer-Encoding value (its "chunked" is left to the HTTP parser; its other
   * codings are undone first, as libcurl's transfer phase precedes the content phase).
   * Returns `{ error: 61, detail }` when a phase lists more than MAX_ENCODE_STACK codings.
   * An unknown coding is not an error here: as libcurl, it fails with 61 "Unrecognized content
   * encoding type" on the first body byte, so a response without a body still succeeds.
   */
  static create(
    contentEncoding: string,
    transferEncoding = "",
  ): ContentDecoder | { error: number; detail: string } {
    const stages: Stage[] = [];
    const err =
      addCodings(transferEncoding, true, stages) || addCodings(contentEncoding, false, stages);
    if (err) return { error: CURLE_BAD_CONTENT_ENCODING, detail: err };
    for (const st of stages) {
      if (st.kind !== KIND_IDENTITY && st.kind !== KIND_UNKNOWN && !st.open(false)) {
        return { error: CURLE_OUT_OF_MEMORY, detail: "" };
      }
    }
    return new ContentDecoder(stages);
  }

  /** Number of stages in the chain (identity and unknown codings included). */
  get depth(): number {
    return this.stages.length;
  }

  /**
   * Decodes buf[start..end) and hands the output to `sink` before returning: bytes a codec produced
   * are a fresh copy the sink may keep (identity passes a view of buf). `sink` returns 0 to go on or a CURLE code to stop; push then returns it.
   * Returns 0, 61 (corrupt data, `detail` as libcurl words it), 23 (bytes after the end of a
   * gzip/br stream, as libcurl's CURLE_WRITE_ERROR) or 27.
   */
  push(buf: Uint8Array, start: number, end: number, sink: (decoded: Uint8Array) => number): number {
    if (this.result !== 0) return this.result;
    if (end <= start) return DECODE_OK;
    this.sink = sink;
    const rc = this.feed(0, buf, start, end);
    this.sink = null;
    if (rc !== 0) {
      this.result = rc;
      this.close();
    }
    return rc;
  }

  /**
   * End of body. libcurl neither flushes nor checks anything here: a truncated gzip, deflate,
   * br or zstd stream ends the transfer with CURLE_OK and the bytes decoded so far. Returns 0,
   * or the code of an earlier failure. Releases the native handles.
   */
  finish(_sink: (decoded: Uint8Array) => number): number {
    this.close();
    return this.result;
  }

  /**
   * Releases the native handles (finish and errors do it too; call it when a transfer is abandoned
   * mid-body). Later pushes through a gzip/deflate/br/zstd stage fail with 23.
   */
  close(): void {
    for (const st of this.stages) st.close();
  }

  /** Runs stage i over buf[start..end), passing its output on; returns 0 or a CURLE code. */
  private feed(i: number, buf: Uint8Array, start: number, end: number): number {
    const st = this.stages[i];
    if (st === undefined) {
      const n = end - start;
      this.decodedBytes += n;
      // The sink gets bytes of its own: a stage's output buffer is overwritten by its next call, and a
      // chunk handed to user code must never change afterwards. Input bytes (identity only) are the
      // caller's and are not copied.
      let own = false;
      for (let k = 0; k < i && !own; k++) own = buf === this.stages[k]!.out;
      return this.sink!(own ? buf.slice(start, end) : buf.subarray(start, end));
    }
    switch (st.kind) {
      case KIND_IDENTITY:
        return this.feed(i + 1, buf, start, end);
      case KIND_UNKNOWN:
        this.detail = "Unrecognized content encoding type";
        return CURLE_BAD_CONTENT_ENCODING;
      case KIND_DEFLATE:
      case KIND_GZIP:
        return this.inflate(i, st, buf, start, end);
      default:
        return this.brotliZstd(i, st, buf, start, end);
    }
  }

  /** Passes `have` decoded bytes of st.out to the next stage, then puts the fill pattern back. */
  private emit(i: number, st: Stage, have: number): number {
    const rc = this.feed(i + 1, st.out, 0, have);
    st.out.set(FILL.subarray(0, have));
    return rc;
  }

  /** A call of stage i failed with `code`: what it decoded before the error goes on first. */
  private failAfter(i: number, st: Stage, code: number): number {
    const n = writtenBeforeError(st);
    if (n > 0) {
      const rc = this.emit(i, st, n);
      if (rc !== 0) return rc;
    }
    return code;
  }

  /** gzip and deflate: libcurl's inflate_stream, process_trailer and raw-deflate fallback. */
  private inflate(i: number, st: Stage, buf: Uint8Array, start: number, end: number): number {
    if (st.ended) return this.afterEnd(st, buf, start, end);
    const h = st.h;
    if (!h) return CURLE_WRITE_ERROR;
    let off = start;
    let len = end - start;
    for (;;) {
      // Z_BLOCK as libcurl's inflate_stream: a call ends at each deflate block boundary, so when a
      // block is corrupt, every block before it has been delivered, and the failing call's own
      // output is dropped (libcurl writes only on Z_OK / Z_STREAM_END).
      h.writeSync(Z_BLOCK, buf, off, len, st.out, 0, OUT_SIZE);
      if (st.failed) {
        if (st.mayFallback) return this.fallBackToRaw(i, st, buf, start, end);
        this.detail =
          ZLIB_ERR_PREFIX +
          (st.errCode === "Z_NEED_DICT" || !st.errMessage
            ? "Unknown failure within decompression software."
            : st.errMessage);
        return CURLE_BAD_CONTENT_ENCODING;
      }
      const availOut = st.state[0]!;
      const availIn = st.state[1]!;
      const have = OUT_SIZE - availOut;
      const used = len - availIn;
      off += used;
      len = availIn;
      if (have > 0) {
        st.mayFallback = false;
        const rc = this.emit(i, st, have);
        if (rc !== 0) return rc;
      }
      if (availOut === 0) continue; // output full: zlib may hold more
      if (len === 0) break;
      // Room left and input left: a block boundary (go on), or, when the call moved nothing, the
      // end of the stream (the handle reports no status: a call after the end does nothing).
      if (used > 0 || have > 0) continue;
      st.ended = true;
      return this.afterEnd(st, buf, off, end);
    }
    if (st.mayFallback) this.rememberHead(st, buf, start, end);
    return DECODE_OK;
  }

  /** Keeps the first byte of a deflate body in case the second shows it is not zlib-wrapped. */
  private rememberHead(st: Stage, buf: Uint8Array, start: number, end: number): void {
    for (let k = start; k < end && st.headLen < 2; k++) st.head[st.headLen++] = buf[k]!;
    // Two bytes passed the zlib header check without error: the wrapper is there.
    if (st.headLen >= 2) st.mayFallback = false;
  }

  /**
   * libcurl: "some servers seem to not generate zlib headers", so a deflate body whose first
   * bytes fail as zlib is decoded again as raw deflate, with up to 4 trailing bytes tolerated.
   */
  private fallBackToRaw(i: number, st: Stage, buf: Uint8Array, start: number, end: number): number {
    st.mayFallback = false;
    st.failed = false;
    if (!st.open(true)) return CURLE_OUT_OF_MEMORY;
    st.trailerLeft = RAW_TRAILER;
    if (st.headLen === 0) return this.inflate(i, st, buf, start, end);
    // Rare path (first push was one byte): replay it with this piece, at one allocation.
    const replay = new Uint8Array(st.headLen + end - start);
    replay.set(st.head.subarray(0, st.headLen));
    replay.set(buf.subarray(start, end), st.headLen);
    st.headLen = 0;
    return this.inflate(i, st, replay, 0, replay.length);
  }

  /** Bytes after the end of a zlib stream: libcurl's process_trailer and multi-member check. */
  private afterEnd(st: Stage, buf: Uint8Array, start: number, end: number): number {
    const take = Math.min(end - start, st.trailerLeft);
    st.trailerLeft -= take;
    start += take;
    if (start === end) return DECODE_OK;
    if (
      st.kind === KIND_GZIP &&
      end - start >= 2 &&
      buf[start] === 0x1f &&
      buf[start + 1] === 0x8b
    ) {
      this.detail = "Multi-member gzip response not supported";
    }
    return CURLE_WRITE_ERROR;
  }

  /** br and zstd: libcurl's brotli_do_write and zstd_do_write. */
  private brotliZstd(i: number, st: Stage, buf: Uint8Array, start: number, end: number): number {
    const br = st.kind === KIND_BR;
    // libcurl: brotli "Stream already ended" -> CURLE_WRITE_ERROR, no message.
    if (st.ended) return CURLE_WRITE_ERROR;
    const h = st.h;
    if (!h) return CURLE_WRITE_ERROR;
    let off = start;
    let len = end - start;
    let stalls = 0;
    for (;;) {
      h.writeSync(
        br ? BROTLI_OPERATION_PROCESS : ZSTD_E_CONTINUE,
        buf,
        off,
        len,
        st.out,
        0,
        OUT_SIZE,
      );
      // brotli_do_write writes what the failing call produced, then maps the error; zstd_do_write
      // returns before writing.
      if (st.failed)
        return br ? this.failAfter(i, st, brotliResult(st.errNo)) : CURLE_BAD_CONTENT_ENCODING;
      const availOut = st.state[0]!;
      const availIn = st.state[1]!;
      const have = OUT_SIZE - availOut;
      const used = len - availIn;
      off += used;
      len = availIn;
      if (have > 0) {
        const rc = this.emit(i, st, have);
        if (rc !== 0) return rc;
      }
      if (availOut === 0) continue;
      if (len === 0) return DECODE_OK;
      if (br) {
        // BROTLI_DECODER_RESULT_SUCCESS with input left over.
        st.ended = true;
        return CURLE_WRITE_ERROR;
      }
      // zstd: a frame ended; libcurl goes on with the next frame (garbage fails there).
      if (used === 0 && have === 0 && ++stalls > 1) return CURLE_BAD_CONTENT_ENCODING;
    }
  }
}
