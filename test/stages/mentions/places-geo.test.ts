import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import type { LangCode, PlaceMention } from '../../../src/core/types.js';
import { DEMONYM_FEATURE, DEMONYM_RULE, findPlaces, loadGazetteer } from '../../../src/stages/mentions/places/index.js';

// Geoparsing additions: US counties, demonyms, coherent readings, region names and hyphenated words.

function places(text: string, lang: LangCode): PlaceMention[] {
  return findPlaces(prepare(text, lang).doc);
}

function one(found: PlaceMention[], surface: string): PlaceMention {
  const hit = found.find((p) => p.text === surface);
  assert.ok(hit, `expected a place "${surface}", found ${JSON.stringify(found.map((p) => p.text))}`);
  return hit;
}

interface Case {
  lang: LangCode;
  text: string;
  expect: { surface: string; country: string | null; name?: string; admin1?: string; featureCode?: string; rule?: string; precision?: number }[];
}

const cases: Case[] = [
  {
    lang: 'en',
    text: 'Deputies from Rapides Parish and Walker County searched the woods near Huntsville.',
    expect: [
      { surface: 'Rapides Parish', country: 'USA', admin1: 'Louisiana', featureCode: 'ADM2', rule: 'place.county', precision: 3 },
      { surface: 'Walker County', country: 'USA', featureCode: 'ADM2' },
    ],
  },
  {
    // Each name alone reads elsewhere (Gainesville, Florida; Georgia the country); together they
    // support Gainesville in Hall County, Georgia.
    lang: 'en',
    text: 'A sewer spill in Gainesville was reported to Hall County health officials and to Georgia regulators.',
    expect: [
      { surface: 'Gainesville', country: 'USA', admin1: 'Georgia' },
      { surface: 'Hall County', country: 'USA', admin1: 'Georgia' },
      { surface: 'Georgia', country: 'USA', featureCode: 'ADM1' },
    ],
  },
  {
    lang: 'en',
    text: 'The Gainesville Public Utilities department said the Hall County line was repaired.',
    expect: [{ surface: 'Gainesville', country: 'USA', admin1: 'Georgia' }],
  },
  {
    // "Paris-Henry County Arts Council" must not make "Paris" look like an unambiguous Paris, France.
    lang: 'en',
    text: 'Paris and Henry County are rich in history. The Paris-Henry County Arts Council met at Lee Academy.',
    expect: [
      { surface: 'Paris', country: 'USA', admin1: 'Tennessee' },
      { surface: 'Henry County', country: 'USA', admin1: 'Tennessee' },
    ],
  },
  {
    lang: 'en',
    text: 'Russian jets and Syrian troops pushed on, European diplomats said.',
    expect: [
      { surface: 'Russian', country: 'RUS', rule: DEMONYM_RULE, featureCode: DEMONYM_FEATURE, precision: 4 },
      { surface: 'Syrian', country: 'SYR', rule: DEMONYM_RULE, precision: 4 },
      { surface: 'European', country: null, name: 'Europe', rule: DEMONYM_RULE, precision: 4 },
    ],
  },
  {
    lang: 'en',
    text: 'He visited American Samoa, then New York City and upstate New York.',
    expect: [
      { surface: 'American Samoa', country: 'ASM', precision: 4 },
      { surface: 'New York City', country: 'USA', featureCode: 'PPL', precision: 1 },
      { surface: 'New York', country: 'USA', featureCode: 'ADM1' },
    ],
  },
  {
    lang: 'en',
    text: 'A Canada-wide warrant was issued, and a made-in-China approach was criticised by Russian-backed officials.',
    expect: [
      { surface: 'Canada', country: 'CAN', featureCode: 'PCLI' },
      { surface: 'China', country: 'CHN', featureCode: 'PCLI' },
      { surface: 'Russian', country: 'RUS', rule: DEMONYM_RULE },
    ],
  },
  {
    lang: 'en',
    text: 'Fighting spread from North Kivu to Ituri, while aid reached Darfur, Tigray and the Donbas.',
    expect: [
      { surface: 'North Kivu', country: 'COD', name: 'Nord-Kivu', featureCode: 'ADM1' },
      { surface: 'Ituri', country: 'COD', featureCode: 'ADM1' },
      { surface: 'Darfur', country: null, featureCode: 'RGN' },
      { surface: 'Tigray', country: 'ETH', featureCode: 'ADM1' },
      { surface: 'Donbas', country: null, featureCode: 'RGN' },
    ],
  },
  {
    lang: 'en',
    text: 'Gunmen attacked a village in Burkina Faso’s Centre region; the rate in Ontario is rising, officials in Toronto said.',
    expect: [
      { surface: 'Centre', country: 'BFA', featureCode: 'ADM1', rule: 'en.place.region-cue' },
      { surface: 'Ontario', country: 'CAN', featureCode: 'ADM1' },
      { surface: 'Toronto', country: 'CAN', admin1: 'Ontario' },
    ],
  },
  {
    lang: 'en',
    text: 'Protesters marched in Columbia, S.C., and in Washington, D.C., on Sunday.',
    expect: [
      { surface: 'S.C.', country: 'USA', name: 'South Carolina', rule: 'en.place.region-abbreviation' },
      { surface: 'Columbia', country: 'USA', admin1: 'South Carolina' },
    ],
  },
  {
    lang: 'fr',
    text: "Les combats ont repris au Tigré, dans le Nord-Kivu, au Darfour et dans le Donbass, selon l'ONU.",
    expect: [
      { surface: 'Tigré', country: 'ETH', name: 'Tigray', featureCode: 'ADM1' },
      { surface: 'Nord-Kivu', country: 'COD', featureCode: 'ADM1' },
      { surface: 'Darfour', country: null, name: 'Darfur' },
      { surface: 'Donbass', country: null, name: 'Donbas' },
    ],
  },
  {
    lang: 'fr',
    text: 'Au Burkina Faso, dans la région du Centre, des hommes armés ont attaqué Djibo, Kaya et Fada N’Gourma; au centre du pays, le calme est revenu.',
    expect: [
      { surface: 'Centre', country: 'BFA', featureCode: 'ADM1', rule: 'fr.place.region-cue' },
      { surface: 'Djibo', country: 'BFA', admin1: 'Sahel' },
      { surface: 'Kaya', country: 'BFA', admin1: 'Centre-Nord' },
      { surface: 'Fada N’Gourma', country: 'BFA', admin1: 'Est' },
    ],
  },
  {
    lang: 'fr',
    text: 'Des soldats ont été tués près de Ménaka et de Tillabéri, ont déclaré les Maliens.',
    expect: [
      { surface: 'Ménaka', country: 'MLI' },
      { surface: 'Tillabéri', country: 'NER' },
    ],
  },
];

describe('findPlaces: counties, demonyms, coherence, region names', () => {
  for (const c of cases) {
    it(`${c.lang}: ${c.text}`, () => {
      const found = places(c.text, c.lang);
      for (const e of c.expect) {
        const p = one(found, e.surface);
        assert.equal(p.country, e.country, `${e.surface} country`);
        if (e.name !== undefined) assert.equal(p.name, e.name, `${e.surface} name`);
        if (e.admin1 !== undefined) assert.equal(p.admin1, e.admin1, `${e.surface} admin1`);
        if (e.featureCode !== undefined) assert.equal(p.featureCode, e.featureCode, `${e.surface} featureCode`);
        if (e.rule !== undefined) assert.equal(p.rule, e.rule, `${e.surface} rule`);
        if (e.precision !== undefined) assert.equal(p.precision, e.precision, `${e.surface} precision`);
        assert.equal(c.text.slice(p.start, p.end), e.surface);
      }
    });
  }
});

describe('findPlaces: what stays out', () => {
  const negative: { lang: LangCode; text: string; notPlaces: string[] }[] = [
    // Plural demonyms name people, and GeoWebNews does not count them as toponyms.
    { lang: 'en', text: 'Americans and Russians disagree, said Gen. Lee.', notPlaces: ['Americans', 'Russians', 'Lee'] },
    // A common word needs a region cue to be a region.
    { lang: 'en', text: 'The Centre for Policy said the centre of town was calm.', notPlaces: ['Centre'] },
    { lang: 'fr', text: 'Au centre du pays, le Centre culturel est fermé.', notPlaces: ['Centre', 'centre'] },
    // A bare county name is not a county.
    { lang: 'en', text: 'Laurel said the plan was sound.', notPlaces: ['Laurel County'] },
  ];
  for (const c of negative) {
    it(`${c.lang}: ${c.text}`, () => {
      const found = places(c.text, c.lang).map((p) => p.text);
      for (const w of c.notPlaces) assert.ok(!found.includes(w), `"${w}" should not be a place; found ${JSON.stringify(found)}`);
    });
  }
});

describe('gazetteer: US counties and regions', () => {
  it('holds suffixed county names with their state and a centroid inside the state', () => {
    const gaz = loadGazetteer();
    const e = gaz.entry(gaz.lookup('kanawha county').entries[0] as number);
    assert.equal(e.featureCode, 'ADM2');
    assert.equal(e.admin1, 'West Virginia');
    assert.ok(Math.abs(e.lat - 38.34) < 0.3 && Math.abs(e.lon + 81.53) < 0.3, `${e.lat},${e.lon}`);
  });
  it('puts US states near their middle, not on their largest city', () => {
    const gaz = loadGazetteer();
    const ny = gaz.lookup('new york').entries.map((i) => gaz.entry(i)).find((e) => e.featureCode === 'ADM1');
    assert.ok(ny && ny.lat > 42 && ny.lon > -77 && ny.lon < -74, JSON.stringify(ny));
  });
  it('keeps all of Burkina Faso’s 13 regions and Syria’s 14 governorates', () => {
    const gaz = loadGazetteer();
    const bf = ['Boucle du Mouhoun', 'Cascades', 'Centre', 'Centre-Est', 'Centre-Nord', 'Centre-Ouest', 'Centre-Sud', 'Est', 'Hauts-Bassins', 'Nord', 'Plateau-Central', 'Sahel', 'Sud-Ouest'];
    const sy = ['Aleppo', 'Damascus', 'Rif Dimashq', 'Daraa', 'Deir ez-Zor', 'Hama', 'Al-Hasakah', 'Homs', 'Idlib', 'Latakia', 'Quneitra', 'Raqqa', 'As-Suwayda', 'Tartus'];
    for (const [iso, names] of [['BFA', bf], ['SYR', sy]] as const) {
      for (const n of names) {
        const keys = [n, n.replace(/^(Al|As)-/, '')];
        const ok = keys.some((k) => gaz.lookup(k.toLowerCase()).entries.some((i) => gaz.kindOf(i) === 'region' && gaz.entry(i).country === iso));
        assert.ok(ok, `${iso} region ${n}`);
      }
    }
  });
});
