// What the promise helpers keep of a response head, from the header callback's lines (libcurl hands
// over every head: interim 1xx ones and those of followed redirects too, each starting with its
// status line, so a status line starts the record afresh).

const latin1 = new TextDecoder("latin1");

export class HeadLines {
  /** The status code of the current head (0 before its status line). */
  status = 0;
  /** The reason phrase of the status line ("" over HTTP/2, which has none). */
  statusText = "";
  /** Header fields in order, names as received. */
  headers: [string, string][] = [];
  /** The head has a Location field. */
  location = false;

  /** Takes one header line; true when it is the blank line that ends a head. */
  line(d: Uint8Array): boolean {
    const n = d.length;
    if (n <= 2 && (n === 0 || d[0] === 0x0d || d[0] === 0x0a)) return true;
    const text = latin1.decode(d);
    if (text.startsWith("HTTP/")) {
      // "HTTP/1.1 200 OK\r\n": the code after the first space, the reason after the second.
      const sp = text.indexOf(" ");
      const sp2 = text.indexOf(" ", sp + 1);
      this.status = Number.parseInt(text.slice(sp + 1, sp + 4), 10) || 0;
      this.statusText = sp2 < 0 ? "" : text.slice(sp2 + 1).trim();
      this.headers = [];
      this.location = false;
      return false;
    }
    const i = text.indexOf(":");
    if (i > 0) {
      const name = text.slice(0, i);
      this.headers.push([name, text.slice(i + 1).trim()]);
      if (i === 8 && name.toLowerCase() === "location") this.location = true;
    }
    return false;
  }

  /**
   * The head just ended is the final one: not interim (1xx), and not a redirect the engine follows
   * (with CURLOPT_FOLLOWLOCATION, any 3xx with a Location: transfer/redirect.ts).
   */
  final(follow: boolean): boolean {
    const s = this.status;
    if (s < 200) return false;
    return !(follow && s >= 300 && s < 400 && this.location);
  }
}
