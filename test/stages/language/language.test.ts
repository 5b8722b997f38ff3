import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage } from '../../../src/stages/language/index.js';
import { SitrepError } from '../../../src/core/errors.js';

test('detects French and English', () => {
  const rows: [string, string][] = [
    ["Les rebelles se sont emparés de la ville samedi, selon l'observatoire.", 'fr'],
    ['Rebels seized the city on Saturday, according to the monitor.', 'en'],
    ["L'armée burkinabè a annoncé la mort de dix soldats dans une attaque près de Djibo.", 'fr'],
    ['At least 12 people were killed when gunmen attacked a village in the north of the country.', 'en'],
  ];
  for (const [text, want] of rows) assert.equal(detectLanguage(text, 'doc'), want, text);
});

test('refuses other languages with E_LANGUAGE naming the document', () => {
  const rows = [
    'Die Rebellen haben am Samstag die Stadt eingenommen, nachdem die Armee sich zurückgezogen hatte.',
    'Los rebeldes tomaron la ciudad el sábado, según el observatorio, y el ejército se retiró.',
    '反政府武装周六占领了该市。',
  ];
  for (const text of rows) {
    assert.throws(
      () => detectLanguage(text, 'document "x"'),
      (err: unknown) => err instanceof SitrepError && err.code === 'E_LANGUAGE' && err.message.includes('document "x"'),
      text,
    );
  }
});
