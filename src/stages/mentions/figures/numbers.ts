/**
 * Cardinal numbers: digits ("14 000", "1,200", "1,5 million"), number words ("vingt-trois", "trois
 * cents", "two hundred and fifty"), approximate nouns ("une dizaine", "a dozen"), vague plurals
 * ("des dizaines", "hundreds"), qualifiers ("au moins", "nearly") and ranges ("entre 10 et 15",
 * "20-30"). Every number also gets a role when its context makes it something other than a count of
 * people or things (a year, a percentage, money, a duration or age, a measure, part of a date, a
 * label such as "brigade 41"); the role is the last part of the rule id.
 *
 * Conventions: a vague plural of a unit U ("des dizaines", "dozens", "hundreds") has low = 2U,
 * high = 10U - 1, value = low, qualifier approx; "une dizaine" / "a dozen" is approx U; a range has
 * value = low and qualifier approx unless a qualifier says otherwise; "plusieurs"/"several" alone
 * give no number.
 */

import type { CountQualifier, Doc, LangCode, NumberMention, Token } from '../../../core/types.js';
import { langData, memoize } from '../../../core/data.js';
import { PhraseMatcher } from '../../../core/phrase-matcher.js';
import { fold, parseNumberToken, type TokenizerData } from '../../../core/text.js';

/** Contents of `lang/<code>/numbers.json`. */
export interface NumbersData {
  source?: string;
  words: Record<string, number>;
  articles: string[];
  connectors: string[];
  approxNouns: Record<string, number>;
  vagueNouns: Record<string, number>;
  vagueDeterminers: string[];
  vagueOf: string[];
  qualifiers: Record<string, CountQualifier>;
  rangeStarts: Record<string, string[]>;
  rangeJoiners: string[];
  roles: {
    percentAfter: string[];
    moneyBefore: string[];
    moneyAfter: string[];
    durationAfter: string[];
    measureAfter: string[];
    ageBefore: string[];
    ordinalSuffixes: string[];
    notCountBefore: string[];
  };
}

/** Number forms that count things; any other rule suffix is a role that is not a count. */
export const CARDINAL_FORMS = ['digits', 'words', 'approx', 'vague', 'range'] as const;

/** True when a number mention is a plain cardinal that may be a count (not a year, %, money...). */
export function isCountable(n: NumberMention): boolean {
  const form = n.rule.slice(n.rule.lastIndexOf('.') + 1);
  return (CARDINAL_FORMS as readonly string[]).includes(form) && !n.yearLike;
}

interface Compiled {
  data: NumbersData;
  words: Map<string, number>;
  maxWordParts: number;
  qualifiers: PhraseMatcher<CountQualifier>;
  roleAfter: PhraseMatcher<string>;
  roleBefore: PhraseMatcher<string>;
  months: Set<string>;
  notYearAfter: Set<string>;
  /** Every word a number can open with, bar hyphenated compounds: most words are none of them. */
  starters: Set<string>;
}

interface DatesWords {
  months: Record<string, number>;
  notYearAfter: string[];
}

function compile(lang: LangCode): Compiled {
  return memoize(`figures.numbers.${lang}`, () => {
    const data = langData<NumbersData>(lang, 'numbers');
    const seg = langData<TokenizerData>(lang, 'segment');
    const dates = langData<DatesWords>(lang, 'dates');
    const words = new Map(Object.entries(data.words).map(([k, v]) => [fold(k), v]));
    const qualifiers = new PhraseMatcher<CountQualifier>(seg);
    for (const [form, q] of Object.entries(data.qualifiers)) qualifiers.add(form, q);
    const roleAfter = new PhraseMatcher<string>(seg);
    const r = data.roles;
    for (const f of r.percentAfter) roleAfter.add(f, 'percent');
    for (const f of r.moneyAfter) roleAfter.add(f, 'money');
    for (const f of r.durationAfter) roleAfter.add(f, 'duration');
    for (const f of r.measureAfter) roleAfter.add(f, 'measure');
    const roleBefore = new PhraseMatcher<string>(seg);
    for (const f of r.moneyBefore) roleBefore.add(f, 'money');
    for (const f of r.ageBefore) roleBefore.add(f, 'age');
    for (const f of r.notCountBefore) roleBefore.add(f, 'label');
    const months = new Set(Object.keys(dates.months).map((m) => fold(m).replace(/\.$/, '')));
    return {
      data,
      words,
      maxWordParts: Math.max(...[...words.keys()].map((k) => k.split('-').length)),
      qualifiers,
      roleAfter,
      roleBefore,
      months,
      notYearAfter: new Set(dates.notYearAfter.map(fold)),
      starters: new Set([...words.keys(), ...Object.keys(data.approxNouns), ...Object.keys(data.vagueNouns), ...data.vagueDeterminers, ...data.articles]),
    };
  });
}

/** Values of the parts of one word token ("quatre-vingt-dix-sept" → [90, 7]), or null. */
function wordParts(c: Compiled, norm: string): number[] | null {
  const whole = c.words.get(norm);
  if (whole !== undefined) return [whole];
  if (!norm.includes('-')) return null;
  const parts = norm.split('-');
  const out: number[] = [];
  let i = 0;
  while (i < parts.length) {
    let found = false;
    for (let len = Math.min(c.maxWordParts, parts.length - i); len >= 1; len--) {
      const v = c.words.get(parts.slice(i, i + len).join('-'));
      if (v !== undefined) {
        out.push(v);
        i += len;
        found = true;
        break;
      }
    }
    if (!found) return null;
  }
  return out;
}

/** Composes part values: units add, "cent" multiplies what precedes, thousands and up close a group. */
function compose(parts: number[]): number {
  let total = 0;
  let current = 0;
  for (const v of parts) {
    if (v === 100) current = (current || 1) * 100;
    else if (v >= 1000) {
      total += (current || 1) * v;
      current = 0;
    } else current += v;
  }
  return total + current;
}

interface Parsed {
  first: number;
  /** Token index past the number. */
  last: number;
  value: number;
  form: 'digits' | 'words' | 'approx' | 'vague';
  qualifier: CountQualifier;
  low: number | null;
  high: number | null;
}

/** Parses a number starting at token i (digits or words), or null. */
function parseAt(c: Compiled, tokens: readonly Token[], i: number, end: number, lang: string): Parsed | null {
  const t = tokens[i];
  if (!t) return null;
  const d = c.data;
  if (t.kind === 'number') {
    const v = parseNumberToken(t.text, lang);
    if (v === null) return null;
    let j = i + 1;
    // "1,5 million", "14 millions": scale words multiply.
    let value = v;
    while (j < end) {
      const n = tokens[j] as Token;
      const sv = n.kind === 'word' ? c.words.get(n.norm) : undefined;
      if (sv === undefined || sv < 1000) break;
      value *= sv;
      j++;
    }
    return { first: i, last: j, value, form: 'digits', qualifier: 'exact', low: null, high: null };
  }
  if (t.kind !== 'word') return null;
  if (!c.starters.has(t.norm) && !t.norm.includes('-')) return null;
  const approxUnit = Object.hasOwn(d.approxNouns, t.norm) ? d.approxNouns[t.norm] : undefined;
  if (approxUnit !== undefined) {
    const prev = tokens[i - 1];
    const withArticle = prev !== undefined && prev.sentence === t.sentence && d.articles.includes(prev.norm);
    return { first: withArticle ? i - 1 : i, last: i + 1, value: approxUnit, form: 'approx', qualifier: 'approx', low: null, high: null };
  }
  const vagueUnit = Object.hasOwn(d.vagueNouns, t.norm) ? d.vagueNouns[t.norm] : undefined;
  if (vagueUnit !== undefined) return vague(c, tokens, i, i + 1, end, vagueUnit);
  // "several hundred": a vague determiner before a bare scale word.
  if (d.vagueDeterminers.includes(t.norm)) {
    const n = tokens[i + 1];
    const sv = n && i + 1 < end ? c.words.get(n.norm) : undefined;
    if (sv !== undefined && sv >= 100) return vague(c, tokens, i, i + 2, end, sv);
    return null;
  }
  const parts: number[] = [];
  let j = i;
  // An article counts as "one" only before a scale word: "a hundred", "un million".
  if (d.articles.includes(t.norm)) {
    const n = tokens[i + 1];
    const sv = n && i + 1 < end ? c.words.get(n.norm) : undefined;
    if (sv === undefined || sv < 100) return null;
    parts.push(1);
    j = i + 1;
  }
  while (j < end) {
    const n = tokens[j] as Token;
    if (n.kind !== 'word') break;
    const p = wordParts(c, n.norm);
    if (p !== null) {
      // A lone article-like "un"/"une" is not a number by itself.
      parts.push(...p);
      j++;
      continue;
    }
    if (parts.length > 0 && d.connectors.includes(n.norm)) {
      const after = tokens[j + 1];
      if (after && j + 1 < end && after.kind === 'word' && wordParts(c, after.norm) !== null) {
        j++;
        continue;
      }
    }
    break;
  }
  if (parts.length === 0) return null;
  if (j === i + 1 && d.articles.includes(t.norm)) return null;
  return { first: i, last: j, value: compose(parts), form: 'words', qualifier: 'exact', low: null, high: null };
}

function vague(c: Compiled, tokens: readonly Token[], first: number, last: number, end: number, unit: number): Parsed {
  const d = c.data;
  let u = unit;
  let l = last;
  // "des dizaines de milliers", "hundreds of thousands".
  const of = tokens[l];
  const scale = tokens[l + 1];
  if (of && scale && l + 1 < end && d.vagueOf.includes(of.norm)) {
    const sv = d.vagueNouns[scale.norm] ?? c.words.get(scale.norm);
    if (sv !== undefined && sv >= 1000) {
      u *= sv;
      l += 2;
    }
  }
  const prev = tokens[first - 1];
  const f = prev && prev.sentence === tokens[first]?.sentence && d.vagueDeterminers.includes(prev.norm) ? first - 1 : first;
  return { first: f, last: l, value: 2 * u, form: 'vague', qualifier: 'approx', low: 2 * u, high: 10 * u - 1 };
}

/** A phrase of the matcher ending exactly before token i (within the sentence range). */
function phraseEndingAt<T>(m: PhraseMatcher<T>, tokens: readonly Token[], i: number, from: number): { entry: T; first: number } | null {
  for (let k = 1; k <= 5 && i - k >= from; k++) {
    for (const hit of m.matchAt(tokens, i - k)) if (hit.last === i) return { entry: hit.entry, first: hit.first };
  }
  return null;
}

/** Finds every cardinal number of the document, with qualifiers, ranges and roles. */
export function findNumbers(doc: Doc): NumberMention[] {
  if (doc.language === null) return [];
  const lang = doc.language;
  const c = compile(lang);
  const out: NumberMention[] = [];
  const tokens = doc.tokens;
  for (const s of doc.sentences) {
    let i = s.tokenStart;
    while (i < s.tokenEnd) {
      const p = parseAt(c, tokens, i, s.tokenEnd, lang);
      if (!p) {
        i++;
        continue;
      }
      const m = finish(c, doc, p, s.tokenStart, s.tokenEnd, lang);
      if (m) out.push(m.mention);
      i = Math.max(m ? m.next : p.last, i + 1);
    }
  }
  return out;
}

function finish(
  c: Compiled,
  doc: Doc,
  p: Parsed,
  from: number,
  to: number,
  lang: string,
): { mention: NumberMention; next: number } | null {
  const tokens = doc.tokens;
  const d = c.data;
  const firstTok = tokens[p.first] as Token;
  const numTok = tokens[p.last - 1] as Token;
  // Glued letters: "35e", "1er" are ordinals (not cardinals at all); "82mm" is a measure.
  const glued = tokens[p.last];
  let role: string | null = null;
  if (p.form === 'digits' && glued && glued.start === numTok.end && glued.kind === 'word') {
    if (d.roles.ordinalSuffixes.includes(glued.norm)) return null;
    role = 'measure';
  }
  // "M23", "F16": digits glued to letters are part of a name.
  const lead = tokens[p.first - 1];
  if (p.form === 'digits' && lead && lead.kind === 'word' && lead.end === firstTok.start) return null;
  // "1937-38", "4 -5": the second half of a span already read as one number.
  const dash = tokens[p.first - 1];
  const beforeDash = tokens[p.first - 2];
  if (dash && beforeDash && p.first - 2 >= from && dash.norm === '-' && dash.end === firstTok.start && beforeDash.kind === 'number') return null;
  let first = p.first;
  let last = p.last;
  let qualifier = p.qualifier;
  let low = p.low;
  let high = p.high;
  const value = p.value;
  let form: string = p.form;
  // Range: "20-30", "10 à 15", "entre 10 et 15", "between five and 23".
  const before = tokens[first - 1];
  const startWord = before && first - 1 >= from ? d.rangeStarts[before.norm] : undefined;
  const joiner = tokens[last];
  if (joiner && last < to && (d.rangeJoiners.includes(joiner.norm) || (startWord?.includes(joiner.norm) ?? false))) {
    const q = parseAt(c, tokens, last + 1, to, lang);
    if (q && q.value > value && (p.form === 'digits' || p.form === 'words')) {
      low = value;
      high = q.value;
      last = q.last;
      form = 'range';
      qualifier = 'approx';
      if (startWord) first -= 1;
    }
  }
  const qual = phraseEndingAt(c.qualifiers, tokens, first, from);
  if (qual) {
    qualifier = qual.entry;
    first = qual.first;
  }
  const lastTok = tokens[last - 1] as Token;
  // Roles from the words around the number.
  if (role === null) {
    const after = tokens[last];
    if (after && last < to) {
      const hits = c.roleAfter.matchAt(tokens, last);
      const hyphenHits = after.norm === '-' ? c.roleAfter.matchAt(tokens, last + 1) : [];
      if (hits[0]) role = hits[0].entry;
      else if (hyphenHits[0]?.entry === 'duration') role = 'duration';
      else if (c.months.has(after.norm) || (after.norm === 'er' && c.months.has(tokens[last + 1]?.norm ?? ''))) role = 'date';
    }
  }
  if (role === null) {
    const prevHit = phraseEndingAt(c.roleBefore, tokens, p.first, from);
    if (prevHit) role = prevHit.entry;
    const prev = tokens[p.first - 1];
    if (role === null && prev && p.first - 1 >= from && c.months.has(prev.norm)) role = 'date';
  }
  if (role === null && doc.dates.some((dm) => dm.start < lastTok.end && firstTok.start < dm.end && dm.precision === 'day')) role = 'date';
  // Four-digit numbers in the calendar range are years unless a count noun follows ("2016 morts").
  const yearLike =
    (role === null || role === 'date') &&
    p.form === 'digits' &&
    form === 'digits' &&
    /^\d{4}$/.test(numTok.text) &&
    value >= 1900 &&
    value <= 2099 &&
    !c.notYearAfter.has(tokens[last]?.norm ?? '');
  if (yearLike && role === null) role = 'year';
  const startTok = tokens[first] as Token;
  return {
    mention: {
      start: startTok.start,
      end: lastTok.end,
      text: doc.text.slice(startTok.start, lastTok.end),
      rule: `${lang}.number.${role ?? form}`,
      sentence: startTok.sentence,
      value,
      qualifier,
      low,
      high,
      yearLike,
    },
    next: last,
  };
}
