/**
 * sitrep's chrono extensions. Parsers propose dates chrono does not know (bare years, month names
 * with a preposition, week-ends, "la semaine dernière", "ces derniers jours", "dans la nuit de samedi
 * à dimanche"); refiners fix what chrono proposes with news conventions (a bare weekday is in the
 * past, "depuis X" runs to publication, "en 5 ans" is a duration). Every word comes from
 * `lang/<code>/dates.json`.
 */

import type { Parser, ParsingContext, ParsingResult, Refiner } from 'chrono-node';
import { fold } from '../../../core/text.js';
import type { DatePrecision } from '../../../core/types.js';
import { addDays, compareYmd, daysInMonth, isValidYmd, mondayOf, nextWeekday, previousWeekday, weekday, type Ymd } from './calendar.js';
import { LB, RB, alt, altWithTrail } from './patterns.js';

/** Contents of `lang/<code>/dates.json`. */
export interface DatesData {
  source?: string;
  /** chrono-node locale module name (fr, en, es, ...). */
  chronoLocale: string;
  /**
   * Per chrono parser (by class name), a pattern the folded text must contain for that parser to be
   * able to match at all: a literal the parser's own pattern requires ("ago", a digit, a month
   * prefix). A parser is skipped on text without it, which changes nothing it finds.
   */
  chronoParserHints?: Record<string, string>;
  /** Month names need a capital letter (English "May" versus the modal "may"). */
  monthsRequireCapital: boolean;
  weekdays: Record<string, number>;
  months: Record<string, number>;
  lastWords: string[];
  nextWords: string[];
  thisWords: string[];
  determiners: string[];
  sinceWords: string[];
  /** Rule-name suffix for "since" intervals (fr: "depuis"). */
  sinceRule?: string;
  durationPrefixes: string[];
  /** "5 years later": relative to the story, not to publication. */
  durationSuffixes: string[];
  weekendForms: string[];
  units: Record<string, 'week' | 'month' | 'year'>;
  thisSuffixes: string[];
  monthPrepositions: string[];
  yearPrepositions: string[];
  edges: Record<string, 'early' | 'mid' | 'late'>;
  recent: { form: string; days: number }[];
  nightPrefixes: string[];
  /** Night words before a day range ("overnight between 24 and 25 March"). */
  nightWords: string[];
  betweenWords: string[];
  andWords: string[];
  /** Ordinal endings after a day number ("1er", "3rd"). */
  ordinalSuffixes: string[];
  /** Articles before a day number ("entre le 24 et le 25"). */
  dayDeterminers: string[];
  rangeJoiners: string[];
  notYearAfter: string[];
  quantityBefore: string[];
}

/** Tag prefix carried by every result a sitrep parser or refiner produced or changed. */
export const TAG = 'sitrep';

// chrono tags are an append-only set on the start components, so the latest tag of a kind wins.
function lastTag(r: ParsingResult, kind: string): string | null {
  let found: string | null = null;
  const prefix = `${TAG}/${kind}/`;
  for (const t of r.start.tags()) if (t.startsWith(prefix)) found = t.slice(prefix.length);
  return found;
}

/** Reads the rule id recorded on a result, if a sitrep parser/refiner set one. */
export function ruleOf(r: ParsingResult): string | null {
  return lastTag(r, 'rule');
}

/** Reads the precision recorded on a result by a sitrep parser, if any. */
export function precisionOf(r: ParsingResult): DatePrecision | null {
  return lastTag(r, 'precision') as DatePrecision | null;
}

/** The reference day of a parse: chrono gets a local-noon Date built from the publication day. */
export function refYmd(ctx: ParsingContext): Ymd {
  const d = ctx.refDate;
  return { y: d.getFullYear(), m: d.getMonth() + 1, d: d.getDate() };
}

function setTag(r: ParsingResult, kind: 'rule' | 'precision', value: string): void {
  r.start.addTag(`${TAG}/${kind}/${value}`);
}

function interval(
  ctx: ParsingContext,
  index: number,
  text: string,
  start: Ymd,
  end: Ymd,
  precision: DatePrecision,
  rule: string,
  relative: boolean,
): ParsingResult {
  const r = ctx.createParsingResult(index, text, { year: start.y, month: start.m, day: start.d }, { year: end.y, month: end.m, day: end.d });
  r.addTag(TAG);
  setTag(r, 'rule', rule);
  setTag(r, 'precision', precision);
  if (relative) r.addTag(`${TAG}/relative`);
  return r;
}

function lookup<V>(dict: Record<string, V>, raw: string | undefined): V | undefined {
  if (raw === undefined) return undefined;
  const key = fold(raw).replace(/\s+/g, ' ').replace(/[\s]+$/, '').trim();
  return Object.hasOwn(dict, key) ? dict[key] : undefined;
}

function modifierOf(data: DatesData, raw: string | undefined): 'last' | 'next' | 'this' | null {
  if (raw === undefined) return null;
  const k = fold(raw).trim();
  if (data.lastWords.includes(k)) return 'last';
  if (data.nextWords.includes(k)) return 'next';
  if (data.thisWords.includes(k)) return 'this';
  return null;
}

function toSet(list: readonly string[]): Record<string, true> {
  const out: Record<string, true> = {};
  for (const f of list) out[f] = true;
  return out;
}

/** Month interval, narrowed to a third of the month by "début/mi/fin". */
function monthInterval(y: number, m: number, edge: 'early' | 'mid' | 'late' | undefined): [Ymd, Ymd] {
  const last = daysInMonth(y, m);
  if (edge === 'early') return [{ y, m, d: 1 }, { y, m, d: 10 }];
  if (edge === 'mid') return [{ y, m, d: 11 }, { y, m, d: 20 }];
  if (edge === 'late') return [{ y, m, d: 21 }, { y, m, d: last }];
  return [{ y, m, d: 1 }, { y, m, d: last }];
}

/** Year interval, narrowed to a third of the year by "début/mi/fin". */
function yearInterval(y: number, edge: 'early' | 'mid' | 'late' | undefined): [Ymd, Ymd] {
  if (edge === 'early') return [{ y, m: 1, d: 1 }, { y, m: 4, d: 30 }];
  if (edge === 'mid') return [{ y, m: 5, d: 1 }, { y, m: 8, d: 31 }];
  if (edge === 'late') return [{ y, m: 9, d: 1 }, { y, m: 12, d: 31 }];
  return [{ y, m: 1, d: 1 }, { y, m: 12, d: 31 }];
}

function precedingOk(ctx: ParsingContext, index: number): boolean {
  // chrono re-runs a pattern from inside a failed match, where a look-behind sees no context.
  return index === 0 || !/[\p{L}\p{N}]/u.test(ctx.text[index - 1] ?? '');
}

/** Builds the sitrep chrono parsers for one language. */
export function buildParsers(lang: string, data: DatesData): Parser[] {
  const wd = alt(Object.keys(data.weekdays));
  const months = alt(Object.keys(data.months));
  const lastNext = alt([...data.lastWords, ...data.nextWords]);
  const pre = altWithTrail([...data.thisWords, ...data.lastWords, ...data.nextWords, ...data.determiners]);
  const edges = altWithTrail(Object.keys(data.edges));
  const notYearAfter = toSet(data.notYearAfter);
  const parsers: Parser[] = [];
  const hints = new Map<RegExp, RegExp>();

  // Week-end: the one just before (or at) publication unless "prochain/next".
  const weekendRe = new RegExp(`${LB}(?:(${pre}))?(${alt(data.weekendForms)})(?:\\s+(${lastNext}))?${RB}`, 'iu');
  parsers.push({
    pattern: () => weekendRe,
    extract: (ctx, m) => {
      if (!precedingOk(ctx, m.index ?? 0)) return null;
      const mod = modifierOf(data, m[3]) ?? modifierOf(data, m[1]?.trim());
      const ref = refYmd(ctx);
      const w = weekday(ref);
      let sat: Ymd;
      if (mod === 'next') sat = nextWeekday(ref, 6);
      else if (w === 6) sat = ref;
      else if (w === 0) sat = addDays(ref, -1);
      else sat = previousWeekday(ref, 6, false);
      if (mod === 'last' && (w === 6 || w === 0)) sat = addDays(sat, -7);
      return interval(ctx, m.index ?? 0, m[0], sat, addDays(sat, 1), 'week', `${lang}.date.weekend`, true);
    },
  });

  // "la semaine dernière", "cette année", "le mois prochain", "last week".
  const unitRe = new RegExp(
    `${LB}(?:(${pre}))?(?:(${lastNext})\\s+)?(${alt(Object.keys(data.units))})${data.thisSuffixes.length ? `(?:${alt(data.thisSuffixes)})?` : ''}(?:\\s+(${lastNext}))?${RB}`,
    'iu',
  );
  parsers.push({
    pattern: () => unitRe,
    extract: (ctx, m) => {
      if (!precedingOk(ctx, m.index ?? 0)) return null;
      const mod = modifierOf(data, m[4]) ?? modifierOf(data, m[2]) ?? modifierOf(data, m[1]?.trim());
      if (mod === null) return null;
      const unit = lookup(data.units, m[3]);
      if (unit === undefined) return null;
      const step = mod === 'last' ? -1 : mod === 'next' ? 1 : 0;
      const ref = refYmd(ctx);
      let s: Ymd;
      let e: Ymd;
      if (unit === 'week') {
        s = addDays(mondayOf(ref), 7 * step);
        e = addDays(s, 6);
      } else if (unit === 'month') {
        const idx = ref.y * 12 + (ref.m - 1) + step;
        [s, e] = monthInterval(Math.floor(idx / 12), (idx % 12) + 1, undefined);
      } else {
        [s, e] = yearInterval(ref.y + step, undefined);
      }
      return interval(ctx, m.index ?? 0, m[0], s, e, unit, `${lang}.date.relative-${unit}`, true);
    },
  });

  // "ces derniers jours": a window ending at publication.
  if (data.recent.length > 0) {
    const recentRe = new RegExp(`${LB}(${alt(data.recent.map((r) => r.form))})${RB}`, 'iu');
    hints.set(recentRe, wordsHint(data.recent.map((r) => r.form)));
    const byForm = new Map(data.recent.map((r) => [r.form, r.days]));
    parsers.push({
      pattern: () => recentRe,
      extract: (ctx, m) => {
        if (!precedingOk(ctx, m.index ?? 0)) return null;
        const days = byForm.get(fold(m[1] ?? '').replace(/\s+/g, ' '));
        if (days === undefined) return null;
        const ref = refYmd(ctx);
        const precision: DatePrecision = days <= 1 ? 'day' : days <= 14 ? 'week' : 'month';
        return interval(ctx, m.index ?? 0, m[0], addDays(ref, -days), ref, precision, `${lang}.date.recent`, true);
      },
    });
  }

  // "dans la nuit de samedi à dimanche": the night is dated by its first day.
  if (data.nightPrefixes.length > 0) {
    const nightRe = new RegExp(
      `${LB}(?:${altWithTrail(data.nightPrefixes)})(${wd})(?:\\s+(${lastNext}))?(?:\\s+(?:${alt(data.rangeJoiners)})\\s+(?:${wd}))?${RB}`,
      'iu',
    );
    hints.set(nightRe, wordsHint(data.nightPrefixes));
    parsers.push({
      pattern: () => nightRe,
      extract: (ctx, m) => {
        if (!precedingOk(ctx, m.index ?? 0)) return null;
        const day = lookup(data.weekdays, m[1]);
        if (day === undefined) return null;
        const ref = refYmd(ctx);
        const mod = modifierOf(data, m[2]);
        const d = mod === 'next' ? nextWeekday(ref, day) : previousWeekday(ref, day, mod !== 'last');
        return interval(ctx, m.index ?? 0, m[0], d, d, 'day', `${lang}.date.night`, true);
      },
    });
  }

  // Day ranges chrono does not join ("between 24 and 25 March 2020"); a night across two days
  // ("dans la nuit du 24 au 25 mars", "overnight between 24 and 25 March") is dated by its first day.
  const ord = data.ordinalSuffixes.length ? `(?:${alt(data.ordinalSuffixes)})?` : '';
  const dayDet = data.dayDeterminers.length ? `(?:${altWithTrail(data.dayDeterminers)})?` : '';
  const dayRangeRe = new RegExp(
    `${LB}(?:(${altWithTrail([...data.nightPrefixes, ...data.nightWords])}))?(?:(${altWithTrail(data.betweenWords)}))?${dayDet}(\\d{1,2})${ord}\\s+(?:${alt([...data.andWords, ...data.rangeJoiners])})\\s+${dayDet}(\\d{1,2})${ord}\\s+(${months})(?:\\s+(\\d{4}))?${RB}`,
    'iu',
  );
  parsers.push({
    pattern: () => dayRangeRe,
    extract: (ctx, m) => {
      if (!precedingOk(ctx, m.index ?? 0)) return null;
      const night = m[1] !== undefined;
      if (!night && m[2] === undefined) return null;
      const monthRaw = m[5] ?? '';
      const month = lookup(data.months, monthRaw);
      if (month === undefined) return null;
      if (data.monthsRequireCapital && !/^\p{Lu}/u.test(monthRaw)) return null;
      const ref = refYmd(ctx);
      const d1 = Number(m[3]);
      const d2 = Number(m[4]);
      const y = m[6] !== undefined ? Number(m[6]) : month <= ref.m || month - ref.m <= 3 ? ref.y : ref.y - 1;
      const s = { y, m: month, d: d1 };
      const e = { y, m: month, d: d2 };
      if (!isValidYmd(s) || !isValidYmd(e) || d2 < d1) return null;
      const rule = night ? `${lang}.date.night` : `${lang}.date.day-range`;
      return interval(ctx, m.index ?? 0, m[0], s, night ? s : e, 'day', rule, m[6] === undefined);
    },
  });

  // Month names without a day: need a preposition, an edge word, a year or "dernier/prochain",
  // since a bare "mars"/"May" is too often something else. A day number before the month is taken
  // in only with "dernier/prochain" ("le 6 mai dernier"), which chrono does not read.
  const monthRe = new RegExp(
    `${LB}(?:(${edges}))?(?:(${altWithTrail(data.monthPrepositions)}))?(?:(\\d{1,2})(?:er)?\\s+)?(${months})(?:\\s+(\\d{4})${RB})?(?:\\s+(${lastNext})${RB})?(?![\\p{L}\\p{N}])`,
    'iu',
  );
  parsers.push({
    pattern: () => monthRe,
    extract: (ctx, m) => {
      if (!precedingOk(ctx, m.index ?? 0)) return null;
      const monthRaw = m[4] ?? '';
      const month = lookup(data.months, monthRaw);
      if (month === undefined) return null;
      if (data.monthsRequireCapital && !/^\p{Lu}/u.test(monthRaw)) return null;
      const edge = lookup(data.edges, m[1]);
      const mod = modifierOf(data, m[6]);
      const day = m[3] !== undefined ? Number(m[3]) : null;
      if (day !== null && mod === null) return null;
      if (m[1] === undefined && m[2] === undefined && m[5] === undefined && mod === null) return null;
      const ref = refYmd(ctx);
      let y: number;
      let relative = false;
      if (m[5] !== undefined) y = Number(m[5]);
      else {
        relative = true;
        const cmp = day === null ? month - ref.m : compareYmd({ y: ref.y, m: month, d: day }, ref);
        if (mod === 'next') y = cmp > 0 ? ref.y : ref.y + 1;
        else if (mod === 'last') y = cmp < 0 ? ref.y : ref.y - 1;
        // News speak mostly of the past; a month within the next quarter is the coming one.
        else y = cmp <= 0 || month - ref.m <= 3 ? ref.y : ref.y - 1;
      }
      if (day !== null) {
        const d = { y, m: month, d: day };
        if (!isValidYmd(d)) return null;
        return interval(ctx, m.index ?? 0, m[0], d, d, 'day', `${lang}.date.day-${mod}`, relative);
      }
      const [s, e] = monthInterval(y, month, edge);
      return interval(ctx, m.index ?? 0, m[0], s, e, 'month', `${lang}.date.${edge ? 'month-edge' : 'month'}`, relative);
    },
  });

  // Years: "en 2016", "de 2011", "début 2024", and bare 4-digit years when the context does not
  // make them a count ("2016 morts") or a quantity ("plus de 2000").
  const yearRe = new RegExp(`${LB}(?:(${edges}))?(?:(${altWithTrail(data.yearPrepositions)}))?(\\d{4})(?![\\p{N}]|[.,]\\p{N})`, 'iu');
  const quantityBefore = new RegExp(`(?:^|[^\\p{L}])(?:${alt(data.quantityBefore)})\\s*$`, 'iu');
  parsers.push({
    pattern: () => yearRe,
    extract: (ctx, m) => {
      const index = m.index ?? 0;
      if (!precedingOk(ctx, index)) return null;
      const y = Number(m[3]);
      const cued = m[1] !== undefined || m[2] !== undefined;
      if (cued ? y < 1000 || y > 2199 : y < 1900 || y > 2099) return null;
      const numStart = index + m[0].length - 4;
      const before = ctx.text.slice(Math.max(0, numStart - 24), numStart);
      if (quantityBefore.test(before)) return null;
      // Numbers grouped "2 016" or chained "1 2016" are not years.
      if (/\d[\s\u00a0\u202f]$/.test(before)) return null;
      const after = ctx.text.slice(index + m[0].length, index + m[0].length + 30);
      const next = /^[\s\u00a0\u202f]*([\p{L}%][\p{L}\p{M}'-]*|%)/u.exec(after);
      if (next && notYearAfter[fold(next[1] ?? '')]) return null;
      if (/^\s*[:h]\s*\d/u.test(after)) return null;
      const edge = lookup(data.edges, m[1]);
      const [s, e] = yearInterval(y, edge);
      return interval(ctx, index, m[0], s, e, 'year', `${lang}.date.${edge ? 'year-edge' : 'year'}`, false);
    },
  });

  // Each pattern runs over every sentence chrono sees, and these accent-insensitive patterns are
  // costly to scan. A pattern cannot match a sentence lacking every word (or digit) it is built on,
  // so a cheap test on the folded sentence skips it there; what is found does not change.
  hints.set(weekendRe, wordsHint(data.weekendForms));
  hints.set(unitRe, wordsHint(Object.keys(data.units)));
  hints.set(dayRangeRe, /\d/);
  hints.set(monthRe, wordsHint(Object.keys(data.months)));
  hints.set(yearRe, /\d{4}/);
  return parsers.map((p) => {
    const re = p.pattern(undefined as unknown as ParsingContext);
    const hint = re instanceof RegExp ? hints.get(re) : undefined;
    return hint ? hinted(p, hint) : p;
  });
}

/** A parser that runs only on text whose folded form the hint finds: elsewhere it cannot match. */
function hinted(p: Parser, hint: RegExp): Parser {
  return { pattern: (ctx: ParsingContext) => (hint.test(foldedText(ctx)) ? p.pattern(ctx) : NEVER), extract: (ctx: ParsingContext, m: RegExpMatchArray) => p.extract(ctx, m) };
}

/**
 * Wraps chrono's own parsers with the language's hints ({@link DatesData.chronoParserHints}), so a
 * parser whose required words are absent does not scan the text. Parsers without a hint are kept as
 * they are.
 */
export function hintChronoParsers(parsers: readonly Parser[], hints: Record<string, string> | undefined): Parser[] {
  if (hints === undefined) return [...parsers];
  return parsers.map((p) => {
    const name = (p as object).constructor.name;
    const source = Object.hasOwn(hints, name) ? hints[name] : undefined;
    return source === undefined ? p : hinted(p, new RegExp(source));
  });
}

/** A pattern that fails at once: sticky, at index 0 only. */
const NEVER = /(?!)/y;

const foldCache = new WeakMap<ParsingContext, string>();

/** The folded text of a chrono context, computed once per parse. */
function foldedText(ctx: ParsingContext): string {
  let f = foldCache.get(ctx);
  if (f === undefined) {
    f = fold(ctx.text);
    foldCache.set(ctx, f);
  }
  return f;
}

/** A test for any word of a list in folded text: the first word of each form, trailing dots dropped. */
function wordsHint(forms: readonly string[]): RegExp {
  const words = new Set<string>();
  for (const f of forms) {
    const w = fold(f).trim().split(/[\s-]+/)[0]?.replace(/\.$/, '');
    if (w) words.add(w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  return words.size === 0 ? /(?!)/ : new RegExp([...words].join('|'));
}

/**
 * Prefers the longest proposal among overlapping ones; on ties sitrep's own proposal wins. Bare
 * numbers read as clock times ("20" in "20-30 women") go first: a time never changes the day, and
 * chrono would merge them into the preceding date.
 */
export function overlapRefiner(): Refiner {
  return {
    refine: (_ctx, all) => {
      const results = all.filter((r) => !(r.start.isOnlyTime() && !/\p{L}/u.test(r.text)));
      const ranked = [...results].sort(
        (a, b) => b.text.length - a.text.length || Number(b.tags().has(TAG)) - Number(a.tags().has(TAG)) || a.index - b.index,
      );
      const kept: ParsingResult[] = [];
      for (const r of ranked) {
        const overlaps = kept.some((k) => r.index < k.index + k.text.length && k.index < r.index + r.text.length);
        if (!overlaps) kept.push(r);
      }
      return kept.sort((a, b) => a.index - b.index);
    },
  };
}

/**
 * News convention for weekdays: a bare weekday is the most recent such day on or before the
 * publication day (same weekday as publication = publication day); "dernier/last" is strictly
 * before, "prochain/next" strictly after.
 */
export function weekdayRefiner(lang: string, data: DatesData): Refiner {
  const wdKeys = Object.keys(data.weekdays);
  return {
    refine: (ctx, results) => {
      const ref = refYmd(ctx);
      const drop = new Set<ParsingResult>();
      for (const r of results) {
        if (ruleOf(r) !== null) continue;
        if (!r.start.isOnlyWeekdayComponent()) continue;
        const wdNum = r.start.get('weekday');
        if (wdNum === null) continue;
        const words = fold(r.text).split(/[^\p{L}]+/u);
        const firstWd = words.findIndex((w) => wdKeys.includes(w));
        // chrono also reads "mer", "jeu", "mar" (sea, game, ...): only full weekday names count.
        if (firstWd < 0) {
          drop.add(r);
          continue;
        }
        const startWords = firstWd >= 0 ? words.slice(0, firstWd + 2) : words;
        const mod = startWords.some((w) => data.nextWords.includes(w)) ? 'next' : startWords.some((w) => data.lastWords.includes(w)) ? 'last' : null;
        const d = mod === 'next' ? nextWeekday(ref, wdNum) : previousWeekday(ref, wdNum, mod !== 'last');
        r.start.assign('year', d.y);
        r.start.assign('month', d.m);
        r.start.assign('day', d.d);
        r.addTag(TAG);
        setTag(r, 'rule', `${lang}.date.weekday-${mod ?? 'past'}`);
        setTag(r, 'precision', 'day');
        if (r.end && r.end.isOnlyWeekdayComponent()) {
          const endWd = r.end.get('weekday') ?? wdNum;
          const e = addDays(d, (endWd - wdNum + 7) % 7);
          r.end.assign('year', e.y);
          r.end.assign('month', e.m);
          r.end.assign('day', e.d);
        }
        r.addTag(`${TAG}/relative`);
      }
      return results.filter((r) => !drop.has(r));
    },
  };
}

/**
 * Drops chrono proposals that are not dates: durations ("en 5 ans", "for 3 days"), matches cut
 * inside a word (chrono's boundaries treat accented letters as non-word: "Lun|éville", "dans un
 * h|ôpital") and pieces of longer digit strings (phone numbers "03.29.88.43.12").
 */
export function durationRefiner(data: DatesData): Refiner {
  const re = new RegExp(`^(?:${alt(data.durationPrefixes)})\\s*[\\p{N}\\p{L}]`, 'iu');
  const suffix = new RegExp(`(?:${alt(data.durationSuffixes)})$`, 'iu');
  return {
    refine: (ctx, results) =>
      results.filter((r) => {
        if (r.tags().has(TAG) && ruleOf(r) !== null && !r.tags().has('result/relativeDate')) return true;
        if (r.tags().has('result/relativeDate') && (re.test(r.text) || suffix.test(r.text.trim()))) return false;
        const before = ctx.text.slice(Math.max(0, r.index - 2), r.index);
        const after = ctx.text.slice(r.index + r.text.length, r.index + r.text.length + 2);
        if (/\p{L}$/u.test(before) && /^\p{L}/u.test(r.text)) return false;
        if (/^\p{L}/u.test(after) && /\p{L}$/u.test(r.text)) return false;
        if (/^[./-]\d/.test(after) || (/\d[./-]$/.test(before) && /^\d/.test(r.text))) return false;
        return true;
      }),
  };
}

/**
 * chrono's final filters drop results made only of digits, which are exactly sitrep's bare years;
 * wrapped filters see only chrono's own proposals.
 */
export function shieldFromFilters(refiners: Refiner[]): Refiner[] {
  return refiners.map((ref) => {
    if (!/Filter$/.test(ref.constructor.name)) return ref;
    return {
      refine: (ctx, results) => {
        const ours = results.filter((r) => r.tags().has(TAG));
        const theirs = ref.refine(ctx, results.filter((r) => !r.tags().has(TAG)));
        return [...ours, ...theirs].sort((a, b) => a.index - b.index);
      },
    };
  });
}

/**
 * "depuis mercredi dernier" / "since Wednesday": the mention grows to include the cue and, for day
 * and week dates, becomes an interval running to the publication day. "depuis 2016" keeps its year
 * (the reference point of a long span is what events need).
 */
export function sinceRefiner(lang: string, data: DatesData): Refiner {
  const re = new RegExp(`(?:^|[^\\p{L}\\p{N}])((?:${alt(data.sinceWords)})(?:\\s+(?:${alt(data.determiners)}))?\\s*)$`, 'iu');
  const ruleName = `${lang}.date.${data.sinceRule ?? 'since'}`;
  return {
    refine: (ctx, results) => {
      const ref = refYmd(ctx);
      for (const r of results) {
        const before = ctx.text.slice(Math.max(0, r.index - 30), r.index);
        const m = re.exec(before);
        if (!m) continue;
        const cue = m[1] ?? '';
        r.index -= cue.length;
        r.text = ctx.text.slice(r.index, r.index + cue.length + r.text.length);
        r.addTag(`${TAG}/since`);
        const precision = precisionOf(r);
        const dayLike = precision === 'day' || precision === 'week' || (precision === null && r.start.isCertain('day'));
        if (!dayLike) continue;
        const s = { y: r.start.get('year') ?? ref.y, m: r.start.get('month') ?? 1, d: r.start.get('day') ?? 1 };
        if (compareYmd(s, ref) > 0) continue;
        r.end = ctx.createParsingComponents({ year: ref.y, month: ref.m, day: ref.d });
        r.addTag(TAG);
        setTag(r, 'rule', ruleName);
        setTag(r, 'precision', 'day');
      }
      return results;
    },
  };
}
