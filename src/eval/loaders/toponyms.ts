/** A gold toponym: offsets into the article text and, when geocoded, coordinates. */
export interface GoldToponym {
  start: number;
  end: number;
  phrase: string;
  lat: number | null;
  lon: number | null;
}

/** Gold of a geoparsing article. */
export interface GeoGold {
  toponyms: GoldToponym[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A publication day from the mixed date strings of the geoparsing corpora: ISO (`2009-03-20 12:24`),
 * `Sat January 3, 2015`, `3 January 2015`, or a `/2018/01/25/` path in a URL. Null when none fits.
 */
export function looseDay(s: string | null): string | null {
  if (s === null) return null;
  const pad = (n: number): string => String(n).padStart(2, '0');
  let m = /(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})/.exec(s);
  if (m) {
    const mo = MONTHS.findIndex((x) => x.startsWith(m![1]!.toLowerCase()) && m![1]!.length >= 3) + 1;
    if (mo > 0) return `${m[3]}-${pad(mo)}-${pad(Number(m[2]))}`;
  }
  m = /(\d{1,2}) ([A-Za-z]{3,9}) (\d{4})/.exec(s);
  if (m) {
    const mo = MONTHS.findIndex((x) => x.startsWith(m![2]!.toLowerCase())) + 1;
    if (mo > 0) return `${m[3]}-${pad(mo)}-${pad(Number(m[1]))}`;
  }
  m = /\/((?:19|20)\d{2})\/(\d{2})\/(\d{2})\//.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  return null;
}

/**
 * Checks that gold offsets point at the gold phrase. Some corpora are off by a constant for some
 * articles (GeoVirus counts from 1; a few TR-News articles lost a leading character), so a toponym
 * whose phrase sits within 3 characters of its offsets is moved onto it (nearest shift first).
 * Returns how many were moved and how many still do not match, so loaders can report both.
 */
export function realignToponyms(text: string, tops: GoldToponym[]): { moved: number; bad: number } {
  let moved = 0;
  let bad = 0;
  for (const t of tops) {
    if (t.phrase === '' || text.slice(t.start, t.end) === t.phrase) continue;
    const len = t.phrase.length;
    let fixed = false;
    for (const d of [-1, 1, -2, 2, -3, 3]) {
      const s = t.start + d;
      if (s >= 0 && text.slice(s, s + len) === t.phrase) {
        t.start = s;
        t.end = s + len;
        moved++;
        fixed = true;
        break;
      }
    }
    if (!fixed) bad++;
  }
  return { moved, bad };
}

/** Adds the loader message about moved and mismatched gold offsets, if any. */
export function reportAlignment(problems: string[], path: string, moved: number, bad: number): void {
  if (moved > 0) problems.push(`${path}: ${moved} gold toponyms were off by 1-3 characters and were moved onto their phrase`);
  if (bad > 0) problems.push(`${path}: ${bad} gold toponyms whose offsets do not point at their phrase (scored as given)`);
}
