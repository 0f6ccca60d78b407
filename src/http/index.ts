// HTTP/1.1 codec: the response parser and the request head writer (pure: bytes in, bytes/events out).

export {
  MAX_HEADER_COUNT,
  MAX_HEADER_LINE,
  MAX_HEADERS_SIZE,
  PARSE_DONE,
  PARSE_PAUSE,
  type ResponseHandler,
  ResponseParser,
} from "./parser.ts";
export {
  checkheaders,
  type RequestHead,
  RequestWriter,
  requestIsChunked,
  userExpects100,
  validateHeaderValue,
  validateMethod,
} from "./request.ts";
