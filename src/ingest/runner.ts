import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { extract } from '../extract.js';
import type { OutputDoc } from '../core/output.js';
import { contentHash } from '../store/rows.js';
import type { SaveResult, Store } from '../store/types.js';
import { failureOf } from './sources.js';
import type { IngestFailure, IngestItem, ReadResult } from './types.js';

/** Totals of one ingest run, printed as its summary. */
export interface IngestSummary {
  runId: string;
  stored: number;
  versions: number;
  duplicates: number;
  failed: number;
  events: number;
  elapsedMs: number;
}

/** Outcome of one item. */
export type ItemOutcome = { status: 'stored' | 'version' | 'duplicate'; documentId: number; events: number } | { status: 'failed'; failure: IngestFailure };

/** Fresh totals for a run. */
export function newSummary(runId: string = randomUUID()): IngestSummary {
  return { runId, stored: 0, versions: 0, duplicates: 0, failed: 0, events: 0, elapsedMs: 0 };
}

/** Logs a failure (error log and ingest log) and counts it. */
export async function recordFailure(store: Store, summary: IngestSummary, f: IngestFailure): Promise<void> {
  summary.failed++;
  await store.logError({ runId: summary.runId, input: f.input, stage: f.stage, code: f.code, reason: f.reason });
  await store.logIngest({ runId: summary.runId, input: f.input, status: 'failed', documentId: null, detail: `${f.code}: ${f.reason}` });
}

/** Tuning of {@link ingestStream}. */
export interface PipelineOptions {
  /**
   * Items checked against the store in one query (default 16). Above 1, the next batch is read and
   * its query sent before this one is extracted, so the round trip overlaps extraction; at 1 (`watch`)
   * no item is read ahead.
   */
  checkBatch?: number;
  /**
   * Store writes waiting or running before extraction pauses (default 16); bounds memory (an output
   * is some tens of kilobytes). Short articles extract faster than their reports are written, so a
   * few in hand let the store catch up on long ones without stopping extraction.
   */
  maxQueuedWrites?: number;
  /**
   * Called once per read result, in input order, after its outcome is stored and counted; awaited
   * before the next result's outcome (`watch` marks feed items seen here).
   */
  onResult?: (result: ReadResult, outcome: ItemOutcome) => void | Promise<void>;
}

/** An item of this run whose write is queued or done, so a later copy of its text is not extracted. */
interface Pending {
  outcome: Promise<ItemOutcome>;
  /** When its write settled, by the run's count of settled writes; null while it runs. */
  settledAt: number | null;
}

interface Checked {
  result: ReadResult;
  hash: string | null;
}

/** A batch of read items and the store's answer about their hashes. */
interface CheckedBatch {
  items: Checked[];
  known: Promise<Map<string, number>>;
  /**
   * Writes settled when the query was sent: those are committed and the query sees them; writes
   * settled later may not be seen, so their pending entries still count for this batch.
   */
  seenSettled: number;
}

/**
 * Extracts and stores a stream of read results, overlapping each document's write with the
 * extraction of the next ones.
 *
 * Extraction is synchronous CPU work on this thread, and a write is work elsewhere (the PostgreSQL
 * server process, or the SQLite writer thread), so doing them one after the other left one side idle
 * at every step. Here a document goes to the store as soon as it is extracted; the store applies
 * writes in the order it receives them, and their outcomes are settled in a chain in input order (so
 * document ids, URL versions, the ingest log and the summary follow the input), while the loop
 * extracts the following items; at most `maxQueuedWrites` outputs wait in the chain. Each document
 * is still written whole or not at all, so a killed run leaves whole documents only and a rerun
 * skips them.
 *
 * Known texts are never extracted: items are read `checkBatch` at a time and their hashes checked in
 * one query, sent when the batch has been read, before the batch before it is extracted (the round
 * trip was 2% of a Guardian ingest's time when the loop waited for it); an item whose text an earlier
 * item of this run is storing waits for that write and is a duplicate of it (or is processed afresh
 * if that write failed).
 *
 * A failed item goes to the error log with its input, stage and reason, and the run goes on. An
 * error that cannot itself be logged (the database is gone) rejects the returned promise after the
 * queued writes have settled.
 */
export async function ingestStream(store: Store, source: AsyncIterable<ReadResult>, summary: IngestSummary, opts: PipelineOptions = {}): Promise<void> {
  store.prepareWrites?.();
  const checkBatch = Math.max(1, opts.checkBatch ?? 16);
  const maxQueued = Math.max(1, opts.maxQueuedWrites ?? 16);
  const pending = new Map<string, Pending>();
  const queue: Promise<void>[] = [];
  let tail: Promise<void> = Promise.resolve();
  let fatal: { error: unknown } | null = null;
  /** Writes settled so far (stored, or found to be duplicates), to date the pending entries. */
  let settledCount = 0;

  /**
   * Ops in the chain whose store calls are not all done (logs, and writes that wait for their turn).
   * A write may start at once only when this is 0, so the store sees calls in input order.
   */
  let unissued = 0;

  /**
   * Appends an op to the chain; it runs after every earlier one has settled. `started` says its store
   * call was already made (a write handed over at once).
   */
  const enqueue = (op: () => Promise<void>, started = false): void => {
    if (!started) unissued++;
    const run = tail.then(async () => {
      try {
        if (!fatal) await op();
      } catch (error) {
        fatal = { error };
      } finally {
        if (!started) unissued--;
      }
    });
    tail = run;
    queue.push(run);
  };

  const finish = async (result: ReadResult, outcome: ItemOutcome): Promise<void> => {
    if (outcome.status === 'stored') summary.stored++;
    else if (outcome.status === 'version') summary.versions++;
    else if (outcome.status === 'duplicate') summary.duplicates++;
    if (outcome.status !== 'failed') summary.events += outcome.events;
    await opts.onResult?.(result, outcome);
  };

  const fail = async (result: ReadResult, failure: IngestFailure): Promise<ItemOutcome> => {
    await recordFailure(store, summary, failure);
    const outcome: ItemOutcome = { status: 'failed', failure };
    await opts.onResult?.(result, outcome);
    return outcome;
  };

  const duplicate = async (result: ReadResult, item: IngestItem, documentId: number): Promise<void> => {
    await store.logIngest({ runId: summary.runId, input: item.origin, status: 'duplicate', documentId, detail: item.id });
    await finish(result, { status: 'duplicate', documentId, events: 0 });
  };

  /** Runs the pipeline on one item: its output, or why it has none. */
  const extractItem = (item: IngestItem): { output: OutputDoc } | { failure: IngestFailure } => {
    try {
      const output = extract({ id: item.id, text: item.text, published: item.published, language: item.language, title: item.title, url: item.url });
      const first = output.errors[0];
      if (first) return { failure: { input: item.origin, stage: first.stage ?? 'extract', code: first.code, reason: first.message } };
      return { output };
    } catch (err) {
      return { failure: failureOf(err, item.origin, 'extract') };
    }
  };

  /** Settles one document's write, started by {@link startSave}; settles `entry` before anything else can fail. */
  const save = async (result: ReadResult, item: IngestItem, hash: string, saving: Promise<SaveResult>, entry: Pending, resolve: (o: ItemOutcome) => void): Promise<void> => {
    let outcome: ItemOutcome;
    try {
      const saved = await saving;
      outcome = { status: saved.status, documentId: saved.documentId, events: saved.reports };
    } catch (err) {
      // Not stored: a later copy of the text must try again rather than wait for this one.
      if (pending.get(hash) === entry) pending.delete(hash);
      const failure = failureOf(err, item.origin, 'store');
      entry.settledAt = ++settledCount;
      resolve({ status: 'failed', failure });
      await fail(result, failure);
      return;
    }
    entry.settledAt = ++settledCount;
    resolve(outcome);
    await finish(result, outcome);
  };

  const track = (hash: string): { entry: Pending; resolve: (o: ItemOutcome) => void } => {
    let resolve!: (o: ItemOutcome) => void;
    const entry: Pending = { outcome: new Promise<ItemOutcome>((r) => (resolve = r)), settledAt: null };
    pending.set(hash, entry);
    return { entry, resolve };
  };

  /**
   * Hands a document to the store now. Back-ends apply writes in the order they receive them (the
   * SQLite writer thread, PostgreSQL's writer connection), so a write can start while earlier ones
   * are still being settled in the chain: the store then always has the next document at hand
   * instead of waiting for this loop to read the previous reply between two extractions.
   */
  const startSave = (item: IngestItem, hash: string, output: OutputDoc): Promise<SaveResult> => {
    const saving = store.saveDocument(documentInput(item, hash), output, summary.runId);
    // Observed in its turn in the chain; this only keeps the rejection from counting as unhandled.
    saving.catch(() => undefined);
    return saving;
  };

  /** Extracts now, in the loop; the write (or the failure log) joins the chain. */
  const extractAndQueue = (result: ReadResult, item: IngestItem, hash: string): void => {
    const x = extractItem(item);
    if ('failure' in x) {
      enqueue(async () => void (await fail(result, x.failure)));
      return;
    }
    const { entry, resolve } = track(hash);
    if (unissued === 0) {
      const saving = startSave(item, hash, x.output);
      enqueue(() => save(result, item, hash, saving, entry, resolve), true);
    } else {
      enqueue(() => save(result, item, hash, startSave(item, hash, x.output), entry, resolve));
    }
  };

  /** A copy of a text an earlier item of this run is writing: decided once that write has settled. */
  const afterEarlier = (result: ReadResult, item: IngestItem, hash: string, earlier: Pending): void => {
    enqueue(async () => {
      const first = await earlier.outcome;
      if (first.status !== 'failed') return duplicate(result, item, first.documentId);
      // Rare: the first copy could not be stored. This one is extracted and written here, in its turn.
      const x = extractItem(item);
      if ('failure' in x) return void (await fail(result, x.failure));
      const { entry, resolve } = track(hash);
      await save(result, item, hash, startSave(item, hash, x.output), entry, resolve);
    });
  };

  /** Sends the query for a batch's hashes; the texts this run is still writing are not asked about. */
  const check = (items: Checked[]): CheckedBatch => {
    const hashes = [...new Set(items.flatMap((c) => (c.hash !== null && pending.get(c.hash)?.settledAt !== null ? [c.hash] : [])))];
    const known = hashes.length > 0 ? store.checkDuplicates(hashes) : Promise.resolve(new Map<string, number>());
    // Observed when the batch is processed; a run that stops before then must not leave it unhandled.
    known.catch(() => undefined);
    return { items, known, seenSettled: settledCount };
  };

  const processBatch = async ({ items: batch, known: knownAsked, seenSettled }: CheckedBatch): Promise<void> => {
    // Writes settled before this batch's query was sent are visible to it, and to every later
    // batch's query: their entries are no longer needed.
    for (const [h, p] of pending) if (p.settledAt !== null && p.settledAt <= seenSettled) pending.delete(h);
    const known = await knownAsked;
    for (const { result, hash } of batch) {
      if (fatal) return;
      if ('failure' in result) {
        const failure = result.failure;
        enqueue(async () => void (await fail(result, failure)));
      } else {
        const h = hash as string;
        const earlier = pending.get(h);
        const documentId = known.get(h);
        if (earlier) afterEarlier(result, result.item, h, earlier);
        else if (documentId !== undefined) enqueue(() => duplicate(result, result.item, documentId));
        else {
          // Let the event loop read finished writes first, so their outcomes are settled (and a
          // failure that stops the run is known) before this extraction rather than after it.
          await setImmediate();
          if (fatal) return;
          extractAndQueue(result, result.item, h);
        }
      }
      // Backpressure: extraction waits while the chain holds too many outputs.
      while (queue.length > maxQueued) await queue.shift();
    }
  };

  let batch: Checked[] = [];
  /** The batch read and asked about, waiting for the one before it to be extracted. */
  let ahead: CheckedBatch | null = null;
  const take = async (items: Checked[]): Promise<void> => {
    const next = check(items);
    if (checkBatch === 1) return processBatch(next);
    const current = ahead;
    ahead = next;
    if (current !== null) await processBatch(current);
  };
  try {
    for await (const result of source) {
      batch.push({ result, hash: 'item' in result ? contentHash(result.item.text) : null });
      if (batch.length >= checkBatch) {
        const items = batch;
        batch = [];
        await take(items);
      }
      if (fatal) break;
    }
    if (!fatal && batch.length > 0) await take(batch);
    if (!fatal && ahead !== null) await processBatch(ahead);
  } finally {
    // Even when the source throws, what was extracted is written (or its failure logged) first.
    while (queue.length > 0) await queue.shift();
    // A copy queued behind a failed first copy may have queued its own write meanwhile.
    await tail;
  }
  if (fatal) throw (fatal as { error: unknown }).error;
}

function documentInput(item: IngestItem, hash: string): Parameters<Store['saveDocument']>[0] {
  return {
    inputId: item.id,
    url: item.url,
    contentHash: hash,
    title: item.title,
    byline: item.byline,
    siteName: item.siteName,
    outlet: item.source,
    language: item.language,
    published: item.published,
    kind: item.kind,
    origin: item.origin,
    raw: item.raw,
    text: item.text,
    meta: item.meta,
  };
}

/** One-line human summary: stored, duplicates skipped, failed, events found, elapsed, docs/s. */
export function formatSummary(s: IngestSummary): string {
  const docs = s.stored + s.versions + s.duplicates + s.failed;
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? (docs / secs).toFixed(1) : '∞';
  return `sitrep: ${s.stored} stored${s.versions > 0 ? ` (+${s.versions} new version${s.versions === 1 ? '' : 's'})` : ''}, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'} skipped, ${s.failed} failed, ${s.events} event${s.events === 1 ? '' : 's'} found, ${secs.toFixed(2)} s, ${rate} docs/s\n`;
}
