import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { attr, childText, elements, elementText } from './text-formats.js';
import { realignToponyms, reportAlignment, looseDay, type GeoGold, type GoldToponym } from './toponyms.js';

/**
 * GeoWebNews span types that are toponyms (Gritta et al. 2019): literal and associative uses alike.
 * The `*_Expression` types mark the context words around a toponym, and Demonym, Language, Homonym
 * and Non_Toponym are not places, so they are not gold toponyms; these are exactly the types that
 * never carry coordinates.
 */
export const GWN_TOPONYM_TYPES = new Set(['Literal', 'Literal_Modifier', 'Metonymic', 'Mixed', 'Coercion', 'Embedded_Literal', 'Embedded_Non_Lit', 'Non_Literal_Modifier']);

/** GeoWebNews: `GWN.xml` in the dataset folder. */
export function loadGeoWebNews(dir: string): LoadResult<GeoGold> {
  const path = join(dir, 'GWN.xml');
  const res: LoadResult<GeoGold> = { items: [], problems: [] };
  const xml = readFileSync(path, 'utf8');
  let moved = 0;
  let mismatched = 0;
  let n = 0;
  for (const art of elements(xml, 'article')) {
    n++;
    const file = attr(art.attrs, 'file') ?? String(n);
    const textEl = elements(art.body, 'text')[0];
    if (textEl === undefined) {
      res.problems.push(`${path}: article ${file}: no <text>; skipped`);
      continue;
    }
    const text = elementText(textEl.body);
    if (text.trim() === '') {
      res.problems.push(`${path}: article ${file}: empty text; skipped`);
      continue;
    }
    const toponyms: GoldToponym[] = [];
    for (const t of elements(art.body, 'toponym')) {
      const type = childText(t.body, 'type') ?? '';
      if (!GWN_TOPONYM_TYPES.has(type)) continue;
      const start = Number(childText(t.body, 'start'));
      const end = Number(childText(t.body, 'end'));
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        res.problems.push(`${path}: article ${file}: a toponym without integer offsets was skipped`);
        continue;
      }
      const latS = childText(t.body, 'latitude');
      const lonS = childText(t.body, 'longitude');
      const lat = latS ? Number(latS) : NaN;
      const lon = lonS ? Number(lonS) : NaN;
      const ok = Number.isFinite(lat) && Number.isFinite(lon);
      toponyms.push({ start, end, phrase: childText(t.body, 'extractedName') ?? '', lat: ok ? lat : null, lon: ok ? lon : null });
    }
    const al = realignToponyms(text, toponyms);
    moved += al.moved;
    mismatched += al.bad;
    res.items.push({ id: `gwn:${file}`, text, published: looseDay(childText(art.body, 'link')), language: 'en', gold: { toponyms } });
  }
  reportAlignment(res.problems, path, moved, mismatched);
  return res;
}
