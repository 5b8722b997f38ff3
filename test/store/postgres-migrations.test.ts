/**
 * A PostgreSQL store created by an earlier sitrep is upgraded in place when it is opened: documents
 * and reports written before the upgrade stay, and the upgraded save path links new reports to the
 * actors and places already stored instead of duplicating them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../../src/store/migrations/postgres.js';
import { PostgresStore, reportsPayload } from '../../src/store/postgres.js';
import { contentHash, foldName } from '../../src/store/rows.js';
import type { DocumentInput } from '../../src/store/types.js';
import { freshSchema, postgresUrl } from './backends.js';
import { actor, event, output, place } from './fake-output.js';

const url = await postgresUrl();

function doc(text: string): DocumentInput {
  return { inputId: text.slice(0, 12), url: null, contentHash: contentHash(text), title: null, byline: null, siteName: null, outlet: null, language: 'fr', published: '2024-12-01', kind: 'text', origin: 'test', raw: null, text, meta: {} };
}

const ALEP = place('Alep', 'SYR', 36.2, 37.16, 170063);
const HTS = actor('Hayat Tahrir al-Sham', 'armed.hts', 'SYR', 4, 24, 'REB');
const ARMY = actor('Military of Syria', 'state.SYR.mil', 'SYR', 40, 46, 'MIL');

async function constraints(c: pg.Client, schema: string): Promise<string[]> {
  const r = await c.query<{ conname: string }>("SELECT conname FROM pg_constraint WHERE contype = 'f' AND connamespace = $1::regnamespace ORDER BY conname", [schema]);
  return r.rows.map((x) => x.conname);
}

test('postgres: a store at schema version 2 is upgraded on open and keeps its documents', { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
  const schema = freshSchema();
  const admin = new pg.Client({ connectionString: url as string });
  await admin.connect();
  try {
    // Version 2, as an earlier sitrep left it.
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path TO ${schema}`);
    await admin.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const m of POSTGRES_MIGRATIONS.filter((x) => x.version <= 2)) {
      await admin.query(m.sql);
      await admin.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, '2024-12-01T00:00:00Z']);
    }
    // A document saved as version 2's client did: the server built the search vector itself.
    const firstText = 'Les rebelles ont pris Alep samedi.';
    const p = reportsPayload(output('d1', [event({ id: 'd1#e1', source: [HTS], target: [ARMY], location: ALEP })]), '2024-12-01');
    const d = doc(firstText);
    const saved = await admin.query<{ out_status: string }>('SELECT * FROM sitrep_save_document($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)', [
      d.inputId, d.url, d.contentHash, 'Alep prise', null, null, null, 'fr', '2024-12-01', d.kind, d.origin, null, firstText, '{}', '0.0.9', '2024-12-01T00:00:00Z',
      foldName('Alep prise'), foldName(firstText), 'run-1', p.reports, p.actors, p.places, p.links,
    ]);
    assert.equal(saved.rows[0]?.out_status, 'stored');
    assert.ok((await constraints(admin, schema)).includes('reports_event_id_fkey'), 'version 2 has the per-row keys');

    const store = await PostgresStore.open(url as string, { schema, writerThread: false });
    try {
      const versions = await admin.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(versions.rows.map((r) => r.version), POSTGRES_MIGRATIONS.map((m) => m.version));
      // The keys that carry deletions stay; the per-row checks of append-only parents are gone.
      assert.deepEqual(await constraints(admin, schema), ['report_actors_report_id_fkey', 'reports_document_id_fkey']);
      // Migration 5 copied each report's event date onto its actor links.
      const dated = await admin.query<{ n: string; bad: string }>('SELECT count(*) AS n, count(*) FILTER (WHERE ra.event_date IS DISTINCT FROM r.event_date OR ra.event_date IS NULL) AS bad FROM report_actors ra JOIN reports r ON r.id = ra.report_id');
      assert.deepEqual(dated.rows[0], { n: '2', bad: '0' });

      const secondText = "L'armée syrienne a bombardé Alep dimanche.";
      const second = await store.saveDocument(doc(secondText), output('d2', [event({ id: 'd2#e1', source: [ARMY], target: [HTS], location: ALEP })]), 'run-2');
      assert.equal(second.status, 'stored');
      assert.equal(second.reports, 1);
      const counts = await store.counts();
      assert.equal(counts.documents, 2);
      // The old document's vector came from the server's parser, the new one's from searchVector: one
      // query finds both, and the title's weight still ranks the old one first for its title word.
      assert.deepEqual((await store.search('alep', 10)).map((h) => h.inputId), [d.inputId, doc(secondText).inputId]);
      assert.deepEqual((await store.search('prise', 10)).map((h) => h.inputId), [d.inputId]);
      assert.deepEqual((await store.search('SYRIENNE bombarde', 10)).map((h) => h.inputId), [doc(secondText).inputId]);
      assert.equal(counts.reports, 2);
      // Both documents' reports point at the same actor and place rows.
      const shared = await admin.query<{ actors: string; places: string; links: string; unlinked: string }>(
        `SELECT (SELECT count(*) FROM actors) AS actors, (SELECT count(*) FROM places) AS places,
           (SELECT count(*) FROM report_actors) AS links,
           (SELECT count(*) FROM reports WHERE place_id IS NULL) AS unlinked`,
      );
      assert.deepEqual(shared.rows[0], { actors: '2', places: '1', links: '4', unlinked: '0' });
      // The upgraded save path dates new links too, and a listing by actor reads both documents' reports.
      const dated2 = await admin.query<{ bad: string }>('SELECT count(*) AS bad FROM report_actors ra JOIN reports r ON r.id = ra.report_id WHERE ra.event_date IS DISTINCT FROM r.event_date OR ra.event_date IS NULL');
      assert.equal(dated2.rows[0]?.bad, '0');
      const byActor: string[] = [];
      for await (const r of store.events({ actor: 'hayat' }, { order: 'newest', limit: 10 })) byActor.push(r.document.inputId);
      assert.deepEqual(byActor.sort(), [d.inputId, doc(secondText).inputId].sort());
      const alep = await store.events({ place: 'Alep' }, { order: 'newest', limit: 10 });
      let n = 0;
      for await (const r of alep) {
        assert.equal(r.event.location?.geonameId, 170063);
        n++;
      }
      assert.equal(n, 2);

      // Replacing a document's reports still removes their actor links (the cascade that stays).
      assert.equal(await store.replaceReports(second.documentId, output('d2', [], { version: '99.0.0' })), 0);
      const left = await admin.query<{ links: string }>('SELECT count(*) AS links FROM report_actors');
      assert.equal(left.rows[0]?.links, '2');
    } finally {
      await store.dropSchema();
      await store.close();
    }
  } finally {
    await admin.end();
  }
});

test('postgres: saving a document probes the actors and places it names, never reading those tables whole', { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
  const schema = freshSchema();
  const store = await PostgresStore.open(url as string, { schema, writerThread: false });
  const admin = new pg.Client({ connectionString: url as string, options: `-c search_path=${schema}` });
  await admin.connect();
  try {
    // A store that has met a few thousand actors and places. (On tables of a page or two a scan is
    // the cheaper plan, rightly; what must not happen is a plan that reads them whole for every
    // document of a large store, as the joins of schema version 2 did.)
    await admin.query("INSERT INTO actors (key, dict_id, name, name_folded, country, sector) SELECT 'gen.' || i || '|Brigade ' || i, 'gen.' || i, 'Brigade ' || i, 'brigade ' || i, 'SYR', 'REB' FROM generate_series(1, 3000) i");
    await admin.query("INSERT INTO places (key, name, name_folded, country, lat, lon, geonameid, precision) SELECT 'gn:' || (800000 + i), 'Village ' || i, 'village ' || i, 'SYR', 35, 37, 800000 + i, 1 FROM generate_series(1, 3000) i");
    await admin.query('ANALYZE actors');
    await admin.query('ANALYZE places');
    await store.saveDocument(doc('Premier article, pour ouvrir la connexion du store.'), output('first', []), 'seed');
    // The next save runs inside a transaction opened on the store's own writer connection; the
    // connection's not yet reported table statistics, read before and after it, tell how it read
    // each table (they also hold what the connection did before, such as the migration's index builds).
    const writer = (store as unknown as { writer: pg.PoolClient | null }).writer;
    assert.ok(writer !== null, 'the store holds its writer connection after saving');
    const seqScans = async (): Promise<[string, number][]> =>
      (await writer.query<{ relname: string; seq_scan: string }>("SELECT relname, seq_scan FROM pg_stat_xact_user_tables WHERE schemaname = $1 AND relname IN ('actors', 'places') ORDER BY relname", [schema])).rows.map((x) => [x.relname, Number(x.seq_scan)]);
    await writer.query('BEGIN');
    const before = await seqScans();
    const brigade = actor('Brigade 3', 'gen.3', 'SYR', 0, 9, 'REB');
    const r = await store.saveDocument(doc("L'armée a bombardé Alep, où la brigade 3 tenait un quartier."), output('probe', [event({ id: 'probe#e1', source: [ARMY, brigade], target: [HTS], location: ALEP }), event({ id: 'probe#e2', source: [HTS], target: [], location: place('Village 7', 'SYR', 35, 37, 800007) })]), 'probe');
    const after = await seqScans();
    await writer.query('COMMIT');
    assert.equal(r.status, 'stored');
    assert.equal(r.reports, 2);
    assert.deepEqual(
      after.map(([name, n], i) => [name, n - (before[i]?.[1] ?? 0)]),
      [
        ['actors', 0],
        ['places', 0],
      ],
    );
    const counts = await store.counts();
    assert.equal(counts.actors, 3002, 'the army and HTS are new; Brigade 3 was known');
    assert.equal(counts.places, 3001, 'Alep is new; Village 7 was known');
  } finally {
    await admin.end();
    await store.dropSchema();
    await store.close();
  }
});

test('postgres: opening a current store only reads its version, so a migrator holding the lock does not hold it up', { skip: url === null ? 'no PostgreSQL server' : false }, async () => {
  const schema = freshSchema();
  await (await PostgresStore.open(url as string, { schema, writerThread: false })).close();
  const locker = new pg.Client({ connectionString: url as string });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitrep-migrate-${schema}`]);
    // With the lock held elsewhere, an open that took it would wait until the timeout below.
    const opened = await Promise.race([
      PostgresStore.open(url as string, { schema, writerThread: false }).then(async (s) => {
        await s.close();
        return 'opened';
      }),
      new Promise<string>((resolve) => setTimeout(() => resolve('waited for the lock'), 3000).unref()),
    ]);
    assert.equal(opened, 'opened');
    await locker.query('COMMIT');

    // A store behind the latest version still takes the lock: it waits until the holder lets go.
    await locker.query(`DELETE FROM ${schema}.schema_migrations WHERE version = $1`, [POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]?.version]);
    await locker.query('BEGIN');
    await locker.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitrep-migrate-${schema}`]);
    let upgraded = false;
    const behind = PostgresStore.open(url as string, { schema, writerThread: false }).then(async (s) => {
      upgraded = true;
      await s.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(upgraded, false, 'the upgrade waits for the migration lock');
    await locker.query('COMMIT');
    await behind;
    assert.equal(upgraded, true);
  } finally {
    await locker.end();
    const admin = new pg.Client({ connectionString: url as string });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
});
