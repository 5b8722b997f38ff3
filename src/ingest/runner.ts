import { randomUUID } from 'node:crypto';
import { extract } from '../extract.js';
import { contentHash } from '../store/rows.js';
import type { Store } from '../store/types.js';
import { failureOf } from './sources.js';
import type { IngestFailure, IngestItem } from './types.js';

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

/** Logs a failure and counts it. */
export async function recordFailure(store: Store, summary: IngestSummary, f: IngestFailure): Promise<void> {
  summary.failed++;
  await store.logError({ runId: summary.runId, input: f.input, stage: f.stage, code: f.code, reason: f.reason });
  await store.logIngest({ runId: summary.runId, input: f.input, status: 'failed', documentId: null, detail: `${f.code}: ${f.reason}` });
}

/**
 * Extracts and stores one item. A known text is skipped before extraction; an extraction error goes
 * to the error log and nothing of the document is stored, so a rerun retries it.
 */
export async function ingestItem(store: Store, item: IngestItem, summary: IngestSummary): Promise<ItemOutcome> {
  const hash = contentHash(item.text);
  try {
    const dup = await store.checkDuplicate(hash);
    if (dup.kind === 'duplicate') {
      summary.duplicates++;
      await store.logIngest({ runId: summary.runId, input: item.origin, status: 'duplicate', documentId: dup.documentId, detail: item.id });
      return { status: 'duplicate', documentId: dup.documentId, events: 0 };
    }
    const output = extract({ id: item.id, text: item.text, published: item.published, language: item.language, title: item.title, url: item.url });
    const first = output.errors[0];
    if (first) {
      const failure: IngestFailure = { input: item.origin, stage: first.stage ?? 'extract', code: first.code, reason: first.message };
      await recordFailure(store, summary, failure);
      return { status: 'failed', failure };
    }
    const saved = await store.saveDocument(
      {
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
      },
      output,
      summary.runId,
    );
    if (saved.status === 'duplicate') summary.duplicates++;
    else if (saved.status === 'version') summary.versions++;
    else summary.stored++;
    summary.events += saved.reports;
    return { status: saved.status, documentId: saved.documentId, events: saved.reports };
  } catch (err) {
    const failure = failureOf(err, item.origin, 'store');
    await recordFailure(store, summary, failure).catch(() => undefined);
    return { status: 'failed', failure };
  }
}

/** One-line human summary: stored, duplicates skipped, failed, events found, elapsed, docs/s. */
export function formatSummary(s: IngestSummary): string {
  const docs = s.stored + s.versions + s.duplicates + s.failed;
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? (docs / secs).toFixed(1) : '∞';
  return `sitrep: ${s.stored} stored${s.versions > 0 ? ` (+${s.versions} new version${s.versions === 1 ? '' : 's'})` : ''}, ${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'} skipped, ${s.failed} failed, ${s.events} event${s.events === 1 ? '' : 's'} found, ${secs.toFixed(2)} s, ${rate} docs/s\n`;
}
