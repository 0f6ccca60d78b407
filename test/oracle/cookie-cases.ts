// Cookie oracle cases: hand-picked Set-Cookie sequences for each rule of lib/cookie.c, and a seeded
// generator of hostile sequences (bad domains, super-cookies, public suffixes, control bytes, huge
// and many cookies, prefixes, secure overlays, expiry). The generator stays inside what Debian's 7.88
// and current libcurl agree on; the documented differences have unit tests of their own.

import { mulberry32 } from "../helpers/prng.ts";
import type { CookieCase, CookieStep } from "./cookie-compare.ts";

const W = "www.example.com";
const E = "example.com";
const UK = "a.b.example.co.uk";
const GH = "foo.github.io";
const IP = "127.0.0.1";
const LH = "localhost";

/** A Set-Cookie step on host at path. */
const at = (host: string, path: string, ...setCookies: string[]): CookieStep => ({
  host,
  path,
  setCookies,
});
/** Probes: every host at a few paths. */
function probes(hosts: string[], paths = ["/", "/p/q/r", "/P"]) {
  return hosts.flatMap((host) => paths.map((path) => ({ host, path })));
}

export function handCookieCases(): CookieCase[] {
  return [
    {
      name: "host-only and domain cookies, default path, send order",
      steps: [
        at(W, "/x", "a=1; Path=/d", "b=2; Domain=example.com; Path=/d", "c=3; Path=/d", "dd=4"),
      ],
      probes: probes([W, E, "sub.www.example.com"], ["/", "/d", "/d/e", "/de"]),
    },
    {
      name: "public suffixes and other domains are refused",
      steps: [
        at(
          W,
          "/",
          "a=1; Domain=com",
          "b=2; Domain=.com",
          "c=3; Domain=example.org",
          "d=4; Domain=ww.example.com",
        ),
        at(
          UK,
          "/",
          "e=5; Domain=co.uk",
          "f=6; Domain=example.co.uk",
          "g=7; Domain=b.example.co.uk",
        ),
        at(GH, "/", "h=8; Domain=github.io", "i=9; Domain=foo.github.io"),
      ],
      probes: probes([W, UK, GH, "bar.github.io"], ["/"]),
    },
    {
      name: "IP address hosts: only the address itself",
      steps: [
        at(IP, "/", "a=1; Domain=127.0.0.1", "b=2; Domain=0.0.1", "c=3", "d=4; Domain=127.0.0.2"),
      ],
      probes: probes([IP], ["/"]),
    },
    {
      name: "secure cookies need a secure context (localhost and 127.0.0.1 are)",
      steps: [
        at(W, "/", "a=1; Secure", "b=2"),
        at(LH, "/", "c=3; Secure"),
        at(IP, "/", "d=4; secure"),
      ],
      probes: probes([W, LH, IP], ["/"]),
    },
    {
      name: "__Secure- and __Host- prefixes",
      steps: [
        at(
          LH,
          "/x/y",
          "__Secure-a=1",
          "__Secure-b=2; Secure",
          "__Host-c=3; Secure",
          "__Host-d=4; Secure; Path=/",
        ),
        at(
          LH,
          "/",
          "__Host-e=5; Secure; Path=/; Domain=localhost",
          "__Host-f=6; Path=/",
          "__Host-g=7; Secure",
        ),
      ],
      probes: probes([LH], ["/", "/x/y", "/p/q"]),
    },
    {
      name: "replacement keeps the creation order; Max-Age=0 deletes",
      steps: [
        at(IP, "/", "a=1", "b=2", "c=3"),
        at(IP, "/", "a=10", "b=; Max-Age=0", "c=30; Path=/q"),
      ],
      probes: probes([IP], ["/", "/q"]),
    },
    {
      name: "Max-Age over Expires, expiry in the past, bad dates",
      steps: [
        at(
          IP,
          "/",
          "a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT",
          "b=2; Max-Age=100; Expires=Wed, 09 Jun 2021 10:18:14 GMT",
          "c=3; Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=200",
          "d=4; Expires=garbage",
          "e=5; Max-Age=-1",
          "f=6; Max-Age=abc",
          'g=7; max-age="300"',
        ),
      ],
      probes: probes([IP], ["/"]),
    },
    {
      name: "control bytes, missing names, oversized cookies and lines",
      steps: [
        at(
          IP,
          "/",
          "a=b\x01c",
          "d\x7f=1",
          "=novalue",
          "justname",
          "  sp = x y ;  Path = /p ",
          `big=${"v".repeat(4200)}`,
          `huge=1; Comment=${"c".repeat(5100)}`,
          `ok=${"w".repeat(3000)}`,
        ),
      ],
      probes: probes([IP], ["/", "/p"]),
    },
    {
      name: "a non-secure cookie may not overlay a secure one",
      steps: [
        at(LH, "/", "a=1; Secure; Path=/login", "b=2; Secure"),
        at("www.localhost.example.com", "/", "x=1"),
      ],
      cookieList: [],
      probes: probes([LH], ["/", "/login/en"]),
    },
    {
      name: "cookies across a redirect chain to another host and back",
      followLocation: true,
      cookie: "user=given",
      steps: [
        {
          ...at(W, "/r1", "r1=1; Domain=example.com"),
          status: 302,
          headers: ["Location: http://other.example.org/r2"],
        },
        { ...at("other.example.org", "/r2", "r2=2"), status: 301 },
      ],
      probes: probes([W, "other.example.org"], ["/"]),
    },
    {
      // http_set_aptr_host's cookiehost: cookies are set and matched for the custom Host's name.
      name: "a custom Host header is the host cookies are set and sent for",
      httpHeader: ["Host: www.example.com:1234"],
      steps: [at(IP, "/", "a=1; Domain=example.com", "b=2", "c=3; Domain=127.0.0.1")],
      probes: probes([IP], ["/"]),
    },
    {
      name: "Set-Cookie in a 1xx response is stored too",
      steps: [{ ...at(IP, "/", "final=1"), interim: ["early=1", "final=0"] }],
      probes: probes([IP], ["/"]),
    },
    {
      name: "CURLOPT_COOKIELIST lines before the first request",
      cookieList: [
        "Set-Cookie: h1=1; Domain=example.com; Path=/",
        ".example.com\tTRUE\t/\tFALSE\t0\tn1\tv1",
        "#HttpOnly_www.example.com\tFALSE\t/p\tFALSE\t0\tn2\tv2",
        "www.example.com\tFALSE\t/\tTRUE\t0\tn3",
      ],
      steps: [at(W, "/", "n1=replaced")],
      probes: probes([W, E], ["/", "/p"]),
    },
  ];
}

const NAMES = ["a", "b", "sid", "__Secure-s", "__Host-h", "n_1", "X"];
const VALUES = [
  "1",
  "",
  "v w",
  '"q"',
  "x=y",
  "a\x01b",
  "tab\there",
  "é",
  "%41",
  "long".repeat(300),
];
// No trailing slash, quotes, empty or relative paths: 7.88 keeps and sorts by the path as received
// (an empty Path= is "" there, the default path in current libcurl); no "/P" beside "/p": 7.88
// replaces a cookie whose path differs only in case.
const PATHS = ["/", "/p", "/p/q", "/x"];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** One random Set-Cookie value for a request to `host`. */
function hostileCookie(r: () => number, host: string): string {
  const parts = [`${pick(r, NAMES)}=${pick(r, VALUES)}`];
  const n = Math.floor(r() * 4);
  // At most one Expires: 7.88 takes the last one, current libcurl the first it can parse.
  let expires = false;
  const parent = host.split(".").slice(1).join(".");
  const domains = [
    host,
    `.${host}`,
    parent,
    "com",
    "co.uk",
    "github.io",
    "example.org",
    "127.0.0.1",
    "",
    "localhost",
  ];
  for (let i = 0; i < n; i++) {
    switch (Math.floor(r() * 8)) {
      case 0:
        parts.push(`Domain=${pick(r, domains)}`);
        break;
      case 1:
        parts.push(`Path=${pick(r, PATHS)}`);
        break;
      case 2:
        parts.push(pick(r, ["Secure", "secure", "Secure=1"]));
        break;
      case 3:
        parts.push(pick(r, ["HttpOnly", "httponly"]));
        break;
      case 4:
        parts.push(`Max-Age=${pick(r, ["0", "-5", "60", "86400", "junk", "1000"])}`);
        break;
      case 5:
        if (expires) break;
        expires = true;
        parts.push(
          `Expires=${pick(r, ["Thu, 01 Jan 2009 00:00:00 GMT", "Fri, 13 Feb 2009 23:31:30 GMT", "never", ""])}`,
        );
        break;
      case 6:
        parts.push(pick(r, ["Version=1", "SameSite=Lax", "x", ";", "  "]));
        break;
      default:
        parts.push(`Domain=${pick(r, domains)}; Path=${pick(r, PATHS)}`);
    }
  }
  return parts.join(pick(r, ["; ", ";", " ; "]));
}

/** The seeded hostile sequence number i: a few responses on a few hosts, then probes of all hosts. */
export function seededCookieCase(seed: number, i: number): CookieCase {
  const r = mulberry32(seed * 1_000_003 + i);
  const hosts = [W, E, UK, GH, IP, LH, "x.y.example.com"];
  const steps: CookieStep[] = [];
  const nsteps = 1 + Math.floor(r() * 3);
  let total = 0;
  for (let s = 0; s < nsteps; s++) {
    const host = pick(r, hosts);
    // One level deep: the default path is "/" (7.88 keeps "/p/" where current libcurl has "/p").
    const path = pick(r, ["/", "/x", "/p", "/P"]);
    // Up to 40 lines over the whole case: libcurl 7.88 counts 50 per response, current libcurl per
    // handle (a documented difference, tested on its own).
    const n = Math.min(1 + Math.floor(r() * (r() < 0.2 ? 25 : 6)), 40 - total);
    total += n;
    steps.push(at(host, path, ...Array.from({ length: n }, () => hostileCookie(r, host))));
  }
  const used = [...new Set(steps.map((s) => s.host))];
  return { name: `seeded ${seed}/${i}`, steps, probes: probes(used, ["/", "/p", "/p/q/r"]) };
}
