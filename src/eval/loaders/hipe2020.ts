import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { joinTokens, type GoldEntity, type NerGold } from './ner.js';

const FILES = ['HIPE-2022-v2.1-hipe2020-dev-fr.tsv', 'HIPE-2022-v2.1-hipe2020-test-fr.tsv'];

interface RawDoc {
  id: string;
  date: string | null;
  tokens: string[];
  glue: (string | null)[];
  tags: string[];
}

/**
 * HIPE-2020 French (both released files; our own hash split replaces theirs so that all datasets
 * split the same way). Text is rebuilt from tokens using the MISC column: NoSpaceAfter glues,
 * EndOfLine becomes a newline. Entities are the coarse literal tags `loc` and `pers`.
 */
export function loadHipe2020(dir: string): LoadResult<NerGold> {
  const res: LoadResult<NerGold> = { items: [], problems: [] };
  const docs: RawDoc[] = [];
  for (const f of FILES) {
    const path = join(dir, f);
    let cur: RawDoc | null = null;
    let col: Record<string, number> = {};
    readFileSync(path, 'utf8').split(/\r?\n/).forEach((line, k) => {
      if (line.startsWith('TOKEN\t')) {
        col = Object.fromEntries(line.split('\t').map((h, i) => [h, i]));
        return;
      }
      const meta = /^# hipe2022:(document_id|date) = (.*)$/.exec(line);
      if (meta) {
        if (meta[1] === 'document_id') {
          cur = { id: meta[2]!.trim(), date: null, tokens: [], glue: [], tags: [] };
          docs.push(cur);
        } else if (cur) cur.date = /^\d{4}-\d{2}-\d{2}$/.test(meta[2]!.trim()) ? meta[2]!.trim() : null;
        return;
      }
      if (line.startsWith('#') || line.trim() === '') return;
      const cells = line.split('\t');
      const c = cur as RawDoc | null;
      if (c === null || cells.length < 2 || col.TOKEN === undefined) {
        res.problems.push(`${path}:${k + 1}: token line outside a document or malformed; skipped`);
        return;
      }
      const misc = cells[col.MISC ?? -1] ?? '';
      c.tokens.push(cells[col.TOKEN]!);
      c.tags.push(cells[col['NE-COARSE-LIT'] ?? 1] ?? 'O');
      c.glue.push(misc.includes('NoSpaceAfter') ? '' : misc.includes('EndOfLine') ? '\n' : ' ');
    });
  }
  for (const d of docs) {
    if (d.tokens.length === 0) {
      res.problems.push(`hipe2020 ${d.id}: no tokens; skipped`);
      continue;
    }
    const { text, spans } = joinTokens(d.tokens, d.glue);
    const entities: GoldEntity[] = [];
    let open: GoldEntity | null = null;
    d.tags.forEach((tag, i) => {
      const m = /^([BI])-(loc|pers)$/.exec(tag);
      const type = m ? (m[2] === 'loc' ? 'LOC' : 'PER') : null;
      if (open && (type === null || m![1] === 'B' || type !== open.type)) {
        entities.push(open);
        open = null;
      }
      if (type !== null) {
        if (open) open.end = spans[i]!.end;
        else open = { start: spans[i]!.start, end: spans[i]!.end, type };
      }
    });
    if (open) entities.push(open);
    res.items.push({ id: `hipe2020:${d.id}`, text, published: d.date, language: 'fr', gold: { entities } });
  }
  return res;
}
