import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import type { LangCode, PlaceMention } from '../../../src/core/types.js';
import { DEMONYM_RULE, findPlaces } from '../../../src/stages/mentions/places/index.js';

// Round 3 of geoparsing: seas and oceans, Europe-level bodies, adjectives world-countries lacks,
// GeoNames points of first-level regions, the capital against its namesake state, and states
// against small same-named towns.

function places(text: string, lang: LangCode): PlaceMention[] {
  return findPlaces(prepare(text, lang).doc);
}

function one(found: PlaceMention[], surface: string): PlaceMention {
  const hit = found.find((p) => p.text === surface);
  assert.ok(hit, `expected a place "${surface}", found ${JSON.stringify(found.map((p) => p.text))}`);
  return hit;
}

function km(p: PlaceMention, lat: number, lon: number): number {
  const r = Math.PI / 180;
  const a = Math.sin(((lat - p.lat) * r) / 2) ** 2 + Math.cos(p.lat * r) * Math.cos(lat * r) * Math.sin(((lon - p.lon) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface Expect {
  surface: string;
  /** A point the reading must lie within 100 km of. */
  near?: [number, number];
  country?: string | null;
  featureCode?: string;
  rule?: string;
}

interface Case {
  lang: LangCode;
  text: string;
  expect: Expect[];
  /** Surfaces that must not be places. */
  absent?: string[];
}

const cases: Case[] = [
  {
    lang: 'en',
    text: 'Storms over the Atlantic pushed ships from the Indian Ocean into the Mediterranean, the Red Sea and the Gulf.',
    expect: [
      { surface: 'Atlantic', near: [10, -25], featureCode: 'OCN', country: null },
      // The demonym "Indian" opens a listed sea: the sea wins.
      { surface: 'Indian Ocean', near: [-10, 70], featureCode: 'OCN' },
      { surface: 'Mediterranean', near: [35, 20] },
      { surface: 'Red Sea', near: [20, 38] },
      { surface: 'Gulf', near: [27, 51] },
    ],
  },
  {
    // A sea's single word inside a run of capitalised words is part of another name.
    lang: 'en',
    text: 'Veterans of the Gulf War met Florida Atlantic University students. Pacific storms hit.',
    expect: [{ surface: 'Pacific', near: [3.5, -132.2] }],
    absent: ['Gulf', 'Atlantic'],
  },
  {
    // Longer gazetteer names still win over a listed single word.
    lang: 'en',
    text: 'Casinos in Atlantic City reopened while Indian troops crossed the border.',
    expect: [
      { surface: 'Atlantic City', country: 'USA', featureCode: 'PPL' },
      { surface: 'Indian', country: 'IND', rule: DEMONYM_RULE },
    ],
  },
  {
    // Institutions named after a place are reported like demonyms: the events stage skips them.
    lang: 'en',
    text: 'The EU and the European Commission answered the White House on Monday.',
    expect: [
      { surface: 'EU', near: [48.69, 9.14], rule: DEMONYM_RULE },
      { surface: 'European Commission', near: [48.69, 9.14], rule: DEMONYM_RULE },
      { surface: 'White House', near: [38.9, -77.04], country: 'USA', rule: DEMONYM_RULE },
    ],
  },
  {
    lang: 'en',
    text: 'Philippine troops and Korean diplomats met T&T officials in New York City.',
    expect: [
      { surface: 'Philippine', country: 'PHL', rule: DEMONYM_RULE },
      { surface: 'Korean', country: 'KOR', rule: DEMONYM_RULE },
      { surface: 'T&T', country: 'TTO' },
      { surface: 'New York City', country: 'USA', featureCode: 'PPL', near: [40.71, -74.01] },
    ],
  },
  {
    // Province and state points follow GeoNames, not country-state-city's centroids.
    lang: 'en',
    text: 'Wildfires burned in Alberta and Manitoba while floods hit Queensland and Victoria, Australia.',
    expect: [
      { surface: 'Alberta', country: 'CAN', near: [52.28, -117.58] },
      { surface: 'Manitoba', country: 'CAN', near: [55, -97] },
      { surface: 'Queensland', country: 'AUS', near: [-20, 145] },
      { surface: 'Victoria', country: 'AUS', near: [-37, 144] },
    ],
  },
  {
    // The capital wins over its namesake state even among other states' names; a cue still says state.
    lang: 'en',
    text: 'Lawmakers from Oregon and California flew to Washington, and The Washington Post reported it.',
    expect: [
      { surface: 'Washington', country: 'USA', near: [38.9, -77.04] },
      { surface: 'Oregon', country: 'USA', featureCode: 'ADM1' },
    ],
    absent: ['Post'],
  },
  {
    lang: 'en',
    text: 'Apple growers in Washington state and in Yakima lost their crop.',
    expect: [{ surface: 'Washington', country: 'USA', featureCode: 'ADM1' }],
  },
  {
    // A state spelled out beats a small namesake town elsewhere in the country.
    lang: 'en',
    text: 'Voters in Ohio and in Oregon went to the polls.',
    expect: [{ surface: 'Oregon', country: 'USA', featureCode: 'ADM1' }],
  },
  {
    // "the county" written in lower case does not make "Orange County" a common phrase.
    lang: 'en',
    text: 'It is a wealthy county in California. Orange County is one of the richest.',
    expect: [{ surface: 'Orange County', country: 'USA', featureCode: 'ADM2' }],
  },
  {
    lang: 'fr',
    text: "Des migrants ont traversé la Méditerranée ; l'UE et l'Union européenne ont réagi, avec des soldats philippins.",
    expect: [
      { surface: 'Méditerranée', near: [35, 20] },
      { surface: 'UE', near: [48.69, 9.14], rule: DEMONYM_RULE },
      { surface: 'Union européenne', rule: DEMONYM_RULE },
    ],
  },
];

describe('findPlaces: seas, Europe-level bodies, region points, capitals', () => {
  for (const c of cases) {
    it(`${c.lang}: ${c.text}`, () => {
      const found = places(c.text, c.lang);
      for (const e of c.expect) {
        const p = one(found, e.surface);
        if (e.country !== undefined) assert.equal(p.country, e.country, `${e.surface} country`);
        if (e.featureCode !== undefined) assert.equal(p.featureCode, e.featureCode, `${e.surface} featureCode`);
        if (e.rule !== undefined) assert.equal(p.rule, e.rule, `${e.surface} rule`);
        if (e.near !== undefined) assert.ok(km(p, e.near[0], e.near[1]) < 100, `${e.surface} at ${p.lat},${p.lon}`);
        assert.equal(c.text.slice(p.start, p.end), e.surface);
      }
      for (const a of c.absent ?? []) assert.ok(!found.some((p) => p.text === a), `"${a}" is not a place`);
    });
  }
});
