/** Hand-built extraction outputs, so store tests control every field they assert on. */
import type { OutputDoc } from '../../src/core/output.js';
import type { EventActor, EventLocation, SitrepEvent } from '../../src/core/types.js';
import { PIPELINE_VERSION } from '../../src/extract.js';

/** An actor at offsets [start, end). */
export function actor(name: string, id: string, country: string | null, start: number, end: number, sector: EventActor['sector'] = null): EventActor {
  return { name, id, country, sector, start, end, text: name, rule: 'test.actor' };
}

/** A place with coordinates. */
export function place(name: string, country: string, lat: number, lon: number, geonameId: number | null = null): EventLocation {
  return { name, text: name, country, admin1: null, lat, lon, geonameId, precision: 1, start: 0, end: name.length, rule: 'test.place' };
}

/** An event with sensible defaults. */
export function event(over: Partial<SitrepEvent> & { id: string }): SitrepEvent {
  return {
    type: 'ASSAULT',
    mode: null,
    acled: { eventType: 'Battles', subEventType: 'Armed clash' },
    trigger: { start: 0, end: 5, text: 'clash' },
    source: [],
    target: [],
    location: null,
    date: null,
    counts: [],
    attribution: null,
    historical: false,
    evidence: [{ start: 0, end: 20, text: 'evidence sentence...' }],
    rules: ['test.rule'],
    ...over,
  };
}

/** An output document around some events. */
export function output(id: string, events: SitrepEvent[], opts: { published?: string | null; language?: string; version?: string } = {}): OutputDoc {
  return {
    id,
    language: opts.language ?? 'en',
    published: opts.published ?? null,
    title: null,
    url: null,
    events,
    places: [],
    actors: [],
    dates: [],
    errors: [],
    pipelineVersion: opts.version ?? PIPELINE_VERSION,
  };
}
