// Easy-handle options (curl_easy_setopt): the CURLOPT_* names and the one table that gives each option
// its value kind, libcurl's default and any extra rule (an alias, a range check, a side effect on the
// request method). The option record (EasyOptions), its copy and setopt's checks are all derived from
// the table, so an option is one constant plus one row and the lists cannot drift apart.

import { supportedAuth } from "../auth/session.ts";
import {
  CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE,
  CURL_HTTP_VERSION_3,
  CURL_HTTP_VERSION_3ONLY,
  type CURLcode,
  CURLE_BAD_FUNCTION_ARGUMENT,
  CURLE_NOT_BUILT_IN,
  CURLE_OK,
  CURLE_UNKNOWN_OPTION,
  CURLE_UNSUPPORTED_PROTOCOL,
} from "../constants/index.ts";
import { unknownName } from "../core/explain.ts";
import { splitFieldsClass } from "../core/fields.ts";
import { validateHeaderValue, validateMethod } from "../http/index.ts";
import type { Share } from "../share/share.ts";
import type {
  DebugCallback,
  ReadCallback,
  SeekCallback,
  WriteCallback,
  XferInfoCallback,
} from "./callbacks.ts";
import { HOT_OPTIONS as HOT } from "./hot-options.ts";
import { type OptionKind, wrongKind } from "./option-kinds.ts";
import * as N from "./option-names.ts";

export type { OptionKind } from "./option-kinds.ts";

/** What a row may add to the kind check. */
interface Rules<T> {
  /**
   * Why a value of the right kind is still refused (CURLE_BAD_FUNCTION_ARGUMENT, "Bad value for
   * <name>: <why>"), or undefined to accept it. Not asked about null: null always resets.
   */
  readonly refuse?: (v: NonNullable<T>) => string | undefined;
  /** A value this build cannot honour: CURLE_UNSUPPORTED_PROTOCOL with this text as the detail. */
  readonly unsupported?: (v: NonNullable<T>) => string | undefined;
  /** A feature this build lacks: CURLE_NOT_BUILT_IN with this text as the detail. */
  readonly notBuiltIn?: (v: NonNullable<T>) => string | undefined;
  /** What setting the option also changes (libcurl's setopt.c switches the request method). */
  readonly effect?: (o: EasyOptions, v: T) => void;
}

/** An option with a field of its own in EasyOptions, holding a T that starts as `def`. */
interface FieldRow<T, K extends OptionKind = OptionKind> extends Rules<T> {
  readonly kind: K;
  readonly def: T;
}

/**
 * An option stored in another option's field (libcurl's *_LARGE twins, CURLOPT_TIMEOUT in seconds):
 * its own kind check and `refuse`, reported under its own name, then `map`, then everything the
 * target's row does, reported under the target's name (the value is the target's from there on).
 */
interface AliasRow<To extends string = string> {
  readonly kind: OptionKind;
  readonly to: To;
  readonly refuse?: (v: never) => string | undefined;
  readonly map?: (v: never) => unknown;
}

function field<T, K extends OptionKind>(kind: K, def: T, rules?: Rules<T>): FieldRow<T, K> {
  return { kind, def, ...rules };
}
const str = (rules?: Rules<string | null>) => field<string | null, "string">("string", null, rules);
const long = (def: number, rules?: Rules<number>) => field<number, "long">("long", def, rules);
const func = <F>() => field<F | null, "function">("function", null);
const pointer = () => field<unknown, "pointer">("pointer", undefined);
const slist = () => field<readonly string[] | null, "slist">("slist", null);
const data = (rules?: Rules<string | Uint8Array | null>) =>
  field<string | Uint8Array | null, "data">("data", null, rules);
function alias<V, To extends string>(
  kind: OptionKind,
  to: To,
  rules?: { refuse?: (v: V) => string | undefined; map?: (v: V) => unknown },
): AliasRow<To> {
  return { kind, to, ...rules };
}

// Rules several rows share.
const headerSafe = {
  refuse: (v: string) => (validateHeaderValue(v) ? undefined : "contains CR, LF or NUL"),
};
const nonNegative = { refuse: (v: number) => (v < 0 ? `negative value ${v}` : undefined) };
const nonNegativeTimeout = (v: number) => (v < 0 ? `negative timeout ${v}` : undefined);
/** setopt.c's httpauth(): nothing this build supports left of a non-zero mask. */
const authMaskRules = {
  notBuiltIn: (v: number) =>
    supportedAuth(v) < 0
      ? `no supported authentication method in 0x${(v >>> 0).toString(16)}`
      : undefined,
};
/** CURL_MAX_INPUT_LENGTH: libcurl refuses longer strings (8 000 000 bytes). */
const inputLength = {
  refuse: (v: string) =>
    v.length > 8_000_000 ? `longer than 8000000 bytes (${v.length})` : undefined,
};
/** CURLOPT_POST 1 and CURLOPT_UPLOAD 1: the method is no longer GET nor HEAD. */
const notGetNorHead = (o: EasyOptions, v: number) => {
  if (v) {
    o.httpGet = 0;
    o.noBody = 0;
  }
};

/**
 * Every option, in field order: the key (a CURLOPT_* value), its kind, libcurl's default and its
 * rules. Internal; exported for the table's own tests.
 */
export const EASY_OPTION_TABLE = {
  [N.CURLOPT_URL]: str(),
  [N.CURLOPT_WRITEFUNCTION]: func<WriteCallback>(),
  [N.CURLOPT_WRITEDATA]: pointer(),
  [N.CURLOPT_HEADERFUNCTION]: func<WriteCallback>(),
  [N.CURLOPT_HEADERDATA]: pointer(),
  [N.CURLOPT_PRIVATE]: pointer(),
  [N.CURLOPT_CUSTOMREQUEST]: str({
    refuse: (v) =>
      validateMethod(v) ? undefined : `not a valid method token: ${JSON.stringify(v)}`,
  }),
  /** 1 makes a HEAD; 0 goes back to GET (libcurl switches the method too). */
  [N.CURLOPT_NOBODY]: long(0, {
    effect: (o) => {
      o.httpGet = 0;
    },
  }),
  [N.CURLOPT_HTTPGET]: long(0, {
    effect: (o, v) => {
      if (v) {
        o.noBody = 0;
        o.post = 0;
      }
    },
  }),
  [N.CURLOPT_POST]: long(0, { effect: notGetNorHead }),
  [N.CURLOPT_HTTPHEADER]: slist(),
  /**
   * setopt.c: the method becomes POST; CURLOPT_NOBODY set before stays (HEAD wins), unlike
   * CURLOPT_POST, which clears it.
   */
  [N.CURLOPT_POSTFIELDS]: data({
    effect: (o, v) => {
      if (v !== null) {
        o.post = 1;
        o.httpGet = 0;
      }
    },
  }),
  /**
   * libcurl copies the data at setopt time; a string is immutable already, bytes are copied. Then it
   * is CURLOPT_POSTFIELDS in every other way (the method becomes POST).
   */
  [N.CURLOPT_COPYPOSTFIELDS]: alias("data", N.CURLOPT_POSTFIELDS, {
    map: (v: string | Uint8Array) => (v instanceof Uint8Array ? v.slice() : v),
  }),
  [N.CURLOPT_POSTFIELDSIZE]: long(-1),
  [N.CURLOPT_POSTFIELDSIZE_LARGE]: alias("long", N.CURLOPT_POSTFIELDSIZE),
  [N.CURLOPT_USERAGENT]: str(headerSafe),
  [N.CURLOPT_VERBOSE]: long(0),
  [N.CURLOPT_DEBUGFUNCTION]: func<DebugCallback>(),
  [N.CURLOPT_DEBUGDATA]: pointer(),
  [N.CURLOPT_FORBID_REUSE]: long(0),
  [N.CURLOPT_FRESH_CONNECT]: long(0),
  /**
   * setopt.c: a negative value is a bad argument; NONE (0: libcurl's default, CURL_HTTP_VERSION_2TLS
   * in a build with HTTP/2), 1.0, 1.1, 2, 2TLS and 2 with prior knowledge are accepted; HTTP/3 (this
   * build has none) and every value libcurl does not know are CURLE_UNSUPPORTED_PROTOCOL.
   */
  [N.CURLOPT_HTTP_VERSION]: long(0, {
    refuse: (v) => (v < 0 ? `unknown HTTP version ${v}` : undefined),
    unsupported: (v) =>
      v > CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
        ? v === CURL_HTTP_VERSION_3 || v === CURL_HTTP_VERSION_3ONLY
          ? `HTTP version ${v} is not supported (HTTP/3 is not built in)`
          : `unknown HTTP version ${v}`
        : undefined,
  }),
  /** CURLOPT_PIPEWAIT: wait for a connection in progress to learn whether it multiplexes. */
  [N.CURLOPT_PIPEWAIT]: long(0),
  [N.CURLOPT_RESOLVE]: slist(),
  [N.CURLOPT_CONNECT_TO]: slist(),
  /** Seconds; libcurl's default 60, 0 = no caching, -1 = forever. */
  [N.CURLOPT_DNS_CACHE_TIMEOUT]: long(60, {
    refuse: (v) => (v < -1 ? `negative timeout ${v}` : undefined),
  }),
  /** libcurl's default 200 ms before the second address family is tried. */
  [N.CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS]: long(200, { refuse: nonNegativeTimeout }),
  /** CURL_IPRESOLVE_WHATEVER (0), _V4 (1), _V6 (2). */
  [N.CURLOPT_IPRESOLVE]: long(0, {
    refuse: (v) => (v < 0 || v > 2 ? `unknown value ${v}` : undefined),
  }),
  [N.CURLOPT_UNIX_SOCKET_PATH]: str(),
  [N.CURLOPT_SSL_VERIFYPEER]: long(1),
  /** 2 = check the name (libcurl's default); 0 = don't. */
  [N.CURLOPT_SSL_VERIFYHOST]: long(2),
  [N.CURLOPT_CAINFO]: str(),
  /** Seconds. Sets timeoutMs: with CURLOPT_TIMEOUT_MS, whichever is set last wins. */
  [N.CURLOPT_TIMEOUT]: alias("long", N.CURLOPT_TIMEOUT_MS, {
    refuse: nonNegativeTimeout,
    map: (v: number) => v * 1000,
  }),
  /** The whole transfer, ms; 0 = none. */
  [N.CURLOPT_TIMEOUT_MS]: long(0, nonNegative),
  /** Seconds. Sets connectTimeoutMs: whichever is set last wins. */
  [N.CURLOPT_CONNECTTIMEOUT]: alias("long", N.CURLOPT_CONNECTTIMEOUT_MS, {
    refuse: nonNegativeTimeout,
    map: (v: number) => v * 1000,
  }),
  /** Resolve + connect + TLS, ms; 0 = libcurl's 300 s default. */
  [N.CURLOPT_CONNECTTIMEOUT_MS]: long(0, nonNegative),
  /** Bytes per second under which the transfer is too slow... */
  [N.CURLOPT_LOW_SPEED_LIMIT]: long(0, nonNegative),
  /** ...for this many seconds (both must be set). */
  [N.CURLOPT_LOW_SPEED_TIME]: long(0, nonNegative),
  /** Byte-per-second caps; 0 = none. */
  [N.CURLOPT_MAX_RECV_SPEED_LARGE]: long(0, nonNegative),
  [N.CURLOPT_MAX_SEND_SPEED_LARGE]: long(0, nonNegative),
  /** How long to wait for "100 Continue" before sending the body anyway (libcurl: 1000 ms). */
  [N.CURLOPT_EXPECT_100_TIMEOUT_MS]: long(1000, nonNegative),
  /** Idle connections older than this (s) are not reused (libcurl: 118). 0 = no limit. */
  [N.CURLOPT_MAXAGE_CONN]: long(118, nonNegative),
  /** Connections created longer ago than this (s) are not reused (libcurl: 24 h). 0 = no limit. */
  [N.CURLOPT_MAXLIFETIME_CONN]: long(24 * 3600, nonNegative),
  /** Accepted and ignored: there are no signals here. */
  [N.CURLOPT_NOSIGNAL]: long(0),
  /** Follow Location in 3xx responses. */
  [N.CURLOPT_FOLLOWLOCATION]: long(0),
  /** libcurl's current default 30; -1 = no limit; 0 = refuse any redirect. */
  [N.CURLOPT_MAXREDIRS]: long(30, { refuse: (v) => (v < -1 ? `bad value ${v}` : undefined) }),
  /** CURL_REDIR_POST_301/302/303 bits: keep POST on those codes. */
  [N.CURLOPT_POSTREDIR]: long(0),
  /** Schemes a redirect may go to; null = libcurl's default for HTTP builds ("http,https"). */
  [N.CURLOPT_REDIR_PROTOCOLS_STR]: str(headerSafe),
  /** Send credentials to another host, port or scheme after a redirect. */
  [N.CURLOPT_UNRESTRICTED_AUTH]: long(0),
  /** null = no Accept-Encoding and no decoding; "" = every supported coding. */
  [N.CURLOPT_ACCEPT_ENCODING]: str(headerSafe),
  [N.CURLOPT_HTTP_CONTENT_DECODING]: long(1),
  /** Largest body accepted, bytes; 0 = no limit. */
  [N.CURLOPT_MAXFILESIZE]: long(0, nonNegative),
  [N.CURLOPT_MAXFILESIZE_LARGE]: alias("long", N.CURLOPT_MAXFILESIZE),
  /** PUT the body from readFunction. */
  [N.CURLOPT_UPLOAD]: long(0, { effect: notGetNorHead }),
  /** Size of the upload, -1 = unknown (then chunked over HTTP/1.1). */
  [N.CURLOPT_INFILESIZE]: long(-1),
  [N.CURLOPT_INFILESIZE_LARGE]: alias("long", N.CURLOPT_INFILESIZE),
  /** (buf, easy, userdata) => bytes put in buf, 0 at the end, CURL_READFUNC_PAUSE or CURL_READFUNC_ABORT. */
  [N.CURLOPT_READFUNCTION]: func<ReadCallback>(),
  [N.CURLOPT_READDATA]: pointer(),
  // Authentication
  [N.CURLOPT_USERPWD]: str(headerSafe),
  [N.CURLOPT_USERNAME]: str(headerSafe),
  [N.CURLOPT_PASSWORD]: str(headerSafe),
  /**
   * CURLAUTH_* bits; libcurl's default is CURLAUTH_BASIC. DIGEST_IE counts as DIGEST (current curl);
   * a mask with no method this build has (NTLM, Negotiate, AWS SigV4, HTTPSIG only) is
   * CURLE_NOT_BUILT_IN.
   */
  [N.CURLOPT_HTTPAUTH]: long(1, authMaskRules),
  /** The same bits for the proxy (407); libcurl's default is CURLAUTH_BASIC. */
  [N.CURLOPT_PROXYAUTH]: long(1, authMaskRules),
  [N.CURLOPT_XOAUTH2_BEARER]: str(headerSafe),
  /**
   * (userdata, offset, origin) => CURL_SEEKFUNC_*: rewinds the read callback's stream when a body must
   * go again (an auth round, a 307/308); without it such a body is CURLE_SEND_FAIL_REWIND.
   */
  [N.CURLOPT_SEEKFUNCTION]: func<SeekCallback>(),
  [N.CURLOPT_SEEKDATA]: pointer(),
  [N.CURLOPT_REFERER]: str(headerSafe),
  [N.CURLOPT_RANGE]: str(headerSafe),
  [N.CURLOPT_COOKIE]: str(headerSafe),
  [N.CURLOPT_FAILONERROR]: long(0),
  /** (userdata, dltotal, dlnow, ultotal, ulnow) => 0 to go on, anything else aborts. */
  [N.CURLOPT_XFERINFOFUNCTION]: func<XferInfoCallback>(),
  [N.CURLOPT_XFERINFODATA]: pointer(),
  /** libcurl's default 1: no progress calls. */
  [N.CURLOPT_NOPROGRESS]: long(1),
  // Share
  /**
   * The Share (curl_share_init) whose data this handle uses, or null. Set through the handle
   * (share/link.ts links and unlinks it); kept by reset() and not copied by duphandle(), as libcurl.
   */
  [N.CURLOPT_SHARE]: field<Share | null, "share">("share", null),
  // Cookies (the engine's effects on the handle are in cookies.ts).
  /** A cookie file to load at the start of each transfer; each setopt adds one, null forgets them. */
  [N.CURLOPT_COOKIEFILE]: str(inputLength),
  /** Where the jar is written at cleanup and on CURLOPT_COOKIELIST "FLUSH". */
  [N.CURLOPT_COOKIEJAR]: str(),
  /** A command ("ALL", "SESS", "FLUSH", "RELOAD") or a cookie line; acted on at setopt. */
  [N.CURLOPT_COOKIELIST]: str(inputLength),
  /** 1: session cookies from cookie files are not loaded. */
  [N.CURLOPT_COOKIESESSION]: long(0),
  // Proxies (lib/setopt.c): the proxy URL and its parts, credentials, tunnelling, the no-proxy list.
  [N.CURLOPT_PROXY]: str(headerSafe),
  /** A CURLPROXY_* value, 0-7 (setopt.c refuses the rest; HTTPS3, 8, is not built in either). */
  [N.CURLOPT_PROXYTYPE]: long(0, {
    refuse: (v) => (v < 0 || v > 7 ? `unknown proxy type ${v}` : undefined),
  }),
  [N.CURLOPT_PROXYPORT]: long(0, {
    refuse: (v) => (v < 0 || v > 65535 ? `port out of range ${v}` : undefined),
  }),
  [N.CURLOPT_PROXYUSERPWD]: str(headerSafe),
  [N.CURLOPT_PROXYUSERNAME]: str(headerSafe),
  [N.CURLOPT_PROXYPASSWORD]: str(headerSafe),
  [N.CURLOPT_HTTPPROXYTUNNEL]: long(0),
  [N.CURLOPT_PROXYHEADER]: slist(),
  [N.CURLOPT_NOPROXY]: str(),
  [N.CURLOPT_PRE_PROXY]: str(headerSafe),
  [N.CURLOPT_PROXY_CAINFO]: str(),
  [N.CURLOPT_PROXY_SSL_VERIFYPEER]: long(1),
  /** 2 = check the proxy's name (libcurl's default); 0 = don't. */
  [N.CURLOPT_PROXY_SSL_VERIFYHOST]: long(2),
};

type Table = typeof EASY_OPTION_TABLE;

/** Every option's name: the CURLOPT_* constants' values ("url", "timeoutMs"...). */
export type EasyOptionName = keyof Table;

/** What setopt takes for a long (libcurl's long or curl_off_t): an integer; true/false and a bigint are converted. */
export type LongValue = number | boolean | bigint;

/** What setopt takes for a field row: what the field holds, widened for a long. */
type Accepted<R> =
  R extends FieldRow<infer T, infer K> ? (K extends "long" ? LongValue : T) : never;

/**
 * The value setopt takes for option K, read from its row: a long `number | boolean | bigint`, a string
 * `string | null`, an slist `readonly string[] | null`, a function its callback type or null, a pointer
 * anything, POSTFIELDS `string | Uint8Array | null`; an alias takes its target's value.
 */
export type EasyOptionValue<K extends EasyOptionName> =
  Table[K] extends AliasRow<infer To extends EasyOptionName>
    ? Accepted<Table[To]>
    : Accepted<Table[K]>;

/** Easy options as an object (request() and fetch() extras): each camelCase key with its value type. */
export type EasyOptionInput = { [K in EasyOptionName]?: EasyOptionValue<K> | undefined };

/** Each option with a field of its own, typed by its row: `timeoutMs: number`, `url: string | null`... */
type EasyOptionFields = {
  [K in keyof Table as Table[K] extends AliasRow ? never : K]: Table[K] extends FieldRow<infer T>
    ? T
    : never;
};

/** A row with its value type erased: how the derivations below read the table. */
interface LooseRow {
  readonly kind: OptionKind;
  readonly def?: unknown;
  readonly to?: string;
  readonly refuse?: (v: unknown) => string | undefined;
  readonly unsupported?: (v: unknown) => string | undefined;
  readonly notBuiltIn?: (v: unknown) => string | undefined;
  readonly effect?: (o: EasyOptions, v: unknown) => void;
  readonly map?: (v: unknown) => unknown;
}
const ROWS = new Map(Object.entries(EASY_OPTION_TABLE) as [string, LooseRow][]);

const FIELDS = [...ROWS]
  .filter(([, row]) => row.to === undefined)
  .map(([name, row]) => [name, row.def] as const);
for (const k of HOT)
  if (!FIELDS.some(([f]) => f === k)) throw new Error(`options table: hot ${k} is not a field`);

/**
 * Every option's current value, with libcurl's defaults: the hot ones inline (one monomorphic
 * shape per handle), the rare ones in a record shared with every handle that set none of them.
 */
export class EasyOptions extends splitFieldsClass<EasyOptionFields>(
  FIELDS.filter(([k]) => HOT.has(k)),
  FIELDS.filter(([k]) => !HOT.has(k)),
) {
  /** A copy (curl_easy_duphandle copies every option). */
  clone(): EasyOptions {
    return this.cloneFields();
  }
}

/** What setOption needs of an option: its kind, the field it sets and that field's row. */
interface Resolved {
  readonly kind: OptionKind;
  readonly field: string;
  /** The option's own row when it is an alias (its refuse and map come first), else undefined. */
  readonly alias: LooseRow | undefined;
  readonly target: LooseRow;
}

/** Name -> what to do. A Map, so names inherited from Object.prototype ("toString") are unknown. */
const RESOLVED = new Map<string, Resolved>();
for (const [name, row] of ROWS) {
  const field = row.to ?? name;
  const target = ROWS.get(field);
  // A wrong alias is a bug in the table above: fail at load, not at some later setopt.
  if (target === undefined || target.to !== undefined || target.kind !== row.kind)
    throw new Error(`options table: ${name} must alias an option with a field of kind ${row.kind}`);
  RESOLVED.set(name, {
    kind: row.kind,
    field,
    alias: row.to === undefined ? undefined : row,
    target,
  });
}

function refused(detail: { text: string }, name: string, why: string): CURLcode {
  detail.text = `Bad value for ${name}: ${why}`;
  return CURLE_BAD_FUNCTION_ARGUMENT;
}

/**
 * Sets one option after checking its name and value: CURLE_UNKNOWN_OPTION for a name not in the table
 * (the detail names the nearest one), CURLE_BAD_FUNCTION_ARGUMENT for a value of the wrong kind (the
 * detail shows the value and its type) or one that must never be sent (CR/LF/NUL in a header or
 * method). `undefined` means "not set": the option goes back to its default, as libcurl's NULL does
 * for a string, pointer or function option (and as a long's default). `detail` receives the reason
 * on failure. Untyped: the engine and forwarding code call this with names known only at run time.
 */
export function setOption(
  o: EasyOptions,
  name: string,
  value: unknown,
  detail: { text: string },
): CURLcode {
  const r = typeof name === "string" ? RESOLVED.get(name) : undefined;
  if (r === undefined) {
    detail.text = unknownName("option", name, RESOLVED.keys(), "CURLOPT_");
    return CURLE_UNKNOWN_OPTION;
  }
  let a = r.alias;
  if (value === undefined) {
    // The field's default as is: an alias's refuse and map are for the alias's own units.
    value = r.target.def;
    a = undefined;
  } else if (r.kind === "long") {
    if (typeof value === "boolean") value = value ? 1 : 0;
    else if (typeof value === "bigint") value = Number(value);
  }
  const wrong = wrongKind(r.kind, value);
  if (wrong !== undefined) return refused(detail, name, wrong);
  if (r.kind === "slist" && value !== null) value = Object.freeze([...(value as string[])]);
  if (value !== null) {
    if (a !== undefined) {
      const why = a.refuse?.(value);
      if (why !== undefined) return refused(detail, name, why);
      if (a.map !== undefined) value = a.map(value);
    }
    // From here the value is the field's: its row's rules report under the field's name.
    const t = r.target;
    const why = t.refuse?.(value);
    if (why !== undefined) return refused(detail, r.field, why);
    const unsupported = t.unsupported?.(value);
    if (unsupported !== undefined) {
      detail.text = unsupported;
      return CURLE_UNSUPPORTED_PROTOCOL;
    }
    const missing = t.notBuiltIn?.(value);
    if (missing !== undefined) {
      detail.text = missing;
      return CURLE_NOT_BUILT_IN;
    }
  }
  r.target.effect?.(o, value);
  (o as unknown as Record<string, unknown>)[r.field] = value;
  return CURLE_OK;
}
