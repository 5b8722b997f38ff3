/**
 * Back-ends the contract suite runs against. PostgreSQL is used when SITREP_PG_URL is set (then it
 * must work) or when 127.0.0.1:5432 accepts connections; otherwise it is skipped, loudly.
 */
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { SqliteStore } from '../../src/store/sqlite.js';
import { PostgresStore } from '../../src/store/postgres.js';
import type { Store } from '../../src/store/types.js';

/** Default URL of the local test server (trust auth, database `test`). */
export const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** The PostgreSQL URL to test against, or null (with the reason printed) when it must be skipped. */
export async function postgresUrl(): Promise<string | null> {
  const env = process.env.SITREP_PG_URL;
  if (env) return env;
  if (await portOpen('127.0.0.1', 5432)) return LOCAL_PG;
  process.stderr.write('\n*** PostgreSQL contract tests SKIPPED: SITREP_PG_URL is unset and 127.0.0.1:5432 refuses connections ***\n\n');
  return null;
}

/** A fresh schema name for one test run. */
export function freshSchema(): string {
  return `sitrep_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** A store under test and how to dispose of it. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<{ store: Store; spec: string; dispose(): Promise<void> }>;
}

/** SQLite in a temporary file (WAL needs a real file). */
export function sqliteBackend(dir: () => string): Backend {
  let n = 0;
  return {
    name: 'sqlite',
    async open() {
      const spec = `${dir()}/contract-${n++}.db`;
      const store = SqliteStore.open(spec);
      return { store, spec, dispose: () => store.close() };
    },
  };
}

/** PostgreSQL in a fresh schema, dropped afterwards. */
export function postgresBackend(url: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const schema = freshSchema();
      const store = await PostgresStore.open(url, { schema });
      const u = new URL(url);
      u.searchParams.set('schema', schema);
      return {
        store,
        spec: u.toString(),
        async dispose() {
          await store.dropSchema();
          await store.close();
        },
      };
    },
  };
}
