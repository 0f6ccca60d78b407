// Chunked body framing (lib/http_chunks.c httpchunk_readwrite): chunk sizes, extensions, trailer
// lines and the final CRLF. The parser owns one decoder, passes the chunk data on and acts on events.

import { CURLE_RECV_ERROR, CURLE_TOO_LARGE } from "../constants/index.ts";
import { CR, hexValue, indexOfByte, LF, latin1, NUM_OK, num, parseHex } from "./headers.ts";

/** A trailer line may grow to this many bytes before its CRLF (DYN_H1_TRAILER 4096, less the
 *  CRLF libcurl appends and the terminating zero). */
const MAX_TRAILER_LINE = 4096 - 3;
/** CHUNK_MAXNUM_LEN: hex digits in a chunk size, leading zeros included. */
const MAX_CHUNK_HEX = 16;

// Decoder states, in the order a chunk moves through them.
const HEX = 0;
const LF_AFTER_SIZE = 1; // after the size: skip extensions up to LF
/** Chunk data: `left` bytes, which the parser passes on itself (see {@link ChunkDecoder.took}). */
export const CHUNK_DATA = 2;
const POSTLF = 3;
const TRAILER = 4;
const TRAILER_END = 5; // a trailer line was reported: its CR or LF is still to consume
const TRAILER_CR = 6;
const TRAILER_POSTCR = 7;
const STOP = 8;

// What frame() stopped for.
/** Input used up, or chunk data is next. */
export const CHUNK_MORE = 0;
/** A trailer line is complete in trailer[0..trailerLen), CRLF-terminated. */
export const CHUNK_TRAILER = 1;
/** The final CRLF after the last chunk: the body is complete. */
export const CHUNK_END = 2;
/** The framing is broken: `code` and `detail` say how. */
export const CHUNK_FAILED = 3;

const NO_BYTES = new Uint8Array(0);
const OUT_OF_MEMORY = "Out of memory in chunked-encoding";

export class ChunkDecoder {
  state = HEX;
  /** Data bytes of the current chunk still to come. */
  left = 0;
  /** What the last frame() stopped for (CHUNK_MORE, CHUNK_TRAILER, CHUNK_END, CHUNK_FAILED). */
  got = CHUNK_MORE;
  /** The failure (CHUNK_FAILED): CURLE code and libcurl's text. */
  code = 0;
  detail = "";
  /** The trailer line under construction; made on the first trailer byte, grown as needed. */
  trailer = NO_BYTES;
  trailerLen = 0;
  /** Chunk-size digits seen so far. */
  private readonly hex = new Uint8Array(MAX_CHUNK_HEX);
  private hexLen = 0;

  /** Ready for the first chunk size of a new body. */
  reset(): void {
    this.state = HEX;
    this.left = 0;
    this.got = CHUNK_MORE;
    this.hexLen = 0;
    this.trailerLen = 0;
  }

  /** `n` bytes of chunk data were passed on. */
  took(n: number): void {
    this.left -= n;
    if (this.left === 0) this.state = POSTLF;
  }

  /** Reads framing bytes from buf[p..end) up to chunk data, an event (in `got`) or the end of the
   *  input; returns the new position. */
  frame(buf: Uint8Array, p: number, end: number): number {
    this.got = CHUNK_MORE;
    while (p < end && this.state !== CHUNK_DATA) {
      p = this.step(buf, p, end);
      if (this.got !== CHUNK_MORE) break;
    }
    return p;
  }

  private fail(code: number, detail: string): void {
    this.got = CHUNK_FAILED;
    this.code = code;
    this.detail = detail;
  }

  private badChunk(): void {
    this.fail(CURLE_RECV_ERROR, "Malformed encoding found in chunked-encoding");
  }

  /** One framing step at buf[p]; returns the new position. */
  private step(buf: Uint8Array, p: number, end: number): number {
    const b = buf[p]!;
    switch (this.state) {
      case HEX:
        if (hexValue(b) >= 0) {
          if (this.hexLen >= MAX_CHUNK_HEX) {
            this.fail(CURLE_RECV_ERROR, `chunk hex-length longer than ${MAX_CHUNK_HEX}`);
            return p;
          }
          this.hex[this.hexLen++] = b;
          return p + 1;
        }
        if (this.hexLen === 0) {
          // libcurl prints the (signed) char widened to unsigned int
          const shown = b >= 0x80 ? (0xffffff00 | b) >>> 0 : b;
          this.fail(
            CURLE_RECV_ERROR,
            `chunk hex-length char not a hex digit: 0x${shown.toString(16)}`,
          );
          return p;
        }
        if (parseHex(this.hex, 0, this.hexLen) !== NUM_OK) {
          this.fail(CURLE_RECV_ERROR, `invalid chunk size: '${latin1(this.hex, 0, this.hexLen)}'`);
          return p;
        }
        this.left = num.value;
        this.state = LF_AFTER_SIZE;
        return p; // this byte is looked at again in LF_AFTER_SIZE
      case LF_AFTER_SIZE: {
        // extensions and anything else up to the LF are skipped
        const lf = indexOfByte(buf, LF, p, end);
        if (lf < 0) return end;
        this.state = this.left === 0 ? TRAILER : CHUNK_DATA;
        this.trailerLen = 0;
        return lf + 1;
      }
      case POSTLF:
        if (b === LF) {
          this.hexLen = 0;
          this.state = HEX;
        } else if (b !== CR) {
          this.badChunk();
          return p;
        }
        return p + 1;
      case TRAILER:
        if (b === CR || b === LF) {
          if (this.trailerLen === 0) {
            this.state = TRAILER_POSTCR; // no trailer: this is the final CRLF
            return p;
          }
          if (this.trailerLen > MAX_TRAILER_LINE) {
            this.fail(CURLE_TOO_LARGE, OUT_OF_MEMORY);
            return p;
          }
          // trailers go out normalised to end in CRLF
          this.push(CR);
          this.push(LF);
          this.got = CHUNK_TRAILER;
          this.state = TRAILER_END;
          return p;
        }
        if (this.trailerLen >= MAX_TRAILER_LINE + 2) {
          this.fail(CURLE_TOO_LARGE, OUT_OF_MEMORY);
          return p;
        }
        this.push(b);
        return p + 1;
      case TRAILER_END:
        // after a CR an LF must follow; an LF alone is looked at again there
        this.trailerLen = 0;
        this.state = TRAILER_CR;
        return b === LF ? p : p + 1;
      case TRAILER_CR:
        if (b !== LF) {
          this.badChunk();
          return p;
        }
        this.state = TRAILER_POSTCR;
        return p + 1;
      case TRAILER_POSTCR:
        if (b !== CR && b !== LF) {
          this.state = TRAILER; // another trailer line
          return p;
        }
        this.state = STOP;
        return b === CR ? p + 1 : p;
      case STOP:
        if (b !== LF) {
          this.badChunk();
          return p;
        }
        this.got = CHUNK_END;
        return p + 1;
      default:
        return end;
    }
  }

  /** Appends one byte to the trailer line; the length checks above keep it within the limit. */
  private push(b: number): void {
    if (this.trailerLen === this.trailer.length) {
      const next = new Uint8Array(Math.max(this.trailer.length * 2, 256));
      next.set(this.trailer);
      this.trailer = next;
    }
    this.trailer[this.trailerLen++] = b;
  }
}
