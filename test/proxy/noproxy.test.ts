// The no-proxy list (libcurl's proxy_check_noproxy rules, lib/proxy.c): names and domains with
// optional leading/trailing dots, "*" alone, IPv4/IPv6 with /bits, separators. Each row is one rule.

import { describe, expect, test } from "bun:test";
import { checkNoProxy } from "../../src/proxy/noproxy.ts";

// [host, list, exempt]
const CASES: [string, string, boolean][] = [
  // "*" alone exempts all; inside a list it is just a name.
  ["anything.test", "*", true],
  ["anything.test", "a.test,*", false],
  // names: exact, or a subdomain; never a longer name that merely ends the same way
  ["srv.corp.test", "corp.test", true],
  ["corp.test", "corp.test", true],
  ["srvcorp.test", "corp.test", false],
  ["srv.corp.test", ".corp.test", true],
  ["corp.test", ".corp.test", true],
  ["srv.corp.test", "corp.test.", true],
  ["srv.corp.test.", "corp.test", true],
  ["SRV.Corp.TEST", "corp.test", true],
  ["corp.test", "srv.corp.test", false],
  // separators: commas (several), blanks around them; a blank alone ends the list
  ["b.test", "a.test,b.test", true],
  ["b.test", "a.test , b.test", true],
  ["b.test", "a.test,,,   b.test", true],
  ["b.test", "a.test b.test", false],
  ["b.test", "", false],
  // IPv4: exact, CIDR, a bad prefix never matches, no name matching for an address
  ["10.1.2.3", "10.1.2.3", true],
  ["10.1.2.3", "10.1.2.4", false],
  ["10.1.2.3", "10.0.0.0/8", true],
  ["10.1.2.3", "10.1.0.0/16", true],
  ["10.1.2.3", "10.1.3.0/24", false],
  ["10.1.2.3", "10.1.2.0/32", false],
  ["10.1.2.3", "10.1.2.3/32", true],
  ["10.1.2.3", "10.1.2.0/33", false],
  ["10.1.2.3", "10.1.2.0/24x", false],
  ["10.1.2.3", "10.1.2.0/x24", false],
  ["10.1.2.3", "10.1.2.0/24 ", true],
  ["10.1.2.3", "10.1.2.0/0", false],
  ["10.1.2.3", "3", false],
  ["127.0.0.1", "localhost", false],
  // IPv6: exact, CIDR at bit boundaries inside a byte
  ["::1", "::1", true],
  ["::1", "0:0:0::1", true],
  ["::1", "::1/127", true],
  ["::1", "::2/127", false],
  ["::1", "::1/129", false],
  ["fd00:1:2::5", "fd00:1::/32", true],
  ["fd00:1:2::5", "fd00:1:3::/48", false],
  ["fd00:1:8000::1", "fd00:1::/33", false],
  ["fd00:1:7fff::1", "fd00:1::/33", true],
  ["::ffff:10.0.0.1", "::ffff:10.0.0.0/120", true],
  ["::1", "10.0.0.0/8, ::1", true],
  ["10.0.0.1", "::1, 10.0.0.0/8", true],
];

describe("checkNoProxy", () => {
  for (const [host, list, want] of CASES)
    test(`${host} in ${JSON.stringify(list)}: ${want}`, () => {
      expect(checkNoProxy(host, list)).toBe(want);
    });
  test("no list, or no host name, exempts nothing", () => {
    expect(checkNoProxy("a.test", null)).toBe(false);
    expect(checkNoProxy("a.test", undefined)).toBe(false);
    expect(checkNoProxy("", "*")).toBe(false);
  });
});
