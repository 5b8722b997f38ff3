import { langData, memoize } from '../../../core/data.js';
import { PhraseMatcher } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import type { LangCode, PloverType } from '../../../core/types.js';
import type { SegmentData } from '../../segment/index.js';
import { expandForm, foldedSet } from './forms.js';

/** One entry of `lang/<code>/triggers.json`. */
export interface TriggerEntry {
  id: string;
  /** Surface forms; "(a|b)" alternation and a final "*" prefix wildcard are allowed. */
  forms: string[];
  type: PloverType;
  mode: string | null;
  acled: { eventType: string; subEventType: string } | null;
  pos: 'verb' | 'noun';
  /** 0-100: which trigger heads a clause when several match (clashes 90 outrank killed 35). */
  priority: number;
  /** Verb that takes another event as its complement ("threatened to attack"). */
  governs?: boolean;
  /** Forces the passive reading (the subject is the target): "came under attack". */
  passive?: boolean;
  /** Context the entry needs: one of these words within `window` tokens after/before the match. */
  near?: { after?: string[]; before?: string[]; window: number };
  source: string;
}

/** Forms that look like triggers but are idioms or compounds denoting no event. */
export interface TriggerExclusion {
  id: string;
  forms: string[];
  source?: string;
}

/** How a language marks the passive of a verb trigger. */
export interface PassiveData {
  /** Auxiliaries right before the participle ("été", "were"). */
  auxiliaries: string[];
  /** Adverbs and particles that may stand between auxiliary and participle. */
  skip: string[];
  /** Reflexive pronouns before the auxiliary make it active ("se sont emparés"). */
  reflexives: string[];
  /** When non-empty, the participle must end with one of these (folded). */
  participleEndings: string[];
  /** The trigger must not end with these ("were attacking" is active). */
  notParticipleEndings: string[];
}

/** Contents of `lang/<code>/triggers.json`. */
export interface TriggerLexicon {
  language: string;
  /** Words that, right before an ambiguous form, make it a noun ("les attaques"). */
  determiners: string[];
  /**
   * Lower-cased surface words that never trigger although their folded form matches one that does
   * ("marché", the market, folds like "marche", the march).
   */
  surfaceExclusions?: string[];
  /** Reading of a noun/verb homonym with neither a determiner nor a verb context before it. */
  ambiguousDefault?: 'noun' | 'verb';
  /** Words that, right before a noun/verb homonym, make it a verb ("ils attaquent", "they attack"). */
  verbContext?: string[];
  /** Single-word forms that only count in lower case ("march" vs the month "March"). */
  lowercaseOnly?: string[];
  /**
   * Words linking a capitalised name to a trigger-looking head inside it ("Commandement des opérations
   * militaires", "Ministry of Operations"): genitives are required, articles optional.
   */
  nameLinkers?: { genitives: string[]; articles: string[] };
  passive: PassiveData;
  exclusions: TriggerExclusion[];
  entries: TriggerEntry[];
}

/** What the matcher stores per compiled form. */
export type MatcherItem = { kind: 'entry'; entry: TriggerEntry } | { kind: 'exclusion'; id: string };

/** Compiled lexicon of one language. */
export interface CompiledTriggers {
  lexicon: TriggerLexicon;
  matcher: PhraseMatcher<MatcherItem>;
  determiners: Set<string>;
  lowercaseOnly: Set<string>;
  surfaceExclusions: Set<string>;
  verbContext: Set<string>;
  genitives: Set<string>;
  articles: Set<string>;
  passive: {
    auxiliaries: Set<string>;
    skip: Set<string>;
    reflexives: Set<string>;
    participleEndings: string[];
    notParticipleEndings: string[];
  };
  near: Map<string, { after: Set<string>; before: Set<string>; window: number }>;
}

const PLOVER_TYPES = new Set<string>([
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
]);

/** Checks the shape of a lexicon so a typo fails loudly at load time, naming the entry. */
function validate(lang: LangCode, lex: TriggerLexicon): void {
  const where = `lang/${lang}/triggers.json`;
  if (!Array.isArray(lex.entries)) throw new SitrepError('E_DATA', `${where}: expected an "entries" array`);
  const ids = new Set<string>();
  for (const e of lex.entries) {
    if (typeof e.id !== 'string' || ids.has(e.id)) throw new SitrepError('E_DATA', `${where}: missing or duplicate entry id "${String(e.id)}"`);
    ids.add(e.id);
    if (!PLOVER_TYPES.has(e.type)) throw new SitrepError('E_DATA', `${where}: entry ${e.id} has unknown PLOVER type "${e.type}"`);
    if (e.pos !== 'verb' && e.pos !== 'noun') throw new SitrepError('E_DATA', `${where}: entry ${e.id} has pos "${String(e.pos)}", expected verb or noun`);
    if (typeof e.priority !== 'number') throw new SitrepError('E_DATA', `${where}: entry ${e.id} has no numeric priority`);
    if (!Array.isArray(e.forms) || e.forms.length === 0) throw new SitrepError('E_DATA', `${where}: entry ${e.id} has no forms`);
  }
}

/** Loads and compiles the trigger lexicon of a language once per process. */
export function compiledTriggers(lang: LangCode): CompiledTriggers {
  return memoize(`triggers:${lang}`, () => {
    const lexicon = langData<TriggerLexicon>(lang, 'triggers');
    validate(lang, lexicon);
    const seg = langData<SegmentData>(lang, 'segment');
    const matcher = new PhraseMatcher<MatcherItem>(seg);
    const near = new Map<string, { after: Set<string>; before: Set<string>; window: number }>();
    for (const entry of lexicon.entries) {
      const item: MatcherItem = { kind: 'entry', entry };
      for (const f of entry.forms) for (const x of expandForm(f)) matcher.add(x, item);
      if (entry.near) near.set(entry.id, { after: foldedSet(entry.near.after), before: foldedSet(entry.near.before), window: entry.near.window });
    }
    for (const ex of lexicon.exclusions ?? []) {
      const item: MatcherItem = { kind: 'exclusion', id: ex.id };
      for (const f of ex.forms) for (const x of expandForm(f)) matcher.add(x, item);
    }
    const p = lexicon.passive;
    return {
      lexicon,
      matcher,
      determiners: foldedSet(lexicon.determiners),
      lowercaseOnly: foldedSet(lexicon.lowercaseOnly),
      surfaceExclusions: new Set((lexicon.surfaceExclusions ?? []).map((w) => w.toLowerCase())),
      verbContext: foldedSet(lexicon.verbContext),
      genitives: foldedSet(lexicon.nameLinkers?.genitives),
      articles: foldedSet(lexicon.nameLinkers?.articles),
      passive: {
        auxiliaries: foldedSet(p.auxiliaries),
        skip: foldedSet(p.skip),
        reflexives: foldedSet(p.reflexives),
        participleEndings: p.participleEndings.map((x) => x.toLowerCase()),
        notParticipleEndings: p.notParticipleEndings.map((x) => x.toLowerCase()),
      },
      near,
    };
  });
}
