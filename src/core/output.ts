import type { CountKind, DatePrecision, DocError, PlacePrecision, Sector, SitrepEvent } from './types.js';

/** A resolved place as listed in a document's `places`. */
export interface OutputPlace {
  text: string;
  start: number;
  end: number;
  name: string;
  country: string | null;
  admin1: string | null;
  lat: number;
  lon: number;
  geonameId: number | null;
  featureCode: string;
  precision: PlacePrecision;
  rule: string;
}

/** A resolved actor mention as listed in a document's `actors`. */
export interface OutputActor {
  text: string;
  start: number;
  end: number;
  name: string;
  country: string | null;
  sector: Sector | null;
  id: string;
  kind: string;
  rule: string;
}

/** A resolved date mention as listed in a document's `dates`. */
export interface OutputDate {
  text: string;
  charStart: number;
  charEnd: number;
  start: string;
  end: string;
  precision: DatePrecision;
  rule: string;
}

/** A figure as listed in a document's `counts`. */
export interface OutputCount {
  text: string;
  start: number;
  end: number;
  kind: CountKind;
  value: number;
  rule: string;
}

/** One output document: the contract documented in docs/OUTPUT.md. */
export interface OutputDoc {
  id: string;
  language: string | null;
  published: string | null;
  title: string | null;
  url: string | null;
  events: SitrepEvent[];
  places: OutputPlace[];
  actors: OutputActor[];
  dates: OutputDate[];
  errors: DocError[];
  pipelineVersion: string;
}

/** Input record of `extract --jsonl` and of the library's `extract()`. */
export interface ExtractInput {
  id: string;
  text: string;
  published?: string | null;
  language?: string | null;
  title?: string | null;
  url?: string | null;
}
