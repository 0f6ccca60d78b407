// The HTTP/2 frame reader (RFC 9113 §4, §6): received bytes in, one synchronous handler call per
// frame out. It checks everything a frame says about itself (sizes, stream 0 rules, padding,
// settings values, the header block sequence); stream states and flow control are the session's.
// libcurl hands received bytes to nghttp2_session_mem_recv() (lib/http2.c); this is the framing
// half of that, with the callbacks of FrameHandler in place of nghttp2's on_*_callback set.
//
// Invariants:
// - every fed byte is consumed; only what straddles feeds is copied: a frame head (9 bytes), a
//   control frame's payload, a header block fragment. DATA payloads are never copied or buffered;
//   a frame wholly inside the fed buffer is handed out as a view of that buffer;
// - `scr` holds the header block assembled so far at [0, blockLen) and, behind it, the payload of
//   the frame being buffered. Control frames cannot arrive inside a block (that is an error), so
//   they are buffered at offset 0 of the same array: one scratch buffer for everything;
// - after a connection error the parser is dead: no more handler calls, feed() returns -1.

import {
  DEFAULT_MAX_FRAME_SIZE,
  FLAG_ACK,
  FLAG_END_HEADERS,
  FLAG_END_STREAM,
  FLAG_PADDED,
  FLAG_PRIORITY,
  FRAME_CONTINUATION,
  FRAME_DATA,
  FRAME_GOAWAY,
  FRAME_HEADER_LENGTH,
  FRAME_HEADERS,
  FRAME_PING,
  FRAME_PRIORITY,
  FRAME_PUSH_PROMISE,
  FRAME_RST_STREAM,
  FRAME_SETTINGS,
  FRAME_WINDOW_UPDATE,
  frameTypeName,
  H2_ENHANCE_YOUR_CALM,
  H2_FRAME_SIZE_ERROR,
  H2_PROTOCOL_ERROR,
} from "./constants.ts";
import { copyBytes } from "./copy-bytes.ts";
import type { FrameHandler } from "./frame-handler.ts";
import { isKnownSetting, settingError, settingErrorDetail } from "./settings.ts";

export type { FrameHandler } from "./frame-handler.ts";

// Parser states, in the order a frame goes through them.
const S_HEAD = 0; // reading a 9-byte frame head
const S_PAYLOAD = 1; // buffering a control or header frame's payload into scr
const S_DATA_PADLEN = 2; // a padded DATA frame: waiting for its pad length byte
const S_DATA = 3; // streaming DATA bytes to the handler
const S_DATA_PAD = 4; // skipping DATA padding, then onDataEnd
const S_SKIP = 5; // skipping a payload nobody reads (PRIORITY, unknown types, refused DATA)
const S_FAILED = 6;

/** Scratch starts at one default-size frame: header blocks and control frames rarely exceed it. */
const INITIAL_SCRATCH = DEFAULT_MAX_FRAME_SIZE;

export class FrameParser {
  /** SETTINGS_MAX_FRAME_SIZE we advertised (16384 unless changed): a longer frame is a
   *  FRAME_SIZE_ERROR connection error. */
  maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  /** Cap on one assembled header block in bytes. Past it: connection error ENHANCE_YOUR_CALM. A
   *  block cannot be dropped without decoding it (HPACK state is per connection, §4.3), so
   *  refusing it means closing the connection; the peer broke no framing rule, it exceeded a
   *  local resource limit, which is what §10.5 gives ENHANCE_YOUR_CALM for (§10.5.1). */
  maxHeaderBlock = 262144;

  private readonly h: FrameHandler;
  private state = S_HEAD;
  private readonly head = new Uint8Array(FRAME_HEADER_LENGTH);
  private headLen = 0;
  // The current frame.
  private len = 0;
  private type = 0;
  private flags = 0;
  private sid = 0;
  /** S_PAYLOAD: bytes still to buffer; S_DATA: data bytes still to come; S_DATA_PAD, S_SKIP:
   *  bytes still to skip. */
  private left = 0;
  /** S_DATA: padding after the data (skipped in S_DATA_PAD). */
  private pad = 0;
  private dataEnd = false;
  private scr = new Uint8Array(INITIAL_SCRATCH);
  /** S_PAYLOAD: bytes of the current payload already at scr[blockLen..). */
  private got = 0;
  /** An open header block: its stream (0: none open; HEADERS on stream 0 never opens one). */
  private blockSid = 0;
  private blockLen = 0;
  private blockEnd = false;
  /** SETTINGS pairs for the handler; grows with the largest SETTINGS frame seen. */
  private pairs = new Uint32Array(12);

  constructor(handler: FrameHandler) {
    this.h = handler;
  }

  /** True once a connection error was reported (the parser is then dead). */
  get failed(): boolean {
    return this.state === S_FAILED;
  }

  /** Feeds received bytes: everything is consumed (partial frames buffered inside). Returns the
   *  count consumed, or -1 once a connection error happened (in this call or before). */
  feed(buf: Uint8Array, start: number, end: number): number {
    let p = start;
    while (p < end) {
      switch (this.state) {
        case S_HEAD: {
          if (this.headLen === 0 && end - p >= FRAME_HEADER_LENGTH) {
            this.readHead(buf, p);
            p += FRAME_HEADER_LENGTH;
          } else {
            const hb = this.head;
            let i = this.headLen;
            while (i < FRAME_HEADER_LENGTH && p < end) hb[i++] = buf[p++]!;
            this.headLen = i;
            if (i < FRAME_HEADER_LENGTH) return end - start;
            this.headLen = 0;
            this.readHead(hb, 0);
          }
          this.begin();
          // (`as number`: TypeScript still narrows state to S_HEAD here; begin() changed it.)
          if ((this.state as number) === S_PAYLOAD) {
            if (end - p >= this.len) {
              // The common case: the whole payload is here; hand it out in place.
              this.state = S_HEAD;
              this.payload(buf, p, p + this.len);
              p += this.len;
            } else {
              this.reserve(this.blockLen + this.len);
            }
          }
          break;
        }
        case S_PAYLOAD: {
          const n = Math.min(this.left, end - p);
          copyBytes(this.scr, this.blockLen + this.got, buf, p, p + n);
          this.got += n;
          this.left -= n;
          p += n;
          if (this.left === 0) {
            this.state = S_HEAD;
            this.got = 0;
            this.payload(this.scr, this.blockLen, this.blockLen + this.len);
          }
          break;
        }
        case S_DATA_PADLEN: {
          const padLen = buf[p++]!;
          if (padLen >= this.len) {
            this.fail(
              H2_PROTOCOL_ERROR,
              `DATA frame on stream ${this.sid} with padding length ${padLen} in a payload of ${this.len} bytes`,
            );
            break;
          }
          this.startData(this.len - 1 - padLen, padLen);
          break;
        }
        case S_DATA: {
          const n = Math.min(this.left, end - p);
          if (n > 0) {
            this.left -= n;
            this.h.onData(this.sid, buf, p, p + n);
            p += n;
          }
          if (this.left === 0) {
            if (this.pad > 0) {
              this.left = this.pad;
              this.state = S_DATA_PAD;
            } else {
              this.state = S_HEAD;
              this.h.onDataEnd(this.sid, this.dataEnd);
            }
          }
          break;
        }
        case S_DATA_PAD: {
          const n = Math.min(this.left, end - p);
          this.left -= n;
          p += n;
          if (this.left === 0) {
            this.state = S_HEAD;
            this.h.onDataEnd(this.sid, this.dataEnd);
          }
          break;
        }
        case S_SKIP: {
          const n = Math.min(this.left, end - p);
          this.left -= n;
          p += n;
          if (this.left === 0) this.state = S_HEAD;
          break;
        }
        default:
          return -1;
      }
    }
    return this.state === S_FAILED ? -1 : end - start;
  }

  private readHead(b: Uint8Array, i: number): void {
    this.len = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    this.type = b[i + 3]!;
    this.flags = b[i + 4]!;
    // The reserved bit is ignored on receipt (§4.1).
    this.sid = ((b[i + 5]! & 0x7f) << 24) | (b[i + 6]! << 16) | (b[i + 7]! << 8) | b[i + 8]!;
  }

  /** Checks a frame head against the rules that need no payload and picks the next state. Order:
   *  size, header block sequence, stream id, type-specific length. */
  private begin(): void {
    const len = this.len;
    const type = this.type;
    const sid = this.sid;
    const flags = this.flags;
    if (len > this.maxFrameSize) {
      this.fail(
        H2_FRAME_SIZE_ERROR,
        `${frameTypeName(type)} frame with length ${len} above SETTINGS_MAX_FRAME_SIZE ${this.maxFrameSize}`,
      );
    } else if (this.blockSid !== 0 && (type !== FRAME_CONTINUATION || sid !== this.blockSid)) {
      this.fail(
        H2_PROTOCOL_ERROR,
        `${frameTypeName(type)} frame on stream ${sid} inside the header block of stream ${this.blockSid} (only its CONTINUATION may follow)`,
      );
    } else {
      switch (type) {
        case FRAME_DATA:
          this.dataEnd = (flags & FLAG_END_STREAM) !== 0;
          if (sid === 0) this.fail(H2_PROTOCOL_ERROR, "DATA frame on stream 0");
          else if ((flags & FLAG_PADDED) === 0) this.startData(len, 0);
          else if (len === 0) {
            this.fail(H2_FRAME_SIZE_ERROR, `padded DATA frame on stream ${sid} with length 0`);
          } else this.state = S_DATA_PADLEN;
          break;
        case FRAME_HEADERS: {
          const min = (flags & FLAG_PADDED ? 1 : 0) + (flags & FLAG_PRIORITY ? 5 : 0);
          if (sid === 0) this.fail(H2_PROTOCOL_ERROR, "HEADERS frame on stream 0");
          else if (len < min) {
            this.fail(
              H2_FRAME_SIZE_ERROR,
              `HEADERS frame on stream ${sid} with length ${len} (its pad length and priority fields need ${min})`,
            );
          } else {
            this.blockSid = sid;
            this.blockEnd = (flags & FLAG_END_STREAM) !== 0;
            this.expectPayload();
          }
          break;
        }
        case FRAME_CONTINUATION:
          // Inside a block, the check above let through only the block's own CONTINUATION.
          if (this.blockSid !== 0) this.expectPayload();
          else {
            this.fail(
              H2_PROTOCOL_ERROR,
              `CONTINUATION frame on stream ${sid} without a HEADERS frame before it`,
            );
          }
          break;
        case FRAME_PRIORITY:
          if (sid === 0) {
            this.fail(H2_PROTOCOL_ERROR, "PRIORITY frame on stream 0");
            break;
          }
          // Priority signals are deprecated (§5.3.2) and ignored; a wrong length is still an error.
          if (len !== 5) {
            this.h.onStreamError(
              sid,
              H2_FRAME_SIZE_ERROR,
              `PRIORITY frame on stream ${sid} with length ${len} (must be 5)`,
            );
          }
          this.skip(len);
          break;
        case FRAME_RST_STREAM:
          if (sid === 0) this.fail(H2_PROTOCOL_ERROR, "RST_STREAM frame on stream 0");
          else if (len !== 4) {
            this.fail(
              H2_FRAME_SIZE_ERROR,
              `RST_STREAM frame on stream ${sid} with length ${len} (must be 4)`,
            );
          } else this.expectPayload();
          break;
        case FRAME_SETTINGS:
          if (sid !== 0) this.fail(H2_PROTOCOL_ERROR, `SETTINGS frame on stream ${sid}`);
          else if (flags & FLAG_ACK && len !== 0) {
            this.fail(H2_FRAME_SIZE_ERROR, `SETTINGS ack with length ${len} (must be 0)`);
          } else if (len % 6 !== 0) {
            this.fail(
              H2_FRAME_SIZE_ERROR,
              `SETTINGS frame with length ${len} (not a multiple of 6)`,
            );
          } else this.expectPayload();
          break;
        case FRAME_PUSH_PROMISE:
          // We always send SETTINGS_ENABLE_PUSH 0: a promise is then a connection error (§8.4).
          this.fail(
            H2_PROTOCOL_ERROR,
            `PUSH_PROMISE frame on stream ${sid} (push is disabled: SETTINGS_ENABLE_PUSH 0)`,
          );
          break;
        case FRAME_PING:
          if (sid !== 0) this.fail(H2_PROTOCOL_ERROR, `PING frame on stream ${sid}`);
          else if (len !== 8) {
            this.fail(H2_FRAME_SIZE_ERROR, `PING frame with length ${len} (must be 8)`);
          } else this.expectPayload();
          break;
        case FRAME_GOAWAY:
          if (sid !== 0) this.fail(H2_PROTOCOL_ERROR, `GOAWAY frame on stream ${sid}`);
          else if (len < 8) {
            this.fail(H2_FRAME_SIZE_ERROR, `GOAWAY frame with length ${len} (at least 8)`);
          } else this.expectPayload();
          break;
        case FRAME_WINDOW_UPDATE:
          if (len === 4) this.expectPayload();
          else {
            this.fail(
              H2_FRAME_SIZE_ERROR,
              `WINDOW_UPDATE frame on stream ${sid} with length ${len} (must be 4)`,
            );
          }
          break;
        default:
          // Unknown types are ignored (§5.5); inside a header block they were refused above.
          this.skip(len);
      }
    }
  }

  /** The payload is read whole: in place if it is all in the fed buffer, else into scr. */
  private expectPayload(): void {
    this.left = this.len;
    this.got = 0;
    this.state = S_PAYLOAD;
  }

  /** Makes scr hold `need` bytes, keeping the block assembled so far. */
  private reserve(need: number): void {
    if (need <= this.scr.length) return;
    let size = this.scr.length * 2;
    while (size < need) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.scr.subarray(0, this.blockLen));
    this.scr = b;
  }

  private skip(n: number): void {
    this.left = n;
    this.state = n > 0 ? S_SKIP : S_HEAD;
  }

  /** DATA with `data` bytes and `pad` bytes of padding after them: offer it, then stream it. */
  private startData(data: number, pad: number): void {
    this.left = data;
    this.pad = pad;
    this.state = S_DATA;
    const sid = this.sid;
    if (!this.h.onDataFrame(sid, this.len, this.dataEnd)) {
      this.skip(data + pad);
    } else if (data === 0 && pad === 0) {
      this.state = S_HEAD;
      this.h.onDataEnd(sid, this.dataEnd);
    }
  }

  /** A complete payload of the current (non-DATA) frame at b[s..e), e - s = len. */
  private payload(b: Uint8Array, s: number, e: number): void {
    const h = this.h;
    switch (this.type) {
      case FRAME_HEADERS: {
        const flags = this.flags;
        let fs = s;
        let padLen = 0;
        if (flags & FLAG_PADDED) padLen = b[fs++]!;
        if (flags & FLAG_PRIORITY) fs += 5;
        if (padLen <= e - fs) this.fragment(b, fs, e - padLen);
        else {
          this.fail(
            H2_PROTOCOL_ERROR,
            `HEADERS frame on stream ${this.sid} with padding length ${padLen} but ${e - fs} bytes after its pad length and priority fields`,
          );
        }
        break;
      }
      case FRAME_CONTINUATION:
        this.fragment(b, s, e);
        break;
      case FRAME_RST_STREAM:
        h.onRstStream(this.sid, u32(b, s));
        break;
      case FRAME_SETTINGS:
        this.settings(b, s, e);
        break;
      case FRAME_PING:
        h.onPing((this.flags & FLAG_ACK) !== 0, b, s);
        break;
      case FRAME_GOAWAY:
        h.onGoaway(u32(b, s) & 0x7fffffff, u32(b, s + 4), b.subarray(s + 8, e));
        break;
      case FRAME_WINDOW_UPDATE: {
        const inc = u32(b, s) & 0x7fffffff; // reserved bit ignored (§6.9)
        const sid = this.sid;
        if (inc !== 0) h.onWindowUpdate(sid, inc);
        else if (sid === 0) {
          this.fail(H2_PROTOCOL_ERROR, "WINDOW_UPDATE frame on stream 0 with increment 0");
        } else {
          h.onStreamError(
            sid,
            H2_PROTOCOL_ERROR,
            `WINDOW_UPDATE frame on stream ${sid} with increment 0`,
          );
        }
        break;
      }
    }
  }

  /** A header block fragment at b[s..e): completes the block on END_HEADERS, else keeps it. */
  private fragment(b: Uint8Array, s: number, e: number): void {
    const total = this.blockLen + (e - s);
    if (total > this.maxHeaderBlock) {
      this.fail(
        H2_ENHANCE_YOUR_CALM,
        `header block on stream ${this.blockSid} of more than ${this.maxHeaderBlock} bytes (${total} so far)`,
      );
      return;
    }
    const endHeaders = (this.flags & FLAG_END_HEADERS) !== 0;
    if (endHeaders && this.blockLen === 0) {
      // The whole block is one frame: hand out the frame's own bytes (a view of the fed buffer
      // when the frame was not split).
      this.blockSid = 0;
      this.h.onHeaders(this.sid, b, s, e, this.blockEnd);
      return;
    }
    // When b is scr (a buffered payload), scr already holds blockLen + len >= total bytes, so
    // reserve() does not move it under b.
    this.reserve(total);
    copyBytes(this.scr, this.blockLen, b, s, e);
    if (!endHeaders) {
      this.blockLen = total;
      return;
    }
    this.blockLen = 0;
    this.blockSid = 0;
    this.h.onHeaders(this.sid, this.scr, 0, total, this.blockEnd);
  }

  /** SETTINGS pairs at b[s..e) (a multiple of 6 bytes): all checked before the handler sees any. */
  private settings(b: Uint8Array, s: number, e: number): void {
    if (this.flags & FLAG_ACK) {
      this.h.onSettings(true, this.pairs, 0);
      return;
    }
    if (this.pairs.length < (e - s) / 3) this.pairs = new Uint32Array((e - s) / 3);
    const pairs = this.pairs;
    let n = 0;
    for (let i = s; i < e; i += 6) {
      const id = (b[i]! << 8) | b[i + 1]!;
      const value = u32(b, i + 2);
      if (!isKnownSetting(id)) continue; // unknown ids are ignored (§6.5.2)
      const code = settingError(id, value);
      if (code !== 0) {
        this.fail(code, settingErrorDetail(id, value));
        return;
      }
      pairs[2 * n] = id;
      pairs[2 * n + 1] = value;
      n++;
    }
    this.h.onSettings(false, pairs, n);
  }

  private fail(code: number, detail: string): void {
    this.state = S_FAILED;
    this.h.onConnectionError(code, detail);
  }
}

function u32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}
