import { join } from 'node:path';
import type { LoadResult } from '../types.js';
import { loadLglStyle } from './lgl.js';
import type { GeoGold } from './toponyms.js';

/** TR-News (Kamalloo & Rafiei 2018), in LGL-style XML: `TR-News.xml` in the dataset folder. */
export function loadTrNews(dir: string): LoadResult<GeoGold> {
  return loadLglStyle(join(dir, 'TR-News.xml'), 'tr-news');
}
