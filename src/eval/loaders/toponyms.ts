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
 * Checks that gold offsets point at the gold phrase; returns how many do not, so a loader can say
 * so once instead of scoring against shifted spans silently.
 */
export function countOffsetMismatches(text: string, tops: readonly GoldToponym[]): number {
  let bad = 0;
  for (const t of tops) if (t.end > text.length || t.start < 0 || t.start >= t.end || (t.phrase !== '' && text.slice(t.start, t.end) !== t.phrase)) bad++;
  return bad;
}
