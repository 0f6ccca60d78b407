// The timer layer: splay tree of handles by nearest deadline, per-handle expire rows, expire IDs.
// Pure data: callers pass `now`; nothing here reads a clock or does I/O.

export * from "./expire-ids.ts";
export { TimerQueue } from "./queue.ts";
export { SplayTree } from "./splay.ts";
