// HTTP/1.1 codec: the response parser and the request head writer (pure: bytes in, bytes/events out).

export { MAX_HEADER_COUNT, MAX_HEADERS_SIZE } from "./head.ts";
export { asciiBytes, startsWithCI } from "./headers.ts";
export { MAX_HEADER_LINE } from "./lines.ts";
export { ResponseParser } from "./parser.ts";
export {
  checkheaders,
  type RequestHead,
  RequestWriter,
  requestIsChunked,
  userExpects100,
  validateHeaderValue,
  validateMethod,
} from "./request.ts";
export { PARSE_DONE, PARSE_PAUSE, type ResponseHandler } from "./response.ts";
