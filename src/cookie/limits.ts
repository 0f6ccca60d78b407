// libcurl's cookie limits (lib/cookie.h) and the flags of Curl_cookie_add, with their values.

/** The longest Set-Cookie value or cookie-file line accepted, in bytes (MAX_COOKIE_LINE). */
export const MAX_COOKIE_LINE = 5000;
/** The longest name + value of one cookie (MAX_NAME); a longer cookie is dropped. */
export const MAX_NAME = 4096;
/** Set-Cookie lines taken from one response; later ones are ignored (MAX_SET_COOKIE_AMOUNT). */
export const MAX_SET_COOKIE_AMOUNT = 50;
/** The Cookie header a request may carry, counting "Cookie: " (MAX_COOKIE_HEADER_LEN). */
export const MAX_COOKIE_HEADER_LEN = 8190;
/** Cookies sent in one request at most (MAX_COOKIE_SEND_AMOUNT). */
export const MAX_COOKIE_SEND_AMOUNT = 150;
/** An Expires or Max-Age further away than 400 days is cut to that (COOKIES_MAXAGE, RFC 6265bis). */
export const COOKIES_MAXAGE = 400 * 24 * 3600;
/** An Expires value this long or longer is not parsed (MAX_DATE_LENGTH). */
export const MAX_DATE_LENGTH = 80;
/** CURL_MAX_INPUT_LENGTH: setopt refuses longer strings for CURLOPT_COOKIELIST and _COOKIEFILE. */
export const CURL_MAX_INPUT_LENGTH = 8_000_000;
/** curl_off_t's maximum: an expiry that overflows is this (CURL_OFF_T_MAX). */
export const EXPIRES_MAX = 9223372036854775807n;

/** The line is a Set-Cookie header value, not a Netscape line (COOKIE_HTTPHEADER). */
export const COOKIE_HTTPHEADER = 1 << 0;
/** Do not drop expired cookies first (COOKIE_NOEXPIRE). */
export const COOKIE_NOEXPIRE = 1 << 1;
/** The origin is secure: a `secure` cookie may be set (COOKIE_SECURE). */
export const COOKIE_SECURE = 1 << 2;
/** Skip the public suffix check (COOKIE_NOPSL). */
export const COOKIE_NOPSL = 1 << 3;
/** Drop session cookies read from a file (COOKIE_NOSESSION, CURLOPT_COOKIESESSION). */
export const COOKIE_NOSESSION = 1 << 6;
