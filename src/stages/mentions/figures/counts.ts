/**
 * Casualty, displacement, arrest and abduction counts: a countable number plus the nearest cue
 * word of `lang/<code>/figures.json`, either after it ("255 personnes, pour la plupart des
 * militants, ont trouvé la mort", "3 fatalities") or before it ("killing three civilians", "bilan de
 * 30 morts"). "un civil tué" / "killed a civilian" count 1 (indefinite article + victim noun).
 *
 * Precision over recall, because the events stage sums counts: a figure in a subset clause
 * ("dont 50 civils", "(10 policemen and 9 civilians)") is not counted again, a cue that directly
 * governs the next figure ("killed 10") cannot also serve an earlier one, and a toll that repeats
 * figures already given ("2 fatalities" after "two men were killed") is dropped; a toll that
 * differs supersedes the detailed figures before it.
 */

import type { CountKind, CountMention, Doc, LangCode, NumberMention, Token } from '../../../core/types.js';
import { langData, memoize } from '../../../core/data.js';
import { PhraseMatcher, type PhraseMatch } from '../../../core/phrase-matcher.js';
import { fold, type TokenizerData } from '../../../core/text.js';
import { findNumbers, isCountable } from './numbers.js';

/** One cue entry of `lang/<code>/figures.json`. */
export interface CueEntry {
  id: string;
  kind: CountKind;
  position: 'after' | 'before' | 'both';
  /** true: an overall toll ("bilan de"); "summary": a restating figure ("fatalities coded as"). */
  total?: boolean | 'summary';
  forms: string[];
}

/** Contents of `lang/<code>/figures.json`. */
export interface FiguresData {
  source?: string;
  cues: CueEntry[];
  indefiniteArticles: string[];
  /** "killed the driver", "the man died": one victim, used only when nothing else gives that kind. */
  definiteArticles: string[];
  victimNouns: string[];
  /** Word endings that mark a person noun not in the list ("trafficker", "bystander"). */
  victimSuffixes: string[];
  /** Words with such an ending that are not persons ("under", "number"). */
  notVictims: string[];
  subsetCues: string[];
  stopTokens: string[];
  /** Tokens a "before" cue cannot reach across ("killed and 50 were missing"). */
  beforeBarriers: string[];
  /** Words an "after" cue cannot be reached across ("two vehicles, but ... fatalities"). */
  afterBarriers: string[];
  /** A figure followed by these is a part of a group named elsewhere ("one of the men who died"). */
  partitiveAfter: string[];
  /** "killing 1 soldier and 2 volunteers", "killed an imam and his son": the cue covers both. */
  coordinators: string[];
  possessives: string[];
}

interface Compiled {
  data: FiguresData;
  cues: PhraseMatcher<CueEntry>;
  victims: PhraseMatcher<true>;
  subset: PhraseMatcher<true>;
  articles: Set<string>;
  definites: Set<string>;
  suffixes: string[];
  notVictims: Set<string>;
  stops: Set<string>;
  barriers: Set<string>;
  coordinators: Set<string>;
  possessives: Set<string>;
  afterBarriers: PhraseMatcher<true>;
  partitive: PhraseMatcher<true>;
}

/**
 * A count plus how it states its figure: `toll` for an overall toll introduced by a toll word
 * ("bilan de 40 morts", "the death toll rose to 12"), `summary` for a figure stated on its own
 * ("3 fatalities.", "1 killed."), `part` otherwise.
 */
type Counted = CountMention & { total: 'toll' | 'summary' | 'part' };

/** Right-hand search window for a cue, in tokens outside parentheses. */
const AFTER_WINDOW = 10;
/** Left-hand search window (tokens between the cue and the figure). */
const BEFORE_WINDOW = 3;
/** Tokens allowed between an indefinite article and its victim noun ("a 48-year-old displaced person"). */
const NP_WINDOW = 5;
/** A toll refers back to figures given in the preceding sentences. */
const TOLL_SCOPE_SENTENCES = 5;

function compile(lang: LangCode): Compiled {
  return memoize(`figures.counts.${lang}`, () => {
    const data = langData<FiguresData>(lang, 'figures');
    const seg = langData<TokenizerData>(lang, 'segment');
    const cues = new PhraseMatcher<CueEntry>(seg);
    for (const e of data.cues) for (const f of e.forms) cues.add(f, e);
    const victims = new PhraseMatcher<true>(seg);
    for (const f of data.victimNouns) victims.add(f, true);
    const subset = new PhraseMatcher<true>(seg);
    for (const f of data.subsetCues) subset.add(f, true);
    const afterBarriers = new PhraseMatcher<true>(seg);
    for (const f of data.afterBarriers) afterBarriers.add(f, true);
    const partitive = new PhraseMatcher<true>(seg);
    for (const f of data.partitiveAfter) partitive.add(f, true);
    return {
      afterBarriers,
      partitive,
      data,
      cues,
      victims,
      subset,
      articles: new Set(data.indefiniteArticles.map(fold)),
      definites: new Set(data.definiteArticles.map(fold)),
      suffixes: data.victimSuffixes.map(fold),
      notVictims: new Set(data.notVictims.map(fold)),
      stops: new Set(data.stopTokens.map(fold)),
      barriers: new Set(data.beforeBarriers.map(fold)),
      coordinators: new Set(data.coordinators.map(fold)),
      possessives: new Set(data.possessives.map(fold)),
    };
  });
}

interface CueHit {
  entry: CueEntry;
  first: number;
  last: number;
}

const canFollow = (e: CueEntry): boolean => e.position !== 'before';
const canPrecede = (e: CueEntry): boolean => e.position !== 'after';

/** Cue matches starting at token i, longest first. */
function cuesAt(c: Compiled, tokens: readonly Token[], i: number): CueHit[] {
  return c.cues.matchAt(tokens, i).map((m: PhraseMatch<CueEntry>) => ({ entry: m.entry, first: m.first, last: m.last }));
}

/** Index of the first token at or after `start` (binary search over offsets). */
function tokenAt(tokens: readonly Token[], start: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((tokens[mid] as Token).start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Found {
  hit: CueHit;
  distance: number;
  side: 'after' | 'before';
}

/** Nearest cue after token `from` in the sentence, skipping parenthesised asides. */
function cueAfter(c: Compiled, tokens: readonly Token[], from: number, to: number, claimed: Set<number>): Found | null {
  let distance = 0;
  let depth = 0;
  for (let i = from; i < to && distance <= AFTER_WINDOW; i++) {
    const t = tokens[i] as Token;
    if (t.norm === '(' || t.norm === '[') {
      depth++;
      continue;
    }
    if (t.norm === ')' || t.norm === ']') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth > 0) continue;
    if (c.stops.has(t.norm) || c.afterBarriers.matchAt(tokens, i).length > 0) return null;
    const hits = cuesAt(c, tokens, i);
    if (hits.length > 0) {
      // A cue governing the next figure ("killed 10") is not this figure's.
      if (claimed.has(i)) return null;
      const h = hits.find((x) => canFollow(x.entry));
      return h ? { hit: h, distance, side: 'after' } : null;
    }
    distance++;
  }
  return null;
}

/** Nearest "before"-type cue ending at most BEFORE_WINDOW tokens before token `first`. */
function cueBefore(c: Compiled, tokens: readonly Token[], first: number, from: number): Found | null {
  for (let gap = 0; gap <= BEFORE_WINDOW; gap++) {
    const end = first - gap;
    for (let k = 1; k <= 6 && end - k >= from; k++) {
      const hits = cuesAt(c, tokens, end - k).filter((h) => h.last === end && canPrecede(h.entry));
      const h = hits[0];
      if (h) return { hit: h, distance: gap, side: 'before' };
    }
    const t = tokens[end - 1];
    if (!t || end - 1 < from || c.stops.has(t.norm) || c.barriers.has(t.norm) || t.kind === 'number') return null;
  }
  return null;
}

function inSubset(c: Compiled, tokens: readonly Token[], first: number, from: number): boolean {
  // "dont 50 civils", "including 1 journalist".
  for (let k = 1; k <= 4 && first - k >= from; k++) {
    for (const m of c.subset.matchAt(tokens, first - k)) if (m.last === first) return true;
  }
  // A figure in brackets right after another figure breaks that figure down.
  let depth = 0;
  for (let i = first - 1; i >= from && i >= first - 12; i--) {
    const t = tokens[i] as Token;
    if (t.norm === ')') depth++;
    else if (t.norm === '(') {
      if (depth === 0) {
        const before = tokens[i - 1];
        return before !== undefined && i - 1 >= from && before.kind === 'number';
      }
      depth--;
    }
  }
  return false;
}

/**
 * Attaches a kind to the countable numbers of a document. `numbers` defaults to
 * {@link findNumbers}(doc).
 */
export function findCounts(doc: Doc, numbers?: NumberMention[]): CountMention[] {
  if (doc.language === null) return [];
  const lang = doc.language;
  const c = compile(lang);
  const tokens = doc.tokens;
  const nums = (numbers ?? findNumbers(doc)).filter(isCountable);
  const out: Counted[] = [];
  const spans = nums.map((n) => ({ n, first: tokenAt(tokens, n.start), last: tokenAt(tokens, n.end) }));
  // Cues that directly govern a following figure ("killed 10", "killing three").
  const claimed = new Set<number>();
  for (const sp of spans) {
    const s = doc.sentences[sp.n.sentence];
    if (!s) continue;
    const b = cueBefore(c, tokens, sp.first, s.tokenStart);
    // "1 killed 3 injured": a cue right after its own figure stays that figure's.
    const own = cueAfter(c, tokens, sp.last, s.tokenEnd, new Set());
    if (b && b.distance === 0 && !(own && own.distance === 0)) claimed.add(b.hit.first);
  }
  interface Prev {
    last: number;
    kind: CountKind;
    sentence: number;
  }
  // A holder, not a `let`: TypeScript does not track a variable reassigned across loop turns here.
  const state: { prev: Prev | null } = { prev: null };
  for (const sp of spans) {
    const s = doc.sentences[sp.n.sentence];
    if (!s) continue;
    if (inSubset(c, tokens, sp.first, s.tokenStart)) continue;
    const last = state.prev;
    const inherited = last !== null && last.sentence === sp.n.sentence ? coordinated(c, tokens, last.last, sp.first) : false;
    const a = cueAfter(c, tokens, sp.last, s.tokenEnd, claimed);
    const b = cueBefore(c, tokens, sp.first, s.tokenStart);
    // "one of the men who died" restates part of a group; "killing 1 of them" still counts.
    const partitive = !sp.n.rule.endsWith('.vague') && c.partitive.matchAt(tokens, sp.last).length > 0;
    if (partitive && !(b && b.distance === 0)) continue;
    const best = a && (!b || a.distance <= b.distance) ? a : b;
    const n = sp.n;
    if (!best) {
      // "killing 1 soldier and 2 volunteer fighters": the second figure shares the first one's cue.
      if (inherited && last !== null) {
        out.push({ ...countFrom(n), rule: `${lang}.count.${last.kind}.coordinated`, kind: last.kind, total: 'part' });
        state.prev = { last: sp.last, kind: last.kind, sentence: last.sentence };
      }
      continue;
    }
    state.prev = { last: sp.last, kind: best.hit.entry.kind, sentence: n.sentence };
    out.push({
      start: n.start,
      end: n.end,
      text: n.text,
      rule: `${lang}.count.${best.hit.entry.id}`,
      sentence: n.sentence,
      kind: best.hit.entry.kind,
      value: n.value,
      qualifier: n.qualifier,
      low: n.low,
      high: n.high,
      // "bilan de 40 morts": the noun gives the kind, the toll word makes it a total.
      total:
        best.side === 'before' && best.hit.entry.total === true
          ? 'toll'
          : b !== null && b.distance <= 1 && b.hit.entry.total === true && b.hit.entry.kind === best.hit.entry.kind
            ? 'toll'
            : best.hit.entry.total !== undefined && best.hit.entry.total !== false
              ? 'summary'
              : standalone(tokens, s.tokenStart, s.tokenEnd, sp.first, sp.last, best.hit)
                ? 'summary'
                : 'part',
    });
  }
  const taken = spans.map((x) => [x.first, x.last] as const);
  out.push(...indefinites(c, doc, lang, taken, c.articles, 'indefinite'));
  const have = new Set(out.map((x) => x.kind));
  out.push(...indefinites(c, doc, lang, taken, c.definites, 'definite').filter((x) => !have.has(x.kind)));
  out.sort((x, y) => x.start - y.start);
  const headings = new Set(doc.sentences.filter((x) => x.heading).map((x) => x.index));
  return dedupeTolls(out, headings).map(({ total: _total, ...m }) => m);
}

/** Span and figure fields of a count taken from a number mention. */
function countFrom(n: NumberMention): Omit<CountMention, 'kind' | 'rule'> {
  return { start: n.start, end: n.end, text: n.text, sentence: n.sentence, value: n.value, qualifier: n.qualifier, low: n.low, high: n.high };
}

/** True when tokens between a counted phrase and token `first` are a short noun tail plus "and". */
function coordinated(c: Compiled, tokens: readonly Token[], prevLast: number, first: number): boolean {
  const gap = first - prevLast;
  if (gap < 1 || gap > 5) return false;
  const joiner = tokens[first - 1] as Token;
  const joinerAt = c.coordinators.has(joiner.norm) ? first - 1 : c.possessives.has(joiner.norm) && c.coordinators.has(tokens[first - 2]?.norm ?? '') ? first - 2 : -1;
  if (joinerAt < prevLast) return false;
  for (let i = prevLast; i < joinerAt; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word' || cuesAt(c, tokens, i).length > 0) return false;
  }
  return true;
}

/** A sentence that only states a figure ("1 killed.", "2 fatalities.") sums up what came before. */
function standalone(tokens: readonly Token[], from: number, to: number, numFirst: number, numLast: number, cue: CueHit): boolean {
  if (numFirst !== from || cue.first !== numLast) return false;
  for (let i = cue.last; i < to; i++) if ((tokens[i] as Token).kind !== 'punct') return false;
  return true;
}

/** A person noun: listed, or (where the language allows) a lower-case word with a person ending. */
function victimAt(c: Compiled, tokens: readonly Token[], j: number): number | null {
  const hit = c.victims.matchAt(tokens, j)[0];
  if (hit) return hit.last;
  const t = tokens[j] as Token;
  if (t.kind === 'word' && t.norm.length >= 5 && t.text === t.norm && !c.notVictims.has(t.norm) && c.suffixes.some((x) => t.norm.endsWith(x))) return j + 1;
  return null;
}

/**
 * "un civil a été tué", "killed a civilian", "a man was shot dead": one victim. With definite
 * articles ("killed the driver", "the man died") the same rule runs as a fallback.
 */
function indefinites(
  c: Compiled,
  doc: Doc,
  lang: string,
  taken: readonly (readonly [number, number])[],
  articles: Set<string>,
  name: 'indefinite' | 'definite',
): Counted[] {
  const tokens = doc.tokens;
  const out: Counted[] = [];
  const noClaims = new Set<number>();
  // Tokens inside a figure already found, as a mask: testing every span per token was quadratic.
  const inTaken = new Uint8Array(tokens.length);
  for (const [f, l] of taken) inTaken.fill(1, Math.max(0, f), Math.min(tokens.length, l));
  for (const s of doc.sentences) {
    for (let i = s.tokenStart; i < s.tokenEnd; i++) {
      const art = tokens[i] as Token;
      if (!articles.has(art.norm)) continue;
      if (inTaken[i] === 1) continue;
      // The noun phrase runs to the last person noun before a cue, a comma or a conjunction.
      let nounEnd: number | null = null;
      for (let j = i + 1; j < s.tokenEnd && j <= i + NP_WINDOW; j++) {
        const t = tokens[j] as Token;
        if (c.stops.has(t.norm) || c.barriers.has(t.norm) || articles.has(t.norm)) break;
        // Another figure starts its own phrase; an age or measure ("a 25-year-old man") does not.
        if (inTaken[j] === 1) break;
        if (cuesAt(c, tokens, j).length > 0) break;
        const v = victimAt(c, tokens, j);
        if (v !== null) {
          nounEnd = v;
          j = v - 1;
        }
      }
      if (nounEnd === null) continue;
      if (inSubset(c, tokens, i, s.tokenStart)) continue;
      const a = cueAfter(c, tokens, nounEnd, Math.min(s.tokenEnd, nounEnd + 5), noClaims);
      const b = cueBefore(c, tokens, i, s.tokenStart);
      const best = b && b.distance === 0 ? b : a && (name === 'indefinite' || a.distance <= 1) ? a : null;
      if (!best) continue;
      const lastTok = tokens[nounEnd - 1] as Token;
      out.push({
        start: art.start,
        end: lastTok.end,
        text: doc.text.slice(art.start, lastTok.end),
        rule: `${lang}.count.${best.hit.entry.kind}.${name}`,
        sentence: s.index,
        kind: best.hit.entry.kind,
        value: 1,
        qualifier: 'exact',
        low: null,
        high: null,
        total: 'part',
      });
      // "killed an imam and his son", "a man and a woman were killed".
      let end = nounEnd;
      for (;;) {
        const and = tokens[end];
        const det = tokens[end + 1];
        if (!and || !det || end + 2 >= s.tokenEnd || !c.coordinators.has(and.norm)) break;
        if (!articles.has(det.norm) && !c.articles.has(det.norm) && !c.definites.has(det.norm) && !c.possessives.has(det.norm)) break;
        let more: number | null = null;
        for (let j = end + 2; j < s.tokenEnd && j <= end + 1 + NP_WINDOW; j++) {
          if (cuesAt(c, tokens, j).length > 0 || c.stops.has((tokens[j] as Token).norm)) break;
          const v = victimAt(c, tokens, j);
          if (v !== null) {
            more = v;
            break;
          }
        }
        if (more === null) break;
        const moreTok = tokens[more - 1] as Token;
        const head = out[out.length - 1];
        if (!head) break;
        out.push({ ...head, start: det.start, end: moreTok.end, text: doc.text.slice(det.start, moreTok.end) });
        end = more;
      }
      i = end - 1;
    }
  }
  return out;
}

/**
 * A toll or summary figure after figures of the same kind: when it repeats them (equal to one of
 * them or to their sum) it is dropped; otherwise it supersedes them, except that a toll smaller than
 * an earlier figure is an earlier or partial toll being recalled ("avaient annoncé initialement un
 * bilan de 25 morts") and is dropped. A headline figure that the body restates is reported once,
 * from the body (figures repeated across body sentences may be different groups and are kept).
 */
function dedupeTolls(counts: Counted[], headings: Set<number>): Counted[] {
  const dropped = new Set<CountMention>();
  for (const t of counts) {
    if (t.total === 'part') continue;
    const parts = counts.filter(
      (p) => p !== t && !dropped.has(p) && p.kind === t.kind && p.start < t.start && t.sentence - p.sentence <= TOLL_SCOPE_SENTENCES,
    );
    if (parts.length === 0) continue;
    const sum = parts.reduce((acc, p) => acc + p.value, 0);
    const max = Math.max(...parts.map((p) => p.value));
    if (sum === t.value || parts.some((p) => p.value === t.value) || (t.total === 'toll' && t.value < max)) dropped.add(t);
    else for (const p of parts) dropped.add(p);
  }
  const kept = counts.filter((x) => !dropped.has(x));
  return kept.filter((x) => !(headings.has(x.sentence) && kept.some((y) => y.kind === x.kind && y.value === x.value && !headings.has(y.sentence))));
}
