/**
 * Crash safety: an ingest killed with SIGKILL in the middle of a batch leaves only whole documents,
 * and a rerun completes the batch with every document stored exactly once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import { extract } from '../../src/extract.js';
import { freshSchema, postgresUrl } from './backends.js';

const HARNESS = join(import.meta.dirname, 'harness.ts');
const CITIES = ['Alep', 'Homs', 'Hama', 'Idleb', 'Deraa', 'Raqqa', 'Kidal', 'Gao', 'Goma', 'Bunia'];
const N = 300;

function batch(): { id: string; text: string; published: string; language: string }[] {
  return Array.from({ length: N }, (_, i) => {
    const city = CITIES[i % CITIES.length] as string;
    const en = i % 2 === 1;
    const text = en
      ? `At least ${i + 2} soldiers were killed in an attack on an army post near ${city} on Tuesday, officials said. Report number ${i}. Residents fled the area as fighting continued into the night.`
      : `Au moins ${i + 2} soldats ont été tués lors d'une attaque contre un poste de l'armée près de ${city} mardi, selon des responsables. Dépêche numéro ${i}. Les habitants ont fui la zone.`;
    return { id: `doc-${i}`, text, published: '2024-05-10', language: en ? 'en' : 'fr' };
  });
}

function startIngest(input: string, db: string): { done: Promise<number | null>; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', HARNESS, 'ingest', input, '--db', db], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: '1' } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  done.then(() => {
    if (process.env.SITREP_TEST_VERBOSE) process.stderr.write(err);
  });
  return { done, kill: () => child.kill('SIGKILL') };
}

/** Read-only access to the database under test, whichever the back-end. */
interface Probe {
  spec: string;
  /** First column of the first row, as a number; 0 when the schema does not exist yet. */
  num(sql: string): Promise<number>;
  rows<T>(sql: string): Promise<T[]>;
  dispose(): Promise<void>;
}

function sqliteProbe(dir: string): Probe {
  const spec = join(dir, 'crash.db');
  const open = (): Database.Database => new Database(spec, { readonly: true, fileMustExist: true });
  return {
    spec,
    async num(sql) {
      try {
        const d = open();
        try {
          return Number(Object.values(d.prepare(sql).get() as object)[0]);
        } finally {
          d.close();
        }
      } catch {
        return 0; // not created or not migrated yet
      }
    },
    async rows<T>(sql: string) {
      const d = open();
      try {
        return d.prepare(sql).all() as T[];
      } finally {
        d.close();
      }
    },
    async dispose() {},
  };
}

function postgresProbe(url: string): Probe {
  const schema = freshSchema();
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  let connected: Promise<void> | null = null;
  const q = async (sql: string): Promise<Record<string, unknown>[]> => {
    connected ??= client.connect().then(() => undefined);
    await connected;
    return (await client.query(sql)).rows as Record<string, unknown>[];
  };
  return {
    spec: u.toString(),
    async num(sql) {
      try {
        return Number(Object.values((await q(sql))[0] ?? { n: 0 })[0]);
      } catch {
        return 0;
      }
    },
    async rows<T>(sql: string) {
      return (await q(sql)) as T[];
    },
    async dispose() {
      await q(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

const pgUrl = await postgresUrl();
const backends: [string, (dir: string) => Probe][] = [['sqlite', sqliteProbe], ...(pgUrl ? [['postgres', () => postgresProbe(pgUrl)] as [string, (dir: string) => Probe]] : [])];

for (const [name, makeProbe] of backends) {
  test(`${name}: SIGKILL mid-batch, rerun: every document exactly once, nothing partial`, { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-crash-'));
    const probe = makeProbe(dir);
    try {
      const input = join(dir, 'batch.jsonl');
      const records = batch();
      writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const db = probe.spec;
      const countDocs = (): Promise<number> => probe.num('SELECT count(*) AS n FROM documents');

      const first = startIngest(input, db);
      let seen = 0;
      const deadline = Date.now() + 30_000;
      while (seen < 25 && Date.now() < deadline) {
        await sleep(15);
        seen = await countDocs();
      }
      first.kill();
      const code = await first.done;
      assert.equal(code, null, 'the child was killed, not finished');
      const afterKill = await countDocs();
      assert.ok(afterKill >= 25 && afterKill < N, `killed mid-batch (stored ${afterKill} of ${N})`);

      const second = startIngest(input, db);
      assert.equal(await second.done, 0);

      if (name === 'sqlite') {
        const d = new Database(db, { readonly: true });
        assert.equal((d.pragma('integrity_check') as { integrity_check: string }[])[0]?.integrity_check, 'ok');
        const fts = (d.prepare("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH 'numero OR number'").get() as { n: number }).n;
        d.close();
        assert.equal(fts, N, 'every document indexed for search');
      } else {
        assert.equal(await probe.num("SELECT count(*) FROM documents WHERE search @@ to_tsquery('simple', 'numero | number')"), N, 'every document indexed for search');
      }
      const docs = await probe.rows<{ id: number | string; input_id: string }>('SELECT id, input_id FROM documents ORDER BY id');
      assert.equal(docs.length, N);
      assert.equal(new Set(docs.map((x) => x.input_id)).size, N, 'no document twice');
      const reportsByDoc = new Map((await probe.rows<{ document_id: number | string; n: number | string }>('SELECT document_id, count(*) AS n FROM reports GROUP BY document_id')).map((r) => [Number(r.document_id), Number(r.n)]));
      const byInput = new Map(records.map((r) => [r.id, r]));
      for (const doc of docs) {
        const rec = byInput.get(doc.input_id);
        assert.ok(rec);
        assert.equal(reportsByDoc.get(Number(doc.id)) ?? 0, extract(rec).events.length, `${doc.input_id}: all its reports, no more`);
      }
      assert.equal(await probe.num("SELECT count(DISTINCT document_id) AS n FROM ingest_log WHERE status = 'stored'"), N, 'every stored document has its ingest log line');
      assert.equal(await probe.num("SELECT count(*) AS n FROM ingest_log WHERE status = 'duplicate'"), afterKill, 'the rerun skipped exactly what the killed run had stored');
      assert.equal(await probe.num('SELECT count(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id)'), 0);
    } finally {
      await probe.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
