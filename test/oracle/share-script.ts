// The share oracle's script: curl_share_* and CURLOPT_SHARE calls as data, run step by step by
// libcurl (share-child.ts) and by multisock (runOurs below), each step's return code and the lock
// callbacks it caused compared. Option and kind numbers are curl.h's.

import {
  BunDriver,
  CURLSHOPT_LOCKFUNC,
  CURLSHOPT_SHARE,
  CURLSHOPT_UNLOCKFUNC,
  CURLSHOPT_UNSHARE,
  CURLSHOPT_USERDATA,
  defaultBunEnv,
  Easy,
  Multi,
  Share,
  shareStrerror,
} from "../../src/index.ts";

/** One call. `s` and `e` name a share and an easy handle of the script. */
export type ShareStep =
  | { op: "init"; s: number }
  | { op: "setopt"; s: number; opt: number; arg: number }
  | { op: "cleanup"; s: number }
  | { op: "easy"; e: number }
  | { op: "easyShare"; e: number; s: number | null }
  | { op: "dup"; e: number; from: number }
  | { op: "reset"; e: number }
  /** Both lock callbacks (lock only with `only`), recording into the log. */
  | { op: "locks"; s: number; only?: boolean }
  /**
   * A transfer of the test server's URL on the handle's own multi (curl_easy_perform makes one per
   * handle and keeps it; here a Multi per handle on the scenario's one transport): two handles are
   * two multis in turn.
   */
  | { op: "perform"; e: number };

/** What a step gave: its return code (null for calls that return none) and the lock calls it made. */
export interface StepResult {
  rc: number | null;
  locks: string[];
  /** perform: CURLINFO_NUM_CONNECTS, and whether CURLINFO_LOCAL_PORT is the previous perform's. */
  connects?: number;
  samePort?: boolean;
}

/** curl.h's CURLSHoption numbers -> multisock's names; others are unknown options. */
const OPTION_NAMES: Record<number, string> = {
  1: CURLSHOPT_SHARE,
  2: CURLSHOPT_UNSHARE,
  3: CURLSHOPT_LOCKFUNC,
  4: CURLSHOPT_UNLOCKFUNC,
  5: CURLSHOPT_USERDATA,
};

const SHARE = 1;
const UNSHARE = 2;
const LOCKFUNC = 3;
const USERDATA = 5;

/** The scenarios; each is run in a fresh set of handles. */
export const SCENARIOS: Record<string, ShareStep[]> = {};

for (let kind = 0; kind <= 9; kind++)
  SCENARIOS[`share then unshare kind ${kind}`] = [
    { op: "init", s: 0 },
    { op: "setopt", s: 0, opt: SHARE, arg: kind },
    { op: "setopt", s: 0, opt: UNSHARE, arg: kind },
    { op: "setopt", s: 0, opt: UNSHARE, arg: kind },
    { op: "cleanup", s: 0 },
  ];

SCENARIOS["unknown options, a NULL lock function, user data"] = [
  { op: "init", s: 0 },
  { op: "setopt", s: 0, opt: 0, arg: 3 },
  { op: "setopt", s: 0, opt: 6, arg: 3 },
  { op: "setopt", s: 0, opt: 99, arg: 3 },
  { op: "setopt", s: 0, opt: LOCKFUNC, arg: 0 },
  { op: "setopt", s: 0, opt: USERDATA, arg: 0 },
  { op: "cleanup", s: 0 },
];

SCENARIOS["in use while a handle is in it; reset keeps it, duphandle does not copy it"] = [
  { op: "init", s: 0 },
  { op: "setopt", s: 0, opt: SHARE, arg: 3 },
  { op: "easy", e: 0 },
  { op: "easyShare", e: 0, s: 0 },
  { op: "setopt", s: 0, opt: SHARE, arg: 5 },
  { op: "setopt", s: 0, opt: 99, arg: 0 },
  { op: "setopt", s: 0, opt: UNSHARE, arg: 3 },
  { op: "cleanup", s: 0 },
  { op: "dup", e: 1, from: 0 },
  { op: "reset", e: 0 },
  { op: "setopt", s: 0, opt: SHARE, arg: 5 },
  { op: "easyShare", e: 0, s: null },
  { op: "setopt", s: 0, opt: SHARE, arg: 5 },
  { op: "easyShare", e: 1, s: 0 },
  { op: "easyShare", e: 0, s: 0 },
  { op: "easyShare", e: 1, s: null },
  { op: "cleanup", s: 0 },
  { op: "easyShare", e: 0, s: null },
  { op: "easyShare", e: 0, s: null },
  { op: "cleanup", s: 0 },
];

SCENARIOS["lock callbacks: join, leave, cleanup"] = [
  { op: "init", s: 0 },
  { op: "locks", s: 0 },
  { op: "setopt", s: 0, opt: SHARE, arg: 3 },
  { op: "easy", e: 0 },
  { op: "easyShare", e: 0, s: 0 },
  { op: "easyShare", e: 0, s: 0 },
  { op: "easyShare", e: 0, s: null },
  { op: "cleanup", s: 0 },
];

SCENARIOS["lock callbacks: a share never joined"] = [
  { op: "init", s: 0 },
  { op: "locks", s: 0 },
  { op: "cleanup", s: 0 },
];

SCENARIOS["lock callbacks: a lock function without an unlock function"] = [
  { op: "init", s: 0 },
  { op: "locks", s: 0, only: true },
  { op: "easy", e: 0 },
  { op: "easyShare", e: 0, s: 0 },
  { op: "easyShare", e: 0, s: null },
  { op: "cleanup", s: 0 },
];

for (const [kind, title] of [
  [5, "connections shared by handles performed on different multis"],
  [3, "DNS only: each handle performed apart makes its own connection"],
] as const)
  SCENARIOS[title] = [
    { op: "init", s: 0 },
    { op: "setopt", s: 0, opt: SHARE, arg: kind },
    { op: "easy", e: 0 },
    { op: "easy", e: 1 },
    { op: "easyShare", e: 0, s: 0 },
    { op: "easyShare", e: 1, s: 0 },
    { op: "perform", e: 0 },
    { op: "perform", e: 1 },
    { op: "perform", e: 0 },
    { op: "easyShare", e: 0, s: null },
    { op: "easyShare", e: 1, s: null },
    { op: "cleanup", s: 0 },
  ];

/** curl_share_strerror of these codes is compared too. */
export const STRERROR_CODES = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 100];

/** Runs one scenario through multisock's public API; `url` is the test server's. */
export async function runOurs(steps: ShareStep[], url: string): Promise<StepResult[]> {
  const env = defaultBunEnv();
  let lastPort = -1;
  const shares: Share[] = [];
  const easies: Easy[] = [];
  const multis: Multi[] = [];
  const name = (h: unknown) => (h === null ? "null" : "easy");
  const out: StepResult[] = [];
  let log: string[] = [];
  for (const st of steps) {
    log = [];
    let rc: number | null = null;
    switch (st.op) {
      case "init":
        shares[st.s] = new Share();
        break;
      case "setopt": {
        const opt = OPTION_NAMES[st.opt] ?? `option${st.opt}`;
        const value =
          st.opt === SHARE || st.opt === UNSHARE ? st.arg : st.opt === USERDATA ? st.arg : null;
        rc = shares[st.s]!.setopt(opt as string, value);
        break;
      }
      case "cleanup":
        rc = shares[st.s]!.close();
        break;
      case "easy":
        easies[st.e] = new Easy();
        break;
      case "easyShare":
        rc = easies[st.e]!.setopt("share", st.s === null ? null : shares[st.s]!);
        break;
      case "dup":
        easies[st.e] = easies[st.from]!.duphandle();
        break;
      case "reset":
        easies[st.e]!.reset();
        break;
      case "locks": {
        const sh = shares[st.s]!;
        const sink = () => log;
        sh.setopt("lockFunc", (h, data, access) =>
          sink().push(`lock ${name(h)} ${data} ${access}`),
        );
        if (!st.only)
          sh.setopt("unlockFunc", (h, data) => sink().push(`unlock ${name(h)} ${data}`));
        break;
      }
      case "perform": {
        // curl_easy_perform runs the handle on a multi of its own, kept for its next perform.
        const e = easies[st.e]!;
        e.setopt("url", url);
        e.setopt("writeFunction", (d: Uint8Array) => d.length);
        multis[st.e] ??= new Multi(env);
        const multi = multis[st.e]!;
        let result = -1;
        const d = new BunDriver(multi, { onDone: (_e, r) => (result = r) });
        multi.addHandle(e);
        await d.run();
        d.close();
        multi.removeHandle(e);
        const port = e.getinfo("localPort");
        out.push({
          rc: result,
          locks: log,
          connects: e.getinfo("numConnects"),
          samePort: port === lastPort,
        });
        lastPort = port;
        continue;
      }
    }
    out.push({ rc, locks: log });
  }
  return out;
}

/** Our curl_share_strerror texts for STRERROR_CODES. */
export function ourStrerrors(): string[] {
  return STRERROR_CODES.map(shareStrerror);
}
