import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fold, parseNumberToken, tokenize } from '../../src/core/text.js';
import { langData } from '../../src/core/data.js';
import type { SegmentData } from '../../src/stages/segment/index.js';

const fr = langData<SegmentData>('fr', 'segment');
const en = langData<SegmentData>('en', 'segment');

test('fold keeps length and removes case, accents, typographic apostrophes', () => {
  const rows: [string, string][] = [
    ['États-Unis', 'etats-unis'],
    ['L’OTAN', "l'otan"],
    ['Burkinabè', 'burkinabe'],
    ['Œuvre ß', 'œuvre ß'],
    ['14\u202f000', '14 000'],
    ['ALEP', 'alep'],
    ['Les rebelles ont pris ALEP samedi', 'les rebelles ont pris alep samedi'],
    ['é', 'e'],
    ['Déjà VU à Homs É', 'deja vu a homs e'],
  ];
  for (const [input, want] of rows) {
    assert.equal(fold(input), want, input);
    assert.equal(fold(input).length, input.length, `length of ${input}`);
  }
});

test('tokenize splits French elisions and keeps grouped numbers whole', () => {
  const rows: [string, string[]][] = [
    ["d'Alep", ["d'", 'Alep']],
    ["l'OTAN a déclaré", ["l'", 'OTAN', 'a', 'déclaré']],
    ['jusqu’à l’aéroport', ['jusqu’', 'à', 'l’', 'aéroport']],
    ["aujourd'hui", ["aujourd'hui"]],
    ['plus de 14 000 personnes', ['plus', 'de', '14 000', 'personnes']],
    ['Bachar al-Assad', ['Bachar', 'al-Assad']],
    ['en 2024 500 personnes', ['en', '2024', '500', 'personnes']],
    ['« défendrait »', ['«', 'défendrait', '»']],
  ];
  for (const [input, want] of rows) assert.deepEqual(tokenize(input, fr).map((t) => t.text), want, input);
});

test('tokenize splits English possessives and keeps offsets exact', () => {
  const text = "Assad's forces took 1,200 prisoners.";
  const toks = tokenize(text, en);
  assert.deepEqual(toks.map((t) => t.text), ['Assad', "'s", 'forces', 'took', '1,200', 'prisoners', '.']);
  for (const t of toks) assert.equal(text.slice(t.start, t.end), t.text);
  assert.deepEqual(toks.filter((t) => t.kind === 'number').map((t) => t.text), ['1,200']);
});

test('parseNumberToken reads grouping by language', () => {
  const rows: [string, string, number | null][] = [
    ['14 000', 'fr', 14000],
    ['14\u202f000', 'fr', 14000],
    ['14.000', 'fr', 14000],
    ['1,5', 'fr', 1.5],
    ['1,500', 'fr', 1.5],
    ['1,500', 'en', 1500],
    ['1,234,567', 'en', 1234567],
    ['2.5', 'en', 2.5],
    ['255', 'fr', 255],
    ['abc', 'en', null],
  ];
  for (const [text, lang, want] of rows) assert.equal(parseNumberToken(text, lang), want, `${text} (${lang})`);
});

test('tokenize stays linear on hostile input', () => {
  const hostile = '9'.repeat(200_000) + ' ' + "'".repeat(100_000) + 'A'.repeat(200_000) + '-'.repeat(100_000);
  const t0 = process.hrtime.bigint();
  const toks = tokenize(hostile, fr);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(toks.length > 0);
  // A backtracking pattern takes minutes here; linear scanning takes well under a second.
  assert.ok(ms < 5000, `took ${ms} ms`);
});
