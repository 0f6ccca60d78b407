// The transfer states, ordered as the transfer moves through them (libcurl's MSTATE_* in spirit).
// Every change goes through setState() in mstate.ts; the names are for verbose traces.

export const ST_INIT = 0; // not started: parse URL, look for a connection
export const ST_PENDING = 1; // waiting for a connection slot (host/total limits)
export const ST_RESOLVING = 2; // name resolution
export const ST_CONNECTING = 3; // TCP/TLS connect in progress
export const ST_SENDING = 4; // writing the request head and body
export const ST_WAITING = 5; // request sent, no response byte yet
export const ST_HEADERS = 6; // receiving response headers
export const ST_BODY = 7; // receiving the response body
export const ST_DONE = 8; // transfer finished: connection returned or closed
export const ST_COMPLETED = 9; // result posted as a CURLMSG_DONE message
export const ST_MSGSENT = 10; // message read or handle about to be removed

export const STATE_NAMES: readonly string[] = [
  "INIT",
  "PENDING",
  "RESOLVING",
  "CONNECTING",
  "SENDING",
  "WAITING",
  "HEADERS",
  "BODY",
  "DONE",
  "COMPLETED",
  "MSGSENT",
];
