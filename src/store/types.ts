import type { OutputDoc } from '../core/output.js';
import type { SitrepEvent } from '../core/types.js';
import type { HttpValidators } from '../ingest/types.js';

/** A document about to be stored: what the input readers produced, plus its content hash. */
export interface DocumentInput {
  /** The reader's id (file path, JSONL id, feed item guid...). */
  inputId: string;
  /** Canonical URL when known; a changed text at the same URL becomes a new version. */
  url: string | null;
  /** sha256 of the normalised text; the same hash is never stored twice. */
  contentHash: string;
  title: string | null;
  byline: string | null;
  siteName: string | null;
  /** Outlet or source name (`--source`, feed title, site name). */
  outlet: string | null;
  language: string | null;
  published: string | null;
  /** text, html, feed-item, jsonl. */
  kind: string;
  /** Where the document was read from (path or URL). */
  origin: string;
  /** Raw input (HTML page, feed item XML); null when it is the text itself. */
  raw: string | null;
  /** Extracted article text that offsets refer to. */
  text: string;
  /** Extra reader metadata, stored as JSON. */
  meta: Record<string, unknown>;
}

/**
 * One document to save, as a store's write path takes it. `eventJson` holds the JSON text of each of
 * `output.events`, in order, when the caller has it already: the writer thread receives events as
 * text and the stores keep each event's JSON, so serialising them again would redo the same work
 * (JSON.stringify of the events was a fifth of the writer thread's time on Guardian articles).
 */
export interface SaveItem {
  doc: DocumentInput;
  output: OutputDoc;
  runId: string;
  eventJson?: readonly string[];
}

/** Result of {@link Store.saveDocument}. */
export interface SaveResult {
  status: 'stored' | 'version' | 'duplicate';
  documentId: number;
  version: number;
  reports: number;
}

/** One entry of the error log. */
export interface ErrorEntry {
  id?: number;
  runId: string;
  input: string;
  stage: string;
  code: string;
  reason: string;
  at?: string;
}

/** One entry of the ingest log. */
export interface IngestLogEntry {
  runId: string;
  input: string;
  status: 'stored' | 'version' | 'duplicate' | 'failed';
  documentId: number | null;
  detail: string | null;
}

/** A stored document, as read back for reprocessing. */
export interface StoredDocument {
  id: number;
  inputId: string;
  url: string | null;
  title: string | null;
  language: string | null;
  published: string | null;
  text: string;
  pipelineVersion: string;
}

/** Filters shared by `events`, `export` and the store query. All are ANDed. */
export interface EventFilter {
  /** Earliest event day, YYYY-MM-DD, inclusive. */
  since?: string;
  /** Latest event day, YYYY-MM-DD, inclusive. */
  until?: string;
  /** ISO 3166-1 alpha-3 codes. */
  countries?: string[];
  /** PLOVER types. */
  types?: string[];
  /** ACLED event types or sub-event types, exact spelling. */
  acledTypes?: string[];
  /** Actor: dictionary id, or a folded substring of the canonical name. */
  actor?: string;
  /** Place: folded canonical name, exact. */
  place?: string;
  /** [minLon, minLat, maxLon, maxLat]. */
  bbox?: [number, number, number, number];
  /** Full-text query over the reporting documents. */
  text?: string;
}

/** Query options of {@link Store.events}. */
export interface EventQuery {
  /** Maximum rows; undefined streams everything (exports). */
  limit?: number;
  /** newest: latest event date first (listing); id: storage order (exports). */
  order: 'newest' | 'id';
}

/** One stored event report with the document it came from. */
export interface StoredReport {
  reportId: number;
  /** The real-world event this report describes; today one report = one event. */
  eventId: number;
  documentId: number;
  event: SitrepEvent;
  eventDate: string | null;
  datePrecision: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  geoPrecision: number | null;
  fatalities: number | null;
  stance: string;
  pipelineVersion: string;
  document: { inputId: string; url: string | null; title: string | null; outlet: string | null; published: string | null; language: string | null };
}

/** A full-text search hit. */
export interface SearchHit {
  documentId: number;
  inputId: string;
  url: string | null;
  title: string | null;
  published: string | null;
  outlet: string | null;
  /** A short piece of the text around the first matched term. */
  snippet: string;
  reports: number;
}

/** Row counts, for summaries and tests. */
export interface StoreCounts {
  documents: number;
  reports: number;
  events: number;
  actors: number;
  places: number;
  errors: number;
}

/**
 * The storage contract. SQLite and PostgreSQL implement it identically; the contract test suite runs
 * against both. Every write of a document (its row, reports, actors, places, search index and ingest
 * log line) commits in one transaction, so a crash never leaves half a document.
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Which of these content hashes are stored, and as which document: the cheap pre-check that keeps
   * known texts from being extracted again, asked for a batch of items at once (one round trip).
   */
  checkDuplicates(contentHashes: readonly string[]): Promise<Map<string, number>>;
  /**
   * Stores a document and its reports atomically; a known hash is reported as duplicate, not stored.
   * A caller may save the next document before this one settles: saves are applied one at a time, in
   * the order they were called (document ids and URL versions follow that order). Of `output`, the
   * events, language, publication date and pipeline version are stored; the mention lists (`places`,
   * `actors`, `dates`) are not, and a writer thread does not even receive them.
   */
  saveDocument(doc: DocumentInput, output: OutputDoc, runId: string): Promise<SaveResult>;
  /**
   * Gets the write path ready (starts a writer thread, or opens the writer connection) ahead of a
   * batch of saves, so that its start-up overlaps other work instead of delaying the first write:
   * `sitrep ingest` calls it right after opening the store, before the pipeline loads. Calling it
   * again does nothing. Optional: a store with nothing to prepare omits it.
   */
  prepareWrites?(): void;
  logIngest(entry: IngestLogEntry): Promise<void>;
  logError(entry: ErrorEntry): Promise<void>;
  /** Latest errors first. */
  errors(opts?: { limit?: number; runId?: string }): Promise<ErrorEntry[]>;
  /** Ids of documents whose stored extraction is not `version` (reprocess candidates). */
  documentsWithVersionOtherThan(version: string): Promise<{ id: number; pipelineVersion: string }[]>;
  getDocument(id: number): Promise<StoredDocument | null>;
  /** Replaces a document's reports with a fresh extraction, atomically. */
  replaceReports(documentId: number, output: OutputDoc): Promise<number>;
  /** Streams matching reports; the caller may stop early. */
  events(filter: EventFilter, query: EventQuery): AsyncIterable<StoredReport>;
  /** Accent-insensitive full-text search over document titles and texts. */
  search(query: string, limit: number): Promise<SearchHit[]>;
  /** Whether a feed item was seen by an earlier `watch` pass. */
  seen(feed: string, itemKey: string): Promise<boolean>;
  markSeen(feed: string, itemKey: string, documentId: number | null): Promise<void>;
  /** The HTTP validators saved after the last complete `watch` read of a feed, or null. */
  feedValidators(feed: string): Promise<HttpValidators | null>;
  /** Saves (replaces) a feed's HTTP validators; null values clear them. */
  saveFeedValidators(feed: string, validators: HttpValidators): Promise<void>;
  counts(): Promise<StoreCounts>;
  close(): Promise<void>;
}
