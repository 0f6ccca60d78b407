// Redirects in virtual time: following, limits, method rules, schemes, credentials across origins, and
// what getinfo reports for the chain.

import { describe, expect, test } from "bun:test";
import {
  CURL_READFUNC_PAUSE,
  CURL_REDIR_POST_301,
  CURLE_OK,
  CURLE_SEND_FAIL_REWIND,
  CURLE_TOO_MANY_REDIRECTS,
  CURLE_UNSUPPORTED_PROTOCOL,
} from "../../src/constants/index.ts";
import { Easy } from "../../src/easy/easy.ts";
import { httpServer, makeWorld, response, type SeenRequest } from "../helpers/virtual.ts";

type W = ReturnType<typeof makeWorld>;

function run(w: W, url: string, setup: (e: Easy) => void = () => {}) {
  const e = new Easy();
  e.setopt("url", url);
  const chunks: string[] = [];
  e.setopt("writeFunction", (d: Uint8Array) => {
    chunks.push(Buffer.from(d).toString("latin1"));
    return d.length;
  });
  setup(e);
  w.multi.addHandle(e);
  w.driver.run();
  return {
    e,
    result: w.driver.resultOf(e),
    body: chunks.join(""),
    detail: String(e.getinfo("errorBuffer")),
  };
}

/** A server on 10.0.0.1:80 whose routes answer by path. */
function routes(
  w: W,
  table: Record<string, (req: SeenRequest) => string>,
  host = "10.0.0.1",
  port = 80,
) {
  return httpServer(w.net, host, port, (req, p) => {
    const path = req.target.split("?")[0]!;
    const f = table[path];
    p.write(f ? f(req) : response(404, "none"), 1);
  });
}

const redirect = (code: number, to: string, body = "moved") =>
  response(code, body, [`Location: ${to}`]);

describe("following Location", () => {
  test("relative and absolute targets, fragments dropped, effective URL and counters", () => {
    const w = makeWorld();
    const srv = routes(w, {
      "/a": () => redirect(302, "/b?x=1#frag"),
      "/b": () => redirect(301, "http://10.0.0.1/c"),
      "/c": () => response(200, "final"),
    });
    const r = run(w, "http://10.0.0.1/a", (e) => e.setopt("followLocation", 1));
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("final"); // the redirect bodies are not delivered
    expect(srv.requests.map((q) => q.target)).toEqual(["/a", "/b?x=1", "/c"]);
    expect(r.e.getinfo("effectiveUrl")).toBe("http://10.0.0.1/c");
    expect(r.e.getinfo("redirectCount")).toBe(2);
    expect(r.e.getinfo("responseCode")).toBe(200);
    expect(r.e.getinfo("redirectTimeT")).toBe(2000); // two hops of 1 ms each
    expect(r.e.getinfo("totalTimeT")).toBe(3000);
    expect(w.net.peers.length).toBe(1); // same origin: the connection is reused
  });

  test("without followLocation: redirectUrl tells where it would go", () => {
    const w = makeWorld();
    routes(w, { "/dir/a": () => redirect(302, "../b#x") });
    const r = run(w, "http://10.0.0.1/dir/a");
    expect(r.result).toBe(CURLE_OK);
    expect(r.body).toBe("moved");
    expect(r.e.getinfo("redirectUrl")).toBe("http://10.0.0.1/b");
    expect(r.e.getinfo("redirectCount")).toBe(0);
  });

  test("maxRedirs: TOO_MANY_REDIRECTS with libcurl's text, the last status kept; 0 refuses any", () => {
    const w = makeWorld();
    routes(w, { "/loop": () => redirect(302, "/loop") });
    const r = run(w, "http://10.0.0.1/loop", (e) => {
      e.setopt("followLocation", 1);
      e.setopt("maxRedirs", 5);
    });
    expect(r.result).toBe(CURLE_TOO_MANY_REDIRECTS);
    expect(r.detail).toBe("Maximum (5) redirects followed");
    expect(r.e.getinfo("responseCode")).toBe(302);
    expect(r.e.getinfo("redirectCount")).toBe(5);
    const zero = run(w, "http://10.0.0.1/loop", (e) => {
      e.setopt("followLocation", 1);
      e.setopt("maxRedirs", 0);
    });
    expect(zero.result).toBe(CURLE_TOO_MANY_REDIRECTS);
    expect(zero.detail).toBe("Maximum (0) redirects followed");
  });

  test("the default limit is 30", () => {
    const w = makeWorld();
    routes(w, { "/loop": () => redirect(302, "/loop") });
    const r = run(w, "http://10.0.0.1/loop", (e) => e.setopt("followLocation", 1));
    expect(r.result).toBe(CURLE_TOO_MANY_REDIRECTS);
    expect(r.e.getinfo("redirectCount")).toBe(30);
  });

  test("a redirect to another scheme: UNSUPPORTED_PROTOCOL; redirProtocolsStr can forbid https", () => {
    const w = makeWorld();
    routes(w, {
      "/ftp": () => redirect(302, "ftp://10.0.0.1/x"),
      "/tls": () => redirect(302, "https://10.0.0.1/"),
    });
    const r = run(w, "http://10.0.0.1/ftp", (e) => e.setopt("followLocation", 1));
    expect(r.result).toBe(CURLE_UNSUPPORTED_PROTOCOL);
    expect(r.detail).toBe('Protocol "ftp" not supported (in redirect)');
    const t = run(w, "http://10.0.0.1/tls", (e) => {
      e.setopt("followLocation", 1);
      e.setopt("redirProtocolsStr", "http");
    });
    expect(t.result).toBe(CURLE_UNSUPPORTED_PROTOCOL);
    expect(t.detail).toBe('Protocol "https" disabled (in redirect)');
  });
});

describe("method rules", () => {
  function post(code: number, setup: (e: Easy) => void = () => {}) {
    const w = makeWorld();
    const srv = routes(w, {
      "/p": () => redirect(code, "/q"),
      "/q": (req) => response(200, `${req.method} ${req.body.length}`),
    });
    const r = run(w, "http://10.0.0.1/p", (e) => {
      e.setopt("followLocation", 1);
      e.setopt("postFields", "a=1");
      setup(e);
    });
    return { r, second: srv.requests[1]! };
  }
  test("301, 302, 303 turn a POST into a GET without a body", () => {
    for (const code of [301, 302, 303]) {
      const { r, second } = post(code);
      expect(r.body).toBe("GET 0");
      expect(second.header("content-length")).toBeUndefined();
      expect(second.header("content-type")).toBeUndefined();
    }
  });
  test("postRedir keeps the POST on 301; 307 and 308 always keep method and body", () => {
    expect(post(301, (e) => e.setopt("postRedir", CURL_REDIR_POST_301)).r.body).toBe("POST 3");
    expect(post(302, (e) => e.setopt("postRedir", CURL_REDIR_POST_301)).r.body).toBe("GET 0");
    expect(post(307).r.body).toBe("POST 3");
    expect(post(308).r.body).toBe("POST 3");
  });
  test("a 307 with a body from the read callback cannot rewind: SEND_FAIL_REWIND", () => {
    const w = makeWorld();
    routes(w, { "/p": () => redirect(307, "/q") });
    let fed = false;
    const r = run(w, "http://10.0.0.1/p", (e) => {
      e.setopt("followLocation", 1);
      e.setopt("post", 1);
      e.setopt("postFieldSize", 3);
      e.setopt("readFunction", (buf: Uint8Array) => {
        if (fed) return 0;
        fed = true;
        buf.set([97, 98, 99]);
        return 3;
      });
    });
    expect(r.result).toBe(CURLE_SEND_FAIL_REWIND);
    void CURL_READFUNC_PAUSE;
  });
});

describe("credentials across origins", () => {
  test("Authorization and user Cookie headers stay with the first origin unless unrestrictedAuth", () => {
    for (const unrestricted of [0, 1]) {
      const w = makeWorld();
      const a = routes(w, { "/": () => redirect(302, "http://10.0.0.2:8080/") });
      const b = routes(w, { "/": () => response(200, "b") }, "10.0.0.2", 8080);
      const r = run(w, "http://10.0.0.1/", (e) => {
        e.setopt("followLocation", 1);
        e.setopt("userPwd", "user:secret");
        e.setopt("httpHeader", ["Cookie: c=1", "X-Keep: yes"]);
        e.setopt("unrestrictedAuth", unrestricted);
      });
      expect(r.result).toBe(CURLE_OK);
      const first = a.requests[0]!;
      const second = b.requests[0]!;
      expect(first.header("authorization")).toBe(`Basic ${btoa("user:secret")}`);
      expect(first.header("cookie")).toBe("c=1");
      expect(second.header("x-keep")).toBe("yes");
      if (unrestricted) {
        expect(second.header("authorization")).toBe(`Basic ${btoa("user:secret")}`);
        expect(second.header("cookie")).toBe("c=1");
      } else {
        expect(second.header("authorization")).toBeUndefined();
        expect(second.header("cookie")).toBeUndefined();
      }
    }
  });
});
