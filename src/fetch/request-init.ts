// fetch()'s input and init as what the engine is told: the URL, the method (normalized as the Fetch
// standard does), the header lines in CURLOPT_HTTPHEADER form, the redirect mode, the signal and the
// body. Throws a TypeError for what fetch refuses (a bad URL, method or header, a body on GET/HEAD).

export type RedirectMode = "follow" | "manual" | "error";

export interface FetchPlan {
  url: string;
  method: string;
  /** "Name: value" lines ("Name;" for an empty value: libcurl's way to send one). */
  headers: string[];
  /** The caller set these (then the body's type and the default User-Agent stay out). */
  hasContentType: boolean;
  hasUserAgent: boolean;
  redirect: RedirectMode;
  signal: AbortSignal | undefined;
  /** init.body, or the input Request's body (read whole); undefined when there is none. */
  body: unknown;
}

/** The methods fetch upper-cases (the standard's "normalize a method"), and those it refuses. */
const NORMALIZED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
const FORBIDDEN = new Set(["CONNECT", "TRACE", "TRACK"]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value fetch refuses: NUL, CR, LF, or a character that is not a byte (a ByteString). */
const BAD_VALUE = /[\0\r\n\u0100-\uffff]/;

function normalizeMethod(m: string): string {
  const up = m.toUpperCase();
  if (!TOKEN.test(m)) throw new TypeError(`fetch: invalid method ${JSON.stringify(m)}`);
  if (FORBIDDEN.has(up)) throw new TypeError(`fetch: forbidden method ${m}`);
  return NORMALIZED.has(up) ? up : m;
}

/** HeadersInit as pairs in order (a Headers object gives them combined and lower-cased). */
function headerPairs(h: Bun.HeadersInit): Iterable<[string, string]> {
  if (h instanceof Headers) return h as Iterable<[string, string]>;
  if (Array.isArray(h) || Symbol.iterator in h) {
    const out: [string, string][] = [];
    for (const p of h as Iterable<unknown>) {
      if (!Array.isArray(p) || p.length !== 2)
        throw new TypeError("fetch: a header pair must have a name and a value");
      out.push([String(p[0]), String(p[1])]);
    }
    return out;
  }
  return Object.entries(h as Record<string, string>).map(([k, v]) => [k, String(v)]);
}

/** The input of the last fetch(url) without init, and its plan (frozen: jobs share it). */
let lastInput: string | undefined;
let lastPlan: FetchPlan | undefined;

/**
 * planRequest for `fetch(input)` with no init and a string or URL input, the common call: the same
 * URL as the previous such call gets the same plan (a GET with no header, no body, no signal, which
 * no job changes: it is frozen), without parsing the URL again.
 */
export function planRequestFast(input: string | URL | Request): FetchPlan {
  const key = typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
  if (key === undefined) return planRequest(input, undefined);
  if (key === lastInput) return lastPlan!;
  const plan = planRequest(key, undefined);
  Object.freeze(plan.headers);
  lastPlan = Object.freeze(plan);
  lastInput = key;
  return plan;
}

/** Builds the plan; throws a TypeError for what fetch itself would refuse. */
export function planRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
): FetchPlan {
  const req = input instanceof Request ? input : undefined;
  let url: string;
  try {
    url = new URL(req !== undefined ? req.url : String(input)).href;
  } catch {
    throw new TypeError(`fetch: invalid URL ${JSON.stringify(String(input))}`);
  }
  const method = normalizeMethod(init?.method ?? req?.method ?? "GET");
  const lines: string[] = [];
  let hasContentType = false;
  let hasUserAgent = false;
  const h = init?.headers ?? req?.headers;
  if (h !== undefined && h !== null) {
    for (const [rawName, rawValue] of headerPairs(h)) {
      const value = rawValue.trim();
      if (!TOKEN.test(rawName))
        throw new TypeError(`fetch: invalid header name ${JSON.stringify(rawName)}`);
      if (BAD_VALUE.test(value)) throw new TypeError(`fetch: invalid value for header ${rawName}`);
      const lower = rawName.toLowerCase();
      if (lower === "content-type") hasContentType = true;
      else if (lower === "user-agent") hasUserAgent = true;
      lines.push(value === "" ? `${rawName};` : `${rawName}: ${value}`);
    }
  }
  const redirect = init?.redirect ?? req?.redirect ?? "follow";
  if (redirect !== "follow" && redirect !== "manual" && redirect !== "error")
    throw new TypeError(`fetch: invalid redirect mode ${JSON.stringify(redirect)}`);
  const body = init?.body !== undefined ? init.body : req?.body !== null ? req : undefined;
  if (body !== undefined && body !== null && (method === "GET" || method === "HEAD"))
    throw new TypeError(`fetch: a ${method} request cannot have a body`);
  return {
    url,
    method,
    headers: lines,
    hasContentType,
    hasUserAgent,
    redirect,
    signal: init?.signal ?? req?.signal ?? undefined,
    body: body instanceof Request ? body.blob() : body,
  };
}
