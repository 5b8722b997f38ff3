import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { childText, elements, elementText } from './text-formats.js';
import { realignToponyms, reportAlignment, type GeoGold, type GoldToponym } from './toponyms.js';

/** GeoVirus (Gritta et al. 2018): `GeoVirus.xml` in the dataset folder. Items are keyed by URL. */
export function loadGeoVirus(dir: string): LoadResult<GeoGold> {
  const path = join(dir, 'GeoVirus.xml');
  const res: LoadResult<GeoGold> = { items: [], problems: [] };
  const xml = readFileSync(path, 'utf8');
  let moved = 0;
  let mismatched = 0;
  let n = 0;
  const seen = new Set<string>();
  for (const art of elements(xml, 'article')) {
    n++;
    const textEl = elements(art.body, 'text')[0];
    if (textEl === undefined) {
      res.problems.push(`${path}: article ${n}: no <text>; skipped`);
      continue;
    }
    const text = elementText(textEl.body);
    if (text.trim() === '') {
      res.problems.push(`${path}: article ${n}: empty text; skipped`);
      continue;
    }
    let id = `geovirus:${(childText(art.body, 'source') ?? String(n)).trim().replace(/^https?:\/\/en\.wikinews\.org\/wiki\//, '')}`;
    if (seen.has(id)) id = `${id}#${n}`;
    seen.add(id);
    const toponyms: GoldToponym[] = [];
    for (const t of elements(art.body, 'location')) {
      const start = Number(childText(t.body, 'start'));
      const end = Number(childText(t.body, 'end'));
      const lat = Number(childText(t.body, 'lat'));
      const lon = Number(childText(t.body, 'lon'));
      if (!Number.isInteger(start) || !Number.isInteger(end)) {
        res.problems.push(`${path}: article ${n}: a location without integer offsets was skipped`);
        continue;
      }
      const ok = Number.isFinite(lat) && Number.isFinite(lon);
      toponyms.push({ start, end, phrase: childText(t.body, 'name') ?? '', lat: ok ? lat : null, lon: ok ? lon : null });
    }
    const al = realignToponyms(text, toponyms);
    moved += al.moved;
    mismatched += al.bad;
    // WikiNews articles carry no date field; the URL rarely has one, so published stays unknown.
    res.items.push({ id, text, published: null, language: 'en', gold: { toponyms } });
  }
  reportAlignment(res.problems, path, moved, mismatched);
  return res;
}
