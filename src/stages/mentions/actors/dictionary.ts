import type { LangCode, Sector } from '../../../core/types.js';
import { commonData, langData, memoize } from '../../../core/data.js';
import { fold } from '../../../core/text.js';
import { PhraseMatcher } from '../../../core/phrase-matcher.js';
import { SitrepError } from '../../../core/errors.js';
import type { SegmentData } from '../../segment/index.js';
import { worldCountries, type WorldCountry } from './states.js';

/** A named actor of `lang/common/actors.json`: an organisation, armed group, medium or person. */
export interface ActorEntry {
  id: string;
  /** Canonical English name. */
  name: string;
  country: string | null;
  sector: Sector | null;
  kind: 'entity' | 'person';
  plural?: boolean;
  /** Transnational groups (Islamic State, JNIM): the country comes from the article or a demonym. */
  countryFromContext?: boolean;
  validFrom?: string;
  validTo?: string;
  /** Several periods of office (Netanyahu, Trump); when present, validFrom/validTo are not used. */
  terms?: { validFrom?: string; validTo?: string }[];
  /** Language-independent surface forms (acronyms, personal names). */
  aliases?: string[];
  source: string;
}

/** A sector noun ("rebelles", "the army") and how to name it once its country is known. */
export interface GenericDef {
  id: string;
  sector: Sector;
  name: string;
  /** Template with `{country}` (English short name) and `{demonym}` (English demonym). */
  nameWithCountry?: string;
  /** The noun is only an actor with a demonym or complement ("forces" alone is not). */
  requiresModifier?: boolean;
  /** Never take the article's dominant country (unidentified gunmen, NGOs). */
  noContextCountry?: boolean;
  /** Resolve to the country's state news agency when there is one. */
  stateMedia?: boolean;
  /** "les pays de l'OTAN": member states of the organisation in the complement. */
  memberOf?: boolean;
  /** A title: followed by a name it makes a person ("Israeli Prime Minister Ehud Barak"). */
  title?: boolean;
  /** Read from a plural demonym used as a noun ("les Syriens", "Palestinians"), not from forms. */
  fromDemonym?: boolean;
}

interface CommonActors {
  source: string;
  states: {
    include: string[];
    codeOverrides: Record<string, string>;
    /** Sector of a state named as an actor ("la Syrie a déclaré"). */
    sector: Sector;
    nameOverrides: Record<string, string>;
  };
  entities: ActorEntry[];
  stateMedia: Record<string, string>;
  generics: GenericDef[];
}

/** Grammar words of one language that the actor unit needs; all are folded before use. */
export interface ActorGrammar {
  /** Determiner → grammatical number ('pl', 'sg' or null when it says nothing). */
  determiners: Record<string, 'pl' | 'sg' | null>;
  /** Words after which an adjective-like form ("rebelle", "civils") starts a noun phrase. */
  npStarters: string[];
  /** Prepositions that make a following country name a place, not an actor. */
  locatives: string[];
  complementPrepositions: string[];
  complementArticles: string[];
  /** Where a demonym stands relative to its noun: "l'armée syrienne" (after), "the Syrian army" (before). */
  demonymPosition: 'before' | 'after';
  /** Possessive clitic tokens ("'s") joining "Syria's army". */
  possessiveClitics: string[];
  /** Cardinal number words ("quatre" → 4), for noun phrases and collective anaphora. */
  numberWords: Record<string, number>;
  quantifiers: string[];
  /** Nouns after which "de la Syrie" / "of Iraq" names a place ("la province de", "the north of"). */
  placeNouns: string[];
  /** Tokens that continue a list of places ("en Égypte, en Libye et en Afghanistan"). */
  listJoiners: string[];
  /** Words after which a capital stands for its government ("Moscou a", "Washington said"). */
  metonymVerbs: string[];
}

interface LangActors {
  source: string;
  aliases: Record<string, string[]>;
  generics: Record<string, { sg: string[]; pl: string[]; adjectival?: string[] }>;
  states: {
    extraNames: Record<string, string[]>;
    blockNames: string[];
    extraDemonyms: Record<string, string[]>;
    invariableDemonyms: string[];
    /** Capitals used as metonyms for governments; `useCapitals` adds world-countries' (English) capitals. */
    extraCapitals: Record<string, string[]>;
    useCapitals: boolean;
    /** Folded demonym → state, where several states share it ("congolais"); otherwise the largest wins. */
    demonymPreference: Record<string, string>;
    demonymPlural: { suffix: string; noPluralEndings: string[] };
    lowercaseDemonyms: boolean;
    demonymRequiresCapital: boolean;
  };
  grammar: ActorGrammar;
  /** Phrases that contain an actor word but name no actor ("police station", "opérations militaires"). */
  stopPhrases?: string[];
}

/** A state as an actor: ISO alpha-3 code, English short name and demonym. */
export interface StateRecord {
  code: string;
  name: string;
  demonym: string;
}

/** What a dictionary form stands for. `cap`: the text must start with a capital letter. */
export type LexItem =
  | { type: 'entity'; entry: ActorEntry; order: number; cap: boolean }
  | { type: 'state'; state: StateRecord; cap: boolean; metonym?: boolean }
  | { type: 'demonym'; state: StateRecord; plural: boolean; cap: boolean }
  | { type: 'generic'; def: GenericDef; plural: boolean; adjectival: boolean; cap: boolean }
  | { type: 'stop'; cap: boolean };

/** The compiled actor dictionary of one language. */
export interface ActorLexicon {
  lang: LangCode;
  matcher: PhraseMatcher<LexItem>;
  states: Map<string, StateRecord>;
  entities: Map<string, ActorEntry>;
  generics: Map<string, GenericDef>;
  stateMedia: Record<string, string>;
  stateSector: Sector;
  grammar: {
    determiners: Map<string, 'pl' | 'sg' | null>;
    npStarters: Set<string>;
    locatives: Set<string>;
    complementPrepositions: Set<string>;
    complementArticles: Set<string>;
    demonymPosition: 'before' | 'after';
    possessiveClitics: Set<string>;
    numberWords: Map<string, number>;
    placeNouns: Set<string>;
    listJoiners: Set<string>;
    metonymVerbs: Set<string>;
  };
  /** Entry counts, for reports and tests. */
  counts: { states: number; entities: number; persons: number; generics: number; forms: number };
}

const LATIN = /^[\p{Script=Latin}\p{M}\d\s\-'’.&/]+$/u;
const STARTS_UPPER = /^\p{Lu}/u;

/** The actor dictionary of a language, compiled once per process. */
export function actorLexicon(lang: LangCode): ActorLexicon {
  return memoize(`actors.lexicon.${lang}`, () => buildLexicon(lang));
}

function buildLexicon(lang: LangCode): ActorLexicon {
  const common = commonData<CommonActors>('actors');
  const data = langData<LangActors>(lang, 'actors');
  const seg = langData<SegmentData>(lang, 'segment');
  const matcher = new PhraseMatcher<LexItem>(seg);
  const states = buildStates(common, data, lang, matcher);

  const entities = new Map<string, ActorEntry>();
  let order = 0;
  let persons = 0;
  for (const entry of common.entities) {
    if (entities.has(entry.id) && entities.get(entry.id) !== entry) {
      throw new SitrepError('E_DATA', `lang/common/actors.json: entity id "${entry.id}" appears twice`);
    }
    entities.set(entry.id, entry);
    if (entry.kind === 'person') persons++;
    const forms = [...(entry.aliases ?? []), ...(data.aliases[entry.id] ?? [])];
    for (const form of forms) {
      matcher.add(form, { type: 'entity', entry, order, cap: STARTS_UPPER.test(form) });
    }
    order++;
  }
  for (const id of Object.keys(data.aliases)) {
    if (!entities.has(id)) throw new SitrepError('E_DATA', `lang/${lang}/actors.json: aliases for unknown entity id "${id}" (not in lang/common/actors.json)`);
  }

  let generics = 0;
  for (const def of common.generics) {
    const forms = data.generics[def.id];
    if (forms === undefined) continue;
    generics++;
    const adjectival = new Set((forms.adjectival ?? []).map(fold));
    for (const [list, plural] of [[forms.sg, false], [forms.pl, true]] as const) {
      for (const form of list) {
        matcher.add(form, { type: 'generic', def, plural, adjectival: adjectival.has(fold(form)), cap: false });
      }
    }
  }
  for (const id of Object.keys(data.generics)) {
    if (!common.generics.some((g) => g.id === id)) throw new SitrepError('E_DATA', `lang/${lang}/actors.json: forms for unknown generic "${id}"`);
  }

  for (const form of data.stopPhrases ?? []) matcher.add(form, { type: 'stop', cap: false });

  const g = data.grammar;
  const foldAll = (xs: string[]): Set<string> => new Set(xs.map(fold));
  return {
    lang,
    matcher,
    states,
    entities,
    generics: new Map(common.generics.map((d) => [d.id, d])),
    stateMedia: common.stateMedia,
    stateSector: common.states.sector,
    grammar: {
      determiners: new Map(Object.entries(g.determiners).map(([k, v]) => [fold(k), v])),
      npStarters: foldAll(g.npStarters),
      locatives: foldAll(g.locatives),
      complementPrepositions: foldAll(g.complementPrepositions),
      complementArticles: foldAll(g.complementArticles),
      demonymPosition: g.demonymPosition,
      possessiveClitics: foldAll(g.possessiveClitics),
      placeNouns: foldAll(g.placeNouns),
      listJoiners: foldAll(g.listJoiners),
      metonymVerbs: foldAll(g.metonymVerbs),
      numberWords: new Map([...Object.entries(g.numberWords), ...g.quantifiers.map((q): [string, number] => [q, 0])].map(([k, v]) => [fold(k), v])),
    },
    counts: { states: states.size, entities: entities.size - persons, persons, generics, forms: matcher.size },
  };
}

/** Country names and demonyms from world-countries, plus the language file's additions. */
function buildStates(common: CommonActors, data: LangActors, lang: LangCode, matcher: PhraseMatcher<LexItem>): Map<string, StateRecord> {
  const cfg = common.states;
  const sd = data.states;
  const include = new Set(cfg.include);
  const blocked = new Set(sd.blockNames.map(fold));
  const states = new Map<string, StateRecord>();
  const countries = worldCountries().filter((c) => c.independent === true || c.unMember || include.has(c.cca3));
  const byCode = new Map<string, WorldCountry>();
  for (const c of countries) {
    const code = cfg.codeOverrides[c.cca3] ?? c.cca3;
    byCode.set(code, c);
    const eng = c.demonyms?.eng;
    states.set(code, { code, name: cfg.nameOverrides[code] ?? c.name.common, demonym: eng?.m || c.name.common });
  }
  const langKey = lang === 'fr' ? 'fra' : lang === 'en' ? 'eng' : lang;

  // Names first, so a demonym that equals a name ("Vatican") stays a name.
  const nameKeys = new Set<string>();
  for (const [code, c] of byCode) {
    const state = states.get(code) as StateRecord;
    const names = new Set<string>(sd.extraNames[code] ?? []);
    if (langKey === 'eng') {
      names.add(c.name.common);
      names.add(c.name.official);
    } else {
      const tr = c.translations[langKey];
      if (tr) {
        names.add(tr.common);
        names.add(tr.official);
      }
    }
    for (const alt of c.altSpellings) {
      // Two-letter codes ("SY", "IN", "IT") collide with ordinary words; extraNames carries "US", "UK".
      if (/^[A-Z]{2}$/.test(alt)) continue;
      names.add(alt);
    }
    for (const name of names) {
      if (!name || name.includes('(') || name.includes(',') || !LATIN.test(name) || blocked.has(fold(name))) continue;
      nameKeys.add(fold(name));
      matcher.add(name, { type: 'state', state, cap: STARTS_UPPER.test(name) });
    }
  }

  // Capitals stand for governments only before a verb ("Moscou a accusé"); the finder checks that.
  for (const [code, c] of byCode) {
    const state = states.get(code) as StateRecord;
    const caps = new Set<string>(sd.extraCapitals[code] ?? []);
    if (sd.useCapitals) for (const cap of c.capital ?? []) caps.add(cap);
    for (const cap of caps) {
      const key = fold(cap);
      if (!cap || nameKeys.has(key) || blocked.has(key) || !LATIN.test(cap)) continue;
      matcher.add(cap, { type: 'state', state, cap: true, metonym: true });
    }
  }

  // Demonyms: a folded form shared by several states goes to the preferred (or largest) one.
  const demonymOwner = new Map<string, { code: string; area: number; forms: Set<string>; plural: Set<string> }>();
  const plural = sd.demonymPlural;
  const invariable = new Set(sd.invariableDemonyms.map(fold));
  const addDemonym = (code: string, raw: string, area: number): void => {
    if (!raw) return;
    const form = sd.lowercaseDemonyms ? raw.toLowerCase() : raw;
    const variants: [string, boolean][] = [[form, false]];
    const f = fold(form);
    if (!invariable.has(f) && !plural.noPluralEndings.some((e) => f.endsWith(e))) variants.push([form + plural.suffix, true]);
    for (const [v, isPlural] of variants) {
      const key = fold(v);
      if (nameKeys.has(key)) continue;
      const pref = sd.demonymPreference[key];
      const cur = demonymOwner.get(key);
      const wins = cur === undefined || (pref !== undefined ? pref === code : cur.code !== pref && area > cur.area);
      if (cur !== undefined && cur.code === code) {
        cur.forms.add(v);
        if (isPlural) cur.plural.add(v);
        continue;
      }
      if (wins) demonymOwner.set(key, { code, area, forms: new Set([v]), plural: new Set(isPlural ? [v] : []) });
    }
  };
  for (const [code, c] of byCode) {
    const d = c.demonyms?.[langKey];
    if (d) {
      addDemonym(code, d.m, c.area);
      addDemonym(code, d.f, c.area);
    }
    for (const extra of sd.extraDemonyms[code] ?? []) addDemonym(code, extra, c.area);
  }
  for (const owner of demonymOwner.values()) {
    const state = states.get(owner.code) as StateRecord;
    for (const form of owner.forms) {
      matcher.add(form, { type: 'demonym', state, plural: owner.plural.has(form), cap: sd.demonymRequiresCapital });
    }
  }
  return states;
}
