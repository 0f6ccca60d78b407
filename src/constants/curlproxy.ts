// libcurl's proxy types (curl.h's curl_proxytype), with their exact names and numbers: the values of
// CURLOPT_PROXYTYPE, and what a proxy URL's scheme selects.

/** `CURLPROXY_HTTP` (0): an HTTP/1.1 proxy, the default (`http://`). */
export const CURLPROXY_HTTP = 0;
/** `CURLPROXY_HTTP_1_0` (1): an HTTP/1.0 proxy (CONNECT is sent as HTTP/1.0). */
export const CURLPROXY_HTTP_1_0 = 1;
/** `CURLPROXY_HTTPS` (2): an HTTP proxy reached over TLS (`https://`). */
export const CURLPROXY_HTTPS = 2;
/** `CURLPROXY_HTTPS2` (3): an HTTPS proxy spoken to in HTTP/2 (not supported here: taken as HTTPS). */
export const CURLPROXY_HTTPS2 = 3;
/** `CURLPROXY_SOCKS4` (4): SOCKS4, names resolved locally (`socks4://`). */
export const CURLPROXY_SOCKS4 = 4;
/** `CURLPROXY_SOCKS5` (5): SOCKS5, names resolved locally (`socks5://`). */
export const CURLPROXY_SOCKS5 = 5;
/** `CURLPROXY_SOCKS4A` (6): SOCKS4a, names resolved by the proxy (`socks4a://`). */
export const CURLPROXY_SOCKS4A = 6;
/** `CURLPROXY_SOCKS5_HOSTNAME` (7): SOCKS5, names resolved by the proxy (`socks5h://`). */
export const CURLPROXY_SOCKS5_HOSTNAME = 7;
