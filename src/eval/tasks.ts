/**
 * Dataset tasks: how each dataset is loaded, which part of the extractor's output is compared with
 * which gold, and which metrics come out. Each task gives a fresh accumulator per split; items are
 * scored one at a time as they are extracted, so memory stays flat.
 */
import { join } from 'node:path';
import type { OutputDoc } from '../core/output.js';
import type { SitrepEvent } from '../core/types.js';
import { loadAcledBurkina, loadAcledGlobal } from './loaders/acled.js';
import { loadCase2021, type Case2021Gold } from './loaders/case2021.js';
import { loadEuropeana } from './loaders/europeana.js';
import { loadFrTimebank, type TimebankGold } from './loaders/fr-timebank.js';
import { loadGeoVirus } from './loaders/geovirus.js';
import { loadGeoWebNews } from './loaders/geowebnews.js';
import { loadGold, type GoldDocGold } from './loaders/gold.js';
import { loadHipe2020 } from './loaders/hipe2020.js';
import { loadLgl } from './loaders/lgl.js';
import type { NerGold } from './loaders/ner.js';
import { loadPloverGsr, type PloverGold } from './loaders/plover-gsr.js';
import type { GeoGold } from './loaders/toponyms.js';
import { loadTrNews } from './loaders/tr-news.js';
import { mainEvent, scoreAcledRow, type AcledGold } from './scorers/acled.js';
import { actorCountriesMatch, actorSetsMatch, type ActorKey } from './scorers/actors.js';
import { EVENT_FIELDS, scoreEvents } from './scorers/events.js';
import { haversineKm, summariseErrors } from './scorers/geo.js';
import { PrfTally, Tally, type Prf } from './scorers/prf.js';
import { matchSpans, type CharSpan } from './scorers/spans.js';
import { timexInterval, timexValueOk } from './scorers/timex.js';
import type { ErrorRecord, EvalItem, LoadResult, Metric } from './types.js';

/** Receives the error records of one item; the task fills in `kind`, `field`, `gold`, `predicted`. */
export type Emit = (rec: Omit<ErrorRecord, 'dataset' | 'split' | 'id'>) => void;

/** Scores a stream of items of one split. */
export interface Accumulator<G> {
  add(item: EvalItem<G>, out: OutputDoc, emit: Emit): void;
  metrics(): Metric[];
}

/** Where the datasets and gold files are. */
export interface DataDirs {
  data: string;
  gold: string;
}

/** A dataset the harness can run. */
export interface Task<G> {
  name: string;
  note: string | null;
  load(dirs: DataDirs): LoadResult<G>;
  accumulator(): Accumulator<G>;
}

/** Text around a span, for error records: a short window so a developer can read the context. */
export function snippet(text: string, start: number, end: number, pad = 80): string {
  if (text.length <= 2 * pad + (end - start)) return text;
  const s = Math.max(0, start - pad);
  const e = Math.min(text.length, end + pad);
  return `${s > 0 ? '…' : ''}${text.slice(s, e)}${e < text.length ? '…' : ''}`;
}

const ratio = (name: string, value: number | null, n: number, reference?: Metric['reference']): Metric =>
  reference === undefined ? { name, value, n, unit: 'ratio' } : { name, value, n, unit: 'ratio', reference };

function prfMetrics(prefix: string, r: Prf): Metric[] {
  return [
    ratio(`${prefix} precision`, r.precision, r.tp + r.fp),
    ratio(`${prefix} recall`, r.recall, r.tp + r.fn),
    ratio(`${prefix} F1`, r.f1, r.tp + r.fp + r.fn),
  ];
}

function tallyMetric(name: string, t: Tally): Metric {
  return ratio(name, t.value, t.total);
}

// ---------------------------------------------------------------------------------------------
// 1. Gold event files

function goldTask(): Task<GoldDocGold> {
  return {
    name: 'gold',
    note: 'project gold event files (../shared/gold); P/R/F1 over required events',
    load: (dirs) => loadGold(dirs.gold),
    accumulator() {
      const strict = new PrfTally();
      const detect = new PrfTally();
      const plover = new Tally();
      const fields = new Map<string, Tally>(EVENT_FIELDS.map((f) => [f, new Tally()]));
      let unlocated = 0;
      return {
        add(item, out, emit) {
          const s = scoreEvents(item.text, item.gold.events, out.events);
          strict.add(s);
          detect.add(s.detect);
          plover.correct += s.plover.correct;
          plover.total += s.plover.total;
          for (const c of s.fields) {
            fields.get(c.field)!.add(c.ok);
            if (!c.ok) {
              const pair = s.matched.find(([g]) => g.id === c.goldId);
              emit({ kind: 'wrong_field', field: c.field, text: pair ? pair[0].evidence : '', gold: c.gold, predicted: c.predicted });
            }
          }
          unlocated += s.unlocated.length;
          for (const g of s.unlocated) emit({ kind: 'miss', field: 'evidence_not_found', text: g.evidence, gold: g.id, predicted: null });
          for (const g of s.missed) emit({ kind: 'miss', text: g.evidence, gold: { id: g.id, plover: g.plover, acled: g.acled }, predicted: null });
          for (const p of s.falseAlarms) emit({ kind: 'false_alarm', text: evidenceText(item.text, p), gold: null, predicted: { type: p.type, acled: p.acled, trigger: p.trigger.text } });
        },
        metrics() {
          return [
            ...prfMetrics('events (type+evidence)', strict.result),
            ...prfMetrics('events (evidence only)', detect.result),
            tallyMetric('PLOVER type (alternatives ok)', plover),
            ...EVENT_FIELDS.map((f) => tallyMetric(`field ${f}`, fields.get(f)!)),
            { name: 'gold evidence not found in text', value: unlocated, n: unlocated, unit: 'count' },
          ];
        },
      };
    },
  };
}

function evidenceText(text: string, ev: SitrepEvent): string {
  const first = ev.evidence[0];
  if (first === undefined) return snippet(text, ev.trigger.start, ev.trigger.end);
  return text.slice(first.start, first.end);
}

// ---------------------------------------------------------------------------------------------
// 2. ACLED notes

function acledTask(name: string, load: (dir: string) => LoadResult<AcledGold>, folder: string): Task<AcledGold> {
  const FIELDS = ['event_type', 'sub_event_type', 'location_25km', 'location_161km', 'admin1', 'event_date', 'fatalities', 'actor1_sector', 'actor1_country_sector'];
  return {
    name,
    note: "ACLED coders' English notes, not news articles; main event = first event with an ACLED type",
    load: (dirs) => load(join(dirs.data, folder)),
    accumulator() {
      const tallies = new Map(FIELDS.map((f) => [f, new Tally()]));
      const noEvent = new Tally();
      const byType = new Map<string, { type: Tally; sub: Tally }>();
      return {
        add(item, out, emit) {
          const r = scoreAcledRow(item.gold, out);
          noEvent.add(!r.hasEvent);
          let bt = byType.get(item.gold.eventType);
          if (!bt) byType.set(item.gold.eventType, (bt = { type: new Tally(), sub: new Tally() }));
          for (const c of r.checks) {
            tallies.get(c.field)!.add(c.ok);
            if (c.field === 'event_type') bt.type.add(c.ok);
            if (c.field === 'sub_event_type') bt.sub.add(c.ok);
            // location_161km repeats location_25km's record when both fail; keep the file readable.
            if (!c.ok && c.field !== 'location_161km') emit({ kind: r.hasEvent ? 'wrong_field' : 'no_prediction', field: c.field, text: item.text, gold: c.gold, predicted: c.predicted });
          }
        },
        metrics() {
          const out: Metric[] = FIELDS.map((f) => tallyMetric(f.replace(/_/g, ' '), tallies.get(f)!));
          out.push(tallyMetric('rows with no event extracted', noEvent));
          for (const [t, v] of [...byType.entries()].sort((a, b) => b[1].type.total - a[1].type.total)) {
            out.push(tallyMetric(`[${t}] event type`, v.type), tallyMetric(`[${t}] sub-event type`, v.sub));
          }
          return out;
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Geoparsing

/** Mordecai 3 (Halterman 2023) published accuracy@161 km, printed beside ours. */
const MORDECAI3_ACC161: Readonly<Record<string, number>> = { lgl: 0.827, geowebnews: 0.941, 'tr-news': 0.873 };

function geoTask(name: string, load: (dir: string) => LoadResult<GeoGold>, folder: string): Task<GeoGold> {
  return {
    name,
    note: 'toponym recognition (places vs gold spans) and geocoding of recognised gold toponyms',
    load: (dirs) => load(join(dirs.data, folder)),
    accumulator() {
      const exact = new PrfTally();
      const overlap = new PrfTally();
      const errors: number[] = [];
      let goldWithCoords = 0;
      return {
        add(item, out, emit) {
          const gold = item.gold.toponyms;
          const pred = out.places;
          const ex = matchSpans(gold, pred, 'exact');
          exact.add({ tp: ex.pairs.length, fp: ex.falsePred.length, fn: ex.missedGold.length });
          const ov = matchSpans(gold, pred, 'overlap');
          overlap.add({ tp: ov.pairs.length, fp: ov.falsePred.length, fn: ov.missedGold.length });
          goldWithCoords += gold.filter((g) => g.lat !== null).length;
          for (const i of ov.missedGold) {
            const g = gold[i]!;
            emit({ kind: 'miss', text: snippet(item.text, g.start, g.end), gold: { phrase: g.phrase, start: g.start, end: g.end, lat: g.lat, lon: g.lon }, predicted: null });
          }
          for (const j of ov.falsePred) {
            const p = pred[j]!;
            emit({ kind: 'false_alarm', text: snippet(item.text, p.start, p.end), gold: null, predicted: { text: p.text, start: p.start, end: p.end, name: p.name, country: p.country, rule: p.rule } });
          }
          for (const [i, j] of ov.pairs) {
            const g = gold[i]!;
            const p = pred[j]!;
            if (g.lat === null || g.lon === null) continue;
            const km = haversineKm(g.lat, g.lon, p.lat, p.lon);
            errors.push(km);
            if (km > 161) {
              emit({
                kind: 'wrong_field',
                field: 'coordinates',
                text: snippet(item.text, g.start, g.end),
                gold: { phrase: g.phrase, lat: g.lat, lon: g.lon },
                predicted: { name: p.name, country: p.country, lat: p.lat, lon: p.lon, featureCode: p.featureCode, km: Math.round(km), rule: p.rule },
              });
            }
          }
        },
        metrics() {
          const g = summariseErrors(errors);
          const ref = MORDECAI3_ACC161[name];
          return [
            ...prfMetrics('toponyms exact', exact.result),
            ...prfMetrics('toponyms overlap', overlap.result),
            { name: 'geocoded (recognised gold with coords)', value: g.n, n: goldWithCoords, unit: 'count' },
            ratio('accuracy@161km', g.acc161, g.n, ref === undefined ? undefined : { value: ref, label: 'Mordecai 3' }),
            { name: 'mean error', value: g.meanKm, n: g.n, unit: 'km' },
            { name: 'median error', value: g.medianKm, n: g.n, unit: 'km' },
            { name: 'AUC (Gritta; lower is better)', value: g.auc, n: g.n, unit: 'auc' },
          ];
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 4. FR-TimeBank

function timebankTask(): Task<TimebankGold> {
  return {
    name: 'fr-timebank',
    note: 'DATE timexes vs output dates, normalised against the DCT as published date',
    load: (dirs) => loadFrTimebank(join(dirs.data, 'fr-timebank')),
    accumulator() {
      const rec = new PrfTally();
      const recExact = new PrfTally();
      const value = new Tally();
      let uncomparable = 0;
      return {
        add(item, out, emit) {
          const gold = item.gold.timexes.filter((t) => t.type === 'DATE');
          const pred: CharSpan[] = out.dates.map((d) => ({ start: d.charStart, end: d.charEnd }));
          const ex = matchSpans(gold, pred, 'exact');
          recExact.add({ tp: ex.pairs.length, fp: ex.falsePred.length, fn: ex.missedGold.length });
          const m = matchSpans(gold, pred, 'overlap');
          rec.add({ tp: m.pairs.length, fp: m.falsePred.length, fn: m.missedGold.length });
          for (const i of m.missedGold) {
            const g = gold[i]!;
            emit({ kind: 'miss', text: snippet(item.text, g.start, g.end), gold: { text: g.text, value: g.value, dct: item.gold.dct }, predicted: null });
          }
          for (const j of m.falsePred) {
            const d = out.dates[j]!;
            emit({ kind: 'false_alarm', text: snippet(item.text, d.charStart, d.charEnd), gold: null, predicted: { text: d.text, start: d.start, end: d.end, rule: d.rule } });
          }
          for (const [i, j] of m.pairs) {
            const g = gold[i]!;
            const d = out.dates[j]!;
            if (timexInterval(g.value) === null) {
              uncomparable++;
              continue;
            }
            const ok = timexValueOk(g.value, d);
            value.add(ok);
            if (!ok) emit({ kind: 'wrong_field', field: 'value', text: snippet(item.text, g.start, g.end), gold: { text: g.text, value: g.value, interval: timexInterval(g.value), dct: item.gold.dct }, predicted: { text: d.text, start: d.start, end: d.end, precision: d.precision, rule: d.rule } });
          }
        },
        metrics() {
          return [
            ...prfMetrics('DATE timexes overlap', rec.result),
            ...prfMetrics('DATE timexes exact', recExact.result),
            tallyMetric('value at gold granularity', value),
            { name: 'matched with non-calendar gold value', value: uncomparable, n: uncomparable, unit: 'count' },
          ];
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 5. PLOVER GSR and CASE 2021

const actorKeys = (xs: readonly { country: string | null; sector: string | null }[]): ActorKey[] => xs.map((a) => ({ country: a.country, sector: a.sector }));

function ploverTask(): Task<PloverGold> {
  return {
    name: 'plover-gsr',
    note: 'CAMEO-manual example sentences (PLOVER 0.5b1 coding mapped to v0.8); main event = first event',
    load: (dirs) => loadPloverGsr(join(dirs.data, 'plover-gsr')),
    accumulator() {
      const type = new Tally();
      const anyType = new Tally();
      const src = new Tally();
      const tgt = new Tally();
      const srcC = new Tally();
      const tgtC = new Tally();
      const none = new Tally();
      return {
        add(item, out, emit) {
          const ordered = [...out.events].sort((a, b) => a.trigger.start - b.trigger.start);
          const ev = ordered[0] ?? null;
          none.add(ev === null);
          const g = item.gold;
          const okType = ev?.type === g.type;
          type.add(okType);
          anyType.add(ordered.some((e) => e.type === g.type));
          const ps = actorKeys(ev?.source ?? []);
          const pt = actorKeys(ev?.target ?? []);
          // No event is wrong on every field: an empty gold target must not be "matched" by silence.
          const okS = ev !== null && actorSetsMatch(g.source, ps);
          const okT = ev !== null && actorSetsMatch(g.target, pt);
          src.add(okS);
          tgt.add(okT);
          srcC.add(ev !== null && actorCountriesMatch(g.source, ps));
          tgtC.add(ev !== null && actorCountriesMatch(g.target, pt));
          const kind = ev === null ? 'no_prediction' : 'wrong_field';
          if (!okType) emit({ kind, field: 'type', text: item.text, gold: { type: g.type, coded: g.codedType }, predicted: ev?.type ?? null });
          if (!okS) emit({ kind, field: 'source', text: item.text, gold: g.source, predicted: ps });
          if (!okT) emit({ kind, field: 'target', text: item.text, gold: g.target, predicted: pt });
        },
        metrics() {
          return [
            tallyMetric('PLOVER type (main event)', type),
            tallyMetric('PLOVER type (any event)', anyType),
            tallyMetric('source country+sector', src),
            tallyMetric('target country+sector', tgt),
            tallyMetric('source country', srcC),
            tallyMetric('target country', tgtC),
            tallyMetric('sentences with no event', none),
          ];
        },
      };
    },
  };
}

function caseTask(): Task<Case2021Gold> {
  return {
    name: 'case2021-task2',
    note: 'news snippets; sub-type accuracy over the 25 labels taken from ACLED (others skipped)',
    load: (dirs) => loadCase2021(join(dirs.data, 'case2021-task2')),
    accumulator() {
      const sub = new Tally();
      const none = new Tally();
      const perLabel = new Map<string, Tally>();
      return {
        add(item, out, emit) {
          const want = item.gold.acledSubType;
          if (want === null) return;
          const ev = mainEvent(out.events);
          const got = ev?.acled?.subEventType ?? null;
          none.add(got === null);
          const ok = got === want;
          sub.add(ok);
          let t = perLabel.get(want);
          if (!t) perLabel.set(want, (t = new Tally()));
          t.add(ok);
          if (!ok) emit({ kind: got === null ? 'no_prediction' : 'wrong_field', field: 'sub_event_type', text: item.text, gold: { label: item.gold.label, acled: want }, predicted: got });
        },
        metrics() {
          const out = [tallyMetric('ACLED sub-event type', sub), tallyMetric('snippets with no ACLED type', none)];
          for (const [k, t] of [...perLabel.entries()].sort((a, b) => b[1].total - a[1].total)) out.push(tallyMetric(`[${k}]`, t));
          return out;
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 6. Historical French NER

function nerTask(name: string, load: (dir: string) => LoadResult<NerGold>, folder: string): Task<NerGold> {
  return {
    name,
    note: 'historical newspapers, not modern news (OCR noise); places = output places, persons = actors of kind person',
    load: (dirs) => load(join(dirs.data, folder)),
    accumulator() {
      const t = { LOC: { exact: new PrfTally(), overlap: new PrfTally() }, PER: { exact: new PrfTally(), overlap: new PrfTally() } };
      return {
        add(item, out, emit) {
          const preds: Record<'LOC' | 'PER', (CharSpan & { text: string; rule: string })[]> = {
            LOC: out.places.map((p) => ({ start: p.start, end: p.end, text: p.text, rule: p.rule })),
            PER: out.actors.filter((a) => a.kind === 'person').map((a) => ({ start: a.start, end: a.end, text: a.text, rule: a.rule })),
          };
          for (const type of ['LOC', 'PER'] as const) {
            const gold = item.gold.entities.filter((e) => e.type === type);
            const pred = preds[type];
            const ex = matchSpans(gold, pred, 'exact');
            t[type].exact.add({ tp: ex.pairs.length, fp: ex.falsePred.length, fn: ex.missedGold.length });
            const ov = matchSpans(gold, pred, 'overlap');
            t[type].overlap.add({ tp: ov.pairs.length, fp: ov.falsePred.length, fn: ov.missedGold.length });
            for (const i of ov.missedGold) {
              const g = gold[i]!;
              emit({ kind: 'miss', field: type, text: snippet(item.text, g.start, g.end, 50), gold: item.text.slice(g.start, g.end), predicted: null });
            }
            for (const j of ov.falsePred) {
              const p = pred[j]!;
              emit({ kind: 'false_alarm', field: type, text: snippet(item.text, p.start, p.end, 50), gold: null, predicted: { text: p.text, rule: p.rule } });
            }
          }
        },
        metrics() {
          return [
            ...prfMetrics('LOC exact', t.LOC.exact.result),
            ...prfMetrics('LOC overlap', t.LOC.overlap.result),
            ...prfMetrics('PER exact', t.PER.exact.result),
            ...prfMetrics('PER overlap', t.PER.overlap.result),
          ];
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** Every dataset in the order `all` runs them. */
export const TASKS: readonly Task<unknown>[] = [
  goldTask(),
  acledTask('acled-global-2020-05', loadAcledGlobal, 'acled-global-2020-05'),
  acledTask('acled-burkina-faso-2020', loadAcledBurkina, 'acled-burkina-faso-2020'),
  geoTask('lgl', loadLgl, 'lgl'),
  geoTask('geowebnews', loadGeoWebNews, 'geowebnews'),
  geoTask('tr-news', loadTrNews, 'tr-news'),
  geoTask('geovirus', loadGeoVirus, 'geovirus'),
  timebankTask(),
  ploverTask(),
  caseTask(),
  nerTask('hipe2020-fr', loadHipe2020, 'hipe2020-fr'),
  nerTask('europeana-ner-fr', loadEuropeana, 'europeana-ner-fr'),
] as unknown as readonly Task<unknown>[];

/** Dataset names accepted on the command line, besides `all`. */
export const DATASET_NAMES: readonly string[] = TASKS.map((t) => t.name);
