import type { LangCode, Sector } from '../../../core/types.js';
import { langData, memoize } from '../../../core/data.js';
import { fold } from '../../../core/text.js';
import { PhraseMatcher } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import type { SegmentData } from '../../segment/index.js';

/** A title or role word that introduces a person's name ("M.", "ministre", "Defence Minister"). */
export interface TitleDef {
  /** The surface form as written in lang/<code>/persons.json. */
  form: string;
  /** Sector the role implies (ministre → GOV, général → MIL), or null for honorifics and neutral roles. */
  sector: Sector | null;
  /** Civil titles ("M.", "Mrs"): they say nothing about the role, and do not make appositions. */
  honorific: boolean;
  /** "MM.", "Messrs": introduces a list of names. */
  plural: boolean;
  /** The text must be capitalised ("Major Smith", not "a major Syrian city"). */
  cap: boolean;
  /** A phrase that contains a title word but introduces no name ("quartier général", "conseil général"). */
  stop: boolean;
  /** Only a title after an actor or nationality ("Hamas official X"; "the official news agency" is not). */
  needsModifier: boolean;
}

/** Shape of lang/<code>/persons.json. */
interface PersonsFile {
  source: string;
  titles: { sector: Sector | null; honorific?: boolean; plural?: boolean; forms: string[] }[];
  /** Phrases containing a title word that introduce no name. */
  notTitles: string[];
  /** Nouns after which a capitalised name names a street, school or statue ("rue Victor Hugo"). */
  placeNouns: string[];
  /** Words allowed between a title and the name ("ministre des Affaires étrangères", "former"). */
  modifiers: string[];
  /** Lower-case particles inside a name ("de", "van", "bin"). */
  particles: string[];
  /** Particles that may open a name right after a civil or military title ("M. de Dardel"). */
  nameParticles: string[];
  /** Prefixes that start a name token in lower case ("al-Assad"). */
  namePrefixes: string[];
  determiners: string[];
  /** Words joining the members of a list of names ("et", "and", "ni"). */
  listJoiners: string[];
  /** Cues before a name ("selon", "according to", "a déclaré"). */
  reportingBefore: string[];
  /** Cues after a name ("said", "a déclaré"). */
  reportingAfter: string[];
  /** Capitalised words that are never part of a personal name (articles, months, institutions). */
  stopWords: string[];
  firstNames: string[];
  /** Title forms that only count when capitalised in the text. */
  requireCapital?: string[];
  /** Title forms that only count after an actor or a nationality ("Hamas official"). */
  requireModifier?: string[];
}

/** The compiled person cues of one language. */
export interface PersonsLexicon {
  lang: LangCode;
  titles: PhraseMatcher<TitleDef>;
  reportingBefore: PhraseMatcher<true>;
  reportingAfter: PhraseMatcher<true>;
  modifiers: Set<string>;
  particles: Set<string>;
  nameParticles: Set<string>;
  namePrefixes: readonly string[];
  determiners: Set<string>;
  listJoiners: Set<string>;
  stopWords: Set<string>;
  firstNames: Set<string>;
  placeNouns: Set<string>;
}

/** The person cues of a language (lang/<code>/persons.json), compiled once per process. */
export function personsLexicon(lang: LangCode): PersonsLexicon {
  return memoize(`actors.persons.${lang}`, () => build(lang));
}

function build(lang: LangCode): PersonsLexicon {
  const data = langData<PersonsFile>(lang, 'persons');
  if (!Array.isArray(data.titles)) throw new SitrepError('E_DATA', `lang/${lang}/persons.json: "titles" must be an array`);
  const seg = langData<SegmentData>(lang, 'segment');
  const capForms = new Set(data.requireCapital ?? []);
  const modForms = new Set(data.requireModifier ?? []);
  const titles = new PhraseMatcher<TitleDef>(seg);
  for (const group of data.titles) {
    for (const form of group.forms) {
      titles.add(form, {
        form,
        sector: group.sector,
        honorific: group.honorific === true,
        plural: group.plural === true,
        cap: capForms.has(form),
        stop: false,
        needsModifier: modForms.has(form),
      });
    }
  }
  for (const form of data.notTitles) titles.add(form, { form, sector: null, honorific: false, plural: false, cap: false, stop: true, needsModifier: false });
  const reportingBefore = new PhraseMatcher<true>(seg);
  for (const f of data.reportingBefore) reportingBefore.add(f, true);
  const reportingAfter = new PhraseMatcher<true>(seg);
  for (const f of data.reportingAfter) reportingAfter.add(f, true);
  const set = (xs: string[]): Set<string> => new Set(xs.map((x) => fold(x)));
  return {
    lang,
    titles,
    reportingBefore,
    reportingAfter,
    modifiers: set(data.modifiers),
    particles: set(data.particles),
    nameParticles: set(data.nameParticles),
    namePrefixes: data.namePrefixes.map((x) => fold(x)),
    determiners: set(data.determiners),
    listJoiners: set(data.listJoiners),
    stopWords: set(data.stopWords),
    firstNames: set(data.firstNames),
    placeNouns: set(data.placeNouns),
  };
}
