/**
 * The main thread's side of the store's writer thread (src/store/writer.ts): posts saves in order and
 * settles each with the thread's reply.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { OutputDoc } from '../core/output.js';
import { SitrepError } from '../core/errors.js';
import type { ErrorCode } from '../core/types.js';
import type { WriterError, WriterReply, WriterRequest, WriterTarget } from './writer.js';
import type { DocumentInput, SaveResult } from './types.js';

/**
 * Whether a store should write from a thread unless told otherwise: not when a clock is injected (a
 * thread could not share it), and not on a single-core machine, where the thread would only take
 * turns with extraction and add the cost of handing documents over.
 */
export function defaultWriterThread(opts: { now?: unknown }): boolean {
  return opts.now === undefined && availableParallelism() > 1;
}

/** Rebuilds a thread's error on this side: a SitrepError keeps its code and stage. */
function fromWriterError(e: WriterError): Error {
  if (e.name === 'SitrepError' && e.code !== null && e.code.startsWith('E_')) {
    return new SitrepError(e.code as ErrorCode, e.message, e.stage === null ? {} : { stage: e.stage });
  }
  return Object.assign(new Error(e.message), { name: e.name }, e.code === null ? {} : { code: e.code });
}

/**
 * A writer thread for one database. It keeps the process alive only while a save is outstanding, so
 * a store that is never closed does not hang the command.
 */
export class WriterThread {
  private readonly worker: Worker;
  /** Saves posted and not yet answered, with the promise their callers hold. */
  private readonly pending = new Map<number, { resolve: (r: SaveResult) => void; reject: (e: Error) => void; done: Promise<SaveResult> }>();
  private next = 0;
  private broken: Error | null = null;
  /** Settles {@link close} when the thread reports its connection closed. */
  private closed: ((error: WriterError | null) => void) | null = null;

  constructor(target: WriterTarget) {
    const where = target.backend === 'sqlite' ? target.path : `PostgreSQL schema ${target.schema}`;
    if (import.meta.url.endsWith('.ts')) {
      // Run from TypeScript sources (the tests, under tsx): the main thread's loader hooks do not
      // reach a worker, so the worker registers tsx itself before it loads the writer.
      const script = new URL('./writer.ts', import.meta.url).href;
      const tsx = import.meta.resolve('tsx/esm/api');
      const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
      this.worker = new Worker(code, { eval: true, workerData: target });
    } else {
      this.worker = new Worker(new URL('./writer.js', import.meta.url), { workerData: target });
    }
    this.worker.unref();
    this.worker.on('message', (m: WriterReply) => {
      if ('closed' in m) {
        this.closed?.(m.error);
        return;
      }
      const p = this.pending.get(m.id);
      if (p === undefined) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.worker.unref();
      if ('result' in m) p.resolve(m.result);
      else p.reject(fromWriterError(m.error));
    });
    const fail = (err: Error): void => {
      this.broken = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(new SitrepError('E_IO', `the writer thread for ${where} failed: ${err.message}`, { stage: 'store', cause: err })));
    this.worker.on('exit', (code) => {
      if (this.pending.size > 0) fail(new SitrepError('E_IO', `the writer thread for ${where} exited (code ${code}) with ${this.pending.size} write(s) outstanding`, { stage: 'store' }));
    });
  }

  /** Queues one document; settles once the thread has committed it (or rolled it back). */
  save(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
    if (this.broken !== null) return Promise.reject(this.broken);
    const id = this.next++;
    let settle!: { resolve: (r: SaveResult) => void; reject: (e: Error) => void };
    const done = new Promise<SaveResult>((resolve, reject) => (settle = { resolve, reject }));
    this.pending.set(id, { ...settle, done });
    this.worker.ref();
    try {
      // The stores keep a document's events, language, date and pipeline version, not the lists of
      // every place, actor and date mentioned (over half the JSON of a Guardian article): those stay
      // on this side rather than being serialised here and parsed again there for nothing. Each event
      // goes as its own JSON text, which the stores keep as it is.
      const rest: OutputDoc = { ...output, events: [], places: [], actors: [], dates: [] };
      const events = output.events.map((ev) => JSON.stringify(ev));
      this.worker.postMessage({ type: 'save', id, doc, output: JSON.stringify(rest), events, runId } satisfies WriterRequest);
    } catch (err) {
      // Not sent (an output that cannot be serialised): this save fails, the thread goes on.
      this.pending.delete(id);
      if (this.pending.size === 0) this.worker.unref();
      settle.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return done;
  }

  /** Waits for outstanding saves, then stops the thread and its connection. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending.values()].map((p) => p.done));
    if (this.broken !== null) return;
    this.worker.ref();
    const reported = new Promise<WriterError | null>((resolve) => (this.closed = resolve));
    // A thread that dies before reporting has nothing left open either; its error, if any, reached
    // the 'error' listener, so once()'s rejection on it is not a second report.
    const exited = once(this.worker, 'exit').then(
      () => null,
      () => null,
    );
    this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    const error = await Promise.race([reported, exited]);
    // The thread still tears itself down; it no longer holds the process open.
    this.worker.unref();
    if (error !== null) throw fromWriterError(error);
  }
}
