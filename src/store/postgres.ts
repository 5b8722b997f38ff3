import type pg from 'pg';
import type { OutputDoc } from '../core/output.js';
import type { SitrepEvent } from '../core/types.js';
import { SitrepError } from '../core/errors.js';
import { PIPELINE_VERSION } from '../core/version.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres.js';
import { pgDriver } from './pg-driver.js';
import { actorKey, foldName, placeKey, reportRow, searchLexemes, searchTerms, searchVectorBinary } from './rows.js';
import { actorIdsQuery, actorPageSql, buildEventsSql, COLUMNS, toErrorEntry, toSearchHit, toStoredDocument, toStoredReport, tsQuery } from './query.js';
import type { EventsSqlOptions } from './query.js';
import { defaultWriterThread, WriterThread } from './writer-thread.js';
import type {
  DocumentInput,
  ErrorEntry,
  EventFilter,
  EventQuery,
  IngestLogEntry,
  SaveItem,
  SaveResult,
  SearchHit,
  Store,
  StoreCounts,
  StoredDocument,
  StoredReport,
} from './types.js';
import type { HttpValidators } from '../ingest/types.js';

/** JSONB arguments of `sitrep_insert_reports` (migration 2): report rows, their actors, places and actor links. */
export interface ReportsPayload {
  reports: string;
  actors: string;
  places: string;
  links: string;
}

/**
 * Flattens an extraction into the JSON arrays the server-side insert reads with json_to_recordset.
 * Actors and places are deduplicated by key, and rows refer to them by key, so ids are resolved on
 * the server and no round trip is spent fetching them. Each event goes in whole as its report's
 * `data`: from `eventJson` when the caller has its JSON already, else serialised here. Exported for
 * the migration tests, which write a store the way an earlier version did.
 */
export function reportsPayload(output: OutputDoc, published: string | null, eventJson?: readonly string[]): ReportsPayload {
  const reports: string[] = [];
  const links: unknown[] = [];
  const actors = new Map<string, unknown>();
  const places = new Map<string, unknown>();
  output.events.forEach((ev, n) => {
    const row = reportRow(ev, n, published);
    let placeKeyOf: string | null = null;
    if (ev.location !== null) {
      const p = ev.location;
      placeKeyOf = placeKey(p);
      if (!places.has(placeKeyOf)) {
        places.set(placeKeyOf, { key: placeKeyOf, name: p.name, name_folded: foldName(p.name), country: p.country, admin1: p.admin1, lat: p.lat, lon: p.lon, geonameid: p.geonameId, precision: p.precision });
      }
    }
    const columns = JSON.stringify({
      ordinal: row.ordinal, local_id: row.localId, plover_type: row.ploverType, mode: row.mode, acled_event_type: row.acledEventType, acled_sub_event_type: row.acledSubEventType,
      event_date: row.eventDate, date_end: row.dateEnd, date_precision: row.datePrecision, country: row.country, admin1: row.admin1, place_key: placeKeyOf, lat: row.lat, lon: row.lon,
      geo_precision: row.geoPrecision, fatalities: row.fatalities, stance: row.stance, historical: row.historical, trigger_start: row.triggerStart, trigger_end: row.triggerEnd,
      trigger_text: row.triggerText,
    });
    // The columns object always has keys, so its text ends with "}" after a value: data goes last.
    reports.push(`${columns.slice(0, -1)},"data":${eventJson?.[n] ?? JSON.stringify(ev)}}`);
    for (const [role, list] of [['source', ev.source], ['target', ev.target]] as const) {
      list.forEach((a, i) => {
        const key = actorKey(a);
        if (!actors.has(key)) actors.set(key, { key, dict_id: a.id, name: a.name, name_folded: foldName(a.name), country: a.country, sector: a.sector });
        links.push({ rep: n, key, role, ord: i, s: a.start, e: a.end, t: a.text, rule: a.rule });
      });
    }
  });
  // Sorted keys make concurrent writers take the unique-index entries in one order (no deadlock).
  const sorted = (m: Map<string, unknown>): string => JSON.stringify([...m.keys()].sort().map((k) => m.get(k)));
  return { reports: `[${reports.join(',')}]`, actors: sorted(actors), places: sorted(places), links: JSON.stringify(links) };
}

/** The row `sitrep_save_document` returns. */
interface SaveRow {
  out_status: SaveResult['status'];
  out_document_id: string;
  out_version: number;
  out_reports: number;
}

/** Numbers the warm-up documents of this process, whose keys must not meet another writer's. */
let warmUps = 0;

/**
 * A made-up document for {@link PostgresStore}'s warm-up: one report with a date, a death toll, a
 * place and an actor on each side, so that the save takes every path a real one takes. Its hash,
 * input id and keys carry the process id and a counter, so that a concurrent writer never waits on
 * the warm-up's uncommitted rows.
 */
function warmUpItem(): SaveItem {
  const tag = `sitrep-warm-up:${process.pid}:${++warmUps}`;
  const text = 'Clashes broke out in Aleppo on Saturday; two fighters were killed.';
  const actor = (name: string, start: number, rule: string): SitrepEvent['source'][number] => ({ start, end: start + name.length, name, text: name, country: null, sector: null, id: `${tag}:${name}`, rule });
  const event: SitrepEvent = {
    id: 'e1',
    type: 'ASSAULT',
    mode: null,
    acled: { eventType: 'Battles', subEventType: 'Armed clash' },
    trigger: { start: 0, end: 7, text: 'Clashes' },
    source: [actor('fighters', 50, 'warm-up')],
    target: [actor('Aleppo', 22, 'warm-up')],
    location: { start: 22, end: 28, name: tag, text: 'Aleppo', country: 'SYR', admin1: null, lat: 36.2, lon: 37.16, geonameId: null, precision: 1, rule: 'warm-up' },
    date: { charStart: 32, charEnd: 40, start: '2024-11-30', end: '2024-11-30', precision: 'day', text: 'Saturday', rule: 'warm-up' },
    counts: [{ start: 42, end: 45, kind: 'killed', value: 2, qualifier: 'exact', low: null, high: null, by: null, text: 'two', rule: 'warm-up' }],
    attribution: null,
    historical: false,
    evidence: [{ start: 0, end: text.length, text }],
    rules: ['warm-up'],
  };
  return {
    doc: { inputId: tag, url: null, contentHash: tag, title: 'Warm-up', byline: null, siteName: null, outlet: null, language: 'en', published: '2024-11-30', kind: 'text', origin: tag, raw: null, text, meta: {} },
    output: { id: tag, language: 'en', published: '2024-11-30', title: 'Warm-up', url: null, events: [event], places: [], actors: [], dates: [], errors: [], pipelineVersion: PIPELINE_VERSION },
    runId: tag,
  };
}

/** Options of {@link PostgresStore.open}. */
export interface PostgresOptions {
  /** Schema to use (created if missing); also read from a `?schema=` URL parameter. Default `public`. */
  schema?: string;
  now?: () => string;
  /**
   * Send document writes from a worker thread with its own connection (default: yes, unless a clock
   * is injected, which a thread could not share, or the machine has one core). The thread starts
   * with {@link PostgresStore.prepareWrites} or the first write.
   */
  writerThread?: boolean;
  /** `application_name` of the connections, as the server lists them (default `sitrep`). */
  applicationName?: string;
  /** The schema is known to be current (the writer thread's own store): skip the migration check. */
  migrated?: boolean;
  /**
   * The caller is about to write documents (`ingest`, `watch`): start the writer thread before
   * loading the driver and connecting, as {@link PostgresStore.prepareWrites} would after. The
   * thread's start-up (a new isolate, its modules, its connection and warm-up: some 100 ms of the
   * other core) then overlaps this thread's own opening, rather than the pipeline's load at the first
   * extraction, when V8's helper threads keep the other core busy compiling extraction's code.
   */
  prepareWrites?: boolean;
}

const isoNow = (): string => new Date(Date.now()).toISOString();
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * Up to these many documents matching `--text`, a listing binds their ids (a few hundred reports to
 * sort); above, the date index is walked, which fills a page quickly when the words are common.
 */
const TEXT_SET_MAX = 2000;
/** The same bound for the reports of the actors `--actor` matches, counted on their links. */
const ACTOR_SET_MAX = 20000;

/**
 * The shared back-end for multi-process use. Each document is written in one transaction on one pooled
 * client; concurrent writers of the same text are resolved by the unique content hash (the loser's
 * insert conflicts and it reports a duplicate).
 */
export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private readonly now: () => string;
  /** The connection documents are written on, taken from the pool on first use. */
  private writer: pg.PoolClient | null = null;
  /** Tail of the document writes, which run one after another on {@link writer}. */
  private writes: Promise<unknown> = Promise.resolve();
  /** The thread document writes are sent from, once started; null before the first write. */
  private thread: WriterThread | null = null;
  /** Whether writes go through a writer thread at all. */
  private readonly useThread: boolean;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
    opts: PostgresOptions,
    /** The connection URL without the schema parameter, for the writer thread. */
    private readonly url: string,
    thread: WriterThread | null,
  ) {
    this.now = opts.now ?? isoNow;
    this.useThread = opts.writerThread ?? defaultWriterThread(opts);
    this.thread = thread;
  }

  /** Connects, creates the schema if needed and applies pending migrations. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const u = new URL(url);
    const schema = opts.schema ?? u.searchParams.get('schema') ?? 'public';
    u.searchParams.delete('schema');
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"; expected lower-case letters, digits and _`);
    // On a schema still to be created or migrated, the thread's warm-up fails and is dropped, and its
    // first save, which comes after the migration below, opens a new connection.
    const thread = opts.prepareWrites === true && (opts.writerThread ?? defaultWriterThread(opts)) ? new WriterThread({ backend: 'postgres', url: u.toString(), schema }) : null;
    // Every connection must see our schema first, so both settings are startup parameters rather than
    // a query queued on each new client (which pg 9 will refuse while another query is queued).
    // synchronous_commit=off: a commit returns before its WAL is flushed, so a server crash may lose the
    // last few documents (a rerun stores them again) but never leaves one half-written: the same
    // trade as SQLite's synchronous=NORMAL in WAL mode, and it saves one disk flush per document.
    let pool: pg.Pool;
    try {
      pool = new (pgDriver().Pool)({
        connectionString: u.toString(),
        max: 4,
        connectionTimeoutMillis: 10_000,
        options: `-c search_path=${schema} -c synchronous_commit=off`,
        application_name: (opts.applicationName ?? 'sitrep').slice(0, 63),
      });
    } catch (err) {
      // The driver would not load: the thread started above fails the same way, and is stopped.
      await thread?.close();
      throw err;
    }
    const store = new PostgresStore(pool, schema, opts, u.toString(), thread);
    try {
      // The writer thread's own store skips this: its owner migrates the schema before any save.
      if (opts.migrated !== true) await store.migrate();
    } catch (err) {
      await store.close();
      throw err;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const c = await this.pool.connect();
    try {
      // Nearly every open finds the schema current: one read says so, where the locked check below
      // takes seven round trips and a schema lock. A missing schema or table is the only error this
      // read may end with, and it sends us down the full path.
      const current = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations').then(
        (r) => r.rows[0]?.v ?? 0,
        (err: unknown) => {
          const code = (err as { code?: unknown }).code;
          if (code === '42P01' || code === '3F000') return 0;
          throw err;
        },
      );
      const latest = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]?.version ?? 0;
      if (current >= latest) return;
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

  /**
   * Runs a document write on the writer connection, after the writes already queued. One connection
   * keeps its plan cache and compiled functions warm, where the pool would hand successive writes to
   * whichever client is idle (the ingest pipeline checks hashes beside a write) and make each new one
   * compile sitrep_save_document and plan its statements again; a short run paid that several times.
   * Writes are single statements, so running them in turn costs no concurrency within one process.
   */
  private onWriter<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const run = this.writes.then(async () => {
      let c = this.writer;
      if (c === null) {
        const fresh = await this.pool.connect();
        // A checked-out client has no pool error handler: a dropped connection must not crash the
        // process, only make the next write open a new one.
        fresh.on('error', (err) => this.dropWriter(fresh, err));
        this.writer = c = fresh;
      }
      try {
        return await fn(c);
      } catch (err) {
        // The statement rolled back; the connection itself may be broken, so it is not reused.
        this.dropWriter(c, err);
        throw err;
      }
    });
    // The chain goes on after a failed write; the failure reaches the caller through `run`.
    this.writes = run.catch(() => undefined);
    return run;
  }

  private dropWriter(c: pg.PoolClient, err: unknown): void {
    if (this.writer !== c) return;
    this.writer = null;
    c.release(err instanceof Error ? err : true);
  }

  async checkDuplicates(hashes: readonly string[]): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    if (hashes.length === 0) return known;
    const r = await this.pool.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM documents WHERE content_hash = ANY($1::text[])', [hashes]);
    for (const row of r.rows) known.set(row.content_hash, Number(row.id));
    return known;
  }

  prepareWrites(): void {
    if (this.useThread) {
      this.startThread();
      return;
    }
    // Saving in place (or being the writer thread's store): connect the writer now and warm its
    // backend, so the first save waits for neither. A failure here is not lost: the first save runs
    // on a new connection and reports its own error.
    if (this.writer === null) void this.onWriter((c) => this.warmUp(c)).catch(() => undefined);
  }

  private startThread(): WriterThread {
    this.thread ??= new WriterThread({ backend: 'postgres', url: this.url, schema: this.schema });
    return this.thread;
  }

  async saveDocument(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
    if (this.useThread) return this.startThread().save(doc, output, runId);
    return this.saveItem({ doc, output, runId });
  }

  /** Saves one document on this store's own connection (the writer thread's way in). */
  async saveItem(item: SaveItem): Promise<SaveResult> {
    // One statement: its own transaction, so the document commits whole or not at all.
    const row = (await this.onWriter((c) => this.save(c, item))).rows[0];
    if (!row) throw new SitrepError('E_INTERNAL', `${item.doc.origin}: sitrep_save_document returned no row; expected one (status, document id, version, reports)`, { stage: 'store' });
    return { status: row.out_status, documentId: Number(row.out_document_id), version: Number(row.out_version), reports: Number(row.out_reports) };
  }

  private save(c: pg.PoolClient, { doc, output, runId, eventJson }: SaveItem): Promise<pg.QueryResult<SaveRow>> {
    const published = doc.published ?? output.published;
    const p = reportsPayload(output, published, eventJson);
    return c.query<SaveRow>({
      // Named: each connection parses the call once.
      name: 'sitrep_save_document',
      text: 'SELECT * FROM sitrep_save_document($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)',
      values: [doc.inputId, doc.url, doc.contentHash, doc.title, doc.byline, doc.siteName, doc.outlet, doc.language ?? output.language, published, doc.kind, doc.origin, doc.raw, doc.text,
        JSON.stringify(doc.meta), output.pipelineVersion || PIPELINE_VERSION, this.now(), searchVectorBinary(searchLexemes(doc.title ?? '', doc.text)), runId, p.reports, p.actors, p.places, p.links],
    });
  }

  /**
   * Saves a made-up document ({@link warmUpItem}) on a new writer connection and rolls it back. A
   * new server backend's first save cost 22-25 ms against 1.2-1.7 ms for the next ones (BBC
   * articles, measured in place): compiling the two functions, planning their statements, loading
   * the tables' catalog entries; this thread's own code also runs for the first time. The writer
   * connection opens while extraction loads its dictionaries or works on the first document, so that
   * cost is paid then instead of by the first document's save. The rolled-back inserts leave gaps in
   * the id sequences, as any failed save does, and nothing else.
   */
  private async warmUp(c: pg.PoolClient): Promise<void> {
    await c.query('BEGIN');
    try {
      await this.save(c, warmUpItem());
    } finally {
      await c.query('ROLLBACK');
    }
  }

  /** Writes all reports of a document with the server-side `sitrep_insert_reports` (one round trip). */
  private async insertReports(c: pg.PoolClient, documentId: number, output: OutputDoc, published: string | null, at: string): Promise<number> {
    if (output.events.length === 0) return 0;
    const p = reportsPayload(output, published);
    const r = await c.query<{ n: number }>('SELECT sitrep_insert_reports($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, $7::jsonb) AS n', [documentId, output.pipelineVersion || PIPELINE_VERSION, at, p.reports, p.actors, p.places, p.links]);
    return Number(r.rows[0]?.n ?? 0);
  }

  private async ingestRow(c: pg.PoolClient | pg.Pool, e: IngestLogEntry, at: string): Promise<void> {
    await c.query('INSERT INTO ingest_log (run_id, input, status, document_id, detail, at) VALUES ($1, $2, $3, $4, $5, $6)', [e.runId, e.input, e.status, e.documentId, e.detail, at]);
  }

  async feedValidators(feed: string): Promise<HttpValidators | null> {
    const r = await this.pool.query<{ etag: string | null; last_modified: string | null }>('SELECT etag, last_modified FROM feed_state WHERE feed = $1', [feed]);
    const row = r.rows[0];
    return row === undefined ? null : { etag: row.etag, lastModified: row.last_modified };
  }

  async saveFeedValidators(feed: string, v: HttpValidators): Promise<void> {
    await this.pool.query(
      'INSERT INTO feed_state (feed, etag, last_modified, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (feed) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at',
      [feed, v.etag, v.lastModified, this.now()],
    );
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
    if (query.limit !== undefined) {
      // Listings pick the page of ids first, then read those rows.
      const ids = await this.pageIds(filter, query, query.limit);
      if (ids.length === 0) return;
      const r = await this.pool.query(`SELECT ${COLUMNS} FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id = ANY($1::bigint[])`, [ids]);
      const byId = new Map(r.rows.map((row: Record<string, unknown>) => [Number(row.report_id), row]));
      for (const id of ids) {
        const row = byId.get(id);
        if (row) yield toStoredReport(row);
      }
      return;
    }
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

  /**
   * The ids of a listing's page. An actor alone (or with dates) is read from report_actors' date index.
   * Otherwise the actors a name matches, and the documents a text matches when there are at most
   * {@link TEXT_SET_MAX}, are looked up first and bound as arrays, so the planner sees how many rows
   * they stand for: given subqueries, it guessed a third of the table and walked the date index,
   * 0.5-3 s on 1,000,000 reports for a rare name or word. When the matches are that few, they are
   * collected and sorted; even with a right estimate, the planner's walk assumes them spread evenly
   * in time (1 s for an actor and a country whose 350 shared reports lay far back).
   */
  private async pageIds(filter: EventFilter, query: EventQuery, limit: number): Promise<number[]> {
    const byActor = query.order === 'newest' ? actorPageSql(filter, limit, 'postgres') : null;
    const ids = (rows: { report_id: string | number }[]): number[] => rows.map((r) => Number(r.report_id));
    if (byActor !== null) return ids((await this.pool.query<{ report_id: string }>(byActor.sql, byActor.params)).rows);
    const opts: EventsSqlOptions = {};
    if (filter.actor) {
      const { sql, params } = actorIdsQuery(filter.actor);
      opts.actorIds = (await this.pool.query<{ id: string }>(sql, params)).rows.map((r) => Number(r.id));
      if (opts.actorIds.length === 0) return [];
      const links = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM (SELECT 1 FROM report_actors WHERE actor_id = ANY($1::bigint[]) LIMIT $2) x', [opts.actorIds, ACTOR_SET_MAX + 1]);
      if (Number(links.rows[0]?.n) <= ACTOR_SET_MAX) opts.collect = true;
    }
    if (filter.text !== undefined) {
      const q = tsQuery(filter.text);
      if (q === null) return [];
      const docs = await this.pool.query<{ id: string }>('SELECT id FROM documents WHERE search @@ $1::tsquery LIMIT $2', [q, TEXT_SET_MAX + 1]);
      if (docs.rows.length === 0) return [];
      if (docs.rows.length <= TEXT_SET_MAX) {
        opts.documentIds = docs.rows.map((r) => Number(r.id));
        opts.collect = true;
      }
    }
    const { sql, params } = buildEventsSql('postgres', filter, { ...query, limit }, 'ids', opts);
    return ids((await this.pool.query<{ report_id: string }>(sql, params)).rows);
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const q = tsQuery(query);
    if (q === null) return [];
    const r = await this.pool.query(
      `SELECT d.id, d.input_id, d.url, d.title, d.published, d.outlet, d.text, (SELECT count(*) FROM reports r WHERE r.document_id = d.id) AS reports
       FROM documents d WHERE d.search @@ $1::tsquery ORDER BY ts_rank(d.search, $1::tsquery) DESC, d.id LIMIT $2`,
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
    await this.stopThread();
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  /** Waits for the writer thread's outstanding writes and stops it (its connections close with it). */
  private async stopThread(): Promise<void> {
    const t = this.thread;
    this.thread = null;
    await t?.close();
  }

  async close(): Promise<void> {
    try {
      await this.stopThread();
    } finally {
      // Ended even when the writer thread reports a failure closing its own connection.
      await this.writes;
      const writer = this.writer;
      this.writer = null;
      writer?.release();
      await this.pool.end();
    }
  }
}
