import type { Stage } from '../../core/pipeline.js';
import type { Context } from '../../core/context.js';
import type { Doc } from '../../core/types.js';
import { SitrepError } from '../../core/errors.js';

export { decodeText, firstInvalidUtf8 } from './decode.js';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a YYYY-MM-DD string names a real calendar day. */
export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * Validates decoded text before analysis: refuses empty or whitespace-only text, text with no letters
 * (a dump of digits or punctuation), text over the size limit, and a malformed publication date.
 */
export const ingestStage: Stage = {
  name: 'ingest',
  requires: ['text'],
  provides: ['published'],
  run(doc: Doc, ctx: Context): Doc {
    const where = `document ${JSON.stringify(doc.id)}`;
    if (doc.text.length > ctx.maxChars) {
      throw new SitrepError('E_TOO_LARGE', `${where}: ${doc.text.length} characters, over the limit of ${ctx.maxChars}; split the article or raise --max-chars`);
    }
    if (doc.text.trim().length === 0) throw new SitrepError('E_EMPTY', `${where}: the text is empty; expected article text`);
    if (!/\p{L}{2}/u.test(doc.text)) throw new SitrepError('E_EMPTY', `${where}: the text has no words (only digits, punctuation or symbols)`);
    const published = doc.published ?? ctx.published;
    if (published !== null && !isIsoDay(published)) {
      throw new SitrepError('E_BAD_DATE', `${where}: expected a publication date as YYYY-MM-DD, found ${JSON.stringify(published)}`);
    }
    return { ...doc, published };
  },
};
