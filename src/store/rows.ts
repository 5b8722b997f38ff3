import { createHash } from 'node:crypto';
import { fold } from '../core/text.js';
import type { EventActor, EventLocation, SitrepEvent } from '../core/types.js';

/**
 * Normalises text before hashing: Unicode NFC and collapsed whitespace, so the same article saved with
 * different line breaks or a trailing newline is recognised as the same document.
 */
export function normaliseForHash(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** sha256 hex of the normalised text. */
export function contentHash(text: string): string {
  return createHash('sha256').update(normaliseForHash(text)).digest('hex');
}

/** Lower-case, accent-free form used for name lookups and search. */
export function foldName(s: string): string {
  return fold(s.normalize('NFC')).replace(/\s+/gu, ' ').trim();
}

/** Flat, indexable columns of one event report (the event itself is stored beside them as JSON). */
export interface ReportRow {
  ordinal: number;
  localId: string;
  ploverType: string;
  mode: string | null;
  acledEventType: string | null;
  acledSubEventType: string | null;
  eventDate: string | null;
  dateEnd: string | null;
  datePrecision: string | null;
  country: string | null;
  admin1: string | null;
  lat: number | null;
  lon: number | null;
  geoPrecision: number | null;
  fatalities: number | null;
  stance: string;
  historical: boolean;
  triggerStart: number;
  triggerEnd: number;
  triggerText: string;
}

/** Stable key of an actor in the normalised actors table: the dictionary id, or the name for ad-hoc ones. */
export function actorKey(a: EventActor): string {
  return a.id !== '' ? `${a.id}|${a.name}` : `name:${a.name}`;
}

/** Stable key of a place: GeoNames id when known, else name, country and rounded coordinates. */
export function placeKey(p: EventLocation): string {
  return p.geonameId !== null ? `gn:${p.geonameId}` : `${p.name}|${p.country ?? ''}|${p.lat.toFixed(3)}|${p.lon.toFixed(3)}`;
}

/**
 * Flattens an event into report columns. The event date falls back to the publication day (with
 * precision `published`) so every report can be placed in time, as ACLED requires.
 */
export function reportRow(ev: SitrepEvent, ordinal: number, published: string | null): ReportRow {
  const killed = ev.counts.filter((c) => c.kind === 'killed').map((c) => c.value);
  return {
    ordinal,
    localId: ev.id,
    ploverType: ev.type,
    mode: ev.mode,
    acledEventType: ev.acled?.eventType ?? null,
    acledSubEventType: ev.acled?.subEventType ?? null,
    eventDate: ev.date?.start ?? published,
    dateEnd: ev.date?.end ?? published,
    datePrecision: ev.date?.precision ?? (published === null ? null : 'published'),
    country: ev.location?.country ?? null,
    admin1: ev.location?.admin1 ?? null,
    lat: ev.location?.lat ?? null,
    lon: ev.location?.lon ?? null,
    geoPrecision: ev.location?.precision ?? null,
    // Several figures for one event are usually competing reports of the same toll: keep the highest.
    fatalities: killed.length > 0 ? Math.max(...killed) : null,
    stance: ev.attribution?.stance ?? 'asserted',
    historical: ev.historical,
    triggerStart: ev.trigger.start,
    triggerEnd: ev.trigger.end,
    triggerText: ev.trigger.text,
  };
}

/** Compares dotted versions numerically ("0.10.0" > "0.9.1"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Builds a search query of AND-ed terms from free text, folded like the index. */
export function searchTerms(query: string): string[] {
  return foldName(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}
