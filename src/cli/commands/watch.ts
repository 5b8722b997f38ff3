import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SitrepError } from '../../core/errors.js';
import { hasValidators } from '../../ingest/fetch.js';
import { isUrl, readInput } from '../../ingest/sources.js';
import { formatSummary, ingestStream, newSummary, type IngestSummary } from '../../ingest/runner.js';
import type { HttpValidators, ReadResult, ReaderOptions } from '../../ingest/types.js';
import type { Store } from '../../store/types.js';
import type { Io } from '../main.js';
import { CODES, openDb, parseOptions, reportError } from './common.js';
import { READER_FLAGS, readerOptions } from './ingest.js';

/** Usage of `sitrep watch`. */
export const WATCH_USAGE = `Usage: sitrep watch FEEDS.txt [--every 15m] [--once] [--published YYYY-MM-DD] [--lang fr|en|auto] [--source NAME] [--db PATH|postgres://...]
FEEDS.txt lists one feed URL or file per line (# starts a comment). Polls them, ingesting items not seen before
(remembered in the database across restarts), until Ctrl-C. --once makes a single pass.
Exit status: 0 when stopped by Ctrl-C or SIGTERM, whatever the passes logged (see sitrep errors);
with --once, 65 when any item failed, after every other item was stored.
`;

/** Parses an interval like 90s, 15m, 1h, 1h30m into milliseconds. */
export function parseInterval(s: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s.trim());
  if (!m || s.trim() === '') throw new SitrepError('E_USAGE', `--every: expected a duration like 30s, 15m, 1h or 1h30m, found "${s}"`);
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  if (ms < 1000) throw new SitrepError('E_USAGE', `--every: expected at least 1s, found "${s}"`);
  return ms;
}

/** Feed list: trimmed non-empty lines without # comments. */
export function parseFeedList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l !== '');
}

/**
 * One polling pass over every feed; stops reading new items when `stop()` turns true (the few
 * already extracted are still written, so nothing read is lost).
 */
export async function pollOnce(store: Store, feeds: string[], opts: ReaderOptions, summary: IngestSummary, stop: () => boolean): Promise<void> {
  const feedOf = new WeakMap<ReadResult, string>();
  /** Validators of the feeds read whole and cleanly this pass, saved once their items are written. */
  const readWhole = new Map<string, HttpValidators>();
  async function* unseen(): AsyncGenerator<ReadResult> {
    for (const feed of feeds) {
      if (stop()) return;
      let received: HttpValidators | null = null;
      let clean = true;
      // A feed file is read whole each pass: only a URL has validators to send.
      const conditional = isUrl(feed) ? { validators: await store.feedValidators(feed), received: (v: HttpValidators) => void (received = v) } : undefined;
      for await (const r of readInput(feed, conditional ? { ...opts, conditional } : opts)) {
        // A feed cut short, or any other failure reading it, must be fetched whole next time: a 304
        // then would hide the item the cut left out.
        if ('failure' in r) clean = false;
        if ('item' in r && (await store.seen(feed, r.item.id))) continue;
        feedOf.set(r, feed);
        yield r;
        if (stop()) return;
      }
      const v = received as HttpValidators | null;
      if (clean && hasValidators(v)) readWhole.set(feed, v);
    }
  }
  // checkBatch 1: read no item ahead, so a stop request leaves at most the queued writes to finish.
  await ingestStream(store, unseen(), summary, {
    checkBatch: 1,
    onResult: async (r, outcome) => {
      const feed = feedOf.get(r);
      // Failed items are remembered too, so a permanently broken item is not retried every poll; a
      // crash between the store and this mark only means the item is seen as a duplicate next time.
      if (feed !== undefined && 'item' in r) await store.markSeen(feed, r.item.id, outcome.status === 'failed' ? null : outcome.documentId);
    },
  });
  // Every item of these feeds is now stored (or logged failed) and marked seen.
  for (const [feed, v] of readWhole) await store.saveFeedValidators(feed, v);
}

/** `sitrep watch FEEDS.txt --every 15m`: polls feeds until Ctrl-C (SIGINT) or SIGTERM. */
export async function watchCommand(args: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parseOptions(args, { ...READER_FLAGS, every: { type: 'string' }, once: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      io.stdout(WATCH_USAGE);
      return CODES.OK;
    }
    if (positionals.length !== 1) throw new SitrepError('E_USAGE', `watch: expected one FEEDS.txt file\n${WATCH_USAGE}`);
    const listPath = positionals[0] as string;
    const every = parseInterval((values.every as string | undefined) ?? '15m');
    const opts = readerOptions(values);
    let list: string;
    try {
      list = await readFile(listPath, 'utf8');
    } catch (err) {
      throw new SitrepError('E_IO', `cannot read ${listPath}: ${(err as Error).message}`);
    }
    const feeds = parseFeedList(list);
    if (feeds.length === 0) throw new SitrepError('E_USAGE', `${listPath}: no feeds listed`);
    const store = await openDb(values.db as string | undefined, { writes: true });
    const abort = new AbortController();
    let stopping = false;
    const onSignal = (): void => {
      if (!stopping) io.stderr('sitrep: stopping after the current document…\n');
      stopping = true;
      abort.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const total = newSummary();
    const started = performance.now();
    let passes = 0;
    try {
      while (!stopping) {
        const pass = newSummary(total.runId);
        const t0 = performance.now();
        await pollOnce(store, feeds, opts, pass, () => stopping);
        pass.elapsedMs = performance.now() - t0;
        passes++;
        for (const k of ['stored', 'versions', 'duplicates', 'failed', 'events'] as const) total[k] += pass[k];
        io.stderr(`pass ${passes}: ${formatSummary(pass).replace(/^sitrep: /, '')}`);
        if (values.once || stopping) break;
        await sleep(every, undefined, { signal: abort.signal }).catch(() => undefined);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await store.close();
    }
    total.elapsedMs = performance.now() - started;
    io.stderr(formatSummary(total));
    // A single pass is a batch, as ingest is: a script or cron job learns from the status that some
    // items failed. A watch that ran until stopped has reported each pass and ends as asked.
    return values.once && total.failed > 0 ? CODES.DATA : CODES.OK;
  } catch (err) {
    return reportError(err, io);
  }
}
