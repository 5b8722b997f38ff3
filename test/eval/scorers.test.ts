import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prf, PrfTally, Tally } from '../../src/eval/scorers/prf.js';
import { matchSpans, overlapChars } from '../../src/eval/scorers/spans.js';
import { errorAuc, haversineKm, median, summariseErrors, MAX_ERROR_KM } from '../../src/eval/scorers/geo.js';
import { timexInterval, timexValueOk } from '../../src/eval/scorers/timex.js';
import { actorCountriesMatch, actorSetsMatch } from '../../src/eval/scorers/actors.js';
import { fnv1a, selectSplit, splitOf } from '../../src/eval/split.js';

describe('prf', () => {
  const cases: { name: string; tp: number; fp: number; fn: number; p: number | null; r: number | null; f: number | null }[] = [
    { name: 'perfect', tp: 4, fp: 0, fn: 0, p: 1, r: 1, f: 1 },
    { name: 'empty prediction, empty gold (0/0 everywhere)', tp: 0, fp: 0, fn: 0, p: null, r: null, f: null },
    { name: 'empty prediction, some gold', tp: 0, fp: 0, fn: 3, p: null, r: 0, f: 0 },
    { name: 'predictions, empty gold', tp: 0, fp: 2, fn: 0, p: 0, r: null, f: 0 },
    { name: 'all wrong', tp: 0, fp: 2, fn: 2, p: 0, r: 0, f: 0 },
    { name: 'half', tp: 1, fp: 1, fn: 1, p: 0.5, r: 0.5, f: 0.5 },
    { name: 'asymmetric', tp: 2, fp: 0, fn: 2, p: 1, r: 0.5, f: 2 / 3 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = prf(c.tp, c.fp, c.fn);
      assert.equal(r.precision, c.p);
      assert.equal(r.recall, c.r);
      if (c.f === null) assert.equal(r.f1, null);
      else assert.ok(Math.abs(r.f1! - c.f) < 1e-12);
    });
  }
  it('tallies micro-average and report null before any comparison', () => {
    const t = new Tally();
    assert.equal(t.value, null);
    t.add(true);
    t.add(false);
    assert.equal(t.value, 0.5);
    const p = new PrfTally();
    p.add({ tp: 1, fp: 0, fn: 0 });
    p.add({ tp: 0, fp: 1, fn: 1 });
    assert.deepEqual([p.result.precision, p.result.recall], [0.5, 0.5]);
  });
});

describe('matchSpans', () => {
  const gold = [
    { start: 0, end: 5 }, // "Alep,"-like span
    { start: 10, end: 20 },
  ];
  it('perfect exact match', () => {
    const m = matchSpans(gold, [{ start: 10, end: 20 }, { start: 0, end: 5 }], 'exact');
    assert.equal(m.pairs.length, 2);
    assert.deepEqual(m.falsePred, []);
    assert.deepEqual(m.missedGold, []);
  });
  it('empty prediction misses everything', () => {
    const m = matchSpans(gold, [], 'overlap');
    assert.deepEqual(m.missedGold, [0, 1]);
  });
  it('off-by-one offsets fail exact but pass overlap', () => {
    const pred = [{ start: 1, end: 5 }, { start: 10, end: 21 }];
    assert.equal(matchSpans(gold, pred, 'exact').pairs.length, 0);
    assert.equal(matchSpans(gold, pred, 'overlap').pairs.length, 2);
  });
  it('adjacent spans do not overlap', () => {
    assert.equal(overlapChars({ start: 0, end: 5 }, { start: 5, end: 9 }), 0);
    assert.equal(matchSpans(gold, [{ start: 5, end: 10 }], 'overlap').pairs.length, 0);
  });
  it('a duplicate prediction matched once; the copy is a false positive', () => {
    for (const mode of ['exact', 'overlap'] as const) {
      const m = matchSpans(gold, [{ start: 0, end: 5 }, { start: 0, end: 5 }], mode);
      assert.equal(m.pairs.length, 1, mode);
      assert.equal(m.falsePred.length, 1, mode);
    }
  });
  it('one long prediction covering two gold spans counts once', () => {
    const m = matchSpans(gold, [{ start: 0, end: 20 }], 'overlap');
    assert.equal(m.pairs.length, 1);
    assert.equal(m.missedGold.length, 1);
    // The larger overlap wins.
    assert.deepEqual(m.pairs[0], [1, 0]);
  });
});

describe('geo', () => {
  it('haversine distances of known city pairs', () => {
    const cases: [string, number, number, number, number, number][] = [
      ['Paris-London', 48.8566, 2.3522, 51.5074, -0.1278, 343.5],
      ['Alep-Damas', 36.2021, 37.1343, 33.5138, 36.2765, 308.5],
      ['same point', 10, 10, 10, 10, 0],
    ];
    for (const [name, a, b, c, d, km] of cases) assert.ok(Math.abs(haversineKm(a, b, c, d) - km) < 2, `${name}: ${haversineKm(a, b, c, d)}`);
    // Antipodes: half the circumference, which is the AUC normaliser.
    assert.ok(Math.abs(haversineKm(0, 0, 0, 180) - MAX_ERROR_KM) < 30);
  });
  it('AUC of a known error list follows the trapezoidal definition', () => {
    // Errors sorted: 0, e-1, e^2-1 → ln(1+x) = 0, 1, 2; trapz = (0+1)/2 + (1+2)/2 = 2.
    const errs = [Math.E ** 2 - 1, 0, Math.E - 1];
    const expected = 2 / (Math.log(MAX_ERROR_KM) * 2);
    assert.ok(Math.abs(errorAuc(errs)! - expected) < 1e-12);
    assert.equal(errorAuc([0, 0, 0]), 0);
    assert.ok(Math.abs(errorAuc([MAX_ERROR_KM - 1, MAX_ERROR_KM - 1])! - 1) < 1e-12);
    assert.equal(errorAuc([]), null);
  });
  it('summary: acc@161 inclusive, mean, median', () => {
    const s = summariseErrors([0, 161, 162, 1000]);
    assert.equal(s.acc161, 0.5);
    assert.equal(s.meanKm, (161 + 162 + 1000) / 4);
    assert.equal(s.medianKm, 161.5);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(summariseErrors([]).acc161, null);
  });
});

describe('timex values', () => {
  const cases: [string, { start: string; end: string } | null][] = [
    ['2003-05-17', { start: '2003-05-17', end: '2003-05-17' }],
    ['1999-05-19T14:00', { start: '1999-05-19', end: '1999-05-19' }],
    ['2003-05', { start: '2003-05-01', end: '2003-05-31' }],
    ['2000-02', { start: '2000-02-01', end: '2000-02-29' }],
    ['1999', { start: '1999-01-01', end: '1999-12-31' }],
    ['1999-W20', { start: '1999-05-17', end: '1999-05-23' }],
    ['2004-W01', { start: '2003-12-29', end: '2004-01-04' }],
    ['PRESENT_REF', null],
    ['XXXX-SU', null],
    ['P3Y', null],
    ['2003-02-30', null],
  ];
  for (const [v, want] of cases) {
    it(v, () => {
      const got = timexInterval(v);
      assert.deepEqual(got === null ? null : { start: got.start, end: got.end }, want);
    });
  }
  it('compares at the gold granularity', () => {
    assert.ok(timexValueOk('2003-05', { start: '2003-05-01', end: '2003-05-31' }));
    assert.ok(!timexValueOk('2003-05', { start: '2003-05-03', end: '2003-05-03' }));
    assert.ok(!timexValueOk('2003-05-03', { start: '2003-05-01', end: '2003-05-31' }));
    assert.ok(timexValueOk('2003-05-03', { start: '2003-05-03', end: '2003-05-03' }));
    assert.ok(!timexValueOk('PRESENT_REF', { start: '2003-05-03', end: '2003-05-03' }));
  });
});

describe('actor sets', () => {
  it('country+sector sets, wildcard sector, duplicates collapsed', () => {
    assert.ok(actorSetsMatch([{ country: 'SYR', sector: 'REB' }], [{ country: 'SYR', sector: 'REB' }]));
    assert.ok(!actorSetsMatch([{ country: 'SYR', sector: 'REB' }], [{ country: 'SYR', sector: 'GOV' }]));
    assert.ok(actorSetsMatch([{ country: 'ISR', sector: null }], [{ country: 'ISR', sector: 'MIL' }]));
    assert.ok(!actorSetsMatch([{ country: 'ISR', sector: null }], [{ country: 'ISR', sector: 'MIL' }, { country: 'PSE', sector: 'GOV' }]));
    assert.ok(actorSetsMatch([], []));
    assert.ok(!actorSetsMatch([{ country: 'USA', sector: 'GOV' }], []));
    assert.ok(actorSetsMatch([{ country: 'FRA', sector: 'GOV' }], [{ country: 'FRA', sector: 'GOV' }, { country: 'FRA', sector: 'GOV' }]));
    assert.ok(actorCountriesMatch([{ country: 'FRA', sector: 'GOV' }], [{ country: 'FRA', sector: 'MIL' }]));
  });
});

describe('split', () => {
  it('FNV-1a matches the reference values', () => {
    // Published FNV-1a 32-bit test vectors.
    assert.equal(fnv1a(''), 0x811c9dc5);
    assert.equal(fnv1a('a'), 0xe40c292c);
    assert.equal(fnv1a('foobar'), 0xbf9cf968);
  });
  it('is deterministic and roughly balanced', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `doc-${i}`);
    const first = ids.map(splitOf);
    assert.deepEqual(ids.map(splitOf), first);
    const dev = first.filter((s) => s === 'dev').length;
    assert.ok(dev > 850 && dev < 1150, `dev ${dev}`);
  });
  it('selectSplit keeps loader order and applies the limit within the split', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ id: `x${i}` }));
    const dev = selectSplit(items, 'dev', 5);
    assert.equal(dev.length, 5);
    assert.ok(dev.every((it) => splitOf(it.id) === 'dev'));
    const idx = dev.map((it) => items.indexOf(it));
    assert.deepEqual(idx, [...idx].sort((a, b) => a - b));
    const all = [...selectSplit(items, 'dev', null), ...selectSplit(items, 'test', null)];
    assert.equal(new Set(all.map((x) => x.id)).size, 100);
  });
});
