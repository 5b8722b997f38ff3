import type { Stage } from '../../../core/pipeline.js';
import type { ActorMention, AttributionCue, Doc, Sentence, Token } from '../../../core/types.js';
import { groupBySpan, type PhraseMatch } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import { groupBySentence } from '../../../core/group.js';
import { previousToken } from '../triggers/forms.js';
import { compiledCues, type CompiledCues, type CueBy, type CueEntry, type CueItem } from './lexicon.js';

export { compiledCues, type AttributionLexicon, type CueEntry, type CueBy, type ConditionalData } from './lexicon.js';

/** How far after "selon"/"according to" the named source may start, in tokens. */
const AFTER_WINDOW = 8;
/** How far after an inverted reporting verb ("a déclaré le ministre") the speaker may start. */
const INVERTED_WINDOW = 5;
const NO_SKIP = new Set<string>();
const KIND_RANK: Record<AttributionCue['kind'], number> = { denial: 0, hearsay: 1, conditional: 2, source: 3 };

/**
 * Finds attribution cues: sources ("selon X", "X a déclaré", "according to X", "X said"), denials
 * ("niant", "denied"), hearsay ("reportedly", "selon des informations") and the French evidential
 * conditional ("auraient établi"). `by` is the actor mention the statement is attributed to, taken
 * from `doc.actors` in the same sentence, or null.
 */
export function findCues(doc: Doc): AttributionCue[] {
  if (doc.language === null) throw new SitrepError('E_PIPELINE', 'cues need a detected language, found none');
  const lex = compiledCues(doc.language);
  const out: AttributionCue[] = [];
  const bySentence = groupBySentence(doc.actors);
  for (const s of doc.sentences) {
    const actors = bySentence.get(s.index) ?? [];
    const inSentence: AttributionCue[] = [];
    for (const group of groupBySpan(lex.matcher.findAll(doc.tokens, s.tokenStart, s.tokenEnd))) {
      const cue = resolveGroup(doc, lex, s, actors, group);
      if (cue !== null) inSentence.push(cue);
    }
    if (lex.conditional !== null) inSentence.push(...conditionals(doc, lex, s, inSentence));
    inSentence.sort((a, b) => a.start - b.start);
    out.push(...inSentence);
  }
  return out;
}

function resolveGroup(doc: Doc, lex: CompiledCues, s: Sentence, actors: ActorMention[], group: PhraseMatch<CueItem>[]): AttributionCue | null {
  if (group.some((m) => m.entry.kind === 'exclusion')) return null;
  const first = group[0];
  if (first === undefined) return null;
  // Homonym forms of several kinds: the more specific stance wins (a denial is also a statement).
  const entries = group.flatMap((m) => (m.entry.kind === 'cue' ? [m.entry.entry] : []));
  entries.sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  const entry: CueEntry | undefined = entries[0];
  if (entry === undefined) return null;
  if (entry.pos === 'verb') {
    const prev = previousToken(doc.tokens, first.first, NO_SKIP);
    if (prev >= 0 && lex.determiners.has((doc.tokens[prev] as Token).norm)) return null;
  }
  return {
    start: first.start,
    end: first.end,
    text: doc.text.slice(first.start, first.end),
    rule: entry.id,
    sentence: s.index,
    kind: entry.kind,
    by: findBy(doc, actors, entry.by, first.last, first.start, first.end),
  };
}

/** Outermost of several actor mentions: longer spans win over nested ones. */
function longer(a: ActorMention, b: ActorMention): ActorMention {
  return b.end - b.start > a.end - a.start ? b : a;
}

function findBy(doc: Doc, actors: ActorMention[], by: CueBy, lastTok: number, start: number, end: number): ActorMention | null {
  switch (by) {
    case 'none':
      return null;
    case 'after':
      return actorAfter(doc, actors, lastTok, end, AFTER_WINDOW);
    case 'before':
      return actorBefore(actors, start);
    case 'before-or-after': {
      // "…la ville de Kidal, a annoncé le gouvernement": after a comma or a closing quote the verb is
      // inverted and its speaker follows it.
      let first = lastTok;
      while (first > 0 && (doc.tokens[first - 1] as Token).end > start) first--;
      const prev = doc.tokens[first - 1];
      const inverted = prev !== undefined && /^[,»"”]$/.test(prev.text) ? actorAfter(doc, actors, lastTok, end, INVERTED_WINDOW) : null;
      return inverted ?? actorBefore(actors, start) ?? actorAfter(doc, actors, lastTok, end, INVERTED_WINDOW);
    }
    case 'clause-subject':
      return clauseSubject(actors, start) ?? actorAfter(doc, actors, lastTok, end, INVERTED_WINDOW);
  }
}

/** The nearest actor ending before the cue (the subject of "X a déclaré"). */
function actorBefore(actors: ActorMention[], start: number): ActorMention | null {
  let best: ActorMention | null = null;
  for (const a of actors) {
    if (a.end > start) continue;
    if (best === null || a.end > best.end) best = a;
    else if (a.end === best.end) best = longer(best, a);
  }
  return best;
}

/** The first actor of the sentence: the main-clause subject a participle clause ("..., niant") reports to. */
function clauseSubject(actors: ActorMention[], start: number): ActorMention | null {
  let best: ActorMention | null = null;
  for (const a of actors) {
    if (a.end > start) continue;
    if (best === null || a.start < best.start) best = a;
    else if (a.start === best.start) best = longer(best, a);
  }
  return best;
}

/** The first actor starting within `window` tokens after the cue ("selon l'OSDH"). */
function actorAfter(doc: Doc, actors: ActorMention[], lastTok: number, end: number, window: number): ActorMention | null {
  const limitTok = doc.tokens[Math.min(doc.tokens.length - 1, lastTok + window - 1)];
  const limit = limitTok ? limitTok.end : end;
  let best: ActorMention | null = null;
  for (const a of actors) {
    if (a.start < end || a.start >= limit) continue;
    if (best === null || a.start < best.start) best = a;
    else if (a.start === best.start) best = longer(best, a);
  }
  return best;
}

/**
 * The French evidential conditional: a conditional auxiliary (with its participle when one follows
 * closely: "auraient établi") or a conditional main verb ("tuerait"). A conditional after a reporting
 * verb and "que" is the future-in-the-past of reported speech ("a déclaré qu'il défendrait"), not
 * hearsay, so it is left out.
 */
function conditionals(doc: Doc, lex: CompiledCues, s: Sentence, found: AttributionCue[]): AttributionCue[] {
  const c = lex.conditional;
  if (c === null) return [];
  const tokens = doc.tokens;
  const out: AttributionCue[] = [];
  const covered = (t: Token): boolean => found.some((f) => t.start < f.end && t.end > f.start);
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word' || covered(t)) continue;
    if (c.auxiliaries.has(t.norm)) {
      let endTok = i;
      let modal = false;
      for (let j = i + 1, seen = 0; j < s.tokenEnd && seen < c.data.participleWindow; j++) {
        const u = tokens[j] as Token;
        if (u.kind !== 'word') break;
        if (c.skip.has(u.norm)) continue;
        seen++;
        if (c.excludeParticiples.has(u.norm)) {
          modal = true;
          break;
        }
        if (c.data.participleEndings.some((x) => u.norm.endsWith(x))) {
          endTok = j;
          break;
        }
      }
      if (modal) continue;
      const last = tokens[endTok] as Token;
      out.push({ start: t.start, end: last.end, text: doc.text.slice(t.start, last.end), rule: c.data.id, sentence: s.index, kind: 'conditional', by: null });
      i = endTok;
      continue;
    }
    if (!isConditionalMainVerb(t, c)) continue;
    if (isReportedSpeech(tokens, s, i, found, c.markers)) continue;
    out.push({ start: t.start, end: t.end, text: t.text, rule: `${c.data.id}-main-verb`, sentence: s.index, kind: 'conditional', by: null });
  }
  return out;
}

function isConditionalMainVerb(t: Token, c: NonNullable<CompiledCues['conditional']>): boolean {
  if (t.norm.length < c.data.mainVerbMinLength || c.exclude.has(t.norm)) return false;
  if (!c.data.mainVerbEndings.some((x) => t.norm.endsWith(x))) return false;
  if (c.data.excludeSuffixes.some((x) => t.norm.endsWith(x))) return false;
  // Capitalised words ending in -rait are names, not verbs.
  return t.text === t.text.toLowerCase();
}

function isReportedSpeech(tokens: readonly Token[], s: Sentence, i: number, found: AttributionCue[], markers: Set<string>): boolean {
  const cueEnd = found.filter((f) => f.kind === 'source' && f.end <= (tokens[i] as Token).start).reduce((m, f) => Math.max(m, f.end), -1);
  if (cueEnd < 0) return false;
  for (let j = i - 1; j >= s.tokenStart; j--) {
    const u = tokens[j] as Token;
    if (u.start < cueEnd) break;
    if (markers.has(u.norm)) return true;
  }
  return false;
}

/** Pipeline stage: fills `doc.cues`. */
export const cuesStage: Stage = {
  name: 'cues',
  requires: ['tokens', 'language', 'actors'],
  provides: ['cues'],
  run(doc: Doc): Doc {
    return { ...doc, cues: findCues(doc) };
  },
};
