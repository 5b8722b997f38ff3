/**
 * PostgreSQL keeps one connection for document writes, in the store itself or in its writer thread.
 * When the server drops it, the store must not crash the process (a checked-out client's 'error'
 * event has no pool handler) and the next write must go through on a fresh connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { contentHash } from '../../src/store/rows.js';
import type { DocumentInput } from '../../src/store/types.js';
import { freshSchema, postgresUrl } from './backends.js';
import { output } from './fake-output.js';

function doc(text: string): DocumentInput {
  return { inputId: text.slice(0, 8), url: null, contentHash: contentHash(text), title: null, byline: null, siteName: null, outlet: null, language: 'en', published: '2024-01-01', kind: 'text', origin: 'test', raw: null, text, meta: {} };
}

/** Server process id of the store's own writer connection (pg sets it at startup; its types omit it). */
function writerPid(store: PostgresStore): number | undefined {
  return (store as unknown as { writer: { processID?: number } | null }).writer?.processID;
}

/** Server process id of the writer thread's connection, found by the application name it sets. */
async function threadWriterPid(admin: pg.Client, schema: string): Promise<number | undefined> {
  const r = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE '%sitrep_save_document%'", [`sitrep-writer:${schema}`]);
  return r.rows[0]?.pid;
}

const url = await postgresUrl();

for (const thread of [false, true]) {
  const where = thread ? 'the writer thread' : 'the store';
  test(`postgres: a write after the server dropped ${where}'s writer connection succeeds on a new one`, { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open(url as string, { schema, writerThread: thread });
    const admin = new pg.Client({ connectionString: url as string });
    await admin.connect();
    const pidOf = (): Promise<number | undefined> => (thread ? threadWriterPid(admin, schema) : Promise.resolve(writerPid(store)));
    try {
      assert.equal((await store.saveDocument(doc('First document, written before the drop.'), output('a', []), 'run')).status, 'stored');
      const pid = await pidOf();
      assert.ok(typeof pid === 'number', 'the first write took a writer connection');
      const killed = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
      assert.equal(killed.rows[0]?.ok, true);
      // Let the client see the server's goodbye, as it would between two documents of a run.
      await sleep(300);
      assert.equal((await store.saveDocument(doc('Second document, written after the drop.'), output('b', []), 'run')).status, 'stored');
      const now = await pidOf();
      assert.ok(now !== undefined && now !== pid, 'a fresh connection');
      assert.equal((await store.counts()).documents, 2);
    } finally {
      await admin.end();
      await store.dropSchema();
      await store.close();
    }
  });
}

/** Last value each identity sequence handed out (null: none yet), by table. */
async function lastIds(admin: pg.Client, schema: string): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const table of ['documents', 'events', 'reports', 'actors', 'places', 'ingest_log']) {
    const r = await admin.query<{ v: string | null }>("SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')) AS v", [`${schema}.${table}`]);
    out[table] = r.rows[0]?.v == null ? null : Number(r.rows[0].v);
  }
  return out;
}

for (const thread of [false, true]) {
  const where = thread ? 'the writer thread' : 'the store';
  // The warm-up's failures are not reported (the first real save reports its own), so this is what
  // says that it still goes through every statement of a save when the schema or the payload changes.
  test(`postgres: ${where} warms its new writer connection with a whole save that it rolls back`, { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open(url as string, { schema, writerThread: thread });
    const admin = new pg.Client({ connectionString: url as string });
    await admin.connect();
    try {
      assert.deepEqual(await lastIds(admin, schema), { documents: null, events: null, reports: null, actors: null, places: null, ingest_log: null });
      store.prepareWrites();
      // Every table's id sequence moved (the last statement of the save is the ingest-log line)...
      let ids = await lastIds(admin, schema);
      for (let i = 0; i < 100 && ids.ingest_log === null; i++) {
        await sleep(50);
        ids = await lastIds(admin, schema);
      }
      // The tables are read one by one, so the read that first saw the ingest-log line may have read
      // documents before the save reached them; once that last statement has run, a new read is whole.
      ids = await lastIds(admin, schema);
      assert.deepEqual(ids, { documents: 1, events: 1, reports: 1, actors: 2, places: 1, ingest_log: 1 });
      // ...and nothing of it stayed.
      assert.deepEqual(await store.counts(), { documents: 0, reports: 0, events: 0, actors: 0, places: 0, errors: 0 });
      const first = await store.saveDocument(doc('The first real document of this store.'), output('a', []), 'run');
      assert.equal(first.status, 'stored');
      assert.equal(first.documentId, 2, 'the rolled-back warm-up took id 1');
    } finally {
      await admin.end();
      await store.dropSchema();
      await store.close();
    }
  });
}

test('postgres: a store opened for writes starts its writer thread while it opens, on a new schema and on a current one', { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
  const schema = freshSchema();
  const admin = new pg.Client({ connectionString: url as string });
  await admin.connect();
  try {
    // A new schema: the thread starts before the tables exist, so its warm-up cannot run; the first
    // save, after the migration, still goes through.
    const first = await PostgresStore.open(url as string, { schema, writerThread: true, prepareWrites: true });
    assert.equal((await first.saveDocument(doc('Written through a thread started before the schema existed.'), output('a', []), 'run')).status, 'stored');
    await first.close();
    const before = await lastIds(admin, schema);
    // A current schema: the thread warms its connection with no prepareWrites() call.
    const second = await PostgresStore.open(url as string, { schema, writerThread: true, prepareWrites: true });
    let ids = await lastIds(admin, schema);
    for (let i = 0; i < 100 && ids.ingest_log === before.ingest_log; i++) {
      await sleep(50);
      ids = await lastIds(admin, schema);
    }
    assert.equal(ids.documents, (before.documents ?? 0) + 1, 'the warm-up ran');
    assert.equal((await second.saveDocument(doc('Written after the warm-up.'), output('b', []), 'run')).status, 'stored');
    assert.equal((await second.counts()).documents, 2);
    await second.dropSchema();
    await second.close();
  } finally {
    await admin.end();
  }
});
