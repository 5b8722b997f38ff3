/**
 * The SQLite writer thread: a worker with its own connection to the database file, which runs
 * {@link SqliteStore.saveDocument} for the main thread. better-sqlite3 works synchronously, so a
 * write on the main thread stops extraction for its whole length; here it runs on the other core
 * while the next documents are extracted. Writes arrive and commit in order, one transaction each.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OutputDoc } from '../core/output.js';
import { SqliteStore } from './sqlite.js';
import type { DocumentInput } from './types.js';

/** A request from the main thread. */
export type WriterRequest =
  // The extraction output goes as its JSON text: one string copies across threads much faster than
  // the structured clone of its thousands of small objects.
  { type: 'save'; id: number; doc: DocumentInput; output: string; runId: string } | { type: 'close' };

/** A reply: the save's result, or its error as plain data (errors do not cross threads whole). */
export type WriterReply =
  | { id: number; result: Awaited<ReturnType<SqliteStore['saveDocument']>> }
  | { id: number; error: { message: string; code: string | null; name: string } };

if (parentPort !== null) {
  const port = parentPort;
  const { path } = workerData as { path: string };
  // The main thread migrated the file before starting this thread; opening again finds it current.
  const store = SqliteStore.open(path, { writerThread: false });
  port.on('message', (m: WriterRequest) => {
    if (m.type === 'close') {
      void store.close().then(() => port.close());
      return;
    }
    store.saveDocument(m.doc, JSON.parse(m.output) as OutputDoc, m.runId).then(
      (result) => port.postMessage({ id: m.id, result } satisfies WriterReply),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        const code = (e as { code?: unknown }).code;
        port.postMessage({ id: m.id, error: { message: e.message, code: typeof code === 'string' ? code : null, name: e.name } } satisfies WriterReply);
      },
    );
  });
}
