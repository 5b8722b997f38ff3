import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSentences } from '../../../src/stages/segment/index.js';
import { langData } from '../../../src/core/data.js';
import type { SegmentData } from '../../../src/stages/segment/index.js';

const data = { fr: langData<SegmentData>('fr', 'segment'), en: langData<SegmentData>('en', 'segment') };

test('sentence splitting, table-driven', () => {
  const rows: ['fr' | 'en', string, string[]][] = [
    ['fr', 'M. Macron a parlé. Les rebelles ont avancé.', ['M. Macron a parlé.', 'Les rebelles ont avancé.']],
    ['fr', '« Nous défendrons la ville. » Le ministre a ajouté.', ['« Nous défendrons la ville. »', 'Le ministre a ajouté.']],
    ['fr', 'Il y a eu 3 morts, etc. et des blessés.', ['Il y a eu 3 morts, etc. et des blessés.']],
    ['fr', 'Contre-attaque des forces gouvernementales\nLes forces armées ont déclaré samedi.', ['Contre-attaque des forces gouvernementales', 'Les forces armées ont déclaré samedi.']],
    ['en', 'Mr. Smith left the U.S. embassy on Monday. Rebels fired.', ['Mr. Smith left the U.S. embassy on Monday.', 'Rebels fired.']],
    ['en', 'G. W. Bush spoke. "We will win," he said. Fighting resumed!', ['G. W. Bush spoke.', '"We will win," he said.', 'Fighting resumed!']],
    ['en', 'Dozens died... Officials said 3.5 million fled.', ['Dozens died...', 'Officials said 3.5 million fled.']],
  ];
  for (const [lang, text, want] of rows) {
    const got = splitSentences(text, data[lang]);
    assert.deepEqual(got.map((s) => s.text), want, text);
    for (const s of got) assert.equal(text.slice(s.start, s.end), s.text);
  }
});

test('a line without final punctuation is a heading', () => {
  const got = splitSentences('Contre-attaque des forces gouvernementales\nLes forces ont déclaré.', data.fr);
  assert.deepEqual(got.map((s) => s.heading), [true, false]);
});
