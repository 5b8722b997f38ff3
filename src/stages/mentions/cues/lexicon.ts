import { langData, memoize } from '../../../core/data.js';
import { PhraseMatcher } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import type { AttributionCue, LangCode } from '../../../core/types.js';
import type { SegmentData } from '../../segment/index.js';
import { expandForm, foldedSet } from '../triggers/forms.js';

/**
 * Where the attributed actor stands relative to the cue: `after` ("selon l'OSDH"), `before` or
 * `before-or-after` ("X a déclaré", "a déclaré X"), `clause-subject` (participle clauses: "..., niant"
 * reports to the subject of the main clause), `none` (hearsay names nobody).
 */
export type CueBy = 'after' | 'before' | 'before-or-after' | 'clause-subject' | 'none';

/** One entry of `lang/<code>/attribution.json`. */
export interface CueEntry {
  id: string;
  kind: AttributionCue['kind'];
  by: CueBy;
  /** Surface forms; "(a|b)" alternation and a final "*" prefix wildcard are allowed. */
  forms: string[];
  /** 'verb': a preceding determiner makes the form a noun and cancels the cue ("l'annonce"). */
  pos?: 'verb';
  source: string;
}

/** The evidential conditional ("aurait tué", "seraient entrés"). */
export interface ConditionalData {
  id: string;
  /** Conditional forms of the auxiliaries avoir/être. */
  auxiliaries: string[];
  /** How many tokens after the auxiliary the participle may be. */
  participleWindow: number;
  participleSkip: string[];
  participleEndings: string[];
  /** Endings of a conditional main verb. */
  mainVerbEndings: string[];
  mainVerbMinLength: number;
  /** Modal conditionals that hedge a future rather than report hearsay. */
  excludeWords: string[];
  /** Modal participles: "aurait pu", "aurait dû" state a counterfactual, not hearsay. */
  excludeParticiples?: string[];
  /** Nouns that end like a conditional ("retrait"). */
  excludeSuffixes: string[];
  /** After a reporting verb, "que" + conditional is a future-in-the-past, not hearsay. */
  reportedSpeechMarkers: string[];
  source: string;
}

/** Contents of `lang/<code>/attribution.json`. */
export interface AttributionLexicon {
  language: string;
  determiners: string[];
  cues: CueEntry[];
  exclusions: { id: string; forms: string[]; source?: string }[];
  conditional: ConditionalData | null;
}

export type CueItem = { kind: 'cue'; entry: CueEntry } | { kind: 'exclusion'; id: string };

/** Compiled attribution lexicon of one language. */
export interface CompiledCues {
  lexicon: AttributionLexicon;
  matcher: PhraseMatcher<CueItem>;
  determiners: Set<string>;
  conditional: {
    data: ConditionalData;
    auxiliaries: Set<string>;
    skip: Set<string>;
    exclude: Set<string>;
    excludeParticiples: Set<string>;
    markers: Set<string>;
  } | null;
}

const KINDS = new Set(['source', 'denial', 'hearsay', 'conditional']);
const BYS = new Set(['after', 'before', 'before-or-after', 'clause-subject', 'none']);

/** Loads and compiles the attribution cues of a language once per process. */
export function compiledCues(lang: LangCode): CompiledCues {
  return memoize(`cues:${lang}`, () => {
    const lexicon = langData<AttributionLexicon>(lang, 'attribution');
    const where = `lang/${lang}/attribution.json`;
    if (!Array.isArray(lexicon.cues)) throw new SitrepError('E_DATA', `${where}: expected a "cues" array`);
    const seg = langData<SegmentData>(lang, 'segment');
    const matcher = new PhraseMatcher<CueItem>(seg);
    for (const entry of lexicon.cues) {
      if (!KINDS.has(entry.kind)) throw new SitrepError('E_DATA', `${where}: cue ${entry.id} has unknown kind "${entry.kind}"`);
      if (!BYS.has(entry.by)) throw new SitrepError('E_DATA', `${where}: cue ${entry.id} has unknown "by" value "${entry.by}"`);
      const item: CueItem = { kind: 'cue', entry };
      for (const f of entry.forms) for (const x of expandForm(f)) matcher.add(x, item);
    }
    for (const ex of lexicon.exclusions ?? []) {
      const item: CueItem = { kind: 'exclusion', id: ex.id };
      for (const f of ex.forms) for (const x of expandForm(f)) matcher.add(x, item);
    }
    const c = lexicon.conditional;
    return {
      lexicon,
      matcher,
      determiners: foldedSet(lexicon.determiners),
      conditional: c
        ? {
            data: c,
            auxiliaries: foldedSet(c.auxiliaries),
            skip: foldedSet(c.participleSkip),
            exclude: foldedSet(c.excludeWords),
            excludeParticiples: foldedSet(c.excludeParticiples),
            markers: foldedSet(c.reportedSpeechMarkers),
          }
        : null,
    };
  });
}
