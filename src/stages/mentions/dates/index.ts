/**
 * Date mentions: chrono-node (the language's casual parser) extended with sitrep parsers and
 * refiners, resolved against the publication date into inclusive ISO-day intervals.
 *
 * Conventions (news style):
 * - a bare weekday is the most recent such day on or before publication ("samedi" in a Monday
 *   article is the Saturday before; "lundi" in a Monday article is that Monday);
 * - "ce week-end" / "this weekend" is the Saturday-Sunday at or before publication, precision week;
 * - "depuis mercredi dernier" runs from that Wednesday to publication (precision day); "depuis 2016"
 *   keeps the year 2016;
 * - "début/mi/fin" narrow a month to days 1-10/11-20/21-end and a year to Jan-Apr/May-Aug/Sep-Dec,
 *   keeping the month or year precision;
 * - durations ("5 ans", "en 5 ans") and times alone ("à 14 h") give no date; a time of day never
 *   changes the day;
 * - without a publication date only absolute dates (with a written year) are kept.
 */

import { createRequire } from 'node:module';
import type { Chrono, ParsingResult } from 'chrono-node';
import type { Stage } from '../../../core/pipeline.js';
import type { DateMention, DatePrecision, Doc, LangCode, Sentence } from '../../../core/types.js';
import { langData, memoize } from '../../../core/data.js';
import { SitrepError } from '../../../core/errors.js';
import { fold } from '../../../core/text.js';
import { compareYmd, daysInMonth, isValidYmd, isoDay, parseIsoDay, type Ymd } from './calendar.js';
import {
  TAG,
  buildParsers,
  durationRefiner,
  hintChronoParsers,
  overlapRefiner,
  precisionOf,
  ruleOf,
  shieldFromFilters,
  sinceRefiner,
  weekdayRefiner,
  type DatesData,
} from './parsers.js';

export type { DatesData } from './parsers.js';
export { isoWeekLabel } from './calendar.js';

/** Longest text chrono sees at once; longer sentences are cut at white space to bound its cost. */
const MAX_CHUNK = 4000;
/** Reference used when the publication date is unknown; only absolute dates survive then. */
const NO_REFERENCE: Ymd = { y: 2000, m: 1, d: 1 };

const requireModule = createRequire(import.meta.url);

/**
 * One chrono-node locale module, loaded on first use. The package's main entry loads every locale it
 * ships (some 270 modules, most of the process start-up); a locale entry loads one.
 */
function chronoLocale(name: string): { casual?: Chrono } | undefined {
  if (!/^[a-z]{2}$/.test(name)) return undefined;
  try {
    return requireModule(`chrono-node/${name}`) as { casual?: Chrono };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (err as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw err;
  }
}

/** The extended chrono instance for a language, built once per process. */
export function dateParser(lang: LangCode): Chrono {
  return memoize(`dates.chrono.${lang}`, () => {
    const data = langData<DatesData>(lang, 'dates');
    const locale = chronoLocale(data.chronoLocale);
    if (!locale?.casual) throw new SitrepError('E_DATA', `lang/${lang}/dates.json names chrono locale "${data.chronoLocale}", which chrono-node does not provide`);
    const c = locale.casual.clone();
    c.parsers = [...hintChronoParsers(c.parsers, data.chronoParserHints), ...buildParsers(lang, data)];
    c.refiners = shieldFromFilters([overlapRefiner(), ...c.refiners, weekdayRefiner(lang, data), durationRefiner(data), sinceRefiner(lang, data)]);
    return c;
  });
}

/** Finds and resolves the date expressions of a document (needs sentences, tokens and language). */
export function findDates(doc: Doc): DateMention[] {
  if (doc.language === null) return [];
  const parser = dateParser(doc.language);
  const pub = parseIsoDay(doc.published);
  const ref = pub ?? NO_REFERENCE;
  // Local noon: chrono computes in local time, and noon keeps every zone on the same calendar day.
  const refDate = new Date(ref.y, ref.m - 1, ref.d, 12, 0, 0);
  const out: DateMention[] = [];
  const keywords = sentenceKeywords(doc.language);
  for (const s of doc.sentences) {
    // chrono runs dozens of patterns over its input; a sentence with no digit and no calendar word
    // cannot hold a date, and skipping it halves the cost of this stage on long articles.
    if (!mayHoldDate(doc, s, keywords)) continue;
    for (const [offset, text] of chunks(s)) {
      for (const r of parser.parse(text, refDate) as ParsingResult[]) {
        const m = toMention(r, offset, s.index, doc.language, pub !== null);
        if (m) out.push(m);
      }
    }
  }
  return out;
}

/** Folded words whose presence lets a sentence through to chrono: every calendar word of the language. */
function sentenceKeywords(lang: LangCode): ReadonlySet<string> {
  return memoize(`dates.keywords.${lang}`, () => {
    const d = langData<DatesData & { sentenceKeywords?: string[] }>(lang, 'dates');
    const single = new Set<string>();
    const several: string[][] = [];
    const collect = (forms: readonly string[]): void => {
      for (const f of forms) {
        const ws = fold(f)
          .split(/[^\p{L}'-]+/u)
          .filter((w) => w.length > 0);
        if (ws.length === 1) single.add(ws[0] as string);
        else if (ws.length > 1) several.push(ws);
      }
    };
    collect(Object.keys(d.weekdays));
    const months = Object.keys(d.months).map((m) => fold(m.replace(/\.$/, '')));
    collect(months);
    // "this", "ce", "cette" date nothing alone: every pattern that reads them also needs a unit,
    // weekday, month or time word, which lets the sentence through itself. "last"/"past" stay, for
    // chrono's "past 24 hours". Edge words ("the middle of", "fin") only narrow a month or a year,
    // whose name or digits let the sentence through.
    collect([...d.lastWords, ...d.nextWords, ...Object.keys(d.units), ...d.weekendForms, ...d.nightWords, ...d.nightPrefixes]);
    collect(d.recent.map((r) => r.form));
    collect(d.sentenceKeywords ?? []);
    // A sentence holding a several-word form holds each of its words, so one word per form lets it
    // through: none when a word is a keyword already ("during the night"), else the longest (the
    // last on ties). Taking every word let "the", "de" and "la" pass every sentence.
    const words = new Set(single);
    for (const ws of several) {
      if (ws.some((w) => single.has(w))) continue;
      let longest = '';
      for (const w of ws) if (w.length >= longest.length) longest = w;
      words.add(longest);
    }
    // Lower-case month names ("may", "march") stay: chrono's readings of them are sometimes wrong,
    // but events kept for such a date are real often enough that dropping them lowered ACLED scores.
    return words;
  });
}

/** Numbers that can be part of a date by themselves: years 1000-2199 and numeric dates. */
const DATE_NUMBER = /^(?:1\d{3}|20\d{2}|21\d{2}|\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?)$/;

function mayHoldDate(doc: Doc, s: Sentence, keywords: ReadonlySet<string>): boolean {
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const t = doc.tokens[i] as Doc['tokens'][number];
    if (keywords.has(t.norm)) return true;
    // Hyphenated words hold a calendar word inside ("mid-September", "mi-mars", "pré-été").
    if (t.kind === 'word' && t.norm.includes('-') && t.norm.split('-').some((w) => keywords.has(w) || keywords.has(`${w}-`))) return true;
    // A bare count ("27 people") is no date; a year, a numeric date ("12/05", "3.5.2020") or a
    // number glued to letters ("1er", "2nd") may be.
    if (t.kind === 'number' && DATE_NUMBER.test(t.text)) return true;
    if (t.kind === 'word' && /\d/.test(t.norm)) return true;
    if (t.kind === 'number' && i + 1 < s.tokenEnd && /^[/.-]$/.test((doc.tokens[i + 1] as Doc['tokens'][number]).text)) return true;
  }
  return false;
}

function chunks(s: Sentence): [number, string][] {
  const out: [number, string][] = [];
  let pos = 0;
  while (pos < s.text.length) {
    let end = Math.min(s.text.length, pos + MAX_CHUNK);
    if (end < s.text.length) {
      const ws = s.text.lastIndexOf(' ', end);
      if (ws > pos + MAX_CHUNK / 2) end = ws;
    }
    out.push([s.start + pos, s.text.slice(pos, end)]);
    pos = end;
  }
  return out;
}

function isRelative(r: ParsingResult): boolean {
  const tags = r.tags();
  if (tags.has(`${TAG}/relative`)) return true;
  if (!r.start.isCertain('year')) return true;
  for (const t of tags) if (t.startsWith('casualReference/') || t === 'result/relativeDate') return true;
  return false;
}

function ymdOf(c: ParsingResult['start']): Ymd | null {
  const y = c.get('year');
  const m = c.get('month');
  const d = c.get('day');
  if (y === null || m === null || d === null) return null;
  return { y, m, d };
}

function toMention(r: ParsingResult, offset: number, sentence: number, lang: LangCode, hasRef: boolean): DateMention | null {
  if (!hasRef && isRelative(r)) return null;
  let precision: DatePrecision | null = precisionOf(r);
  let start: Ymd | null = null;
  let end: Ymd | null = null;
  const s = ymdOf(r.start);
  if (s === null) return null;
  if (precision !== null) {
    start = s;
    end = r.end ? ymdOf(r.end) : s;
  } else if (r.start.isCertain('day')) {
    precision = 'day';
    start = s;
    end = r.end && r.end.isCertain('day') ? ymdOf(r.end) : s;
  } else if (r.start.isCertain('month')) {
    precision = 'month';
    start = { y: s.y, m: s.m, d: 1 };
    const e = r.end && r.end.isCertain('month') ? ymdOf(r.end) : s;
    end = e ? { y: e.y, m: e.m, d: daysInMonth(e.y, e.m) } : null;
  } else if (r.start.isCertain('year')) {
    precision = 'year';
    start = { y: s.y, m: 1, d: 1 };
    const e = r.end && r.end.isCertain('year') ? ymdOf(r.end) : s;
    end = e ? { y: e.y, m: 12, d: 31 } : null;
  } else {
    // Times alone ("à 14 h", "ce soir") only restate the reference day.
    return null;
  }
  if (end === null || !isValidYmd(start) || !isValidYmd(end)) return null;
  if (compareYmd(end, start) < 0) end = start;
  // chrono keeps a trailing comma or bracket in some matches ("Mercredi,"); the mention is the words.
  const text = r.text.replace(/[\s,;:()]+$/u, '');
  return {
    start: offset + r.index,
    end: offset + r.index + text.length,
    text,
    rule: ruleOf(r) ?? `chrono.${lang}`,
    sentence,
    startDate: isoDay(start),
    endDate: isoDay(end),
    precision,
  };
}

/** Pipeline stage: fills `doc.dates`. */
export const datesStage: Stage = {
  name: 'dates',
  requires: ['tokens', 'language', 'published'],
  provides: ['dates'],
  run(doc: Doc): Doc {
    return { ...doc, dates: findDates(doc) };
  },
};
