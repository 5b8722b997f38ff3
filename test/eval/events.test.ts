import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SitrepEvent, PloverType } from '../../src/core/types.js';
import type { OutputDoc } from '../../src/core/output.js';
import { compareFields, locateEvidence, scoreEvents, type GoldEvent } from '../../src/eval/scorers/events.js';
import { INTER_SECTORS, killedSum, mainEvent, scoreAcledRow, type AcledGold } from '../../src/eval/scorers/acled.js';

// Hand-written test articles, one French and one English.
const FR = "Samedi, les rebelles ont pris le contrôle de la ville de Hama. Selon l'ONU, 20 civils ont été tués. Le gouvernement a démenti.";
const EN = 'On Monday, police arrested 12 protesters in Lagos. Separately, the army shelled villages near Maiduguri, killing 4 people.';

function goldEvent(p: Partial<GoldEvent> & { id: string; evidence: string; plover: string }): GoldEvent {
  return {
    required: true,
    acled: null,
    source: [],
    target: [],
    location: null,
    date: null,
    counts: [],
    attribution: null,
    historical: false,
    ...p,
  };
}

function predEvent(text: string, evidence: string, type: PloverType, extra: Partial<SitrepEvent> = {}): SitrepEvent {
  const start = text.indexOf(evidence);
  assert.ok(start >= 0, `evidence not in text: ${evidence}`);
  return {
    id: `e-${start}-${type}`,
    type,
    mode: null,
    acled: null,
    trigger: { start, end: start + 4, text: text.slice(start, start + 4) },
    source: [],
    target: [],
    location: null,
    date: null,
    counts: [],
    attribution: null,
    historical: false,
    evidence: [{ start, end: start + evidence.length, text: evidence }],
    rules: ['test'],
    ...extra,
  };
}

const frGold = [
  goldEvent({ id: 'capture', evidence: 'les rebelles ont pris le contrôle de la ville de Hama', plover: 'ASSAULT', alternatives: { plover: ['COERCE'] } }),
  goldEvent({ id: 'killed', evidence: '20 civils ont été tués', plover: 'ASSAULT' }),
  goldEvent({ id: 'denial', evidence: 'Le gouvernement a démenti', plover: 'REJECT', required: false }),
];

describe('gold event scoring', () => {
  const cases: { name: string; text: string; gold: GoldEvent[]; pred: SitrepEvent[]; tp: number; fp: number; fn: number }[] = [
    {
      name: 'fr: perfect',
      text: FR,
      gold: frGold,
      pred: [predEvent(FR, 'les rebelles ont pris le contrôle', 'ASSAULT'), predEvent(FR, '20 civils ont été tués', 'ASSAULT')],
      tp: 2,
      fp: 0,
      fn: 0,
    },
    { name: 'fr: empty prediction', text: FR, gold: frGold, pred: [], tp: 0, fp: 0, fn: 2 },
    {
      name: 'fr: wrong type is a miss and a false alarm',
      text: FR,
      gold: frGold,
      pred: [predEvent(FR, '20 civils ont été tués', 'PROTEST')],
      tp: 0,
      fp: 1,
      fn: 2,
    },
    {
      name: 'fr: an alternative type is accepted',
      text: FR,
      gold: frGold,
      pred: [predEvent(FR, 'pris le contrôle de la ville', 'COERCE')],
      tp: 1,
      fp: 0,
      fn: 1,
    },
    {
      name: 'fr: non-required gold neither missed nor makes its match false',
      text: FR,
      gold: frGold,
      pred: [predEvent(FR, 'Le gouvernement a démenti', 'REJECT')],
      tp: 0,
      fp: 0,
      fn: 2,
    },
    {
      name: 'fr: a duplicate prediction counts once, the copy is a false alarm',
      text: FR,
      gold: frGold,
      pred: [predEvent(FR, '20 civils ont été tués', 'ASSAULT'), predEvent(FR, '20 civils ont été tués', 'ASSAULT')],
      tp: 1,
      fp: 1,
      fn: 1,
    },
    {
      name: 'en: evidence without overlap does not match',
      text: EN,
      gold: [goldEvent({ id: 'arrest', evidence: 'police arrested 12 protesters in Lagos', plover: 'COERCE' })],
      pred: [predEvent(EN, 'the army shelled villages near Maiduguri', 'COERCE')],
      tp: 0,
      fp: 1,
      fn: 1,
    },
    {
      name: 'en: off-by-one evidence still overlaps',
      text: EN,
      gold: [goldEvent({ id: 'arrest', evidence: 'police arrested 12 protesters in Lagos', plover: 'COERCE' })],
      pred: [predEvent(EN, 'olice arrested 12 protesters in Lagos.', 'COERCE')],
      tp: 1,
      fp: 0,
      fn: 0,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = scoreEvents(c.text, c.gold, c.pred);
      assert.deepEqual({ tp: s.tp, fp: s.fp, fn: s.fn }, { tp: c.tp, fp: c.fp, fn: c.fn });
    });
  }
  it('type-blind detection and PLOVER accuracy separate "found" from "typed right"', () => {
    const s = scoreEvents(FR, frGold, [predEvent(FR, '20 civils ont été tués', 'PROTEST')]);
    assert.deepEqual(s.detect, { tp: 1, fp: 0, fn: 1 });
    assert.deepEqual(s.plover, { correct: 0, total: 1 });
  });
  it('locates evidence despite quote, apostrophe, case and spacing differences', () => {
    const text = 'Il a dit : « l’armée  avance » hier.';
    const span = locateEvidence(text, "il a dit : \"l'armee avance\"");
    assert.ok(span);
    assert.equal(text.slice(span.start, span.end), 'Il a dit : « l’armée  avance »');
    assert.equal(locateEvidence(text, 'absent'), null);
  });
  it('compares fields of a matched pair', () => {
    const g = goldEvent({
      id: 'x',
      evidence: '20 civils ont été tués',
      plover: 'ASSAULT',
      acled: ['Violence against civilians', 'Attack'],
      source: [{ country: 'SYR', sector: 'REB' }],
      target: [{ country: 'SYR', sector: 'CVL' }],
      location: { country: 'SYR', lat: 35.13, lon: 36.75, precision: 1 },
      date: { start: '2024-11-30', end: '2024-11-30', precision: 'day' },
      counts: [{ kind: 'killed', value: 20, qualifier: 'exact' }],
      attribution: { by: 'UN', stance: 'reported' },
    });
    const loc = { start: 0, end: 4, name: 'Hama', text: 'Hama', country: 'SYR', admin1: 'Hama', lat: 35.2, lon: 36.7, geonameId: null, precision: 1 as const, rule: 't' };
    const p = predEvent(FR, '20 civils ont été tués', 'ASSAULT', {
      acled: { eventType: 'Violence against civilians', subEventType: 'Attack' },
      source: [{ start: 0, end: 1, name: 'rebels', text: 'r', country: 'SYR', sector: 'REB', id: 'g', rule: 't' }],
      target: [{ start: 0, end: 1, name: 'civilians', text: 'c', country: 'SYR', sector: 'CVL', id: 'g', rule: 't' }],
      location: loc,
      date: { charStart: 0, charEnd: 6, start: '2024-11-30', end: '2024-11-30', precision: 'day', text: 'Samedi', rule: 't' },
      counts: [{ start: 0, end: 2, kind: 'killed', value: 20, qualifier: 'exact', low: null, high: null, by: null, text: '20', rule: 't' }],
      attribution: { start: 0, end: 5, by: 'UN', stance: 'reported', text: "Selon l'ONU", rule: 't' },
    });
    assert.ok(compareFields(g, p).every((c) => c.ok), JSON.stringify(compareFields(g, p).filter((c) => !c.ok)));
    // 30 km off fails the 25 km rule; a country-precision gold only needs the country.
    const far = { ...p, location: { ...loc, lat: 35.4, lon: 36.7 } };
    assert.ok(!compareFields(g, far).find((c) => c.field === 'location')!.ok);
    const countryGold = { ...g, location: { country: 'SYR', lat: 35, lon: 38, precision: 4 } };
    assert.ok(compareFields(countryGold, far).find((c) => c.field === 'location')!.ok);
    const wrongCount = { ...p, counts: [{ ...p.counts[0]!, qualifier: 'at_least' as const }] };
    assert.ok(!compareFields(g, wrongCount).find((c) => c.field === 'figures')!.ok);
  });
});

function doc(events: SitrepEvent[]): OutputDoc {
  return { id: 'd', language: 'en', published: null, title: null, url: null, events, places: [], actors: [], dates: [], errors: [], pipelineVersion: 't' };
}

describe('ACLED row scoring', () => {
  const gold: AcledGold = {
    eventType: 'Explosions/Remote violence',
    subEventType: 'Shelling/artillery/missile attack',
    eventDate: '2020-05-04',
    lat: 11.85,
    lon: 13.16,
    admin1: 'Borno',
    fatalities: 4,
    actor1: 'Military Forces of Nigeria (2015-)',
    inter1: 1,
    actor1Country: 'NGA',
  };
  const shelled = predEvent(EN, 'the army shelled villages near Maiduguri', 'ASSAULT', {
    acled: { eventType: 'Explosions/Remote violence', subEventType: 'Shelling/artillery/missile attack' },
    source: [{ start: 0, end: 1, name: 'army', text: 'army', country: 'NGA', sector: 'MIL', id: 'x', rule: 't' }],
    location: { start: 0, end: 1, name: 'Maiduguri', text: 'Maiduguri', country: 'NGA', admin1: 'Borno', lat: 11.846, lon: 13.16, geonameId: null, precision: 2, rule: 't' },
    date: { charStart: 0, charEnd: 1, start: '2020-05-04', end: '2020-05-04', precision: 'day', text: 'Monday', rule: 't' },
    counts: [{ start: 0, end: 1, kind: 'killed', value: 4, qualifier: 'exact', low: null, high: null, by: null, text: '4', rule: 't' }],
  });
  const arrest = predEvent(EN, 'police arrested 12 protesters in Lagos', 'COERCE');

  it('main event: first with an ACLED type, else first', () => {
    assert.equal(mainEvent([arrest, shelled]), shelled);
    assert.equal(mainEvent([arrest]), arrest);
    assert.equal(mainEvent([]), null);
  });
  it('perfect row', () => {
    const r = scoreAcledRow(gold, doc([arrest, shelled]));
    assert.ok(r.checks.every((c) => c.ok), JSON.stringify(r.checks.filter((c) => !c.ok)));
  });
  it('no event is wrong on every field, fatalities included', () => {
    const r = scoreAcledRow({ ...gold, fatalities: 0 }, doc([]));
    assert.ok(r.checks.every((c) => !c.ok));
    assert.equal(r.hasEvent, false);
  });
  it('location 25 km vs 161 km; killed sums', () => {
    const moved = { ...shelled, location: { ...shelled.location!, lat: 12.5 } }; // ~72 km north
    const r = scoreAcledRow(gold, doc([moved]));
    const get = (f: string): boolean => r.checks.find((c) => c.field === f)!.ok;
    assert.equal(get('location_25km'), false);
    assert.equal(get('location_161km'), true);
    assert.equal(killedSum({ ...shelled, counts: [...shelled.counts, { ...shelled.counts[0]!, value: 3 }, { ...shelled.counts[0]!, kind: 'injured', value: 9 }] }), 7);
  });
  it('inter codes accept several sectors for state forces, only REB for rebels', () => {
    assert.deepEqual([...INTER_SECTORS[1]!], ['MIL', 'GOV', 'COP']);
    const rebelGold = { ...gold, inter1: 2, actor1Country: null };
    const r = scoreAcledRow(rebelGold, doc([shelled]));
    assert.equal(r.checks.find((c) => c.field === 'actor1_sector')!.ok, false);
    assert.equal(r.checks.find((c) => c.field === 'actor1_country_sector'), undefined);
  });
});
