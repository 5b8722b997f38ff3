import { SitrepError } from '../../core/errors.js';
import type { StoredReport } from '../../store/types.js';
import type { Io } from '../main.js';
import { CODES, FILTER_OPTIONS, filterFrom, openDb, parseOptions, reportError } from './common.js';
import { ChunkWriter } from './output.js';

/** Usage of `sitrep events`. */
export const EVENTS_USAGE = `Usage: sitrep events [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--country SYR] [--type ASSAULT] [--acled-type Battles]
                     [--actor NAME|ID] [--place NAME] [--bbox minLon,minLat,maxLon,maxLat] [--text QUERY]
                     [--limit N] [--format table|json] [--db PATH|postgres://...]
Lists stored event reports, latest event date first (default limit 50).
Write negative coordinates with '=': --bbox=-10,10,5,20.
`;

function cut(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s.padEnd(n);
}

/** One table line of a report. */
export function tableLine(r: StoredReport): string {
  const e = r.event;
  const actors = [e.source.map((a) => a.name).join('+'), e.target.map((a) => a.name).join('+')].filter((s) => s !== '').join(' → ');
  return [
    String(r.eventId).padStart(7),
    cut(r.eventDate ?? '?', 10),
    cut(e.type, 9),
    cut(e.acled ? e.acled.subEventType : '', 24),
    cut(e.location ? `${e.location.name}${r.country ? ` (${r.country})` : ''}` : (r.country ?? ''), 26),
    String(r.fatalities ?? '').padStart(5),
    cut(actors, 44),
    r.document.title ?? r.document.url ?? r.document.inputId,
  ].join('  ');
}

/** `sitrep events`: filtered listing of stored reports as a table or JSON. */
export async function eventsCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { ...FILTER_OPTIONS, limit: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(EVENTS_USAGE);
      return CODES.OK;
    }
    if (positionals.length > 0) throw new SitrepError('E_USAGE', `events: unexpected argument "${positionals[0]}"\n${EVENTS_USAGE}`);
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new SitrepError('E_USAGE', `--format: expected table or json, found "${format}"`);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw new SitrepError('E_USAGE', `--limit: expected a positive integer, found "${String(values.limit)}"`);
    const filter = filterFrom(values);
    const store = await openDb(values.db as string | undefined);
    const out = new ChunkWriter(io, null);
    try {
      let n = 0;
      if (format === 'json') await out.write('[');
      else await out.write(`${'event'.padStart(7)}  ${'date'.padEnd(10)}  ${'type'.padEnd(9)}  ${'acled'.padEnd(24)}  ${'place'.padEnd(26)}  ${'dead'.padStart(5)}  ${'actors'.padEnd(44)}  document\n`);
      for await (const r of store.events(filter, { limit, order: 'newest' })) {
        if (format === 'json') await out.write(`${n === 0 ? '\n' : ',\n'}${JSON.stringify({ eventId: r.eventId, reportId: r.reportId, documentId: r.documentId, eventDate: r.eventDate, country: r.country, fatalities: r.fatalities, stance: r.stance, document: r.document, event: r.event })}`);
        else await out.write(tableLine(r) + '\n');
        n++;
      }
      if (format === 'json') await out.write(n === 0 ? ']\n' : '\n]\n');
      await out.close();
      if (format === 'table') io.stderr(`sitrep: ${n} event report(s)${n === limit ? ` (limit ${limit}; use --limit)` : ''}\n`);
      return CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
