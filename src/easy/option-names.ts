// The CURLOPT_* names of curl_easy_setopt, each with the camelCase key of its row in the option table
// (options.ts). They stay written out because TypeScript only sees a named export with its literal
// type this way.

/** `CURLOPT_URL`, the curl_easy_setopt option; its value is the camelCase key `"url"`. */
export const CURLOPT_URL = "url";
/** `CURLOPT_WRITEFUNCTION`, the curl_easy_setopt option; its value is the camelCase key `"writeFunction"`. */
export const CURLOPT_WRITEFUNCTION = "writeFunction";
/** `CURLOPT_WRITEDATA`, the curl_easy_setopt option; its value is the camelCase key `"writeData"`. */
export const CURLOPT_WRITEDATA = "writeData";
/** `CURLOPT_HEADERFUNCTION`, the curl_easy_setopt option; its value is the camelCase key `"headerFunction"`. */
export const CURLOPT_HEADERFUNCTION = "headerFunction";
/** `CURLOPT_HEADERDATA`, the curl_easy_setopt option; its value is the camelCase key `"headerData"`. */
export const CURLOPT_HEADERDATA = "headerData";
/** `CURLOPT_PRIVATE`, the curl_easy_setopt option; its value is the camelCase key `"private"`. */
export const CURLOPT_PRIVATE = "private";
/** `CURLOPT_CUSTOMREQUEST`, the curl_easy_setopt option; its value is the camelCase key `"customRequest"`. */
export const CURLOPT_CUSTOMREQUEST = "customRequest";
/** `CURLOPT_NOBODY`, the curl_easy_setopt option; its value is the camelCase key `"noBody"`. */
export const CURLOPT_NOBODY = "noBody";
/** `CURLOPT_HTTPGET`, the curl_easy_setopt option; its value is the camelCase key `"httpGet"`. */
export const CURLOPT_HTTPGET = "httpGet";
/** `CURLOPT_POST`, the curl_easy_setopt option; its value is the camelCase key `"post"`. */
export const CURLOPT_POST = "post";
/** `CURLOPT_HTTPHEADER`, the curl_easy_setopt option; its value is the camelCase key `"httpHeader"`. */
export const CURLOPT_HTTPHEADER = "httpHeader";
/** `CURLOPT_POSTFIELDS`, the curl_easy_setopt option; its value is the camelCase key `"postFields"`. */
export const CURLOPT_POSTFIELDS = "postFields";
/** `CURLOPT_COPYPOSTFIELDS`, the curl_easy_setopt option; its value is the camelCase key `"copyPostFields"`. */
export const CURLOPT_COPYPOSTFIELDS = "copyPostFields";
/** `CURLOPT_POSTFIELDSIZE`, the curl_easy_setopt option; its value is the camelCase key `"postFieldSize"`. */
export const CURLOPT_POSTFIELDSIZE = "postFieldSize";
/** `CURLOPT_POSTFIELDSIZE_LARGE`, the curl_easy_setopt option; its value is the camelCase key `"postFieldSizeLarge"`. */
export const CURLOPT_POSTFIELDSIZE_LARGE = "postFieldSizeLarge";
/** `CURLOPT_USERAGENT`, the curl_easy_setopt option; its value is the camelCase key `"userAgent"`. */
export const CURLOPT_USERAGENT = "userAgent";
/** `CURLOPT_VERBOSE`, the curl_easy_setopt option; its value is the camelCase key `"verbose"`. */
export const CURLOPT_VERBOSE = "verbose";
/** `CURLOPT_DEBUGFUNCTION`, the curl_easy_setopt option; its value is the camelCase key `"debugFunction"`. */
export const CURLOPT_DEBUGFUNCTION = "debugFunction";
/** `CURLOPT_DEBUGDATA`, the curl_easy_setopt option; its value is the camelCase key `"debugData"`. */
export const CURLOPT_DEBUGDATA = "debugData";
/** `CURLOPT_FORBID_REUSE`, the curl_easy_setopt option; its value is the camelCase key `"forbidReuse"`. */
export const CURLOPT_FORBID_REUSE = "forbidReuse";
/** `CURLOPT_FRESH_CONNECT`, the curl_easy_setopt option; its value is the camelCase key `"freshConnect"`. */
export const CURLOPT_FRESH_CONNECT = "freshConnect";
/** `CURLOPT_HTTP_VERSION`, the curl_easy_setopt option; its value is the camelCase key `"httpVersion"`. */
export const CURLOPT_HTTP_VERSION = "httpVersion";
/** `CURLOPT_PIPEWAIT`, the curl_easy_setopt option; its value is the camelCase key `"pipeWait"`. */
export const CURLOPT_PIPEWAIT = "pipeWait";
/** `CURLOPT_RESOLVE`, the curl_easy_setopt option; its value is the camelCase key `"resolve"`. */
export const CURLOPT_RESOLVE = "resolve";
/** `CURLOPT_CONNECT_TO`, the curl_easy_setopt option; its value is the camelCase key `"connectTo"`. */
export const CURLOPT_CONNECT_TO = "connectTo";
/** `CURLOPT_DNS_CACHE_TIMEOUT`, the curl_easy_setopt option; its value is the camelCase key `"dnsCacheTimeout"`. */
export const CURLOPT_DNS_CACHE_TIMEOUT = "dnsCacheTimeout";
/** `CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS`, the curl_easy_setopt option; its value is the camelCase key `"happyEyeballsTimeoutMs"`. */
export const CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS = "happyEyeballsTimeoutMs";
/** `CURLOPT_IPRESOLVE`, the curl_easy_setopt option; its value is the camelCase key `"ipResolve"`. */
export const CURLOPT_IPRESOLVE = "ipResolve";
/** `CURLOPT_UNIX_SOCKET_PATH`, the curl_easy_setopt option; its value is the camelCase key `"unixSocketPath"`. */
export const CURLOPT_UNIX_SOCKET_PATH = "unixSocketPath";
/** `CURLOPT_SSL_VERIFYPEER`, the curl_easy_setopt option; its value is the camelCase key `"sslVerifyPeer"`. */
export const CURLOPT_SSL_VERIFYPEER = "sslVerifyPeer";
/** `CURLOPT_SSL_VERIFYHOST`, the curl_easy_setopt option; its value is the camelCase key `"sslVerifyHost"`. */
export const CURLOPT_SSL_VERIFYHOST = "sslVerifyHost";
/** `CURLOPT_CAINFO`, the curl_easy_setopt option; its value is the camelCase key `"caInfo"`. */
export const CURLOPT_CAINFO = "caInfo";
/** `CURLOPT_TIMEOUT`, the curl_easy_setopt option; its value is the camelCase key `"timeout"`. */
export const CURLOPT_TIMEOUT = "timeout";
/** `CURLOPT_TIMEOUT_MS`, the curl_easy_setopt option; its value is the camelCase key `"timeoutMs"`. */
export const CURLOPT_TIMEOUT_MS = "timeoutMs";
/** `CURLOPT_CONNECTTIMEOUT`, the curl_easy_setopt option; its value is the camelCase key `"connectTimeout"`. */
export const CURLOPT_CONNECTTIMEOUT = "connectTimeout";
/** `CURLOPT_CONNECTTIMEOUT_MS`, the curl_easy_setopt option; its value is the camelCase key `"connectTimeoutMs"`. */
export const CURLOPT_CONNECTTIMEOUT_MS = "connectTimeoutMs";
/** `CURLOPT_LOW_SPEED_LIMIT`, the curl_easy_setopt option; its value is the camelCase key `"lowSpeedLimit"`. */
export const CURLOPT_LOW_SPEED_LIMIT = "lowSpeedLimit";
/** `CURLOPT_LOW_SPEED_TIME`, the curl_easy_setopt option; its value is the camelCase key `"lowSpeedTime"`. */
export const CURLOPT_LOW_SPEED_TIME = "lowSpeedTime";
/** `CURLOPT_MAX_RECV_SPEED_LARGE`, the curl_easy_setopt option; its value is the camelCase key `"maxRecvSpeedLarge"`. */
export const CURLOPT_MAX_RECV_SPEED_LARGE = "maxRecvSpeedLarge";
/** `CURLOPT_MAX_SEND_SPEED_LARGE`, the curl_easy_setopt option; its value is the camelCase key `"maxSendSpeedLarge"`. */
export const CURLOPT_MAX_SEND_SPEED_LARGE = "maxSendSpeedLarge";
/** `CURLOPT_EXPECT_100_TIMEOUT_MS`, the curl_easy_setopt option; its value is the camelCase key `"expect100TimeoutMs"`. */
export const CURLOPT_EXPECT_100_TIMEOUT_MS = "expect100TimeoutMs";
/** `CURLOPT_MAXAGE_CONN`, the curl_easy_setopt option; its value is the camelCase key `"maxAgeConn"`. */
export const CURLOPT_MAXAGE_CONN = "maxAgeConn";
/** `CURLOPT_MAXLIFETIME_CONN`, the curl_easy_setopt option; its value is the camelCase key `"maxLifetimeConn"`. */
export const CURLOPT_MAXLIFETIME_CONN = "maxLifetimeConn";
/** `CURLOPT_NOSIGNAL`, the curl_easy_setopt option; its value is the camelCase key `"noSignal"`. */
export const CURLOPT_NOSIGNAL = "noSignal";
/** `CURLOPT_FOLLOWLOCATION`, the curl_easy_setopt option; its value is the camelCase key `"followLocation"`. */
export const CURLOPT_FOLLOWLOCATION = "followLocation";
/** `CURLOPT_MAXREDIRS`, the curl_easy_setopt option; its value is the camelCase key `"maxRedirs"`. */
export const CURLOPT_MAXREDIRS = "maxRedirs";
/** `CURLOPT_POSTREDIR`, the curl_easy_setopt option; its value is the camelCase key `"postRedir"`. */
export const CURLOPT_POSTREDIR = "postRedir";
/** `CURLOPT_REDIR_PROTOCOLS_STR`, the curl_easy_setopt option; its value is the camelCase key `"redirProtocolsStr"`. */
export const CURLOPT_REDIR_PROTOCOLS_STR = "redirProtocolsStr";
/** `CURLOPT_UNRESTRICTED_AUTH`, the curl_easy_setopt option; its value is the camelCase key `"unrestrictedAuth"`. */
export const CURLOPT_UNRESTRICTED_AUTH = "unrestrictedAuth";
/** `CURLOPT_ACCEPT_ENCODING`, the curl_easy_setopt option; its value is the camelCase key `"acceptEncoding"`. */
export const CURLOPT_ACCEPT_ENCODING = "acceptEncoding";
/** `CURLOPT_HTTP_CONTENT_DECODING`, the curl_easy_setopt option; its value is the camelCase key `"httpContentDecoding"`. */
export const CURLOPT_HTTP_CONTENT_DECODING = "httpContentDecoding";
/** `CURLOPT_MAXFILESIZE`, the curl_easy_setopt option; its value is the camelCase key `"maxFileSize"`. */
export const CURLOPT_MAXFILESIZE = "maxFileSize";
/** `CURLOPT_MAXFILESIZE_LARGE`, the curl_easy_setopt option; its value is the camelCase key `"maxFileSizeLarge"`. */
export const CURLOPT_MAXFILESIZE_LARGE = "maxFileSizeLarge";
/** `CURLOPT_UPLOAD`, the curl_easy_setopt option; its value is the camelCase key `"upload"`. */
export const CURLOPT_UPLOAD = "upload";
/** `CURLOPT_INFILESIZE`, the curl_easy_setopt option; its value is the camelCase key `"inFileSize"`. */
export const CURLOPT_INFILESIZE = "inFileSize";
/** `CURLOPT_INFILESIZE_LARGE`, the curl_easy_setopt option; its value is the camelCase key `"inFileSizeLarge"`. */
export const CURLOPT_INFILESIZE_LARGE = "inFileSizeLarge";
/** `CURLOPT_READFUNCTION`, the curl_easy_setopt option; its value is the camelCase key `"readFunction"`. */
export const CURLOPT_READFUNCTION = "readFunction";
/** `CURLOPT_READDATA`, the curl_easy_setopt option; its value is the camelCase key `"readData"`. */
export const CURLOPT_READDATA = "readData";
/** `CURLOPT_USERPWD`, the curl_easy_setopt option; its value is the camelCase key `"userPwd"`. */
export const CURLOPT_USERPWD = "userPwd";
/** `CURLOPT_USERNAME`, the curl_easy_setopt option; its value is the camelCase key `"username"`. */
export const CURLOPT_USERNAME = "username";
/** `CURLOPT_PASSWORD`, the curl_easy_setopt option; its value is the camelCase key `"password"`. */
export const CURLOPT_PASSWORD = "password";
/** `CURLOPT_HTTPAUTH`, the curl_easy_setopt option; its value is the camelCase key `"httpAuth"`. */
export const CURLOPT_HTTPAUTH = "httpAuth";
/** `CURLOPT_PROXYAUTH`, the curl_easy_setopt option; its value is the camelCase key `"proxyAuth"`
 *  (CURLAUTH_* bits for an HTTP proxy: Basic, the default, goes up front; Digest and ANY answer a 407). */
export const CURLOPT_PROXYAUTH = "proxyAuth";
/** `CURLOPT_SEEKFUNCTION`, the curl_easy_setopt option; its value is the camelCase key `"seekFunction"`. */
export const CURLOPT_SEEKFUNCTION = "seekFunction";
/** `CURLOPT_SEEKDATA`, the curl_easy_setopt option; its value is the camelCase key `"seekData"`. */
export const CURLOPT_SEEKDATA = "seekData";
/** `CURLOPT_XOAUTH2_BEARER`, the curl_easy_setopt option; its value is the camelCase key `"xoauth2Bearer"`. */
export const CURLOPT_XOAUTH2_BEARER = "xoauth2Bearer";
/** `CURLOPT_REFERER`, the curl_easy_setopt option; its value is the camelCase key `"referer"`. */
export const CURLOPT_REFERER = "referer";
/** `CURLOPT_RANGE`, the curl_easy_setopt option; its value is the camelCase key `"range"`. */
export const CURLOPT_RANGE = "range";
/** `CURLOPT_COOKIE`, the curl_easy_setopt option; its value is the camelCase key `"cookie"`. */
export const CURLOPT_COOKIE = "cookie";
/** `CURLOPT_FAILONERROR`, the curl_easy_setopt option; its value is the camelCase key `"failOnError"`. */
export const CURLOPT_FAILONERROR = "failOnError";
/**
 * `CURLOPT_XFERINFOFUNCTION`, the curl_easy_setopt option; its value is the camelCase key
 * `"xferInfoFunction"`. As in libcurl it is called only with `noProgress` set to 0 (the default is
 * 1): at least once a second while the transfer runs, and a last time when it ends (also on a
 * failure once past connecting, and on each followed redirect).
 */
export const CURLOPT_XFERINFOFUNCTION = "xferInfoFunction";
/** `CURLOPT_XFERINFODATA`, the curl_easy_setopt option; its value is the camelCase key `"xferInfoData"`. */
export const CURLOPT_XFERINFODATA = "xferInfoData";
/** `CURLOPT_NOPROGRESS`, the curl_easy_setopt option; its value is the camelCase key
 *  `"noProgress"`. 1 by default, as in libcurl: set 0 for `xferInfoFunction` to be called. */
export const CURLOPT_NOPROGRESS = "noProgress";
/**
 * `CURLOPT_SHARE`, the curl_easy_setopt option; its value is the camelCase key `"share"`. The
 * handle uses the Share's data (DNS cache, idle connections, cookies) as long as it is set; refused
 * with CURLE_BAD_FUNCTION_ARGUMENT while the handle's transfer holds a connection.
 */
export const CURLOPT_SHARE = "share";
// Cookies
/** `CURLOPT_COOKIEFILE`, the curl_easy_setopt option; its value is the camelCase key `"cookieFile"`. */
export const CURLOPT_COOKIEFILE = "cookieFile";
/** `CURLOPT_COOKIEJAR`, the curl_easy_setopt option; its value is the camelCase key `"cookieJar"`. */
export const CURLOPT_COOKIEJAR = "cookieJar";
/** `CURLOPT_COOKIELIST`, the curl_easy_setopt option; its value is the camelCase key `"cookieList"`. */
export const CURLOPT_COOKIELIST = "cookieList";
/** `CURLOPT_COOKIESESSION`, the curl_easy_setopt option; its value is the camelCase key `"cookieSession"`. */
export const CURLOPT_COOKIESESSION = "cookieSession";
// Proxies.
/** `CURLOPT_PROXY`, the curl_easy_setopt option; its value is the camelCase key `"proxy"`: the proxy
 *  URL (`http://`, `https://`, `socks4://`, `socks4a://`, `socks5://`, `socks5h://`); "" disables
 *  proxies, the environment's too. */
export const CURLOPT_PROXY = "proxy";
/** `CURLOPT_PROXYTYPE`, the curl_easy_setopt option; its value is the camelCase key `"proxyType"`
 *  (a CURLPROXY_* value, for a proxy URL without a scheme). */
export const CURLOPT_PROXYTYPE = "proxyType";
/** `CURLOPT_PROXYPORT`, the curl_easy_setopt option; its value is the camelCase key `"proxyPort"`
 *  (the port when the proxy URL has none; 0: 1080, or 443 for an HTTPS proxy). */
export const CURLOPT_PROXYPORT = "proxyPort";
/** `CURLOPT_PROXYUSERPWD`, the curl_easy_setopt option; its value is the camelCase key `"proxyUserPwd"` ("user:password"). */
export const CURLOPT_PROXYUSERPWD = "proxyUserPwd";
/** `CURLOPT_PROXYUSERNAME`, the curl_easy_setopt option; its value is the camelCase key `"proxyUsername"`. */
export const CURLOPT_PROXYUSERNAME = "proxyUsername";
/** `CURLOPT_PROXYPASSWORD`, the curl_easy_setopt option; its value is the camelCase key `"proxyPassword"`. */
export const CURLOPT_PROXYPASSWORD = "proxyPassword";
/** `CURLOPT_HTTPPROXYTUNNEL`, the curl_easy_setopt option; its value is the camelCase key
 *  `"httpProxyTunnel"`: CONNECT through an HTTP proxy for http:// targets too. */
export const CURLOPT_HTTPPROXYTUNNEL = "httpProxyTunnel";
/** `CURLOPT_PROXYHEADER`, the curl_easy_setopt option; its value is the camelCase key `"proxyHeader"`
 *  (headers for the proxy only: the CONNECT request, and a request sent to the proxy). */
export const CURLOPT_PROXYHEADER = "proxyHeader";
/** `CURLOPT_NOPROXY`, the curl_easy_setopt option; its value is the camelCase key `"noProxy"`
 *  (hosts reached directly: names and domains, `*`, IPv4/IPv6 CIDR; overrides NO_PROXY). */
export const CURLOPT_NOPROXY = "noProxy";
/** `CURLOPT_PRE_PROXY`, the curl_easy_setopt option; its value is the camelCase key `"preProxy"`
 *  (a SOCKS proxy the HTTP proxy is reached through). */
export const CURLOPT_PRE_PROXY = "preProxy";
/** `CURLOPT_PROXY_CAINFO`, the curl_easy_setopt option; its value is the camelCase key `"proxyCaInfo"`. */
export const CURLOPT_PROXY_CAINFO = "proxyCaInfo";
/** `CURLOPT_PROXY_SSL_VERIFYPEER`, the curl_easy_setopt option; its value is the camelCase key `"proxySslVerifyPeer"`. */
export const CURLOPT_PROXY_SSL_VERIFYPEER = "proxySslVerifyPeer";
/** `CURLOPT_PROXY_SSL_VERIFYHOST`, the curl_easy_setopt option; its value is the camelCase key `"proxySslVerifyHost"`. */
export const CURLOPT_PROXY_SSL_VERIFYHOST = "proxySslVerifyHost";
