// Incremental, synchronous HTTP body decoding (libcurl lib/content_encoding.c): the ContentDecoder
// chain of gzip, deflate, br, zstd and identity stages (stage.ts), stacked as the Content-Encoding /
// Transfer-Encoding lists say (codings.ts). The module the rest of the code imports from.
// Invariants: output reaches the sink before push returns, in pieces of at most 16 KiB; nothing
// buffers the body; after the first error every later call returns that same code.

import {
  CURLE_BAD_CONTENT_ENCODING,
  CURLE_OUT_OF_MEMORY,
  CURLE_WRITE_ERROR,
} from "../constants/index.ts";
import { ALL_ENCODINGS, addCodings, checkContentCodings, MAX_ENCODE_STACK } from "./codings.ts";
import {
  brotliResult,
  FILL,
  KIND_BR,
  KIND_DEFLATE,
  KIND_GZIP,
  KIND_IDENTITY,
  KIND_UNKNOWN,
  OUT_SIZE,
  Stage,
  writtenBeforeError,
} from "./stage.ts";

// The coding-list rules, importable from here with the decoder that follows them.
export { ALL_ENCODINGS, checkContentCodings, MAX_ENCODE_STACK };

/** Success return of push/finish (CURLE_OK). */
export const DECODE_OK = 0;

// node:zlib flush values (zlib.constants) for the codec calls.
/** zlib's Z_BLOCK flush: inflate returns at the end of each deflate block. */
const Z_BLOCK = 5;
const BROTLI_OPERATION_PROCESS = 0;
const ZSTD_E_CONTINUE = 0;
/** libcurl tolerates up to 4 unknown bytes after a raw deflate stream (a stray adler32). */
const RAW_TRAILER = 4;

const ZLIB_ERR_PREFIX = "Error while processing content unencoding: ";

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
    const kinds: number[] = [];
    const err =
      addCodings(transferEncoding, true, kinds) || addCodings(contentEncoding, false, kinds);
    if (err) return { error: CURLE_BAD_CONTENT_ENCODING, detail: err };
    const stages: Stage[] = [];
    for (const kind of kinds) stages.push(new Stage(kind));
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
