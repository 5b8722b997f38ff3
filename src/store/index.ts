/**
 * Storage back-ends behind one {@link Store} contract. Pipeline stages never import this module; only
 * the CLI commands and the ingest runner do.
 */
import type { Store } from './types.js';

export type * from './types.js';
export { contentHash, normaliseForHash, compareVersions } from './rows.js';

/** Where the database is: `--db`, else `SITREP_DB`, else `./sitrep.db`. */
export function resolveDbSpec(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.SITREP_DB ?? 'sitrep.db';
}

/** True for `postgres://` and `postgresql://` specs. */
export function isPostgresSpec(spec: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(spec);
}

/**
 * Opens a store: PostgreSQL for postgres:// URLs, else an SQLite file path. Each back-end's module,
 * and its driver, is loaded only when it is the one asked for. `writes`: the caller is about to store
 * documents, so PostgreSQL starts its writer thread while it connects (SQLite opens in a few
 * milliseconds, and starts its thread at {@link Store.prepareWrites}).
 */
export async function openStore(spec: string, opts: { writes?: boolean } = {}): Promise<Store> {
  if (isPostgresSpec(spec)) {
    const { PostgresStore } = await import('./postgres.js');
    return PostgresStore.open(spec, { prepareWrites: opts.writes === true });
  }
  const { SqliteStore } = await import('./sqlite.js');
  return SqliteStore.open(spec);
}
