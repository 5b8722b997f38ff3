import type { EventActor } from '../../core/types.js';
import type { StoredReport } from '../../store/types.js';
import { countryName } from './common.js';

/** A streaming writer: header, one chunk per report (with a separator flag), footer. */
export interface ExportFormat {
  header(): string;
  row(r: StoredReport, first: boolean): string;
  footer(): string;
}

/** ACLED column names where a field maps, then sitrep's own columns. */
export const ACLED_COLUMNS = [
  'event_id_cnty', 'event_date', 'year', 'time_precision', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'actor2', 'assoc_actor_2',
  'country', 'iso3', 'admin1', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'notes', 'fatalities',
  'sitrep_event_id', 'sitrep_report_id', 'sitrep_document_id', 'plover_type', 'plover_mode', 'stance', 'historical',
  'trigger_start', 'trigger_end', 'trigger_text', 'evidence_offsets', 'document_url', 'document_title', 'pipeline_version',
] as const;

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or edge spaces, which tools trim). */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ACLED time precision: 1 day, 2 week (or a date taken from publication), 3 month or coarser. */
export function timePrecision(p: string | null): number | null {
  if (p === 'day') return 1;
  if (p === 'week' || p === 'published') return 2;
  if (p === 'month' || p === 'year') return 3;
  return null;
}

const names = (as: EventActor[]): string => as.map((a) => a.name).join('; ');

/** The ACLED-style CSV row of a report, as column → value. */
export function acledRecord(r: StoredReport): Record<(typeof ACLED_COLUMNS)[number], string | number | boolean | null> {
  const e = r.event;
  return {
    event_id_cnty: `SITREP${r.eventId}`,
    event_date: r.eventDate,
    year: r.eventDate === null ? null : Number(r.eventDate.slice(0, 4)),
    time_precision: timePrecision(r.datePrecision),
    event_type: e.acled?.eventType ?? null,
    sub_event_type: e.acled?.subEventType ?? null,
    actor1: e.source[0]?.name ?? null,
    assoc_actor_1: e.source.length > 1 ? names(e.source.slice(1)) : null,
    actor2: e.target[0]?.name ?? null,
    assoc_actor_2: e.target.length > 1 ? names(e.target.slice(1)) : null,
    country: r.country === null ? null : countryName(r.country),
    iso3: r.country,
    admin1: r.admin1,
    location: e.location?.name ?? null,
    latitude: r.lat,
    longitude: r.lon,
    // ACLED has three levels; sitrep's 4 (country) is coarser still and maps to 3.
    geo_precision: r.geoPrecision === null ? null : Math.min(r.geoPrecision, 3),
    source: r.document.outlet,
    notes: e.evidence.map((x) => x.text).join(' '),
    fatalities: r.fatalities ?? 0,
    sitrep_event_id: r.eventId,
    sitrep_report_id: r.reportId,
    sitrep_document_id: r.documentId,
    plover_type: e.type,
    plover_mode: e.mode,
    stance: r.stance,
    historical: e.historical,
    trigger_start: e.trigger.start,
    trigger_end: e.trigger.end,
    trigger_text: e.trigger.text,
    evidence_offsets: e.evidence.map((x) => `${x.start}-${x.end}`).join(';'),
    document_url: r.document.url,
    document_title: r.document.title,
    pipeline_version: r.pipelineVersion,
  };
}

const acledCsv: ExportFormat = {
  header: () => ACLED_COLUMNS.join(',') + '\r\n',
  row: (r) => {
    const rec = acledRecord(r);
    return ACLED_COLUMNS.map((c) => csvField(rec[c])).join(',') + '\r\n';
  },
  footer: () => '',
};

const actorFields = (as: EventActor[]) => ({
  actor: as[0]?.name ?? null,
  country: as[0]?.country ?? null,
  agent: as[0]?.sector ?? null,
  other: as.slice(1).map((a) => ({ name: a.name, country: a.country, sector: a.sector })),
});

/** One event in the PLOVER manual's data fields, plus sitrep provenance under `sitrep`. */
export function ploverRecord(r: StoredReport): Record<string, unknown> {
  const e = r.event;
  const src = actorFields(e.source);
  const tgt = actorFields(e.target);
  return {
    id: `sitrep-${r.eventId}`,
    date: r.eventDate,
    event: e.type,
    mode: e.mode ?? '',
    context: e.acled ? [e.acled.eventType, e.acled.subEventType] : [],
    source: src.country ?? '',
    src_actor: src.actor ?? '',
    src_agent: src.agent ?? '',
    src_other: src.other,
    target: tgt.country ?? '',
    tgt_actor: tgt.actor ?? '',
    tgt_agent: tgt.agent ?? '',
    tgt_other: tgt.other,
    country: r.country ?? '',
    admin1: r.admin1 ?? '',
    placename: e.location?.name ?? '',
    lat: r.lat,
    lon: r.lon,
    geo_precision: r.geoPrecision,
    fatalities: r.fatalities,
    text: e.evidence.map((x) => x.text).join(' '),
    url: r.document.url,
    publisher: r.document.outlet,
    language: r.document.language,
    sitrep: { report_id: r.reportId, document_id: r.documentId, stance: r.stance, historical: e.historical, trigger: e.trigger, evidence: e.evidence, rules: e.rules, pipeline_version: r.pipelineVersion },
  };
}

const ploverJson: ExportFormat = {
  header: () => '[\n',
  row: (r, first) => (first ? '' : ',\n') + JSON.stringify(ploverRecord(r)),
  footer: () => '\n]\n',
};

/** A GeoJSON Feature (RFC 7946): Point in [lon, lat] order, or null geometry for unlocated events. */
export function geoFeature(r: StoredReport): Record<string, unknown> {
  const e = r.event;
  return {
    type: 'Feature',
    id: r.reportId,
    geometry: r.lat === null || r.lon === null ? null : { type: 'Point', coordinates: [r.lon, r.lat] },
    properties: {
      event_id: r.eventId,
      event_date: r.eventDate,
      plover_type: e.type,
      acled_event_type: e.acled?.eventType ?? null,
      acled_sub_event_type: e.acled?.subEventType ?? null,
      actor1: e.source[0]?.name ?? null,
      actor2: e.target[0]?.name ?? null,
      location: e.location?.name ?? null,
      country: r.country,
      admin1: r.admin1,
      geo_precision: r.geoPrecision,
      fatalities: r.fatalities,
      stance: r.stance,
      notes: e.evidence.map((x) => x.text).join(' '),
      document_url: r.document.url,
    },
  };
}

const geojson: ExportFormat = {
  header: () => '{"type":"FeatureCollection","features":[\n',
  row: (r, first) => (first ? '' : ',\n') + JSON.stringify(geoFeature(r)),
  footer: () => '\n]}\n',
};

const jsonl: ExportFormat = {
  header: () => '',
  row: (r) =>
    JSON.stringify({ eventId: r.eventId, reportId: r.reportId, documentId: r.documentId, document: r.document, pipelineVersion: r.pipelineVersion, ...r.event }) + '\n',
  footer: () => '',
};

/** Export formats by `--format` name. */
export const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = { 'acled-csv': acledCsv, 'plover-json': ploverJson, geojson, jsonl };
