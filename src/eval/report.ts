import type { DatasetResult, Metric, SplitName } from './types.js';

/** A metric value as printed: percentages with one decimal, km rounded, AUC with three decimals. */
export function formatValue(value: number | null, unit: Metric['unit']): string {
  if (value === null || Number.isNaN(value)) return '–';
  switch (unit) {
    case 'ratio':
      return `${(value * 100).toFixed(1)}%`;
    case 'km':
      return `${value.toFixed(0)} km`;
    case 'auc':
      return value.toFixed(3);
    case 'count':
      return String(Math.round(value));
  }
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w);
}

/**
 * The readable report: one block per dataset, one row per metric, test and dev side by side with the
 * size of the population each number is computed on, and a published reference where there is one.
 */
export function formatReport(results: readonly DatasetResult[], splits: readonly SplitName[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const sizes = splits.map((s) => `${s} ${r.counts[s]}`).join(', ');
    lines.push(`== ${r.dataset} (${sizes} items, ${r.seconds.toFixed(1)} s)`);
    if (r.note) lines.push(`   ${r.note}`);
    const names: string[] = [];
    const bySplit = new Map<SplitName, Map<string, Metric>>();
    for (const s of splits) {
      const m = new Map<string, Metric>();
      for (const x of r.metrics[s]) {
        m.set(x.name, x);
        if (!names.includes(x.name)) names.push(x.name);
      }
      bySplit.set(s, m);
    }
    if (names.length > 0) {
      const rows: string[][] = [['metric', ...splits.flatMap((s) => [s, 'n']), 'reference']];
      for (const name of names) {
        const row = [name];
        let ref = '';
        for (const s of splits) {
          const x = bySplit.get(s)!.get(name);
          row.push(x ? formatValue(x.value, x.unit) : '', x ? String(x.n) : '');
          if (x?.reference) ref = `${formatValue(x.reference.value, x.unit)} ${x.reference.label}`;
        }
        row.push(ref);
        rows.push(row);
      }
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
      rows.forEach((row, k) => {
        lines.push(`   ${row.map((cell, c) => pad(cell, widths[c]!, c > 0 && c < row.length - 1)).join('  ').trimEnd()}`);
        if (k === 0) lines.push(`   ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
      });
    }
    const shown = r.problems.slice(0, 5);
    for (const p of shown) lines.push(`   ! ${p}`);
    if (r.problems.length > shown.length) lines.push(`   ! ... and ${r.problems.length - shown.length} more (see --json)`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
