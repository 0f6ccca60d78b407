// What a received SETTINGS value may be (RFC 9113 §6.5.2), as the frame parser checks it before the
// session sees the frame: the error code an illegal value earns, and the detail text for it.

import {
  DEFAULT_MAX_FRAME_SIZE,
  H2_FLOW_CONTROL_ERROR,
  H2_PROTOCOL_ERROR,
  MAX_FRAME_SIZE_LIMIT,
  MAX_WINDOW,
  SETTINGS_ENABLE_PUSH,
  SETTINGS_HEADER_TABLE_SIZE,
  SETTINGS_INITIAL_WINDOW_SIZE,
  SETTINGS_MAX_FRAME_SIZE,
  SETTINGS_MAX_HEADER_LIST_SIZE,
} from "./constants.ts";

const NAMES = [
  "",
  "SETTINGS_HEADER_TABLE_SIZE",
  "SETTINGS_ENABLE_PUSH",
  "SETTINGS_MAX_CONCURRENT_STREAMS",
  "SETTINGS_INITIAL_WINDOW_SIZE",
  "SETTINGS_MAX_FRAME_SIZE",
  "SETTINGS_MAX_HEADER_LIST_SIZE",
] as const;

/** True for the ids RFC 9113 defines (1-6); a receiver ignores every other id (§6.5.2). */
export function isKnownSetting(id: number): boolean {
  return id >= SETTINGS_HEADER_TABLE_SIZE && id <= SETTINGS_MAX_HEADER_LIST_SIZE;
}

/** The name of a settings id ("SETTINGS_ENABLE_PUSH"); others as "setting 0x8". */
export function settingName(id: number): string {
  return (id > 0 && NAMES[id]) || `setting 0x${id.toString(16)}`;
}

/**
 * 0 if a server may send `value` for `id` to us (a client), else the connection error code it
 * earns. ENABLE_PUSH: anything but 0 and 1 is a PROTOCOL_ERROR for every receiver, and a client
 * MUST also treat 1 as one (a server cannot enable push toward a client). The other ids without a
 * rule (table size, concurrency, list size) take any 32-bit value.
 */
export function settingError(id: number, value: number): number {
  switch (id) {
    case SETTINGS_ENABLE_PUSH:
      return value === 0 ? 0 : H2_PROTOCOL_ERROR;
    case SETTINGS_INITIAL_WINDOW_SIZE:
      return value > MAX_WINDOW ? H2_FLOW_CONTROL_ERROR : 0;
    case SETTINGS_MAX_FRAME_SIZE:
      return value < DEFAULT_MAX_FRAME_SIZE || value > MAX_FRAME_SIZE_LIMIT ? H2_PROTOCOL_ERROR : 0;
    default:
      return 0;
  }
}

/** The detail text for a value settingError() refused. */
export function settingErrorDetail(id: number, value: number): string {
  switch (id) {
    case SETTINGS_ENABLE_PUSH:
      return value === 1
        ? "SETTINGS_ENABLE_PUSH 1 from the server (a server cannot enable push)"
        : `SETTINGS_ENABLE_PUSH ${value} (must be 0 or 1)`;
    case SETTINGS_INITIAL_WINDOW_SIZE:
      return `SETTINGS_INITIAL_WINDOW_SIZE ${value} above the maximum window ${MAX_WINDOW}`;
    case SETTINGS_MAX_FRAME_SIZE:
      return `SETTINGS_MAX_FRAME_SIZE ${value} outside [${DEFAULT_MAX_FRAME_SIZE}, ${MAX_FRAME_SIZE_LIMIT}]`;
    default:
      return `${settingName(id)} ${value}`;
  }
}
