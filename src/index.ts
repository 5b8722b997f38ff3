/**
 * sitrep's library entry point: `extract()` one article, or assemble your own pipeline from the stages.
 */
export { extract, getPipeline, DEFAULT_STAGES, PIPELINE_VERSION, type ExtractOptions } from './extract.js';
export type { ExtractInput, OutputDoc, OutputPlace, OutputActor, OutputDate } from './core/output.js';
export type * from './core/types.js';
export { SitrepError, toDocError } from './core/errors.js';
export { assemblePipeline, emptyDoc, INPUT_FIELDS, type Stage, type Pipeline, type DocField } from './core/pipeline.js';
export { makeContext, type Context } from './core/context.js';
export { LANGUAGES, LANG_CODES, isLangCode } from './core/languages.js';
export { decodeText } from './stages/ingest/index.js';
