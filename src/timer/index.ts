// The timer layer: splay tree of handles by nearest deadline, per-handle expire rows, expire IDs.
// Pure data: callers pass `now`; nothing here reads a clock or does I/O.

export {
  EXPIRE_100_TIMEOUT,
  EXPIRE_ASYNC_NAME,
  EXPIRE_CONNECTTIMEOUT,
  EXPIRE_DNS_PER_NAME,
  EXPIRE_DNS_PER_NAME2,
  EXPIRE_HAPPY_EYEBALLS,
  EXPIRE_HAPPY_EYEBALLS_DNS,
  EXPIRE_LAST,
  EXPIRE_MULTI_PENDING,
  EXPIRE_NAMES,
  EXPIRE_RUN_NOW,
  EXPIRE_SHUTDOWN,
  EXPIRE_SPEEDCHECK,
  EXPIRE_TIMEOUT,
  EXPIRE_TOOFAST,
} from "./expire-ids.ts";
export { TimerQueue } from "./queue.ts";
export { SplayTree } from "./splay.ts";
