// The frame parser's callback contract in one place (llhttp's api.h): what FrameParser calls, in
// which order, and how long what it hands out stays valid. The session implements it.

/**
 * What the parser calls, synchronously, from inside feed(), one frame at a time in wire order.
 * A DATA frame is onDataFrame, then (if accepted) onData pieces and onDataEnd, with no other call
 * in between. onStreamError comes in place of the frame's event; onConnectionError is the last
 * call ever. Views handed out are valid only during the call. A handler must not call feed() from
 * a callback; it may change maxFrameSize and maxHeaderBlock (they apply from the next frame head).
 */
export interface FrameHandler {
  /** A DATA frame's header arrived (payloadLength includes padding: all of it counts for flow
   *  control). Return false to have its payload skipped: neither onData nor onDataEnd follow. */
  onDataFrame(sid: number, payloadLength: number, endStream: boolean): boolean;
  /** Data bytes of the current DATA frame, padding excluded, in pieces as they arrive (never
   *  copied: views of the fed buffer; never empty). */
  onData(sid: number, buf: Uint8Array, start: number, end: number): void;
  /** The current DATA frame ended (after its last byte and padding). */
  onDataEnd(sid: number, endStream: boolean): void;
  /** A complete header block (HEADERS plus any CONTINUATION, padding and priority fields
   *  stripped). The view is valid only during the call. */
  onHeaders(sid: number, block: Uint8Array, start: number, end: number, endStream: boolean): void;
  onRstStream(sid: number, code: number): void;
  /** SETTINGS: `pairs` holds n (id, value) pairs as pairs[2i], pairs[2i+1] (a reused scratch
   *  array), in frame order, ids 1-6 only (unknown ids are dropped, §6.5.2); ack=true has n=0.
   *  Values already validated. */
  onSettings(ack: boolean, pairs: Uint32Array | number[], n: number): void;
  /** PING: the 8 opaque bytes at payload[start..start+8). */
  onPing(ack: boolean, payload: Uint8Array, start: number): void;
  /** GOAWAY: `debug` is a view valid only during the call. */
  onGoaway(lastStreamId: number, code: number, debug: Uint8Array): void;
  onWindowUpdate(sid: number, increment: number): void;
  /** A frame-level error confined to one stream (the parser goes on). */
  onStreamError(sid: number, code: number, detail: string): void;
  /** A connection error: the parser stops for good (feed returns -1 from now on). */
  onConnectionError(code: number, detail: string): void;
}
