import type { LangCode, Sentence, Token } from '../../core/types.js';
import { langData } from '../../core/data.js';
import { findCues, type EventCueData } from './cues.js';

/** A clause: a token range inside one sentence. */
export interface Clause {
  sentence: number;
  /** First token index, inclusive. */
  first: number;
  /** Past last token index, exclusive. */
  last: number;
  start: number;
  end: number;
  /** True for a participial clause (", prenant le contrôle"), which shares the previous clause's subject and time. */
  participial: boolean;
  /** True for a clause opened by "au cours de laquelle", "during which": it is dated by the clause before. */
  temporal: boolean;
}

/**
 * Splits a sentence into clauses at the boundaries listed in `lang/<code>/events.json`
 * (", où", ", qui", ", which", ";"). Arguments are looked for in the trigger's clause first, so a
 * date that belongs to one clause's event is not given to the next clause's event.
 */
export function splitClauses(sentence: Sentence, tokens: readonly Token[], lang: LangCode): Clause[] {
  const cuts: number[] = [];
  for (const m of findCues(tokens, lang, 'clauseBoundaries', sentence.tokenStart, sentence.tokenEnd)) {
    // The clause starts at the word after the comma (the relative pronoun or conjunction).
    const firstTok = tokens[m.first];
    const at = firstTok !== undefined && firstTok.kind === 'punct' ? m.first + 1 : m.first;
    if (at > sentence.tokenStart && at < sentence.tokenEnd) cuts.push(at);
  }
  const suffixes = langData<EventCueData>(lang, 'events').participleSuffixes;
  const participles = new Set<number>();
  for (let i = sentence.tokenStart + 1; i + 1 < sentence.tokenEnd; i++) {
    const comma = tokens[i] as Token;
    const next = tokens[i + 1] as Token;
    if (comma.text !== ',' || next.kind !== 'word' || next.norm.length < 5) continue;
    if (suffixes.some((sfx) => next.norm.endsWith(sfx)) && /^\p{Ll}/u.test(next.text)) {
      cuts.push(i + 1);
      participles.add(i + 1);
    }
  }
  const temporal = new Set<number>();
  for (const m of findCues(tokens, lang, 'temporalRelatives', sentence.tokenStart, sentence.tokenEnd)) temporal.add(m.first);
  cuts.sort((a, b) => a - b);
  const bounds = [sentence.tokenStart, ...new Set(cuts), sentence.tokenEnd];
  const out: Clause[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const first = bounds[i] as number;
    const last = bounds[i + 1] as number;
    if (last <= first) continue;
    const a = tokens[first] as Token;
    const b = tokens[last - 1] as Token;
    out.push({ sentence: sentence.index, first, last, start: a.start, end: b.end, participial: participles.has(first), temporal: temporal.has(first) });
  }
  return out;
}

/** The clause holding a character offset. */
export function clauseAt(clauses: readonly Clause[], offset: number): Clause | undefined {
  return clauses.find((c) => offset >= c.start && offset < c.end) ?? clauses[clauses.length - 1];
}
