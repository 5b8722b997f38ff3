import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { joinTokens, type GoldEntity, type NerGold } from './ner.js';

/** Target and hard maximum size of a pseudo-document, in tokens. */
const CHUNK_TARGET = 400;
const CHUNK_MAX = 600;

/**
 * Europeana Newspapers French NER (BnF, L'Ouest-Éclair). The corpus is one token per line; the
 * provenance list gives line ranges per newspaper page and the issue date. Pages are cut into
 * pseudo-documents of about 400 tokens, ending after a full stop where possible, so items are
 * article-sized. Entities are runs of the same `I-LOC`/`I-PER` tag (IOB1 without B-, so two adjacent
 * same-type names merge, as the corpus itself cannot separate them).
 */
export function loadEuropeana(dir: string): LoadResult<NerGold> {
  const res: LoadResult<NerGold> = { items: [], problems: [] };
  const lines = readFileSync(join(dir, 'enp_FR.bnf.bio.txt'), 'utf8').split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const md = readFileSync(join(dir, 'enp_FR.bnf.md.txt'), 'utf8');
  // The provenance list is partial (later ranges read "L000???"), so each listed start opens a page
  // that runs to the next listed start; lines before the first start or after unknown ends stay
  // in an undated page.
  const starts: { from: number; date: string | null }[] = [];
  const re = /\*\*L(\d+)\s*-\s*L([0-9?]+)\*\*\][^\n]*\n([^\n]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(md)) !== null) {
    // An open-ended range spans many unlisted issues, so its date would be wrong for most lines.
    const d = m[2]!.includes('?') ? null : /(\d{2})-(\d{2})-(\d{4})/.exec(m[3]!);
    starts.push({ from: Number(m[1]), date: d ? `${d[3]}-${d[2]}-${d[1]}` : null });
  }
  starts.sort((x, y) => x.from - y.from);
  if (starts.length === 0 || starts[0]!.from > 1) starts.unshift({ from: 1, date: null });
  const pages = starts.map((st, i) => ({ from: st.from, to: (starts[i + 1]?.from ?? lines.length + 1) - 1, date: st.date }));
  for (const page of pages) {
    let toks: string[] = [];
    let tags: string[] = [];
    let first = page.from;
    const flush = (last: number): void => {
      if (toks.length === 0) return;
      const { text, spans } = joinTokens(toks);
      const entities: GoldEntity[] = [];
      let open: GoldEntity | null = null;
      tags.forEach((tag, i) => {
        const type = tag === 'I-LOC' ? 'LOC' : tag === 'I-PER' ? 'PER' : null;
        if (open && type !== open.type) {
          entities.push(open);
          open = null;
        }
        if (type !== null) {
          if (open) open.end = spans[i]!.end;
          else open = { start: spans[i]!.start, end: spans[i]!.end, type };
        }
      });
      if (open) entities.push(open);
      res.items.push({ id: `europeana:L${first}-L${last}`, text, published: page.date, language: 'fr', gold: { entities } });
      toks = [];
      tags = [];
      first = last + 1;
    };
    for (let ln = page.from; ln <= page.to && ln <= lines.length; ln++) {
      const line = lines[ln - 1]!;
      if (line.trim() === '') continue;
      const sp = line.lastIndexOf(' ');
      if (sp <= 0) {
        res.problems.push(`enp_FR.bnf.bio.txt:${ln}: expected "token tag"; skipped`);
        continue;
      }
      const tok = line.slice(0, sp);
      toks.push(tok);
      tags.push(line.slice(sp + 1).trim());
      // Cut after a sentence end once the target is reached, or hard at the maximum, but never inside
      // an entity run.
      const inEntity = tags[tags.length - 1] !== 'O';
      if ((toks.length >= CHUNK_TARGET && /^[.!?]$/.test(tok)) || (toks.length >= CHUNK_MAX && !inEntity)) flush(ln);
    }
    flush(Math.min(page.to, lines.length));
  }
  return res;
}
