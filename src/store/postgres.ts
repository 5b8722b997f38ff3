import pg from 'pg';
import type { OutputDoc } from '../core/output.js';
import type { EventActor, EventLocation } from '../core/types.js';
import { PIPELINE_VERSION } from '../extract.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js';
import { actorKey, foldName, placeKey, reportRow, searchTerms } from './rows.js';
import { buildEventsSql, toStoredReport, tsQuery } from './query.js';
import { toErrorEntry, toSearchHit, toStoredDocument } from './sqlite.js';
import type {
  DedupCheck,
  DocumentInput,
  ErrorEntry,
  EventFilter,
  EventQuery,
  IngestLogEntry,
  SaveResult,
  SearchHit,
  Store,
  StoreCounts,
  StoredDocument,
  StoredReport,
} from './types.js';

/**
 * Ids of rows of a keyed dictionary table (`actors`, `places`; first column `key`, sorted), inserting
 * the missing ones, in one round trip. Known keys are only read: an upsert that rewrites existing rows
 * would leave a dead tuple and index entries behind for every mention. A key that another writer is
 * inserting concurrently is neither inserted nor visible to this statement; the slower upsert, which
 * waits for that writer, then fills the gap.
 */
async function upsertIds(c: pg.PoolClient, table: 'actors' | 'places', columns: string[], types: string[], values: unknown[][]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const keys = values[0] as string[];
  if (keys.length === 0) return ids;
  const cols = columns.join(', ');
  const unnest = `unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
  const r = await c.query<{ id: string; key: string }>(
    `WITH ins AS (INSERT INTO ${table} (${cols}) SELECT * FROM ${unnest} ON CONFLICT (key) DO NOTHING RETURNING id, key)
     SELECT id, key FROM ins UNION ALL SELECT id, key FROM ${table} WHERE key = ANY($1::text[])`,
    values,
  );
  for (const row of r.rows) ids.set(row.key, Number(row.id));
  if (ids.size < keys.length) {
    const missing = keys.flatMap((k, i) => (ids.has(k) ? [] : [i]));
    const again = await c.query<{ id: string; key: string }>(
      `INSERT INTO ${table} (${cols}) SELECT * FROM ${unnest} ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING id, key`,
      values.map((col) => missing.map((i) => col[i])),
    );
    for (const row of again.rows) ids.set(row.key, Number(row.id));
  }
  return ids;
}

/** Options of {@link PostgresStore.open}. */
export interface PostgresOptions {
  /** Schema to use (created if missing); also read from a `?schema=` URL parameter. Default `public`. */
  schema?: string;
  now?: () => string;
}

const isoNow = (): string => new Date(Date.now()).toISOString();
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The shared back-end for multi-process use. Each document is written in one transaction on one pooled
 * client; concurrent writers of the same text are resolved by the unique content hash (the loser's
 * insert conflicts and it reports a duplicate).
 */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private readonly now: () => string;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
    opts: PostgresOptions,
  ) {
    this.now = opts.now ?? isoNow;
  }

  /** Connects, creates the schema if needed and applies pending migrations. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const u = new URL(url);
    const schema = opts.schema ?? u.searchParams.get('schema') ?? 'public';
    u.searchParams.delete('schema');
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"; expected lower-case letters, digits and _`);
    const pool = new pg.Pool({ connectionString: u.toString(), max: 4, connectionTimeoutMillis: 10_000 });
    // Every pooled connection must see our schema first; the query is queued before any other on it.
    // synchronous_commit=off: a commit returns before its WAL is flushed, so a server crash may lose the
    // last few documents (a rerun stores them again) but never leaves one half-written: the same
    // trade as SQLite's synchronous=NORMAL in WAL mode, and it saves one disk flush per document.
    pool.on('connect', (client) => {
      client.query(`SET search_path TO ${schema}; SET synchronous_commit TO off`).catch(() => undefined);
    });
    const store = new PostgresStore(pool, schema, opts);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await c.query(`SET search_path TO ${this.schema}`);
      await c.query('BEGIN');
      // Serialise concurrent migrators (several `sitrep` processes starting at once).
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitrep-migrate-${this.schema}`]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const done = new Set((await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of POSTGRES_MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, this.now()]);
      }
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const r = await fn(c);
      await c.query('COMMIT');
      return r;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async checkDuplicate(hash: string): Promise<DedupCheck> {
    const r = await this.pool.query<{ id: string }>('SELECT id FROM documents WHERE content_hash = $1', [hash]);
    const row = r.rows[0];
    return row ? { kind: 'duplicate', documentId: Number(row.id) } : { kind: 'new' };
  }

  async saveDocument(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
    const at = this.now();
    return this.tx(async (c) => {
      if (doc.url !== null) {
        // Two writers of new versions of one URL must not pick the same version number.
        await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`sitrep-url-${doc.url}`]);
      }
      const published = doc.published ?? output.published;
      // The next version number is read in the insert itself (after the lock): one round trip less.
      const ins = await c.query<{ id: string; version: number }>(
        `INSERT INTO documents (input_id, url, version, content_hash, title, byline, site_name, outlet, language, published, kind, origin, raw, text, meta, pipeline_version, ingested_at, search)
         SELECT $1, $2::text, coalesce((SELECT max(version) FROM documents WHERE url = $2::text), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
           setweight(to_tsvector('simple', $17), 'A') || to_tsvector('simple', $18)
         ON CONFLICT (content_hash) DO NOTHING RETURNING id, version`,
        [doc.inputId, doc.url, doc.contentHash, doc.title, doc.byline, doc.siteName, doc.outlet, doc.language ?? output.language, published, doc.kind, doc.origin, doc.raw, doc.text, JSON.stringify(doc.meta), output.pipelineVersion || PIPELINE_VERSION, at, foldName(doc.title ?? ''), foldName(doc.text)],
      );
      const inserted = ins.rows[0];
      if (!inserted) {
        const dup = (await c.query<{ id: string }>('SELECT id FROM documents WHERE content_hash = $1', [doc.contentHash])).rows[0];
        const documentId = Number(dup?.id ?? 0);
        await this.ingestRow(c, { runId, input: doc.origin, status: 'duplicate', documentId, detail: doc.inputId }, at);
        return { status: 'duplicate' as const, documentId, version: 0, reports: 0 };
      }
      const documentId = Number(inserted.id);
      const version = Number(inserted.version);
      const reports = await this.insertReports(c, documentId, output, published, at);
      const status = version > 1 ? ('version' as const) : ('stored' as const);
      await this.ingestRow(c, { runId, input: doc.origin, status, documentId, detail: doc.inputId }, at);
      return { status, documentId, version, reports };
    });
  }

  /**
   * Writes all reports of a document in at most three round trips (actors, places, then events +
   * reports + actor links in one statement over UNNESTed arrays), instead of one per row: on a local
   * server the round trips, not the rows, were most of the cost.
   */
  private async insertReports(c: pg.PoolClient, documentId: number, output: OutputDoc, published: string | null, at: string): Promise<number> {
    const evs = output.events;
    if (evs.length === 0) return 0;
    const actorIds = await this.actorIds(c, evs.flatMap((ev) => [...ev.source, ...ev.target]));
    const placeIds = await this.placeIds(c, evs.flatMap((ev) => (ev.location === null ? [] : [ev.location])));
    const cols: unknown[][] = Array.from({ length: 22 }, () => []);
    const links: unknown[][] = Array.from({ length: 8 }, () => []);
    evs.forEach((ev, n) => {
      const row = reportRow(ev, n, published);
      const placeId = ev.location === null ? null : (placeIds.get(placeKey(ev.location)) ?? null);
      [row.ordinal, row.localId, row.ploverType, row.mode, row.acledEventType, row.acledSubEventType, row.eventDate, row.dateEnd, row.datePrecision, row.country, row.admin1, placeId,
        row.lat, row.lon, row.geoPrecision, row.fatalities, row.stance, row.historical, row.triggerStart, row.triggerEnd, row.triggerText, row.data].forEach((v, i) => cols[i]?.push(v));
      for (const [role, list] of [['source', ev.source], ['target', ev.target]] as const) {
        list.forEach((a, i) => [n, actorIds.get(actorKey(a)), role, i, a.start, a.end, a.text, a.rule].forEach((v, k) => links[k]?.push(v)));
      }
    });
    // Events get their ids in insertion order; any pairing with reports is valid (one event per report).
    await c.query(
      `WITH ev AS (INSERT INTO events (created_at) SELECT $1 FROM generate_series(1, $2::int) RETURNING id),
       evn AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS ord FROM ev),
       r AS (
         INSERT INTO reports (document_id, event_id, ordinal, local_id, plover_type, mode, acled_event_type, acled_sub_event_type, event_date, date_end, date_precision,
           country, admin1, place_id, lat, lon, geo_precision, fatalities, stance, historical, trigger_start, trigger_end, trigger_text, data, pipeline_version)
         SELECT $3, evn.id, x.*, $4 FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
           $16::bigint[], $17::float8[], $18::float8[], $19::int[], $20::int[], $21::text[], $22::boolean[], $23::int[], $24::int[], $25::text[], $26::jsonb[])
           AS x(ordinal, local_id, plover_type, mode, acled_event_type, acled_sub_event_type, event_date, date_end, date_precision, country, admin1, place_id,
             lat, lon, geo_precision, fatalities, stance, historical, trigger_start, trigger_end, trigger_text, data)
           JOIN evn ON evn.ord = x.ordinal
         RETURNING id, ordinal)
       INSERT INTO report_actors (report_id, actor_id, role, ordinal, span_start, span_end, text, rule)
       SELECT r.id, l.actor_id, l.role, l.ord, l.s, l.e, l.t, l.rule
       FROM unnest($27::int[], $28::bigint[], $29::text[], $30::int[], $31::int[], $32::int[], $33::text[], $34::text[]) AS l(rep, actor_id, role, ord, s, e, t, rule)
       JOIN r ON r.ordinal = l.rep`,
      [at, evs.length, documentId, output.pipelineVersion || PIPELINE_VERSION, ...cols, ...links],
    );
    return evs.length;
  }

  /** Ids of the actors, inserting missing ones (see {@link upsertIds}). */
  private async actorIds(c: pg.PoolClient, actors: EventActor[]): Promise<Map<string, number>> {
    const byKey = new Map(actors.map((a) => [actorKey(a), a]));
    const keys = [...byKey.keys()].sort();
    const list = keys.map((k) => byKey.get(k) as EventActor);
    return upsertIds(c, 'actors', ['key', 'dict_id', 'name', 'name_folded', 'country', 'sector'], ['text', 'text', 'text', 'text', 'text', 'text'], [
      keys, list.map((a) => a.id), list.map((a) => a.name), list.map((a) => foldName(a.name)), list.map((a) => a.country), list.map((a) => a.sector),
    ]);
  }

  /** Ids of the places, inserting missing ones (see {@link upsertIds}). */
  private async placeIds(c: pg.PoolClient, places: EventLocation[]): Promise<Map<string, number>> {
    const byKey = new Map(places.map((p) => [placeKey(p), p]));
    const keys = [...byKey.keys()].sort();
    const list = keys.map((k) => byKey.get(k) as EventLocation);
    return upsertIds(c, 'places', ['key', 'name', 'name_folded', 'country', 'admin1', 'lat', 'lon', 'geonameid', 'precision'], ['text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'bigint', 'int'], [
      keys, list.map((p) => p.name), list.map((p) => foldName(p.name)), list.map((p) => p.country), list.map((p) => p.admin1), list.map((p) => p.lat), list.map((p) => p.lon), list.map((p) => p.geonameId), list.map((p) => p.precision),
    ]);
  }

  private async ingestRow(c: pg.PoolClient | pg.Pool, e: IngestLogEntry, at: string): Promise<void> {
    await c.query('INSERT INTO ingest_log (run_id, input, status, document_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)', [e.runId, e.input, e.status, e.documentId, e.detail, at]);
  }

  async logIngest(e: IngestLogEntry): Promise<void> {
    await this.ingestRow(this.pool, e, this.now());
  }

  async logError(e: ErrorEntry): Promise<void> {
    await this.pool.query('INSERT INTO error_log (run_id, input, stage, code, reason, at) VALUES ($1, $2, $3, $4, $5, $6)', [e.runId, e.input, e.stage, e.code, e.reason, e.at ?? this.now()]);
  }

  async errors(opts: { limit?: number; runId?: string } = {}): Promise<ErrorEntry[]> {
    const r = opts.runId
      ? await this.pool.query('SELECT * FROM error_log WHERE run_id = $1 ORDER BY id DESC LIMIT $2', [opts.runId, opts.limit ?? 100])
      : await this.pool.query('SELECT * FROM error_log ORDER BY id DESC LIMIT $1', [opts.limit ?? 100]);
    return r.rows.map(toErrorEntry);
  }

  async documentsWithVersionOtherThan(version: string): Promise<{ id: number; pipelineVersion: string }[]> {
    const r = await this.pool.query<{ id: string; pipeline_version: string }>('SELECT id, pipeline_version FROM documents WHERE pipeline_version <> $1 ORDER BY id', [version]);
    return r.rows.map((x) => ({ id: Number(x.id), pipelineVersion: x.pipeline_version }));
  }

  async getDocument(id: number): Promise<StoredDocument | null> {
    const r = await this.pool.query('SELECT id, input_id, url, title, language, published, text, pipeline_version FROM documents WHERE id = $1', [id]);
    return r.rows[0] ? toStoredDocument(r.rows[0] as Record<string, unknown>) : null;
  }

  async replaceReports(documentId: number, output: OutputDoc): Promise<number> {
    const at = this.now();
    return this.tx(async (c) => {
      const doc = (await c.query<{ published: string | null }>('SELECT published FROM documents WHERE id = $1 FOR UPDATE', [documentId])).rows[0];
      if (!doc) return 0;
      const old = (await c.query<{ event_id: string }>('SELECT event_id FROM reports WHERE document_id = $1', [documentId])).rows.map((r) => r.event_id);
      await c.query('DELETE FROM reports WHERE document_id = $1', [documentId]);
      if (old.length > 0) await c.query('DELETE FROM events e WHERE e.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id)', [old]);
      const n = await this.insertReports(c, documentId, output, doc.published, at);
      await c.query('UPDATE documents SET pipeline_version = $1 WHERE id = $2', [output.pipelineVersion || PIPELINE_VERSION, documentId]);
      return n;
    });
  }

  async *events(filter: EventFilter, query: EventQuery): AsyncIterable<StoredReport> {
    const { sql, params } = buildEventsSql('postgres', filter, query);
    const c = await this.pool.connect();
    // A server-side cursor streams a million-row export in fixed-size batches.
    try {
      await c.query('BEGIN READ ONLY');
      await c.query(`DECLARE sitrep_events NO SCROLL CURSOR FOR ${sql}`, params);
      for (;;) {
        const r = await c.query('FETCH 500 FROM sitrep_events');
        for (const row of r.rows) yield toStoredReport(row as Record<string, unknown>);
        if (r.rows.length < 500) break;
      }
      await c.query('COMMIT');
    } finally {
      // Also reached when the consumer stops early: the open transaction is rolled back.
      await c.query('ROLLBACK').catch(() => undefined);
      c.release();
    }
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const q = tsQuery(query);
    if (q === null) return [];
    const r = await this.pool.query(
      `SELECT d.id, d.input_id, d.url, d.title, d.published, d.outlet, d.text, (SELECT count(*) FROM reports r WHERE r.document_id = d.id) AS reports
       FROM documents d WHERE d.search @@ to_tsquery('simple', $1) ORDER BY ts_rank(d.search, to_tsquery('simple', $1)) DESC, d.id LIMIT $2`,
      [q, limit],
    );
    const terms = searchTerms(query);
    return r.rows.map((row) => toSearchHit(row as Record<string, unknown>, terms));
  }

  async seen(feed: string, itemKey: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM feed_seen WHERE feed = $1 AND item_key = $2', [feed, itemKey])).rows.length > 0;
  }

  async markSeen(feed: string, itemKey: string, documentId: number | null): Promise<void> {
    await this.pool.query('INSERT INTO feed_seen (feed, item_key, document_id, seen_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [feed, itemKey, documentId, this.now()]);
  }

  async counts(): Promise<StoreCounts> {
    const c = async (t: string): Promise<number> => Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]?.n ?? 0);
    return { documents: await c('documents'), reports: await c('reports'), events: await c('events'), actors: await c('actors'), places: await c('places'), errors: await c('error_log') };
  }

  /** Drops the whole schema (tests create one per run). */
  async dropSchema(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
