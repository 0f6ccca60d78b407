// What the engine decides about one request head, for the HTTP/1.1 writer (request.ts) and the
// memo of the last head written (head-memo.ts).

/** What one HTTP/1.1 request head carries (the parts of Curl_http() the engine has decided). */
export interface RequestHead {
  /** "GET", "POST", a custom method (CURLOPT_CUSTOMREQUEST). */
  method: string;
  /** Origin-form request target: "/path?query". */
  target: string;
  /** Host header value: "example.com", or "example.com:8080" when the port is not the default. */
  host: string;
  /** CURLOPT_HTTPHEADER: "Name: value" replaces a default of that name, "Name:" removes a default
   *  and sends nothing, "Name;" sends "Name:" with an empty value. */
  headers?: readonly string[];
  /** CURLOPT_USERAGENT; libcurl sends no User-Agent unless set. */
  userAgent?: string;
  /** -1: no body. >= 0: Content-Length to send (a POST with an empty body sends 0). */
  contentLength: number;
  /** The body goes chunked: decided by the caller with requestIsChunked (a user Transfer-Encoding
   *  header decides, else an upload of unknown size); the writer adds the header when the user's
   *  headers have none, and no Content-Length. */
  chunked?: boolean;
  /** A body follows the head (HTTP/2 ends the stream with the HEADERS otherwise). */
  bodyFollows?: boolean;
  /** CURL_HTTP_VERSION_1_0: the request line says HTTP/1.0. */
  http10?: boolean;
  /** Expect: 100-continue. */
  expect100?: boolean;
  /** Content-Type libcurl adds for CURLOPT_POSTFIELDS ("application/x-www-form-urlencoded"). */
  contentType?: string;
  /** Authorization value built by the auth code, e.g. "Basic dXNlcjpwYXNz" (CURLOPT_USERPWD). */
  authorization?: string;
  /** CURLOPT_RANGE, e.g. "0-99": sent as "Range: bytes=0-99". */
  range?: string;
  /** CURLOPT_ACCEPT_ENCODING value for the Accept-Encoding header. */
  acceptEncoding?: string;
  /** CURLOPT_REFERER. */
  referer?: string;
  /** The Cookie value: the jar's cookies and CURLOPT_COOKIE, "name=value; name2=value2", as bytes
   *  (one char per byte: cookies are kept as the bytes the server sent). */
  cookie?: string;
  /** To a forwarding proxy: its Proxy-Authorization value, "Proxy-Connection: Keep-Alive", and
   *  CURLOPT_PROXYHEADER (sent after the user's headers). */
  proxyAuthorization?: string | undefined;
  proxyKeepAlive?: boolean;
  proxyHeaders?: readonly string[] | undefined;
}
