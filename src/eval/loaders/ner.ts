/** A gold named entity with offsets into the rebuilt text. */
export interface GoldEntity {
  start: number;
  end: number;
  type: 'LOC' | 'PER';
}

/** Gold of an NER document. */
export interface NerGold {
  entities: GoldEntity[];
}

/** No space before closing punctuation, none after opening punctuation or an elided article. */
const NO_SPACE_BEFORE = /^[.,;:!?)\]}»%]/;
const NO_SPACE_AFTER = /(?:^[([{«]$|['’]$)/;

/**
 * Builds running text from tokens, recording each token's offsets. `glue[i]` forces "no space after
 * token i" (HIPE's NoSpaceAfter); otherwise a light French detokeniser decides.
 */
export function joinTokens(tokens: readonly string[], glue?: readonly (string | null)[]): { text: string; spans: { start: number; end: number }[] } {
  let text = '';
  const spans: { start: number; end: number }[] = [];
  tokens.forEach((tok, i) => {
    if (i > 0) {
      const g = glue?.[i - 1];
      if (g !== undefined && g !== null) text += g;
      else if (!(NO_SPACE_BEFORE.test(tok) || NO_SPACE_AFTER.test(tokens[i - 1]!))) text += ' ';
    }
    spans.push({ start: text.length, end: text.length + tok.length });
    text += tok;
  });
  return { text, spans };
}
