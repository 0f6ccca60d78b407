// The no-proxy list as libcurl reads it (lib/proxy.c, proxy_check_noproxy): "*" alone exempts every
// host; otherwise a list of names, domains (a leading dot is optional: "example.com" also covers
// "www.example.com", never "nonexample.com") and IPv4/IPv6 addresses with an optional /bits prefix,
// separated by commas (blanks around them are allowed). Pure.

/** inet_pton(AF_INET) into 4 bytes: four decimal parts 0-255, no leading zeros; false when not one. */
function ipv4(s: string, out: Uint8Array, at: number): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return false;
    const v = Number(p);
    if (v > 255) return false;
    out[at + i] = v;
  }
  return true;
}

/** inet_pton(AF_INET6) into 16 bytes ("::" once, an IPv4 tail allowed); false when not one. */
function ipv6(s: string, out: Uint8Array): boolean {
  if (!s.includes(":")) return false;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return false;
  const head = dbl >= 0 ? s.slice(0, dbl) : s;
  const tail = dbl >= 0 ? s.slice(dbl + 2) : "";
  const words: number[] = [];
  const tailWords: number[] = [];
  const tmp = new Uint8Array(4);
  const read = (part: string, into: number[], last: boolean): boolean => {
    if (part === "") return true;
    const groups = part.split(":");
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (last && i === groups.length - 1 && g.includes(".")) {
        if (!ipv4(g, tmp, 0)) return false;
        into.push((tmp[0]! << 8) | tmp[1]!, (tmp[2]! << 8) | tmp[3]!);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
      into.push(Number.parseInt(g, 16));
    }
    return true;
  };
  if (!read(head, words, dbl < 0) || !read(tail, tailWords, true)) return false;
  const n = words.length + tailWords.length;
  if (dbl < 0 ? n !== 8 : n > 7) return false;
  const all = [...words, ...new Array<number>(8 - n).fill(0), ...tailWords];
  for (let i = 0; i < 8; i++) {
    out[i * 2] = all[i]! >> 8;
    out[i * 2 + 1] = all[i]! & 0xff;
  }
  return true;
}

const TYPE_HOST = 0;
const TYPE_V4 = 1;
const TYPE_V6 = 2;

/** Whether name (length namelen) is token or a subdomain of it, ignoring case and a token's dots. */
function matchHost(token: string, name: string): boolean {
  if (token.endsWith(".")) token = token.slice(0, -1);
  if (token.startsWith(".")) token = token.slice(1);
  const t = token.toLowerCase();
  const n = name.toLowerCase();
  if (t.length === n.length) return t === n;
  if (t.length < n.length) return n.charCodeAt(n.length - t.length - 1) === 0x2e && n.endsWith(t);
  return false;
}

/** Whether the address name is in token's network (libcurl's cidr4_match and cidr6_match). */
function matchIp(type: number, token: string, name: string): boolean {
  let bits = 0;
  const slash = token.indexOf("/");
  if (slash >= 0) {
    const b = token.slice(slash + 1);
    if (!/^[0-9]+$/.test(b) || Number(b) > 128) return false;
    bits = Number(b);
    token = token.slice(0, slash);
  }
  if (type === TYPE_V4) {
    const a = new Uint8Array(4);
    const c = new Uint8Array(4);
    if (bits > 32 || !ipv4(name, a, 0) || !ipv4(token, c, 0)) return false;
    // 0 bits (or none given) means the exact address, as libcurl.
    const eff = bits === 0 ? 32 : bits;
    return prefixEqual(a, c, eff);
  }
  const a = new Uint8Array(16);
  const c = new Uint8Array(16);
  if (!ipv6(name, a) || !ipv6(token, c)) return false;
  return prefixEqual(a, c, bits === 0 ? 128 : bits);
}

function prefixEqual(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const bytes = bits >> 3;
  for (let i = 0; i < bytes; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((a[bytes]! ^ b[bytes]!) & mask) === 0;
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

/**
 * Whether `name` (a host name, or an IP address without brackets) is exempt from proxies by the list
 * `noProxy` (libcurl's proxy_check_noproxy). An empty or null list exempts nothing.
 */
export function checkNoProxy(name: string, noProxy: string | null | undefined): boolean {
  if (name === "" || noProxy === null || noProxy === undefined || noProxy === "") return false;
  if (noProxy === "*") return true;
  const probe = new Uint8Array(16);
  let type = TYPE_HOST;
  if (ipv4(name, probe, 0)) type = TYPE_V4;
  else if (ipv6(name, probe)) type = TYPE_V6;
  else if (name.endsWith(".")) name = name.slice(0, -1);
  const s = noProxy;
  let p = 0;
  while (p < s.length) {
    while (p < s.length && isBlank(s.charCodeAt(p))) p++;
    const start = p;
    while (p < s.length && !isBlank(s.charCodeAt(p)) && s.charCodeAt(p) !== 0x2c) p++;
    if (p > start) {
      const token = s.slice(start, p);
      if (type === TYPE_HOST ? matchHost(token, name) : matchIp(type, token, name)) return true;
    }
    while (p < s.length && isBlank(s.charCodeAt(p))) p++;
    if (s.charCodeAt(p) !== 0x2c) break;
    while (s.charCodeAt(p) === 0x2c) p++;
  }
  return false;
}

/** Whether s is an IPv4 or IPv6 address literal (no brackets). */
export function isAddress(s: string): boolean {
  const b = new Uint8Array(16);
  return ipv4(s, b, 0) || ipv6(s, b);
}
