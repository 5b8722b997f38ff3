import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../core/data.js';

/** The embedded default article: the seed text sitrep started from, with its publication date. */
export function seedArticle(): { id: string; text: string; published: string } {
  const text = readFileSync(join(projectRoot(), 'examples', 'aleppo-2024-12.txt'), 'utf8');
  return { id: 'aleppo-2024-12', text, published: '2024-12-02' };
}
