import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../helpers.js';
import { projectRoot } from '../../../src/core/data.js';
import { findPlaces } from '../../../src/stages/mentions/places/index.js';

interface Expected {
  places: {
    start: number;
    end: number;
    text: string;
    name: string;
    country: string | null;
    admin1: string | null;
    lat: number;
    lon: number;
    geonameId: number | null;
    featureCode: string;
    precision: number;
    rule: string;
  }[];
}

const seedPath = join(projectRoot(), '..', 'shared', 'gold', 'seed', 'aleppo-2024-12.txt');
const expected = JSON.parse(readFileSync(join(projectRoot(), 'test', 'fixtures', 'mentions', 'places', 'seed', 'expected.json'), 'utf8')) as Expected;

describe('places on the seed article (golden file)', { skip: existsSync(seedPath) ? false : 'shared/ seed article not available' }, () => {
  it('finds exactly the hand-checked places (fr)', () => {
    const text = readFileSync(seedPath, 'utf8');
    const got = findPlaces(prepare(text, 'fr', '2024-12-02').doc).map((p) => ({
      start: p.start,
      end: p.end,
      text: p.text,
      name: p.name,
      country: p.country,
      admin1: p.admin1,
      lat: p.lat,
      lon: p.lon,
      geonameId: p.geonameId,
      featureCode: p.featureCode,
      precision: p.precision,
      rule: p.rule,
    }));
    assert.deepEqual(got, expected.places);
  });
  it('reads Syrie as the country every time it appears, and Alep as the city', () => {
    const text = readFileSync(seedPath, 'utf8');
    const got = findPlaces(prepare(text, 'fr', '2024-12-02').doc);
    const syrie = got.filter((p) => p.text === 'Syrie');
    assert.equal(syrie.length, (text.match(/Syrie/g) ?? []).length);
    assert.ok(syrie.every((p) => p.country === 'SYR' && p.precision === 4 && Math.abs(p.lat - 35) < 0.5 && Math.abs(p.lon - 38) < 0.5));
    const alep = got.filter((p) => p.text === 'Alep');
    assert.ok(alep.length >= 3);
    assert.ok(alep.every((p) => p.geonameId === 170063 && p.precision === 1 && p.admin1 === 'Aleppo'));
  });
});
