import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import type { LangCode, PlaceMention } from '../../../src/core/types.js';
import { assemblePipeline } from '../../../src/core/pipeline.js';
import { ingestStage } from '../../../src/stages/ingest/index.js';
import { languageStage } from '../../../src/stages/language/index.js';
import { segmentStage } from '../../../src/stages/segment/index.js';
import { findPlaces, geocodeName, loadGazetteer, placesStage } from '../../../src/stages/mentions/places/index.js';

function places(text: string, lang: LangCode): PlaceMention[] {
  return findPlaces(prepare(text, lang).doc);
}

/** The mention whose text is `surface`, or a failure listing what was found. */
function one(found: PlaceMention[], surface: string): PlaceMention {
  const hit = found.find((p) => p.text === surface);
  assert.ok(hit, `expected a place "${surface}", found ${JSON.stringify(found.map((p) => p.text))}`);
  return hit;
}

interface Expect {
  surface: string;
  country: string;
  precision: 1 | 2 | 3 | 4;
  name?: string;
  geonameId?: number;
  lat?: number;
  lon?: number;
  admin1?: string;
  featureCode?: string;
  rule?: string;
}

const positive: { lang: LangCode; text: string; expect: Expect[] }[] = [
  {
    lang: 'fr',
    text: "Les rebelles se sont emparés d'Alep samedi après une offensive éclair.",
    expect: [{ surface: 'Alep', country: 'SYR', precision: 1, name: 'Aleppo', geonameId: 170063, lat: 36.2, lon: 37.16, admin1: 'Aleppo', featureCode: 'PPLA', rule: 'place.gazetteer.city' }],
  },
  {
    lang: 'fr',
    text: 'Au Burkina Faso, des hommes armés ont attaqué un poste de gendarmerie à Djibo.',
    expect: [
      { surface: 'Burkina Faso', country: 'BFA', precision: 4, featureCode: 'PCLI', rule: 'place.country' },
      { surface: 'Djibo', country: 'BFA', precision: 1 },
    ],
  },
  {
    lang: 'fr',
    text: "De violents combats ont eu lieu près de Goma, dans l'est de la RDC, lundi.",
    expect: [
      { surface: 'Goma', country: 'COD', precision: 2, rule: 'fr.place.near' },
      { surface: 'RDC', country: 'COD', precision: 4, rule: 'fr.place.country-alias' },
    ],
  },
  {
    lang: 'fr',
    text: "Les États-Unis, l'Allemagne, la France et le Royaume-Uni ont appelé à la désescalade en Syrie.",
    expect: [
      { surface: 'États-Unis', country: 'USA', precision: 4 },
      { surface: 'Allemagne', country: 'DEU', precision: 4 },
      { surface: 'France', country: 'FRA', precision: 4 },
      { surface: 'Royaume-Uni', country: 'GBR', precision: 4 },
      { surface: 'Syrie', country: 'SYR', precision: 4 },
    ],
  },
  {
    lang: 'fr',
    text: "L'aviation a frappé la région de Deir ez-Zor et des villages à l'ouest d'Alep.",
    expect: [
      { surface: 'Deir ez-Zor', country: 'SYR', precision: 3, featureCode: 'ADM1', rule: 'fr.place.region-cue' },
      { surface: 'Alep', country: 'SYR', precision: 2, rule: 'fr.place.near' },
    ],
  },
  {
    lang: 'fr',
    text: 'Une manifestation a rassemblé des milliers de personnes à Ouagadougou, selon la police.',
    // GeoNames' first-level unit for Burkina Faso is the region (Centre), not the province (Kadiogo).
    expect: [{ surface: 'Ouagadougou', country: 'BFA', precision: 1, featureCode: 'PPLC', admin1: 'Centre' }],
  },
  {
    lang: 'fr',
    text: 'Le président français a reçu à Paris son homologue allemand pour parler de la France et de l’Europe.',
    expect: [
      { surface: 'Paris', country: 'FRA', precision: 1, featureCode: 'PPLC' },
      { surface: 'Europe', country: '', precision: 4, featureCode: 'CONT' },
    ],
  },
  {
    lang: 'en',
    text: 'On 3 May 2020, unidentified gunmen attacked a checkpoint in Ouagadougou (Kadiogo, Centre).',
    expect: [
      { surface: 'Ouagadougou', country: 'BFA', precision: 1, lat: 12.37, lon: -1.53 },
      { surface: 'Kadiogo', country: 'BFA', precision: 3, featureCode: 'ADM1' },
    ],
  },
  {
    lang: 'en',
    text: 'Rebels seized most of Aleppo on Saturday and pushed into Idlib province, near the Turkish border.',
    expect: [
      { surface: 'Aleppo', country: 'SYR', precision: 1, geonameId: 170063 },
      { surface: 'Idlib', country: 'SYR', precision: 3, rule: 'en.place.region-cue' },
    ],
  },
  {
    lang: 'en',
    text: 'Heavy shelling was reported on the outskirts of Goma and 20 km north of Beni on Tuesday.',
    expect: [
      { surface: 'Goma', country: 'COD', precision: 2, rule: 'en.place.near' },
      { surface: 'Beni', country: 'COD', precision: 2 },
    ],
  },
  {
    lang: 'en',
    text: 'The band played in Paris, Texas, before moving on to Dallas.',
    expect: [
      { surface: 'Paris', country: 'USA', precision: 1, admin1: 'Texas' },
      { surface: 'Texas', country: 'USA', precision: 3 },
    ],
  },
  {
    lang: 'en',
    text: 'Leaders of Bosnia and Herzegovina met officials from New York and the United Kingdom.',
    expect: [
      { surface: 'Bosnia and Herzegovina', country: 'BIH', precision: 4 },
      // The press's bare "New York" is most often the state; "New York City" is the city.
      { surface: 'New York', country: 'USA', precision: 3, featureCode: 'ADM1' },
      { surface: 'United Kingdom', country: 'GBR', precision: 4 },
    ],
  },
  {
    lang: 'en',
    text: 'Fighting spread across the Sahel, where Mali and Niger have expelled foreign troops, officials in Washington said.',
    expect: [
      { surface: 'Sahel', country: '', precision: 4, featureCode: 'RGN' },
      { surface: 'Mali', country: 'MLI', precision: 4 },
      { surface: 'Niger', country: 'NER', precision: 4 },
      { surface: 'Washington', country: 'USA', precision: 1 },
    ],
  },
  {
    lang: 'en',
    text: 'Police arrested two men in Laurel County, Ky., on Friday.',
    expect: [
      { surface: 'Laurel County', country: 'USA', precision: 3, featureCode: 'ADM2', admin1: 'Kentucky', rule: 'place.county', lat: 37.11, lon: -84.12 },
      { surface: 'Ky.', country: 'USA', precision: 3, rule: 'en.place.region-abbreviation' },
    ],
  },
];

describe('findPlaces: recognition and geocoding', () => {
  for (const c of positive) {
    it(`${c.lang}: ${c.text}`, () => {
      const found = places(c.text, c.lang);
      for (const e of c.expect) {
        const p = one(found, e.surface);
        assert.equal(p.country ?? '', e.country, `${e.surface} country`);
        assert.equal(p.precision, e.precision, `${e.surface} precision`);
        if (e.name !== undefined) assert.equal(p.name, e.name);
        if (e.geonameId !== undefined) assert.equal(p.geonameId, e.geonameId);
        if (e.lat !== undefined) assert.ok(Math.abs(p.lat - e.lat) < 0.05, `${e.surface} lat ${p.lat}`);
        if (e.lon !== undefined) assert.ok(Math.abs(p.lon - e.lon) < 0.05, `${e.surface} lon ${p.lon}`);
        if (e.admin1 !== undefined) assert.equal(p.admin1, e.admin1);
        if (e.featureCode !== undefined) assert.equal(p.featureCode, e.featureCode);
        if (e.rule !== undefined) assert.equal(p.rule, e.rule);
        // Provenance: offsets point at the surface text, and the sentence index is set.
        const { doc } = prepare(c.text, c.lang);
        assert.equal(doc.text.slice(p.start, p.end), e.surface);
        assert.ok(p.sentence >= 0);
        assert.ok(p.rule.length > 0);
        assert.ok(p.featureCode.length > 0);
      }
    });
  }
});

const negative: { lang: LangCode; text: string; notPlaces: string[] }[] = [
  { lang: 'fr', text: "Mercredi, le Bureau des Nations Unies a publié un rapport. Mardi, rien n'a changé.", notPlaces: ['Mercredi', 'Nations', 'Unies', 'Mardi', 'Bureau'] },
  { lang: 'fr', text: "Selon l'Observatoire syrien des droits de l'homme, l'Etat islamique a revendiqué l'attaque en mars.", notPlaces: ['Observatoire', 'syrien', 'Etat', 'mars'] },
  { lang: 'fr', text: 'Les forces syriennes ont riposté, a déclaré M. Paris, porte-parole du gouvernement.', notPlaces: ['syriennes', 'Paris'] },
  { lang: 'fr', text: 'Bachar al-Assad a reçu le soutien de ses alliés en juillet.', notPlaces: ['Bachar', 'al-Assad', 'juillet'] },
  { lang: 'en', text: 'On Monday, the United Nations and Human Rights Watch condemned the Islamic State in March.', notPlaces: ['Monday', 'United Nations', 'Human Rights Watch', 'State', 'March'] },
  // "Syrian" and "Russian" are demonym mentions (rule place.demonym, tested in places-geo.test.ts).
  { lang: 'en', text: 'Syrian and Russian jets struck again, a US official said, while Gen. Lee spoke to Sen. Jones.', notPlaces: ['Lee', 'Jones', 'Sen'] },
  { lang: 'en', text: 'Police said Army units had arrived. Bob Jones, a witness, said Jones was not hurt.', notPlaces: ['Police', 'Army', 'Jones', 'Bob Jones'] },
];

describe('findPlaces: what is not a place', () => {
  for (const c of negative) {
    it(`${c.lang}: ${c.text}`, () => {
      const found = places(c.text, c.lang).map((p) => p.text);
      for (const w of c.notPlaces) assert.ok(!found.includes(w), `"${w}" should not be a place; found ${JSON.stringify(found)}`);
    });
  }
});

describe('findPlaces: context', () => {
  it('demonyms and co-mentioned places pull homonyms to the article country (en)', () => {
    const found = places('Texas officials said the storm hit Paris and nearby towns; Dallas and Sherman were spared.', 'en');
    assert.equal(one(found, 'Paris').country, 'USA');
  });
  it('without other context the most important homonym wins (fr)', () => {
    const found = places('Une réunion a eu lieu à Paris.', 'fr');
    assert.equal(one(found, 'Paris').country, 'FRA');
  });
  it('a country name is read as the country, not a same-named town (en)', () => {
    const found = places('Officials in Mexico and Georgia reacted to the news.', 'en');
    assert.equal(one(found, 'Mexico').featureCode, 'PCLI');
    assert.equal(one(found, 'Georgia').country, 'GEO');
  });
  it('every repeated mention is reported with its own offsets (fr)', () => {
    const text = 'La Syrie a répondu. En Syrie, la guerre continue, et la Syrie reste divisée.';
    const found = places(text, 'fr').filter((p) => p.country === 'SYR');
    assert.equal(found.length, 3);
    assert.deepEqual(
      found.map((p) => text.slice(p.start, p.end)),
      ['Syrie', 'Syrie', 'Syrie'],
    );
  });
});

describe('gazetteer', () => {
  it('Latin alternate names resolve to one GeoNames id', () => {
    const gaz = loadGazetteer();
    for (const name of ['alep', 'aleppo', 'halab']) {
      const ids = gaz.lookup(name).entries.map((i) => gaz.entry(i).geonameId);
      assert.ok(ids.includes(170063), `${name} → ${JSON.stringify(ids)}`);
    }
  });
  it('is memoised', () => {
    assert.equal(loadGazetteer(), loadGazetteer());
  });
  it('geocodes a name with country context (en, fr)', () => {
    assert.equal(geocodeName('Paris', 'en', ['USA'])?.country, 'FRA');
    assert.equal(geocodeName('Alep', 'fr')?.geonameId, 170063);
    assert.equal(geocodeName('Syrie', 'fr')?.precision, 4);
    assert.equal(geocodeName('Goma', 'en', ['COD'])?.country, 'COD');
    assert.equal(geocodeName('Nowhereville Qzx', 'en'), null);
  });
});

describe('placesStage', () => {
  it('declares its contract and fills doc.places in a pipeline', () => {
    assert.equal(placesStage.name, 'places');
    assert.deepEqual([...placesStage.requires], ['tokens', 'language']);
    assert.deepEqual([...placesStage.provides], ['places']);
    const pipe = assemblePipeline([ingestStage, languageStage, segmentStage, placesStage]);
    const { doc, ctx } = prepare('Des affrontements ont éclaté à Alep, dans le nord de la Syrie.', 'fr');
    const out = pipe.run({ ...doc, places: [] }, ctx);
    assert.deepEqual(
      out.places.map((p) => p.country),
      ['SYR', 'SYR'],
    );
  });
  it('is linear on long hostile input', () => {
    const text = ('Alep Alep Alep New New New York, ' + 'Saint '.repeat(50) + '. ').repeat(400);
    const { doc } = prepare(text, 'fr');
    const t0 = performance.now();
    findPlaces(doc);
    assert.ok(performance.now() - t0 < 3000);
  });
});
