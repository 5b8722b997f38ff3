import type { Stage } from '../../core/pipeline.js';
import type { Doc, Sentence, Token } from '../../core/types.js';
import { langData } from '../../core/data.js';
import { tokenize, type TokenizerData } from '../../core/text.js';
import { SitrepError } from '../../core/errors.js';
import { splitSentences, type SentenceData } from './sentences.js';

export { splitSentences } from './sentences.js';

/** Contents of `lang/<code>/segment.json`. */
export type SegmentData = TokenizerData & SentenceData;

/** Splits the text into sentences and tokens, with offsets into the original text. */
export const segmentStage: Stage = {
  name: 'segment',
  requires: ['text', 'language'],
  provides: ['sentences', 'tokens'],
  run(doc: Doc): Doc {
    if (doc.language === null) throw new SitrepError('E_PIPELINE', 'segment needs a detected language, found none');
    const data = langData<SegmentData>(doc.language, 'segment');
    const sentences: Sentence[] = [];
    const tokens: Token[] = [];
    for (const s of splitSentences(doc.text, data)) {
      const toks = tokenize(s.text, data, s.start, s.index, tokens.length);
      sentences.push({ ...s, tokenStart: tokens.length, tokenEnd: tokens.length + toks.length });
      for (const t of toks) tokens.push(t);
    }
    return { ...doc, sentences, tokens };
  },
};
