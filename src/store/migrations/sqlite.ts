/**
 * SQLite schema migrations, applied in order and recorded in `schema_migrations`. Never edit a shipped
 * migration: add a new one with the next version number. Kept as TS strings (not .sql files) so the
 * compiled package carries them without a copy step.
 */
import type { Migration } from './types.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema: documents, events, reports, actors, places, logs, feed memory, search index',
    sql: `
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  input_id TEXT NOT NULL,
  url TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  content_hash TEXT NOT NULL UNIQUE,
  title TEXT,
  byline TEXT,
  site_name TEXT,
  outlet TEXT,
  language TEXT,
  published TEXT,
  kind TEXT NOT NULL,
  origin TEXT NOT NULL,
  raw TEXT,
  text TEXT NOT NULL,
  meta TEXT NOT NULL DEFAULT '{}',
  pipeline_version TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_url_version ON documents(url, version) WHERE url IS NOT NULL;
CREATE INDEX documents_pipeline_version ON documents(pipeline_version);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL
);

CREATE TABLE actors (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  dict_id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  country TEXT,
  sector TEXT
);
CREATE INDEX actors_name_folded ON actors(name_folded);
CREATE INDEX actors_dict_id ON actors(dict_id);

CREATE TABLE places (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_folded TEXT NOT NULL,
  country TEXT,
  admin1 TEXT,
  lat REAL,
  lon REAL,
  geonameid INTEGER,
  precision INTEGER
);
CREATE INDEX places_name_folded ON places(name_folded);

CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  event_id INTEGER NOT NULL REFERENCES events(id),
  ordinal INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  plover_type TEXT NOT NULL,
  mode TEXT,
  acled_event_type TEXT,
  acled_sub_event_type TEXT,
  event_date TEXT,
  date_end TEXT,
  date_precision TEXT,
  country TEXT,
  admin1 TEXT,
  place_id INTEGER REFERENCES places(id),
  lat REAL,
  lon REAL,
  geo_precision INTEGER,
  fatalities INTEGER,
  stance TEXT NOT NULL,
  historical INTEGER NOT NULL,
  trigger_start INTEGER NOT NULL,
  trigger_end INTEGER NOT NULL,
  trigger_text TEXT NOT NULL,
  data TEXT NOT NULL,
  pipeline_version TEXT NOT NULL
);
CREATE INDEX reports_event_date ON reports(event_date);
CREATE INDEX reports_type_date ON reports(plover_type, event_date);
CREATE INDEX reports_acled_date ON reports(acled_event_type, event_date);
CREATE INDEX reports_acled_sub_date ON reports(acled_sub_event_type, event_date);
CREATE INDEX reports_country_date ON reports(country, event_date);
CREATE INDEX reports_place ON reports(place_id);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX reports_event ON reports(event_id);
CREATE INDEX reports_lat_lon ON reports(lat, lon);

CREATE TABLE report_actors (
  report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  actor_id INTEGER NOT NULL REFERENCES actors(id),
  role TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  rule TEXT NOT NULL,
  PRIMARY KEY (report_id, role, ordinal)
) WITHOUT ROWID;
CREATE INDEX report_actors_actor ON report_actors(actor_id, report_id);

CREATE TABLE ingest_log (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL,
  document_id INTEGER,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX ingest_log_run ON ingest_log(run_id);

CREATE TABLE error_log (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  input TEXT NOT NULL,
  stage TEXT NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX error_log_run ON error_log(run_id);

CREATE TABLE feed_seen (
  feed TEXT NOT NULL,
  item_key TEXT NOT NULL,
  document_id INTEGER,
  seen_at TEXT NOT NULL,
  PRIMARY KEY (feed, item_key)
) WITHOUT ROWID;

-- Contentless: the text lives in documents; the index holds folded title and body under the document id.
CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 2');
`,
  },
  {
    version: 2,
    name: 'R*Tree index of report coordinates for --bbox',
    sql: `
CREATE VIRTUAL TABLE reports_geo USING rtree(id, min_lon, max_lon, min_lat, max_lat);
INSERT INTO reports_geo (id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat FROM reports WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE TRIGGER reports_geo_delete AFTER DELETE ON reports BEGIN DELETE FROM reports_geo WHERE id = OLD.id; END;
`,
  },
  {
    version: 3,
    name: 'covering indexes so a page of events is chosen without reading full report rows; bbox uses the R*Tree only',
    sql: `
CREATE INDEX reports_id_cover ON reports(id, event_date, lat, lon);
CREATE INDEX reports_doc_date ON reports(document_id, event_date);
CREATE INDEX reports_date_id_doc ON reports(event_date, id, document_id);
DROP INDEX reports_event_date;
DROP INDEX reports_document;
DROP INDEX reports_lat_lon;
`,
  },
  {
    version: 4,
    name: "report_actors keep their report's event date, so a listing by actor reads each actor's newest reports from one index",
    sql: `
-- A report's event date is written once, with the report: reprocess replaces reports whole.
ALTER TABLE report_actors ADD COLUMN event_date TEXT;
UPDATE report_actors SET event_date = (SELECT r.event_date FROM reports r WHERE r.id = report_actors.report_id);
DROP INDEX report_actors_actor;
CREATE INDEX report_actors_actor_date ON report_actors(actor_id, event_date, report_id);
`,
  },
  {
    version: 5,
    name: 'feed_state keeps the HTTP validators of each feed watch reads, for conditional requests',
    sql: `
-- ETag and Last-Modified of a feed's last complete read: sent back on the next poll, so a server
-- answers 304 Not Modified instead of sending an unchanged feed again.
CREATE TABLE feed_state (
  feed TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
`,
  },
];
