import { fold } from '../../../core/text.js';
import type { Token } from '../../../core/types.js';

/** Upper bound on the surface forms one pattern may expand to, so a careless lexicon line cannot explode. */
export const MAX_EXPANSIONS = 10000;

/**
 * Expands the alternation syntax of lexicon forms: "(a|ont|avaient) marché sur" gives "a marché sur",
 * "ont marché sur", "avaient marché sur". An empty alternative makes a word optional: "(nouvelle |)coalition".
 * Groups do not nest. Whitespace is collapsed afterwards. The `*` prefix wildcard is left for the
 * PhraseMatcher, which honours it on the last token only.
 */
export function expandForm(form: string): string[] {
  let out = [form];
  for (;;) {
    const next: string[] = [];
    let expanded = false;
    for (const f of out) {
      const open = f.indexOf('(');
      const close = open < 0 ? -1 : f.indexOf(')', open);
      if (open < 0 || close < 0) {
        next.push(f);
        continue;
      }
      expanded = true;
      const head = f.slice(0, open);
      const tail = f.slice(close + 1);
      for (const alt of f.slice(open + 1, close).split('|')) next.push(head + alt + tail);
    }
    out = next;
    if (out.length > MAX_EXPANSIONS) {
      throw new RangeError(`lexicon form "${form}" expands to more than ${MAX_EXPANSIONS} variants`);
    }
    if (!expanded) break;
  }
  return [...new Set(out.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f.length > 0))];
}

/** Folded set of single words, for token `norm` look-ups. */
export function foldedSet(words: readonly string[] | undefined): Set<string> {
  return new Set((words ?? []).map((w) => fold(w)));
}

/**
 * Index of the token before `index` in the same sentence, skipping tokens whose norm is in `skip`
 * (at most `maxSkip` of them); -1 when the sentence starts first.
 */
export function previousToken(tokens: readonly Token[], index: number, skip: Set<string>, maxSkip = 3): number {
  const here = tokens[index];
  if (here === undefined) return -1;
  let skipped = 0;
  for (let i = index - 1; i >= 0; i--) {
    const t = tokens[i] as Token;
    if (t.sentence !== here.sentence) return -1;
    if (skip.has(t.norm) && skipped < maxSkip) {
      skipped++;
      continue;
    }
    return i;
  }
  return -1;
}
