import { SitrepError } from '../../core/errors.js';
import type { Io } from '../main.js';
import { CODES, openDb, parseOptions, reportError } from './common.js';

/** Usage of `sitrep errors`. */
export const ERRORS_USAGE = `Usage: sitrep errors [--run RUN_ID] [--limit N] [--format table|json] [--db PATH|postgres://...]
Lists the error log, newest first: input, stage, code and reason.
`;

/** `sitrep errors`: lists logged ingest failures. */
export async function errorsCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { db: { type: 'string' }, run: { type: 'string' }, limit: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(ERRORS_USAGE);
      return CODES.OK;
    }
    if (positionals.length > 0) throw new SitrepError('E_USAGE', `errors: unexpected argument "${positionals[0]}"`);
    const format = (values.format as string | undefined) ?? 'table';
    if (format !== 'table' && format !== 'json') throw new SitrepError('E_USAGE', `--format: expected table or json, found "${format}"`);
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit <= 0) throw new SitrepError('E_USAGE', `--limit: expected a positive integer, found "${String(values.limit)}"`);
    const store = await openDb(values.db as string | undefined);
    try {
      const list = await store.errors({ limit, runId: values.run as string | undefined });
      if (format === 'json') io.stdout(JSON.stringify(list, null, 2) + '\n');
      else for (const e of list) io.stdout(`${e.at}  ${e.stage.padEnd(8)} ${e.code.padEnd(13)} ${e.input}\n    ${e.reason}\n`);
      io.stderr(`sitrep: ${list.length} error(s) listed\n`);
      return CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
