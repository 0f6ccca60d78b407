// The date parser cookies use for Expires (lib/parsedate.c, Curl_getdate_capped): up to six words
// and numbers in any order, with libcurl's names for weekdays, months and time zones. Pure: no clock.

const WKDAY3 = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAY = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTH = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYZONE = -60;
/** libcurl's zone names (matched case-sensitively, as its bsearch with strcmp), minutes west of GMT. */
const TZ: Readonly<Record<string, number>> = {
  A: -60,
  ADT: 240 + DAYZONE,
  AHST: 600,
  AST: 240,
  B: -120,
  BST: DAYZONE,
  C: -180,
  CAT: 600,
  CCT: -480,
  CDT: 360 + DAYZONE,
  CEST: -60 + DAYZONE,
  CET: -60,
  CST: 360,
  D: -240,
  E: -300,
  EADT: -600 + DAYZONE,
  EAST: -600,
  EDT: 300 + DAYZONE,
  EET: -120,
  EST: 300,
  F: -360,
  FST: -60 + DAYZONE,
  FWT: -60,
  G: -420,
  GMT: 0,
  GST: -600,
  H: -480,
  HDT: 600 + DAYZONE,
  HST: 600,
  I: -540,
  IDLE: -720,
  IDLW: 720,
  JST: -540,
  K: -600,
  L: -660,
  M: -720,
  MDT: 420 + DAYZONE,
  MEST: -60 + DAYZONE,
  MESZ: -60 + DAYZONE,
  MET: -60,
  MEWT: -60,
  MST: 420,
  N: 60,
  NT: 660,
  NZDT: -720 + DAYZONE,
  NZST: -720,
  NZT: -720,
  O: 120,
  P: 180,
  PDT: 480 + DAYZONE,
  PST: 480,
  Q: 240,
  R: 300,
  S: 360,
  T: 420,
  U: 480,
  UT: 0,
  UTC: 0,
  V: 540,
  W: 600,
  WADT: -420 + DAYZONE,
  WAST: -420,
  WAT: 60,
  WET: 0,
  X: 660,
  Y: 720,
  YDT: 540 + DAYZONE,
  YST: 540,
  Z: 0,
};
const NAME_LEN = 12;
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

interface When {
  wday: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  year: number;
  tzoff: number;
}

const MDAY = 0;
const YEAR = 1;

/** Seconds since the epoch of a valid When (time2epoch: the proleptic Gregorian calendar, UTC). */
function epoch(w: When): number {
  const y = w.year - (w.mon <= 1 ? 1 : 0);
  const leap = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 477;
  const days = (w.year - 1970) * 365 + leap + CUMULATIVE_DAYS[w.mon]! + w.mday - 1;
  return ((days * 24 + w.hour) * 60 + w.min) * 60 + w.sec;
}

/** oneortwodigit then HH:MM[:SS]; returns the index after the time, or -1. */
function matchTime(s: string, i: number, w: When): number {
  const two = (at: number): [number, number] =>
    isDigit(s.charCodeAt(at + 1))
      ? [(s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48, at + 2]
      : [s.charCodeAt(at) - 48, at + 1];
  const [hh, p1] = two(i);
  if (hh >= 24 || s[p1] !== ":" || !isDigit(s.charCodeAt(p1 + 1))) return -1;
  const [mm, p2] = two(p1 + 1);
  if (mm >= 60) return -1;
  let ss = 0;
  let end = p2;
  if (s[p2] === ":" && isDigit(s.charCodeAt(p2 + 1))) {
    const [x, p3] = two(p2 + 1);
    if (x > 60) return -1;
    ss = x;
    end = p3;
  }
  w.hour = hh;
  w.min = mm;
  w.sec = ss;
  return end;
}

/**
 * curl_getdate's parse (Curl_getdate_capped): seconds since the epoch, or null when the text is
 * not a date libcurl understands (then a cookie stays a session cookie).
 */
export function parseDate(s: string): number | null {
  const w: When = { wday: -1, mon: -1, mday: -1, hour: -1, min: -1, sec: -1, year: -1, tzoff: -1 };
  let dignext = MDAY;
  let i = 0;
  let part = 0;
  while (i < s.length && part < 6) {
    while (i < s.length && !isAlpha(s.charCodeAt(i)) && !isDigit(s.charCodeAt(i))) i++;
    const c = s.charCodeAt(i);
    if (isAlpha(c)) {
      let len = 0;
      while (isAlpha(s.charCodeAt(i + len)) && len < NAME_LEN) len++;
      const word = s.slice(i, i + len);
      let found = false;
      if (len !== NAME_LEN) {
        const lw = word.toLowerCase();
        if (w.wday === -1) {
          w.wday = len > 3 ? WEEKDAY.indexOf(lw) : len === 3 ? WKDAY3.indexOf(lw) : -1;
          found = w.wday !== -1;
        }
        if (!found && w.mon === -1) {
          w.mon = len === 3 ? MONTH.indexOf(lw) : -1;
          found = w.mon !== -1;
        }
        if (!found && w.tzoff === -1) {
          const z = len <= 4 && Object.hasOwn(TZ, word) ? TZ[word]! : undefined;
          w.tzoff = z === undefined ? -1 : z * 60;
          found = w.tzoff !== -1;
        }
      }
      if (!found) return null;
      i += len;
    } else if (isDigit(c)) {
      const end = w.sec === -1 ? matchTime(s, i, w) : -1;
      if (end >= 0) i = end;
      else {
        let j = i;
        let val = 0;
        while (isDigit(s.charCodeAt(j))) {
          val = val * 10 + s.charCodeAt(j) - 48;
          if (val > 99999999) return null; // curlx_str_number's overflow
          j++;
        }
        const digits = j - i;
        let found = false;
        const sign = i > 0 ? s[i - 1] : "";
        if (w.tzoff === -1 && digits === 4 && val <= 1400 && (sign === "+" || sign === "-")) {
          found = true;
          const off = (Math.floor(val / 100) * 60 + (val % 100)) * 60;
          w.tzoff = sign === "+" ? -off : off;
        } else if (digits === 8 && w.year === -1 && w.mon === -1 && w.mday === -1) {
          found = true;
          w.year = Math.floor(val / 10000);
          w.mon = Math.floor((val % 10000) / 100) - 1;
          w.mday = val % 100;
        }
        if (!found && dignext === MDAY && w.mday === -1) {
          if (val > 0 && val < 32) {
            w.mday = val;
            found = true;
          }
          dignext = YEAR;
        }
        if (!found && dignext === YEAR && w.year === -1) {
          w.year = val < 100 ? val + (val > 70 ? 1900 : 2000) : val;
          found = true;
          if (w.mday === -1) dignext = MDAY;
        }
        if (!found) return null;
        i = j;
      }
    }
    part++;
  }
  if (w.sec === -1) w.sec = w.min = w.hour = 0;
  if (w.mday === -1 || w.mon === -1 || w.year === -1 || w.year < 1583) return null;
  if (w.mday > 31 || w.mon > 11 || w.hour > 23 || w.min > 59 || w.sec > 60) return null;
  return epoch(w) + (w.tzoff === -1 ? 0 : w.tzoff);
}
