import type { Stage } from '../../core/pipeline.js';
import type { Doc, Sentence, Token } from '../../core/types.js';
import { langData } from '../../core/data.js';
import { tokenize, type TokenizerData } from '../../core/text.js';
import { SitrepError } from '../../core/errors.js';
import { splitSentences, type SentenceData } from './sentences.js';

export { splitSentences } from './sentences.js';

/** Longest sentence, in tokens, that later stages see; real news sentences stay far below it. */
export const MAX_SENTENCE_TOKENS = 250;

/** End of the next piece of a token run: the whole run if short, else the last comma or semicolon before the bound. */
function cutPoint(toks: readonly Token[], from: number): number {
  if (toks.length - from <= MAX_SENTENCE_TOKENS) return toks.length;
  const bound = from + MAX_SENTENCE_TOKENS;
  for (let i = bound - 1; i > from + MAX_SENTENCE_TOKENS / 2; i--) {
    const t = toks[i] as Token;
    if (t.text === ',' || t.text === ';') return i + 1;
  }
  return bound;
}

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
      const toks = tokenize(s.text, data, s.start, sentences.length, tokens.length);
      // Later stages relate mentions within a sentence, pairwise; a run-on "sentence" of thousands of
      // tokens (a dump, hostile text) is cut into bounded pieces so their cost stays linear.
      for (let from = 0; from < toks.length; ) {
        const to = cutPoint(toks, from);
        const piece = toks.slice(from, to);
        const index = sentences.length;
        for (const t of piece) {
          t.sentence = index;
          tokens.push(t);
        }
        const first = piece[0] as Token;
        const last = piece[piece.length - 1] as Token;
        const whole = from === 0 && to === toks.length;
        sentences.push({
          index,
          start: whole ? s.start : first.start,
          end: whole ? s.end : last.end,
          text: whole ? s.text : doc.text.slice(first.start, last.end),
          heading: s.heading,
          tokenStart: tokens.length - piece.length,
          tokenEnd: tokens.length,
        });
        from = to;
      }
    }
    return { ...doc, sentences, tokens };
  },
};
