import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { extract, PIPELINE_VERSION } from '../extract.js';
import { decodeText } from '../stages/ingest/index.js';
import { isIsoDay } from '../stages/ingest/index.js';
import { SitrepError } from '../core/errors.js';
import { formatTable } from './format-table.js';
import { runJsonl } from './jsonl.js';

/** Exit codes follow BSD sysexits so scripts can tell usage errors from bad data. */
export const EXIT = { OK: 0, USAGE: 64, DATA: 65, NOINPUT: 66, SOFTWARE: 70 } as const;

const HELP = `sitrep ${PIPELINE_VERSION} — conflict events from French and English news

Usage:
  sitrep extract FILE|-  [--published YYYY-MM-DD] [--lang fr|en|auto] [--format json|table]
  sitrep extract --jsonl IN.jsonl|-  [--published YYYY-MM-DD] [--lang fr|en|auto]
  sitrep eval DATASET [--limit N] [--split dev|test|all] [--json OUT] [--errors OUT.jsonl] [--data DIR]
  sitrep demo  [--format json|table]     extract the embedded seed article (Aleppo, 2024-12-02)

Store (SQLite file ./sitrep.db by default; --db FILE|postgres://... or SITREP_DB):
  sitrep ingest INPUT... [--published D] [--lang L] [--source NAME] [--db DB]   files, folders, HTML, RSS/Atom, JSONL, URLs
  sitrep events [--since D] [--until D] [--country ISO3] [--type T] [--acled-type T] [--actor A] [--place P]
                [--bbox W,S,E,N] [--text Q] [--format table|json] [--db DB]
  sitrep search "query" [--db DB]                 full-text search over stored documents
  sitrep export --format acled-csv|plover-json|geojson|jsonl [filters as for events] [--db DB]
  sitrep errors [--db DB]                          inputs that failed, with stage and reason
  sitrep reprocess [--db DB]                       re-run extraction where the pipeline version is older
  sitrep watch FEEDS.txt [--every 15m] [--db DB]   poll feeds until Ctrl-C

extract --jsonl reads one {"id","text","published"?,"language"?,"title"?,"url"?} object per line and
writes one result per line, in order; a bad line yields an error record and the run goes on.
Exit codes: 0 ok, 64 usage, 65 bad input (some records failed), 66 missing input, 70 internal error.
`;

/** Writes to stdout/stderr; injectable for tests. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const processIo: Io = { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) };

/** CLI entry point; returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP);
        return command === undefined ? EXIT.USAGE : EXIT.OK;
      case '--version':
        io.stdout(`${PIPELINE_VERSION}\n`);
        return EXIT.OK;
      case 'extract':
        return await extractCommand(rest, io);
      case 'demo':
        return await demoCommand(rest, io);
      case 'eval': {
        const mod = await import('../eval/index.js');
        return await mod.runEval(rest, io);
      }
      // Store commands load their modules on demand so that `extract` never pays for the database drivers.
      case 'ingest':
        return await (await import('./commands/ingest.js')).ingestCommand(rest, io);
      case 'errors':
        return await (await import('./commands/errors.js')).errorsCommand(rest, io);
      case 'reprocess':
        return await (await import('./commands/reprocess.js')).reprocessCommand(rest, io);
      case 'watch':
        return await (await import('./commands/watch.js')).watchCommand(rest, io);
      case 'events':
        return await (await import('./commands/events.js')).eventsCommand(rest, io);
      case 'search':
        return await (await import('./commands/search.js')).searchCommand(rest, io);
      case 'export':
        return await (await import('./commands/export.js')).exportCommand(rest, io);
      default:
        io.stderr(`sitrep: unknown command "${command}"; expected extract, demo, eval, ingest, events, search, export, errors, reprocess or watch (see sitrep --help)\n`);
        return EXIT.USAGE;
    }
  } catch (err) {
    if (err instanceof SitrepError) {
      io.stderr(`sitrep: ${err.code}: ${err.message}\n`);
      if (err.code === 'E_USAGE') return EXIT.USAGE;
      if (err.code === 'E_IO') return EXIT.NOINPUT;
      return EXIT.DATA;
    }
    throw err;
  }
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        published: { type: 'string' },
        lang: { type: 'string', default: 'auto' },
        format: { type: 'string', default: 'json' },
        jsonl: { type: 'string' },
        'max-chars': { type: 'string' },
      },
    });
  } catch (err) {
    throw new SitrepError('E_USAGE', (err as Error).message);
  }
}

async function extractCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args);
  const published = values.published ?? null;
  if (published !== null && !isIsoDay(published)) throw new SitrepError('E_USAGE', `--published: expected YYYY-MM-DD, found "${published}"`);
  const lang = values.lang ?? 'auto';
  if (!['fr', 'en', 'auto'].includes(lang)) throw new SitrepError('E_USAGE', `--lang: expected fr, en or auto, found "${lang}"`);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'table') throw new SitrepError('E_USAGE', `--format: expected json or table, found "${format}"`);
  const maxChars = values['max-chars'] === undefined ? undefined : Number(values['max-chars']);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars > 0)) throw new SitrepError('E_USAGE', `--max-chars: expected a positive integer, found "${values['max-chars']}"`);
  const opts = { published, language: lang, maxChars };

  if (values.jsonl !== undefined) {
    if (positionals.length > 0) throw new SitrepError('E_USAGE', 'extract --jsonl takes no FILE argument');
    const summary = await runJsonl(values.jsonl, process.stdout, opts);
    io.stderr(`sitrep: ${summary.lines} line(s), ${summary.ok} ok, ${summary.failed} failed, ${summary.events} event(s)\n`);
    return summary.failed > 0 ? EXIT.DATA : EXIT.OK;
  }
  if (positionals.length !== 1) throw new SitrepError('E_USAGE', `extract: expected one FILE or -, found ${positionals.length}`);
  const file = positionals[0] as string;
  let bytes: Buffer;
  try {
    bytes = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (err) {
    throw new SitrepError('E_IO', `cannot read ${file}: ${(err as Error).message}`);
  }
  const name = file === '-' ? 'stdin' : file;
  const text = decodeText(bytes, name);
  const doc = extract({ id: name, text }, opts);
  io.stdout(format === 'table' ? formatTable(doc) : JSON.stringify(doc, null, 2) + '\n');
  if (doc.errors.length > 0) {
    for (const e of doc.errors) io.stderr(`sitrep: ${e.code}: ${e.message}\n`);
    return EXIT.DATA;
  }
  return EXIT.OK;
}

async function demoCommand(args: string[], io: Io): Promise<number> {
  // A person runs the demo, so it reads as a table unless JSON is asked for.
  const { values } = parse(args.includes('--format') || args.some((a) => a.startsWith('--format=')) ? args : [...args, '--format', 'table']);
  if (values.format !== 'json' && values.format !== 'table') throw new SitrepError('E_USAGE', `--format: expected json or table, found "${values.format}"`);
  const { seedArticle } = await import('./seed.js');
  const seed = seedArticle();
  const doc = extract({ id: seed.id, text: seed.text, published: seed.published });
  io.stdout(values.format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : formatTable(doc));
  return doc.errors.length > 0 ? EXIT.DATA : EXIT.OK;
}
