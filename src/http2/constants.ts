// HTTP/2 wire constants (RFC 9113): frame types and flags (§6), settings ids (§6.5.2), error codes
// (§7), default sizes and the client connection preface (§3.4). Shared by the frame layer and the
// session above it; pure data plus two name lookups for traces and error details.

// ---- frame types (§6) ----
export const FRAME_DATA = 0x0;
export const FRAME_HEADERS = 0x1;
export const FRAME_PRIORITY = 0x2;
export const FRAME_RST_STREAM = 0x3;
export const FRAME_SETTINGS = 0x4;
export const FRAME_PUSH_PROMISE = 0x5;
export const FRAME_PING = 0x6;
export const FRAME_GOAWAY = 0x7;
export const FRAME_WINDOW_UPDATE = 0x8;
export const FRAME_CONTINUATION = 0x9;

/** Bytes of the fixed frame header (§4.1): length (24), type (8), flags (8), stream id (1 + 31). */
export const FRAME_HEADER_LENGTH = 9;

// ---- flags (§6): the same bit means different things per frame type ----
/** DATA, HEADERS. */
export const FLAG_END_STREAM = 0x1;
/** SETTINGS, PING (same bit as END_STREAM). */
export const FLAG_ACK = 0x1;
/** HEADERS, PUSH_PROMISE, CONTINUATION. */
export const FLAG_END_HEADERS = 0x4;
/** DATA, HEADERS, PUSH_PROMISE. */
export const FLAG_PADDED = 0x8;
/** HEADERS: a 5-byte stream dependency and weight precede the block fragment. */
export const FLAG_PRIORITY = 0x20;

// ---- settings identifiers (§6.5.2) ----
export const SETTINGS_HEADER_TABLE_SIZE = 0x1;
export const SETTINGS_ENABLE_PUSH = 0x2;
export const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
export const SETTINGS_MAX_FRAME_SIZE = 0x5;
export const SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

// ---- error codes (§7) ----
export const H2_NO_ERROR = 0x0;
export const H2_PROTOCOL_ERROR = 0x1;
export const H2_INTERNAL_ERROR = 0x2;
export const H2_FLOW_CONTROL_ERROR = 0x3;
export const H2_SETTINGS_TIMEOUT = 0x4;
export const H2_STREAM_CLOSED = 0x5;
export const H2_FRAME_SIZE_ERROR = 0x6;
export const H2_REFUSED_STREAM = 0x7;
export const H2_CANCEL = 0x8;
export const H2_COMPRESSION_ERROR = 0x9;
export const H2_CONNECT_ERROR = 0xa;
export const H2_ENHANCE_YOUR_CALM = 0xb;
export const H2_INADEQUATE_SECURITY = 0xc;
export const H2_HTTP_1_1_REQUIRED = 0xd;

// ---- sizes ----
/** Initial flow-control window of the connection and of every stream (§6.9.2). */
export const DEFAULT_WINDOW = 65535;
/** SETTINGS_MAX_FRAME_SIZE until a peer says otherwise; also its smallest legal value (§6.5.2). */
export const DEFAULT_MAX_FRAME_SIZE = 16384;
/** The largest legal SETTINGS_MAX_FRAME_SIZE: 2^24-1, what the 24-bit length field can carry. */
export const MAX_FRAME_SIZE_LIMIT = 16777215;
/** The largest flow-control window and SETTINGS_INITIAL_WINDOW_SIZE: 2^31-1 (§6.9.1). */
export const MAX_WINDOW = 2147483647;

/** The client connection preface (§3.4): "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24 bytes, then SETTINGS. */
export const PREFACE: Uint8Array = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

const ERROR_NAMES = [
  "NO_ERROR",
  "PROTOCOL_ERROR",
  "INTERNAL_ERROR",
  "FLOW_CONTROL_ERROR",
  "SETTINGS_TIMEOUT",
  "STREAM_CLOSED",
  "FRAME_SIZE_ERROR",
  "REFUSED_STREAM",
  "CANCEL",
  "COMPRESSION_ERROR",
  "CONNECT_ERROR",
  "ENHANCE_YOUR_CALM",
  "INADEQUATE_SECURITY",
  "HTTP_1_1_REQUIRED",
] as const;

const TYPE_NAMES = [
  "DATA",
  "HEADERS",
  "PRIORITY",
  "RST_STREAM",
  "SETTINGS",
  "PUSH_PROMISE",
  "PING",
  "GOAWAY",
  "WINDOW_UPDATE",
  "CONTINUATION",
] as const;

/** The RFC's name of an error code ("PROTOCOL_ERROR"); a code it does not define as "unknown (0x1f)". */
export function h2ErrorName(code: number): string {
  return ERROR_NAMES[code] ?? `unknown (0x${(code >>> 0).toString(16)})`;
}

/** The RFC's name of a frame type ("HEADERS"); an extension type as "type 0xa". */
export function frameTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `type 0x${type.toString(16)}`;
}
