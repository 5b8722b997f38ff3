import { SitrepError } from '../../core/errors.js';
import type { Io } from '../main.js';
import { CODES, FILTER_OPTIONS, filterFrom, openDb, parseOptions, reportError } from './common.js';
import { EXPORT_FORMATS } from './export-formats.js';
import { ChunkWriter } from './output.js';

/** Usage of `sitrep export`. */
export const EXPORT_USAGE = `Usage: sitrep export --format acled-csv|plover-json|geojson|jsonl [--out FILE] [event filters as in sitrep events] [--db PATH|postgres://...]
Streams every matching event report (no limit) to stdout or FILE.
`;

/** `sitrep export`: streams matching reports in an interchange format. */
export async function exportCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { ...FILTER_OPTIONS, format: { type: 'string' }, out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(EXPORT_USAGE);
      return CODES.OK;
    }
    if (positionals.length > 0) throw new SitrepError('E_USAGE', `export: unexpected argument "${positionals[0]}"\n${EXPORT_USAGE}`);
    const name = values.format as string | undefined;
    const format = name === undefined ? undefined : EXPORT_FORMATS[name];
    if (!format) throw new SitrepError('E_USAGE', `--format: expected one of ${Object.keys(EXPORT_FORMATS).join(', ')}, found ${name === undefined ? 'nothing' : `"${name}"`}`);
    const filter = filterFrom(values);
    const store = await openDb(values.db as string | undefined);
    const out = new ChunkWriter(io, (values.out as string | undefined) ?? null);
    try {
      let n = 0;
      await out.write(format.header());
      for await (const r of store.events(filter, { order: 'id' })) {
        let row: string;
        try {
          row = format.row(r, n === 0);
        } catch (err) {
          // A row another tool wrote or edited by hand: say which, rather than fail on a bare TypeError.
          throw new SitrepError(
            'E_BAD_RECORD',
            `report ${r.reportId} (document ${r.documentId}): its stored event cannot be written as ${name} (${err instanceof Error ? err.message : String(err)}); expected the event JSON sitrep stores ("sitrep reprocess --all" rewrites every report from its document). ${n} report(s) were written before it`,
            { cause: err },
          );
        }
        await out.write(row);
        n++;
      }
      await out.write(format.footer());
      await out.close();
      io.stderr(`sitrep: exported ${n} event report(s) as ${name}\n`);
      return CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
