import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { SitrepError } from '../../core/errors.js';
import { isIsoDay } from '../../stages/ingest/index.js';
import { expandInputs, readInput } from '../../ingest/sources.js';
import { formatSummary, ingestStream, newSummary, type IngestSummary } from '../../ingest/runner.js';
import type { ReadResult, ReaderOptions } from '../../ingest/types.js';
import type { Store } from '../../store/types.js';
import type { Io } from '../main.js';
import { CODES, openDb, parseOptions, reportError, wantProgress } from './common.js';

/** Usage of `sitrep ingest`. */
export const INGEST_USAGE = `Usage: sitrep ingest INPUT... [--published YYYY-MM-DD] [--lang fr|en|auto] [--source NAME] [--db PATH|postgres://...] [--timeout SECONDS]
INPUT: text files, saved HTML pages, RSS/Atom feeds (file or URL), JSONL (extract input format), folders (recursive), page URLs.
`;

/** Reader options from the shared ingest flags (also used by `watch`). */
export function readerOptions(values: Record<string, unknown>): ReaderOptions {
  const published = (values.published as string | undefined) ?? null;
  if (published !== null && !isIsoDay(published)) throw new SitrepError('E_USAGE', `--published: expected YYYY-MM-DD, found "${published}"`);
  const lang = (values.lang as string | undefined) ?? 'auto';
  if (!['fr', 'en', 'auto'].includes(lang)) throw new SitrepError('E_USAGE', `--lang: expected fr, en or auto, found "${lang}"`);
  const timeout = values.timeout === undefined ? 20 : Number(values.timeout);
  if (!(timeout > 0 && timeout <= 600)) throw new SitrepError('E_USAGE', `--timeout: expected seconds between 1 and 600, found "${String(values.timeout)}"`);
  return { published, language: lang === 'auto' ? null : lang, source: (values.source as string | undefined) ?? null, timeoutMs: timeout * 1000, maxBytes: 20 * 1024 * 1024 };
}

/** Shared flags of `ingest` and `watch`. */
export const READER_FLAGS = {
  published: { type: 'string' },
  lang: { type: 'string' },
  source: { type: 'string' },
  db: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/**
 * Ingests inputs into a store, with an optional progress bar; returns the run totals. All inputs feed
 * one pipeline (see {@link ingestStream}), so a folder of small files overlaps storage with
 * extraction as well as one large JSONL file does.
 */
export async function ingestInputs(store: Store, inputs: string[], opts: ReaderOptions, progress: boolean): Promise<IngestSummary> {
  const start = performance.now();
  const summary = newSummary();
  const { files, failures } = await expandInputs(inputs);
  // cli-progress is loaded only for a terminal: pipes and CI never draw a bar.
  const cliProgress = progress ? (createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress')) : null;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        { format: 'ingest {bar} {value}/{total} inputs | {stored} stored, {dups} dup, {failed} failed, {events} events', stream: process.stderr, hideCursor: true, etaBuffer: 20 },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const payload = () => ({ stored: summary.stored + summary.versions, dups: summary.duplicates, failed: summary.failed, events: summary.events });
  async function* results(): AsyncGenerator<ReadResult> {
    for (const failure of failures) yield { failure };
    for (const file of files) {
      yield* readInput(file, opts);
      bar?.increment(1, payload());
    }
  }
  bar?.start(files.length, 0, payload());
  try {
    await ingestStream(store, results(), summary, { onResult: () => bar?.update(payload()) });
  } finally {
    bar?.stop();
  }
  summary.elapsedMs = performance.now() - start;
  return summary;
}

/**
 * `sitrep ingest INPUT...`: reads, extracts and stores every input. Each document commits on its own,
 * so an interrupted run keeps what it stored and a rerun skips it. Exit 65 when some inputs failed
 * (listed by `sitrep errors`), after all the others were stored.
 */
export async function ingestCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { ...READER_FLAGS, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(INGEST_USAGE);
      return CODES.OK;
    }
    if (positionals.length === 0) throw new SitrepError('E_USAGE', `ingest: expected at least one INPUT\n${INGEST_USAGE}`);
    const opts = readerOptions(values);
    const store = await openDb(values.db as string | undefined, { writes: true });
    // The write path starts now at the latest (PostgreSQL's writer thread began while the store
    // opened), so that its start-up overlaps this thread's work before the first save instead of
    // holding up the first saves: on a run of a few dozen articles that start-up was most of what
    // storing cost.
    store.prepareWrites?.();
    try {
      const summary = await ingestInputs(store, positionals, opts, wantProgress());
      io.stderr(formatSummary(summary));
      if (summary.failed > 0) io.stderr(`sitrep: ${summary.failed} input(s) failed; see \`sitrep errors\`\n`);
      return summary.failed > 0 ? CODES.DATA : CODES.OK;
    } finally {
      await store.close();
    }
  } catch (err) {
    return reportError(err, io);
  }
}
