import { assemblePipeline, emptyDoc, type Pipeline, type Stage } from './core/pipeline.js';
import { makeContext, type Context } from './core/context.js';
import type { Doc } from './core/types.js';
import type { ExtractInput, OutputDoc } from './core/output.js';
import { isLangCode, LANG_CODES } from './core/languages.js';
import { SitrepError, toDocError } from './core/errors.js';
import { ingestStage } from './stages/ingest/index.js';
import { languageStage } from './stages/language/index.js';
import { segmentStage } from './stages/segment/index.js';
import { actorsStage } from './stages/mentions/actors/index.js';
import { placesStage } from './stages/mentions/places/index.js';
import { datesStage } from './stages/mentions/dates/index.js';
import { figuresStage } from './stages/mentions/figures/index.js';
import { triggersStage } from './stages/mentions/triggers/index.js';
import { corefStage } from './stages/resolve/coref.js';
import { cuesStage } from './stages/mentions/cues/index.js';
import { eventsStage } from './stages/events/index.js';

import { PIPELINE_VERSION } from './core/version.js';

export { PIPELINE_VERSION } from './core/version.js';

/** The default stage list, in order. Assembly checks each stage's requirements. */
export const DEFAULT_STAGES: readonly Stage[] = [
  ingestStage,
  languageStage,
  segmentStage,
  actorsStage,
  placesStage,
  datesStage,
  figuresStage,
  triggersStage,
  corefStage,
  cuesStage,
  eventsStage,
];

let defaultPipeline: Pipeline | null = null;

/** The assembled default pipeline (built once). */
export function getPipeline(): Pipeline {
  defaultPipeline ??= assemblePipeline(DEFAULT_STAGES);
  return defaultPipeline;
}

/** Options of {@link extract}. */
export interface ExtractOptions {
  /** Default publication date when the input has none. */
  published?: string | null;
  /** Forced language, or 'auto'. */
  language?: string;
  maxChars?: number;
}

/**
 * Extracts events and resolved mentions from one article. Never throws for bad input: problems are
 * returned in `errors` with a stable code, and `events` is then empty.
 */
export function extract(input: ExtractInput, opts: ExtractOptions = {}): OutputDoc {
  const lang = input.language ?? opts.language ?? 'auto';
  let ctx: Context;
  try {
    if (lang !== 'auto' && !isLangCode(lang)) {
      throw new SitrepError('E_LANGUAGE', `document ${JSON.stringify(input.id)}: unsupported language "${lang}"; expected one of ${LANG_CODES.join(', ')} or auto`);
    }
    ctx = makeContext({ published: input.published ?? opts.published ?? null, language: lang, maxChars: opts.maxChars });
  } catch (err) {
    return toOutput(emptyDoc({ ...input, published: input.published ?? opts.published ?? null }), [toDocError(err, 'ingest')]);
  }
  const doc = getPipeline().run(emptyDoc({ ...input, published: input.published ?? null }), ctx);
  return toOutput(doc, doc.errors);
}

function toOutput(doc: Doc, errors: Doc['errors']): OutputDoc {
  return {
    id: doc.id,
    language: doc.language,
    published: doc.published,
    title: doc.title,
    url: doc.url,
    events: doc.events,
    places: doc.places.map((p) => ({
      text: p.text,
      start: p.start,
      end: p.end,
      name: p.name,
      country: p.country,
      admin1: p.admin1,
      lat: p.lat,
      lon: p.lon,
      geonameId: p.geonameId,
      featureCode: p.featureCode,
      precision: p.precision,
      rule: p.rule,
    })),
    actors: doc.actors.map((a) => ({ text: a.text, start: a.start, end: a.end, name: a.name, country: a.country, sector: a.sector, id: a.id, kind: a.kind, rule: a.rule })),
    dates: doc.dates.map((d) => ({ text: d.text, charStart: d.start, charEnd: d.end, start: d.startDate, end: d.endDate, precision: d.precision, rule: d.rule })),
    errors,
    pipelineVersion: PIPELINE_VERSION,
  };
}
