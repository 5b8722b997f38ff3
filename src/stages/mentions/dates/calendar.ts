/**
 * Calendar arithmetic on ISO days (YYYY-MM-DD). Everything runs in UTC on explicit dates so results
 * never depend on the machine's time zone or clock.
 */

/** A calendar day as numbers (month 1-12). */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD, or null when the string is not a valid calendar day. */
export function parseIsoDay(s: string | null): Ymd | null {
  if (s === null) return null;
  const m = ISO_DAY.exec(s);
  if (!m) return null;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isValidYmd(ymd) ? ymd : null;
}

/** True when the day exists in the proleptic Gregorian calendar. */
export function isValidYmd(v: Ymd): boolean {
  return v.m >= 1 && v.m <= 12 && v.d >= 1 && v.d <= daysInMonth(v.y, v.m);
}

/** Formats as YYYY-MM-DD. */
export function isoDay(v: Ymd): string {
  return `${String(v.y).padStart(4, '0')}-${String(v.m).padStart(2, '0')}-${String(v.d).padStart(2, '0')}`;
}

function toUtc(v: Ymd): Date {
  const dt = new Date(Date.UTC(v.y, v.m - 1, v.d));
  // Date.UTC maps years 0-99 to 1900-1999; set it explicitly.
  dt.setUTCFullYear(v.y, v.m - 1, v.d);
  return dt;
}

function fromUtc(dt: Date): Ymd {
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

/** Adds a (possibly negative) number of days. */
export function addDays(v: Ymd, n: number): Ymd {
  const dt = toUtc(v);
  dt.setUTCDate(dt.getUTCDate() + n);
  return fromUtc(dt);
}

/** Day of week, 0 = Sunday ... 6 = Saturday. */
export function weekday(v: Ymd): number {
  return toUtc(v).getUTCDay();
}

/** Number of days in a month. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Compares two days: negative, zero or positive. */
export function compareYmd(a: Ymd, b: Ymd): number {
  return a.y !== b.y ? a.y - b.y : a.m !== b.m ? a.m - b.m : a.d - b.d;
}

/** The Monday of the ISO week that contains the day. */
export function mondayOf(v: Ymd): Ymd {
  return addDays(v, -((weekday(v) + 6) % 7));
}

/**
 * The most recent given weekday relative to `ref`. `sameDay` says whether `ref` itself counts
 * (a bare weekday in a news article published that day means that day).
 */
export function previousWeekday(ref: Ymd, wd: number, sameDay: boolean): Ymd {
  let back = (weekday(ref) - wd + 7) % 7;
  if (back === 0 && !sameDay) back = 7;
  return addDays(ref, -back);
}

/** The next given weekday strictly after `ref`. */
export function nextWeekday(ref: Ymd, wd: number): Ymd {
  let fwd = (wd - weekday(ref) + 7) % 7;
  if (fwd === 0) fwd = 7;
  return addDays(ref, fwd);
}

/** ISO 8601 week label (YYYY-Www) of a day, as TimeML writes week values. */
export function isoWeekLabel(v: Ymd): string {
  const thursday = addDays(mondayOf(v), 3);
  const jan4 = { y: thursday.y, m: 1, d: 4 };
  const week1Monday = mondayOf(jan4);
  const diff = Math.round((toUtc(mondayOf(v)).getTime() - toUtc(week1Monday).getTime()) / 86_400_000);
  return `${thursday.y}-W${String(Math.floor(diff / 7) + 1).padStart(2, '0')}`;
}
