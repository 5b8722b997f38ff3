import type { Stage } from '../../../core/pipeline.js';
import type { Doc, Token, TriggerMention } from '../../../core/types.js';
import { groupBySpan, type PhraseMatch } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import { unifyApostrophes } from '../../../core/text.js';
import { compiledTriggers, type CompiledTriggers, type MatcherItem, type TriggerEntry } from './lexicon.js';
import { previousToken } from './forms.js';

export { compiledTriggers, type TriggerEntry, type TriggerLexicon, type TriggerExclusion, type PassiveData } from './lexicon.js';
export { expandForm } from './forms.js';

const NO_SKIP = new Set<string>();

/**
 * Finds event trigger words and phrases (PLOVER type and mode, default ACLED type) in every sentence
 * of a segmented document. At each position the longest lexicon form wins; an exclusion form of
 * equal or greater length (an idiom such as "prise en charge" or "heart attack") suppresses it.
 * Among homonym entries of different parts of speech a preceding determiner chooses the noun
 * reading ("les attaques"), otherwise the verb; then the higher priority wins.
 */
export function findTriggers(doc: Doc): TriggerMention[] {
  if (doc.language === null) throw new SitrepError('E_PIPELINE', 'triggers need a detected language, found none');
  const lex = compiledTriggers(doc.language);
  const out: TriggerMention[] = [];
  for (const s of doc.sentences) {
    const matches = lex.matcher.findAll(doc.tokens, s.tokenStart, s.tokenEnd);
    for (const group of groupBySpan(matches)) {
      const mention = resolveGroup(doc, lex, group);
      if (mention !== null) out.push(mention);
    }
  }
  return out;
}

function resolveGroup(doc: Doc, lex: CompiledTriggers, group: PhraseMatch<MatcherItem>[]): TriggerMention | null {
  if (group.some((m) => m.entry.kind === 'exclusion')) return null;
  const first = group[0];
  if (first === undefined) return null;
  const tokens = doc.tokens;
  if (first.last - first.first === 1) {
    const t = tokens[first.first] as Token;
    if (lex.lowercaseOnly.has(t.norm) && t.text !== t.text.toLowerCase()) return null;
    if (lex.surfaceExclusions.has(unifyApostrophes(t.text).toLowerCase())) return null;
  }
  if (insideName(doc, lex, first.first)) return null;
  let candidates: TriggerEntry[] = [];
  for (const m of group) if (m.entry.kind === 'entry') candidates.push(m.entry.entry);
  candidates = candidates.filter((e) => contextAllows(tokens, lex, e, first.first, first.last));
  if (candidates.length === 0) return null;
  // An entry whose context condition holds is more specific than its homonyms without one:
  // "explosive devices were discovered" is disrupted weapons use, not an explosion.
  const contextual = candidates.filter((e) => lex.near.has(e.id));
  if (contextual.length > 0) candidates = contextual;
  const hasNoun = candidates.some((e) => e.pos === 'noun');
  const hasVerb = candidates.some((e) => e.pos === 'verb');
  if (hasNoun && hasVerb) {
    const prev = previousToken(tokens, first.first, NO_SKIP);
    const prevNorm = prev >= 0 ? (tokens[prev] as Token).norm : null;
    let wantNoun = lex.lexicon.ambiguousDefault !== 'verb';
    if (prevNorm !== null && lex.determiners.has(prevNorm)) wantNoun = true;
    else if (prevNorm !== null && lex.verbContext.has(prevNorm)) wantNoun = false;
    candidates = candidates.filter((e) => (e.pos === 'noun') === wantNoun);
  }
  candidates.sort((a, b) => b.priority - a.priority);
  const entry = candidates[0] as TriggerEntry;
  const startTok = tokens[first.first] as Token;
  const mention: TriggerMention = {
    start: first.start,
    end: first.end,
    text: doc.text.slice(first.start, first.end),
    rule: entry.id,
    sentence: startTok.sentence,
    id: entry.id,
    type: entry.type,
    mode: entry.mode,
    acled: entry.acled ? { eventType: entry.acled.eventType, subEventType: entry.acled.subEventType } : null,
    pos: entry.pos,
    passive: entry.passive === true || (entry.pos === 'verb' && isPassive(tokens, lex, first.first)),
    priority: entry.priority,
  };
  if (entry.governs === true) mention.governs = true;
  return mention;
}

function isCapitalised(t: Token): boolean {
  return t.kind === 'word' && /^\p{Lu}/u.test(t.text);
}

/**
 * Trigger words inside proper names are not events: "Commandement des opérations militaires" (a
 * capitalised word, a genitive, maybe an article, then the trigger) or "Popular Mobilization Forces"
 * (a capitalised trigger inside a run of capitalised words, outside headings and sentence starts).
 */
function insideName(doc: Doc, lex: CompiledTriggers, first: number): boolean {
  const tokens = doc.tokens;
  const trig = tokens[first] as Token;
  const sentence = doc.sentences[trig.sentence];
  const sentenceStart = sentence?.tokenStart ?? 0;
  let i = first - 1;
  if (i >= sentenceStart && lex.articles.has((tokens[i] as Token).norm)) i--;
  if (i >= sentenceStart && lex.genitives.has((tokens[i] as Token).norm)) {
    const head = i - 1;
    if (head > sentenceStart && isCapitalised(tokens[head] as Token)) return true;
  }
  if (sentence?.heading === true || first === sentenceStart || !isCapitalised(trig)) return false;
  const prev = tokens[first - 1];
  const next = tokens[first + 1];
  return (prev !== undefined && prev.sentence === trig.sentence && isCapitalised(prev) && first - 1 > sentenceStart) ||
    (next !== undefined && next.sentence === trig.sentence && isCapitalised(next));
}

/** An entry with a `near` constraint fires only when one of its context words is close enough. */
function contextAllows(tokens: readonly Token[], lex: CompiledTriggers, e: TriggerEntry, first: number, last: number): boolean {
  const near = lex.near.get(e.id);
  if (near === undefined) return true;
  const sentence = (tokens[first] as Token).sentence;
  for (let i = last; i < Math.min(tokens.length, last + near.window); i++) {
    const t = tokens[i] as Token;
    if (t.sentence !== sentence) break;
    if (near.after.has(t.norm)) return true;
  }
  for (let i = first - 1; i >= Math.max(0, first - near.window); i--) {
    const t = tokens[i] as Token;
    if (t.sentence !== sentence) break;
    if (near.before.has(t.norm)) return true;
  }
  return false;
}

/**
 * A verb trigger is passive when a passive auxiliary ("été", "were") stands right before it, give or
 * take a few adverbs, the trigger reads as a participle, and the auxiliary is not reflexive
 * ("se sont emparés" is active).
 */
function isPassive(tokens: readonly Token[], lex: CompiledTriggers, first: number): boolean {
  const p = lex.passive;
  const trig = tokens[first] as Token;
  if (p.notParticipleEndings.some((x) => trig.norm.endsWith(x))) return false;
  if (p.participleEndings.length > 0 && !p.participleEndings.some((x) => trig.norm.endsWith(x))) return false;
  const aux = previousToken(tokens, first, p.skip);
  if (aux < 0 || !p.auxiliaries.has((tokens[aux] as Token).norm)) return false;
  const before = previousToken(tokens, aux, NO_SKIP);
  return !(before >= 0 && p.reflexives.has((tokens[before] as Token).norm));
}

/** Pipeline stage: fills `doc.triggers`. */
export const triggersStage: Stage = {
  name: 'triggers',
  requires: ['tokens', 'language'],
  provides: ['triggers'],
  run(doc: Doc): Doc {
    return { ...doc, triggers: findTriggers(doc) };
  },
};

export { headTrigger, resolveAcled, ploverHead, type AcledChoice, type AcledCombination } from './select.js';
