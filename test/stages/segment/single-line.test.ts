import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepare } from '../../helpers.js';
import type { LangCode } from '../../../src/core/types.js';

/** [lang, text, heading flags of its sentences] */
const ROWS: [LangCode, string, boolean[]][] = [
  // A news snippet or note that lacks its final period is still a sentence, not a title.
  ['en', 'Police have arrested at least 200 activists in the capital since Wednesday', [false]],
  ['fr', "Les soldats ont repris le contrôle de la ville samedi", [false]],
  // With a body below it, an unpunctuated first line stays a heading.
  ['en', 'Rebels seize the airport\nRebels seized the airport on Sunday.', [true, false]],
  ['fr', "Contre-attaque des forces\nLes forces ont contre-attaqué samedi.", [true, false]],
];

for (const [lang, text, flags] of ROWS) {
  test(`${lang}: heading flags of ${JSON.stringify(text.slice(0, 40))}`, () => {
    assert.deepEqual(prepare(text, lang).doc.sentences.map((s) => s.heading), flags);
  });
}
