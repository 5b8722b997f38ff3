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

/** One matcher per cue list and language, compiled once. */
export function cueMatcher(lang: LangCode, list: CueList): PhraseMatcher<string> {
  return memoize(`events.cues.${lang}.${list}`, () => {
    const seg = langData<SegmentData>(lang, 'segment');
    const data = langData<EventCueData>(lang, 'events');
    const m = new PhraseMatcher<string>(seg);
    for (const form of data[list]) m.add(form.trim(), `${lang}.events.${list}`);
    return m;
  });
}

/** Matches of a cue list inside a token range. */
export function findCues(tokens: readonly Token[], lang: LangCode, list: CueList, from: number, to: number): PhraseMatch<string>[] {
  return cueMatcher(lang, list).findAll(tokens, from, to);
}

/** True when a cue of the list ends exactly at token index `end` (exclusive). */
export function cueEndsAt(tokens: readonly Token[], lang: LangCode, list: CueList, end: number, from: number): boolean {
  const m = cueMatcher(lang, list);
  for (let i = Math.max(from, end - 6); i < end; i++) {
    for (const hit of m.matchAt(tokens, i)) if (hit.last === end) return true;
  }
  return false;
}
