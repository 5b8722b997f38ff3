/**
 * Shared data model of the pipeline. Every stage reads and extends a {@link Doc}; every mention and
 * event field carries the character offsets it came from and the id of the rule that produced it, so
 * any output can be explained.
 */

import type { LangCode } from './languages.js';

export type { LangCode };

/** Character span into the document text (UTF-16 offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** Token kinds produced by the segmenter. */
export type TokenKind = 'word' | 'number' | 'punct';

/** A token with offsets and a folded (lower-case, accent-free) form used for matching. */
export interface Token extends Span {
  text: string;
  /** Lower-cased, diacritics removed, apostrophes unified; same length as `text`. */
  norm: string;
  kind: TokenKind;
  /** Index of the sentence this token belongs to. */
  sentence: number;
  /** Position of the token in the document token list. */
  index: number;
}

/** A sentence with its own token range. */
export interface Sentence extends Span {
  index: number;
  text: string;
  /** Index of first token (inclusive) in `Doc.tokens`. */
  tokenStart: number;
  /** Index past the last token (exclusive) in `Doc.tokens`. */
  tokenEnd: number;
  /** True when the sentence is a heading-like line without final punctuation. */
  heading: boolean;
}

/** Every extracted item says which rule produced it. */
export interface Provenance extends Span {
  text: string;
  rule: string;
  sentence: number;
}

/** PLOVER v0.8 actor sector codes used by sitrep. */
export type Sector =
  | 'GOV'
  | 'MIL'
  | 'REB'
  | 'JUD'
  | 'LEG'
  | 'COP'
  | 'PTY'
  | 'OPP'
  | 'CVL'
  | 'MED'
  | 'REF'
  | 'IGO'
  | 'NGO'
  | 'BUS'
  | 'EDU'
  | 'HLH'
  | 'REL'
  | 'LAB'
  | 'AGR'
  | 'CRM'
  | 'UAF'
  | 'ETH'
  | 'ELI'
  | 'SPY'
  | 'PRI';

/** An actor mention, resolved to a dictionary entry or to a generic sector noun. */
export interface ActorMention extends Provenance {
  /** Canonical English name. */
  name: string;
  /** ISO 3166-1 alpha-3 or null (international bodies, unknown). */
  country: string | null;
  sector: Sector | null;
  /** Dictionary entry id, e.g. `igo.un.ocha`, `state.SYR`, `generic.rebels`. */
  id: string;
  /** entity: a named actor; generic: a sector noun; pronoun: a resolved anaphor. */
  kind: 'entity' | 'generic' | 'pronoun' | 'person';
  plural: boolean;
  /** For pronouns and collective noun phrases: the mentions they stand for. */
  refersTo?: ActorMention[];
}

/** GeoNames-style place precision: 1 place, 2 near/part of region, 3 region, 4 country. */
export type PlacePrecision = 1 | 2 | 3 | 4;

/** A resolved place mention. */
export interface PlaceMention extends Provenance {
  name: string;
  country: string | null;
  admin1: string | null;
  lat: number;
  lon: number;
  geonameId: number | null;
  /** GeoNames feature code (PPLA, PPLC, ADM1, PCLI, ...). */
  featureCode: string;
  precision: PlacePrecision;
}

export type DatePrecision = 'day' | 'week' | 'month' | 'year';

/** A resolved date mention: an interval of ISO days. */
export interface DateMention extends Provenance {
  startDate: string;
  endDate: string;
  precision: DatePrecision;
}

export type CountKind = 'killed' | 'injured' | 'displaced' | 'arrested' | 'kidnapped';
export type CountQualifier = 'exact' | 'at_least' | 'at_most' | 'approx';

/** A casualty or displacement figure. */
export interface CountMention extends Provenance {
  kind: CountKind;
  value: number;
  qualifier: CountQualifier;
  low: number | null;
  high: number | null;
}

/** A bare cardinal number found in text (before its kind is known). */
export interface NumberMention extends Provenance {
  value: number;
  qualifier: CountQualifier;
  low: number | null;
  high: number | null;
  /** True for year-like numbers that the figures unit should not count. */
  yearLike: boolean;
}

export type Stance = 'asserted' | 'denied' | 'reported';

/** An attribution cue: "selon X", "X a déclaré", "niant", "reportedly". */
export interface AttributionCue extends Provenance {
  kind: 'source' | 'denial' | 'hearsay' | 'conditional';
  /** The actor the statement is attributed to, if any. */
  by: ActorMention | null;
}

/** PLOVER v0.8 event types. */
export type PloverType =
  | 'AGREE'
  | 'CONSULT'
  | 'SUPPORT'
  | 'CONCEDE'
  | 'COOPERATE'
  | 'AID'
  | 'RETREAT'
  | 'REQUEST'
  | 'ACCUSE'
  | 'REJECT'
  | 'THREATEN'
  | 'PROTEST'
  | 'SANCTION'
  | 'MOBILIZE'
  | 'COERCE'
  | 'ASSAULT';

/** A trigger word or phrase found in text. */
export interface TriggerMention extends Provenance {
  /** Lexicon entry id. */
  id: string;
  type: PloverType;
  mode: string | null;
  acled: { eventType: string; subEventType: string } | null;
  /** Whether the trigger is a verb (has a subject) or a nominalisation ("l'offensive de X"). */
  pos: 'verb' | 'noun';
  /** True when the trigger phrase is passive ("ont été tués"), swapping source and target. */
  passive: boolean;
  /** Lexicon strength (0-100): the events stage picks the strongest trigger of a clause as its head. */
  priority?: number;
  /** True for verbs that take another event as complement ("threatened to attack", "appelant à"). */
  governs?: boolean;
}

/** Actor as output in an event. */
export interface EventActor extends Span {
  name: string;
  text: string;
  country: string | null;
  sector: Sector | null;
  id: string;
  /** Rule that attached this actor to the event (e.g. `event.source.subject`). */
  rule: string;
}

/** Place as output in an event. */
export interface EventLocation extends Span {
  name: string;
  text: string;
  country: string | null;
  admin1: string | null;
  lat: number;
  lon: number;
  geonameId: number | null;
  precision: PlacePrecision;
  /** Rule that chose this place for the event. */
  rule: string;
}

/** Dates use `start`/`end` for the ISO interval, so their character offsets are `charStart`/`charEnd`. */
export interface EventDate {
  charStart: number;
  charEnd: number;
  start: string;
  end: string;
  precision: DatePrecision;
  text: string;
  /** Rule that chose this date for the event. */
  rule: string;
}

export interface EventCount extends Span {
  kind: CountKind;
  value: number;
  qualifier: CountQualifier;
  low: number | null;
  high: number | null;
  by: string | null;
  text: string;
  rule: string;
}

export interface EventAttribution extends Span {
  by: string | null;
  stance: Stance;
  text: string;
  rule: string;
}

/** One extracted event, as written to output. */
export interface SitrepEvent {
  id: string;
  type: PloverType;
  mode: string | null;
  acled: { eventType: string; subEventType: string } | null;
  trigger: { start: number; end: number; text: string };
  source: EventActor[];
  target: EventActor[];
  location: EventLocation | null;
  date: EventDate | null;
  counts: EventCount[];
  attribution: EventAttribution | null;
  historical: boolean;
  evidence: { start: number; end: number; text: string }[];
  rules: string[];
}

/** Error codes are stable: users and tests match on them. */
export type ErrorCode =
  | 'E_EMPTY'
  | 'E_BINARY'
  | 'E_ENCODING'
  | 'E_TOO_LARGE'
  | 'E_LANGUAGE'
  | 'E_BAD_DATE'
  | 'E_BAD_JSON'
  | 'E_BAD_RECORD'
  | 'E_IO'
  | 'E_USAGE'
  | 'E_PIPELINE'
  | 'E_DATA'
  | 'E_INTERNAL';

/** A document-level error record, as written to output. */
export interface DocError {
  code: ErrorCode;
  message: string;
  stage: string | null;
}

/**
 * The document as it flows through the pipeline. Stages add fields; the pipeline checks at assembly
 * time that each stage's `requires` are provided by an earlier stage.
 */
export interface Doc {
  id: string;
  text: string;
  title: string | null;
  url: string | null;
  language: LangCode | null;
  published: string | null;
  sentences: Sentence[];
  tokens: Token[];
  actors: ActorMention[];
  places: PlaceMention[];
  dates: DateMention[];
  numbers: NumberMention[];
  counts: CountMention[];
  triggers: TriggerMention[];
  cues: AttributionCue[];
  events: SitrepEvent[];
  errors: DocError[];
}
