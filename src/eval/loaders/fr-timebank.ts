import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { attr, decodeEntities, elements } from './text-formats.js';

/** An in-text TIMEX3 with offsets into the tag-stripped `<TEXT>`. */
export interface GoldTimex {
  start: number;
  end: number;
  text: string;
  type: string;
  value: string;
}

/** Gold of a FR-TimeBank document. */
export interface TimebankGold {
  dct: string;
  timexes: GoldTimex[];
}

/**
 * Strips the inline TimeML tags of a `<TEXT>` body, keeping the offsets of every TIMEX3 in the
 * stripped text. Entities are decoded as the text is built, so offsets are in decoded characters.
 */
export function stripTimeml(body: string): { text: string; timexes: GoldTimex[] } {
  let text = '';
  const timexes: GoldTimex[] = [];
  const open: { start: number; attrs: string }[] = [];
  const tag = /<(\/?)([A-Za-z0-9]+)([^>]*)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(body)) !== null) {
    text += decodeEntities(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] !== 'TIMEX3' || m[3]!.endsWith('/')) continue;
    if (m[1] === '') open.push({ start: text.length, attrs: m[3]! });
    else {
      const o = open.pop();
      if (o) timexes.push({ start: o.start, end: text.length, text: text.slice(o.start, text.length), type: attr(o.attrs, 'type') ?? '', value: attr(o.attrs, 'value') ?? '' });
    }
  }
  text += decodeEntities(body.slice(last));
  return { text, timexes };
}

/** FR-TimeBank 1.1: `Data/*.tml` in the dataset folder, in file-name order. */
export function loadFrTimebank(dir: string): LoadResult<TimebankGold> {
  const res: LoadResult<TimebankGold> = { items: [], problems: [] };
  const data = join(dir, 'Data');
  for (const name of readdirSync(data).filter((f) => f.endsWith('.tml')).sort()) {
    const path = join(data, name);
    const xml = readFileSync(path, 'utf8');
    const dctEl = elements(xml, 'DCT')[0];
    const dct = dctEl ? /value="(\d{4}-\d{2}-\d{2})/.exec(dctEl.body)?.[1] : undefined;
    const body = elements(xml, 'TEXT')[0];
    if (dct === undefined || body === undefined) {
      res.problems.push(`${path}: no DCT day or no <TEXT>; skipped`);
      continue;
    }
    const { text, timexes } = stripTimeml(body.body);
    res.items.push({ id: `fr-timebank:${name.replace(/\.tml$/, '')}`, text, published: dct, language: 'fr', gold: { dct, timexes } });
  }
  return res;
}
