import Database from 'better-sqlite3';
import type { OutputDoc } from '../core/output.js';
import { PIPELINE_VERSION } from '../core/version.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite.js';
import { actorKey, foldName, placeKey, reportRow, searchTerms } from './rows.js';
import { actorBoxPageSql, actorPageSql, buildEventsSql, COLUMNS, fts5Query, toErrorEntry, toSearchHit, toStoredDocument, toStoredReport } from './query.js';
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
import { defaultWriterThread, WriterThread } from './writer-thread.js';

/** Options of {@link SqliteStore.open}. */
export interface SqliteOptions {
  /** Clock for timestamps (injectable for tests). */
  now?: () => string;
  /** Matching documents above which a `--text` listing walks the order index (default 2,000). */
  walkMinDocs?: number;
  /** Matching reports above which an `--actor` or `--bbox` listing walks the order index (default 3,000). */
  walkMinReports?: number;
  /** Rows such a walk reads at most before it falls back to the set plan (default 20,000). */
  walkWindow?: number;
  /**
   * Write documents on a worker thread with its own connection (default: yes for a database file
   * opened without an injected clock, whose timestamps a thread could not share, on a machine with
   * more than one core; never for ':memory:', which a second connection cannot see). The thread
   * starts with {@link SqliteStore.prepareWrites} or the first write.
   */
  writerThread?: boolean;
}

const isoNow = (): string => new Date(Date.now()).toISOString();

/**
 * Above these many matching documents (text) or reports (actor, box), a listing walks the order index
 * testing each row instead of sorting the whole match set: sorting costs ~1.5-2.3 µs per match, the
 * walk about a µs per row read, and it reads about limit / share rows.
 */
const WALK_MIN_DOCS = 2000;
const WALK_MIN_REPORTS = 3000;
const WALK_WINDOW = 20000;

/**
 * The embedded default back-end. WAL mode lets readers (`sitrep events`) run while an ingest writes;
 * synchronous=NORMAL in WAL mode is still crash-safe for the database (a power loss may only drop the
 * last commits, never corrupt them), and each document is one transaction.
 */
export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly now: () => string;
  private readonly actorIds = new Map<string, number>();
  private readonly placeIds = new Map<string, number>();
  private readonly stmts;
  private readonly walkMinDocs: number;
  private readonly walkMinReports: number;
  private readonly walkWindow: number;
  /** The writer thread documents are saved on, or null to save them on this connection. */
  private writer: WriterThread | null = null;
  /** The database file the writer thread opens, or null when documents are saved in place. */
  private writerPath: string | null = null;

  private constructor(db: Database.Database, opts: SqliteOptions) {
    this.db = db;
    this.now = opts.now ?? isoNow;
    this.walkMinDocs = opts.walkMinDocs ?? WALK_MIN_DOCS;
    this.walkMinReports = opts.walkMinReports ?? WALK_MIN_REPORTS;
    this.walkWindow = opts.walkWindow ?? WALK_WINDOW;
    this.stmts = {
      byHash: db.prepare<[string], { id: number }>('SELECT id FROM documents WHERE content_hash = ?'),
      maxVersion: db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM documents WHERE url = ?'),
      insertDoc: db.prepare(`INSERT INTO documents (input_id, url, version, content_hash, title, byline, site_name, outlet, language, published, kind, origin, raw, text, meta, pipeline_version, ingested_at)
        VALUES (@inputId, @url, @version, @contentHash, @title, @byline, @siteName, @outlet, @language, @published, @kind, @origin, @raw, @text, @meta, @pipelineVersion, @at)`),
      insertFts: db.prepare('INSERT INTO documents_fts (rowid, title, body) VALUES (?, ?, ?)'),
      insertEvent: db.prepare('INSERT INTO events (created_at) VALUES (?)'),
      actorId: db.prepare<[string], { id: number }>('SELECT id FROM actors WHERE key = ?'),
      insertActor: db.prepare('INSERT INTO actors (key, dict_id, name, name_folded, country, sector) VALUES (?, ?, ?, ?, ?, ?)'),
      placeId: db.prepare<[string], { id: number }>('SELECT id FROM places WHERE key = ?'),
      insertPlace: db.prepare('INSERT INTO places (key, name, name_folded, country, admin1, lat, lon, geonameid, precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertReport: db.prepare(`INSERT INTO reports (document_id, event_id, ordinal, local_id, plover_type, mode, acled_event_type, acled_sub_event_type, event_date, date_end, date_precision,
        country, admin1, place_id, lat, lon, geo_precision, fatalities, stance, historical, trigger_start, trigger_end, trigger_text, data, pipeline_version)
        VALUES (@documentId, @eventId, @ordinal, @localId, @ploverType, @mode, @acledEventType, @acledSubEventType, @eventDate, @dateEnd, @datePrecision,
        @country, @admin1, @placeId, @lat, @lon, @geoPrecision, @fatalities, @stance, @historical, @triggerStart, @triggerEnd, @triggerText, @data, @pipelineVersion)`),
      insertGeo: db.prepare('INSERT INTO reports_geo (id, min_lon, max_lon, min_lat, max_lat) VALUES (?, ?, ?, ?, ?)'),
      insertReportActor: db.prepare('INSERT INTO report_actors (report_id, actor_id, role, ordinal, span_start, span_end, text, rule, event_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertIngest: db.prepare('INSERT INTO ingest_log (run_id, input, status, document_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)'),
      insertError: db.prepare('INSERT INTO error_log (run_id, input, stage, code, reason, at) VALUES (?, ?, ?, ?, ?, ?)'),
      seen: db.prepare<[string, string], { x: number }>('SELECT 1 AS x FROM feed_seen WHERE feed = ? AND item_key = ?'),
      markSeen: db.prepare('INSERT OR IGNORE INTO feed_seen (feed, item_key, document_id, seen_at) VALUES (?, ?, ?, ?)'),
      feedState: db.prepare<[string], { etag: string | null; last_modified: string | null }>('SELECT etag, last_modified FROM feed_state WHERE feed = ?'),
      saveFeedState: db.prepare(
        'INSERT INTO feed_state (feed, etag, last_modified, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (feed) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at',
      ),
      reportEvents: db.prepare<[number], { event_id: number }>('SELECT event_id FROM reports WHERE document_id = ?'),
      deleteReports: db.prepare('DELETE FROM reports WHERE document_id = ?'),
      deleteOrphanEvent: db.prepare('DELETE FROM events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM reports WHERE event_id = ?)'),
      setDocVersion: db.prepare('UPDATE documents SET pipeline_version = ? WHERE id = ?'),
      ftsProbe: db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT ?'),
      actorMatch: db.prepare('SELECT id FROM actors WHERE dict_id = ? OR instr(name_folded, ?) > 0'),
      actorReportsProbe: db.prepare('SELECT report_id FROM report_actors WHERE actor_id = ? LIMIT ?'),
      geoProbe: db.prepare('SELECT id FROM reports_geo WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? LIMIT ?'),
    };
  }

  /** Opens (creating if needed) and migrates a database file; ':memory:' works for tests. */
  static open(path: string, opts: SqliteOptions = {}): SqliteStore {
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Checkpoints copy the WAL into the file and sync it; every 1,000 pages (the default) that was a
    // quarter of the storage time of an ingest, as hot index pages were copied again and again.
    // 10,000 pages (~40 MB of WAL) copies each hot page once per many documents.
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db, opts.now ?? isoNow);
    const store = new SqliteStore(db, opts);
    const inMemory = path === ':memory:' || path === '' || path.startsWith('file::memory:');
    if ((opts.writerThread ?? defaultWriterThread(opts)) && !inMemory) store.writerPath = path;
    return store;
  }

  /** The schema version after migrations. */
  schemaVersion(): number {
    return (this.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v;
  }

  async checkDuplicates(hashes: readonly string[]): Promise<Map<string, number>> {
    const known = new Map<string, number>();
    for (const h of hashes) {
      const row = this.stmts.byHash.get(h);
      if (row) known.set(h, row.id);
    }
    return known;
  }

  prepareWrites(): void {
    if (this.writerPath !== null) this.writer ??= new WriterThread({ backend: 'sqlite', path: this.writerPath });
  }

  async saveDocument(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult> {
    this.prepareWrites();
    if (this.writer !== null) return this.writer.save(doc, output, runId);
    const [r] = this.saveBatch([{ doc, output, runId }]);
    if (r === undefined) throw new Error('saveBatch returned no result for one document');
    if ('error' in r) throw r.error;
    return r.result;
  }

  /**
   * Saves several documents in one transaction, each inside its own savepoint: a document that fails
   * is rolled back alone and reported as an error, the others commit together. One commit writes
   * the pages the documents share (the tails of the report indexes, the search index) once instead
   * of once per document; the writer thread calls this with the saves that queued while it worked.
   */
  saveBatch(items: readonly SaveItem[]): ({ result: SaveResult } | { error: unknown })[] {
    const out: ({ result: SaveResult } | { error: unknown })[] = [];
    const batch = this.db.transaction(() => {
      for (const item of items) {
        try {
          out.push({ result: this.saveOne(item) });
        } catch (error) {
          // The savepoint rolled back: actors and places it inserted are gone, so are their cached ids.
          this.actorIds.clear();
          this.placeIds.clear();
          out.push({ error });
        }
      }
    });
    try {
      batch.immediate();
    } catch (err) {
      // The commit itself failed: nothing of the batch is stored.
      this.actorIds.clear();
      this.placeIds.clear();
      return items.map(() => ({ error: err }));
    }
    return out;
  }

  /** One document's rows, in a savepoint of the caller's transaction. */
  private saveOne({ doc, output, runId, eventJson }: SaveItem): SaveResult {
    const at = this.now();
    const tx = this.db.transaction((): SaveResult => {
      const dup = this.stmts.byHash.get(doc.contentHash);
      if (dup) {
        this.stmts.insertIngest.run(runId, doc.origin, 'duplicate', dup.id, doc.inputId, at);
        return { status: 'duplicate', documentId: dup.id, version: 0, reports: 0 };
      }
      const prev = doc.url === null ? null : (this.stmts.maxVersion.get(doc.url)?.v ?? null);
      const version = prev === null ? 1 : prev + 1;
      const info = this.stmts.insertDoc.run({
        ...doc,
        version,
        meta: JSON.stringify(doc.meta),
        language: doc.language ?? output.language,
        published: doc.published ?? output.published,
        pipelineVersion: output.pipelineVersion || PIPELINE_VERSION,
        at,
      });
      const documentId = Number(info.lastInsertRowid);
      this.stmts.insertFts.run(documentId, foldName(doc.title ?? ''), foldName(doc.text));
      const reports = this.insertReports(documentId, output, doc.published ?? output.published, at, eventJson);
      const status = version > 1 ? 'version' : 'stored';
      this.stmts.insertIngest.run(runId, doc.origin, status, documentId, doc.inputId, at);
      return { status, documentId, version, reports };
    });
    return tx();
  }

  private insertReports(documentId: number, output: OutputDoc, published: string | null, at: string, eventJson?: readonly string[]): number {
    let n = 0;
    for (const ev of output.events) {
      const row = reportRow(ev, n, published);
      const eventId = Number(this.stmts.insertEvent.run(at).lastInsertRowid);
      const placeId = ev.location === null ? null : this.placeId(ev.location);
      const info = this.stmts.insertReport.run({ ...row, data: eventJson?.[n] ?? JSON.stringify(ev), documentId, eventId, placeId, historical: row.historical ? 1 : 0, pipelineVersion: output.pipelineVersion || PIPELINE_VERSION });
      const reportId = Number(info.lastInsertRowid);
      if (row.lat !== null && row.lon !== null) this.stmts.insertGeo.run(reportId, row.lon, row.lon, row.lat, row.lat);
      for (const [role, list] of [['source', ev.source], ['target', ev.target]] as const) {
        list.forEach((a, i) => this.stmts.insertReportActor.run(reportId, this.actorId(a), role, i, a.start, a.end, a.text, a.rule, row.eventDate));
      }
      n++;
    }
    return n;
  }

  private actorId(a: OutputDoc['events'][number]['source'][number]): number {
    const key = actorKey(a);
    let id = this.actorIds.get(key) ?? this.stmts.actorId.get(key)?.id;
    if (id === undefined) id = Number(this.stmts.insertActor.run(key, a.id, a.name, foldName(a.name), a.country, a.sector).lastInsertRowid);
    this.actorIds.set(key, id);
    return id;
  }

  private placeId(p: NonNullable<OutputDoc['events'][number]['location']>): number {
    const key = placeKey(p);
    let id = this.placeIds.get(key) ?? this.stmts.placeId.get(key)?.id;
    if (id === undefined) id = Number(this.stmts.insertPlace.run(key, p.name, foldName(p.name), p.country, p.admin1, p.lat, p.lon, p.geonameId, p.precision).lastInsertRowid);
    this.placeIds.set(key, id);
    return id;
  }

  async logIngest(e: IngestLogEntry): Promise<void> {
    this.stmts.insertIngest.run(e.runId, e.input, e.status, e.documentId, e.detail, this.now());
  }

  async logError(e: ErrorEntry): Promise<void> {
    this.stmts.insertError.run(e.runId, e.input, e.stage, e.code, e.reason, e.at ?? this.now());
  }

  async errors(opts: { limit?: number; runId?: string } = {}): Promise<ErrorEntry[]> {
    const rows = this.db
      .prepare(`SELECT id, run_id, input, stage, code, reason, at FROM error_log ${opts.runId ? 'WHERE run_id = ?' : ''} ORDER BY id DESC LIMIT ?`)
      .all(...(opts.runId ? [opts.runId] : []), opts.limit ?? 100) as Record<string, unknown>[];
    return rows.map(toErrorEntry);
  }

  async documentsWithVersionOtherThan(version: string): Promise<{ id: number; pipelineVersion: string }[]> {
    const rows = this.db.prepare('SELECT id, pipeline_version FROM documents WHERE pipeline_version <> ? ORDER BY id').all(version) as { id: number; pipeline_version: string }[];
    return rows.map((r) => ({ id: r.id, pipelineVersion: r.pipeline_version }));
  }

  async getDocument(id: number): Promise<StoredDocument | null> {
    const r = this.db.prepare('SELECT id, input_id, url, title, language, published, text, pipeline_version FROM documents WHERE id = ?').get(id) as Record<string, unknown> | undefined;
    return r ? toStoredDocument(r) : null;
  }

  async replaceReports(documentId: number, output: OutputDoc): Promise<number> {
    const at = this.now();
    const doc = this.db.prepare('SELECT published FROM documents WHERE id = ?').get(documentId) as { published: string | null } | undefined;
    if (!doc) return 0;
    const tx = this.db.transaction((): number => {
      const oldEvents = this.stmts.reportEvents.all(documentId).map((r) => r.event_id);
      this.stmts.deleteReports.run(documentId);
      // Events are shared across reports once clustering exists; drop only those left without reports.
      for (const e of oldEvents) this.stmts.deleteOrphanEvent.run(e, e);
      const n = this.insertReports(documentId, output, doc.published, at);
      this.stmts.setDocVersion.run(output.pipelineVersion || PIPELINE_VERSION, documentId);
      return n;
    });
    try {
      return tx.immediate();
    } catch (err) {
      this.actorIds.clear();
      this.placeIds.clear();
      throw err;
    }
  }

  async *events(filter: EventFilter, query: EventQuery): AsyncIterable<StoredReport> {
    if (query.limit === undefined) {
      // Exports: stream every row in storage order.
      const { sql, params } = buildEventsSql('sqlite', filter, query);
      for (const row of this.db.prepare(sql).iterate(...params)) yield toStoredReport(row as Record<string, unknown>);
      return;
    }
    // Listings pick the page of ids first, over covering indexes, and only then read the (large) rows.
    yield* this.rowsByIds(this.pageIds(filter, query, query.limit));
  }

  private pageIds(filter: EventFilter, query: EventQuery, limit: number): number[] {
    // An actor alone (or with dates) never needs the reports table to choose its page.
    const byActor = query.order === 'newest' ? actorPageSql(filter, limit) : null;
    if (byActor !== null) return (this.db.prepare(byActor.sql).all(...byActor.params) as { report_id: number }[]).map((r) => r.report_id);
    // An actor and a box that is not small: the actors' links newest first, each tested against the box's
    // matches, stop once the page is full (13 ms for a two-digit name and a 10° box on 1,000,000
    // reports, against 55-75 ms for collecting the box). A small box is cheaper to collect.
    const byActorInBox = query.order === 'newest' ? actorBoxPageSql(filter, limit) : null;
    if (byActorInBox !== null && filter.bbox !== undefined && this.boxReportsExceed(filter.bbox, this.walkMinReports)) {
      const candidates = (this.db.prepare(byActorInBox.sql).all(...byActorInBox.params) as { report_id: number }[]).map((r) => r.report_id);
      const exact = new Set(this.inBox(candidates, filter.bbox));
      // A full page whose every candidate is in the exact box is the page; a short one held every candidate.
      if (candidates.length < limit || exact.size === candidates.length) return candidates.filter((id) => exact.has(id));
    }
    // A text filter, or an actor filter with others, that matches a large share of the store would make
    // the planner collect and sort every matching report; testing rows while walking the order index
    // fills a page after about limit / share rows instead. Each probe stops counting at its threshold.
    const textQ = filter.text === undefined ? null : fts5Query(filter.text);
    const textPerRow = textQ !== null && this.stmts.ftsProbe.pluck().all(textQ, this.walkMinDocs + 1).length > this.walkMinDocs;
    const actorPerRow = filter.actor !== undefined && filter.actor !== '' && this.actorReportsExceed(filter.actor, this.walkMinReports);
    // A box over a busy region holds a large share of the store: collecting it took 1.6 s for a box
    // over every report of a 1,000,000-report store, against 1 ms for the walk. Beside another filter
    // tested per row, the shares multiply and a walk may read a whole window for a few matches
    // (150 ms for a 10° box and a broad actor name, against 46 ms for collecting the box), so the box
    // joins the walk only when it holds more reports than a window reads.
    const otherPerRow = textPerRow || actorPerRow;
    const bboxPerRow = filter.bbox !== undefined && this.boxReportsExceed(filter.bbox, otherPerRow ? this.walkWindow : this.walkMinReports);
    if (textPerRow || actorPerRow || bboxPerRow) {
      // The walk is bounded to the first WALK_WINDOW rows in page order under the other filters: the
      // matches of an era-bound name or word may all lie far down the order. A page not filled there
      // is answered by the set plan, whose cost is bounded by the number of matches instead.
      const rest: EventFilter = { ...filter, text: textPerRow ? undefined : filter.text, actor: actorPerRow ? undefined : filter.actor, bbox: bboxPerRow ? undefined : filter.bbox };
      const within = buildEventsSql('sqlite', rest, { order: query.order, limit: this.walkWindow }, 'window', { bboxPerRow, textPerRow });
      const perRow: EventFilter = { text: textPerRow ? filter.text : undefined, actor: actorPerRow ? filter.actor : undefined, bbox: bboxPerRow ? filter.bbox : undefined };
      const { sql, params } = buildEventsSql('sqlite', perRow, { ...query, limit }, 'ids', { actorPerRow, textPerRow, bboxPerRow, within });
      const ids = (this.db.prepare(sql).all(...params) as { report_id: number }[]).map((r) => r.report_id);
      // A box kept in the window held at most a window's reports (at most 3,000 alone, 20,000 beside a
      // per-row filter), so the window was read whole and a short page is the whole answer.
      const windowWhole = filter.bbox !== undefined && !bboxPerRow;
      if (ids.length >= limit || windowWhole) return ids;
    }
    const { sql, params } = buildEventsSql('sqlite', filter, { ...query, limit }, 'ids');
    return (this.db.prepare(sql).all(...params) as { report_id: number }[]).map((r) => r.report_id);
  }

  /** Those of `ids` whose report's coordinates lie in the box, by the exact test the listings apply. */
  private inBox(ids: readonly number[], [minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number]): number[] {
    const out: number[] = [];
    // In chunks, as rowsByIds reads them: a --limit in the thousands would pass SQLite's bound on parameters.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const sql = `SELECT id FROM reports WHERE id IN (${chunk.map(() => '?').join(', ')}) AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?`;
      out.push(...(this.db.prepare(sql).pluck().all(...chunk, minLat, maxLat, minLon, maxLon) as number[]));
    }
    return out;
  }

  /** Whether more than `n` reports lie in a `--bbox` box by the R*Tree's overlap test (counts up to n + 1). */
  private boxReportsExceed([minLon, minLat, maxLon, maxLat]: readonly [number, number, number, number], n: number): boolean {
    return this.stmts.geoProbe.pluck().all(minLon, maxLon, minLat, maxLat, n + 1).length > n;
  }

  /** Whether the actors an `--actor` value matches appear in more than `n` reports (counts up to n + 1). */
  private actorReportsExceed(actor: string, n: number): boolean {
    let seen = 0;
    for (const id of this.stmts.actorMatch.pluck().all(actor, foldName(actor)) as number[]) {
      seen += (this.stmts.actorReportsProbe.pluck().all(id, n + 1 - seen) as number[]).length;
      if (seen > n) return true;
    }
    return false;
  }

  private *rowsByIds(ids: number[]): Iterable<StoredReport> {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db.prepare(`SELECT ${COLUMNS} FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.id IN (${chunk.map(() => '?').join(', ')})`).all(...chunk) as Record<string, unknown>[];
      const byId = new Map(rows.map((r) => [Number(r.report_id), r]));
      for (const id of chunk) {
        const row = byId.get(id);
        if (row) yield toStoredReport(row);
      }
    }
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    const q = fts5Query(query);
    if (q === null) return [];
    const rows = this.db
      .prepare(`SELECT d.id, d.input_id, d.url, d.title, d.published, d.outlet, d.text, (SELECT count(*) FROM reports r WHERE r.document_id = d.id) AS reports
        FROM documents_fts f JOIN documents d ON d.id = f.rowid WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ?`)
      .all(q, limit) as Record<string, unknown>[];
    const terms = searchTerms(query);
    return rows.map((r) => toSearchHit(r, terms));
  }

  async seen(feed: string, itemKey: string): Promise<boolean> {
    return this.stmts.seen.get(feed, itemKey) !== undefined;
  }

  async markSeen(feed: string, itemKey: string, documentId: number | null): Promise<void> {
    this.stmts.markSeen.run(feed, itemKey, documentId, this.now());
  }

  async feedValidators(feed: string): Promise<HttpValidators | null> {
    const row = this.stmts.feedState.get(feed);
    return row === undefined ? null : { etag: row.etag, lastModified: row.last_modified };
  }

  async saveFeedValidators(feed: string, v: HttpValidators): Promise<void> {
    this.stmts.saveFeedState.run(feed, v.etag, v.lastModified, this.now());
  }

  async counts(): Promise<StoreCounts> {
    const c = (t: string): number => (this.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return { documents: c('documents'), reports: c('reports'), events: c('events'), actors: c('actors'), places: c('places'), errors: c('error_log') };
  }

  /** Direct access for benchmarks and tests (bulk generation, EXPLAIN). */
  raw(): Database.Database {
    return this.db;
  }

  async close(): Promise<void> {
    this.writerPath = null;
    try {
      if (this.writer !== null) {
        const w = this.writer;
        this.writer = null;
        await w.close();
      }
    } finally {
      // Closed even when the writer thread reports a failure closing its own connection.
      if (this.db.open) this.db.close();
    }
  }
}

function migrate(db: Database.Database, now: () => string): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
  for (const m of SQLITE_MIGRATIONS) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, now());
    }).immediate();
  }
}
