// The callback types the easy options take (CURLOPT_WRITEFUNCTION, _READFUNCTION, _XFERINFOFUNCTION,
// _DEBUGFUNCTION): what setopt's types give a callback's parameters. `easy` is the Easy handle; it is
// typed unknown here because the handle's class depends on the options, not the other way round.

/** Write/header callback: gets a view of the bytes, returns how many it took (or CURL_WRITEFUNC_PAUSE). */
export type WriteCallback = (data: Uint8Array, easy: unknown, userdata: unknown) => number;
/** Read callback: fills buf, returns the count, 0 at the end, CURL_READFUNC_PAUSE or CURL_READFUNC_ABORT. */
export type ReadCallback = (buf: Uint8Array, easy: unknown, userdata: unknown) => number;
/**
 * Seek callback (CURLOPT_SEEKFUNCTION): move the read callback's stream to `offset` (from `origin`,
 * SEEK_SET = 0, the only one the engine asks for) so a body can be sent again; returns
 * CURL_SEEKFUNC_OK, _FAIL or _CANTSEEK.
 */
export type SeekCallback = (userdata: unknown, offset: number, origin: number) => number;
/** Progress callback (CURLOPT_XFERINFOFUNCTION). */
export type XferInfoCallback = (
  userdata: unknown,
  dltotal: number,
  dlnow: number,
  ultotal: number,
  ulnow: number,
) => number;
/** Debug callback (CURLOPT_DEBUGFUNCTION): type is CURLINFO_TEXT (0), HEADER_IN (1), HEADER_OUT (2)... */
export type DebugCallback = (
  easy: unknown,
  type: number,
  text: string,
  userdata: unknown,
) => number;
