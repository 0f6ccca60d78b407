// -w / --write-out: curl's format language (tool_writeout.c). `%{name}` is a variable, `%%` a
// percent sign, `\n` `\r` `\t` control characters (another `\x` stays as written), `%{stdout}` and
// `%{stderr}` switch where the rest goes. An unknown variable prints nothing and a warning, as curl.

import {
  CURL_HTTP_VERSION_1_0,
  CURL_HTTP_VERSION_1_1,
  CURL_HTTP_VERSION_2_0,
} from "../constants/misc.ts";
import type { Easy } from "../easy/easy.ts";
import type { Sink } from "./io.ts";

/** What -w can report about one finished transfer. */
export interface Outcome {
  easy: Easy;
  /** The CURLcode the transfer ended with. */
  exitcode: number;
  /** curl's error text for it ("" on success). */
  errormsg: string;
  /** The URL as given on the command line. */
  url: string;
  /** The output file, or null for stdout. */
  filename: string | null;
}

const num = (o: Outcome, k: string) => Number(o.easy.getinfo(k as never) ?? 0);
const str = (o: Outcome, k: string) => String(o.easy.getinfo(k as never) ?? "");
const time = (k: string) => (o: Outcome) => num(o, k).toFixed(6);
const int = (k: string) => (o: Outcome) => String(Math.trunc(num(o, k)));
/** Bytes per second over the whole transfer, as a whole number (curl_off_t). */
const speed = (k: string) => (o: Outcome) => {
  const t = num(o, "totalTime");
  return String(t > 0 ? Math.trunc(num(o, k) / t) : 0);
};

function httpVersion(o: Outcome): string {
  switch (num(o, "httpVersion")) {
    case CURL_HTTP_VERSION_1_0:
      return "1.0";
    case CURL_HTTP_VERSION_1_1:
      return "1.1";
    case CURL_HTTP_VERSION_2_0:
      return "2";
    default:
      return "0";
  }
}

const VARIABLES: Record<string, (o: Outcome) => string> = {
  http_code: (o) => String(num(o, "responseCode")).padStart(3, "0"),
  response_code: (o) => String(num(o, "responseCode")).padStart(3, "0"),
  http_version: httpVersion,
  time_total: time("totalTime"),
  time_namelookup: time("namelookupTime"),
  time_connect: time("connectTime"),
  time_appconnect: time("appconnectTime"),
  time_pretransfer: time("pretransferTime"),
  time_starttransfer: time("starttransferTime"),
  time_redirect: time("redirectTime"),
  size_download: int("sizeDownload"),
  size_upload: int("sizeUpload"),
  size_header: int("headerSize"),
  size_request: int("requestSize"),
  speed_download: speed("sizeDownload"),
  speed_upload: speed("sizeUpload"),
  url_effective: (o) => str(o, "effectiveUrl"),
  url: (o) => o.url,
  redirect_url: (o) => str(o, "redirectUrl"),
  num_redirects: int("redirectCount"),
  num_connects: int("numConnects"),
  http_connect: (o) => String(num(o, "httpConnectCode")).padStart(3, "0"),
  proxy_used: int("usedProxy"),
  content_type: (o) => str(o, "contentType"),
  remote_ip: (o) => str(o, "primaryIp"),
  remote_port: int("primaryPort"),
  local_ip: (o) => str(o, "localIp"),
  local_port: int("localPort"),
  exitcode: (o) => String(o.exitcode),
  errormsg: (o) => o.errormsg,
  filename_effective: (o) => o.filename ?? "",
};

/** Writes `format` for one transfer; `warn` gets curl's message for an unknown variable. */
export function writeOut(
  format: string,
  o: Outcome,
  out: { stdout: Sink; stderr: Sink },
  warn: (m: string) => void,
): void {
  let sink = out.stdout;
  let buf = "";
  const flush = () => {
    if (buf !== "") sink.write(buf);
    buf = "";
  };
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === "%" && format[i + 1] === "%") {
      buf += "%";
      i++;
    } else if (ch === "%" && format[i + 1] === "{") {
      const end = format.indexOf("}", i + 2);
      if (end < 0) {
        buf += format.slice(i);
        break;
      }
      const name = format.slice(i + 2, end);
      i = end;
      if (name === "stdout" || name === "stderr") {
        flush();
        sink = name === "stdout" ? out.stdout : out.stderr;
      } else {
        const v = Object.hasOwn(VARIABLES, name) ? VARIABLES[name] : undefined;
        if (v === undefined) warn(`unknown --write-out variable: '${name}'`);
        else buf += v(o);
      }
    } else if (ch === "\\" && i + 1 < format.length) {
      const e = format[++i]!;
      buf += e === "n" ? "\n" : e === "r" ? "\r" : e === "t" ? "\t" : `\\${e}`;
    } else buf += ch;
  }
  flush();
}
