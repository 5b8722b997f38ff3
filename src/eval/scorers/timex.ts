/** A closed interval of ISO days with the granularity the gold value states. */
export interface DayInterval {
  start: string;
  end: string;
  granularity: 'day' | 'week' | 'month' | 'year';
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Monday of ISO week `w` of ISO year `y`, as a UTC Date. */
function isoWeekMonday(y: number, w: number): Date {
  const jan4 = new Date(Date.UTC(y, 0, 4));
  const dow = (jan4.getUTCDay() + 6) % 7; // 0 = Monday
  return new Date(Date.UTC(y, 0, 4 - dow + (w - 1) * 7));
}

function dayOf(d: Date): string {
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The interval a TimeML value denotes, when it is a calendar value: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`
 * (with or without a time part, which is cut to its day) and `YYYY-Www`. Underspecified (`XXXX-..`),
 * relative (`PRESENT_REF`), season, decade and duration values give null: they have no interval to
 * compare with.
 */
export function timexInterval(value: string): DayInterval | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
    const day = iso(y, mo, d);
    return { start: day, end: day, granularity: 'day' };
  }
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    const w = Number(m[2]);
    if (w < 1 || w > 53) return null;
    const mon = isoWeekMonday(Number(m[1]), w);
    const sun = new Date(mon.getTime() + 6 * 86400000);
    return { start: dayOf(mon), end: dayOf(sun), granularity: 'week' };
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    return { start: iso(y, mo, 1), end: iso(y, mo, daysInMonth(y, mo)), granularity: 'month' };
  }
  m = /^(\d{4})$/.exec(value);
  if (m) return { start: iso(Number(m[1]), 1, 1), end: iso(Number(m[1]), 12, 31), granularity: 'year' };
  return null;
}

/**
 * Whether a predicted day interval equals the gold value at the gold value's granularity: a gold day
 * needs start = end = that day, a gold month needs the whole month, and so on. A prediction finer
 * than the gold (a day for "en mai") or coarser (a month for "le 3 mai") is wrong.
 */
export function timexValueOk(goldValue: string, pred: { start: string; end: string }): boolean {
  const g = timexInterval(goldValue);
  if (g === null) return false;
  return pred.start === g.start && pred.end === g.end;
}
