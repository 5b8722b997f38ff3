/**
 * The store's writer thread: a worker with its own connection that saves documents for the main
 * thread. Extraction is synchronous CPU work on the main thread; a save there stops it for the
 * save's whole length (better-sqlite3 works synchronously, and sending a PostgreSQL write through the
 * loopback network costs the sender most of the receiving side's work too). Here saves run on the
 * other core while the next documents are extracted.
 *
 * Saves arrive in order and are applied in order. On SQLite, the saves that queued while the thread
 * was busy are committed as one transaction, each document in its own savepoint
 * ({@link SqliteStore.saveBatch}): a document is still stored whole or not at all, and a killed
 * process loses at most the uncommitted batch, which a rerun stores again. On PostgreSQL each save
 * is one call to the server-side function, queued on the store's writer connection.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { OutputDoc } from '../core/output.js';
import { SitrepError } from '../core/errors.js';
import type { PostgresStore } from './postgres.js';
import type { SqliteStore } from './sqlite.js';
import type { DocumentInput, SaveItem, SaveResult } from './types.js';

/** Most saves committed in one SQLite transaction: bounds how much one failed commit has to report. */
const MAX_BATCH = 64;

/** Which database the thread writes to. */
export type WriterTarget = { backend: 'sqlite'; path: string } | { backend: 'postgres'; url: string; schema: string };

/** A request from the main thread. */
export type WriterRequest =
  // The extraction output goes as JSON text: strings copy across threads much faster than the
  // structured clone of thousands of small objects. `output` is the document's output without its
  // events, `events` the JSON of each event, which the stores keep without serialising it again.
  { type: 'save'; id: number; doc: DocumentInput; output: string; events: string[]; runId: string } | { type: 'close' };

/** An error as plain data: errors do not cross threads whole. */
export interface WriterError {
  message: string;
  name: string;
  /** SitrepError's or the driver's code (SQLITE_BUSY, 23505...). */
  code: string | null;
  /** SitrepError's stage, so the main thread rebuilds the same error. */
  stage: string | null;
}

/** A reply: the save's result, or its error. */
export type WriterReply = { id: number; result: SaveResult } | { id: number; error: WriterError } | WriterClosed;

/**
 * The thread's last message: its connection is closed (or failed to close), nothing of it is left to
 * wait for. The main thread need not wait for the thread itself to exit, which took from 5 to over 50
 * ms more (the worker's teardown), on the critical path of every `sitrep ingest`.
 */
export interface WriterClosed {
  closed: true;
  error: WriterError | null;
}

/** Closes the thread's store, says so (with the error, if any), and lets the thread end. */
function closeAndReport(port: MessagePort, closing: Promise<void>): void {
  void closing
    .then(
      () => null,
      (err: unknown) => toWriterError(err),
    )
    .then((error) => {
      port.postMessage({ closed: true, error } satisfies WriterClosed);
      port.close();
    });
}

type SaveRequest = Extract<WriterRequest, { type: 'save' }>;

/** A save request as the stores take it: the output whole again, and the events' JSON beside it. */
function saveItem(r: SaveRequest): SaveItem {
  const output = JSON.parse(r.output) as OutputDoc;
  output.events = r.events.map((e) => JSON.parse(e) as OutputDoc['events'][number]);
  return { doc: r.doc, output, runId: r.runId, eventJson: r.events };
}

function toWriterError(err: unknown): WriterError {
  const e = err instanceof Error ? err : new Error(String(err));
  const code = (e as { code?: unknown }).code;
  return { message: e.message, name: e.name, code: typeof code === 'string' ? code : null, stage: e instanceof SitrepError ? e.stage : null };
}

function reply(port: MessagePort, id: number, x: { result: SaveResult } | { error: unknown }): void {
  port.postMessage(('result' in x ? { id, result: x.result } : { id, error: toWriterError(x.error) }) satisfies WriterReply);
}

/** SQLite: every save waiting when the thread turns to the port is committed in one transaction. */
function serveSqlite(port: MessagePort, store: SqliteStore): void {
  port.on('message', (first: WriterRequest) => {
    const requests: WriterRequest[] = [first];
    while (requests.length < MAX_BATCH && requests[requests.length - 1]?.type !== 'close') {
      const next = receiveMessageOnPort(port);
      if (next === undefined) break;
      requests.push(next.message as WriterRequest);
    }
    const saves = requests.filter((r): r is SaveRequest => r.type === 'save');
    if (saves.length > 0) {
      const results = store.saveBatch(saves.map(saveItem));
      saves.forEach((r, i) => reply(port, r.id, results[i] ?? { error: new Error('the batch returned no result for this document') }));
    }
    if (requests.some((r) => r.type === 'close')) closeAndReport(port, store.close());
  });
}

/** PostgreSQL: saves go to the store as they come; it runs them in turn on its writer connection. */
function servePostgres(port: MessagePort, opening: Promise<PostgresStore>): void {
  const inFlight = new Set<Promise<void>>();
  port.on('message', (m: WriterRequest) => {
    if (m.type === 'close') {
      closeAndReport(
        port,
        // A store that never opened has nothing to close, and its error already failed every save.
        Promise.allSettled([...inFlight]).then(() =>
          opening.then(
            (store) => store.close(),
            () => undefined,
          ),
        ),
      );
      return;
    }
    const done = opening
      .then((store) => store.saveItem(saveItem(m)))
      .then(
        (result) => reply(port, m.id, { result }),
        (error: unknown) => reply(port, m.id, { error }),
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
}

/** Nice value of the writer thread: below extraction, which is the run's critical path. */
const WRITER_NICE = 10;

/**
 * Lowers this thread's scheduling priority under Linux, where a thread id is a valid target of
 * setpriority. Each document handed over wakes this thread; at the same priority the kernel often ran
 * it at once on the main thread's core, preempting extraction (the main thread's postMessage took
 * 0.3-0.9 ms per BBC article in a cold `sitrep ingest`, 0.04-0.2 ms at nice 10). At a lower priority
 * it waits for the other core or a gap. Elsewhere, or if the system refuses, the thread keeps the
 * process's priority: the order and outcome of saves do not depend on it.
 */
function yieldToExtraction(): void {
  if (process.platform !== 'linux') return;
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // no /proc mounted: nothing to address the thread by
  }
  if (!Number.isInteger(tid) || tid <= 0) return;
  try {
    setPriority(tid, WRITER_NICE);
  } catch (err) {
    // Raising one's own nice value is always allowed; a refusal would come from a sandbox policy.
    process.emitWarning(`sitrep writer thread: could not lower its priority (${err instanceof Error ? err.message : String(err)}); continuing at normal priority`);
  }
}

if (parentPort !== null) {
  yieldToExtraction();
  const target = workerData as WriterTarget;
  if (target.backend === 'sqlite') {
    // The main thread migrated the file before starting this thread; opening again finds it current.
    // Each back-end's module is imported only in its own branch: a PostgreSQL writer never loads
    // better-sqlite3. Requests that arrive meanwhile wait in the port until its listener is set.
    const { SqliteStore } = await import('./sqlite.js');
    serveSqlite(parentPort, SqliteStore.open(target.path, { writerThread: false }));
  } else {
    const opening = import('./postgres.js')
      .then(({ PostgresStore }) => PostgresStore.open(target.url, { schema: target.schema, writerThread: false, migrated: true, applicationName: `sitrep-writer:${target.schema}` }))
      .then((store) => {
        store.prepareWrites();
        return store;
      });
    // A failed open is answered save by save; this only keeps it from counting as unhandled.
    opening.catch(() => undefined);
    servePostgres(parentPort, opening);
  }
}
