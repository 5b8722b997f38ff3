/**
 * The pipelined ingest loop: writes overlap extraction but stay in input order, memory stays bounded,
 * known and repeated texts are not extracted, and a failing item is logged while the rest go on. A
 * scripted store makes the timing deterministic; the last tests run the same loop on both back-ends.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ingestStream, newSummary, type ItemOutcome } from '../../src/ingest/runner.js';
import type { IngestItem, ReadResult } from '../../src/ingest/types.js';
import { contentHash } from '../../src/store/rows.js';
import type { DocumentInput, ErrorEntry, IngestLogEntry, SaveResult, Store } from '../../src/store/types.js';
import type { OutputDoc } from '../../src/core/output.js';
import { postgresBackend, postgresUrl, sqliteBackend, type Backend } from '../store/backends.js';

const CITIES = ['Alep', 'Homs', 'Hama', 'Idleb', 'Deraa', 'Raqqa', 'Kidal', 'Gao', 'Goma', 'Bunia'];

function item(id: string, text: string, over: Partial<IngestItem> = {}): IngestItem {
  return { id, text, published: '2024-05-10', language: 'fr', title: null, url: null, source: 'Test', raw: null, kind: 'jsonl', origin: `test:${id}`, byline: null, siteName: null, meta: {}, ...over };
}

/** A distinct French article per number, with one event. */
function article(n: number): string {
  return `Au moins ${n + 2} soldats ont été tués lors d'une attaque près de ${CITIES[n % CITIES.length]} mardi, selon des responsables. Dépêche numéro ${n}.`;
}

/** Text the pipeline refuses (no words): if it were extracted, its outcome would be a failure. */
const UNEXTRACTABLE = '1234 5678 ... 42';

interface Scripted {
  store: Store;
  saved: string[];
  ingest: IngestLogEntry[];
  errors: ErrorEntry[];
  checks: string[][];
  /** The store calls in the order they were made: `check` (with its hash count) and `save:ID`. */
  trace: string[];
}

/** An in-memory store whose writes the test can delay, fail or hold. */
function scripted(opts: { known?: Map<string, number>; save?: (doc: DocumentInput) => Promise<void>; failLogs?: boolean } = {}): Scripted {
  const saved: string[] = [];
  const ingest: IngestLogEntry[] = [];
  const errors: ErrorEntry[] = [];
  const checks: string[][] = [];
  const trace: string[] = [];
  const byHash = new Map<string, number>(opts.known ?? []);
  let writing = 0;
  // Like both back-ends, the store applies saves one at a time in call order, even when the caller
  // hands over the next one before the last has settled.
  let writes: Promise<unknown> = Promise.resolve();
  const store = {
    backend: 'postgres',
    async checkDuplicates(hashes: readonly string[]) {
      checks.push([...hashes]);
      trace.push(`check ${hashes.length}`);
      return new Map(hashes.flatMap((h) => (byHash.has(h) ? [[h, byHash.get(h) as number] as const] : [])));
    },
    saveDocument(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
      trace.push(`save:${doc.inputId}`);
      const run = writes.then(() => write(doc, output, runId));
      writes = run.catch(() => undefined);
      return run;
    },
    async logIngest(e: IngestLogEntry) {
      ingest.push(e);
    },
    async logError(e: ErrorEntry) {
      if (opts.failLogs) throw new Error('connection lost');
      errors.push(e);
    },
  } as unknown as Store;
  async function write(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
    writing++;
    assert.equal(writing, 1, 'writes run one at a time');
    try {
      await opts.save?.(doc);
      const known = byHash.get(doc.contentHash);
      if (known !== undefined) return { status: 'duplicate', documentId: known, version: 0, reports: 0 };
      const id = byHash.size + 100;
      byHash.set(doc.contentHash, id);
      saved.push(doc.inputId);
      ingest.push({ runId, input: doc.origin, status: 'stored', documentId: id, detail: doc.inputId });
      return { status: 'stored', documentId: id, version: 1, reports: output.events.length };
    } finally {
      writing--;
    }
  }
  return { store, saved, ingest, errors, checks, trace };
}

async function* feed(results: ReadResult[], onYield?: (n: number) => void): AsyncGenerator<ReadResult> {
  let n = 0;
  for (const r of results) {
    yield r;
    onYield?.(++n);
  }
}

describe('ingest pipeline (scripted store)', () => {
  it('extracts the next items while a write is in flight', { timeout: 20_000 }, async () => {
    let pulled = 0;
    let release!: () => void;
    const thirdRead = new Promise<void>((r) => (release = r));
    const s = scripted({
      // The first write completes only once the loop has read the third item: a loop that awaited
      // each write before reading on would never get there.
      save: async (doc) => {
        if (doc.inputId === 'a0') await Promise.race([thirdRead, sleep(10_000).then(() => assert.fail('the first write held back reading: no overlap'))]);
      },
    });
    const items = Array.from({ length: 5 }, (_, i) => ({ item: item(`a${i}`, article(i)) }));
    const summary = newSummary('run');
    await ingestStream(s.store, feed(items, (n) => void ((pulled = n) >= 3 && release())), summary, { checkBatch: 1 });
    assert.ok(pulled >= 3);
    assert.deepEqual(s.saved, ['a0', 'a1', 'a2', 'a3', 'a4'], 'writes in input order');
    assert.equal(summary.stored, 5);
  });

  it('holds at most maxQueuedWrites outputs while the store is slow, then finishes', { timeout: 20_000 }, async () => {
    let pulled = 0;
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const s = scripted({ save: () => gate });
    const items = Array.from({ length: 20 }, (_, i) => ({ item: item(`b${i}`, article(i)) }));
    const summary = newSummary('run');
    const done = ingestStream(s.store, feed(items, (n) => void (pulled = n)), summary, { checkBatch: 2, maxQueuedWrites: 3 });
    await sleep(1500);
    // Read ahead: one batch being processed, the next batch (whose hashes are being checked), the
    // queued writes, and the item the generator is paused on.
    assert.ok(pulled <= 2 + 2 + 3 + 2, `read ${pulled} items while every write was held`);
    assert.equal(s.saved.length, 0);
    open();
    await done;
    assert.equal(summary.stored, 20);
    assert.deepEqual(s.saved, items.map((x) => x.item.id));
  });

  it('does not extract a text the store already has, nor a second copy within the run', async () => {
    const known = new Map([[contentHash(UNEXTRACTABLE), 7]]);
    const s = scripted({ known });
    const text = article(1);
    const outcomes: [string, ItemOutcome['status']][] = [];
    const results: ReadResult[] = [
      { item: item('first', text) },
      { item: item('known', UNEXTRACTABLE) },
      // The same text again, re-spaced, in the same batch and far beyond it.
      { item: item('copy-near', `  ${text.replace(/ /g, '\n')} `) },
      ...Array.from({ length: 20 }, (_, i) => ({ item: item(`other${i}`, article(i + 10)) })),
      { item: item('copy-far', text) },
    ];
    const summary = newSummary('run');
    await ingestStream(s.store, feed(results), summary, {
      checkBatch: 4,
      onResult: (r, o) => void outcomes.push(['item' in r ? r.item.id : 'failure', o.status]),
    });
    assert.deepEqual(outcomes.map(([id]) => id), results.map((r) => ('item' in r ? r.item.id : '')), 'results come back in input order');
    assert.deepEqual(outcomes.filter(([, st]) => st === 'duplicate').map(([id]) => id), ['known', 'copy-near', 'copy-far']);
    assert.equal(s.saved.filter((id) => id === 'first' || id.startsWith('copy')).length, 1, 'the text is written once');
    assert.deepEqual(s.ingest.filter((e) => e.status === 'duplicate').map((e) => [e.detail, e.documentId]), [['known', 7], ['copy-near', 100 + 1], ['copy-far', 100 + 1]]);
    assert.deepEqual([summary.stored, summary.duplicates, summary.failed], [21, 3, 0]);
    assert.ok(s.checks.every((c) => c.length <= 4));
  });

  it('asks about the next batch before extracting this one, and never extracts a copy of a text it is writing', async () => {
    const s = scripted({ save: () => sleep(20) });
    const outcomes: [string, ItemOutcome['status']][] = [];
    const results: ReadResult[] = [
      { item: item('x0', article(0)) },
      { item: item('x1', article(1)) },
      // The next batch: its query goes out before x0 and x1 are extracted, so it cannot know them.
      { item: item('x0-copy', article(0)) },
      { item: item('x2', article(2)) },
      { item: item('x1-copy', article(1)) },
      { item: item('x3', article(3)) },
    ];
    const summary = newSummary('run');
    await ingestStream(s.store, feed(results), summary, { checkBatch: 2, onResult: (r, o) => void outcomes.push(['item' in r ? r.item.id : 'failure', o.status]) });
    assert.deepEqual(s.trace.slice(0, 3), ['check 2', 'check 2', 'save:x0'], "the second batch's query was sent before the first document was handed over");
    assert.deepEqual(s.trace.filter((t) => t.startsWith('save:')), ['save:x0', 'save:x1', 'save:x2', 'save:x3'], 'the copies were not handed to the store');
    assert.deepEqual(outcomes, [['x0', 'stored'], ['x1', 'stored'], ['x0-copy', 'duplicate'], ['x2', 'stored'], ['x1-copy', 'duplicate'], ['x3', 'stored']]);
    assert.deepEqual(s.ingest.filter((e) => e.status === 'duplicate').map((e) => [e.detail, e.documentId]), [['x0-copy', 100], ['x1-copy', 101]]);
  });

  it('reads no item ahead with a batch of one', async () => {
    const s = scripted();
    const results: ReadResult[] = Array.from({ length: 3 }, (_, i) => ({ item: item(`y${i}`, article(i)) }));
    await ingestStream(s.store, feed(results), newSummary('run'), { checkBatch: 1 });
    assert.deepEqual(s.trace, ['check 1', 'save:y0', 'check 1', 'save:y1', 'check 1', 'save:y2']);
  });

  it('logs a failing write with its input, stage and reason, and stores the rest', async () => {
    const s = scripted({
      save: async (doc) => {
        if (doc.inputId === 'c1') throw new Error('deadlock detected');
      },
    });
    const results: ReadResult[] = [
      { item: item('c0', article(0)) },
      { item: item('c1', article(1)) },
      { failure: { input: 'broken.html', stage: 'html', code: 'E_EMPTY', reason: 'no text' } },
      { item: item('c2', UNEXTRACTABLE) },
      // The text whose write failed comes again: it is tried again, not taken for a duplicate.
      { item: item('c1-again', article(1)) },
      { item: item('c3', article(3)) },
    ];
    const summary = newSummary('run');
    await ingestStream(s.store, feed(results), summary);
    assert.deepEqual(s.saved, ['c0', 'c1-again', 'c3']);
    assert.deepEqual(s.errors.map((e) => [e.input, e.stage, e.code]), [['test:c1', 'store', 'E_INTERNAL'], ['broken.html', 'html', 'E_EMPTY'], ['test:c2', 'ingest', 'E_EMPTY']]);
    assert.match(s.errors[0]?.reason ?? '', /deadlock detected/);
    assert.deepEqual([summary.stored, summary.duplicates, summary.failed], [3, 0, 3]);
    assert.deepEqual(s.ingest.filter((e) => e.status === 'failed').map((e) => e.input), ['test:c1', 'broken.html', 'test:c2'], 'failures logged in input order');
  });

  it('rejects, after the queued writes, when a failure cannot be logged', async () => {
    const s = scripted({ failLogs: true, save: async (doc) => void (doc.inputId === 'd1' && assert.fail('store down')) });
    const results: ReadResult[] = Array.from({ length: 6 }, (_, i) => ({ item: item(`d${i}`, article(i)) }));
    await assert.rejects(ingestStream(s.store, feed(results), newSummary('run')), /connection lost/);
    assert.deepEqual(s.saved, ['d0'], 'nothing is written after the unloggable failure');
  });
});

const tmp = mkdtempSync(join(tmpdir(), 'sitrep-pipeline-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const pgUrl = await postgresUrl();
const backends: Backend[] = [sqliteBackend(() => tmp), ...(pgUrl ? [postgresBackend(pgUrl)] : [])];

for (const backend of backends) {
  describe(`ingest pipeline: ${backend.name}`, () => {
    it('stores each text once, in input order, with URL versions in input order', async () => {
      const { store, dispose } = await backend.open();
      try {
        const url = 'https://news.example/live';
        const results: ReadResult[] = [
          ...Array.from({ length: 12 }, (_, i) => ({ item: item(`e${i}`, article(i)) })),
          { item: item('v1', `${article(50)} Premier bilan.`, { url }) },
          { item: item('e3-copy', article(3)) },
          { item: item('v2', `${article(50)} Bilan revu à la hausse.`, { url }) },
          { item: item('v1-copy', `${article(50)} Premier bilan.`, { url }) },
        ];
        const summary = newSummary('run-p');
        const order: number[] = [];
        await ingestStream(store, feed(results), summary, { checkBatch: 5, onResult: (_r, o) => void (o.status !== 'failed' && order.push(o.documentId)) });
        assert.deepEqual([summary.stored, summary.versions, summary.duplicates, summary.failed], [13, 1, 2, 0]);
        const stored = order.filter((id, i) => order.indexOf(id) === i);
        assert.deepEqual(stored, [...stored].sort((a, b) => a - b), 'document ids follow the input');
        assert.equal((await store.counts()).documents, 14);
        const rerun = newSummary('run-q');
        await ingestStream(store, feed(results), rerun);
        assert.deepEqual([rerun.stored, rerun.versions, rerun.duplicates], [0, 0, results.length]);
      } finally {
        await dispose();
      }
    });
  });
}
