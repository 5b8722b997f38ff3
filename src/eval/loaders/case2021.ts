import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from '../types.js';

/** Gold of one CASE 2021 task 2 snippet. */
export interface Case2021Gold {
  label: string;
  /** The ACLED sub-event type the label stands for, or null for the labels outside ACLED. */
  acledSubType: string | null;
}

/**
 * The labels the task calls "seen" (taken from ACLED), read from the task's note: the block of
 * upper-case labels before the "SUBTASK 2" heading.
 */
export function seenLabels(note: string): Set<string> {
  const head = note.split(/SUBTASK 2/)[0] ?? '';
  return new Set(head.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^[A-Z][A-Z_]+$/.test(l)));
}

/** CASE 2021 task 2 test set with labels (TSV, no quoting) and its label descriptions. */
export function loadCase2021(dir: string): LoadResult<Case2021Gold> {
  const res: LoadResult<Case2021Gold> = { items: [], problems: [] };
  const descPath = join(dir, 'label_to_description.json');
  let desc: Record<string, string>;
  let seen: Set<string>;
  try {
    desc = JSON.parse(readFileSync(descPath, 'utf8')) as Record<string, string>;
    seen = seenLabels(readFileSync(join(dir, 'note_on_event_types.txt'), 'utf8'));
  } catch (err) {
    res.problems.push(`${dir}: cannot read the label files (${(err as Error).message}); nothing loaded`);
    return res;
  }
  const path = join(dir, 'test_set_final_release_with_labels.tsv');
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  lines.forEach((line, k) => {
    if (k === 0 || line.trim() === '') return;
    const cells = line.split('\t');
    if (cells.length !== 3 || cells[1]!.trim() === '') {
      res.problems.push(`${path}:${k + 1}: ${cells.length} fields, expected id, snippet, label; skipped`);
      return;
    }
    const label = cells[2]!.trim();
    const acledSubType = seen.has(label) ? (desc[label] ?? null) : null;
    res.items.push({ id: `case2021:${cells[0]!.trim()}`, text: cells[1]!, published: null, language: 'en', gold: { label, acledSubType } });
  });
  return res;
}
