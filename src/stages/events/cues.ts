import type { LangCode, Token } from '../../core/types.js';
import { langData, memoize } from '../../core/data.js';
import { PhraseMatcher, type PhraseMatch } from '../../core/phrase-matcher.js';
import type { SegmentData } from '../segment/index.js';

/** Contents of `lang/<code>/events.json`: phrase lists the argument rules look for. */
export interface EventCueData {
  source: string;
  clauseBoundaries: string[];
  targetPrepositions: string[];
  sourcePrepositionsAfterNoun: string[];
  agentPrepositions: string[];
  coSourcePhrases: string[];
  referencePrepositions: string[];
  historicalCues: string[];
  futureCues: string[];
  listConnectors: string[];
  /** Words after which an object is no longer the event's target ("pour", "called"). */
  objectStops: string[];
  /** Cues that put a following trigger in an unrealised frame (purpose, plan, preparation). */
  irrealisCues: string[];
  /** Endings of participles that open a clause after a comma (", prenant", ", killing"). */
  participleSuffixes: string[];
  /** Relative phrases that refer back to a time ("2016, année au cours de laquelle"): the clause they open takes that time. */
  temporalRelatives: string[];
  /** "ceux qui", "those who": an indefinite subject, so the actor before it is not the doer. */
  indefiniteSubjects: string[];
  /** "pour son rôle dans", "accused of": what follows is the content of an accusation, not a reported event. */
  accusationFrames: string[];
  /** "clashes between X and Y": the first named side is the source, the others the target. */
  betweenPrepositions: string[];
  /** "depuis 2016", "since May": a time that runs up to publication when it dates an ongoing state. */
  openEndedPrefixes: string[];
  /** "will", "agreed to", "s'engage à": a commitment to act, which PLOVER codes AGREE (THREATEN for violence). */
  commitmentCues: string[];
  /** Violence by the protesters themselves ("pelted stones", "pneus brûlés"): ACLED's Riots / Violent demonstration. */
  protestViolenceCues: string[];
  /** Military objects of an attack ("checkpoint", "poste"): the attack is a battle, not violence against civilians. */
  militaryObjects: string[];
  /** "in", "près de": a place named after one of these is where something happened, not a name's part ("US dollar"). */
  locativePrepositions: string[];
  /** Endings of a finite verb ("protested"): a trigger word ending so reports an act even if tagged as a noun. */
  finiteVerbSuffixes: string[];
}

export type CueList = Exclude<keyof EventCueData, 'source' | 'participleSuffixes' | 'finiteVerbSuffixes'>;

const NOT_LISTS = new Set(['source', 'participleSuffixes', 'finiteVerbSuffixes']);
const combined = new Map<LangCode, PhraseMatcher<CueList>>();

/** Every cue list of a language in one matcher, each form's entry naming its list. */
function allCues(lang: LangCode): PhraseMatcher<CueList> {
  let m = combined.get(lang);
  if (m === undefined) {
    m = memoize(`events.cues.${lang}.*`, () => {
      const seg = langData<SegmentData>(lang, 'segment');
      const data = langData<EventCueData>(lang, 'events') as unknown as Record<string, unknown>;
      const built = new PhraseMatcher<CueList>(seg);
      for (const [list, forms] of Object.entries(data)) {
        if (NOT_LISTS.has(list) || !Array.isArray(forms)) continue;
        for (const form of forms as string[]) built.add(form.trim(), list as CueList);
      }
      return built;
    });
    combined.set(lang, m);
  }
  return m;
}

/**
 * Matches of every cue list starting at each token, per document. The argument rules ask for some
 * fifteen lists over overlapping windows of every candidate event; one look-up per token serves them
 * all. Keyed weakly by the document's token array, so a document's cache goes with it.
 */
const perDocument = new WeakMap<readonly Token[], (readonly PhraseMatch<CueList>[] | undefined)[]>();

function matchesAt(tokens: readonly Token[], lang: LangCode, i: number): readonly PhraseMatch<CueList>[] {
  let row = perDocument.get(tokens);
  if (row === undefined) {
    row = new Array<readonly PhraseMatch<CueList>[] | undefined>(tokens.length);
    perDocument.set(tokens, row);
  }
  let hit = row[i];
  if (hit === undefined) {
    hit = allCues(lang).matchAt(tokens, i);
    row[i] = hit;
  }
  return hit;
}

/** Matches of a cue list inside a token range: greedy, longest first, as {@link PhraseMatcher.findAll}. */
export function findCues(tokens: readonly Token[], lang: LangCode, list: CueList, from: number, to: number): PhraseMatch<CueList>[] {
  const out: PhraseMatch<CueList>[] = [];
  const end = Math.min(to, tokens.length);
  let i = Math.max(0, from);
  while (i < end) {
    const ms = matchesAt(tokens, lang, i);
    let bestLast = -1;
    for (const m of ms) if (m.entry === list && m.last <= to && m.last > bestLast) bestLast = m.last;
    if (bestLast >= 0) {
      for (const m of ms) if (m.entry === list && m.last === bestLast) out.push(m);
      i = bestLast;
    } else i++;
  }
  return out;
}

/** True when a cue of the list ends exactly at token index `end` (exclusive). */
export function cueEndsAt(tokens: readonly Token[], lang: LangCode, list: CueList, end: number, from: number): boolean {
  for (let i = Math.max(from, end - 6, 0); i < end && i < tokens.length; i++) {
    for (const hit of matchesAt(tokens, lang, i)) if (hit.entry === list && hit.last === end) return true;
  }
  return false;
}

/** The longest match of a cue list starting at token `i`, or undefined. */
export function cueAt(tokens: readonly Token[], lang: LangCode, list: CueList, i: number): PhraseMatch<CueList> | undefined {
  for (const m of matchesAt(tokens, lang, i)) if (m.entry === list) return m;
  return undefined;
}
