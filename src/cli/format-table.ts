import type { OutputDoc } from '../core/output.js';
import type { EventActor, SitrepEvent } from '../core/types.js';

function actors(list: EventActor[]): string {
  if (list.length === 0) return '-';
  return list.map((a) => `${a.name}${a.country || a.sector ? ` [${[a.country, a.sector].filter(Boolean).join(' ')}]` : ''}`).join(', ');
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length <= n ? flat : `${flat.slice(0, n - 1)}…`;
}

function eventLines(e: SitrepEvent, i: number): string[] {
  const lines: string[] = [];
  const acled = e.acled ? `${e.acled.eventType} / ${e.acled.subEventType}` : 'not ACLED-coded';
  const flags = [e.historical ? 'historical' : null, e.attribution && e.attribution.stance !== 'asserted' ? e.attribution.stance.toUpperCase() : null]
    .filter(Boolean)
    .join(', ');
  lines.push(`${String(i + 1).padStart(2)}. ${e.type}${e.mode ? `/${e.mode}` : ''}  (${acled})${flags ? `  [${flags}]` : ''}`);
  lines.push(`    who:   ${actors(e.source)}  ->  ${actors(e.target)}`);
  if (e.date) lines.push(`    when:  ${e.date.start === e.date.end ? e.date.start : `${e.date.start} .. ${e.date.end}`} (${e.date.precision}; "${e.date.text}")`);
  if (e.location) {
    const l = e.location;
    lines.push(`    where: ${l.name}${l.admin1 ? `, ${l.admin1}` : ''}${l.country ? ` (${l.country})` : ''}  ${l.lat.toFixed(2)},${l.lon.toFixed(2)}  precision ${l.precision}`);
  }
  for (const c of e.counts) {
    const q = c.qualifier === 'exact' ? '' : `${c.qualifier.replace('_', ' ')} `;
    lines.push(`    count: ${q}${c.value} ${c.kind}${c.by ? ` (according to ${c.by})` : ''}`);
  }
  if (e.attribution) lines.push(`    said:  ${e.attribution.stance}${e.attribution.by ? ` by ${e.attribution.by}` : ''} ("${clip(e.attribution.text, 50)}")`);
  for (const ev of e.evidence) lines.push(`    from:  [${ev.start}-${ev.end}] "${clip(ev.text, 110)}"`);
  return lines;
}

/** A readable summary of one document's extraction for a person at a terminal. */
export function formatTable(doc: OutputDoc): string {
  const out: string[] = [];
  out.push(`Document ${doc.id}  language=${doc.language ?? '?'}  published=${doc.published ?? 'unknown'}`);
  for (const err of doc.errors) out.push(`  ERROR ${err.code}${err.stage ? ` in ${err.stage}` : ''}: ${err.message}`);
  out.push(`  ${doc.events.length} event(s), ${doc.places.length} place mention(s), ${doc.actors.length} actor mention(s), ${doc.dates.length} date(s)`);
  doc.events.forEach((e, i) => out.push(...eventLines(e, i)));
  return out.join('\n') + '\n';
}
