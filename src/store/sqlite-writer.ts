/**
 * The SQLite writer thread: a worker with its own connection to the database file, which saves
 * documents for the main thread. better-sqlite3 works synchronously, so a write on the main thread
 * stops extraction for its whole length; here it runs on the other core while the next documents are
 * extracted.
 *
 * Saves arrive in order and are applied in order. The saves that queued while the thread was busy
 * are taken together and committed as one transaction, each document in its own savepoint
 * ({@link SqliteStore.saveBatch}): a document is still stored whole or not at all, and a killed
 * process loses at most the uncommitted batch, which a rerun stores again.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { OutputDoc } from '../core/output.js';
import { SitrepError } from '../core/errors.js';
import { SqliteStore } from './sqlite.js';
import type { DocumentInput, SaveResult } from './types.js';

/** Most saves committed in one transaction: bounds how much one failed commit has to report. */
const MAX_BATCH = 64;

/** A request from the main thread. */
export type WriterRequest =
  // The extraction output goes as its JSON text: one string copies across threads much faster than
  // the structured clone of its thousands of small objects.
  { type: 'save'; id: number; doc: DocumentInput; output: string; runId: string } | { type: 'close' };

/** An error as plain data: errors do not cross threads whole. */
export interface WriterError {
  message: string;
  name: string;
  /** SitrepError's or the driver's code (SQLITE_BUSY...). */
  code: string | null;
  /** SitrepError's stage, so the main thread rebuilds the same error. */
  stage: string | null;
}

/** A reply: the save's result, or its error. */
export type WriterReply = { id: number; result: SaveResult } | { id: number; error: WriterError };

function toWriterError(err: unknown): WriterError {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { message: e.message, name: e.name, code: typeof code === 'string' ? code : null, stage: e instanceof SitrepError ? e.stage : null };
}

function serve(port: MessagePort, store: SqliteStore): void {
  port.on('message', (first: WriterRequest) => {
    // Take every request already waiting, so they commit together.
    const requests: WriterRequest[] = [first];
    while (requests.length < MAX_BATCH && requests[requests.length - 1]?.type !== 'close') {
      const next = receiveMessageOnPort(port);
      if (next === undefined) break;
      requests.push(next.message as WriterRequest);
    }
    const saves = requests.filter((r): r is Extract<WriterRequest, { type: 'save' }> => r.type === 'save');
    if (saves.length > 0) {
      const results = store.saveBatch(saves.map((r) => ({ doc: r.doc, output: JSON.parse(r.output) as OutputDoc, runId: r.runId })));
      saves.forEach((r, i) => {
        const x = results[i];
        const reply: WriterReply = x !== undefined && 'result' in x ? { id: r.id, result: x.result } : { id: r.id, error: toWriterError(x === undefined ? new Error('no result') : x.error) };
        port.postMessage(reply);
      });
    }
    if (requests.some((r) => r.type === 'close')) void store.close().then(() => port.close());
  });
}

if (parentPort !== null) {
  const { path } = workerData as { path: string };
  // The main thread migrated the file before starting this thread; opening again finds it current.
  serve(parentPort, SqliteStore.open(path, { writerThread: false }));
}
