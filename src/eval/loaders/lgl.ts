import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { attr, childText, elements, elementText } from './text-formats.js';
import { realignToponyms, reportAlignment, looseDay, type GeoGold, type GoldToponym } from './toponyms.js';

/**
 * Reads the LGL-style XML shared by LGL and TR-News: `<article docid>` with `<text>` and
 * `<toponym><start/><end/><phrase/><gaztag><lat/><lon/></gaztag></toponym>`. Toponyms without a
 * gaztag are kept for recognition and have null coordinates.
 */
export function loadLglStyle(path: string, prefix: string): LoadResult<GeoGold> {
  const res: LoadResult<GeoGold> = { items: [], problems: [] };
  const xml = readFileSync(path, 'utf8');
  let n = 0;
  let moved = 0;
  let mismatched = 0;
  for (const art of elements(xml, 'article')) {
    n++;
    const docid = attr(art.attrs, 'docid') ?? String(n);
    const textEl = elements(art.body, 'text')[0];
    if (textEl === undefined) {
      res.problems.push(`${path}: article ${docid}: no <text>; skipped`);
      continue;
    }
    const text = elementText(textEl.body);
    if (text.trim() === '') {
      res.problems.push(`${path}: article ${docid}: empty text; skipped`);
      continue;
    }
    const toponyms: GoldToponym[] = [];
    let bad = false;
    for (const t of elements(art.body, 'toponym')) {
      const start = Number(childText(t.body, 'start'));
      const end = Number(childText(t.body, 'end'));
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        bad = true;
        continue;
      }
      const gaz = elements(t.body, 'gaztag')[0];
      const lat = gaz ? Number(childText(gaz.body, 'lat')) : NaN;
      const lon = gaz ? Number(childText(gaz.body, 'lon')) : NaN;
      const ok = gaz !== undefined && Number.isFinite(lat) && Number.isFinite(lon);
      toponyms.push({ start, end, phrase: (childText(t.body, 'phrase') ?? '').trim(), lat: ok ? lat : null, lon: ok ? lon : null });
    }
    if (bad) res.problems.push(`${path}: article ${docid}: a toponym without integer offsets was skipped`);
    const al = realignToponyms(text, toponyms);
    moved += al.moved;
    mismatched += al.bad;
    res.items.push({
      id: `${prefix}:${docid}`,
      text,
      published: looseDay(childText(art.body, 'dltime')),
      language: 'en',
      gold: { toponyms },
    });
  }
  reportAlignment(res.problems, path, moved, mismatched);
  return res;
}

/** LGL (Lieberman et al. 2010): `lgl.xml` in the dataset folder. */
export function loadLgl(dir: string): LoadResult<GeoGold> {
  return loadLglStyle(join(dir, 'lgl.xml'), 'lgl');
}
