import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../helpers.js';
import { projectRoot } from '../../../src/core/data.js';
import { findActors } from '../../../src/stages/mentions/actors/index.js';
import { resolveCoreference } from '../../../src/stages/resolve/coref.js';

interface ExpectedRow {
  sentence: number;
  text: string;
  id: string;
  name: string;
  country: string | null;
  sector: string | null;
  kind: string;
  plural: boolean;
  refersTo?: { sentence: number; text: string; id: string }[];
}

const root = projectRoot();
const expected = JSON.parse(readFileSync(join(root, 'test/fixtures/mentions/actors/seed/expected.json'), 'utf8')) as { actors: ExpectedRow[]; pronouns: ExpectedRow[] };
const text = readFileSync(join(root, '../shared/gold/seed/aleppo-2024-12.txt'), 'utf8');
const { doc } = prepare(text, 'fr', '2024-12-02');
const actors = findActors(doc);

test('seed article: every actor mention, checked by hand', () => {
  const got = actors.map((m) => ({ sentence: m.sentence, text: m.text, id: m.id, name: m.name, country: m.country, sector: m.sector, kind: m.kind, plural: m.plural }));
  assert.deepEqual(got, expected.actors);
  for (const m of actors) assert.equal(text.slice(m.start, m.end), m.text);
});

test('seed article: the gold actors are all found with the gold country and sector', () => {
  const need: [string, string | null, string][] = [
    ['les forces rebelles', 'SYR', 'REB'],
    ['le gouvernement de Bachar al-Assad', 'SYR', 'GOV'],
    ['États-Unis', 'USA', 'GOV'],
    ['Allemagne', 'DEU', 'GOV'],
    ['France', 'FRA', 'GOV'],
    ['Royaume-Uni', 'GBR', 'GOV'],
    ['Commandement des opérations militaires', 'SYR', 'REB'],
    ['Les combattants rebelles', 'SYR', 'REB'],
    ['Les forces armées syriennes', 'SYR', 'MIL'],
    ["les forces d'Al-Assad", 'SYR', 'MIL'],
    ['Russie', 'RUS', 'GOV'],
    ['Iran', 'IRN', 'GOV'],
    ['le régime de Bachar al-Assad', 'SYR', 'GOV'],
    ['un tribunal français', 'FRA', 'JUD'],
    ['Bachar al-Assad', 'SYR', 'GOV'],
    ["l'agence de presse officielle du pays", 'SYR', 'MED'],
    ['Bureau de la coordination des affaires humanitaires des Nations Unies', null, 'IGO'],
    ["Observatoire syrien des droits de l'homme", null, 'NGO'],
  ];
  for (const [span, country, sector] of need) {
    const m = actors.find((a) => a.text === span);
    assert.ok(m, `missing ${span}`);
    assert.deepEqual([m.country, m.sector], [country, sector], span);
  }
  assert.equal(actors.find((a) => a.text === "l'agence de presse officielle du pays")?.id, 'med.sana');
  assert.equal(actors.find((a) => a.text.startsWith('Bureau de la coordination'))?.id, 'igo.un.ocha');
  assert.ok(!actors.some((a) => a.text === 'Syrie' && a.sentence === 0), '"en Syrie" is a place');
});

test('seed article: pronouns and collective noun phrases', () => {
  const all = resolveCoreference({ ...doc, actors });
  const got = all
    .filter((m) => m.kind === 'pronoun')
    .map((m) => ({
      sentence: m.sentence,
      text: m.text,
      id: m.id,
      name: m.name,
      country: m.country,
      sector: m.sector,
      kind: m.kind,
      plural: m.plural,
      refersTo: (m.refersTo ?? []).map((r) => ({ sentence: r.sentence, text: r.text, id: r.id })),
    }));
  assert.deepEqual(got, expected.pronouns);
  const ils7 = all.find((m) => m.kind === 'pronoun' && m.sentence === 7);
  assert.deepEqual(ils7?.refersTo?.map((r) => [r.sentence, r.text]), [[6, 'Les combattants rebelles']]);
  const quatre = all.find((m) => m.text === 'les quatre gouvernements');
  assert.deepEqual(quatre?.refersTo?.map((r) => [r.country, r.sector]), [['USA', 'GOV'], ['DEU', 'GOV'], ['FRA', 'GOV'], ['GBR', 'GOV']]);
  assert.ok(!all.some((m) => m.text === 'les quatre gouvernements' && m.kind !== 'pronoun'), 'the generic reading is replaced');
});
