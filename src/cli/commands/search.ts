import { SitrepError } from '../../core/errors.js';
import type { Io } from '../main.js';
import { CODES, openDb, parseOptions, reportError } from './common.js';

/** Usage of `sitrep search`. */
export const SEARCH_USAGE = `Usage: sitrep search "QUERY" [--limit N] [--format table|json] [--db PATH|postgres://...]
Full-text search over stored documents; all words must match, accents and case are ignored.
`;

/** `sitrep search "query"`: accent-insensitive full-text search over stored documents. */
export async function searchCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { db: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(SEARCH_USAGE);
      return CODES.OK;
    }
    if (positionals.length === 0) throw new SitrepError('E_USAGE', `search: expected a QUERY\n${SEARCH_USAGE}`);
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new SitrepError('E_USAGE', `--format: expected table or json, found "${format}"`);
    const limit = values.limit === undefined ? 20 : Number(values.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw new SitrepError('E_USAGE', `--limit: expected a positive integer, found "${String(values.limit)}"`);
    const store = await openDb(values.db as string | undefined);
    try {
      const hits = await store.search(positionals.join(' '), limit);
      if (format === 'json') io.stdout(JSON.stringify(hits, null, 2) + '\n');
      else for (const h of hits) io.stdout(`#${h.documentId}  ${h.published ?? '?'}  ${h.title ?? h.url ?? h.inputId}  (${h.reports} event report(s))\n    ${h.snippet}\n`);
      io.stderr(`sitrep: ${hits.length} document(s)\n`);
      return CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
