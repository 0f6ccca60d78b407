// The progress meter: curl's parallel meter (tool_progress.c progress_meter), one line on stderr
// rewritten with "\r" at most twice a second, a header above it and a newline after the last update.
// Used for a single transfer as well (curl draws a different, wider meter there). Each transfer
// reports its counts into a Progress record from its progress callback; the meter only sums them.

import type { Sink } from "./io.ts";

/** One transfer's counts, written by its CURLOPT_XFERINFOFUNCTION. */
export class Progress {
  dltotal = 0;
  dlnow = 0;
  ultotal = 0;
  ulnow = 0;
  /** The transfer ended: its unknown size no longer keeps the percentage at "--". */
  done = false;
}

const HEADER = "DL% UL%  Dled  Uled  Xfers  Live Total     Current  Left    Speed\n";
const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;
const UPDATE_MS = 500;

/** curl's max5data: a byte count in at most 5 characters. */
export function max5(n: number): string {
  const f = (v: number, w: number) => String(Math.floor(v)).padStart(w, " ");
  const tenth = (v: number, unit: number) => Math.floor((v % unit) / (unit / 10));
  if (n < 100000) return f(n, 5);
  if (n < 10000 * KB) return `${f(n / KB, 4)}k`;
  if (n < 100 * MB) return `${f(n / MB, 2)}.${tenth(n, MB)}M`;
  if (n < 10000 * MB) return `${f(n / MB, 4)}M`;
  if (n < 100 * GB) return `${f(n / GB, 2)}.${tenth(n, GB)}G`;
  return `${f(n / GB, 4)}G`;
}

/** curl's time2str: "HH:MM:SS", or "--:--:--" for nothing to say. */
export function hms(seconds: number): string {
  const s = Math.floor(seconds);
  if (s <= 0) return "--:--:--";
  const h = Math.floor(s / 3600);
  if (h > 99) {
    const d = Math.floor(s / 86400);
    return `${String(d).padStart(3, " ")}d ${String(Math.floor((s % 86400) / 3600)).padStart(2, "0")}h`;
  }
  const m = Math.floor((s % 3600) / 60);
  const two = (v: number) => String(v).padStart(2, "0");
  return `${String(h).padStart(2, " ")}:${two(m)}:${two(s % 60)}`;
}

function percent(now: number, total: number, known: boolean): string {
  if (!known || total <= 0) return "--";
  return String(Math.floor((now * 100) / total)).padStart(3, " ");
}

export class Meter {
  private readonly all: Progress[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private headerShown = false;
  private readonly start: number;
  /** Transfers added so far and those running now (the Xfers and Live columns). */
  xfers = 0;
  live = 0;

  constructor(
    private readonly err: Sink,
    private readonly now: () => number,
  ) {
    this.start = now();
  }

  /** A new transfer's record. */
  track(): Progress {
    const p = new Progress();
    this.all.push(p);
    this.xfers++;
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.draw(false), UPDATE_MS);
      this.timer.unref?.();
    }
    return p;
  }

  /** The last line, with its newline; the meter stops. */
  finish(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.xfers > 0) this.draw(true);
  }

  private draw(final: boolean): void {
    let dl = 0;
    let dlTotal = 0;
    let ul = 0;
    let ulTotal = 0;
    let dlKnown = true;
    let ulKnown = true;
    for (const p of this.all) {
      dl += p.dlnow;
      ul += p.ulnow;
      if (p.dltotal > 0) dlTotal += p.dltotal;
      else if (!p.done) dlKnown = false;
      if (p.ultotal > 0) ulTotal += p.ultotal;
      else if (!p.done) ulKnown = false;
    }
    const spent = (this.now() - this.start) / 1000;
    const speed = spent > 0 ? (dl + ul) / spent : 0;
    let total = "--:--:--";
    let left = "--:--:--";
    if (dlKnown && dlTotal > 0 && speed > 0) {
      const t = dlTotal / speed;
      total = hms(t);
      left = hms(t - spent);
    }
    if (!this.headerShown) {
      this.headerShown = true;
      this.err.write(HEADER);
    }
    const line =
      `\r${percent(dl, dlTotal, dlKnown).padEnd(3)} ${percent(ul, ulTotal, ulKnown).padEnd(3)} ` +
      `${max5(dl)} ${max5(ul)} ${String(this.xfers).padStart(5)} ${String(this.live).padStart(5)} ` +
      ` ${total} ${hms(spent)} ${left} ${max5(speed)} ${(final ? "\n" : "").padStart(5)}`;
    this.err.write(line);
  }
}
