// -h / --help and -V / --version texts. The version is the package's; the flag list is written out
// (not generated from the table) so each line can say what the flag does in curl's words.

import pkg from "../../package.json" with { type: "json" };
import { PROGRAM } from "./messages.ts";

export const VERSION: string = pkg.version;

export function versionText(): string {
  return (
    `${PROGRAM} ${VERSION} (Bun ${Bun.version}) libcurl's multi_socket interface in TypeScript\n` +
    "Protocols: http https\n" +
    "Features: HTTP2 libz brotli zstd IPv6 SSL UnixSockets\n"
  );
}

export function helpText(): string {
  return `Usage: ${PROGRAM} [options...] <url>...
 -o, --output <file>        Write to file instead of stdout (one per URL, in order)
 -O, --remote-name          Write output to a file named as the remote file
     --output-dir <dir>     Directory to save files in
     --create-dirs          Create necessary local directory hierarchy
 -Z, --parallel             Perform transfers in parallel
     --parallel-max <num>   Maximum concurrency for parallel transfers (default 50)
 -L, --location             Follow redirects
     --max-redirs <num>     Maximum number of redirects allowed (default 50)
 -H, --header <header>      Pass custom header(s) to server
 -d, --data <data>          HTTP POST data (@file reads a file, CR and LF removed; @- stdin)
     --data-raw <data>      HTTP POST data, '@' allowed
     --data-binary <data>   HTTP POST binary data (@file as is)
 -X, --request <method>     Specify request method to use
 -u, --user <user:password> Server user and password
     --basic                Use HTTP Basic authentication
     --digest               Use HTTP Digest authentication
     --anyauth              Pick any authentication method
 -I, --head                 Show document info only
 -i, --include              Include protocol response headers in the output
 -f, --fail                 Fail fast with no output on HTTP errors (exit 22)
 -s, --silent               Silent mode
 -S, --show-error           Show error even when -s is used
 -v, --verbose              Make the operation more talkative (on stderr)
 -m, --max-time <seconds>   Maximum time allowed for each transfer
     --connect-timeout <seconds>  Maximum time allowed for connection
     --compressed           Request compressed response
     --retry <num>          Retry request if transient problems occur
     --retry-delay <seconds>      Wait time between retries
     --retry-max-time <seconds>   Retry only within this period
     --retry-connrefused    Retry on connection refused (use with --retry)
     --retry-all-errors     Retry all errors (use with --retry)
     --resolve <host:port:addr[,addr]...>  Resolve the host+port to this address
     --connect-to <HOST1:PORT1:HOST2:PORT2>  Connect to host
     --cacert <file>        CA certificate to verify peer against
 -k, --insecure             Allow insecure server connections
     --limit-rate <speed>   Limit transfer speed to RATE (k, M, G suffixes)
 -w, --write-out <format>   Use output FORMAT after completion (@file reads it)
 -0, --http1.0              Use HTTP 1.0
     --http1.1              Use HTTP 1.1
     --http2                Use HTTP 2
     --http2-prior-knowledge  Use HTTP 2 without HTTP/1.1 Upgrade
 -A, --user-agent <name>    Send User-Agent <name> to server
 -e, --referer <URL>        Referrer URL
 -b, --cookie <data|filename> Send cookies from string/file
 -c, --cookie-jar <filename> Write cookies to <filename> after operation
 -j, --junk-session-cookies Ignore session cookies read from file
 -r, --range <range>        Retrieve only the bytes within RANGE
 -x, --proxy <[protocol://]host[:port]>  Use this proxy
 -U, --proxy-user <user:password>  Proxy user and password
     --proxy-header <header/@file>  Pass custom header(s) to proxy
     --proxy-cacert <file>  CA certificates to verify proxy against
     --proxy-insecure       Skip HTTPS proxy cert verification
     --proxy-anyauth        Pick any proxy authentication method
     --proxy-basic          Use Basic authentication on the proxy
     --proxy-digest         Use Digest authentication on the proxy
 -p, --proxytunnel          HTTP proxy tunnel (using CONNECT)
     --noproxy <no-proxy-list>  List of hosts which do not use proxy
     --preproxy [protocol://]host[:port]  Use this SOCKS proxy first
     --socks4 <host[:port]>     SOCKS4 proxy on given host + port
     --socks4a <host[:port]>    SOCKS4a proxy on given host + port
     --socks5 <host[:port]>     SOCKS5 proxy on given host + port
     --socks5-hostname <host[:port]>  SOCKS5 proxy, pass host name to proxy
 -:, --next                 Make next URL use its separate set of options
 -h, --help                 Get help for commands
 -V, --version              Show version number and quit
`;
}
