import type { OutputDoc } from '../../core/output.js';
import type { SitrepEvent } from '../../core/types.js';
import { fold } from '../../core/text.js';
import { haversineKm } from './geo.js';

/** Gold fields of one ACLED row that the scorer uses. */
export interface AcledGold {
  eventType: string;
  subEventType: string;
  /** ISO day. */
  eventDate: string;
  lat: number;
  lon: number;
  admin1: string;
  fatalities: number;
  actor1: string;
  /** ACLED inter1 code, 1-8 (0 when absent). */
  inter1: number;
  /** ISO alpha-3 of actor1 when its name says the country, else null (sector-only scoring). */
  actor1Country: string | null;
}

/**
 * ACLED interaction codes of actor1 to the PLOVER sectors accepted for it. ACLED has no one-to-one
 * sector mapping, so each code accepts the sectors a careful PLOVER coder could choose:
 * 1 state forces → MIL, GOV, COP; 2 rebel groups → REB; 3 political militias → UAF or REB (armed,
 * not state, not necessarily insurgent); 4 identity (communal, ethnic) militias → UAF, ETH or REB;
 * 5 rioters and 6 protesters → CVL or OPP; 7 civilians → CVL; 8 external/other forces (foreign
 * militaries, UN missions, private security) → MIL, GOV, IGO, PRI.
 */
export const INTER_SECTORS: Readonly<Record<number, readonly string[]>> = {
  1: ['MIL', 'GOV', 'COP'],
  2: ['REB'],
  3: ['UAF', 'REB'],
  4: ['UAF', 'ETH', 'REB'],
  5: ['CVL', 'OPP'],
  6: ['CVL', 'OPP'],
  7: ['CVL'],
  8: ['MIL', 'GOV', 'IGO', 'PRI'],
};

/**
 * The event a row is compared with: the first event (in text order) that carries an ACLED type,
 * else the first event; null when nothing was extracted. ACLED notes describe one event, and the
 * first typed event is normally the note's main clause.
 */
export function mainEvent(events: readonly SitrepEvent[]): SitrepEvent | null {
  if (events.length === 0) return null;
  const ordered = [...events].sort((a, b) => a.trigger.start - b.trigger.start);
  return ordered.find((e) => e.acled !== null) ?? ordered[0]!;
}

/** Sum of the killed figures of an event (0 without an event or figures). */
export function killedSum(ev: SitrepEvent | null): number {
  if (ev === null) return 0;
  let n = 0;
  for (const c of ev.counts) if (c.kind === 'killed') n += c.value;
  return n;
}

/** One row's comparisons; keys are metric names, values whether the prediction was right. */
export interface AcledRowScore {
  checks: { field: string; ok: boolean; gold: unknown; predicted: unknown }[];
  hasEvent: boolean;
}

function sameName(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return fold(a).replace(/[^a-z0-9]+/g, ' ').trim() === fold(b).replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Scores one ACLED row against the output of its notes. A row with no event is wrong on every field. */
export function scoreAcledRow(gold: AcledGold, doc: OutputDoc): AcledRowScore {
  const ev = mainEvent(doc.events);
  const checks: AcledRowScore['checks'] = [];
  const add = (field: string, ok: boolean, g: unknown, p: unknown): void => {
    checks.push({ field, ok, gold: g, predicted: p });
  };
  add('event_type', ev?.acled?.eventType === gold.eventType, gold.eventType, ev?.acled?.eventType ?? null);
  add('sub_event_type', ev?.acled?.subEventType === gold.subEventType, gold.subEventType, ev?.acled?.subEventType ?? null);
  const loc = ev?.location ?? null;
  const km = loc === null ? null : haversineKm(gold.lat, gold.lon, loc.lat, loc.lon);
  const predLoc = loc === null ? null : { name: loc.name, lat: loc.lat, lon: loc.lon, admin1: loc.admin1, km: km === null ? null : Math.round(km) };
  add('location_25km', km !== null && km <= 25, { lat: gold.lat, lon: gold.lon }, predLoc);
  add('location_161km', km !== null && km <= 161, { lat: gold.lat, lon: gold.lon }, predLoc);
  add('admin1', sameName(gold.admin1, loc?.admin1 ?? null), gold.admin1, loc?.admin1 ?? null);
  add('event_date', ev?.date?.start === gold.eventDate, gold.eventDate, ev?.date?.start ?? null);
  const killed = killedSum(ev);
  // Without an event, "0 killed" would score on most rows for doing nothing; it counts as wrong.
  add('fatalities', ev !== null && killed === gold.fatalities, gold.fatalities, ev === null ? null : killed);
  const accepted = INTER_SECTORS[gold.inter1] ?? [];
  const src = ev?.source ?? [];
  const sectorOk = src.some((a) => a.sector !== null && accepted.includes(a.sector));
  const predActors = src.map((a) => ({ name: a.name, country: a.country, sector: a.sector }));
  add('actor1_sector', sectorOk, { actor1: gold.actor1, inter1: gold.inter1, sectors: accepted }, predActors);
  if (gold.actor1Country !== null) {
    const ok = src.some((a) => a.country === gold.actor1Country && a.sector !== null && accepted.includes(a.sector));
    add('actor1_country_sector', ok, { actor1: gold.actor1, country: gold.actor1Country, sectors: accepted }, predActors);
  }
  return { checks, hasEvent: ev !== null };
}
