import { assemblePipeline, emptyDoc } from '../src/core/pipeline.js';
import { makeContext, type Context } from '../src/core/context.js';
import type { Doc, LangCode } from '../src/core/types.js';
import { ingestStage } from '../src/stages/ingest/index.js';
import { languageStage } from '../src/stages/language/index.js';
import { segmentStage } from '../src/stages/segment/index.js';

const front = assemblePipeline([ingestStage, languageStage, segmentStage]);

/** Runs ingest, language and segmentation on a text, for unit tests of later stages. */
export function prepare(text: string, lang: LangCode, published: string | null = '2024-12-02'): { doc: Doc; ctx: Context } {
  const ctx = makeContext({ language: lang, published });
  const doc = front.run(emptyDoc({ id: 't', text }), ctx);
  if (doc.errors.length > 0) throw new Error(`prepare failed: ${JSON.stringify(doc.errors)}`);
  return { doc, ctx };
}
