import type { ErrorEntry, EventFilter, EventQuery, SearchHit, StoredDocument, StoredReport } from './types.js';
import type { SitrepEvent } from '../core/types.js';
import { foldName, searchTerms } from './rows.js';
import { fold } from '../core/text.js';

/** Collects bound parameters and returns the dialect's placeholder for each. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: 'sqlite' | 'postgres') {}
  add(v: unknown): string {
    this.values.push(v);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }
  list(vs: readonly unknown[]): string {
    return vs.map((v) => this.add(v)).join(', ');
  }
}

/** FTS5 MATCH expression: each folded term quoted (so user punctuation cannot inject syntax), ANDed. */
export function fts5Query(query: string): string | null {
  const terms = searchTerms(query);
  return terms.length === 0 ? null : terms.map((t) => `"${t}"`).join(' AND ');
}

/**
 * PostgreSQL tsquery input text: folded terms, each a quoted lexeme, ANDed. Cast with `::tsquery`
 * rather than passed to `to_tsquery`, whose text parser could cut a term differently from the way
 * `searchLexemes` (rows.ts) cut the documents' words.
 */
export function tsQuery(query: string): string | null {
  const terms = searchTerms(query);
  return terms.length === 0 ? null : terms.map((t) => `'${t}'`).join(' & ');
}

/** ACLED's six event types; any other `--acled-type` value is taken as a sub-event type. */
export const ACLED_EVENT_TYPES: readonly string[] = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'];

/** Columns of a full report row (exported for id-first fetches). */
export const COLUMNS = `r.id AS report_id, r.event_id, r.document_id, r.data, r.event_date, r.date_precision, r.country, r.admin1,
  r.lat, r.lon, r.geo_precision, r.fatalities, r.stance, r.pipeline_version,
  d.input_id, d.url, d.title, d.outlet, d.published, d.language`;

/** Plan choices of {@link buildEventsSql} (SQLite). */
export interface EventsSqlOptions {
  /** Test the actor filter per row (EXISTS) rather than collecting the actors' reports first. */
  actorPerRow?: boolean;
  /** Test the text filter per row rather than collecting the matching documents' reports first. */
  textPerRow?: boolean;
  /**
   * Test the box per row on the report's own coordinates rather than collecting the R*Tree's matches
   * first. A `window` select given this (or `textPerRow`) carries the columns those tests read.
   */
  bboxPerRow?: boolean;
  /** Read from this query (a `window` select) instead of the whole reports table. */
  within?: { sql: string; params: unknown[] };
  /**
   * PostgreSQL: the actors the actor filter matches, looked up beforehand, and the documents the text
   * filter matches when they are few. Bound as arrays, they give the planner real row estimates where
   * a name fragment or a rare word inside a subquery gets a guess (a third of the table) and a plan
   * that walks the whole date index.
   */
  actorIds?: readonly number[];
  documentIds?: readonly number[];
  /**
   * PostgreSQL, `ids` select: collect every match, then sort, rather than let the planner walk the
   * date index until the limit. Asked for when the matches are known to be few: the planner's walk
   * assumes they are spread evenly in time, and a name or a word rarely is.
   */
  collect?: boolean;
}

/**
 * "Newest first" on a date column and an id. A report with no date at all (no event date and no
 * publication date) cannot be placed in time, so it comes after every dated one on both back-ends:
 * SQLite sorts NULL below every value already, PostgreSQL above unless told (its date indexes are
 * built NULLS FIRST, migration 7, so a backward walk still serves this order).
 */
function newestOrder(dialect: 'sqlite' | 'postgres', date: string, id: string): string {
  return `ORDER BY ${date} DESC${dialect === 'postgres' ? ' NULLS LAST' : ''}, ${id} DESC`;
}

/** The ids of the actors an `--actor` value names: its dictionary id, or a folded substring of the name. */
function actorIdsSql(p: Params, dialect: 'sqlite' | 'postgres', actor: string): string {
  // Placeholders are added in text order: SQLite's `?` are positional.
  const byId = `a.dict_id = ${p.add(actor)}`;
  const folded = foldName(actor);
  const contains = dialect === 'sqlite' ? `instr(a.name_folded, ${p.add(folded)}) > 0` : `position(${p.add(folded)} in a.name_folded) > 0`;
  return `SELECT a.id FROM actors a WHERE ${byId} OR ${contains}`;
}

/** The query for the ids of the actors an `--actor` value names (PostgreSQL). */
export function actorIdsQuery(actor: string): { sql: string; params: unknown[] } {
  const p = new Params('postgres');
  return { sql: actorIdsSql(p, 'postgres', actor), params: p.values };
}

/**
 * A newest-first page of report ids for a filter made of an actor and at most a date range, read from
 * report_actors alone, which keeps each report's event date; null for any other filter.
 * The index (actor_id, event_date, report_id) yields each actor's reports newest first, so SQLite stops
 * reading an actor once its rows can no longer enter the page: the cost follows the number of actors
 * matched, not their reports, wherever those reports lie in time.
 */
export function actorPageSql(filter: EventFilter, limit: number, dialect: 'sqlite' | 'postgres' = 'sqlite'): { sql: string; params: unknown[] } | null {
  const { actor, since, until } = filter;
  if (actor === undefined || actor === '' || setsOtherThan(filter, ['actor', 'since', 'until'])) return null;
  return actorPage(dialect, actor, since, until, undefined, limit);
}

/**
 * Whether a filter sets anything besides `keys` (an empty list sets nothing). Any other value, even one
 * buildEventsSql would ignore, keeps a listing on the general plan: never a wrong page.
 */
function setsOtherThan(filter: EventFilter, keys: readonly (keyof EventFilter)[]): boolean {
  return Object.entries(filter).some(([k, v]) => !keys.includes(k as keyof EventFilter) && v !== undefined && !(Array.isArray(v) && v.length === 0));
}

/**
 * SQLite: a newest-first page of candidate report ids for an actor and a box (and at most a date
 * range), read from report_actors' date index like {@link actorPageSql}, each link tested for
 * membership in the R*Tree's matches for the box, so the early stop per actor still holds. The R*Tree
 * stores 32-bit floats and tests overlap, so a point within about a metre outside the box can pass:
 * the caller tests the page's exact coordinates and, should one fail, uses the general plan. Null for
 * any other filter.
 */
export function actorBoxPageSql(filter: EventFilter, limit: number): { sql: string; params: unknown[] } | null {
  const { actor, since, until, bbox } = filter;
  if (actor === undefined || actor === '' || bbox === undefined || setsOtherThan(filter, ['actor', 'since', 'until', 'bbox'])) return null;
  return actorPage('sqlite', actor, since, until, bbox, limit);
}

/** The SQL of {@link actorPageSql} and {@link actorBoxPageSql}. */
function actorPage(dialect: 'sqlite' | 'postgres', actor: string, since: string | undefined, until: string | undefined, box: readonly [number, number, number, number] | undefined, limit: number): { sql: string; params: unknown[] } {
  const p = new Params(dialect);
  const actors = actorIdsSql(p, dialect, actor);
  const inBox = (): string => {
    if (box === undefined) return '';
    const [minLon, minLat, maxLon, maxLat] = box;
    // The unary + keeps the planner on the actor index (the early stop) rather than probing report_actors per box match.
    return ` AND +ra.report_id IN (SELECT g.id FROM reports_geo g WHERE g.max_lon >= ${p.add(minLon)} AND g.min_lon <= ${p.add(maxLon)} AND g.max_lat >= ${p.add(minLat)} AND g.min_lat <= ${p.add(maxLat)})`;
  };
  // Placeholders are added in text order, so the conditions are built where they are written.
  const conditions = (): string => [...(since ? [` AND ra.event_date >= ${p.add(since)}`] : []), ...(until ? [` AND ra.event_date <= ${p.add(until)}`] : [])].join('') + inBox();
  // DISTINCT: a report names the same actor as source and target, or two matched actors. Its event date
  // is one value, so distinct pairs are distinct reports.
  const order = newestOrder(dialect, 'event_date', 'report_id');
  if (dialect === 'sqlite') {
    const sql = `SELECT DISTINCT ra.report_id AS report_id, ra.event_date FROM report_actors ra WHERE ra.actor_id IN (${actors})${conditions()} ${order} LIMIT ${p.add(limit)}`;
    return { sql, params: p.values };
  }
  // PostgreSQL has no such early stop: each actor's first `limit` distinct reports are read from the
  // index (a report in the page is among them for any actor it names), and the page is cut from those.
  const per = `SELECT DISTINCT ra.report_id, ra.event_date FROM report_actors ra WHERE ra.actor_id = m.id${conditions()} ${order} LIMIT ${p.add(limit)}`;
  const sql = `SELECT DISTINCT x.report_id, x.event_date FROM (${actors}) m CROSS JOIN LATERAL (${per}) x ${order} LIMIT ${p.add(limit)}`;
  return { sql, params: p.values };
}

/**
 * Builds the event query for one dialect. Every filter is a sargable predicate on an indexed column or
 * an IN over a small indexed subquery (actors, places, search index), so filters stay fast on millions
 * of reports.
 */
export function buildEventsSql(dialect: 'sqlite' | 'postgres', filter: EventFilter, query: EventQuery, select: 'rows' | 'ids' | 'window' = 'rows', opts: EventsSqlOptions = {}): { sql: string; params: unknown[] } {
  const p = new Params(dialect);
  // SQLite's placeholders are positional and the window comes first in the text.
  if (opts.within) p.values.push(...opts.within.params);
  const where: string[] = [];
  if (filter.since) where.push(`r.event_date >= ${p.add(filter.since)}`);
  if (filter.until) where.push(`r.event_date <= ${p.add(filter.until)}`);
  if (filter.countries && filter.countries.length > 0) where.push(`r.country IN (${p.list(filter.countries)})`);
  if (filter.types && filter.types.length > 0) where.push(`r.plover_type IN (${p.list(filter.types)})`);
  if (filter.acledTypes && filter.acledTypes.length > 0) {
    // One indexed column per kind of value: an OR across both columns defeats the indexes.
    const types = filter.acledTypes.filter((t) => ACLED_EVENT_TYPES.includes(t));
    const subs = filter.acledTypes.filter((t) => !ACLED_EVENT_TYPES.includes(t));
    const parts = [
      ...(types.length > 0 ? [`r.acled_event_type IN (${p.list(types)})`] : []),
      ...(subs.length > 0 ? [`r.acled_sub_event_type IN (${p.list(subs)})`] : []),
    ];
    where.push(parts.length === 1 ? (parts[0] as string) : `(${parts.join(' OR ')})`);
  }
  if (filter.actor) {
    // As `= ANY(array)` the planner estimates the links from each actor's statistics.
    const matched = opts.actorIds !== undefined ? `= ANY(${p.add(opts.actorIds)}::bigint[])` : `IN (${actorIdsSql(p, dialect, filter.actor)})`;
    // Per row (EXISTS): nothing for the planner to start from, so it walks the order index and stops at
    // the limit; right when the actors are in many reports (the unary + keeps the lookup on the key
    // report_id, not one probe of the actor index per listed actor). Otherwise their reports first.
    where.push(
      opts.actorPerRow
        ? `EXISTS (SELECT 1 FROM report_actors ra WHERE ra.report_id = r.id AND +ra.actor_id ${matched})`
        : `r.id IN (SELECT ra.report_id FROM report_actors ra WHERE ra.actor_id ${matched})`,
    );
  }
  if (filter.place) {
    where.push(`r.place_id IN (SELECT pl.id FROM places pl WHERE pl.name_folded = ${p.add(foldName(filter.place))})`);
  }
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    if (dialect === 'sqlite' && opts.bboxPerRow !== true) {
      // The R*Tree answers a box in O(log n + hits) where a B-tree can only range over one axis.
      // It stores 32-bit floats, so it is queried by overlap and the exact test follows on the row.
      where.push(`r.id IN (SELECT g.id FROM reports_geo g WHERE g.max_lon >= ${p.add(minLon)} AND g.min_lon <= ${p.add(maxLon)} AND g.max_lat >= ${p.add(minLat)} AND g.min_lat <= ${p.add(maxLat)})`);
    }
    where.push(`r.lat BETWEEN ${p.add(minLat)} AND ${p.add(maxLat)} AND r.lon BETWEEN ${p.add(minLon)} AND ${p.add(maxLon)}`);
  }
  if (filter.text !== undefined) {
    if (dialect === 'sqlite') {
      const q = fts5Query(filter.text);
      // Per row (the unary + keeps the planner off the document index): the matching documents become
      // one in-memory list and the order index is walked until the limit; right for common words.
      const col = opts.textPerRow ? '+r.document_id' : 'r.document_id';
      where.push(q === null ? '0' : `${col} IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ${p.add(q)})`);
    } else if (opts.documentIds !== undefined) {
      where.push(`r.document_id = ANY(${p.add(opts.documentIds)}::bigint[])`);
    } else {
      const q = tsQuery(filter.text);
      where.push(q === null ? 'false' : `r.document_id IN (SELECT id FROM documents WHERE search @@ ${p.add(q)}::tsquery)`);
    }
  }
  const order = query.order === 'newest' ? newestOrder(dialect, 'r.event_date', 'r.id') : 'ORDER BY r.id';
  const limit = query.limit === undefined ? '' : ` LIMIT ${p.add(query.limit)}`;
  const reports = opts.within ? `(${opts.within.sql}) r` : 'reports r';
  const from =
    select === 'rows'
      ? `SELECT ${COLUMNS} FROM ${reports} JOIN documents d ON d.id = r.document_id`
      : select === 'ids'
        ? // The id alone: with a box, (id, event_date, lat, lon) then covers the match set on SQLite.
          `SELECT r.id AS report_id FROM ${reports}`
        : // Only the columns the per-row tests read: an index that covers them spares a read of each
          // (large) report row, e.g. (id, event_date, lat, lon) for a window collected from a box.
          `SELECT r.id, r.event_date${opts.textPerRow === true ? ', r.document_id' : ''}${opts.bboxPerRow === true ? ', r.lat, r.lon' : ''} FROM ${reports}`;
  const whereSql = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
  if (opts.collect === true) {
    // OFFSET 0 keeps the subquery whole (PostgreSQL does not flatten it), so the order and the limit
    // cannot reach an index: the planner collects the matches through their own indexes, then sorts.
    const outer = query.order === 'newest' ? newestOrder(dialect, 'x.event_date', 'x.id') : 'ORDER BY x.id';
    return { sql: `SELECT x.id AS report_id FROM (SELECT r.id, r.event_date FROM ${reports}${whereSql} OFFSET 0) x ${outer}${limit}`, params: p.values };
  }
  return { sql: `${from}${whereSql} ${order}${limit}`, params: p.values };
}

/** A column that may be NULL, as a string or null. */
function nullableString(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** Maps a result row of {@link buildEventsSql} to a {@link StoredReport}. */
export function toStoredReport(row: Record<string, unknown>): StoredReport {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const data = row.data;
  return {
    reportId: Number(row.report_id),
    eventId: Number(row.event_id),
    documentId: Number(row.document_id),
    event: (typeof data === 'string' ? JSON.parse(data) : data) as SitrepEvent,
    eventDate: nullableString(row.event_date),
    datePrecision: nullableString(row.date_precision),
    country: nullableString(row.country),
    admin1: nullableString(row.admin1),
    lat: num(row.lat),
    lon: num(row.lon),
    geoPrecision: num(row.geo_precision),
    fatalities: num(row.fatalities),
    stance: String(row.stance),
    pipelineVersion: String(row.pipeline_version),
    document: {
      inputId: String(row.input_id),
      url: nullableString(row.url),
      title: nullableString(row.title),
      outlet: nullableString(row.outlet),
      published: nullableString(row.published),
      language: nullableString(row.language),
    },
  };
}

/** A window of text around the first occurrence of any folded term, for search results. */
export function snippetOf(text: string, terms: string[], width = 160): string {
  // fold() keeps offsets, so a hit in the folded text is a hit at the same place in the original.
  const folded = fold(text);
  let at = -1;
  for (const t of terms) {
    const i = folded.indexOf(t);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  const start = Math.max(0, at < 0 ? 0 : at - width / 2);
  const s = text.slice(start, start + width).replace(/\s+/gu, ' ').trim();
  return (start > 0 ? '…' : '') + s + (start + width < text.length ? '…' : '');
}

/** Maps an error_log row. */
export function toErrorEntry(r: Record<string, unknown>): ErrorEntry {
  return { id: Number(r.id), runId: String(r.run_id), input: String(r.input), stage: String(r.stage), code: String(r.code), reason: String(r.reason), at: String(r.at) };
}

/** Maps a documents row. */
export function toStoredDocument(r: Record<string, unknown>): StoredDocument {
  const s = nullableString;
  return { id: Number(r.id), inputId: String(r.input_id), url: s(r.url), title: s(r.title), language: s(r.language), published: s(r.published), text: String(r.text), pipelineVersion: String(r.pipeline_version) };
}

/** Maps a search row. */
export function toSearchHit(r: Record<string, unknown>, terms: string[]): SearchHit {
  const s = nullableString;
  return { documentId: Number(r.id), inputId: String(r.input_id), url: s(r.url), title: s(r.title), published: s(r.published), outlet: s(r.outlet), snippet: snippetOf(String(r.text), terms), reports: Number(r.reports) };
}
